import { getCodeFacts } from '../src/code/code-facts.js';
import { carriedFields, carriesField, correlationOf, normaliseField, viaHelper } from '../src/code/correlation.js';
import type { Emission } from '../src/analysis/analysis.js';
import type { ModuleIndex } from '../src/analysis/module-index.js';
import { emittedMessages, type EmittedMessage } from '../src/code/emissions.js';
import { eventDerived } from '../src/code/event-derived.js';
import { madeFromNothingIncoming } from '../src/code/own-value.js';
import { forwardedMessages, type Forwards } from '../src/code/forwarded.js';
import { handlerEntries } from '../src/code/handler-entry.js';
import { CORRELATING_SDK_CLIENTS } from '../src/code/library-catalog.js';
import { enclosingFunctions, getParents } from '../src/code/parents.js';
import { createRule } from '../src/rule/create-rule.js';
import type { TSESTree } from '@typescript-eslint/types';
import { nodesOfType, propertyName, unwrap, type AstFunction, type Node } from '../src/code/ast.js';
import { sameFileCalls } from '../src/code/passed-inputs.js';
import { sendOfCommand } from '../src/code/sent-command.js';
import { objectBefore, valueBefore, type Scope } from '../src/code/value-before.js';
import type { Declarations } from '../src/code/declarations.js';
import { type CodeContext, getSlsServices } from '../src/rule/services.js';

/**
 * Where a message's payload comes from a parameter of the function sending it: the parameter's
 * position and the property path under it (`detail`, `JSON.stringify(payload.detail)`, and
 * `detail` of a destructured `{ detail }`).
 */
interface ParameterPath {
  index: number;
  path: string[];
}

function parameterPath(message: EmittedMessage, fn: AstFunction): ParameterPath | undefined {
  if (!message.payload) return undefined;
  let payload = unwrap(message.payload);
  if (payload.type === 'CallExpression' && payload.arguments.length === 1 && payload.callee.type === 'MemberExpression' &&
    payload.callee.object.type === 'Identifier' && payload.callee.object.name === 'JSON') payload = unwrap(payload.arguments[0]!);
  const path: string[] = [];
  while (payload.type === 'MemberExpression') {
    const key = propertyName(payload.property, payload.computed);
    if (key === undefined) return undefined;
    path.unshift(key);
    payload = unwrap(payload.object);
  }
  if (payload.type !== 'Identifier') return undefined;
  const name = payload.name;
  for (const [index, param] of fn.params.entries()) {
    if (param.type === 'Identifier' && param.name === name) return { index, path };
    if (param.type !== 'ObjectPattern') continue;
    for (const prop of param.properties) {
      const key = prop.type === 'Property' ? propertyName(prop.key, prop.computed) : undefined;
      if (key !== undefined && prop.type === 'Property' && prop.value.type === 'Identifier' && prop.value.name === name) return { index, path: [key, ...path] };
    }
  }
  return undefined;
}

/** What a caller's argument holds at `path` when the call runs: the payload the message then sends. */
function passedAt(message: EmittedMessage, call: TSESTree.CallExpression, argument: Node, path: readonly string[], scope: Scope): EmittedMessage | undefined {
  const value = valueBefore(argument, path, call, scope);
  return value ? passedTo(message, value) : undefined;
}

/** The message as a caller's argument makes it: that argument as the payload, nothing else added. */
function passedTo(message: EmittedMessage, argument: Node): EmittedMessage {
  return { ...message, payload: argument, attributes: [], traceHeader: false, complete: true };
}

/** A readable name for a function: its own, its variable's, its property's; `(module)` for top-level code. */
function functionNameOf(fn: AstFunction | undefined, parents: Map<Node, Node>): string {
  if (!fn) return '(module)';
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
  const parent = parents.get(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return propertyName(parent.left.property, parent.left.computed) ?? 'anonymous';
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && !parent.computed) return propertyName(parent.key, false) ?? 'anonymous';
  return 'anonymous';
}

/**
 * A message built into a command that a variable holds is sent at the command's one `send`, as
 * `sls/conditional-writes` reports a write: the finding goes there when it is the command's one message.
 */
function sentAt(message: EmittedMessage, messagesOfOp: number, decls: Declarations): Node | undefined {
  return messagesOfOp === 1 ? sendOfCommand(message.op.node, decls.tree) : undefined;
}

function spanKey(fn: AstFunction): string {
  return `${fn.range[0]}:${fn.range[1]}`;
}

