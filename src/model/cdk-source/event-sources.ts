import { isObject } from '../../util/objects.js';
import { eventFilter } from '../event-routing.js';
import type { Delivery, Trigger, TriggerKind } from '../types.js';
import { toPlain } from './builtins.js';
import type { HandlerContext } from './construct-types.js';
import { asBoolean, asItems, asNumber, asSeconds, asWritten, Props } from './props.js';
import { destinationOf, refTo, silence, writtenAs } from './references.js';
import { addTrigger, functionOf, refAt, type StackBuild } from './stack-build.js';
import { isAttr, isConstruct, isLibInstance, type ConstructValue, type Entry, type Located } from './values.js';

/** `aws-lambda-event-sources` classes: the trigger each makes, and which argument holds its props. */
const EVENT_SOURCES: Record<string, { kind: TriggerKind; delivery: Delivery; props: number }> = {
  SqsEventSource: { kind: 'SQS', delivery: 'queue', props: 1 },
  DynamoEventSource: { kind: 'DynamoDB', delivery: 'stream', props: 1 },
  KinesisEventSource: { kind: 'Kinesis', delivery: 'stream', props: 1 },
  KinesisConsumerEventSource: { kind: 'Kinesis', delivery: 'stream', props: 1 },
  ManagedKafkaEventSource: { kind: 'Kafka', delivery: 'stream', props: 0 },
  SelfManagedKafkaEventSource: { kind: 'Kafka', delivery: 'stream', props: 0 },
  SnsEventSource: { kind: 'SNS', delivery: 'async', props: 1 },
  S3EventSource: { kind: 'S3', delivery: 'async', props: 1 },
  S3EventSourceV2: { kind: 'S3', delivery: 'async', props: 1 },
  ApiEventSource: { kind: 'Api', delivery: 'sync', props: 2 },
};

const PREFIX = 'aws-lambda-event-sources.';

/** `fn.addEventSource(new SqsEventSource(queue, {...}))`, or an item of the function's `events`. */
export function addEventSource(fn: ConstructValue, entry: Entry, context: HandlerContext): void {
  const value = entry.value;
  const known = isLibInstance(value) && value.type.startsWith(PREFIX) ? EVENT_SOURCES[value.type.slice(PREFIX.length)] : undefined;
  if (!isLibInstance(value) || !known) {
    context.unread(entry.at, 'an event source', 'construct');
    return;
  }
  const source = known.props === 1 ? value.args[0]?.value : undefined;
  const props = new Props(value.args[known.props]?.value, value.at, context, value.type);
  const trigger = addTrigger(fn, { kind: known.kind, delivery: known.delivery, at: refAt(value.at) }, source, context);
  if (!trigger) return;
  applyBatchSettings(trigger, props, functionOf(fn)!.build, known.kind === 'SQS' ? 'queue' : known.delivery === 'stream' ? 'stream' : 'other');
  if (known.kind === 'SNS') {
    const dlq = props.read('deadLetterQueue', asWritten);
    if (dlq.state === 'known') trigger.deliveryDeadLetter = refTo(dlq.value, functionOf(fn)!.build) ?? writtenAs(dlq.at);
    if (dlq.state === 'unknown') silence(trigger, 'sls/sns-redrive-policy');
  }
  if (known.kind === 'S3') {
    const filters = asItems(props.entry('filters')?.value) ?? [];
    const rules = filters.flatMap((f) => {
      const plain = toPlain(f.value);
      return isObject(plain) ? Object.entries(plain).map(([key, value]) => ({ [key]: value })) : [];
    });
    const filter = eventFilter({ s3Rules: rules });
    if (filter) trigger.filter = filter;
  }
}

/**
 * An event source mapping written as such: `new lambda.EventSourceMapping(this, id, { target, eventSourceArn })`
 * or `fn.addEventSourceMapping(id, {...})`. Its kind comes from the resource the ARN belongs to.
 */
export function addEventSourceMapping(fn: ConstructValue, props: Props, at: Located, context: HandlerContext): void {
  const arn = props.entry('eventSourceArn')?.value;
  const source = isAttr(arn) ? arn.target : undefined;
  const family = source?.family;
  const kind: TriggerKind = family === 'queue' ? 'SQS' : family === 'table' ? 'DynamoDB' : family === 'stream' ? 'Kinesis'
    : props.entry('startingPosition') ? (props.entry('kafkaTopic') ? 'Kafka' : 'Kinesis') : 'SQS';
  if (!source) context.unread(at, 'the source of an event source mapping');
  const trigger = addTrigger(fn, { kind, delivery: kind === 'SQS' ? 'queue' : 'stream', at: refAt(at) }, source, context);
  if (trigger) applyBatchSettings(trigger, props, functionOf(fn)!.build, kind === 'SQS' ? 'queue' : 'stream');
}

/** The settings polled sources share, under their CDK names. An unreadable one silences the rule that reads it. */
export function applyBatchSettings(trigger: Trigger, props: Props, build: StackBuild, polled: 'queue' | 'stream' | 'other'): void {
  if (polled === 'other') return;
  const batchSize = props.read('batchSize', asNumber);
  if (batchSize.state === 'known') trigger.batchSize = batchSize.value;
  const reports = props.read('reportBatchItemFailures', asBoolean);
  if (reports.state === 'known') trigger.reportBatchItemFailures = reports.value;
  if (batchSize.state === 'unknown' || reports.state === 'unknown') silence(trigger, 'sls/batch-partial-failure');
  if (polled !== 'stream') return;
  const retries = props.read('retryAttempts', asNumber);
  if (retries.state === 'known') trigger.maximumRetryAttempts = retries.value;
  const age = props.read('maxRecordAge', asSeconds);
  if (age.state === 'known') trigger.maximumRecordAgeInSeconds = age.value;
  const bisect = props.read('bisectBatchOnError', asBoolean);
  if (bisect.state === 'known') trigger.bisectBatchOnFunctionError = bisect.value;
  const onFailure = props.read('onFailure', asWritten);
  if (onFailure.state === 'known') {
    const target = destinationOf(onFailure.value);
    trigger.onFailure = (isConstruct(target) ? refTo(target, build) : undefined) ?? writtenAs(onFailure.at);
  }
  if ([retries, age, onFailure].some((read) => read.state === 'unknown')) silence(trigger, 'sls/stream-failure-destination');
}
