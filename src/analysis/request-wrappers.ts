import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, walk, type AstFunction, type Node } from '../code/ast.js';
import { getCodeFacts } from '../code/code-facts.js';
import { originOfUrl, urlOrigin } from '../code/http-calls.js';
import { resolveObject } from '../code/static-values.js';
import { resolveRef, type CodeProject } from './function-resolver.js';
import type { ModuleIndex } from './module-index.js';

/**
 * An HTTP request a function makes to a URL its caller gives it (`getJson(url)` running
 * `fetch(url)`): plain data, kept once per function.
 */
export interface WrappedRequest {
  /** Where the URL is among the function's parameters: its position, then the properties read from it (`options.url`). */
  position: number;
  path: readonly string[];
  /** The HTTP client that makes the request (`fetch`, `axios`...). */
  library: string;
  /** Where the request is made (through further functions the URL is passed on to, the last). */
  file: string;
  line: number;
}

/** How many functions a URL is followed through, wrapper to wrapper. */
const MAX_DEPTH = 4;

/** A function whose requests are asked for, and how they are remembered. */
export interface WrapperLookup {
  project: CodeProject;
  /** The answer for one function, computed once (`compute` runs when it is not kept yet). */
  remember(key: string, compute: () => WrappedRequest[]): WrappedRequest[];
}

/**
 * The HTTP requests a function makes with a URL (or the host of one) it takes from a parameter:
 * its own (`(url) => fetch(url)`, `(path) => axios.get(path)`, `({ url }) => got(url)`,
 * `(options) => fetch(options.url)`), and those of the functions it passes such a URL on to
 * (same-file and imported), up to a few functions deep.
 */
export function wrappedRequests(lookup: WrapperLookup, index: ModuleIndex, fn: AstFunction): WrappedRequest[] {
  return requestsOf(lookup, index, fn, 0, new Set());
}

function requestsOf(lookup: WrapperLookup, index: ModuleIndex, fn: AstFunction, depth: number, visiting: Set<string>): WrappedRequest[] {
  const key = `${index.file}#${fn.range[0]}`;
  if (visiting.has(key) || depth > MAX_DEPTH) return [];
  return lookup.remember(`wrapped-requests:${key}`, () => {
    visiting.add(key);
    try {
      return find(lookup, index, fn, depth, visiting);
    } finally {
      visiting.delete(key);
    }
  });
}

function find(lookup: WrapperLookup, index: ModuleIndex, fn: AstFunction, depth: number, visiting: Set<string>): WrappedRequest[] {
  if (fn.params.length === 0) return [];
  const found: WrappedRequest[] = [];
  const httpCalls = getCodeFacts(index.program).httpCalls.filter((call) => inside(fn, call.node));
  for (const call of httpCalls) {
    const origin = urlOrigin(call, index.decls);
    const place = origin ? parameterPlace(index, fn, origin) : undefined;
    if (place) found.push({ ...place, library: call.library, file: index.file, line: call.node.loc.start.line });
  }
  const requests = new Set(httpCalls.map((call) => call.node));
  walk(fn.body, (node) => {
    if (node.type !== 'CallExpression' || requests.has(node) || node.arguments.length === 0) return;
    const ref = index.refOf(node);
    if (!ref) return;
    for (const callee of resolveRef(lookup.project, index, ref)) {
      if (callee.fn === 'module' || callee.fn === fn) continue;
      for (const request of requestsOf(lookup, callee.index, callee.fn, depth + 1, visiting)) {
        const place = passedPlace(index, fn, node.arguments, request);
        if (place) found.push({ ...request, ...place });
      }
    }
  });
  return found;
}

/**
 * Where a call takes the URL a request of its callee needs: a parameter of `fn` (or a property of
 * one), given as the argument itself, a URL built on it, or a property of an object literal.
 */
function passedPlace(index: ModuleIndex, fn: AstFunction, args: readonly Node[], request: WrappedRequest): Pick<WrappedRequest, 'position' | 'path'> | undefined {
  const arg = args[request.position];
  if (!arg || args.slice(0, request.position + 1).some((a) => a.type === 'SpreadElement')) return undefined;
  const url = valueAt(arg, request.path, index);
  if (url) {
    const origin = originOfUrl(url, index.decls);
    return origin ? parameterPlace(index, fn, origin) : undefined;
  }
  // An options object handed on whole: the callee reads the URL from it.
  const whole = parameterPlace(index, fn, arg);
  return whole ? { position: whole.position, path: [...whole.path, ...request.path] } : undefined;
}

/** The value at a property path of an object literal (through same-file names); the value itself for no path. */
function valueAt(value: Node, path: readonly string[], index: ModuleIndex): Node | undefined {
  let node: Node | undefined = value;
  for (const key of path) node = node && resolveObject(node, index.decls)?.properties.get(key);
  return node;
}

/** Which parameter of `fn` a value is (or a property of: `options.url`, a destructured `{ url }`). */
function parameterPlace(index: ModuleIndex, fn: AstFunction, value: Node): Pick<WrappedRequest, 'position' | 'path'> | undefined {
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

function inside(fn: AstFunction, node: TSESTree.Node): boolean {
  return node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1];
}
