/**
 * serverless-plugin-aws-alerts: CloudWatch alarms a Serverless service declares in `custom.alerts`,
 * read as the plugin compiles them (its `src/index.js` and `src/defaults/definitions.js`). Every
 * alarm of `alarms` (and the older `global` and `function` lists) is made for every function of
 * the service, then each function's own `alarms` list is laid over them by name: an entry with
 * `enabled: false` removes that alarm from that function. An alarm names a definition (the four
 * built in, or one of `definitions`) and its metric has the function in a `FunctionName`
 * dimension, unless `omitDefaultDimension` says otherwise. `stages` limits the alarms to the
 * stages listed; a stage the config does not fix (`provider.stage` absent or a variable, which
 * `--stage` decides at deploy time) is taken as one of them.
 */
import type { PathSegment } from '../template/source-location.js';
import { isObject } from '../util/objects.js';
import { asBoolean, asString, referencedIds } from './intrinsics.js';
import { listsPlugin } from './serverless-plugin-list.js';
import { sqsAlarmsPluginAlarms } from './serverless-sqs-alarms.js';
import type { AlarmDimension, AlarmMetric, AlarmNode, Stack, TemplateRef } from './types.js';

const PLUGIN = 'serverless-plugin-aws-alerts';

/** The plugin's built-in definitions, which `custom.alerts.definitions` may override field by field. */
const DEFAULT_DEFINITIONS: Record<string, Record<string, unknown>> = {
  functionInvocations: { namespace: 'AWS/Lambda', metric: 'Invocations' },
  functionErrors: { namespace: 'AWS/Lambda', metric: 'Errors' },
  functionDuration: { namespace: 'AWS/Lambda', metric: 'Duration' },
  functionThrottles: { namespace: 'AWS/Lambda', metric: 'Throttles' },
};

/** What the plugin reader needs of the serverless.yml being read. */
export interface AlertsContext {
  /** The config, variables resolved and `functions` lists merged. */
  config: Record<string, unknown>;
  /** `provider.stage` as written: only a literal fixes the stage. */
  writtenStage: unknown;
  /** The functions the plugin sees, by name (the model's logical id). */
  functionNames: readonly string[];
  /** The stack's name, the namespace of the metrics of log `pattern` alarms. */
  stackName?: string;
  at(path: readonly PathSegment[]): TemplateRef;
}

/** One alarm of a function as the plugin compiles it, with the place it was last set. */
interface Alarm {
  name: string;
  definition: Record<string, unknown>;
  path: PathSegment[];
}

/**
 * Adds to the stack the alarms the service's monitoring plugins make: serverless-plugin-aws-alerts',
 * and the SQS alarm plugins' (serverless-sqs-alarms.ts). None from a plugin `plugins` does not list.
 */
export function addPluginAlarms(stack: Stack, context: AlertsContext): void {
  const alarms = [...awsAlertsAlarms(context), ...sqsAlarmsPluginAlarms(context.config, context.at)];
  if (alarms.length > 0) stack.alarms = [...(stack.alarms ?? []), ...alarms];
}

/** The alarms serverless-plugin-aws-alerts adds to the service's stack; none when the plugin is not listed. */
function awsAlertsAlarms(context: AlertsContext): AlarmNode[] {
  const { config } = context;
  const custom = isObject(config['custom']) ? config['custom'] : {};
  const alerts = custom['alerts'];
  if (!listsPlugin(config, PLUGIN) || !isObject(alerts) || !onStage(alerts['stages'], context.writtenStage)) return [];
  const definitions = definitionsOf(alerts['definitions']);
  const shared: Alarm[] = [];
  // The plugin joins the lists as a union: a name listed twice counts once, where it is first listed.
  const listed = new Set<string>();
  for (const key of ['alarms', 'global', 'function']) {
    const list = alerts[key];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      if (typeof entry === 'string' && listed.has(entry)) return;
      if (typeof entry === 'string') listed.add(entry);
      const alarm = alarmOf(entry, definitions, ['custom', 'alerts', key, i]);
      if (alarm) shared.push(alarm);
    });
  }
  const functions = isObject(config['functions']) ? config['functions'] : {};
  const nodes: AlarmNode[] = [];
  for (const fnName of context.functionNames) {
    const own = Object.hasOwn(functions, fnName) && isObject(functions[fnName]) ? functions[fnName]['alarms'] : undefined;
    const byName = new Map<string, Alarm>();
    const ownAlarms = Array.isArray(own) ? own.map((entry, i) => alarmOf(entry, definitions, ['functions', fnName, 'alarms', i])) : [];
    for (const alarm of [...shared, ...ownAlarms]) {
      if (!alarm) continue;
      byName.delete(alarm.name);
      if (asBoolean(alarm.definition['enabled']) !== false) byName.set(alarm.name, alarm);
    }
    for (const alarm of byName.values()) nodes.push(alarmNode(alarm, fnName, context));
  }
  return nodes;
}

