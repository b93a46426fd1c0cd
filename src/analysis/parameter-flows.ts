import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, walk, type AstFunction, type Node } from '../code/ast.js';
import { valueAtPath } from '../code/static-values.js';
import { resolveRef, type CodeProject } from './function-resolver.js';
import type { ModuleIndex } from './module-index.js';

/**
 * A value a function takes from its caller and uses (a URL it requests, a resource name its SDK call
 * reads): where it is among the function's parameters, its position then the properties read from
 * it (`options.url`). Plain data, kept once per function.
 */
export interface ParameterUse {
  position: number;
  path: readonly string[];
}

/** How many functions a value is followed through, helper to helper. */
const MAX_DEPTH = 4;

/** The answers kept per function, and the project calls are resolved in. */
export interface ParameterUseLookup<T extends ParameterUse> {
  project: CodeProject;
  /** The answer for one function, computed once (`compute` runs when it is not kept yet). */
  remember(key: string, compute: () => T[]): T[];
}

/** What one kind of use is: the uses a function makes itself, and how a value handed to it is read. */
export interface ParameterUseKind<T extends ParameterUse> {
  /** Names the kind in the keys answers are kept under. */
  name: string;
  /** The uses `fn` makes itself, and the calls that make them (not followed as helpers). */
  own(index: ModuleIndex, fn: AstFunction, project: CodeProject): { uses: T[]; calls: ReadonlySet<Node> };
  /** What a value handed on stands for before it is looked up as a parameter (a URL built on one: its origin). */
  origin?(value: Node, index: ModuleIndex): Node | undefined;
}

/**
 * The uses `fn` makes of values its callers give it: its own, and those of the functions it hands
 * such a value on to (same-file and imported), up to a few functions deep.
 */
export function parameterUses<T extends ParameterUse>(kind: ParameterUseKind<T>, lookup: ParameterUseLookup<T>, index: ModuleIndex, fn: AstFunction): T[] {
  return usesOf(kind, lookup, index, fn, 0, new Set());
}

function usesOf<T extends ParameterUse>(kind: ParameterUseKind<T>, lookup: ParameterUseLookup<T>, index: ModuleIndex, fn: AstFunction, depth: number, visiting: Set<string>): T[] {
  const key = `${index.file}#${fn.range[0]}`;
  if (visiting.has(key) || depth > MAX_DEPTH) return [];
  return lookup.remember(`${kind.name}:${key}`, () => {
    visiting.add(key);
    try {
      return find(kind, lookup, index, fn, depth, visiting);
    } finally {
      visiting.delete(key);
    }
  });
}

function find<T extends ParameterUse>(kind: ParameterUseKind<T>, lookup: ParameterUseLookup<T>, index: ModuleIndex, fn: AstFunction, depth: number, visiting: Set<string>): T[] {
  if (fn.params.length === 0) return [];
  const { uses, calls } = kind.own(index, fn, lookup.project);
  const found = [...uses];
  walk(fn.body, (node) => {
    if (node.type !== 'CallExpression' || calls.has(node) || node.arguments.length === 0) return;
    const ref = index.refOf(node);
    if (!ref) return;
    for (const callee of resolveRef(lookup.project, index, ref)) {
      if (callee.fn === 'module' || callee.fn === fn) continue;
      for (const use of usesOf(kind, lookup, callee.index, callee.fn, depth + 1, visiting)) {
        const place = passedPlace(kind, index, fn, node.arguments, use);
        if (place) found.push({ ...use, ...place });
      }
    }
  });
  return found;
}

/**
 * Where a call takes the value a use of its callee needs: a parameter of `fn` (or a property of
 * one), given as the argument itself, a value built on it, or a property of an object literal.
 */
function passedPlace<T extends ParameterUse>(kind: ParameterUseKind<T>, index: ModuleIndex, fn: AstFunction, args: readonly Node[], use: T): ParameterUse | undefined {
  const arg = args[use.position];
  if (!arg || args.slice(0, use.position + 1).some((a) => a.type === 'SpreadElement')) return undefined;
  const value = valueAtPath(arg, use.path, index.decls);
  if (value) {
    const origin = kind.origin ? kind.origin(value, index) : value;
    return origin ? parameterPlace(index, fn, origin) : undefined;
  }
  // An object handed on whole: the callee reads the value from it.
  const whole = parameterPlace(index, fn, arg);
  return whole ? { position: whole.position, path: [...whole.path, ...use.path] } : undefined;
}

/** Which parameter of `fn` a value is (or a property of: `options.url`, a destructured `{ url }`). */
export function parameterPlace(index: ModuleIndex, fn: AstFunction, value: Node): ParameterUse | undefined {
  const param = parameterOf(index, value);
  return param?.fn === fn ? { position: param.position, path: param.path } : undefined;
}

/** The parameter a value is, or a property of, of whichever function around it. */
export function parameterOf(index: ModuleIndex, value: Node): { fn: AstFunction; position: number; path: readonly string[] } | undefined {
  let node = unwrap(value);
  const path: string[] = [];
  while (node.type === 'MemberExpression') {
    const key = propertyName(node.property, node.computed);
    if (key === undefined) return undefined;
    path.unshift(key);
    node = unwrap(node.object);
  }
  if (node.type !== 'Identifier') return undefined;
  const ref = index.nameRef(node.name, node);
  return ref?.kind === 'param' ? { fn: ref.param.fn, position: ref.param.position, path: [...ref.param.path, ...path] } : undefined;
}

/** Whether `node` lies in `fn`. */
export function inside(fn: AstFunction, node: TSESTree.Node): boolean {
  return node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1];
}
