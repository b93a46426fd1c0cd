import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Node } from './ast.js';
import type { SdkOperation } from './code-facts.js';
import type { Declarations } from './declarations.js';
import type { EmittedMessage } from './emissions.js';
import type { Forwards } from './forwarded.js';
import { CORRELATION_ID_KEEPERS, CORRELATION_ID_SOURCES } from './library-catalog.js';
import { calleeName } from './names.js';
import { ancestorsOf } from './parents.js';
import { resolveObject, type StaticObject } from './static-values.js';

/** Whether an emitted message carries a correlation ID: `present`, `missing`, or `unknown` (cannot be read). */
export type Correlation = 'present' | 'missing' | 'unknown';

export interface CorrelationContext {
  decls: Declarations;
  /** Field names that hold a correlation ID, normalised with `normaliseField`. */
  fields: ReadonlySet<string>;
  /** Whether an expression is the incoming message (or its envelope) forwarded whole. */
  forwards: Forwards;
  /** How an object is read; by default from declarations, `objectBefore` for a value at a call site. */
  objectOf?: (node: Node) => StaticObject | undefined;
}

/** `x-correlation-id`, `X_Correlation_ID` and `xCorrelationId` are one field. */
export function normaliseField(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const MAX_DEPTH = 3;

export function correlationOf(message: EmittedMessage, ctx: CorrelationContext): Correlation {
  if (message.traceHeader) return 'present';
  let unknown = !message.complete;
  for (const attributes of message.attributes) {
    const map = resolveObject(attributes, ctx.decls);
    if (!map) {
      unknown = true;
      continue;
    }
    for (const [key, value] of map.properties) {
      // AWSTraceHeader is the X-Ray trace ID SQS carries to the consumer.
      if (key === 'AWSTraceHeader' || carriesId(key, value, ctx)) return 'present';
    }
    if (!map.complete) unknown = true;
  }
  const payload = message.payload ? payloadOf(message.payload, ctx.decls) : undefined;
  if (!payload) return 'unknown';
  // Forwarding what came in (`record.body`, `JSON.stringify(event.detail)`, `{ ...record, kind }`).
  if (ctx.forwards(payload) || spreadsForwarded(payload, ctx, 0)) return 'present';
  const node = unwrap(payload);
  const object = ctx.objectOf ? ctx.objectOf(node) : resolveObject(node, ctx.decls);
  if (object) {
    const found = objectCarries(object, ctx, 0);
    if (found) return 'present';
    return unknown || found === undefined ? 'unknown' : 'missing';
  }
  const isText = (node.type === 'Literal' && typeof node.value === 'string') || (node.type === 'TemplateLiteral' && node.expressions.length === 0);
  return isText && !unknown ? 'missing' : 'unknown';
}

/**
 * A correlation field by its name (`correlationId`, `x-request-id`), by the name of the value it
 * is given (`id: record.messageId`, `rid: context.awsRequestId`), the incoming message forwarded in
 * it, or the IDs a correlation helper captured (`ids: CorrelationIds.get()`).
 */
function carriesId(key: string, value: Node, ctx: CorrelationContext): boolean {
  return isIdName(key, ctx.fields) || isIdName(valueName(value), ctx.fields) || ctx.forwards(value) || fromCorrelationHelper(value, ctx.decls);
}

/**
 * `CorrelationIds.get()`, `CorrelationIds.get().awsRequestId`: read from a module that holds the
 * captured IDs; `logger.getCorrelationId()` on an object that keeps the ID (Powertools' Logger).
 */
function fromCorrelationHelper(value: Node, decls: Declarations): boolean {
  if (fromCorrelationKeeper(value, decls)) return true;
  let node = unwrap(value);
  while (node.type === 'MemberExpression' || node.type === 'CallExpression') node = unwrap(node.type === 'CallExpression' ? node.callee : node.object);
  const source = node.type === 'Identifier' ? decls.imports.get(node.name)?.source : undefined;
  return source !== undefined && CORRELATION_ID_SOURCES.includes(source);
}

function fromCorrelationKeeper(value: Node, decls: Declarations): boolean {
  const call = unwrap(value);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return false;
  const method = propertyName(call.callee.property, call.callee.computed);
  const receiver = unwrap(call.callee.object);
  let made = receiver.type === 'Identifier' ? decls.valueOf(receiver.name, receiver) : undefined;
  if (!made && receiver.type === 'MemberExpression' && receiver.object.type === 'ThisExpression') {
    const name = propertyName(receiver.property, receiver.computed);
    made = name ? decls.memberValue(name) : undefined;
  }
  const construction = made && unwrap(made);
  if (construction?.type !== 'NewExpression' || construction.callee.type !== 'Identifier') return false;
  const binding = decls.imports.get(construction.callee.name);
  return CORRELATION_ID_KEEPERS.some((k) => k.method === method && binding?.source === k.source && (binding.imported === k.className || binding.imported === 'default'));
}

function isIdName(name: string | undefined, fields: ReadonlySet<string>): boolean {
  const normalised = name === undefined ? '' : normaliseField(name);
  return normalised !== '' && [...fields].some((field) => normalised.endsWith(field));
}

function valueName(value: Node): string | undefined {
  const node = unwrap(value);
  if (node.type === 'Identifier') return node.name;
  return node.type === 'MemberExpression' ? propertyName(node.property, node.computed) : undefined;
}

/** `{ ...record, kind }`: an object literal (or one nested in it) that spreads the incoming message. */
function spreadsForwarded(expression: Node, ctx: CorrelationContext, depth: number): boolean {
  let node = unwrap(expression);
  if (node.type === 'Identifier') node = unwrap(ctx.decls.valueOf(node.name, node) ?? node);
  if (node.type !== 'ObjectExpression' || depth > MAX_DEPTH) return false;
  return node.properties.some((p) => (p.type === 'SpreadElement' ? ctx.forwards(p.argument) : spreadsForwarded(p.value, ctx, depth + 1)));
}

/** True when a correlation field or the forwarded message is in the object (or objects nested in it), undefined when part of it cannot be seen. */
function objectCarries(object: StaticObject, ctx: CorrelationContext, depth: number): boolean | undefined {
  let unseen = !object.complete;
  for (const [key, value] of object.properties) {
    if (carriesId(key, value, ctx)) return true;
    if (depth >= MAX_DEPTH) continue;
    const nested = resolveObject(value, ctx.decls);
    if (nested) {
      const found = objectCarries(nested, ctx, depth + 1);
      if (found) return true;
      if (found === undefined) unseen = true;
    }
  }
  return unseen ? undefined : false;
}

/** The value under the encoding: `JSON.stringify(x)`, `Buffer.from(x)`, `new TextEncoder().encode(x)`, `fromUtf8(x)`, `String(x)`. */
function payloadOf(expression: Node, decls: Declarations, hops = 0): Node | undefined {
  if (hops > 8) return undefined;
  const node = unwrap(expression);
  if (node.type === 'Identifier') {
    const init = decls.valueOf(node.name, node);
    // A name whose value we can see is read through; otherwise the name itself is the payload.
    return init && isEncoding(unwrap(init)) ? payloadOf(init, decls, hops + 1) : node;
  }
  if (isEncoding(node)) {
    const arg = (node as TSESTree.CallExpression).arguments[0];
    return arg && arg.type !== 'SpreadElement' ? payloadOf(arg, decls, hops + 1) : undefined;
  }
  return node;
}

const ENCODERS = new Set(['stringify', 'from', 'encode', 'fromUtf8', 'String', 'toUtf8']);

function isEncoding(node: Node): boolean {
  return node.type === 'CallExpression' && ENCODERS.has(calleeName(node.callee) ?? '');
}

/** Helpers named as X-Ray captures pass the trace ID on only for services X-Ray traces through. */
export const XRAY_CAPTURES: ReadonlySet<string> = new Set(['captureAWSv3Client', 'captureAWSClient', 'captureAWS']);
const XRAY_SERVICES = new Set(['SQS', 'SNS', 'EventBridge', 'CloudWatchEvents', 'StepFunctions', 'Lambda']);

/**
 * Whether an operation goes through a helper that adds correlation IDs itself: its client comes
 * from a helper module or passes through a helper call (`tracer.captureAWSv3Client(client)`), or
 * the call is made inside a call to a helper. `helpers` are module specifiers and function names.
 */
export function viaHelper(op: SdkOperation, helpers: readonly string[], parents: Map<Node, Node>, decls: Declarations): boolean {
  const names = new Set(helpers.filter((h) => !XRAY_CAPTURES.has(h) || XRAY_SERVICES.has(op.entry.service)));
  if (names.size === 0) return false;
  const isHelperCall = (call: Node): boolean => {
    if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return false;
    const name = calleeName(call.callee);
    const callee = unwrap(call.callee);
    const root = callee.type === 'MemberExpression' ? unwrap(callee.object) : callee;
    const source = root.type === 'Identifier' ? decls.imports.get(root.name)?.source : undefined;
    return (!!name && names.has(name)) || (!!source && names.has(source));
  };
  // `withCorrelation(() => sqs.send(...))` and `publish(new PublishCommand(...))` alike.
  if (ancestorsOf(op.node, parents).some(isHelperCall)) return true;
  const client = clientOf(op, parents, decls);
  return !!client && clientFromHelper(client, names, isHelperCall, decls, 0);
}

function clientFromHelper(
  expression: Node, names: ReadonlySet<string>, isHelperCall: (n: Node) => boolean, decls: Declarations, hops: number,
): boolean {
  if (hops > 8) return false;
  const node = unwrap(expression);
  if (isHelperCall(node)) return true;
  if (node.type === 'Identifier') {
    const source = decls.imports.get(node.name)?.source;
    if (source && names.has(source)) return true;
    if (wrappedInPlace(node.name, isHelperCall, decls)) return true;
    const init = decls.valueOf(node.name, node);
    return !!init && clientFromHelper(init, names, isHelperCall, decls, hops + 1);
  }
  if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
    const name = propertyName(node.property, node.computed);
    const value = name ? decls.memberValue(name) : undefined;
    return !!value && clientFromHelper(value, names, isHelperCall, decls, hops + 1);
  }
  if (node.type === 'CallExpression' || node.type === 'NewExpression') {
    return node.arguments.some((arg) => arg.type !== 'SpreadElement' && clientFromHelper(arg, names, isHelperCall, decls, hops + 1));
  }
  return false;
}

