import type { TSESTree } from '@typescript-eslint/types';
import { walk, type AstFunction, type Node } from '../code/ast.js';
import { RESOURCE_NAME_KEYS } from '../code/resource-strings.js';
import { valueAtPath } from '../code/static-values.js';
import { resolveRef, type CodeProject } from './function-resolver.js';
import type { ModuleIndex } from './module-index.js';
import { parameterOf } from './request-wrappers.js';
import { operationsOf } from './sdk-operations.js';

/**
 * A resource name an SDK call takes from a parameter of a function (`(name) => sqs.send(new
 * GetQueueUrlCommand({ QueueName: name }))`): plain data, kept once per function. A call of the
 * function that gives a literal there names the resource in the code, as if it wrote the input.
 */
export interface ResourceParameter {
  /** Where the name is among the function's parameters: its position, then the properties read from it (`options.table`). */
  position: number;
  path: readonly string[];
  /** The input property the SDK call reads it as (`QueueName`). */
  key: string;
  /** Where the SDK call is made (through further functions the name is passed on to, the last). */
  file: string;
  line: number;
}

/** How many functions a name is followed through, helper to helper. */
const MAX_DEPTH = 4;

/** A function whose resource parameters are asked for, and how they are remembered. */
export interface ResourceParameterLookup {
  project: CodeProject;
  /** The answer for one function, computed once (`compute` runs when it is not kept yet). */
  remember(key: string, compute: () => ResourceParameter[]): ResourceParameter[];
}

/**
 * The resource names the SDK calls of a function take from its parameters: its own calls', and
 * those of the functions it passes such a parameter on to (same-file and imported), up to a few
 * functions deep.
 */
export function resourceParameters(lookup: ResourceParameterLookup, index: ModuleIndex, fn: AstFunction): ResourceParameter[] {
  return parametersOf(lookup, index, fn, 0, new Set());
}

function parametersOf(lookup: ResourceParameterLookup, index: ModuleIndex, fn: AstFunction, depth: number, visiting: Set<string>): ResourceParameter[] {
  const key = `${index.file}#${fn.range[0]}`;
  if (visiting.has(key) || depth > MAX_DEPTH) return [];
  return lookup.remember(`resource-parameters:${key}`, () => {
    visiting.add(key);
    try {
      return find(lookup, index, fn, depth, visiting);
    } finally {
      visiting.delete(key);
    }
  });
}

function find(lookup: ResourceParameterLookup, index: ModuleIndex, fn: AstFunction, depth: number, visiting: Set<string>): ResourceParameter[] {
  if (fn.params.length === 0) return [];
  const found: ResourceParameter[] = [];
  const operations = operationsOf(lookup.project.modules, index).filter((op) => inside(fn, op.node));
  const sdkCalls = new Set<Node>();
  for (const op of operations) {
    sdkCalls.add(op.node);
    const line = op.node.loc.start.line;
    if (op.input) {
      for (const [name, value] of op.input.properties) {
        const place = RESOURCE_NAME_KEYS.has(name) ? parameterPlace(index, fn, value) : undefined;
        if (place) found.push({ ...place, key: name, file: index.file, line });
      }
      continue;
    }
    // The whole input is a parameter (`(params) => ddb.get(params).promise()`): its caller names the resource in it.
    const whole = op.inputNode ? parameterPlace(index, fn, op.inputNode) : undefined;
    if (whole) for (const name of RESOURCE_NAME_KEYS) found.push({ position: whole.position, path: [...whole.path, name], key: name, file: index.file, line });
  }
  walk(fn.body, (node) => {
    if (node.type !== 'CallExpression' || sdkCalls.has(node) || node.arguments.length === 0) return;
    const ref = index.refOf(node);
    if (!ref) return;
    for (const callee of resolveRef(lookup.project, index, ref)) {
      if (callee.fn === 'module' || callee.fn === fn) continue;
      for (const param of parametersOf(lookup, callee.index, callee.fn, depth + 1, visiting)) {
        const place = passedPlace(index, fn, node.arguments, param);
        if (place) found.push({ ...param, ...place });
      }
    }
  });
  return found;
}

/** Where a call takes the name its callee's SDK call needs: a parameter of `fn` (or a property of one), as the argument or a property of an object given. */
function passedPlace(index: ModuleIndex, fn: AstFunction, args: readonly Node[], param: ResourceParameter): Pick<ResourceParameter, 'position' | 'path'> | undefined {
  const arg = args[param.position];
  if (!arg || args.slice(0, param.position + 1).some((a) => a.type === 'SpreadElement')) return undefined;
  const value = valueAtPath(arg, param.path, index.decls);
  if (value) return parameterPlace(index, fn, value);
  // An object handed on whole: the callee reads the name from it.
  const whole = parameterPlace(index, fn, arg);
  return whole ? { position: whole.position, path: [...whole.path, ...param.path] } : undefined;
}

function parameterPlace(index: ModuleIndex, fn: AstFunction, value: Node): Pick<ResourceParameter, 'position' | 'path'> | undefined {
  const param = parameterOf(index, value);
  return param?.fn === fn ? { position: param.position, path: param.path } : undefined;
}

function inside(fn: AstFunction, node: TSESTree.Node): boolean {
  return node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1];
}
