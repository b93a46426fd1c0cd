import type { HandlerContext, MethodHandler } from './construct-types.js';
import { asString, Props } from './props.js';
import {
  isConstruct, isMetric, isObjectValue, isUnknown, UNKNOWN,
  type ConstructValue, type Entry, type Located, type MetricPart, type MetricValue, type Value,
} from './values.js';

/**
 * CloudWatch metrics as values: what `queue.metric…()`, `fn.metricErrors()`, `topic.metric…()`,
 * `lambda.Function.metricAll…()`, `new cloudwatch.Metric({...})` and `new cloudwatch.MathExpression({...})`
 * give, so that an alarm made from one (alarms.ts) knows the metrics it reads and what their
 * dimensions name.
 */

/**
 * The metrics of each family's constructs: the namespace, the dimension that names the construct
 * and the attribute CDK gives it, and the metric methods. The AWS Construct Library names each
 * `metric<MetricName>` (its awslint rule), with `metric(name)` for any other.
 */
const FAMILIES: Record<string, { namespace: string; dimension: string; attribute: string; metrics: string[] }> = {
  queue: {
    namespace: 'AWS/SQS',
    dimension: 'QueueName',
    attribute: 'queueName',
    metrics: [
      'ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesDelayed', 'ApproximateNumberOfMessagesNotVisible',
      'ApproximateNumberOfMessagesVisible', 'NumberOfEmptyReceives', 'NumberOfMessagesDeleted', 'NumberOfMessagesReceived',
      'NumberOfMessagesSent', 'SentMessageSize',
    ],
  },
  function: { namespace: 'AWS/Lambda', dimension: 'FunctionName', attribute: 'functionName', metrics: ['Duration', 'Errors', 'Invocations', 'Throttles'] },
  topic: {
    namespace: 'AWS/SNS',
    dimension: 'TopicName',
    attribute: 'topicName',
    metrics: [
      'NumberOfMessagesPublished', 'NumberOfNotificationsDelivered', 'NumberOfNotificationsFailed', 'NumberOfNotificationsFilteredOut',
      'NumberOfNotificationsFilteredOutInvalidAttributes', 'NumberOfNotificationsFilteredOutNoMessageAttributes', 'PublishSize',
      'SMSMonthToDateSpentUSD', 'SMSSuccessRate',
    ],
  },
};

/** Metric methods that give a math expression over several metrics of the construct. */
const EXPRESSIONS: Record<string, Record<string, string[]>> = {
  queue: { metricApproximateNumberOfMessagesOutstanding: ['ApproximateNumberOfMessagesVisible', 'ApproximateNumberOfMessagesNotVisible'] },
};

/** Lambda's account-wide metrics (`lambda.Function.metricAllErrors()`): no dimension, so every function of the region. */
const ACCOUNT_WIDE: Record<string, { namespace: string; metrics: string[] }> = {
  function: { namespace: 'AWS/Lambda', metrics: ['ConcurrentExecutions', 'Duration', 'Errors', 'Invocations', 'Throttles', 'UnreservedConcurrentExecutions'] },
};

/** The metric methods of each family, for the construct table's METHODS. */
export const METRIC_METHODS: Record<string, Record<string, MethodHandler>> = Object.fromEntries(
  Object.entries(FAMILIES).map(([family, { metrics }]) => {
    const methods: Record<string, MethodHandler> = {
      // A name the app computes: the metric is unknown, what it is of is not.
      metric: (self, args, _at, context) => {
        const name = args[0]?.value;
        if (typeof name !== 'string' && args[0]) context.unread(args[0].at, 'a metric name');
        return ofConstruct(self, [typeof name === 'string' ? name : undefined], args[1], context);
      },
    };
    for (const name of metrics) methods[`metric${name}`] = (self, args, _at, context) => ofConstruct(self, [name], args[0], context);
    for (const [method, names] of Object.entries(EXPRESSIONS[family] ?? {})) {
      methods[method] = (self, args, _at, context) => ofConstruct(self, names, args[0], context);
    }
    return [family, methods];
  }),
);

/** `metric.with({ dimensionsMap })`: the same metrics, with the dimensions it sets. */
export const METRIC_VALUE_METHODS: Record<string, MethodHandler> = {
  with: (self, args, _at, context) => (isMetric(self) ? withOptions(self, args[0], context) : UNKNOWN),
  attachTo: (self) => self,
};

/** `new cloudwatch.Metric({ namespace, metricName, dimensionsMap })` and `new cloudwatch.MathExpression({ expression, usingMetrics })`. */
export const METRIC_CLASSES: Record<string, (args: Entry[], at: Located, context: HandlerContext) => Value> = {
  'aws-cloudwatch.Metric': (args, at, context) => metricOfProps(args[0], at, context),
  'aws-cloudwatch.MathExpression': (args, at, context) => expressionOfProps(args[0], at, context),
};

/**
 * A static metric method of a construct class of `family`: `lambda.Function.metricAllErrors()`,
 * `metricAll('Errors')`, through a subclass too (`NodejsFunction.metricAllErrors()`).
 */