/** Outside the functions the incoming event reaches, nothing is the incoming message. */
const nothing: Forwards = () => false;

type MessageIds = 'missingCorrelationId' | 'wrapperMissingCorrelationId' | 'callerMissingCorrelationId' | 'callerPassesNoCorrelationId' | 'dropsProducerCorrelationId';

export interface Options {
  /** Payload fields or message attributes that carry a correlation ID. */
  fields?: string[];
  /** Module specifiers and function names of helpers that add correlation IDs themselves. */
  helpers?: string[];
}

const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

/** The clients that add correlation IDs themselves (library-catalog.ts), and X-Ray's client instrumentation. */
export const DEFAULT_HELPERS = [
  ...CORRELATING_SDK_CLIENTS.map((client) => client.source),
  'captureAWSv3Client',
  'captureAWSClient',
  'captureAWS',
];

export default createRule<[Options], MessageIds>({
  name: 'propagate-trace-id',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require messages a function sends on to carry the correlation ID of the event that caused them',
      principle: 'one-correlation-id',
      recommended: 'warn',
      why:
        'One request becomes a series of events; only a correlation ID carried by every message ties their logs and traces together. A message without it is where the trail goes cold.',
      fix:
        "Read the correlation ID from the incoming event (or use context.awsRequestId) and put it in every message sent on, in the payload or the message attributes, under one of the rule's fields (correlationId by default).",
      fixes: {
        wrapperMissingCorrelationId: 'Pass the incoming correlation ID in the argument, or have the wrapper add it to every message it sends.',
        callerMissingCorrelationId: 'Pass the incoming correlation ID along from the handler, and put it in the message.',
        callerPassesNoCorrelationId: 'Put the incoming correlation ID in what the caller passes (before the call), or have the helper add it.',
        dropsProducerCorrelationId: "Carry the producer's field on in this message, under the same name, instead of (or beside) an ID of its own.",
      },
    },
    messages: {
      dropsProducerCorrelationId: '{{producer}} sends {{field}} on {{source}}; {{consumer}} drops it: the trail ends here',
      callerPassesNoCorrelationId: '{{service}} {{operation}} sends what {{caller}}() passes in, with no correlation ID: the trail ends here',
      wrapperMissingCorrelationId: '{{wrapper}}() sends this on as the {{service}} {{operation}} message with no {{field}}: the trail ends here',
      callerMissingCorrelationId: '{{caller}} passes {{service}} {{operation}} a message made from nothing that came in: no {{field}} goes on',
      missingCorrelationId: '{{service}} {{operation}} sends a message with no {{field}}: its consumer cannot tie it to the request',
    },
    schema: [
      { type: 'object', properties: { fields: stringList, helpers: stringList }, additionalProperties: false },
    ],
    defaultOptions: [
      {
        fields: ['correlationId', 'correlation_id', 'traceId', 'trace_id', 'x-correlation-id', 'causationId', 'requestId', 'eventId', 'messageId'],
        helpers: DEFAULT_HELPERS,
      },
    ],
  },
  create(context, [options]) {
    const program = context.sourceCode.ast;
    const fieldNames = options.fields ?? [];
    const fields = new Set(fieldNames.map(normaliseField));
    const helpers = options.helpers ?? [];

    /**
     * A call to a function (in any module the analysis reaches) that emits a message whose payload
     * is one of its own parameters, and adds no correlation ID itself: the argument must carry it.
     */
    function reportWrapperCalls(join: CodeContext, forwards: Forwards, decls: Declarations, scope: Scope): void {
      // After a report, on to the next call: one finding per call.
      calls: for (const node of nodesOfType(program, 'CallExpression')) {
        for (const { index, fn } of join.analysis.calleesAt(context.filename, node)) {
          // A function of this file is judged at its message, with each caller's argument (below).
          if (index.file === context.filename) continue;
          const wrapperFacts = getCodeFacts(index.program);
          for (const message of emittedMessages(wrapperFacts)) {
            if (message.op.node.range[0] < fn.range[0] || message.op.node.range[1] > fn.range[1]) continue;
            const param = parameterPath(message, fn);
            if (param === undefined) continue;
            // The wrapper adds the ID itself (attributes, a trace header, a helper client): its callers are clean.
            const wrapperParents = getParents(index.program);
            if (correlationOf({ ...message, payload: undefined }, { decls: wrapperFacts.declarations, fields, forwards: nothing }) === 'present') continue;
            if (viaHelper(message.op, helpers, wrapperParents, wrapperFacts.declarations)) continue;
            const argument = node.arguments[param.index];
            if (!argument || argument.type === 'SpreadElement') continue;
            const passed = passedAt(message, node, argument, param.path, scope);
            if (!passed || correlationOf(passed, { decls, fields, forwards, objectOf: (n) => objectBefore(n, node, scope) }) !== 'missing') continue;
            context.report({
              node,
              messageId: 'wrapperMissingCorrelationId',
              data: { wrapper: index.nameOf(fn), service: message.op.entry.service, operation: message.op.operation, field: fieldNames[0] ?? 'correlationId' },
            });
            continue calls;
          }
        }
      }
    }

    /**
     * For a message whose payload is a parameter of the function sending it: the first call (in the
     * modules the analysis read) that passes a value made from nothing that came in. A value the
     * caller's own code shows is judged there (`wrapperMissingCorrelationId`), not here.
     */
    function callerMakingItsOwn(join: CodeContext, message: EmittedMessage, fn: AstFunction, param: ParameterPath): string | undefined {
      for (const { index, node } of callsInto(join, fn)) {
        const argument = node.arguments[param.index];
        if (!argument || argument.type === 'SpreadElement') continue;
        const scope = { program: index.program, decls: index.decls, parents: getParents(index.program) };
        const passed = passedAt(message, node, argument, param.path, scope);
        const value = passed?.payload;
        if (!passed || !value || correlationOf(passed, { decls: index.decls, fields, forwards: nothing, objectOf: (n) => objectBefore(n, node, scope) }) !== 'unknown') continue;
        if (madeFromNothingIncoming(value, index.decls)) return index.nameOf(index.enclosingFunction(node));
      }
      return undefined;
    }

    /** Calls, in the modules the analysis read, of each function of this file (by span), in file and source order: resolved once, on the first question. */
    let callers: Map<string, { index: ModuleIndex; node: TSESTree.CallExpression }[]> | undefined;
    function callsInto(join: CodeContext, fn: AstFunction): readonly { index: ModuleIndex; node: TSESTree.CallExpression }[] {
      const found = callers ?? new Map<string, { index: ModuleIndex; node: TSESTree.CallExpression }[]>();
      if (!callers) {
        callers = found;
        for (const file of join.analysis.files()) {
          const index = join.analysis.moduleIndex(file);
          if (!index) continue;
          for (const node of nodesOfType(index.program, 'CallExpression')) {
            const keys = new Set(join.analysis.calleesAt(file, node).filter((t) => t.index.file === context.filename).map((t) => spanKey(t.fn)));
            for (const key of keys) {
              const list = found.get(key);
              if (list) list.push({ index, node });
              else found.set(key, [{ index, node }]);
            }
          }
        }
      }
      return found.get(spanKey(fn)) ?? [];
    }

    /**
     * With the template known: a correlation field the producer of this function's trigger (a
     * queue, topic, bus or stream another function sends to) puts in its messages, that this
     * message, carrying IDs of its own, does not carry on.
     */
    function producerFieldDropped(join: CodeContext, message: EmittedMessage, forwards: Forwards): Record<string, string> | undefined {
      const carried = carriedFields(message, { decls: getCodeFacts(program).declarations, fields, forwards });
      if (!carried || carried.forwards) return undefined;
      for (const reach of join.reachersOf(message.op.node)) {
        for (const trigger of join.analysis.stackIndex(reach.stack).triggersOf(reach.fn.logicalId)) {
          if (!trigger.source) continue;
          for (const emission of join.analysis.emissionsTo(reach.stack, trigger.source)) {
            if (emission.reach.fn === reach.fn) continue;
            for (const [field, written] of sentFields(join, emission)) {
              if (carriesField(carried.names, field)) continue;
              const name = (fn: { name?: string; logicalId: string }) => fn.name ?? fn.logicalId;
              return { producer: name(emission.reach.fn), field: written, source: trigger.source, consumer: name(reach.fn) };
            }
          }
        }
      }
      return undefined;
    }

    /** The correlation fields a producer's message sends under their own names (normalised → as written). */
    const sentByEmission = new Map<Emission, Map<string, string>>();
    function sentFields(join: CodeContext, emission: Emission): Map<string, string> {
      let sent = sentByEmission.get(emission);
      if (!sent) {
        sent = readSentFields(join, emission);
        sentByEmission.set(emission, sent);
      }
      return sent;
    }

    function readSentFields(join: CodeContext, emission: Emission): Map<string, string> {
      const index = join.analysis.moduleIndex(emission.file);
      if (!index) return new Map();
      const facts = getCodeFacts(index.program);
      const sent = new Map<string, string>();
      for (const message of emittedMessages(facts)) {
        if (message.op.node.range[0] !== emission.op.range[0] || message.op.node.range[1] !== emission.op.range[1]) continue;
        for (const [field, written] of carriedFields(message, { decls: facts.declarations, fields, forwards: nothing }, false)?.names ?? []) sent.set(field, written);
      }
      return sent;
    }

    return {
      'Program:exit'() {
        const facts = getCodeFacts(program);
        const messages = emittedMessages(facts);
        const perOperation = new Map<EmittedMessage['op'], number>();
        for (const message of messages) perOperation.set(message.op, (perOperation.get(message.op) ?? 0) + 1);
        const messagesOf = (op: EmittedMessage['op']) => perOperation.get(op) ?? 0;
        const decls = facts.declarations;
        const parents = getParents(program);
        const handlers = handlerEntries(facts.exportedFunctions, getSlsServices(context).handlerNames)
          .flatMap((h) => (h.fn ? [h.fn as AstFunction] : []));
        const fromEvent = eventDerived(program, decls, handlers);
        const forwarded = forwardedMessages(decls, handlers, fromEvent);
        const inHandler = (m: EmittedMessage) => enclosingFunctions(m.op.node, parents).some((fn) => fromEvent.functions.has(fn));
        // Project mode: follow calls into wrapper modules that send their argument on.
        const join = getSlsServices(context).crossLayer;
        const scope: Scope = { program, decls, parents };
        if (join) reportWrapperCalls(join, forwarded, decls, scope);
        const forwardsAt = (node: Node) => (enclosingFunctions(node, parents).some((fn) => fromEvent.functions.has(fn)) ? forwarded : nothing);

        /** The first call in this file that passes the function a payload without a correlation ID. */
        function callerDropping(message: EmittedMessage, fn: AstFunction, param: ParameterPath): string | undefined {
          for (const call of sameFileCalls(fn, program) ?? []) {
            const argument = call.arguments[param.index];
            if (!argument || argument.type === 'SpreadElement' || call.arguments.slice(0, param.index).some((a) => a.type === 'SpreadElement')) continue;
            const passed = passedAt(message, call, argument, param.path, scope);
            const ctx = { decls, fields, forwards: forwardsAt(call), objectOf: (n: Node) => objectBefore(n, call, scope) };
            if (passed && correlationOf(passed, ctx) === 'missing') return functionNameOf(enclosingFunctions(call, parents)[0], parents);
          }
          return undefined;
        }

        for (const message of messages) {
          const forwards = inHandler(message) ? forwarded : nothing;
          const correlation = correlationOf(message, { decls, fields, forwards });
          if (viaHelper(message.op, helpers, parents, decls)) continue;
          if (correlation === 'present') {
            const dropped = join ? producerFieldDropped(join, message, forwards) : undefined;
            if (dropped) context.report({ node: sentAt(message, messagesOf(message.op), decls) ?? message.node, messageId: 'dropsProducerCorrelationId', data: dropped });
            continue;
          }
          if (correlation === 'unknown') {
            // A payload that is a parameter is judged by what the callers pass.
            const fn = enclosingFunctions(message.op.node, parents)[0];
            const param = fn && message.complete && message.attributes.length === 0 && !message.traceHeader ? parameterPath(message, fn) : undefined;
            if (!fn || !param) continue;
            const dropping = callerDropping(message, fn, param);
            if (dropping) {
              context.report({
                node: sentAt(message, messagesOf(message.op), decls) ?? message.node,
                messageId: 'callerPassesNoCorrelationId',
                data: { caller: dropping, service: message.op.entry.service, operation: message.op.operation },
              });
              continue;
            }
            const caller = join ? callerMakingItsOwn(join, message, fn, param) : undefined;
            if (caller) {
              context.report({
                node: message.node,
                messageId: 'callerMissingCorrelationId',
                data: { caller, service: message.op.entry.service, operation: message.op.operation, field: fieldNames[0] ?? 'correlationId' },
              });
            }
            continue;
          }
          context.report({
            node: message.node,
            messageId: 'missingCorrelationId',
            data: { service: message.op.entry.service, operation: message.op.operation, field: fieldNames[0] ?? 'correlationId' },
          });
        }
      },
    };
  },
});
