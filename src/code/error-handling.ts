import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type AstFunction, type Node } from './ast.js';
import { isPromiseReject, type CatchSite } from './catches.js';
import type { SdkOperation } from './code-facts.js';
import type { Declarations } from './declarations.js';
import { calleeName, mentionsAny } from './names.js';
import type { SpanIndex } from './spans.js';
import { resolveObject } from './static-values.js';

/**
 * Whether a catch does something with the error: rethrows it (or anything), returns or resolves
 * a failure, logs at error level, calls a notifier, hands the failed item on (a message to a
 * queue, topic, bus or stream), hands the error to code we cannot see, or records it for later
 * (a `batchItemFailures` entry, an errors list, an outer variable).
 *
 * The options say who learns of what the code does: by default (code judged alone, or behind a
 * synchronous trigger) a response, a returned failure and an error-level log all tell someone.
 * Behind a queue, stream or asynchronous trigger nobody reads the answer or the logs, and only a
 * failed invocation is retried or dead-lettered.
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
  /** Whether logging at error level reports the failure (default true): false where a log line is all that is left of it. */
  logsReport?: boolean;
  /** Whether what the catch returns or resolves reaches code that reads it (default true): false in the handler of a function nobody waits for. */
  returnRead?: boolean;
  /** Whether the value a handler gives Lambda (`callback(null, value)`) is read (default true): false behind an asynchronous trigger. */
  answerRead?: boolean;
  /** Functions a call resolves to in other modules (project mode); without it, code in other modules cannot be seen. */
  callees?: CalleeLookup;
}

/** One module's code as the judgement reads it: its declarations and the SDK calls that send messages, and its file for `callees`. */
export interface ModuleCode {
  declarations: Declarations;
  emitting: SpanIndex<SdkOperation>;
  file?: string;
}

/** A function a call resolves to, with the code of its module. */
export interface Callee {
  fn: AstFunction;
  code: ModuleCode;
}

export type CalleeLookup = (call: TSESTree.CallExpression, file: string) => readonly Callee[];

/** Method names that log at error level. */
const ERROR_LEVEL = new Set(['error', 'critical', 'fatal']);

/** Calls that look at an error without handing it on: logging below error level, formatting. */
const NOT_HANDLING_METHODS = new Set(['log', 'info', 'debug', 'warn', 'warning', 'trace', 'verbose', 'silly', 'dir', 'table', 'print', 'stringify', 'inspect', 'format', 'toString', 'assign', 'keys', 'entries']);
const NOT_HANDLING_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'Object', 'Array', 'JSON', 'util', 'console', 'Math', 'Date', 'parseInt', 'parseFloat', 'isNaN']);

/** Calls that pass an error up the chain: `callback(err)`, `reject(err)`, `next(err)`, `context.fail(err)`. */
const PROPAGATORS = new Set(['callback', 'cb', 'done', 'next', 'reject', 'fail']);

const MAX_DEPTH = 3;

export function catchHandlesError(site: CatchSite, code: ModuleCode, options: HandlingOptions): boolean | undefined {
  if (site.reference) return handlerReference(site.reference, options);
  if (!site.body) return undefined;
  return handles(site.body, new Set(site.errorName ? [site.errorName] : []), code, options, 0);
}

/** Whether code that runs when something failed (a catch body, a rejected result's branch) handles it; `errors` name the failure there. */
export function handlesError(body: Node, errors: ReadonlySet<string>, code: ModuleCode, options: HandlingOptions): boolean {
  return handles(body, errors, code, options, 0, false);
}

/** `.catch(console.error)` and `.catch(captureException)` handle; other references cannot be judged. */
function handlerReference(reference: Node, options: HandlingOptions): boolean | undefined {
  const name = calleeName(reference);
  if (!name) return undefined;
  if (options.notifiers.includes(name)) return true;
  const node = unwrap(reference);
  if (node.type === 'MemberExpression' && ERROR_LEVEL.has(name)) return options.logsReport !== false;
  return undefined;
}

/** Whether a catch body is empty: a block with no statements. */
export function isEmptyCatch(site: CatchSite): boolean {
  return site.body?.type === 'BlockStatement' && site.body.body.length === 0;
}

/**
 * What a catch gives its caller when it falls back to nothing (`return null`, `.catch(() => undefined)`):
 * a fallback that turns the failure into "nothing there" for the code that called. Undefined when it does not.
 */
export function fallbackToNothing(site: CatchSite): 'null' | 'undefined' | undefined {
  const body = site.body;
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return nothingIn(body);
  let found: 'null' | 'undefined' | undefined;
  walk(body, (node, ancestors) => {
    if (!found && node.type === 'ReturnStatement' && node.argument && !ancestors.some(isFunctionNode)) found = nothingIn(node.argument);
  });
  return found;
}

