import type { AlarmDimension, AlarmMetric, AlarmNode } from '../types.js';
import type { ConstructType, HandlerContext, MethodHandler } from './construct-types.js';
import { Props } from './props.js';
import { environmentValue, writtenAs } from './references.js';
import { refAt, type StackBuild } from './stack-build.js';
import { isConstruct, isMetric, isObjectValue, ObjectValue, UNKNOWN, type ConstructValue, type Entry, type MetricPart, type Value } from './values.js';

/**
 * CloudWatch alarms: `new cloudwatch.Alarm(this, id, { metric })` and `metric.createAlarm(this, id, {...})`,
 * which CDK makes the same construct. Each is an AlarmNode of the stack it is created in, its
 * metrics' dimensions naming the queues, topics and functions by the ids that stack's nodes use.
 */
export const ALARM_TYPES: Record<string, ConstructType> = {
  'aws-cloudwatch.Alarm': { family: 'alarm', create: createAlarm },
};

/** `metric.createAlarm(scope, id, props)`, a method of metric values (metrics.ts has the others). */
export const CREATE_ALARM: Record<string, MethodHandler> = {
  createAlarm: (self, args, at, context) => {
    const scope = args[0]?.value;
    if (!isMetric(self) || !isConstruct(scope)) return UNKNOWN;
    const id = typeof args[1]?.value === 'string' ? args[1].value : args[1] ? writtenAs(args[1].at).replace(/[^A-Za-z0-9]/g, '') || 'Alarm' : 'Alarm';
    // CDK's createAlarm is `new Alarm(scope, id, { ...props, metric: this })`.
    const props = new ObjectValue();
    const given = args[2]?.value;
    if (isObjectValue(given)) {
      for (const [key, entry] of given.entries) props.entries.set(key, entry);
      props.partial = given.partial;
    }
    props.entries.set('metric', { value: self, at });
    return context.child(scope, id, 'aws-cloudwatch.Alarm', props, at);
  },
};

function createAlarm(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const build = self.stack;
  if (!build || !self.at) return;
  const props = new Props(args[2]?.value, self.at, context, self.type);
  const metric = props.read('metric', (value) => (isMetric(value) ? value : undefined));
  const node: AlarmNode = { logicalId: build.logicalId(self.path), name: self.pathName, at: refAt(self.at), metrics: [], ignoredRules: [] };
  let unreadable = metric.state !== 'known' || metric.value.unreadable;
  if (metric.state === 'known') {
    for (const part of metric.value.metrics) {
      const read = alarmMetric(part, build);
      node.metrics.push(read.metric);
      unreadable ||= read.unreadable;
    }
  }
  if (unreadable) node.unreadable = true;
  (build.stack.alarms ??= []).push(node);
}

/** A metric as the model holds it: each dimension's value as the references or text it is in this stack. */
function alarmMetric(part: MetricPart, build: StackBuild): { metric: AlarmMetric; unreadable: boolean } {
  let unreadable = false;
  const dimensions = part.dimensions.map(({ name, value }): AlarmDimension => {
    const read = dimensionValue(value, build);
    if (!read) {
      unreadable = true;
      return { name, references: [] };
    }
    return { name, references: read.references, ...(typeof read.value === 'string' ? { value: read.value } : {}) };
  });
  const metric: AlarmMetric = {
    ...(part.namespace !== undefined ? { namespace: part.namespace } : {}),
    ...(part.metricName !== undefined ? { metricName: part.metricName } : {}),
    dimensions,
  };
  return { metric, unreadable };
}

/** `queue.queueName` is the queue's Ref, text is text; a construct written as the value names itself. */
function dimensionValue(value: Value, build: StackBuild): { value: unknown; references: string[] } | undefined {
  if (isConstruct(value)) {
    const id = build.refOf(value);
    return id === undefined ? undefined : { value: { Ref: id }, references: [id] };
  }
  return environmentValue(value, build);
}

/**
 * An alarm of one stack on the queues, topics or functions of another (a monitoring stack given
 * them as props) names them by construct path, and the rules look for the alarms of a queue in its
 * own stack: each such alarm is added to the stack of what it watches too, with the metrics that
 * name that stack's elements, by the logical ids they have there. Stack-wide metrics stay in the
 * stack that declares them.
 */
export function shareAlarmsAcrossStacks(builds: readonly StackBuild[]): void {
  const owners = new Map<string, { build: StackBuild; id: string }>();
  for (const build of builds) {
    for (const element of [...build.stack.functions, ...build.stack.resources]) {
      if (element.name !== undefined && !owners.has(element.name)) owners.set(element.name, { build, id: element.logicalId });
    }
  }
  const added: { target: StackBuild; alarm: AlarmNode }[] = [];
  for (const build of builds) {
    for (const alarm of build.stack.alarms ?? []) {
      const shared = new Map<StackBuild, AlarmMetric[]>();
      for (const metric of alarm.metrics) {
        const targets = new Set<StackBuild>();
        for (const ref of metric.dimensions.flatMap((d) => d.references)) {
          const owner = owners.get(ref);
          if (owner && owner.build !== build) targets.add(owner.build);
        }
        for (const target of targets) {
          const local = (ref: string) => (owners.get(ref)?.build === target ? owners.get(ref)!.id : ref);
          const dimensions = metric.dimensions.map((d) => ({ ...d, references: d.references.map(local) }));
          shared.set(target, [...(shared.get(target) ?? []), { ...metric, dimensions }]);
        }
      }
      // Its path is its id there: no logical id of a stack has a `/`.
      for (const [target, metrics] of shared) added.push({ target, alarm: { ...alarm, logicalId: alarm.name ?? alarm.logicalId, metrics } });
    }
  }
  for (const { target, alarm } of added) (target.stack.alarms ??= []).push(alarm);
}
