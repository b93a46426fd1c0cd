import { isFunctionNode, propertyName, unwrap, walk, type AstFunction, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { boundNames, functionOf, type EventDerived } from './event-derived.js';
import { calleeName } from './names.js';

/**
 * Whether an expression is the incoming message itself, or one of its envelopes, rather than a
 * value picked out of it: `event`, `record`, `record.body`, `JSON.parse(record.body)`,
 * `event.detail`, `event.Records[0].dynamodb.NewImage`. Forwarding one keeps whatever identifies
 * the request; a business ID picked out of it (`body.orderId`) does not.
 */
export type Forwards = (expression: Node) => boolean;

/** Properties that hold a whole message or its envelope in the events Lambda receives. */
const ENVELOPES = new Set([
  'body', 'Body', 'detail', 'Records', 'Sns', 'Message', 'dynamodb', 'NewImage', 'OldImage', 'kinesis', 'data',
  'messageAttributes', 'MessageAttributes', 'attributes', 'headers', 'requestContext', 'payload', 'Payload', 'input',
]);
/** Calls that decode a message without picking from it. */
const DECODERS = new Set(['parse', 'unmarshall', 'toString', 'from', 'fromUtf8', 'toUtf8', 'decode']);
/** Array methods whose callback is given each element. */
const ITERATORS = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find']);
const MAX_ROUNDS = 6;

/** The names bound to whole messages in the handlers and the functions the event reaches, and a test for expressions. */
export function forwardedMessages(decls: Declarations, handlers: readonly AstFunction[], fromEvent: EventDerived): Forwards {
  const wholes = new Set<string>();
  for (const handler of handlers) for (const param of handler.params) bindWhole(param, wholes);
  const forwards: Forwards = (expression) => isWhole(expression, wholes);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = wholes.size;
    for (const fn of fromEvent.functions) walk(fn, (node) => learn(node, wholes, forwards, decls));
    if (wholes.size === before) break;
  }
  return forwards;
}

function isWhole(expression: Node, wholes: ReadonlySet<string>, hops = 0): boolean {
  if (hops > 12) return false;
  const node = unwrap(expression);
  switch (node.type) {
    case 'Identifier':
      return wholes.has(node.name);
    case 'MemberExpression': {
      const name = propertyName(node.property, node.computed);
      const element = node.computed && node.property.type === 'Literal' && typeof node.property.value === 'number';
      return (element || (!!name && ENVELOPES.has(name))) && isWhole(node.object, wholes, hops + 1);
    }
    case 'AwaitExpression':
      return isWhole(node.argument, wholes, hops + 1);
    case 'LogicalExpression':
      return isWhole(node.left, wholes, hops + 1);
    case 'CallExpression': {
      const arg = node.arguments[0];
      const callee = unwrap(node.callee);
      // `record.body.toString()`, `JSON.parse(record.body)`, `Buffer.from(record.kinesis.data, 'base64')`.
      if (DECODERS.has(calleeName(callee) ?? '')) {
        if (arg && arg.type !== 'SpreadElement' && isWhole(arg, wholes, hops + 1)) return true;
        return callee.type === 'MemberExpression' && node.arguments.length <= 1 && isWhole(callee.object, wholes, hops + 1);
      }
      return false;
    }
    default:
      return false;
  }
}

function learn(node: Node, wholes: Set<string>, forwards: Forwards, decls: Declarations): void {
  switch (node.type) {
    case 'VariableDeclarator':
      if (node.init && forwards(node.init)) bindWhole(node.id, wholes);
      return;
    case 'AssignmentExpression':
      if (node.left.type === 'Identifier' && forwards(node.right)) wholes.add(node.left.name);
      return;
    case 'ForOfStatement':
      // The elements of a batch of records are each a whole message.
      if (forwards(node.right)) {
        const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0]!.id : node.left;
        for (const name of boundNames(left)) wholes.add(name);
      }
      return;
    case 'CallExpression': {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression' && ITERATORS.has(propertyName(callee.property, callee.computed) ?? '') && forwards(callee.object)) {
        const first = node.arguments[0];
        const fn = first && first.type !== 'SpreadElement' ? functionOf(first, decls) : undefined;
        const param = fn?.params[calleeName(callee) === 'reduce' ? 1 : 0];
        if (param) bindWhole(param, wholes);
        return;
      }
      // `processPartialResponse(event, recordHandler)`, `publish(event.detail)`.
      const handsOver = node.arguments.some((arg) => !isFunctionNode(arg) && forwards(arg));
      if (handsOver) {
        for (const arg of node.arguments) {
          const fn = arg.type === 'SpreadElement' ? undefined : functionOf(arg, decls);
          if (fn?.params[0]) bindWhole(fn.params[0], wholes);
        }
      }
      const fn = callee.type === 'Identifier' ? functionOf(callee, decls) : undefined;
      node.arguments.forEach((arg, i) => {
        const param = fn?.params[i];
        if (param && forwards(arg)) bindWhole(param, wholes);
      });
      return;
    }
    default:
      return;
  }
}

/** Binds a pattern given a whole message: a plain name is the message; destructuring keeps its envelopes. */
function bindWhole(pattern: Node, wholes: Set<string>): void {
  const node = pattern.type === 'TSParameterProperty' ? pattern.parameter : pattern;
  switch (node.type) {
    case 'Identifier':
      wholes.add(node.name);
      return;
    case 'AssignmentPattern':
      bindWhole(node.left, wholes);
      return;
    case 'ObjectPattern':
      for (const p of node.properties) {
        if (p.type === 'RestElement') bindWhole(p.argument, wholes);
        else if (ENVELOPES.has(propertyName(p.key, p.computed) ?? '')) bindWhole(p.value, wholes);
      }
      return;
    default:
      return;
  }
}
