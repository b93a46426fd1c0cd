import type { ConstructType, HandlerContext } from './construct-types.js';
import { applyBatchSettings } from './event-sources.js';
import { asBoolean, asConstruct, asString, Props } from './props.js';
import { refTo, silence } from './references.js';
import { addTrigger, refAt } from './stack-build.js';
import { isObjectValue, ObjectValue, type ConstructValue, type Entry, type Value } from './values.js';

/**
 * AWS Solutions Constructs with documented defaults, modelled as the parts they create. Defaults
 * from awslabs/aws-solutions-constructs (core/lib/lambda-defaults.ts, lambda-helper.ts,
 * lambda-event-source-mapping-defaults.ts); a setting the app passes replaces its default.
 */
export const SOLUTIONS_TYPES: Record<string, ConstructType> = {
  'solutions/aws-dynamodbstreams-lambda.DynamoDBStreamsToLambda': { family: 'solutions', create: dynamoDbStreamsToLambda },
};

/**
 * DynamoDBStreamsToLambda: a function (X-Ray tracing Active by default), a table with a stream, and
 * a DynamoDB event source with bisectBatchOnError, maxRecordAge 24 h, retryAttempts 500 and an SQS
 * on-failure queue (`deploySqsDlqQueue`, true by default).
 */
function dynamoDbStreamsToLambda(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const at = self.at!;
  const props = new Props(args[2]?.value, at, context, self.type);
  const fn = existingOr(props, 'existingLambdaObj', () => {
    const own = props.entry('lambdaFunctionProps')?.value;
    const functionProps = withDefaults(own, { tracing: { kind: 'lib', module: 'aws-lambda', path: ['Tracing', 'ACTIVE'] } }, at);
    const id = isObjectValue(own) ? asString(own.entries.get('functionName')?.value) : undefined;
    return context.child(self, id ?? 'LambdaFunction', 'aws-lambda.Function', functionProps, at);
  });
  const table = existingOr(props, 'existingTableInterface', () => {
    const tableProps = withDefaults(props.entry('dynamoTableProps')?.value, { stream: { kind: 'lib', module: 'aws-dynamodb', path: ['StreamViewType', 'NEW_AND_OLD_IMAGES'] } }, at);
    return context.child(self, 'DynamoTable', 'aws-dynamodb.Table', tableProps, at);
  });
  self.members.set('lambdaFunction', fn);
  self.members.set('dynamoTableInterface', table);
  if (table && table.node) self.members.set('dynamoTable', table);
  const trigger = addTrigger(fn, { kind: 'DynamoDB', delivery: 'stream', at: refAt(at) }, table, context);
  if (!trigger || !fn?.stack) return;
  const deploy = props.read('deploySqsDlqQueue', asBoolean);
  if (deploy.state === 'unknown') silence(trigger, 'sls/stream-failure-destination');
  if (deploy.state === 'absent' || (deploy.state === 'known' && deploy.value)) {
    const queue = context.child(self, 'SqsDlqQueue', 'aws-sqs.Queue', props.entry('sqsDlqQueueProps')?.value ?? new ObjectValue(), at);
    self.members.set('sqsDlqQueue', queue);
    const id = refTo(queue, fn.stack);
    if (id) trigger.onFailure = id;
  }
  Object.assign(trigger, { bisectBatchOnFunctionError: true, maximumRecordAgeInSeconds: 86400, maximumRetryAttempts: 500 });
  const overrides = props.nested('dynamoEventSourceProps', 'dynamoEventSourceProps');
  if (overrides) applyBatchSettings(trigger, overrides, fn.stack, 'stream');
}

/** The construct the app passes (`existingLambdaObj`), else the one the pattern creates. */
function existingOr(props: Props, key: string, create: () => ConstructValue): ConstructValue | undefined {
  const existing = props.read(key, asConstruct);
  if (existing.state === 'known') return existing.value;
  return existing.state === 'unknown' ? undefined : create();
}

/** The app's props over the pattern's defaults, each default written where the pattern is created. */
function withDefaults(own: Value, defaults: Record<string, Value>, at: Entry['at']): Value {
  if (own !== undefined && !isObjectValue(own)) return own;
  const merged = new ObjectValue();
  for (const [key, value] of Object.entries(defaults)) merged.entries.set(key, { value, at });
  if (isObjectValue(own)) {
    for (const [key, entry] of own.entries) merged.entries.set(key, entry);
    merged.partial = own.partial;
  }
  return merged;
}
