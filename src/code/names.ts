import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type Node } from './ast.js';
import { isValueReference } from './references.js';

/** `foo` for `foo(...)`, `bar` for `a.b.bar(...)` / `new a.bar()`: the name a reader calls the callee by. */
export function calleeName(callee: Node): string | undefined {
  const node = unwrap(callee);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return propertyName(node.property, node.computed);
  return undefined;
}

/** Whether `root` reads any of `names` at run time (nested functions included). */
export function mentionsAny(root: Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  forEachReference(root, (id) => {
    if (names.has(id.name)) found = true;
  });
  return found;
}

/** Every identifier under `root` that reads a name at run time; `skipFunctions` leaves out nested functions' bodies. */
export function forEachReference(root: Node, visit: (id: TSESTree.Identifier) => void, skipFunctions = false): void {
  walk(root, (node, ancestors) => {
    if (node.type !== 'Identifier') return;
    // `ancestors` runs from `root` down: a nested function is any function below it.
    if (skipFunctions && ancestors.some((a, i) => i > 0 && isFunctionNode(a))) return;
    if (ancestors.length === 0 || isValueReference(node, ancestors)) visit(node);
  });
}
