import type { Delivery, ResourceKind, TriggerKind } from '../model/types.js';

/**
 * The event-flow graph: who triggers which function, and where failures go. Derived from the
 * architecture model alone, so it is the same whatever the template format.
 */
export interface EventGraph {
  /** Sorted by id. */
  nodes: GraphNode[];
  /** Sorted by from, to, kind, label; no two edges share all four. */
  edges: GraphEdge[];
}

/** A function, a resource kind from the model, or something the template only points at. */
export type GraphNodeKind = 'function' | ResourceKind | 'external';

export interface GraphNode {
  /**
   * Stable and unique: the logical id (or the reference as written, for an external node). When
   * the same id occurs in several stacks, it is prefixed with the stack's template path:
   * `services/orders.yaml#OrdersQueue`.
   */
  id: string;
  kind: GraphNodeKind;
  /** What a diagram shows: the logical id, the name in an ARN, or the trigger kind of an implicit node. */
  label: string;
  /** Template path of the stack, relative to the model root, with forward slashes. */
  stack: string;
  /** For functions and resources declared in the template. */
  logicalId?: string;
  /** For external nodes named by the template: the reference as written (an ARN, a name, a parameter). */
  ref?: string;
  /** True for nodes the platform creates without a declaration: SAM's implicit APIs, a function URL, the default bus. */
  implicit?: boolean;
  /**
   * Set on a queue or topic of the stack that failed events end in (a DLQ, an on-failure destination,
   * a redrive target): `watched` when an alarm reads it, a function consumes it, or a subscription
   * delivers it on. An unwatched sink is drawn in the flagged colour.
   */
  failureSink?: { watched: boolean };
  /** Marked in diagrams: a finding is about this node (set by the review output, never by buildGraph). */
  flagged?: boolean;
}

/**
 * `trigger`: an event source invokes a function. `failure`: where failed events go.
 * `emit`, `write`, `invoke`: a function sends to, writes to, or calls a resource (from code facts).
 */
export type GraphEdgeKind = 'trigger' | 'failure' | 'emit' | 'write' | 'invoke';

/**
 * `dead-letter`: a function's DLQ for asynchronous invocations. `on-failure`: an on-failure destination
 * (of the function, or of a stream or queue event source). `redrive`: a queue's RedrivePolicy.
 * `delivery-dead-letter`: the DLQ of an SNS subscription or EventBridge target, for events that never reached the function.
 */
export type FailureRoute = 'dead-letter' | 'on-failure' | 'redrive' | 'delivery-dead-letter';

export interface GraphEdge {
  from: string;
  to: string;
  kind: GraphEdgeKind;
  /** `SQS · queue` for a trigger (kind and delivery semantics); the failure route for a failure edge. */
  label: string;
  trigger?: TriggerKind;
  delivery?: Delivery;
  failure?: FailureRoute;
  /** Marked in diagrams: an edge a finding is about. */
  flagged?: boolean;
}

/** A graph formatter is a pure function from the graph to text: no I/O, no clock, no environment. */
export type GraphFormatter = (graph: EventGraph) => string;
