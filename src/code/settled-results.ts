import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, nodesOfType, propertyName, unwrap, walk, type Node } from './ast.js';
import { isPromiseMethod } from './catches.js';
import { isValueReference } from './references.js';
import { getParents } from './parents.js';

/** A `Promise.allSettled(...)` call, and what reads its rejections. */
export interface SettledCall {
  call: TSESTree.CallExpression;
  /**
   * The rejections are dropped: the result is not used at all, or it is kept but nothing in reach
   * reads a result's `status` or `reason`, and it is not handed on (returned, passed to a
   * function, stored in an object).
   */
  dropped: boolean;
  /** The code that runs for a rejected result (`if (r.status === 'rejected') { ... }`), with the names the result goes by there. */
  rejectedBranches: RejectedBranch[];
}

export interface RejectedBranch {
  body: Node;
  names: ReadonlySet<string>;
}

/** Every `Promise.allSettled(...)` call of the file; computed once per file. */
const cache = new WeakMap<TSESTree.Program, SettledCall[]>();

export function settledCalls(program: TSESTree.Program): SettledCall[] {
  let calls = cache.get(program);
  if (!calls) {
    const parents = getParents(program);
    const found: SettledCall[] = [];
    for (const node of nodesOfType(program, 'CallExpression')) {
      if (!isPromiseMethod(node, 'allSettled')) continue;
      const reader = readerOf(node, parents);
      found.push({ call: node, dropped: reader === 'dropped', rejectedBranches: reader && reader !== 'dropped' ? rejectedBranches(reader) : [] });
    }
    calls = found;
    cache.set(program, calls);
  }
  return calls;
}

const TRANSPARENT = new Set(['AwaitExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ChainExpression']);

/**
 * The code that reads the results: `dropped` when nothing does, undefined when they are handed on
 * (returned, passed to a function, stored) or to a callback we cannot read.
 */
function readerOf(call: TSESTree.CallExpression, parents: Map<Node, Node>): Node | 'dropped' | undefined {
  let value: Node = call;
  let parent = parents.get(value);
  while (parent && TRANSPARENT.has(parent.type)) {
    value = parent;
    parent = parents.get(value);
  }
  if (!parent || parent.type === 'ExpressionStatement') return 'dropped';
  const judged = (scope: Node, names: ReadonlySet<string>) => (inspects(scope, names) ? scope : 'dropped');
  if (parent.type === 'MemberExpression' && parent.object === value) {
    const method = propertyName(parent.property, parent.computed);
    const use = parents.get(parent);
    if (method === 'then' && use?.type === 'CallExpression' && use.callee === parent) {
      const callback = use.arguments[0] && unwrap(use.arguments[0]);
      if (!callback || !isFunctionNode(callback)) return undefined;
      const param = callback.params[0];
      return param ? judged(callback.body, boundNames(param)) : 'dropped';
    }
    // `(await Promise.allSettled(x)).filter(...)`: judge the statement it is part of.
    return judged(enclosingStatement(parent, parents), new Set());
  }
  if (parent.type === 'VariableDeclarator' && parent.init === value) return judged(scopeOf(parent, parents), boundNames(parent.id));
  if (parent.type === 'AssignmentExpression' && parent.right === value) return judged(scopeOf(parent, parents), boundNames(parent.left));
  // Returned, passed on, stored: someone else may look at the results.
  return undefined;
}

/**
 * The branches in `scope` that run for a rejected result: the consequent of a test that a
 * result's `status` is `'rejected'` (or is not `'fulfilled'`), in an `if`, a `?:` or an `&&`.
 */
function rejectedBranches(scope: Node): RejectedBranch[] {
  const branches: RejectedBranch[] = [];
  walk(scope, (node) => {
    const [test, body] = node.type === 'IfStatement' || node.type === 'ConditionalExpression'
      ? [node.test, node.consequent]
      : node.type === 'LogicalExpression' && node.operator === '&&' ? [node.left, node.right] : [];
    const names = test && rejectedTest(test);
    if (names && body) branches.push({ body, names });
  });
  return branches;
}

/** For `r.status === 'rejected'`, `status !== 'fulfilled'` and the like: the names the failed result goes by (`r`, a destructured `reason`). */
function rejectedTest(test: Node): ReadonlySet<string> | undefined {
  const node = unwrap(test);
  if (node.type !== 'BinaryExpression' || !['===', '==', '!==', '!='].includes(node.operator)) return undefined;
  const sides = [unwrap(node.left), unwrap(node.right)];
  const literal = sides.find((s): s is TSESTree.StringLiteral => s.type === 'Literal' && typeof s.value === 'string');
  const status = sides.find((s) => s !== literal);
  if (!literal || !status) return undefined;
  const equals = node.operator === '===' || node.operator === '==';
  if (!(equals ? literal.value === 'rejected' : literal.value === 'fulfilled')) return undefined;
  if (status.type === 'Identifier' && status.name === 'status') return new Set(['reason']);
  if (status.type !== 'MemberExpression' || propertyName(status.property, status.computed) !== 'status') return undefined;
  const result = unwrap(status.object);
  return new Set(['reason', ...(result.type === 'Identifier' ? [result.name] : [])]);
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
