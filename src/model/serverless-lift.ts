/**
 * serverless-lift `queue` constructs, read into the model as the plugin deploys them: an SQS queue
 * whose redrive policy sends a message to a dead-letter queue after `maxRetries` receives, and a
 * worker function subscribed to it with `batchSize` (1 unless set) and ReportBatchItemFailures.
 * So every rule judges the worker as any SQS consumer: at least once, from a queue with a DLQ.
 */
import type { PathSegment } from '../template/source-location.js';
import { asNumber } from './intrinsics.js';
import type { FunctionNode, ResourceNode, Stack, TemplateRef, Trigger } from './types.js';
import { isObject } from '../util/objects.js';

/** Lift's batch size when the construct sets none: one message per invocation. */
export const LIFT_DEFAULT_BATCH_SIZE = 1;

/** What a Lift construct needs from the serverless.yml reader. */
export interface LiftContext {
  stack: Stack;
  at(path: readonly PathSegment[]): TemplateRef;
  /** Reads a function definition as one of `functions` (Lift hands the worker to the framework as such). */
  addFunction(name: string, config: Record<string, unknown>, base: PathSegment[]): FunctionNode;
  /** The framework's default timeout, which Lift's visibility timeout is computed from. */
  defaultTimeout: number;
}

/** The ids of the `queue` constructs of a serverless.yml. */
export function liftQueueIds(document: Record<string, unknown>): Set<string> {
  const constructs = isObject(document['constructs']) ? document['constructs'] : {};
  return new Set(Object.entries(constructs).filter(([, c]) => isObject(c) && c['type'] === 'queue').map(([id]) => id));
}

/** The logical id Lift's dead-letter queue has in the model. */
export function liftDlqId(id: string): string {
  return `${id}Dlq`;
}

/**
 * The queues a value names through Lift's variables (`${construct:jobs.queueUrl}`, `queueArn`,
 * `dlqUrl`, `dlqArn`): Lift replaces them with references to the queue, so an SDK call given such
 * an environment variable targets it. The resolver leaves them as written.
 */
export function liftReferences(value: unknown, queues: ReadonlySet<string>): string[] {
  if (typeof value !== 'string' || !value.includes('${construct:')) return [];
  const ids: string[] = [];
  for (const match of value.matchAll(/\$\{construct:([\w-]+)\.(queueUrl|queueArn|dlqUrl|dlqArn)\}/g)) {
    const [, id, variable] = match;
    if (!queues.has(id!)) continue;
    const ref = variable!.startsWith('dlq') ? liftDlqId(id!) : id!;
    if (!ids.includes(ref)) ids.push(ref);
  }
  return ids;
}

/**
 * A `queue` construct: the queue and its DLQ, and the worker, either defined in the construct or
 * (`worker: name`) one of `functions`, with its SQS trigger.
 */
export function addLiftQueue(context: LiftContext, id: string, construct: Record<string, unknown>): void {
  const base: PathSegment[] = ['constructs', id];
  const at = context.at(base);
  const worker = construct['worker'];
  // Lift gives the worker whatever is under `worker`, events included, and adds the SQS event.
  const fn = isObject(worker)
    ? context.addFunction(`${id}Worker`, worker, [...base, 'worker'])
    : typeof worker === 'string' ? context.stack.functions.find((f) => f.logicalId === worker) : undefined;
  const fifo = construct['fifo'] === true;
  const dlq: ResourceNode = { logicalId: liftDlqId(id), type: 'AWS::SQS::Queue', kind: 'queue', at, properties: {}, ignoredRules: [] };
  dlq.queue = { hasRedrivePolicy: false, fifo };
  const queue: ResourceNode = {
    logicalId: id, type: 'AWS::SQS::Queue', kind: 'queue', at, properties: {}, ignoredRules: [],
    // Lift sets the visibility timeout to six times the worker's timeout, plus the batching window.
    queue: {
      hasRedrivePolicy: true,
      deadLetterTarget: dlq.logicalId,
      visibilityTimeout: 6 * (fn?.timeout ?? context.defaultTimeout) + (asNumber(construct['maxBatchingWindow']) ?? 0),
      fifo,
    },
  };
  context.stack.resources.push(queue, dlq);
  // `alarm: ops@example.com`: Lift alarms on the DLQ's depth and emails that address.
  if (typeof construct['alarm'] === 'string' && construct['alarm'].trim() !== '') {
    const metric = { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', references: [dlq.logicalId] }] };
    (context.stack.alarms ??= []).push({ logicalId: `${id}DlqAlarm`, at: context.at([...base, 'alarm']), metrics: [metric], ignoredRules: [] });
  }
  if (!fn) return;
  const trigger: Trigger = {
    functionLogicalId: fn.logicalId, kind: 'SQS', delivery: 'queue', source: id, at,
    batchSize: asNumber(construct['batchSize']) ?? LIFT_DEFAULT_BATCH_SIZE,
    // Lift always turns it on; with batches of one there is nothing partial to report.
    reportBatchItemFailures: true,
  };
  context.stack.triggers.push(trigger);
}
