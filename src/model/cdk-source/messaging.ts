import { isObject } from '../../util/objects.js';
import { DEFAULT_BUS, eventFilter } from '../event-routing.js';
import type { EventFilter, ResourceKind, ResourceLink, TriggerKind } from '../types.js';
import { toPlain } from './builtins.js';
import type { ConstructType, HandlerContext, MethodHandler } from './construct-types.js';
import { asBoolean, asConstruct, asItems, asSeconds, asString, asWritten, enumMember, Props } from './props.js';
import { refTo, silence, writtenAs } from './references.js';
import { addResource, addTrigger, functionOf, refAt } from './stack-build.js';
import { isConstruct, isLibInstance, type ConstructValue, type Entry, type Located, type Value } from './values.js';

/** Queues, topics, buses, buckets, tables and streams, and the subscriptions, targets and notifications between them. */
export const MESSAGING_TYPES: Record<string, ConstructType> = {
  'aws-sqs.Queue': { family: 'queue', create: createQueue },
  'aws-sns.Topic': named('topic', 'AWS::SNS::Topic', { topicName: 'TopicName' }),
  'aws-events.EventBus': named('bus', 'AWS::Events::EventBus', { eventBusName: 'Name' }),
  'aws-events.Rule': { family: 'rule', create: createRule },
  'aws-scheduler.Schedule': { family: 'other', create: createSchedule },
  'aws-s3.Bucket': named('bucket', 'AWS::S3::Bucket', { bucketName: 'BucketName' }),
  'aws-dynamodb.Table': { family: 'table', create: (self, args, context) => createTable(self, args, context, 'AWS::DynamoDB::Table', 'stream') },
  'aws-dynamodb.TableV2': { family: 'table', create: (self, args, context) => createTable(self, args, context, 'AWS::DynamoDB::GlobalTable', 'dynamoStream') },
  'aws-kinesis.Stream': named('stream', 'AWS::Kinesis::Stream', { streamName: 'Name' }),
};

export const MESSAGING_METHODS: Record<string, Record<string, MethodHandler>> = {
  topic: {
    addSubscription: (self, args, _at, context) => {
      if (isConstruct(self) && args[0]) subscribe(self, args[0], context);
      return undefined;
    },
  },
  rule: {
    addTarget: (self, args, _at, context) => {
      if (isConstruct(self) && args[0]) addRuleTarget(self, args[0], context);
      return undefined;
    },
  },
  bucket: {
    addEventNotification: (self, args, _at, context) => notify(self, args.slice(1), context),
    addObjectCreatedNotification: (self, args, _at, context) => notify(self, args, context),
    addObjectRemovedNotification: (self, args, _at, context) => notify(self, args, context),
  },
};

/** A resource whose only settings the model reads are the names it is deployed under. */
function named(family: ResourceKind, type: string, keys: Record<string, string>): ConstructType {
  return {
    family,
    create: (self, args, context) => {
      addResource(self, type, family, names(new Props(args[2]?.value, self.at!, context, self.type), keys));
    },
  };
}

/** The names a resource is deployed under, as template properties: code that writes a literal name is matched by them. */
function names(props: Props, keys: Record<string, string>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(keys)) {
    const read = props.read(key, asString);
    if (read.state === 'known') properties[property] = read.value;
  }
  return properties;
}

function createQueue(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  const properties = names(props, { queueName: 'QueueName' });
  const fifoRead = props.read('fifo', asBoolean);
  const fifo = fifoRead.state === 'known' ? fifoRead.value : String(properties['QueueName'] ?? '').endsWith('.fifo');
  if (fifo) properties['FifoQueue'] = true;
  const node = addResource(self, 'AWS::SQS::Queue', 'queue', properties);
  if (!node) return;
  node.queue = { hasRedrivePolicy: false, fifo };
  const visibility = props.read('visibilityTimeout', asSeconds);
  if (visibility.state === 'known') node.queue.visibilityTimeout = visibility.value;
  // Unreadable: visibilityTimeoutAt alone tells the rule the value is not ours to guess.
  if (visibility.state !== 'absent') node.queue.visibilityTimeoutAt = refAt(visibility.at);
  const redrive = props.nested('deadLetterQueue', 'deadLetterQueue');
  if (!redrive) return;
  // `queue.deadLetterQueue.queue`, as CDK keeps the props: an alarm on it is an alarm on the dead-letter queue.
  self.members.set('deadLetterQueue', redrive.whole);
  const target = redrive.read('queue', asWritten);
  if (target.state === 'known') {
    node.queue.hasRedrivePolicy = true;
    node.queue.deadLetterTarget = refTo(target.value, self.stack!) ?? writtenAs(target.at);
  } else silence(node, 'sls/sqs-redrive-policy');
}

