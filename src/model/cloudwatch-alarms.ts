import type { PathSegment } from '../template/source-location.js';
import { ignoredRules } from './ignored-rules.js';
import { referencedId, referencedIds, subSpelling } from './intrinsics.js';
import type { AlarmDimension, AlarmMetric, AlarmNode, TemplateRef } from './types.js';
import { isObject } from '../util/objects.js';

/** What reading an alarm needs from its template: where a path is, and whether a logical id is a resource of it. */
export interface AlarmContext {
  at(path: readonly PathSegment[]): TemplateRef;
  isResource(id: string): boolean;
  /** A string the template gives literally or through `!FindInMap` with literal keys. */
  staticString(value: unknown): string | undefined;
}

/**
 * An `AWS::CloudWatch::Alarm` as the metrics it reads: a metric alarm's one (`Namespace`,
 * `MetricName`, `Dimensions`), or every `MetricStat.Metric` of a math expression (`Metrics`).
 * What a parameter, a condition or a metric search decides is not guessed: the alarm is marked
 * `unreadable` and keeps what could be read.
 */
export function readCloudWatchAlarm(id: string, resource: Record<string, unknown>, context: AlarmContext): AlarmNode {
  const properties = isObject(resource['Properties']) ? resource['Properties'] : {};
  const reading = { unreadable: resource['Condition'] !== undefined };
  const metrics: AlarmMetric[] = [];
  if (properties['Metrics'] !== undefined) {
    const items = properties['Metrics'];
    if (!Array.isArray(items)) reading.unreadable = true;
    for (const item of Array.isArray(items) ? items : []) {
      if (!isObject(item)) continue;
      const stat = isObject(item['MetricStat']) ? item['MetricStat'] : undefined;
      if (stat && isObject(stat['Metric'])) metrics.push(readMetric(stat['Metric'], context, reading));
      else if (stat) reading.unreadable = true;
      // A search or a Metrics Insights query reads metrics the template does not name one by one.
      else if (typeof item['Expression'] !== 'string' || /\b(SEARCH|SELECT)\b/i.test(item['Expression'])) reading.unreadable = true;
    }
  } else {
    metrics.push(readMetric(properties, context, reading));
  }
  return {
    logicalId: id,
    at: context.at(['Resources', id]),
    metrics,
    ...(reading.unreadable ? { unreadable: true } : {}),
    ignoredRules: ignoredRules(resource),
  };
}

/** One metric: `Namespace`, `MetricName` and `Dimensions` (of the alarm, or of a `MetricStat.Metric`). */
function readMetric(metric: Record<string, unknown>, context: AlarmContext, reading: { unreadable: boolean }): AlarmMetric {
  const text = (value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    const known = context.staticString(value);
    if (known === undefined) reading.unreadable = true;
    return known;
  };
  const namespace = text(metric['Namespace']);
  const metricName = text(metric['MetricName']);
  const dimensions: AlarmDimension[] = [];
  const written = metric['Dimensions'];
  if (written !== undefined && !Array.isArray(written)) reading.unreadable = true;
  for (const dimension of Array.isArray(written) ? written : []) {
    if (!isObject(dimension)) continue;
    const name = context.staticString(dimension['Name']);
    if (name === undefined) {
      reading.unreadable = true;
      continue;
    }
    dimensions.push({ name, ...dimensionValue(dimension['Value'], context, reading) });
  }
  return { ...(namespace !== undefined ? { namespace } : {}), ...(metricName !== undefined ? { metricName } : {}), dimensions };
}

/**
 * A dimension's value: a plain string, or the resource it references (`!Ref Queue`,
 * `!GetAtt Queue.QueueName`, `!Sub '${Fn}:live'`). One built from parameters and pseudo parameters
 * is kept in `Fn::Sub` spelling (`!Ref DlqName` as `${DlqName}`, `${AWS::StackName}-dlq` as written):
 * it is only known once deployed, but it equals a name written the same way.
 */
function dimensionValue(value: unknown, context: AlarmContext, reading: { unreadable: boolean }): Omit<AlarmDimension, 'name'> {
  const known = context.staticString(value);
  if (known !== undefined) return { references: [], value: known };
  const references = referencedIds(value);
  // A parameter, a condition (`Fn::If`), an import: the value is only known when the stack is deployed.
  if (references.some((ref) => !context.isResource(ref)) || containsCondition(value)) reading.unreadable = true;
  const single = referencedId(value);
  if (single !== undefined && context.isResource(single)) return { references: [single] };
  const spelled = subSpelling(value);
  if (spelled !== undefined && !references.some((ref) => context.isResource(ref))) return { references, value: spelled };
  if (references.length === 0) reading.unreadable = true;
  return { references };
}

function containsCondition(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsCondition);
  if (!isObject(value)) return false;
  return Object.entries(value).some(([key, child]) => key === 'Fn::If' || key === 'Fn::ImportValue' || containsCondition(child));
}