/** `tracer.captureAWSv3Client(client);` as a statement instruments the client it is given. */
function wrappedInPlace(name: string, isHelperCall: (n: Node) => boolean, decls: Declarations): boolean {
  return decls.tree.callsGiven(name).some(isHelperCall);
}

/** The client an operation is sent with: the receiver of `client.send(command)` or of `client.method(input)`. */
function clientOf(op: SdkOperation, parents: Map<Node, Node>, decls: Declarations): Node | undefined {
  if (op.node.type === 'CallExpression') {
    const callee = unwrap(op.node.callee);
    return callee.type === 'MemberExpression' ? callee.object : undefined;
  }
  let command: Node = op.node;
  let parent = parents.get(command);
  while (parent && parent.type !== 'CallExpression' && parent.type !== 'VariableDeclarator' && unwrap(parent) !== parent) {
    command = parent;
    parent = parents.get(command);
  }
  const sender = (call: Node | undefined): Node | undefined => {
    if (call?.type !== 'CallExpression') return undefined;
    const callee = unwrap(call.callee);
    return callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'send' ? callee.object : undefined;
  };
  if (parent?.type === 'CallExpression' && parent.arguments[0] === command) return sender(parent);
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return undefined;
  const name = parent.id.name;
  for (const call of decls.tree.callsGiven(name)) {
    const arg = call.type === 'CallExpression' && call.arguments[0] && unwrap(call.arguments[0]);
    const client = arg && arg.type === 'Identifier' && arg.name === name ? sender(call) : undefined;
    if (client) return client;
  }
  return undefined;
}

