import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, parameterName, propertyName, unwrap, walk, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { getParents } from './parents.js';

/** A file, as the elements of an array are read in it. */
export interface ElementScope {
  program: TSESTree.Program;
  decls: Declarations;
}

/** A parameter's arguments at the same-file calls of its function (`argumentsFor`), passed in to keep the layers apart. */
export type ArgumentsOf = (name: TSESTree.Identifier) => Node[] | undefined;

const MAX_HOPS = 8;

/** Array methods whose callback is given, as its first parameter, each element of the array they are called on. */
const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'some', 'every', 'findLast']);

/** Array methods whose result holds (some of) the elements of the array they are called on. */
const SAME_ELEMENTS = new Set(['filter', 'slice', 'reverse', 'sort', 'toSorted', 'toReversed']);

/**
 * The array a callback parameter walks (`items.map((item) => ...)`, `item` walks `items`), or
 * undefined when `name` is no first parameter of such a callback.
 */
export function iteratedArray(name: TSESTree.Identifier, program: TSESTree.Program): Node | undefined {
  const parents = getParents(program);
  for (let node = parents.get(name); node; node = parents.get(node)) {
    if (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression' && node.type !== 'FunctionDeclaration') continue;
    const position = node.params.findIndex((p) => parameterName(p) === name.name);
    if (position === -1) continue;
    if (position !== 0) return undefined;
    const call = parents.get(node);
    if (call?.type !== 'CallExpression' || call.arguments[0] !== node || call.callee.type !== 'MemberExpression') return undefined;
    const method = propertyName(call.callee.property, call.callee.computed);
    return method && ELEMENT_CALLBACKS.has(method) ? call.callee.object : undefined;
  }
  return undefined;
}

/**
 * The expressions an array holds, read without running anything: an array literal, a same-file
 * variable, what a `map` callback returns, the array `Promise.all` settles, what a same-file function
 * returns, or, for a parameter, the arrays every same-file call passes. Undefined when any cannot be read.
 */
export function arrayElements(expression: Node, scope: ElementScope, argumentsOf: ArgumentsOf, hops = 0): Node[] | undefined {
  if (hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  const next = (e: Node): Node[] | undefined => arrayElements(e, scope, argumentsOf, hops + 1);
  if (node.type === 'AwaitExpression') return next(node.argument);
  if (node.type === 'ArrayExpression') return allOf(node.elements.map((e) => (!e ? [] : e.type === 'SpreadElement' ? next(e.argument) : [e])));
  if (node.type === 'Identifier') {
    const value = scope.decls.valueOf(node.name, node);
    if (value) return next(value);
    const passed = argumentsOf(node);
    return passed && passed.length > 0 ? allOf(passed.map(next)) : undefined;
  }
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(node.callee);
  if (callee.type === 'Identifier') {
    const fn = scope.decls.functionNamed(callee.name);
    const returned = fn ? returnedExpressions(fn) : undefined;
    return returned ? allOf(returned.map(next)) : undefined;
  }
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee.property, callee.computed);
  const receiver = unwrap(callee.object);
  // Awaiting `Promise.all` gives each element settled: what an async callback returns is the element.
  if (method === 'all' && receiver.type === 'Identifier' && receiver.name === 'Promise') return node.arguments[0] ? next(node.arguments[0]) : undefined;
  if (method === 'map') {
    const callback = node.arguments[0] && unwrap(node.arguments[0]);
    const isCallback = callback && (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression');
    return isCallback ? returnedExpressions(callback) : undefined;
  }
  return method && SAME_ELEMENTS.has(method) ? next(callee.object) : undefined;
}

function allOf(lists: (Node[] | undefined)[]): Node[] | undefined {
  return lists.every((l) => l !== undefined) ? (lists as Node[][]).flat() : undefined;
}

/** What a function returns: its expression body, or the values of all its own returns (each must give one). */
function returnedExpressions(fn: TSESTree.FunctionLike): Node[] | undefined {
  if (!fn.body) return undefined;
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const returns: TSESTree.ReturnStatement[] = [];
  walk(fn.body, (node, ancestors) => {
    if (node.type === 'ReturnStatement' && !ancestors.some((a) => a !== fn && isFunctionNode(a))) returns.push(node);
  });
  if (returns.length === 0 || returns.some((r) => !r.argument)) return undefined;
  return returns.map((r) => r.argument!);
}
