import type { Node } from './ast.js';
import type { SdkOperation } from './code-facts.js';
import { inputsOf, type FileScope } from './passed-inputs.js';
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
  return (staticString(value, scope.decls) ?? scope.imported?.(value))?.trim();
}
