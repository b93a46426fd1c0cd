import path from 'node:path';
import type { ProjectModel, Stack, Trigger, TriggerKind } from '../model/types.js';
import { CONFIGURED_TARGET } from '../model/intrinsics.js';
import { failureSinks, isWatched } from '../model/failure-sinks.js';
import type { EventGraph, FailureRoute, GraphEdge, GraphEdgeKind, GraphNode, GraphNodeKind } from './types.js';
import { relativePath } from '../util/relative-path.js';

/**
 * Triggers without a source resource whose platform gives every function of the stack the same
 * entry point: SAM's implicit REST and HTTP APIs (ServerlessRestApi, ServerlessHttpApi), the
 * default event bus, IoT Core. They share one implicit node named after the trigger kind.
 */
const SHARED_ENTRY_POINTS: Partial<Record<TriggerKind, GraphNodeKind>> = {
  Api: 'api',
  HttpApi: 'api',
  WebSocket: 'api',
  ALB: 'api',
  EventBridge: 'bus',
  Schedule: 'bus',
  IoT: 'other',
};

const LINK_LABELS = { SNS: 'SNS · subscription', EventBridge: 'EventBridge · rule target', S3: 'S3 · notification' } as const;

/** `DestinationConfig.OnFailure.Type` without a `Destination`: SAM creates a queue or topic for that one function. */
const CREATED_DESTINATIONS: Record<string, GraphNodeKind> = { SQS: 'queue', SNS: 'topic' };

/** An edge within one stack, its ends still local ids. */
type LocalEdge = Omit<GraphEdge, 'from' | 'to'> & { from: string; to: string };
type LocalNode = Omit<GraphNode, 'id' | 'stack'>;

interface StackGraph {
  stack: string;
  nodes: Map<string, LocalNode>;
  edges: LocalEdge[];
}

/**
 * What a function's code sends or writes to, from the cross-layer analysis: one edge per function,
 * target and operation (the graph does not need to know about code). A `receive` (SQS ReceiveMessage)
 * draws no edge: it makes a function that replays a dead-letter queue its consumer.
 */
export interface CodeFlow {
  stack: Stack;
  functionLogicalId: string;
  /** Logical id of a resource or function in the same stack. */
  target: string;
  kind: 'emit' | 'write' | 'invoke' | 'receive';
  /** `SendMessage`, `Put`, `Invoke · Event`, `ReceiveMessage`. */
  label: string;
}

/** The event-flow graph of a project: functions, the resources events flow through, trigger, failure and code edges. */
export function buildGraph(model: ProjectModel, flows: readonly CodeFlow[] = []): EventGraph {
  const flowsOf = new Map<Stack, CodeFlow[]>();
  for (const flow of flows) {
    const list = flowsOf.get(flow.stack);
    if (list) list.push(flow);
    else flowsOf.set(flow.stack, [flow]);
  }
  const stacks = model.stacks.map((stack) => readStack(stack, stackPath(model.root, stack.templatePath), flowsOf.get(stack) ?? []));

  // A local id gets the stack prefix only when another stack has the same one.
  const stacksOf = new Map<string, number>();
  for (const s of stacks) for (const local of s.nodes.keys()) stacksOf.set(local, (stacksOf.get(local) ?? 0) + 1);
  const idOf = (s: StackGraph, local: string) => ((stacksOf.get(local) ?? 0) > 1 ? `${s.stack}#${local}` : local);

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const s of stacks) {
    for (const [local, node] of s.nodes) {
      const id = idOf(s, local);
      if (!nodes.has(id)) nodes.set(id, { id, kind: node.kind, label: node.label, stack: s.stack, ...optional(node) });
    }
    for (const edge of s.edges) {
      const full: GraphEdge = { ...edge, from: idOf(s, edge.from), to: idOf(s, edge.to) };
      const key = [full.from, full.to, full.kind, full.label].join('\u0000');
      if (!edges.has(key)) edges.set(key, full);
    }
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => compare(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.kind, b.kind) || compare(a.label, b.label)),
  };
}