/**
 * The correlation fields a message carries, normalised: the names of payload properties (nested
 * too) and attributes that are correlation fields, and the names of the values they are given
 * (`corr: body.correlationId` carries `correlationId` on; not with `valueNames` false, for what a
 * producer sends under its own name). `forwards` when it forwards the incoming
 * message (all its fields travel on); undefined when part of it cannot be read.
 */
export function carriedFields(message: EmittedMessage, ctx: CorrelationContext, valueNames = true): { names: Map<string, string>; forwards: boolean } | undefined {
  /** Normalised name → the name as written. */
  const names = new Map<string, string>();
  let forwards = message.traceHeader;
  const add = (object: StaticObject, depth: number): boolean => {
    for (const [key, value] of object.properties) {
      if (ctx.forwards(value)) forwards = true;
      for (const name of valueNames ? [key, valueName(value)] : [key]) if (name !== undefined && isIdName(name, ctx.fields) && !names.has(normaliseField(name))) names.set(normaliseField(name), name);
      const nested = depth < MAX_DEPTH ? resolveObject(value, ctx.decls) : undefined;
      if (nested && !add(nested, depth + 1)) return false;
    }
    return object.complete;
  };
  for (const attributes of message.attributes) {
    const map = resolveObject(attributes, ctx.decls);
    if (!map || !add(map, 0)) return undefined;
  }
  const payload = message.payload ? payloadOf(message.payload, ctx.decls) : undefined;
  if (!payload) return undefined;
  if (ctx.forwards(payload) || spreadsForwarded(payload, ctx, 0)) return { names, forwards: true };
  const object = resolveObject(unwrap(payload), ctx.decls);
  if (!object || !add(object, 0) || !message.complete) return forwards ? { names, forwards } : undefined;
  return { names, forwards };
}

/** Whether a field a producer sends (normalised) travels on among the names a consumer's message carries. */
export function carriesField(names: ReadonlyMap<string, string>, field: string): boolean {
  return [...names.keys()].some((name) => name.endsWith(field) || field.endsWith(name));
}