function nothingIn(node: Node): 'null' | 'undefined' | undefined {
  const n = unwrap(node);
  if (n.type === 'Literal' && n.value === null) return 'null';
  return n.type === 'Identifier' && n.name === 'undefined' ? 'undefined' : undefined;
}

/** `valueBody`: the body is an arrow's expression, so its value is returned (a branch's expression is not). */
function handles(body: Node, errors: ReadonlySet<string>, code: ModuleCode, options: HandlingOptions, depth: number, valueBody = body.type !== 'BlockStatement'): boolean {
  const decls = code.declarations;
  const answers = (value: Node) => answersFailure(value, errors, decls, options, options.returnRead !== false);
  if (valueBody && answers(body)) return true;
  if (handsItemOn(body, code)) return true;
  let handled = false;
  walk(body, (node, ancestors) => {
    if (handled || ancestors.some(isFunctionNode)) return;
    switch (node.type) {
      case 'ThrowStatement':
        handled = true;
        return;
      case 'ReturnStatement':
        if (node.argument && answers(node.argument)) handled = true;
        return;
      case 'AssignmentExpression':
        if (assignsFailure(node, errors, decls, options)) handled = true;
        return;
      case 'CallExpression':
        if (callHandles(node, errors, code, options, depth)) handled = true;
        return;
      default:
        return;
    }
  });
  return handled;
}

/**
 * Whether a value the code answers with reports a failure to whoever gets it. Where nobody reads
 * the answer (`read` false), only a partial batch response still counts: the one answer a queue
 * or stream event source reads.
 */
function answersFailure(value: Node, errors: ReadonlySet<string>, decls: Declarations, options: HandlingOptions, read: boolean): boolean {
  if (read) return isFailureValue(value, errors, decls, options);
  return resolveObject(value, decls)?.properties.has('batchItemFailures') ?? false;
}

/** A message sent from the code (SQS, SNS, EventBridge, Kinesis, Firehose, a state machine): the failed item handed on, or someone told. */
function handsItemOn(body: Node, code: ModuleCode): boolean {
  return code.emitting.anyWithin(body.range);
}

function callHandles(call: TSESTree.CallExpression, errors: ReadonlySet<string>, code: ModuleCode, options: HandlingOptions, depth: number): boolean {
  if (isPromiseReject(call)) return true;
  const decls = code.declarations;
  const callee = unwrap(call.callee);
  const name = calleeName(callee);
  if (!name) return false;
  if (options.notifiers.includes(name)) return true;
  if (callee.type === 'MemberExpression' && ERROR_LEVEL.has(name)) return options.logsReport !== false;
  const args = call.arguments;
  if (PROPAGATORS.has(name) || name === 'resolve') {
    const [first, second] = args;
    if (name !== 'resolve' && first && !isNothing(first)) return true;
    const value = name === 'resolve' ? first : second;
    const read = name === 'resolve' ? options.returnRead !== false : options.answerRead !== false;
    return !!value && answersFailure(value, errors, decls, options, read);
  }
  if (name === 'push' && callee.type === 'MemberExpression') {
    const target = calleeName(callee.object);
    if (target && /fail|error/i.test(target)) return true;
  }
  const passed = args.findIndex((arg) => mentionsAny(arg, errors));
  if (passed !== -1) {
    if (callee.type === 'MemberExpression' ? NOT_HANDLING_METHODS.has(name) : NOT_HANDLING_FUNCTIONS.has(name)) return false;
    if (callee.type === 'MemberExpression' && NOT_HANDLING_FUNCTIONS.has(rootName(callee) ?? '')) return false;
  }
  // A function we can read is judged by its body (what it returns goes back to the catch, which
  // is judged on its own); anything else that receives the error may well handle it.
  const target = depth < MAX_DEPTH ? readableCallee(call, code, options) : undefined;
  if (!target) return passed !== -1;
  const arg = passed === -1 ? undefined : unwrap(args[passed]!);
  const param = passed === -1 ? undefined : target.fn.params[passed];
  const inner = arg?.type === 'Identifier' && errors.has(arg.name) && param?.type === 'Identifier' ? param.name : undefined;
  return handles(target.fn.body, new Set(inner ? [inner] : []), target.code, { ...options, returnRead: false }, depth + 1);
}

/** The function a call runs, when its body can be read: a same-file function by name, or (project mode) one the analysis resolves. */
function readableCallee(call: TSESTree.CallExpression, code: ModuleCode, options: HandlingOptions): Callee | undefined {
  const callee = unwrap(call.callee);
  const local = callee.type === 'Identifier' ? code.declarations.functionNamed(callee.name) : undefined;
  if (local?.body && isFunctionNode(local)) return { fn: local, code };
  if (!options.callees || !code.file) return undefined;
  return options.callees(call, code.file).find((c) => c.fn.body);
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
  return nothingIn(node) !== undefined;
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
