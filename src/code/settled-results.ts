import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type Node } from './ast.js';
import { isPromiseMethod } from './catches.js';
import { isValueReference } from './references.js';
import { getParents } from './parents.js';

/**
 * `Promise.allSettled(...)` calls whose rejections are dropped: the result is not used at all, or
 * it is kept but nothing in reach reads a result's `status` or `reason`, and it is not handed on
 * (returned, passed to a function, stored in an object). Computed once per file.
 */
const cache = new WeakMap<TSESTree.Program, TSESTree.CallExpression[]>();

export function droppedSettledResults(program: TSESTree.Program): TSESTree.CallExpression[] {
  let dropped = cache.get(program);
  if (!dropped) {
    const parents = getParents(program);
    const found: TSESTree.CallExpression[] = [];
    walk(program, (node) => {
      if (isPromiseMethod(node, 'allSettled') && isDropped(node, parents)) found.push(node);
    });
    dropped = found;
    cache.set(program, dropped);
  }
  return dropped;
}

const TRANSPARENT = new Set(['AwaitExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ChainExpression']);

function isDropped(call: TSESTree.CallExpression, parents: Map<Node, Node>): boolean {
  let value: Node = call;
  let parent = parents.get(value);
  while (parent && TRANSPARENT.has(parent.type)) {
    value = parent;
    parent = parents.get(value);
  }
  if (!parent || parent.type === 'ExpressionStatement') return true;
  if (parent.type === 'MemberExpression' && parent.object === value) {
    const method = propertyName(parent.property, parent.computed);
    const use = parents.get(parent);
    if (method === 'then' && use?.type === 'CallExpression' && use.callee === parent) {
      const callback = use.arguments[0] && unwrap(use.arguments[0]);
      if (!callback || !isFunctionNode(callback)) return false;
      const param = callback.params[0];
      return !param || !inspects(callback.body, boundNames(param));
    }
    // `(await Promise.allSettled(x)).filter(...)`: judge the statement it is part of.
    return !inspects(enclosingStatement(parent, parents), new Set());
  }
  if (parent.type === 'VariableDeclarator' && parent.init === value) return !inspects(scopeOf(parent, parents), boundNames(parent.id));
  if (parent.type === 'AssignmentExpression' && parent.right === value) return !inspects(scopeOf(parent, parents), boundNames(parent.left));
  // Returned, passed on, stored: someone else may look at the results.
  return false;
}

/** Whether `scope` reads a settled result's `status`/`reason`, or hands one of `names` on. */
function inspects(scope: Node, names: ReadonlySet<string>): boolean {
  let found = false;
  walk(scope, (node, ancestors) => {
    if (found) return;
    if (node.type === 'MemberExpression' && ['status', 'reason'].includes(propertyName(node.property, node.computed) ?? '')) found = true;
    else if (node.type === 'Property' && ancestors.at(-1)?.type === 'ObjectPattern' && ['status', 'reason'].includes(propertyName(node.key, node.computed) ?? '')) found = true;
    else if (node.type === 'Identifier' && names.has(node.name) && isValueReference(node, ancestors) && handsOn(node, ancestors.at(-1))) found = true;
  });
  return found;
}

function handsOn(node: Node, parent: Node | undefined): boolean {
  switch (parent?.type) {
    case 'CallExpression':
    case 'NewExpression':
      return parent.arguments.includes(node as TSESTree.CallExpressionArgument);
    case 'ReturnStatement':
    case 'SpreadElement':
    case 'ArrayExpression':
    case 'YieldExpression':
      return true;
    case 'Property':
      return parent.value === node;
    case 'AssignmentExpression':
      return parent.right === node;
    case 'VariableDeclarator':
      return parent.init === node;
    case 'ArrowFunctionExpression':
      return parent.body === node;
    default:
      return false;
  }
}

function boundNames(pattern: Node): Set<string> {
  const names = new Set<string>();
  walk(pattern, (node, ancestors) => {
    const parent = ancestors.at(-1);
    if (node.type !== 'Identifier') return;
    if (parent?.type === 'Property' && parent.key === node && !parent.shorthand) return;
    if (parent?.type === 'AssignmentPattern' && parent.right === node) return;
    names.add(node.name);
  });
  return names;
}

function scopeOf(node: Node, parents: Map<Node, Node>): Node {
  let current: Node | undefined = parents.get(node);
  while (current && !isFunctionNode(current) && current.type !== 'Program') current = parents.get(current);
  return current && isFunctionNode(current) ? current.body : (current ?? node);
}

function enclosingStatement(node: Node, parents: Map<Node, Node>): Node {
  let current = node;
  for (let parent = parents.get(current); parent; parent = parents.get(current)) {
    if (parent.type === 'BlockStatement' || parent.type === 'Program' || isFunctionNode(parent)) return current;
    current = parent;
  }
  return current;
}
