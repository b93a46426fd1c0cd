import { isPutEvents, type SentEvent } from '../code/sent-event.js';
import { DEFAULT_BUS } from '../model/event-routing.js';
import type { EventFilter, Stack } from '../model/types.js';
import type { Emission, ProjectAnalysis } from './analysis.js';

/**
 * Cycles in the event graph: a function's code emits or writes to a resource whose events, through
 * subscriptions and rule targets, trigger that function again. An edge whose filter provably
 * rejects what the code sends (an EventBridge pattern, an SNS filter policy, an S3 key prefix or
 * suffix, against literal values in the call) cannot fire, so it closes no cycle.
 */
export interface EventCycle {
  /** The emission that leaves the first function of the cycle: where the finding goes. */
  emission: Emission;
  /** Logical ids along the cycle, starting and ending with that function. */
  path: string[];
}

type Step = { to: string; kind: 'resource' | 'function'; filter?: EventFilter };

const MAX_LENGTH = 10;

/**
 * Paths tried from one emission before the search gives up on it. The distances below already
 * leave out every branch that cannot get back in time; what is left to try can still grow as the
 * product of the functions on a shared bus when the way back is barred by a function already on the
 * path, so this bounds it (no project in the tests comes near).
 */
export const MAX_STEPS_PER_EMISSION = 100_000;

/** The project's cycles, found once per analysis (every file's lint asks). */
export function eventCyclesOf(analysis: ProjectAnalysis): EventCycle[] {
  return analysis.remember('event-cycles', () => findEventCycles(analysis));
}

/** The cycles closed by an SDK call written in this file: each file's lint asks, so they are grouped by file once. */
export function eventCyclesIn(analysis: ProjectAnalysis, file: string): readonly EventCycle[] {
  const byFile = analysis.remember('event-cycles-by-file', () => {
    const grouped = new Map<string, EventCycle[]>();
    for (const cycle of eventCyclesOf(analysis)) {
      const list = grouped.get(cycle.emission.file);
      if (list) list.push(cycle);
      else grouped.set(cycle.emission.file, [cycle]);
    }
    return grouped;
  });
  return byFile.get(file) ?? [];
}

export function findEventCycles(analysis: ProjectAnalysis): EventCycle[] {
  const cycles: EventCycle[] = [];
  const seen = new Set<string>();
  const byStack = new Map<Stack, Emission[]>();
  for (const e of analysis.emissions()) {
    if (e.op.kind === 'read' || e.op.kind === 'scan') continue;
    const list = byStack.get(e.reach.stack);
    if (list) list.push(e);
    else byStack.set(e.reach.stack, [e]);
  }
  for (const stack of analysis.model.stacks) {
    const out = new Map<string, Emission[]>();
    for (const e of byStack.get(stack) ?? []) {
      const target = e.target ?? (isPutEvents(e.op) && !e.op.namesBus ? DEFAULT_BUS : undefined);
      if (!target) continue;
      const list = out.get(e.reach.fn.logicalId) ?? [];
      list.push({ ...e, target });
      out.set(e.reach.fn.logicalId, list);
    }
    const next = resourceSteps(stack);
    const functions = new Set(stack.functions.map((f) => f.logicalId));
    const into = reverseSteps(next, out);
    for (const start of [...out.keys()].sort()) {
      const need = lengthsNeeded(start, into);
      for (const emission of out.get(start)!) {
        const sent = emission.sent;
        const path = walk(emission.target!, start, [start], sent, { next, out, functions, need, steps: { left: MAX_STEPS_PER_EMISSION } });
        if (!path) continue;
        const key = [...new Set(path)].sort().join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        cycles.push({ emission, path });
      }
    }
  }
  return cycles;
}

/**
 * The event graph of one stack: steps from each resource, emissions by function, and which ids are
 * functions; for the search from one start, the length each node still needs to get back to it,
 * and how many more paths the search may try.
 */
interface Graph {
  next: Map<string, Step[]>;
  out: Map<string, Emission[]>;
  functions: ReadonlySet<string>;
  need: ReadonlyMap<string, number>;
  steps: { left: number };
}

