import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type AstFunction, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { calleeName } from './names.js';
import { getParents } from './parents.js';

/**
 * Powertools' idempotency entry points: `makeIdempotent(fn, ...)`, the `@idempotent(...)`
 * method decorator, and the middy middleware `makeHandlerIdempotent(...)` used in `.use(...)`.
 */
export const IDEMPOTENCY_GUARDS: readonly string[] = ['makeIdempotent', 'idempotent', 'makeHandlerIdempotent'];

const MAX_HOPS = 8;

/**
 * The functions in this file that run behind an idempotency guard, plus the same-file functions
 * they call by name (directly or transitively). A guard name is accepted in any of the three
 * positions: wrapping a function, decorating a method, or as middleware in a middy chain.
 */
export function guardedFunctions(program: TSESTree.Program, decls: Declarations, guards: readonly string[]): Set<AstFunction> {
  const names = new Set(guards);
  const parents = getParents(program);
  const guarded = new Set<AstFunction>();
  const add = (value: Node | undefined) => {
    const fn = value ? functionOf(value, decls) : undefined;
    if (fn) guarded.add(fn);
  };
  walk(program, (node) => {
    if (node.type === 'Decorator') {
      const expression = unwrap(node.expression);
      const name = expression.type === 'CallExpression' ? calleeName(expression.callee) : calleeName(expression);
      const owner = parents.get(node);
      if (name && names.has(name) && owner?.type === 'MethodDefinition') add(owner.value);
      return;
    }
    if (node.type !== 'CallExpression') return;
    const name = calleeName(node.callee);
    if (!name || !names.has(name)) return;
    for (const arg of node.arguments) add(arg);
    const use = parents.get(node);
    if (use?.type === 'CallExpression' && use.arguments.includes(node as TSESTree.CallExpressionArgument) &&
      calleeName(use.callee) === 'use') {
      for (const fn of middyChainFunctions(use, parents, decls)) guarded.add(fn);
    }
  });
  // Same-file helpers called from a guarded function run under the same guard.
  const queue = [...guarded];
  while (queue.length > 0) {
    const fn = queue.pop()!;
    walk(fn.body ?? fn, (node) => {
      if (node.type !== 'CallExpression') return;
      const callee = unwrap(node.callee);
      const target = callee.type === 'Identifier' ? decls.functionNamed(callee.name) : undefined;
      if (target && isFunctionNode(target) && !guarded.has(target)) {
        guarded.add(target);
        queue.push(target);
      }
    });
  }
  return guarded;
}

function functionOf(value: Node, decls: Declarations, hops = 0): AstFunction | undefined {
  const node = unwrap(value);
  if (isFunctionNode(node)) return node;
  if (node.type === 'Identifier' && hops < MAX_HOPS) {
    const fn = decls.functionNamed(node.name);
    if (fn && isFunctionNode(fn)) return fn;
    const init = decls.valueOf(node.name, node);
    return init ? functionOf(init, decls, hops + 1) : undefined;
  }
  return undefined;
}

/** The handler functions of the middy chain a `.use(...)` call belongs to: `middy(fn)` and `.handler(fn)`, up and down the chain. */
function middyChainFunctions(use: TSESTree.CallExpression, parents: Map<Node, Node>, decls: Declarations): AstFunction[] {
  const found: AstFunction[] = [];
  const take = (call: TSESTree.CallExpression) => {
    const callee = unwrap(call.callee);
    const isHandler = callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'handler';
    if (callee.type !== 'MemberExpression' || isHandler) {
      for (const arg of call.arguments) {
        const fn = functionOf(arg, decls);
        if (fn) found.push(fn);
      }
    }
  };
  // Up: `.use(x).handler(fn)`.
  for (let call: Node | undefined = use; call?.type === 'CallExpression';) {
    take(call);
    const member = parents.get(call);
    call = member?.type === 'MemberExpression' && member.object === call ? parents.get(member) : undefined;
  }
  // Down: `middy(fn).use(a).use(x)`, or `const handler = middy(fn); handler.use(x)`.
  let current: Node | undefined = use.callee;
  for (let hops = 0; current && hops < MAX_HOPS * 4; hops++) {
    const node: Node = unwrap(current);
    if (node.type === 'MemberExpression') current = node.object;
    else if (node.type === 'CallExpression') {
      if (node !== use) take(node);
      current = unwrap(node.callee).type === 'MemberExpression' ? node.callee : undefined;
    } else if (node.type === 'Identifier') current = decls.valueOf(node.name, node);
    else current = undefined;
  }
  return found;
}