export function accountWideMetric(family: string | undefined, method: string, args: Entry[], context: HandlerContext): Value | undefined {
  const account = family && Object.hasOwn(ACCOUNT_WIDE, family) ? ACCOUNT_WIDE[family]! : undefined;
  if (!account || !method.startsWith('metricAll')) return undefined;
  const all = method === 'metricAll';
  const named = all ? args[0]?.value : method.slice('metricAll'.length);
  if (!all && !account.metrics.includes(named as string)) return undefined;
  if (typeof named !== 'string' && args[0]) context.unread(args[0].at, 'a metric name');
  const part: MetricPart = { namespace: account.namespace, ...(typeof named === 'string' ? { metricName: named } : {}), dimensions: [] };
  return withOptions({ kind: 'metric', metrics: [part], unreadable: typeof named !== 'string' }, all ? args[1] : args[0], context);
}

/** A construct's metrics: its family's namespace, the construct as the dimension, and the options given. */
function ofConstruct(self: Value, names: (string | undefined)[], options: Entry | undefined, context: HandlerContext): Value {
  if (!isConstruct(self) || !self.family || !Object.hasOwn(FAMILIES, self.family)) return UNKNOWN;
  const family = FAMILIES[self.family]!;
  const dimension = { name: family.dimension, value: attribute(self, family.attribute) };
  const metrics = names.map((metricName) => ({ namespace: family.namespace, ...(metricName ? { metricName } : {}), dimensions: [dimension] }));
  return withOptions({ kind: 'metric', metrics, unreadable: names.includes(undefined) }, options, context);
}

function attribute(target: ConstructValue, name: string): Value {
  return { kind: 'attr', target, name };
}

/**
 * Metric options laid over a metric, as CDK spreads them over its defaults: `dimensionsMap` (v1's
 * `dimensions`) replaces the dimensions. Options the app computes may replace them too.
 */
function withOptions(metric: MetricValue, options: Entry | undefined, context: HandlerContext): MetricValue {
  const value = options?.value;
  if (!options || value === undefined || value === null) return metric;
  if (!isObjectValue(value)) {
    context.unread(options.at, 'the metric options');
    return { ...metric, unreadable: true };
  }
  const written = value.entries.get('dimensionsMap') ?? value.entries.get('dimensions');
  if (!written) {
    if (value.partial) context.unread(options.at, 'the dimensions of a metric');
    return value.partial ? { ...metric, unreadable: true } : metric;
  }
  const dimensions = dimensionsOf(written, context);
  if (!dimensions) return { ...metric, unreadable: true };
  return { ...metric, metrics: metric.metrics.map((part) => ({ ...part, dimensions })) };
}

/** `dimensionsMap` as written; a value the app computes is kept unknown (the alarm is then unreadable), and recorded. */
function dimensionsOf(written: Entry, context: HandlerContext): MetricPart['dimensions'] | undefined {
  const value = written.value;
  if (!isObjectValue(value) || value.partial) {
    context.unread(written.at, 'the dimensions of a metric');
    return undefined;
  }
  return [...value.entries].map(([name, entry]) => {
    if (isUnknown(entry.value)) context.unread(entry.at, `the ${name} dimension of a metric`);
    return { name, value: entry.value };
  });
}

function metricOfProps(entry: Entry | undefined, at: Located, context: HandlerContext): MetricValue {
  const props = new Props(entry?.value, entry?.at ?? at, context, 'a metric');
  const namespace = props.read('namespace', asString);
  const metricName = props.read('metricName', asString);
  const part: MetricPart = {
    ...(namespace.state === 'known' ? { namespace: namespace.value } : {}),
    ...(metricName.state === 'known' ? { metricName: metricName.value } : {}),
    dimensions: [],
  };
  const metric: MetricValue = { kind: 'metric', metrics: [part], unreadable: namespace.state !== 'known' || metricName.state !== 'known' };
  return entry && isObjectValue(entry.value) ? withOptions(metric, entry, context) : metric;
}

/** A math expression reads the metrics of `usingMetrics`; one without any names them in its text (SEARCH, a query): unreadable. */
function expressionOfProps(entry: Entry | undefined, at: Located, context: HandlerContext): MetricValue {
  const using = new Props(entry?.value, entry?.at ?? at, context, 'a math expression').entry('usingMetrics');
  if (!using || !isObjectValue(using.value) || using.value.entries.size === 0) {
    if (using) context.unread(using.at, 'the metrics of a math expression');
    return { kind: 'metric', metrics: [], unreadable: true };
  }
  const metrics: MetricPart[] = [];
  let unreadable = using.value.partial;
  for (const [key, { value, at: written }] of using.value.entries) {
    if (isMetric(value)) {
      metrics.push(...value.metrics);
      unreadable ||= value.unreadable;
    } else {
      context.unread(written, `metric ${key} of a math expression`);
      unreadable = true;
    }
  }
  return { kind: 'metric', metrics, unreadable };
}
