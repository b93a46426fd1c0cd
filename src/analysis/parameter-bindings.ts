import type { AstFunction, Node } from '../code/ast.js';
import type { ModuleIndex } from './module-index.js';

/**
 * What calls on the way gave parameters, during one walk from a handler: a list, newest first, of
 * the arguments of one call each (`makeHandler(createDependencies())` gives `makeHandler`'s `deps`),
 * with the bindings in force where those arguments were written. It lets a function reached through
 * a call resolve what its parameters stand for (an injected repository, a dependencies bag). The
 * first call that reaches a function decides, as the walk visits each function once.
 */
export interface Bindings {
  /** The function called, as `bindingKey` names it. */
  readonly fn: string;
  /** Where the arguments are written. */
  readonly index: ModuleIndex;
  readonly args: readonly Node[];
  /** The bindings in force where the arguments are written. */
  readonly argBindings: Bindings | undefined;
  readonly next: Bindings | undefined;
  readonly length: number;
}

/** How many calls the list remembers: past this, a call adds nothing (its parameters stay unknown). */
const MAX_LENGTH = 64;

export function bindingKey(index: ModuleIndex, fn: AstFunction): string {
  return `${index.file}#${fn.range[0]}`;
}

/** The bindings `next`, and a call of `fn` (in `fnIndex`) with `args` written in `index`. */
export function bindCall(
  fnIndex: ModuleIndex, fn: AstFunction, args: readonly Node[], index: ModuleIndex, argBindings: Bindings | undefined, next: Bindings | undefined,
): Bindings | undefined {
  if (args.length === 0 || (next?.length ?? 0) >= MAX_LENGTH) return next;
  return { fn: bindingKey(fnIndex, fn), index, args, argBindings, next, length: (next?.length ?? 0) + 1 };
}

/** The argument the newest call of `fn` gave at `position`, where it is written; undefined when none did, or a spread hides it. */
export function argumentOf(bindings: Bindings | undefined, fnIndex: ModuleIndex, fn: AstFunction, position: number): PassedArgument | undefined {
  return argumentAt(bindings, bindingKey(fnIndex, fn), position);
}

export interface PassedArgument {
  index: ModuleIndex;
  value: Node;
  /** The bindings in force where the argument is written. */
  bindings: Bindings | undefined;
}

/** `argumentOf`, with the function named by its `bindingKey`. */
export function argumentAt(bindings: Bindings | undefined, key: string, position: number): PassedArgument | undefined {
  for (let b = bindings; b; b = b.next) {
    if (b.fn !== key) continue;
    if (b.args.slice(0, position + 1).some((a) => a.type === 'SpreadElement')) return undefined;
    const value = b.args[position];
    return value ? { index: b.index, value, bindings: b.argBindings } : undefined;
  }
  return undefined;
}
