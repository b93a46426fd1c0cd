import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type Node } from './ast.js';
import { isPromiseReject, type CatchSite } from './catches.js';
import type { Declarations } from './declarations.js';
import { calleeName, mentionsAny } from './names.js';
import { resolveObject } from './static-values.js';

/**
 * Whether a catch does something with the error: rethrows it (or anything), returns or resolves
 * a failure, logs at error level, calls a notifier, hands the error to code we cannot see, or
 * records it for later (a `batchItemFailures` entry, an errors list, an outer variable).
 */
export interface HandlingOptions {
  /** Function or method names that report an error somewhere (`captureException`, `notify`...). */
  notifiers: readonly string[];
  /**
   * Whether an HTTP response with statusCode >= 400 reports the failure. True for code behind a
   * synchronous trigger (the caller sees the status); false behind a queue, stream or async
   * trigger, which ignores what the function returns.
   */
  statusSignalsFailure?: boolean;
}

/** Method names that log at error level. */
const ERROR_LEVEL = new Set(['error', 'critical', 'fatal']);

/** Calls that look at an error without handing it on: logging below error level, formatting. */
const NOT_HANDLING_METHODS = new Set(['log', 'info', 'debug', 'warn', 'warning', 'trace', 'verbose', 'silly', 'dir', 'table', 'print', 'stringify', 'inspect', 'format', 'toString', 'assign', 'keys', 'entries']);
const NOT_HANDLING_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'Object', 'Array', 'JSON', 'util', 'console', 'Math', 'Date', 'parseInt', 'parseFloat', 'isNaN']);

/** Calls that pass an error up the chain: `callback(err)`, `reject(err)`, `next(err)`, `context.fail(err)`. */
const PROPAGATORS = new Set(['callback', 'cb', 'done', 'next', 'reject', 'fail']);

const MAX_DEPTH = 3;

export function catchHandlesError(site: CatchSite, decls: Declarations, options: HandlingOptions): boolean | undefined {
  if (site.reference) return handlerReference(site.reference, options);
  if (!site.body) return undefined;
  return handles(site.body, site.errorName, decls, options, 0);
}

/** `.catch(console.error)` and `.catch(captureException)` handle; other references cannot be judged. */
function handlerReference(reference: Node, options: HandlingOptions): boolean | undefined {
  const name = calleeName(reference);
  if (!name) return undefined;
  if (options.notifiers.includes(name)) return true;
  const node = unwrap(reference);
  if (node.type === 'MemberExpression' && ERROR_LEVEL.has(name)) return true;
  return undefined;
}

/** Whether a catch body is empty: a block with no statements. */
export function isEmptyCatch(site: CatchSite): boolean {
  return site.body?.type === 'BlockStatement' && site.body.body.length === 0;
}

function handles(body: Node, errorName: string | undefined, decls: Declarations, options: HandlingOptions, depth: number): boolean {
  const errorNames = new Set(errorName ? [errorName] : []);
  if (body.type !== 'BlockStatement' && isFailureValue(body, errorNames, decls, options)) return true;
  let handled = false;
  walk(body, (node, ancestors) => {
    if (handled || ancestors.some(isFunctionNode)) return;
    switch (node.type) {
      case 'ThrowStatement':
        handled = true;
        return;
      case 'ReturnStatement':
        if (node.argument && isFailureValue(node.argument, errorNames, decls, options)) handled = true;
        return;
      case 'AssignmentExpression':
        if (assignsFailure(node, errorNames, decls, options)) handled = true;
        return;
      case 'CallExpression':
        if (callHandles(node, errorNames, decls, options, depth)) handled = true;
        return;
      default:
        return;
    }
  });
  return handled;
}

function callHandles(call: TSESTree.CallExpression, errors: ReadonlySet<string>, decls: Declarations, options: HandlingOptions, depth: number): boolean {
  if (isPromiseReject(call)) return true;
  const callee = unwrap(call.callee);
  const name = calleeName(callee);
  if (!name) return false;
  if (options.notifiers.includes(name)) return true;
  if (callee.type === 'MemberExpression' && ERROR_LEVEL.has(name)) return true;
  const args = call.arguments;
  if (PROPAGATORS.has(name) || name === 'resolve') {
    const [first, second] = args;
    if (name !== 'resolve' && first && !isNothing(first)) return true;
    const value = name === 'resolve' ? first : second;
    return !!value && isFailureValue(value, errors, decls, options);
  }
  if (name === 'push' && callee.type === 'MemberExpression') {
    const target = calleeName(callee.object);
    if (target && /fail|error/i.test(target)) return true;
  }
  const passed = args.findIndex((arg) => mentionsAny(arg, errors));
  if (passed === -1) return false;
  if (callee.type === 'MemberExpression' ? NOT_HANDLING_METHODS.has(name) : NOT_HANDLING_FUNCTIONS.has(name)) return false;
  if (callee.type === 'MemberExpression' && NOT_HANDLING_FUNCTIONS.has(rootName(callee) ?? '')) return false;
  // A same-file function is judged by its body; anything else that receives the error may well handle it.
  const fn = callee.type === 'Identifier' ? decls.functionNamed(callee.name) : undefined;
  if (!fn?.body || !isFunctionNode(fn) || depth >= MAX_DEPTH) return true;
  const arg = unwrap(args[passed]!);
  const param = fn.params[passed];
  const inner = arg.type === 'Identifier' && errors.has(arg.name) && param?.type === 'Identifier' ? param.name : undefined;
  return handles(fn.body, inner, decls, options, depth + 1);
}

