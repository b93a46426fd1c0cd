import { asBoolean, asNumber, asString, failureTargetOf } from './intrinsics.js';
import type { Trigger } from './types.js';
import { isObject } from '../util/objects.js';

/**
 * Where one spelling keeps the settings of a polled or asynchronous event source: PascalCase in
 * CloudFormation and SAM, camelCase in the Serverless Framework. Two settings differ in shape too.
 */
export interface EventSourceKeys {
  batchSize: string;
  /** Whether the function reports partial batch failures, from the value under `key`; undefined when unsaid. */
  reportBatchItemFailures: { key: string; read: (value: unknown) => boolean | undefined };
  maximumRetryAttempts: string;
  maximumRecordAgeInSeconds: string;
  bisectBatchOnFunctionError: string;
  /** The on-failure destination: the `entry` of the object under `key`, as `read` understands it. */
  onFailure: { key: string; entry: string; read: (value: unknown) => string | undefined };
}

const REPORT_BATCH_ITEM_FAILURES = 'ReportBatchItemFailures';

/** An AWS::Lambda::EventSourceMapping, or the properties of a SAM event. */
export const CLOUDFORMATION_KEYS: EventSourceKeys = {
  batchSize: 'BatchSize',
  reportBatchItemFailures: {
    key: 'FunctionResponseTypes',
    read: (value) => (Array.isArray(value) ? value.includes(REPORT_BATCH_ITEM_FAILURES) : undefined),
  },
  maximumRetryAttempts: 'MaximumRetryAttempts',
  maximumRecordAgeInSeconds: 'MaximumRecordAgeInSeconds',
  bisectBatchOnFunctionError: 'BisectBatchOnFunctionError',
  onFailure: { key: 'DestinationConfig', entry: 'OnFailure', read: (value) => (isObject(value) ? failureTargetOf(value['Destination']) : undefined) },
};

/**
 * The source parameters of an AWS::Pipes::Pipe (`SqsQueueParameters`, `KinesisStreamParameters`...):
 * no response types (pipes act on batchItemFailures unasked), and the failed stream batches go to `DeadLetterConfig.Arn`.
 */
export const PIPE_KEYS: EventSourceKeys = {
  ...CLOUDFORMATION_KEYS,
  reportBatchItemFailures: { key: 'FunctionResponseTypes', read: () => undefined },
  onFailure: { key: 'DeadLetterConfig', entry: 'Arn', read: failureTargetOf },
};

/** The settings of a Serverless Framework event (`- sqs: {...}`, `- stream: {...}`). */
export const SERVERLESS_KEYS: EventSourceKeys = {
  batchSize: 'batchSize',
  reportBatchItemFailures: {
    key: 'functionResponseType',
    read: (value) => (value === undefined ? undefined : value === REPORT_BATCH_ITEM_FAILURES),
  },
  maximumRetryAttempts: 'maximumRetryAttempts',
  maximumRecordAgeInSeconds: 'maximumRecordAgeInSeconds',
  bisectBatchOnFunctionError: 'bisectBatchOnFunctionError',
  onFailure: { key: 'destinations', entry: 'onFailure', read: destinationOf },
};

/** Sets on the trigger each setting written in `settings`, read with the keys of its spelling. */
export function applyEventSourceSettings(trigger: Trigger, settings: Record<string, unknown>, keys: EventSourceKeys): void {
  const batchSize = asNumber(settings[keys.batchSize]);
  if (batchSize !== undefined) trigger.batchSize = batchSize;
  const reports = keys.reportBatchItemFailures.read(settings[keys.reportBatchItemFailures.key]);
  if (reports !== undefined) trigger.reportBatchItemFailures = reports;
  const retries = asNumber(settings[keys.maximumRetryAttempts]);
  if (retries !== undefined) trigger.maximumRetryAttempts = retries;
  const age = asNumber(settings[keys.maximumRecordAgeInSeconds]);
  if (age !== undefined) trigger.maximumRecordAgeInSeconds = age;
  const bisect = asBoolean(settings[keys.bisectBatchOnFunctionError]);
  if (bisect !== undefined) trigger.bisectBatchOnFunctionError = bisect;
  const destinations = settings[keys.onFailure.key];
  const onFailure = isObject(destinations) ? keys.onFailure.read(destinations[keys.onFailure.entry]) : undefined;
  if (onFailure) trigger.onFailure = onFailure;
}

/**
 * Whether a stream source stops retrying a failing batch: MaximumRetryAttempts or
 * MaximumRecordAgeInSeconds set to anything but -1 (Lambda's "until the record expires").
 */
export function retriesBounded(trigger: Trigger): boolean {
  const bounded = (value: number | undefined) => value !== undefined && value !== -1;
  return bounded(trigger.maximumRetryAttempts) || bounded(trigger.maximumRecordAgeInSeconds);
}

/** A Serverless destination: `onFailure: arn`, `onFailure: { arn, type }`, or a function name. */
export function destinationOf(value: unknown): string | undefined {
  if (isObject(value) && ('arn' in value || 'type' in value)) return failureTargetOf(value['arn']) ?? asString(value['type']);
  return failureTargetOf(value);
}