/**
 * Depth-first from what an emission reached (a resource, or the function a Lambda Invoke names),
 * back to `start` if some path allows it. `path` holds what came before `node`. A node from which
 * no path, whatever it passes, gets back within the length left is not entered: without this, one
 * function putting to a bus that 80 others put to and are triggered by took minutes to find nothing.
 */
function walk(node: string, start: string, path: string[], sent: SentEvent, graph: Graph): string[] | undefined {
  const need = graph.need.get(node);
  if (need === undefined || path.length > MAX_LENGTH - need || graph.steps.left-- <= 0) return undefined;
  for (const step of graph.next.get(node) ?? []) {
    if (step.filter && !mayPass(step.filter, sent)) continue;
    // An invoke reaches the function itself: no resource stands between them.
    const before = step.to === node ? path : [...path, node];
    if (step.kind === 'function' && step.to === start) return [...before, start];
    if (loops(before, step.to, graph.functions)) continue;
    if (step.kind === 'resource') {
      const found = walk(step.to, start, before, sent, graph);
      if (found) return found;
      continue;
    }
    // Through another function: what it sends next is what the rest of the path must let through.
    const through = [...before, step.to];
    for (const emission of graph.out.get(step.to) ?? []) {
      if (emission.target !== start && loops(through, emission.target!, graph.functions)) continue;
      const found = walk(emission.target!, start, through, emission.sent, graph);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Whether going to `id` again would go round in a loop that is not the cycle sought: a function
 * already on the path, or a resource already passed since the last function. One bus (or topic)
 * may carry a cycle twice: A puts an event that triggers B, whose event on the same bus triggers A.
 */
function loops(path: readonly string[], id: string, functions: ReadonlySet<string>): boolean {
  if (functions.has(id)) return path.includes(id);
  for (let i = path.length - 1; i >= 0 && !functions.has(path[i]!); i--) if (path[i] === id) return true;
  return false;
}

/** A step of `walk` seen from where it leads: from `from`, through function `via` when there is one, `length` more ids on the path. */
type Into = { from: string; via?: string; length: number };

/**
 * The steps of `walk` backwards, by the node they lead to: a resource step adds the node left to the
 * path, a step through a function adds the node left and the function (one fewer when a function
 * invokes itself), and leads on to each target of that function's emissions.
 */
function reverseSteps(next: ReadonlyMap<string, readonly Step[]>, out: ReadonlyMap<string, readonly Emission[]>): Map<string, Into[]> {
  const into = new Map<string, Into[]>();
  const add = (to: string, step: Into) => {
    const list = into.get(to);
    if (list) list.push(step);
    else into.set(to, [step]);
  };
  for (const [from, steps] of next) {
    for (const step of steps) {
      if (step.kind === 'resource') add(step.to, { from, length: step.to === from ? 0 : 1 });
      else {
        // Reaching the start function ends a walk: that is `lengthsNeeded`'s zero, kept here as an edge without targets.
        add(step.to, { from, via: step.to, length: 0 });
        for (const emission of out.get(step.to) ?? []) add(emission.target!, { from, via: step.to, length: step.to === from ? 1 : 2 });
      }
    }
  }
  return into;
}

/**
 * For a search back to `start`: the least number of ids a path from each node must still add before
 * it reaches `start`, filters and loops left aside (so never more than a path the walk can take
 * needs). Nodes missing cannot get back at all. Shortest paths over lengths 0, 1 and 2, up to MAX_LENGTH.
 */
function lengthsNeeded(start: string, into: ReadonlyMap<string, readonly Into[]>): Map<string, number> {
  const need = new Map<string, number>();
  const buckets: string[][] = Array.from({ length: MAX_LENGTH + 1 }, () => []);
  const reach = (node: string, length: number) => {
    if (length > MAX_LENGTH || (need.get(node) ?? Infinity) <= length) return;
    need.set(node, length);
    buckets[length]!.push(node);
  };
  // A node with a step to the start function is where a walk ends.
  for (const step of into.get(start) ?? []) if (step.via === start && step.length === 0) reach(step.from, 0);
  for (let length = 0; length <= MAX_LENGTH; length++) {
    // A bucket grows while it is read: steps of length 0 (a link from a resource to itself) land in it.
    for (let i = 0; i < buckets[length]!.length; i++) {
      const node = buckets[length]![i]!;
      if (need.get(node) !== length) continue;
      for (const step of into.get(node) ?? []) {
        // Through the start function a walk ends: it never goes on to the start's own emissions.
        if (step.via === start || (step.via !== undefined && step.length === 0)) continue;
        reach(step.from, length + step.length);
      }
    }
  }
  return need;
}

/** From each resource: the functions it triggers and the resources it forwards to. */
function resourceSteps(stack: Stack): Map<string, Step[]> {
  const next = new Map<string, Step[]>();
  const add = (from: string, step: Step) => {
    const steps = next.get(from);
    if (steps) steps.push(step);
    else next.set(from, [step]);
  };
  for (const t of stack.triggers) {
    const source = t.source ?? (t.kind === 'EventBridge' ? DEFAULT_BUS : undefined);
    if (source) add(source, { to: t.functionLogicalId, kind: 'function', ...(t.filter ? { filter: t.filter } : {}) });
  }
  for (const link of stack.links) add(link.from, { to: link.to, kind: 'resource', ...(link.filter ? { filter: link.filter } : {}) });
  // A function invoked from code is "triggered" by its own logical id.
  for (const fn of stack.functions) add(fn.logicalId, { to: fn.logicalId, kind: 'function' });
  return next;
}

/** False only when the filter provably rejects the event; anything unknown may pass. */
export function mayPass(filter: EventFilter, sent: SentEvent): boolean {
  const pattern = filter.eventPattern;
  if (pattern) {
    if (!fieldMayMatch(pattern['source'], sent.source)) return false;
    if (!fieldMayMatch(pattern['detail-type'], sent.detailType)) return false;
  }
  const policy = filter.snsFilterPolicy;
  if (policy && sent.attributes) {
    for (const [name, rule] of Object.entries(policy)) {
      if (!sent.attributes.values.has(name)) {
        if (sent.attributes.complete && !allowsMissing(rule)) return false;
        continue;
      }
      if (!fieldMayMatch(rule, sent.attributes.values.get(name))) return false;
    }
  }
  if (sent.key !== undefined) {
    if (filter.s3Prefix !== undefined && !sent.key.startsWith(filter.s3Prefix)) return false;
    if (filter.s3Suffix !== undefined && !sent.key.endsWith(filter.s3Suffix)) return false;
  }
  return true;
}

/** One pattern field (a list of values and matchers) against a known value, or any of several. */
function fieldMayMatch(rule: unknown, value: string | readonly string[] | undefined): boolean {
  if (rule === undefined || value === undefined) return true;
  if (typeof value !== 'string') return value.some((one) => fieldMayMatch(rule, one));
  const alternatives = Array.isArray(rule) ? rule : [rule];
  return alternatives.some((alt) => {
    if (typeof alt === 'string' || typeof alt === 'number') return String(alt) === value;
    if (typeof alt !== 'object' || alt === null) return true;
    const matcher = alt as Record<string, unknown>;
    if (typeof matcher['prefix'] === 'string') return value.startsWith(matcher['prefix']);
    if (typeof matcher['suffix'] === 'string') return value.endsWith(matcher['suffix']);
    if ('anything-but' in matcher) {
      const excluded = matcher['anything-but'];
      const list = Array.isArray(excluded) ? excluded : [excluded];
      return !list.some((x) => typeof x === 'string' && x === value);
    }
    if ('exists' in matcher) return matcher['exists'] !== false;
    return true;
  });
}

function allowsMissing(rule: unknown): boolean {
  const alternatives = Array.isArray(rule) ? rule : [rule];
  return alternatives.some((alt) => typeof alt === 'object' && alt !== null && (alt as Record<string, unknown>)['exists'] === false);
}

