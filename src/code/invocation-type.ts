import type { SdkOperation } from './code-facts.js';
import type { Declarations } from './declarations.js';
import { staticString } from './static-values.js';

/**
 * A Lambda Invoke's InvocationType after trimming, `RequestResponse` when absent (the SDK default),
 * or undefined when it cannot be known statically. `InvokeAsync` is always `Event`.
 */
export function invocationTypeOf(op: SdkOperation, decls: Declarations): string | undefined {
  if (op.entry.service !== 'Lambda') return undefined;
  if (op.operation === 'InvokeAsync') return 'Event';
  if (op.operation !== 'Invoke') return undefined;
  if (!op.inputNode) return 'RequestResponse';
  if (!op.input) return undefined;
  const value = op.input.properties.get('InvocationType');
  if (!value) return op.input.complete ? 'RequestResponse' : undefined;
  return staticString(value, decls)?.trim();
}