function readStack(stack: Stack, stackName: string, flows: readonly CodeFlow[]): StackGraph {
  const nodes = new Map<string, LocalNode>();
  const edges: LocalEdge[] = [];
  const declared = new Map<string, GraphNodeKind>([
    ...stack.functions.map((fn) => [fn.logicalId, 'function'] as const),
    ...stack.resources.map((r) => [r.logicalId, r.kind] as const),
  ]);
  // CDK output is known by construct path, not by hashed logical id.
  const labels = new Map<string, string>([...stack.functions, ...stack.resources].map((n) => [n.logicalId, n.name ?? n.logicalId]));
  // Every name the stack uses, so an implicit node never takes the id of a declared or referenced one.
  const names = new Set<string>(declared.keys());
  for (const t of stack.triggers) for (const ref of [t.source, t.onFailure, t.deliveryDeadLetter]) if (ref !== undefined) names.add(ref);
  for (const fn of stack.functions) for (const ref of [fn.failure.deadLetterTarget, fn.failure.onFailure]) if (ref !== undefined) names.add(ref);
  for (const r of stack.resources) if (r.queue?.deadLetterTarget !== undefined) names.add(r.queue.deadLetterTarget);

  const add = (local: string, node: LocalNode): string => {
    if (!nodes.has(local)) nodes.set(local, node);
    return local;
  };
  /** The node a reference names: a declared function or resource, or else an external one. */
  const target = (ref: string): string => {
    const kind = declared.get(ref);
    if (kind !== undefined) return add(ref, { kind, label: labels.get(ref) ?? ref, logicalId: ref });
    return add(ref, { kind: 'external', label: externalLabel(ref), ref });
  };
  const failureTarget = (ref: string, fnId: string): string => {
    const created = declared.has(ref) ? undefined : CREATED_DESTINATIONS[ref];
    if (created) return add(`on-failure:${fnId}`, { kind: created, label: ref, implicit: true });
    return target(ref);
  };
  const entryPoint = (t: Trigger): string => {
    const shared = SHARED_ENTRY_POINTS[t.kind];
    if (shared) return add(names.has(t.kind) ? `implicit:${t.kind}` : t.kind, { kind: shared, label: t.kind, implicit: true });
    if (t.kind === 'FunctionUrl') return add(`FunctionUrl:${t.functionLogicalId}`, { kind: 'api', label: t.kind, implicit: true });
    // A source the model could not name (an ARN written as a literal): one unknown source per function and kind.
    return add(`${t.kind}:${t.functionLogicalId}`, { kind: 'external', label: t.kind });
  };
  const edge = (from: string, to: string, kind: GraphEdgeKind, label: string, extra: Partial<GraphEdge> = {}) => {
    edges.push({ from, to, kind, label, ...extra });
  };
  const failure = (from: string, to: string, route: FailureRoute, label: string = route) => edge(from, to, 'failure', label, { failure: route });

  for (const fn of stack.functions) target(fn.logicalId);
  for (const r of stack.resources) if (r.kind !== 'other') target(r.logicalId);

  for (const t of stack.triggers) {
    const fn = target(t.functionLogicalId);
    const from = t.source !== undefined ? target(t.source) : entryPoint(t);
    edge(from, fn, 'trigger', `${t.kind} · ${t.delivery}`, { trigger: t.kind, delivery: t.delivery });
    // A target the template names through an import or a variable is set, but is no node to draw.
    if (t.onFailure && t.onFailure !== CONFIGURED_TARGET) failure(fn, failureTarget(t.onFailure, fn), 'on-failure', `${t.kind} on-failure`);
    if (t.deliveryDeadLetter && t.deliveryDeadLetter !== CONFIGURED_TARGET) {
      failure(from, target(t.deliveryDeadLetter), 'delivery-dead-letter', 'delivery dead-letter');
    }
  }
  for (const fn of stack.functions) {
    const { deadLetterTarget, onFailure } = fn.failure;
    if (deadLetterTarget && deadLetterTarget !== CONFIGURED_TARGET) failure(fn.logicalId, failureTarget(deadLetterTarget, fn.logicalId), 'dead-letter');
    if (onFailure && onFailure !== CONFIGURED_TARGET) failure(fn.logicalId, failureTarget(onFailure, fn.logicalId), 'on-failure');
  }
  for (const r of stack.resources) {
    if (r.queue?.deadLetterTarget) failure(target(r.logicalId), target(r.queue.deadLetterTarget), 'redrive');
  }
  for (const link of stack.links) edge(target(link.from), target(link.to), 'trigger', LINK_LABELS[link.kind]);
  for (const flow of flows) if (flow.kind !== 'receive') edge(target(flow.functionLogicalId), target(flow.target), flow.kind, flow.label);
  const receivers = (queue: string) => flows.filter((f) => f.kind === 'receive' && f.target === queue).map((f) => f.functionLogicalId);
  for (const sink of failureSinks(stack, receivers)) {
    const node = nodes.get(sink.resource.logicalId);
    if (node) node.failureSink = { watched: isWatched(sink) };
  }
  return { stack: stackName, nodes, edges };
}

/** The name in an ARN (`orders-dlq`, `table/Orders`, `process` for a function); anything else as written. */
export function externalLabel(ref: string): string {
  if (!ref.startsWith('arn:')) return ref;
  const resource = ref.split(':').slice(5).join(':');
  const name = resource
    .replace(/\/stream\/.*$/, '')
    .replace(/^(function|stateMachine|event-bus|rule|log-group|table|stream|topic|key|secret|parameter)[:/]/, '')
    .replace(/:\*$/, '');
  return name || ref;
}

function stackPath(root: string, templatePath: string): string {
  return relativePath(root, templatePath) || path.basename(templatePath);
}

function optional(node: LocalNode): Partial<GraphNode> {
  return {
    ...(node.logicalId !== undefined ? { logicalId: node.logicalId } : {}),
    ...(node.ref !== undefined ? { ref: node.ref } : {}),
    ...(node.implicit ? { implicit: true } : {}),
    ...(node.failureSink ? { failureSink: node.failureSink } : {}),
  };
}

/** Code-unit order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