/** Whether the alarms exist on the stage the config fixes; a stage it does not fix may be any of `stages`. */
function onStage(stages: unknown, writtenStage: unknown): boolean {
  if (!Array.isArray(stages)) return true;
  if (typeof writtenStage !== 'string' || writtenStage.includes('${')) return true;
  return stages.includes(writtenStage);
}

function definitionsOf(own: unknown): Map<string, Record<string, unknown>> {
  const definitions = new Map(Object.entries(DEFAULT_DEFINITIONS));
  if (!isObject(own)) return definitions;
  for (const [name, definition] of Object.entries(own)) {
    if (isObject(definition)) definitions.set(name, { ...definitions.get(name), ...definition });
  }
  return definitions;
}

/**
 * A list entry: a definition's name, or an object with `name` laid over the definition of that
 * name. A name with no definition fails the plugin's deploy, so it makes no alarm.
 */
function alarmOf(entry: unknown, definitions: Map<string, Record<string, unknown>>, path: PathSegment[]): Alarm | undefined {
  if (typeof entry === 'string') {
    const definition = definitions.get(entry);
    return definition ? { name: entry, definition, path } : undefined;
  }
  if (!isObject(entry)) return undefined;
  const name = asString(entry['name']);
  if (name === undefined) return undefined;
  return { name, definition: { ...definitions.get(name), ...entry }, path };
}

function alarmNode(alarm: Alarm, fnName: string, context: AlertsContext): AlarmNode {
  const { definition } = alarm;
  const functionDimension: AlarmDimension = { name: 'FunctionName', references: [fnName] };
  const pattern = definition['pattern'] !== undefined;
  const metricName = written(definition['metric']);
  const namespace = written(definition['namespace']);
  const metric: AlarmMetric = pattern
    ? {
        // A log `pattern` alarm reads a metric filter on the function's own log group, named after the function:
        // it watches that function only, though the metric has no dimension.
        ...(context.stackName ? { namespace: context.stackName } : {}),
        ...(metricName ? { metricName: `${upperFirst(metricName)}${lambdaLogicalId(fnName)}` } : {}),
        dimensions: [functionDimension],
      }
    : {
        ...(namespace ? { namespace } : {}),
        ...(metricName ? { metricName } : {}),
        dimensions: dimensionsOf(definition, functionDimension),
      };
  const unreadable = metricName === undefined || (!pattern && metric.namespace === undefined) || (pattern && !context.stackName);
  return {
    logicalId: `${normalized(fnName)}${normalized(alarm.name)}Alarm`,
    name: alarm.name,
    at: context.at(alarm.path),
    metrics: [metric],
    ...(unreadable ? { unreadable: true } : {}),
    ignoredRules: [],
  };
}

/** Text written out: a variable left unresolved (`${ssm:...}`) is no name. */
function written(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

/** The definition's own `dimensions` (`{ Name, Value }`), then the function's, which replaces one named FunctionName. */
function dimensionsOf(definition: Record<string, unknown>, functionDimension: AlarmDimension): AlarmDimension[] {
  const own = Array.isArray(definition['dimensions']) ? definition['dimensions'].filter(isObject) : [];
  const dimensions: AlarmDimension[] = own.flatMap((d) => {
    const name = asString(d['Name']);
    if (name === undefined) return [];
    const value = d['Value'];
    return [{ name, references: referencedIds(value), ...(typeof value === 'string' ? { value } : {}) }];
  });
  if (asBoolean(definition['omitDefaultDimension']) === true) return dimensions;
  return [...dimensions.filter((d) => d.name !== 'FunctionName'), functionDimension];
}

/** The plugin's (and the framework's) normalised name: `-` is `Dash`, `_` is `Underscore`, the first letter upper case. */
function normalized(name: string): string {
  return upperFirst(name.replaceAll('-', 'Dash').replaceAll('_', 'Underscore'));
}

function lambdaLogicalId(fnName: string): string {
  return `${normalized(fnName)}LambdaFunction`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
