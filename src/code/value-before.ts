import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, type AstFunction, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import type { StaticObject } from './static-values.js';

const MAX_HOPS = 8;

/**
 * What `expression.path` holds just before `at` runs, read in `at`'s file: a name is followed to
 * the last `name.key = value` written before `at` in the function that runs `at` (source order,
 * so a branch's assignment stands for that branch), else to its declared value; an object literal
 * to its property. Undefined where the value cannot be read (a parameter, a call, a computed key).
 *
 * `const payload = { detail: { id } }; payload.detail = { ...payload.detail, note }; send(payload)`
 * gives, for `send`'s argument and the path `detail`, the object literal with the spread in it.
 */
export function valueBefore(expression: Node, path: readonly string[], at: Node, scope: Scope, hops = 0): Node | undefined {
  if (hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  if (path.length === 0) return node;
  const [key, ...rest] = path as [string, ...string[]];
  if (node.type === 'Identifier') {
    const assigned = lastAssignment(node.name, key, at, scope);
    if (assigned) return valueBefore(assigned.right, rest, assigned, scope, hops + 1);
    const init = scope.decls.valueOf(node.name, node);
    return init ? valueBefore(init, path, at, scope, hops + 1) : undefined;
  }
  if (node.type === 'ObjectExpression') {
    const object = objectBefore(node, at, scope, hops + 1);
    const value = object?.properties.get(key);
    return value ? valueBefore(value, rest, at, scope, hops + 1) : undefined;
  }
  if (node.type === 'MemberExpression') {
    const name = propertyName(node.property, node.computed);
    return name === undefined ? undefined : valueBefore(node.object, [name, ...path], at, scope, hops + 1);
  }
  return undefined;
}

/**
 * An object literal read as `valueBefore` reads names: spreads of names and of their members
 * (`{ ...payload.detail, note }`) are expanded with what they hold before the literal.
 */
export function objectBefore(expression: Node, at: Node, scope: Scope, hops = 0): StaticObject | undefined {
  if (hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  if (node.type === 'Identifier') {
    const init = scope.decls.valueOf(node.name, node);
    return init ? objectBefore(init, at, scope, hops + 1) : undefined;
  }
  if (node.type === 'MemberExpression') {
    const name = propertyName(node.property, node.computed);
    const value = name === undefined ? undefined : valueBefore(node.object, [name], at, scope, hops + 1);
    return value ? objectBefore(value, at, scope, hops + 1) : undefined;
  }
  if (node.type !== 'ObjectExpression') return undefined;
  const result: StaticObject = { properties: new Map(), complete: true, literal: node };
  for (const prop of node.properties) {
    if (prop.type === 'SpreadElement') {
      const spread = objectBefore(prop.argument, node, scope, hops + 1);
      if (!spread?.complete) {
        result.complete = false;
        result.properties.clear();
      }
      if (spread) for (const [key, value] of spread.properties) result.properties.set(key, value);
      continue;
    }
    const key = propertyName(prop.key, prop.computed);
    if (key === undefined) {
      result.complete = false;
      result.properties.clear();
    } else result.properties.set(key, prop.value);
  }
  return result;
}

/** The file a value is read in: its declarations and its function nodes' parents. */
export interface Scope {
  program: TSESTree.Program;
  decls: Declarations;
  parents: Map<Node, Node>;
}

/** The last `name.key = value` that runs before `at` in the function that runs `at`. */
function lastAssignment(name: string, key: string, at: Node, scope: Scope): TSESTree.AssignmentExpression | undefined {
  // Writes in a nested function run when that function is called, not here: only the function's own count.
  const fn = enclosingFunction(at, scope.parents);
  let last: TSESTree.AssignmentExpression | undefined;
  for (const node of scope.decls.tree.memberWrites(fn, name, key)) {
    if (node.range[1] > at.range[0]) continue;
    if (!last || node.range[0] > last.range[0]) last = node;
  }
  return last;
}

function enclosingFunction(node: Node, parents: Map<Node, Node>): AstFunction | undefined {
  for (let parent = parents.get(node); parent; parent = parents.get(parent)) if (isFunctionNode(parent)) return parent;
  return undefined;
}
