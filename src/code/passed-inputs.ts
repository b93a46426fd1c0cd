import type { TSESTree } from '@typescript-eslint/types';
import { nodesOfType, parameterName, unwrap, walk, type Node } from './ast.js';
import type { SdkOperation } from './code-facts.js';
import { arrayElements, iteratedArray } from './array-elements.js';
import type { Declarations } from './declarations.js';
import { enclosingFunctions, getParents } from './parents.js';
import { resolveObject, type StaticObject } from './static-values.js';

/** A file, as the input of an SDK call is read in it. */
export interface FileScope {
  program: TSESTree.Program;
  decls: Declarations;
}

const MAX_HOPS = 4;

const callsByName = new WeakMap<TSESTree.Program, Map<string, TSESTree.CallExpression[]>>();

/**
 * The objects an SDK call's input may be: the input read statically, or, when the input is a
 * parameter of a same-file helper (`const invoke = (params) => lambda.invoke(params)`), the object
 * each call of that helper in the file passes, or, for the parameter of an iteration callback, each
 * element of the array it walks (`arrayElements`). Undefined when any of them cannot be read.
 */
export function inputsOf(op: SdkOperation, scope: FileScope): StaticObject[] | undefined {
  if (op.input) return [op.input];
  return op.inputNode ? passedObjects(op.inputNode, scope, 0) : undefined;
}

function passedObjects(expression: Node, scope: FileScope, hops: number): StaticObject[] | undefined {
  const node = unwrap(expression);
  if (node.type !== 'Identifier' || hops > MAX_HOPS) return undefined;
  const args = argumentsFor(node, scope.program) ?? iteratedElements(node, scope);
  if (!args || args.length === 0) return undefined;
  const objects: StaticObject[] = [];
  for (const arg of args) {
    const found = resolveObject(arg, scope.decls);
    const passed = found ? [found] : passedObjects(arg, scope, hops + 1);
    if (!passed) return undefined;
    objects.push(...passed);
  }
  return objects;
}

/** The elements an iteration callback's parameter is given (`inputs.map((input) => lambda.invoke(input))`). */
function iteratedElements(name: TSESTree.Identifier, scope: FileScope): Node[] | undefined {
  const array = iteratedArray(name, scope.program);
  return array ? arrayElements(array, scope, (param) => argumentsFor(param, scope.program)) : undefined;
}

/**
 * What a parameter is given: the argument at its position in every call of its function, by the
 * function's name, in the same file. Undefined when the name is no parameter of a named function,
 * or a call spreads its arguments.
 */
export function argumentsFor(name: TSESTree.Identifier, program: TSESTree.Program): Node[] | undefined {
  const parents = getParents(program);
  for (const fn of enclosingFunctions(name, parents)) {
    const position = fn.params.findIndex((p) => parameterName(p) === name.name);
    if (position === -1) continue;
    const fnName = functionName(fn, parents.get(fn));
    if (!fnName || fn.params.slice(0, position).some((p) => p.type === 'RestElement')) return undefined;
    const args: Node[] = [];
    for (const call of callsOf(program).get(fnName) ?? []) {
      if (call.arguments.slice(0, position + 1).some((a) => a.type === 'SpreadElement')) return undefined;
      const arg = call.arguments[position];
      if (arg) args.push(arg);
    }
    return args;
  }
  return undefined;
}

/** The calls of a named function in its own file, by its name; undefined for a function with no name to call it by. */
export function sameFileCalls(fn: TSESTree.FunctionLike, program: TSESTree.Program): TSESTree.CallExpression[] | undefined {
  const name = functionName(fn, getParents(program).get(fn));
  return name === undefined ? undefined : callsOf(program).get(name) ?? [];
}

function functionName(fn: TSESTree.FunctionLike, parent: Node | undefined): string | undefined {
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

function callsOf(program: TSESTree.Program): Map<string, TSESTree.CallExpression[]> {
  let calls = callsByName.get(program);
  if (!calls) {
    const found = new Map<string, TSESTree.CallExpression[]>();
    for (const node of nodesOfType(program, 'CallExpression')) {
      if (node.callee.type !== 'Identifier') continue;
      const list = found.get(node.callee.name);
      if (list) list.push(node);
      else found.set(node.callee.name, [node]);
    }
    calls = found;
    callsByName.set(program, calls);
  }
  return calls;
}
