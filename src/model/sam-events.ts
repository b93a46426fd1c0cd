/** The `Events` of an AWS::Serverless::Function: each a trigger, and an `Api` event without RestApiId SAM's implicit REST API. */
import { eventFilter } from './event-routing.js';
import { applyEventSourceSettings, CLOUDFORMATION_KEYS } from './event-source-settings.js';
import { asString, CONFIGURED_TARGET, failureTargetOf, referencedId } from './intrinsics.js';
import { implicitApiTracing, type TracingContext } from './tracing.js';
import type { Delivery, Stack, Trigger, TriggerKind } from './types.js';
import { isObject } from '../util/objects.js';

const SAM_EVENTS: Record<string, { kind: TriggerKind; delivery: Delivery }> = {
  Api: { kind: 'Api', delivery: 'sync' },
  HttpApi: { kind: 'HttpApi', delivery: 'sync' },
  Cognito: { kind: 'Cognito', delivery: 'sync' },
  S3: { kind: 'S3', delivery: 'async' },
  SNS: { kind: 'SNS', delivery: 'async' },
  EventBridgeRule: { kind: 'EventBridge', delivery: 'async' },
  CloudWatchEvent: { kind: 'EventBridge', delivery: 'async' },
  Schedule: { kind: 'Schedule', delivery: 'async' },
  ScheduleV2: { kind: 'Schedule', delivery: 'async' },
  CloudWatchLogs: { kind: 'CloudWatchLogs', delivery: 'async' },
  IoTRule: { kind: 'IoT', delivery: 'async' },
  SQS: { kind: 'SQS', delivery: 'queue' },
  MQ: { kind: 'MQ', delivery: 'queue' },
  Kinesis: { kind: 'Kinesis', delivery: 'stream' },
  DynamoDB: { kind: 'DynamoDB', delivery: 'stream' },
  MSK: { kind: 'Kafka', delivery: 'stream' },
  SelfManagedKafka: { kind: 'Kafka', delivery: 'stream' },
  DocumentDB: { kind: 'DocumentDB', delivery: 'stream' },
};

export interface SamEventContext extends TracingContext {
  stack: Stack;
}

export function addSamEvent(context: SamEventContext, fnId: string, name: string, event: Record<string, unknown>): void {
  const type = asString(event['Type']) ?? '';
  const known = SAM_EVENTS[type];
  if (!known) return;
  const p = isObject(event['Properties']) ? event['Properties'] : {};
  const trigger: Trigger = {
    functionLogicalId: fnId,
    kind: known.kind,
    delivery: known.delivery,
    at: context.at(['Resources', fnId, 'Properties', 'Events', name]),
  };
  const sourceValue = p['Queue'] ?? p['Stream'] ?? p['Topic'] ?? p['Bucket'] ?? p['EventBusName'] ?? p['RestApiId'] ?? p['ApiId'] ??
    p['LogGroupName'] ?? p['UserPool'] ?? p['Broker'] ?? p['Cluster'];
  const source = referencedId(sourceValue);
  if (source) trigger.source = source;
  if (known.kind === 'SNS' && p['SqsSubscription'] !== undefined && p['SqsSubscription'] !== false) trigger.delivery = 'queue';
  if (type === 'Api' && p['RestApiId'] === undefined && !context.stack.implicitRestApi) {
    context.stack.implicitRestApi = { logicalId: 'ServerlessRestApi', at: trigger.at, tracing: implicitApiTracing(context) };
  }
  applyEventSourceSettings(trigger, p, CLOUDFORMATION_KEYS);
  const filter = eventFilter({ pattern: p['Pattern'], filterPolicy: p['FilterPolicy'], s3Filter: p['Filter'] });
  if (filter) trigger.filter = filter;
  const dlq = isObject(p['DeadLetterConfig']) ? p['DeadLetterConfig'] : isObject(p['RedrivePolicy']) ? p['RedrivePolicy'] : undefined;
  if (dlq) trigger.deliveryDeadLetter = failureTargetOf(dlq['Arn'] ?? dlq['deadLetterTargetArn']) ?? CONFIGURED_TARGET;
  context.stack.triggers.push(trigger);
}