function rootName(node: Node): string | undefined {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object);
  return current.type === 'Identifier' ? current.name : undefined;
}

/** `response = { statusCode: 500 }`, `response.statusCode = 500`, `lastError = err`. */
function assignsFailure(node: TSESTree.AssignmentExpression, errors: ReadonlySet<string>, decls: Declarations, options: HandlingOptions): boolean {
  if (mentionsAny(node.right, errors)) return true;
  const left = unwrap(node.left);
  if (left.type === 'MemberExpression' && propertyName(left.property, left.computed) === 'statusCode') {
    return options.statusSignalsFailure !== false && statusIsFailure(node.right);
  }
  return isFailureObject(node.right, errors, decls, options) === true;
}

function isNothing(node: Node): boolean {
  const n = unwrap(node);
  return (n.type === 'Literal' && n.value === null) || (n.type === 'Identifier' && n.name === 'undefined');
}

/**
 * Whether a returned or resolved value reports a failure: the error itself, an Error, a rejected
 * promise, a response with statusCode >= 400, `batchItemFailures`, or an object carrying the error.
 * A call we cannot see into counts as a failure unless its first argument is a status below 400.
 */
export function isFailureValue(expression: Node, errors: ReadonlySet<string>, decls: Declarations, options: HandlingOptions, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = unwrap(expression);
  switch (node.type) {
    case 'AwaitExpression':
      return isFailureValue(node.argument, errors, decls, options, depth + 1);
    case 'Identifier':
      if (errors.has(node.name)) return true;
      return isFailureObject(node, errors, decls, options) === true;
    case 'NewExpression':
      return /Error$/.test(calleeName(node.callee) ?? '');
    case 'ConditionalExpression':
      return isFailureValue(node.consequent, errors, decls, options, depth + 1) || isFailureValue(node.alternate, errors, decls, options, depth + 1);
    case 'LogicalExpression':
      return isFailureValue(node.left, errors, decls, options, depth + 1) || isFailureValue(node.right, errors, decls, options, depth + 1);
    case 'ArrayExpression':
      return node.elements.some((e) => !!e && e.type !== 'SpreadElement' && isFailureValue(e, errors, decls, options, depth + 1));
    case 'ObjectExpression':
      return isFailureObject(node, errors, decls, options) === true;
    case 'CallExpression': {
      if (isPromiseReject(node)) return true;
      // `response(500, { message: err.message })`: a response builder, judged by its status alone.
      const status = node.arguments[0] && unwrap(node.arguments[0]);
      if (status?.type === 'Literal' && typeof status.value === 'number') return options.statusSignalsFailure !== false && status.value >= 400;
      if (node.arguments.some((arg) => mentionsAny(arg, errors))) return true;
      const object = isFailureObject(node, errors, decls, options);
      if (object !== undefined) return object;
      // `return Promise.resolve(x)` and friends: judge the value.
      const name = calleeName(node.callee);
      if (name === 'resolve' && node.arguments[0]) return isFailureValue(node.arguments[0], errors, decls, options, depth + 1);
      return name !== undefined && !['parse', 'stringify', 'String', 'Number', 'Boolean', 'from', 'of', 'all', 'resolve'].includes(name);
    }
    default:
      return false;
  }
}

/** True/false when the value is an object we can read, undefined when it is not. */
function isFailureObject(expression: Node, errors: ReadonlySet<string>, decls: Declarations, options: HandlingOptions): boolean | undefined {
  const object = resolveObject(expression, decls);
  if (!object) return undefined;
  const props = object.properties;
  if (props.has('batchItemFailures')) return true;
  const status = props.get('statusCode');
  // A response is a response: behind an asynchronous trigger nobody reads it, whatever it carries.
  if (status) return options.statusSignalsFailure !== false && statusIsFailure(status);
  if (['error', 'errors', 'errorMessage', 'errorType', 'failed', 'failure', 'failures'].some((k) => props.has(k))) return true;
  for (const key of ['ok', 'success']) {
    const value = props.get(key);
    if (value && unwrap(value).type === 'Literal' && (unwrap(value) as TSESTree.Literal).value === false) return true;
  }
  if ([...props.values()].some((value) => mentionsAny(value, errors))) return true;
  // Properties we cannot see (a spread) might carry the failure.
  return object.complete ? false : undefined;
}

/** A status code that is a failure, or that we cannot read (then we assume the code knows). */
function statusIsFailure(value: Node): boolean {
  const node = unwrap(value);
  if (node.type === 'Literal' && typeof node.value === 'number') return node.value >= 400;
  return true;
}
