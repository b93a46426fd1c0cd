import { asString, subSpelling } from './intrinsics.js';
import type { AlarmDimension, AlarmMetric, AlarmNode, ResourceNode, Stack } from './types.js';

/** What an alarm must read to watch something: a metric of a namespace, about one element of the stack. */
export interface MetricQuery {
  namespace: string;
  metricNames: readonly string[];
  /** The dimensions that name the element (`QueueName`; `FunctionName` and `Resource`). */
  dimensionNames: readonly string[];
  /** The logical ids a dimension may reference the element by. */
  ids: ReadonlySet<string>;
  /** The names it is deployed under, when the template writes them out. */
  names: readonly string[];
  /** Whether a metric with no dimensions, over every element of the account and region, counts. */
  stackWide?: boolean;
}

/** The alarms of a stack that read a metric the query asks for; an alarm the suppression of a rule names is not skipped here. */
export function alarmsWatching(stack: Stack, query: MetricQuery): AlarmNode[] {
  return (stack.alarms ?? []).filter((alarm) => watches(alarm, query, stack));
}

/**
 * An alarm watches when one of its metrics is the query's. What an unreadable alarm left unknown (a
 * namespace or a dimension from a parameter, metrics a search finds) is taken to match: a rule says
 * nobody is told only when it can read that nobody is.
 */
function watches(alarm: AlarmNode, query: MetricQuery, stack: Stack): boolean {
  const unknown = alarm.unreadable === true;
  if (unknown && alarm.metrics.length === 0) return true;
  return alarm.metrics.some((metric) => metricMatches(metric, query, unknown, stack));
}

function metricMatches(metric: AlarmMetric, query: MetricQuery, unknown: boolean, stack: Stack): boolean {
  if (metric.namespace === undefined ? !unknown : metric.namespace !== query.namespace) return false;
  if (metric.metricName === undefined ? !unknown : !query.metricNames.includes(metric.metricName)) return false;
  if (metric.dimensions.length === 0) return query.stackWide === true || unknown;
  return metric.dimensions.some((d) => query.dimensionNames.includes(d.name) && dimensionNames(d, query, unknown, stack));
}

function dimensionNames(d: AlarmDimension, query: MetricQuery, unknown: boolean, stack: Stack): boolean {
  if (d.references.some((ref) => query.ids.has(ref))) return true;
  // `orders-dev-process`, or `orders-dev-process:live` (the `Resource` dimension of an alias or a version).
  if (d.value !== undefined) return query.names.some((name) => d.value === name || d.value!.startsWith(`${name}:`));
  return unknown && !d.references.some((ref) => isElement(stack, ref));
}

/**
 * The metrics of the namespace that alarms read about the element, whatever their name
 * (`Duration`, `Throttles`): what its author set out to watch. Only dimensions that name it count.
 */
export function metricsAbout(stack: Stack, query: Omit<MetricQuery, 'metricNames' | 'stackWide'>): string[] {
  const names = new Set<string>();
  for (const alarm of stack.alarms ?? []) {
    for (const metric of alarm.metrics) {
      if (metric.namespace !== query.namespace || metric.metricName === undefined) continue;
      if (metric.dimensions.some((d) => query.dimensionNames.includes(d.name) && dimensionNames(d, { ...query, metricNames: [] }, false, stack))) names.add(metric.metricName);
    }
  }
  return [...names];
}

function isElement(stack: Stack, id: string): boolean {
  return stack.functions.some((fn) => fn.logicalId === id) || stack.resources.some((r) => r.logicalId === id);
}

/**
 * The name a queue or topic is deployed under when the template writes it (`QueueName`, `TopicName`):
 * a plain string, or one from parameters in `Fn::Sub` spelling (an alarm's dimension written the same
 * way names the same queue). Undefined when the platform generates the name.
 */
export function deployedNameOf(resource: ResourceNode): string | undefined {
  const written = resource.properties[resource.kind === 'topic' ? 'TopicName' : 'QueueName'];
  return asString(written) ?? subSpelling(written);
}
