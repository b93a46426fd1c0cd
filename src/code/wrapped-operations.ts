import type { TSESTree } from '@typescript-eslint/types';
import { unwrap } from './ast.js';
import type { SdkOperation } from './code-facts.js';
import type { Declarations } from './declarations.js';
import { modulePath } from './module-paths.js';
import { catalogIndex, operationForMethod, type ServiceEntry } from './sdk-catalog.js';
import { resolveObject, staticString } from './static-values.js';

/**
 * A DynamoDB operation made through a project module that wraps the client, told at the call site
 * which operation to run: by name (`dynamoDb.call('put', params)`, for a wrapper that runs
 * `docClient[action](params)`), or by the wrapper's method (`db.put(params)`, for one that
 * forwards to `docClient.put(params)`). The wrapper cannot say what is written; the caller's
 * parameters can, so the operation is judged where they are.
 */
export interface WrappedOperation extends SdkOperation {
  /** `argument` when the call names the operation in a string, `method` when the wrapper's method is named after it. */
  named: 'argument' | 'method';
}

/** The document client first: wrappers of either client take the same parameter shapes, and the document client's names are the common ones. */
const DYNAMODB_CLIENTS = ['@aws-sdk/lib-dynamodb', '@aws-sdk/client-dynamodb']
  .map((source) => catalogIndex.byV3Package.get(source))
  .filter((entry): entry is ServiceEntry => entry !== undefined);

/**
 * The operation a call to a project module's function makes, when the call names a DynamoDB
 * operation and passes parameters for it: an object with a `TableName` (or, for a transaction,
 * `TransactItems`), which is what sets the call apart from a same-named method of anything else.
 * (A batch write is reported in the wrapper itself: it cannot carry conditions, whoever calls it.)
 */
export function wrappedOperationOf(node: TSESTree.CallExpression, decls: Declarations): WrappedOperation | undefined {
  const target = modulePath(node.callee, decls);
  if (!target?.source.startsWith('.')) return undefined;
  const args = node.arguments;
  for (const [i, arg] of args.entries()) {
    const name = staticString(arg, decls);
    const found = name !== undefined ? operationNamed(name) : undefined;
    const inputNode = found ? args.slice(i + 1).find((next) => hasTableName(next, decls)) : undefined;
    if (found && inputNode) return wrapped(found, node, inputNode, 'argument', decls);
  }
  const method = target.path.at(-1);
  const found = method !== undefined ? operationNamed(method) : undefined;
  const first = args[0];
  return found && first && hasTableName(first, decls) ? wrapped(found, node, first, 'method', decls) : undefined;
}

function operationNamed(method: string): { entry: ServiceEntry; operation: string } | undefined {
  for (const entry of DYNAMODB_CLIENTS) {
    const operation = operationForMethod(entry, method);
    if (operation) return { entry, operation };
  }
  return undefined;
}

const REQUEST_KEYS = ['TableName', 'TransactItems'];

function hasTableName(arg: TSESTree.CallExpressionArgument, decls: Declarations): boolean {
  const properties = arg.type === 'SpreadElement' ? undefined : resolveObject(unwrap(arg), decls)?.properties;
  return !!properties && REQUEST_KEYS.some((key) => properties.has(key));
}

function wrapped(
  found: { entry: ServiceEntry; operation: string }, node: TSESTree.CallExpression, inputNode: TSESTree.CallExpressionArgument,
  named: WrappedOperation['named'], decls: Declarations,
): WrappedOperation {
  const input = resolveObject(inputNode, decls)!;
  return { entry: found.entry, operation: found.operation, kind: found.entry.operations[found.operation]!, sdk: 'v2', node, inputNode, input, named };
}