function createTable(self: ConstructValue, args: Entry[], context: HandlerContext, type: string, streamKey: string): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  const properties = names(props, { tableName: 'TableName' });
  const stream = props.read(streamKey, enumMember('StreamViewType'));
  if (stream.state === 'known') properties['StreamSpecification'] = { StreamViewType: stream.value };
  addResource(self, type, 'table', properties);
}

/** `topic.addSubscription(new LambdaSubscription(fn, {...}))` is a trigger; an SqsSubscription a link to the queue. */
function subscribe(topic: ConstructValue, entry: Entry, context: HandlerContext): void {
  const value = entry.value;
  if (!isLibInstance(value) || !value.type.startsWith('aws-sns-subscriptions.')) {
    context.unread(entry.at, 'a subscription', 'construct');
    return;
  }
  const props = new Props(value.args[1]?.value, value.at, context, value.type);
  const target = value.args[0]?.value;
  const filter = eventFilter({ filterPolicy: readableObject(props.entry('filterPolicy'), 'filterPolicy', context) });
  if (value.type === 'aws-sns-subscriptions.LambdaSubscription') {
    const trigger = addTrigger(target, { kind: 'SNS', delivery: 'async', at: refAt(value.at), ...(filter ? { filter } : {}) }, topic, context);
    const dlq = props.read('deadLetterQueue', asWritten);
    if (trigger && dlq.state === 'known') trigger.deliveryDeadLetter = refTo(dlq.value, functionOf(target)!.build) ?? writtenAs(dlq.at);
    if (trigger && dlq.state === 'unknown') silence(trigger, 'sls/sns-redrive-policy');
  } else if (value.type === 'aws-sns-subscriptions.SqsSubscription') {
    addLink(topic, target, 'SNS', value.at, filter);
  }
}

function createRule(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  addResource(self, 'AWS::Events::Rule', 'other');
  self.data.set('schedule', props.entry('schedule') !== undefined);
  const bus = props.read('eventBus', asConstruct);
  if (bus.state === 'known') self.data.set('bus', bus.value);
  const pattern = readableObject(props.entry('eventPattern'), 'eventPattern', context);
  const filter = eventFilter({ pattern: isObject(pattern) ? cloudFormationPattern(pattern) : undefined });
  if (filter) self.data.set('filter', filter);
  for (const target of asItems(props.entry('targets')?.value) ?? []) addRuleTarget(self, target, context);
}

/** CDK writes `detailType`; EventBridge (and the code rules that match patterns) read `detail-type`. */
function cloudFormationPattern(pattern: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) result[key === 'detailType' ? 'detail-type' : key] = value;
  return result;
}

/** A target of an events rule: a function is a trigger; a queue, topic, bus or state machine a link from the rule's bus. */
function addRuleTarget(rule: ConstructValue, entry: Entry, context: HandlerContext): void {
  const value = entry.value;
  if (!isLibInstance(value) || !value.type.startsWith('aws-events-targets.')) {
    context.unread(entry.at, 'a rule target', 'construct');
    return;
  }
  const kind: TriggerKind = rule.data.get('schedule') ? 'Schedule' : 'EventBridge';
  const bus = rule.data.get('bus') as ConstructValue | undefined;
  const filter = rule.data.get('filter') as EventFilter | undefined;
  const target = value.args[0]?.value;
  if (value.type === 'aws-events-targets.LambdaFunction') {
    const trigger = addTrigger(target, { kind, delivery: 'async', at: refAt(value.at), ...(filter ? { filter } : {}) }, bus, context);
    const props = new Props(value.args[1]?.value, value.at, context, value.type);
    const dlq = props.read('deadLetterQueue', asWritten);
    if (trigger && dlq.state === 'known') trigger.deliveryDeadLetter = refTo(dlq.value, functionOf(target)!.build) ?? writtenAs(dlq.at);
    if (trigger && dlq.state === 'unknown') silence(trigger, 'sls/eventbridge-target-dlq');
    return;
  }
  if (kind === 'EventBridge') addLink(bus ?? DEFAULT_BUS, target, 'EventBridge', value.at, filter, rule);
}

