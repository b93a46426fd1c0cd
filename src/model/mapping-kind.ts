import { asString } from './intrinsics.js';
import type { TriggerKind } from './types.js';
import { isObject } from '../util/objects.js';

const MAPPING_SOURCE_TYPES: Record<string, TriggerKind> = {
  'AWS::SQS::Queue': 'SQS',
  'AWS::Kinesis::Stream': 'Kinesis',
  'AWS::DynamoDB::Table': 'DynamoDB',
  'AWS::DynamoDB::GlobalTable': 'DynamoDB',
  'AWS::MSK::Cluster': 'Kafka',
  'AWS::MSK::ServerlessCluster': 'Kafka',
  'AWS::AmazonMQ::Broker': 'MQ',
  'AWS::DocDB::DBCluster': 'DocumentDB',
};

const ARN_SERVICES: Record<string, TriggerKind> = {
  sqs: 'SQS', kinesis: 'Kinesis', dynamodb: 'DynamoDB', kafka: 'Kafka', mq: 'MQ', rds: 'DocumentDB',
};

/**
 * What an event source mapping reads: the resource its EventSourceArn names, else the service in the
 * ARN (`arn:${AWS::Partition}:kafka:...` too), else the settings only some sources take.
 */
export function mappingKind(p: Record<string, unknown>, sourceType: string | undefined): TriggerKind {
  const fromType = sourceType ? MAPPING_SOURCE_TYPES[sourceType] : undefined;
  if (fromType) return fromType;
  const sub = isObject(p['EventSourceArn']) ? p['EventSourceArn']['Fn::Sub'] : undefined;
  const arn = asString(p['EventSourceArn']) ?? asString(Array.isArray(sub) ? sub[0] : sub);
  const service = arn && /^arn:(?:\$\{AWS::Partition\}|[\w-]+):([\w-]+):/.exec(arn)?.[1];
  const fromArn = service ? ARN_SERVICES[service] : undefined;
  if (fromArn) return fromArn;
  if (p['SelfManagedEventSource'] !== undefined || p['Topics'] !== undefined) return 'Kafka';
  if (p['Queues'] !== undefined) return 'MQ';
  if (p['DocumentDBEventSourceConfig'] !== undefined) return 'DocumentDB';
  return p['StartingPosition'] === undefined ? 'SQS' : 'Kinesis';
}
