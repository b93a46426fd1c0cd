import type { TSESTree } from '@typescript-eslint/types';
import { parameterName, propertyName, unwrap, type Node } from './ast.js';
import { enclosingFunctions, getParents } from './parents.js';

/** The Lambda context's properties that name the function running the code. */
const OWN_NAME_PROPERTIES = new Set(['functionName', 'invokedFunctionArn']);

/** Names a helper gives the Lambda context it is handed, whatever its position. */
const CONTEXT_NAMES = new Set(['context', 'ctx', 'lambdaContext', 'awsContext']);

/**
 * `context.functionName` or `context.invokedFunctionArn`: the name of the function that runs this
 * code. The object must be a parameter: the second one of its function (a handler's
 * `(event, context)`), or one named like the context (a helper it is passed to).
 */
export function isOwnFunctionName(expression: Node, program: TSESTree.Program): boolean {
  const node = unwrap(expression);
  if (node.type !== 'MemberExpression' || !OWN_NAME_PROPERTIES.has(propertyName(node.property, node.computed) ?? '')) return false;
  const object = unwrap(node.object);
  if (object.type !== 'Identifier') return false;
  for (const fn of enclosingFunctions(object, getParents(program))) {
    const position = fn.params.findIndex((param) => parameterName(param) === object.name);
    if (position !== -1) return position === 1 || CONTEXT_NAMES.has(object.name);
  }
  return false;
}