/** EventBridge Scheduler: `new Schedule(this, id, { schedule, target: new LambdaInvoke(fn, { deadLetterQueue }) })`. */
function createSchedule(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  const target = props.entry('target');
  const value = target?.value;
  if (!isLibInstance(value) || value.type !== 'aws-scheduler-targets.LambdaInvoke') {
    if (target) context.unread(target.at, 'a schedule target', 'construct');
    return;
  }
  const fn = value.args[0]?.value;
  const trigger = addTrigger(fn, { kind: 'Schedule', delivery: 'async', at: refAt(value.at) }, undefined, context);
  const dlq = new Props(value.args[1]?.value, value.at, context, value.type).read('deadLetterQueue', asWritten);
  if (trigger && dlq.state === 'known') trigger.deliveryDeadLetter = refTo(dlq.value, functionOf(fn)!.build) ?? writtenAs(dlq.at);
  if (trigger && dlq.state === 'unknown') silence(trigger, 'sls/eventbridge-target-dlq');
}

/** `bucket.addEventNotification(type, new LambdaDestination(fn), { prefix })`: a trigger, or a link to a queue or topic. */
function notify(bucket: Value, args: Entry[], context: HandlerContext): undefined {
  if (!isConstruct(bucket) || !args[0]) return undefined;
  const [destination, ...filters] = args;
  const value = destination.value;
  if (!isLibInstance(value) || !value.type.startsWith('aws-s3-notifications.')) {
    context.unread(destination.at, 'a bucket notification destination', 'construct');
    return undefined;
  }
  const rules = filters.flatMap((f) => {
    const plain = plainObject(f.value);
    return isObject(plain) ? Object.entries(plain).map(([key, rule]) => ({ [key]: rule })) : [];
  });
  const filter = eventFilter({ s3Rules: rules });
  const target = value.args[0]?.value;
  if (value.type === 'aws-s3-notifications.LambdaDestination') {
    addTrigger(target, { kind: 'S3', delivery: 'async', at: refAt(value.at), ...(filter ? { filter } : {}) }, bucket, context);
  } else {
    addLink(bucket, target, 'S3', value.at, filter);
  }
  return undefined;
}

/** A resource-to-resource flow, in the stack of its source; both ends must be resources the model has. */
function addLink(from: ConstructValue | string, to: Value, kind: ResourceLink['kind'], at: Located, filter: EventFilter | undefined, owner?: ConstructValue): void {
  const build = (typeof from === 'string' ? owner : from)?.stack;
  if (!build || !isConstruct(to)) return;
  const fromId = typeof from === 'string' ? from : build.refOf(from);
  const toId = refTo(to, build);
  if (!fromId || !toId) return;
  build.stack.links.push({ from: fromId, to: toId, kind, at: refAt(at), ...(filter ? { filter } : {}) });
}

/**
 * A filter as plain data; one written but unreadable is recorded. The model then has no filter,
 * so the event cycles through it are not ruled out.
 */
function readableObject(entry: Entry | undefined, what: string, context: HandlerContext): Record<string, unknown> | undefined {
  if (!entry || entry.value === undefined) return undefined;
  const plain = plainObject(entry.value);
  if (!plain) context.unread(entry.at, what);
  return plain;
}

function plainObject(value: Value): Record<string, unknown> | undefined {
  const plain = toPlain(value);
  return isObject(plain) ? plain : undefined;
}
