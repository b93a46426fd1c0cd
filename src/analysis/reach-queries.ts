import { getCodeFacts } from '../code/code-facts.js';
import { guardedFunctions } from '../code/idempotency.js';
import type { Delivery } from '../model/types.js';
import type { ProjectAnalysis, Reach } from './analysis.js';

/** Questions rules ask about a reach (a deployed function and the call chain to some code): how it is invoked, and what guards it. */

/**
 * The reaching functions that may run an event more than once: a queue, stream or asynchronous
 * trigger, or an asynchronous invoke from code (`InvocationType: 'Event'`).
 */
export function atLeastOnce(analysis: ProjectAnalysis, reaches: readonly Reach[]): Reach[] {
  return reaches.filter((r) => deliveriesOf(analysis, r).some((d) => d !== 'sync') || analysis.asyncInvokers(r.fn, r.stack).length > 0);
}

/**
 * Whether an idempotency guard (Powertools makeIdempotent, middy's idempotency middleware, a
 * team's own) wraps any function on the path from the handler to the code: then a replay is
 * answered from the idempotency record, whichever module the write lives in.
 */
export function guardedOnTheWay(analysis: ProjectAnalysis, reach: Reach, guards: readonly string[]): boolean {
  const guardKey = guards.join('\u0000');
  for (const step of reach.chain) {
    if (step.name === '(module)') continue;
    // Lines, not nodes: the answer outlives the module's tree (see ProjectAnalysis.remember).
    const lines = analysis.remember(`guarded-lines\u0000${guardKey}\u0000${step.file}`, () => {
      const index = analysis.moduleIndex(step.file);
      return new Set(index ? [...guardedFunctions(index.program, index.decls, guards)].map((fn) => fn.loc.start.line) : []);
    });
    if (lines.has(step.line)) return true;
  }
  // Where the handler is written: a handler file may re-export it from the module that wraps it.
  const handler = analysis.handlerDefinitionOf(reach.fn);
  if (!handler) return false;
  const wrappers = analysis.remember(`handler-wrappers\u0000${handler.file}\u0000${handler.exportName}`, () => {
    const index = analysis.moduleIndex(handler.file);
    return index ? getCodeFacts(index.program).exportedFunctions.find((e) => e.name === handler.exportName)?.wrappers ?? [] : [];
  });
  return wrappers.some((w) => guards.includes(w));
}

export function deliveriesOf(analysis: ProjectAnalysis, reach: Reach): Delivery[] {
  return analysis.stackIndex(reach.stack).triggersOf(reach.fn.logicalId).map((t) => t.delivery);
}

/** `SQS OrdersQueue`, or `an asynchronous invoke from OrdersApi`: what delivers events to a function at least once. */
export function atLeastOnceSource(analysis: ProjectAnalysis, reach: Reach): string {
  const stack = analysis.stackIndex(reach.stack);
  const trigger = stack.triggersOf(reach.fn.logicalId).find((t) => t.delivery !== 'sync');
  if (trigger) return `${trigger.kind}${trigger.source ? ` ${stack.nameOf(trigger.source)}` : ''}`;
  const invoker = analysis.asyncInvokers(reach.fn, reach.stack)[0];
  return invoker ? `an asynchronous invoke from ${invoker.reach.fn.name ?? invoker.reach.fn.logicalId}` : 'an asynchronous source';
}

/**
 * Of the functions that reach some code, one that nobody waits for (a queue, stream or
 * asynchronous trigger, or an asynchronous invoke), preferring one whose handler is that code
 * itself, where even what the code returns goes to Lambda and is dropped. Undefined when every
 * function reaching it has a caller that reads the answer, or when none does.
 */
export function unreadReach(analysis: ProjectAnalysis, reaches: readonly Reach[]): { reach: Reach; inHandler: boolean } | undefined {
  const unread = atLeastOnce(analysis, reaches);
  const handler = unread.find(isHandlerItself);
  if (handler) return { reach: handler, inHandler: true };
  return unread[0] ? { reach: unread[0], inHandler: false } : undefined;
}

/** Whether the code a reach ends at is the function's handler itself, not a function it calls. */
function isHandlerItself(reach: Reach): boolean {
  return reach.chain.length === 1 && reach.chain[0]!.name !== '(module)';
}
