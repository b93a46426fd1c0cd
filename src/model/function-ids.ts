import type { FunctionNode, Stack } from './types.js';

/** The ids a template may name a function by: its logical id, and in a Serverless service the `<Name>LambdaFunction` the framework generates. */
export function functionIds(fn: FunctionNode, stack: Stack): Set<string> {
  const ids = new Set([fn.logicalId]);
  if (stack.format === 'serverless') {
    const normalized = fn.logicalId.replaceAll('-', 'Dash').replaceAll('_', 'Underscore');
    ids.add(`${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`);
  }
  return ids;
}
