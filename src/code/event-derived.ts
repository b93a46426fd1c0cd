import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, unwrap, walk, type AstFunction, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { mentionsAny } from './names.js';

/**
 * What carries the incoming event: the handlers' parameters (event, context) and every name whose
 * value is computed from them (`const body = JSON.parse(event.body)`, `for (const record of
 * event.Records)`, `event.Records.map((r) => ...)`), followed into the same-file functions the
 * handlers call with such values. Scope-free, like `Declarations`: a name counts wherever it is used
 * inside those functions.
 */
export interface EventDerived {
  /** The handlers and the same-file functions they pass event-derived values to. */
  functions: Set<AstFunction>;
  names: Set<string>;
}

const MAX_ROUNDS = 6;
const cache = new WeakMap<TSESTree.Program, Map<string, EventDerived>>();

export function eventDerived(program: TSESTree.Program, decls: Declarations, handlers: readonly AstFunction[]): EventDerived {
  const byHandlers = cache.get(program) ?? new Map<string, EventDerived>();
  cache.set(program, byHandlers);
  const key = handlers.map((h) => h.range.join(':')).join(',');
  let result = byHandlers.get(key);
  if (!result) {
    result = compute(decls, handlers);
    byHandlers.set(key, result);
  }
  return result;
}

function compute(decls: Declarations, handlers: readonly AstFunction[]): EventDerived {
  const functions = new Set<AstFunction>(handlers);
  const names = new Set<string>();
  for (const handler of handlers) for (const param of handler.params) for (const name of boundNames(param)) names.add(name);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = names.size + functions.size;
    for (const fn of [...functions]) walk(fn, (node) => learn(node, names, functions, decls));
    if (names.size + functions.size === before) break;
  }
  return { functions, names };
}

function learn(node: Node, names: Set<string>, functions: Set<AstFunction>, decls: Declarations): void {
  const add = (pattern: Node) => {
    for (const name of boundNames(pattern)) names.add(name);
  };
  switch (node.type) {
    case 'VariableDeclarator':
      if (node.init && mentionsAny(node.init, names)) add(node.id);
      return;
    case 'AssignmentExpression':
      if (mentionsAny(node.right, names)) add(node.left);
      return;
    case 'ForOfStatement':
    case 'ForInStatement':
      if (mentionsAny(node.right, names)) add(node.left.type === 'VariableDeclaration' ? node.left.declarations[0]!.id : node.left);
      return;
    case 'CallExpression': {
      const callee = unwrap(node.callee);
      // `event.Records.map((record) => ...)`, `processPartialResponse(event, recordHandler, processor)`:
      // a function handed over together with the event is called with (parts of) it.
      const carries = (callee.type === 'MemberExpression' && mentionsAny(callee.object, names)) ||
        node.arguments.some((arg) => !isFunctionNode(arg) && mentionsAny(arg, names));
      if (carries) {
        for (const arg of node.arguments) {
          const fn = functionOf(arg, decls);
          if (!fn) continue;
          fn.params.forEach(add);
          functions.add(fn);
        }
      }
      // `publish(event.detail)`: a same-file function receives the event in that parameter.
      const fn = callee.type === 'Identifier' ? calledFunction(callee.name, decls) : undefined;
      if (fn) {
        node.arguments.forEach((arg, i) => {
          const param = fn.params[i];
          if (param && mentionsAny(arg, names)) {
            add(param);
            functions.add(fn);
          }
        });
      }
      return;
    }
    default:
      return;
  }
}

/** The same-file function an argument is: inline, declared, or wrapped by a call. */
export function functionOf(arg: Node, decls: Declarations): AstFunction | undefined {
  const node = unwrap(arg);
  if (isFunctionNode(node)) return node;
  return node.type === 'Identifier' ? calledFunction(node.name, decls) : undefined;
}

/** The same-file function a name calls: declared directly, or wrapped (`const run = makeIdempotent(processRecord, ...)`). */
function calledFunction(name: string, decls: Declarations): AstFunction | undefined {
  const fn = decls.functionNamed(name);
  if (fn && isFunctionNode(fn)) return fn;
  const init = decls.valueOf(name);
  const value = init && unwrap(init);
  if (value?.type !== 'CallExpression') return undefined;
  const first = value.arguments[0] && unwrap(value.arguments[0]);
  if (!first) return undefined;
  if (isFunctionNode(first)) return first;
  const inner = first.type === 'Identifier' ? decls.functionNamed(first.name) : undefined;
  return inner && isFunctionNode(inner) ? inner : undefined;
}

/** The names a declaration pattern binds (not its default values or property keys). */
export function boundNames(pattern: Node): string[] {
  const node = pattern.type === 'TSParameterProperty' ? pattern.parameter : pattern;
  switch (node.type) {
    case 'Identifier':
      return [node.name];
    case 'AssignmentPattern':
      return boundNames(node.left);
    case 'RestElement':
      return boundNames(node.argument);
    case 'ArrayPattern':
      return node.elements.flatMap((e) => (e ? boundNames(e) : []));
    case 'ObjectPattern':
      return node.properties.flatMap((p) => boundNames(p.type === 'Property' ? p.value : p));
    default:
      return [];
  }
}
