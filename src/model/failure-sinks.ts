import { alarmsWatching, deployedNameOf } from './alarm-watch.js';
import { asString, referencedId } from './intrinsics.js';
import type { AlarmNode, ResourceNode, Stack, Trigger } from './types.js';
import { isObject } from '../util/objects.js';

/**
 * How failures reach a sink: a function's DLQ (`dead-letter`), an on-failure destination (of the
 * function, or of its event source when `trigger` is set), a queue's redrive target (`redrive`), an
 * SNS subscription's or EventBridge target's DLQ (`delivery-dead-letter`), or a subscription of a
 * topic that is a sink itself (`subscription`).
 */
export type SinkRoute = 'dead-letter' | 'on-failure' | 'redrive' | 'delivery-dead-letter' | 'subscription';

export interface FailurePath {
  route: SinkRoute;
  /** Logical id of the function, queue or topic whose failures end in the sink. */
  from: string;
  /** The trigger whose failures these are: an event source's on-failure destination, a delivery DLQ. */
  trigger?: Trigger;
}

/** A queue or topic of the stack that failed events end in, and who would know they did. */
export interface FailureSink {
  resource: ResourceNode;
  paths: FailurePath[];
  /** Alarms on it: a queue's depth or age of oldest message, a topic's published messages. */
  alarms: AlarmNode[];
  /** Functions that read it: an SQS trigger (a redrive or replay function), a subscription to the topic, code that receives from the queue. */
  consumers: string[];
  /** Subscriptions of a topic that deliver outside the stack's functions (an email, an HTTP endpoint, a queue that is a sink in turn). */
  subscribers: string[];
}

/** Queue metrics that rise while failed messages wait: how many there are, how old the oldest is. */
const QUEUE_DEPTH_METRICS = ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage'];
/**
 * Counts messages sent to the queue; SQS leaves out those a redrive policy moves there, so it only
 * tells about failures that arrive by SendMessage (a function's DLQ, a destination, a delivery DLQ).
 */
const SENT_METRIC = 'NumberOfMessagesSent';

/**
 * The queues and topics of a stack that failures end in, with their alarms, consumers and
 * subscribers. `receivers` names the functions whose code receives messages from a queue
 * (SQS ReceiveMessage, from the cross-layer analysis): a replay function counts as a consumer.
 */
export function failureSinks(stack: Stack, receivers: (queue: string) => readonly string[] = () => []): FailureSink[] {
  // Looked up once per stack, not scanned per failure path (a template may hold tens of thousands of resources).
  const byId = new Map<string, ResourceNode>();
  for (const resource of stack.resources) if (!byId.has(resource.logicalId)) byId.set(resource.logicalId, resource);
  const paths = new Map<string, FailurePath[]>();
  const add = (target: string | undefined, path: FailurePath) => {
    const resource = target === undefined ? undefined : byId.get(target);
    if (!resource || (resource.kind !== 'queue' && resource.kind !== 'topic')) return;
    const list = paths.get(resource.logicalId) ?? [];
    if (!list.some((p) => p.route === path.route && p.from === path.from && p.trigger === path.trigger)) list.push(path);
    paths.set(resource.logicalId, list);
  };
  for (const fn of stack.functions) {
    add(fn.failure.deadLetterTarget, { route: 'dead-letter', from: fn.logicalId });
    add(fn.failure.onFailure, { route: 'on-failure', from: fn.logicalId });
  }
  for (const trigger of stack.triggers) {
    add(trigger.onFailure, { route: 'on-failure', from: trigger.functionLogicalId, trigger });
    add(trigger.deliveryDeadLetter, { route: 'delivery-dead-letter', from: trigger.functionLogicalId, trigger });
  }
  for (const resource of stack.resources) add(resource.queue?.deadLetterTarget, { route: 'redrive', from: resource.logicalId });
  // A failure topic that forwards to a queue of the stack: the queue is where the failures wait.
  const queue = [...paths.keys()];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const link of stack.links) {
      if (link.kind !== 'SNS' || link.from !== id) continue;
      const known = paths.has(link.to);
      add(link.to, { route: 'subscription', from: id });
      if (!known && paths.has(link.to)) queue.push(link.to);
    }
  }
  const triggersFrom = new Map<string, Trigger[]>();
  for (const trigger of stack.triggers) if (trigger.source !== undefined) triggersFrom.set(trigger.source, [...(triggersFrom.get(trigger.source) ?? []), trigger]);
  return stack.resources.filter((r) => paths.has(r.logicalId))
    .map((resource) => sinkOf(stack, resource, paths.get(resource.logicalId)!, triggersFrom.get(resource.logicalId) ?? [], receivers));
}

