import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, type Node } from './ast.js';
import type { CodeFacts, SdkOperation } from './code-facts.js';
import type { Declarations } from './declarations.js';
import { resolveObject, staticString, type StaticObject } from './static-values.js';

/**
 * Messages a file sends on: SQS, SNS, EventBridge, Kinesis, Firehose, Step Functions executions and
 * asynchronous Lambda invocations. One per message written in the code: a single-message call, or
 * each entry of a batch (`Entries: [...]`, or the object an `items.map(...)` callback returns).
 */
export interface EmittedMessage {
  op: SdkOperation;
  /** Where a finding goes: the operation, or the batch entry's object literal. */
  node: Node;
  /** The payload as written: MessageBody, Message, Detail, Data, input or Payload. */
  payload?: Node;
  /** The message attribute maps as written (MessageAttributes, MessageSystemAttributes). */
  attributes: Node[];
  /** A trace header is set explicitly (EventBridge `TraceHeader`, Step Functions `traceHeader`). */
  traceHeader: boolean;
  /** False when a spread or computed key may set properties we cannot see. */
  complete: boolean;
}

interface Shape {
  /** The array of batch entries; absent for a single message. */
  entries?: string;
  /** A wrapper object holding the payload (Firehose `Record`). */
  record?: string;
  payload: string;
  attributes?: readonly string[];
  trace?: string;
}

const SQS_ATTRIBUTES = ['MessageAttributes', 'MessageSystemAttributes'];
const SHAPES: Record<string, Shape> = {
  'SQS.SendMessage': { payload: 'MessageBody', attributes: SQS_ATTRIBUTES },
  'SQS.SendMessageBatch': { entries: 'Entries', payload: 'MessageBody', attributes: SQS_ATTRIBUTES },
  'SNS.Publish': { payload: 'Message', attributes: ['MessageAttributes'] },
  'SNS.PublishBatch': { entries: 'PublishBatchRequestEntries', payload: 'Message', attributes: ['MessageAttributes'] },
  'EventBridge.PutEvents': { entries: 'Entries', payload: 'Detail', trace: 'TraceHeader' },
  'CloudWatchEvents.PutEvents': { entries: 'Entries', payload: 'Detail', trace: 'TraceHeader' },
  'Kinesis.PutRecord': { payload: 'Data' },
  'Kinesis.PutRecords': { entries: 'Records', payload: 'Data' },
  'Firehose.PutRecord': { record: 'Record', payload: 'Data' },
  'Firehose.PutRecordBatch': { entries: 'Records', payload: 'Data' },
  'StepFunctions.StartExecution': { payload: 'input', trace: 'traceHeader' },
  'Lambda.Invoke': { payload: 'Payload' },
};

const cache = new WeakMap<CodeFacts, EmittedMessage[]>();

/** Every message the file emits whose shape can be read; computed once per file. */
export function emittedMessages(facts: CodeFacts): EmittedMessage[] {
  let messages = cache.get(facts);
  if (!messages) {
    messages = facts.operations.flatMap((op) => messagesOf(op, facts.declarations));
    cache.set(facts, messages);
  }
  return messages;
}

function messagesOf(op: SdkOperation, decls: Declarations): EmittedMessage[] {
  const shape = SHAPES[`${op.entry.service}.${op.operation}`];
  if (!shape || !op.input) return [];
  // Only an asynchronous invocation is an event sent on; a synchronous one is `no-sync-invoke`'s business.
  if (op.operation === 'Invoke' && staticString(op.input.properties.get('InvocationType'), decls)?.trim() !== 'Event') return [];
  if (!shape.entries) return [message(op, op.node, op.input, shape, decls)];
  // An input object built away from the call (`const params = { Entries: [...] }; putEvents(params)`)
  // is reported at the call that sends it; entries written in the call, or in a named batch, on their own.
  const literal = op.input.literal;
  const inputAtCall = !literal || (literal.range[0] >= op.node.range[0] && literal.range[1] <= op.node.range[1]);
  return batchEntries(op.input.properties.get(shape.entries), decls).flatMap((entry) => {
    const object = resolveObject(entry, decls);
    if (!object) return [];
    return [message(op, inputAtCall && unwrap(entry).type === 'ObjectExpression' ? unwrap(entry) : op.node, object, shape, decls)];
  });
}

function message(op: SdkOperation, node: Node, object: StaticObject, shape: Shape, decls: Declarations): EmittedMessage {
  let holder: StaticObject | undefined = object;
  if (shape.record) holder = resolveObject(object.properties.get(shape.record), decls);
  const payload = holder?.properties.get(shape.payload);
  const attributes = (shape.attributes ?? []).flatMap((name) => (object.properties.has(name) ? [object.properties.get(name)!] : []));
  return {
    op, node, attributes,
    ...(payload ? { payload } : {}),
    traceHeader: !!shape.trace && object.properties.has(shape.trace),
    complete: object.complete && (holder?.complete ?? false),
  };
}

/** The entries of a batch as written: array elements, or the object returned by an `items.map(...)` callback. */
function batchEntries(expression: Node | undefined, decls: Declarations, hops = 0): Node[] {
  if (!expression || hops > 8) return [];
  const node = unwrap(expression);
  if (node.type === 'Identifier') return batchEntries(decls.valueOf(node.name, node), decls, hops + 1);
  if (node.type === 'ArrayExpression') {
    return node.elements.flatMap((e) => (!e ? [] : e.type === 'SpreadElement' ? batchEntries(e.argument, decls, hops + 1) : [e]));
  }
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && propertyName(node.callee.property, node.callee.computed) === 'map') {
    const callback = node.arguments[0] && unwrap(node.arguments[0]);
    const returned = callback && isFunctionNode(callback) ? returnedExpression(callback) : undefined;
    return returned ? [returned] : [];
  }
  return [];
}

function returnedExpression(fn: TSESTree.FunctionLike): Node | undefined {
  if (!fn.body) return undefined;
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const returns = fn.body.body.filter((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
  return returns.length === 1 ? returns[0]!.argument ?? undefined : undefined;
}
