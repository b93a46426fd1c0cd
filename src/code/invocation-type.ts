import { unwrap, type Node } from './ast.js';
import type { SdkOperation } from './code-facts.js';
import { argumentsFor, inputsOf, type FileScope } from './passed-inputs.js';
import { staticString, type StaticObject } from './static-values.js';

/** A file, and what it cannot resolve itself: a name imported from a project module (the cross-layer analysis knows those). */
export interface InvocationScope extends FileScope {
  imported?: (value: Node) => string | undefined;
}

/**
 * A Lambda Invoke's InvocationType after trimming, `RequestResponse` when absent (the SDK default),
 * or undefined when it cannot be known statically. `InvokeAsync` is always `Event`. An input passed
 * to a same-file helper is read at the helper's calls; they must all agree.
 */
export function invocationTypeOf(op: SdkOperation, scope: InvocationScope): string | undefined {
  if (op.entry.service !== 'Lambda') return undefined;
  if (op.operation === 'InvokeAsync') return 'Event';
  if (op.operation !== 'Invoke') return undefined;
  if (!op.inputNode) return 'RequestResponse';
  const types = new Set(inputsOf(op, scope)?.map((input) => typeIn(input, scope)) ?? [undefined]);
  return types.size === 1 ? [...types][0] : undefined;
}

function typeIn(input: StaticObject, scope: InvocationScope): string | undefined {
  const value = input.properties.get('InvocationType');
  if (!value) return input.complete ? 'RequestResponse' : undefined;
  return typeOf(value, scope, 0);
}

const MAX_HOPS = 4;

/** A type written as a string, a constant (same-file or imported), or a parameter of a same-file function whose calls all pass the same. */
function typeOf(value: Node, scope: InvocationScope, hops: number): string | undefined {
  const known = (staticString(value, scope.decls) ?? scope.imported?.(value))?.trim();
  const node = unwrap(value);
  if (known !== undefined || node.type !== 'Identifier' || hops > MAX_HOPS) return known;
  const passed = argumentsFor(node, scope.program);
  if (!passed || passed.length === 0) return undefined;
  const types = new Set(passed.map((arg) => typeOf(arg, scope, hops + 1)));
  return types.size === 1 ? [...types][0] : undefined;
}