/** Whether someone is told about what lands in the sink: an alarm, a consumer, a subscriber. */
export function isWatched(sink: FailureSink): boolean {
  return sink.alarms.length > 0 || sink.consumers.length > 0 || sink.subscribers.length > 0;
}

function sinkOf(stack: Stack, resource: ResourceNode, paths: FailurePath[], triggers: readonly Trigger[], receivers: (queue: string) => readonly string[]): FailureSink {
  const id = resource.logicalId;
  const name = deployedNameOf(resource);
  const names = name !== undefined ? [name] : [];
  const topic = resource.kind === 'topic';
  const redriven = paths.some((p) => p.route === 'redrive');
  const alarms = alarmsWatching(stack, topic
    ? { namespace: 'AWS/SNS', metricNames: ['NumberOfMessagesPublished'], dimensionNames: ['TopicName'], ids: new Set([id]), names }
    : { namespace: 'AWS/SQS', metricNames: redriven ? QUEUE_DEPTH_METRICS : [...QUEUE_DEPTH_METRICS, SENT_METRIC], dimensionNames: ['QueueName'], ids: new Set([id]), names });
  const consumers = triggers.filter((t) => t.kind === (topic ? 'SNS' : 'SQS')).map((t) => t.functionLogicalId);
  if (!topic) consumers.push(...receivers(id));
  return { resource, paths, alarms, consumers: [...new Set(consumers)], subscribers: topic ? subscribersOf(stack, resource) : [] };
}

/**
 * A topic's subscriptions that reach beyond the functions of the stack: an email, SMS or HTTP
 * endpoint, a function or queue given by ARN, or a queue of the stack (a sink in its own right).
 */
function subscribersOf(stack: Stack, topic: ResourceNode): string[] {
  const subscribers = stack.links.filter((l) => l.kind === 'SNS' && l.from === topic.logicalId).map((l) => l.to);
  const isFunction = (endpoint: unknown) => {
    const id = referencedId(endpoint);
    return id !== undefined && stack.functions.some((fn) => fn.logicalId === id);
  };
  const inline = Array.isArray(topic.properties['Subscription']) ? topic.properties['Subscription'] : [];
  inline.forEach((s, i) => {
    const protocol = isObject(s) ? asString(s['Protocol'])?.toLowerCase() : undefined;
    // A function of the stack is a consumer already, a queue of it a link.
    if (protocol && !isFunction(s['Endpoint']) && !(protocol === 'sqs' && referencedId(s['Endpoint']) !== undefined)) subscribers.push(`${topic.logicalId} ${protocol} subscription ${i + 1}`);
  });
  for (const r of stack.resources) {
    if (r.type !== 'AWS::SNS::Subscription' || referencedId(r.properties['TopicArn']) !== topic.logicalId) continue;
    const protocol = asString(r.properties['Protocol'])?.toLowerCase();
    if (protocol && !isFunction(r.properties['Endpoint']) && !(protocol === 'sqs' && referencedId(r.properties['Endpoint']) !== undefined)) subscribers.push(r.logicalId);
  }
  return [...new Set(subscribers)];
}
