import { getCodeFacts } from '../src/code/code-facts.js';
import { correlationOf, normaliseField, viaHelper } from '../src/code/correlation.js';
import { emittedMessages, type EmittedMessage } from '../src/code/emissions.js';
import { eventDerived } from '../src/code/event-derived.js';
import { madeFromNothingIncoming } from '../src/code/own-value.js';
import { forwardedMessages, type Forwards } from '../src/code/forwarded.js';
import { handlerEntries } from '../src/code/handler-entry.js';
import { CORRELATING_SDK_CLIENTS } from '../src/code/library-catalog.js';
import { enclosingFunctions, getParents } from '../src/code/parents.js';
import { createRule } from '../src/rule/create-rule.js';
import { unwrap, walk, type AstFunction, type Node } from '../src/code/ast.js';
import type { Declarations } from '../src/code/declarations.js';
import { type CodeContext, getSlsServices } from '../src/rule/services.js';

/** The parameter a message's payload is (`detail`, `JSON.stringify(detail)`), by position. */
function parameterIndex(message: EmittedMessage, fn: AstFunction): number | undefined {
  if (!message.payload) return undefined;
  let payload = unwrap(message.payload);
  if (payload.type === 'CallExpression' && payload.arguments.length === 1 && payload.callee.type === 'MemberExpression' &&
    payload.callee.object.type === 'Identifier' && payload.callee.object.name === 'JSON') payload = unwrap(payload.arguments[0]!);
  if (payload.type !== 'Identifier') return undefined;
  const name = payload.name;
  const index = fn.params.findIndex((p) => p.type === 'Identifier' && p.name === name);
  return index === -1 ? undefined : index;
}

/** The message as a caller's argument makes it: that argument as the payload, nothing else added. */
function passedTo(message: EmittedMessage, argument: Node): EmittedMessage {
  return { ...message, payload: argument, attributes: [], traceHeader: false, complete: true };
}

/** Outside the functions the incoming event reaches, nothing is the incoming message. */
const nothing: Forwards = () => false;

type MessageIds = 'missingCorrelationId' | 'wrapperMissingCorrelationId' | 'callerMissingCorrelationId';

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
      },
    },
    messages: {
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
    function reportWrapperCalls(join: CodeContext, forwards: Forwards, decls: Declarations): void {
      walk(program, (node) => {
        if (node.type !== 'CallExpression') return;
        for (const { index, fn } of join.analysis.calleesAt(context.filename, node)) {
          const wrapperFacts = getCodeFacts(index.program);
          for (const message of emittedMessages(wrapperFacts)) {
            if (message.op.node.range[0] < fn.range[0] || message.op.node.range[1] > fn.range[1]) continue;
            const param = parameterIndex(message, fn);
            if (param === undefined) continue;
            // The wrapper adds the ID itself (attributes, a trace header, a helper client): its callers are clean.
            const wrapperParents = getParents(index.program);
            if (correlationOf({ ...message, payload: undefined }, { decls: wrapperFacts.declarations, fields, forwards: nothing }) === 'present') continue;
            if (viaHelper(message.op, helpers, index.program, wrapperParents, wrapperFacts.declarations)) continue;
            const argument = node.arguments[param];
            if (!argument || argument.type === 'SpreadElement') continue;
            if (correlationOf(passedTo(message, argument), { decls, fields, forwards }) !== 'missing') continue;
            context.report({
              node,
              messageId: 'wrapperMissingCorrelationId',
              data: { wrapper: index.nameOf(fn), service: message.op.entry.service, operation: message.op.operation, field: fieldNames[0] ?? 'correlationId' },
            });
            return;
          }
        }
      });
    }

    /**
     * For a message whose payload is a parameter of the function sending it: the first call (in the
     * modules the analysis read) that passes a value made from nothing that came in. A value the
     * caller's own code shows is judged there (`wrapperMissingCorrelationId`), not here.
     */
    function callerMakingItsOwn(join: CodeContext, message: EmittedMessage, fn: AstFunction, param: number): string | undefined {
      for (const file of join.analysis.files()) {
        const index = join.analysis.moduleIndex(file);
        if (!index) continue;
        let found: string | undefined;
        walk(index.program, (node) => {
          if (found || node.type !== 'CallExpression') return;
          const argument = node.arguments[param];
          if (!argument || argument.type === 'SpreadElement') return;
          const targets = join.analysis.calleesAt(file, node);
          if (!targets.some((t) => t.index.file === context.filename && t.fn.range[0] === fn.range[0] && t.fn.range[1] === fn.range[1])) return;
          if (correlationOf(passedTo(message, argument), { decls: index.decls, fields, forwards: nothing }) !== 'unknown') return;
          if (madeFromNothingIncoming(argument, index.program, index.decls)) found = index.nameOf(index.enclosingFunction(node));
        });
        if (found) return found;
      }
      return undefined;
    }

    return {
      'Program:exit'() {
        const facts = getCodeFacts(program);
        const messages = emittedMessages(facts);
        const decls = facts.declarations;
        const parents = getParents(program);
        const handlers = handlerEntries(facts.exportedFunctions, getSlsServices(context).handlerNames)
          .flatMap((h) => (h.fn ? [h.fn as AstFunction] : []));
        const fromEvent = eventDerived(program, decls, handlers);
        const forwarded = forwardedMessages(decls, handlers, fromEvent);
        const inHandler = (m: EmittedMessage) => enclosingFunctions(m.op.node, parents).some((fn) => fromEvent.functions.has(fn));
        // Project mode: follow calls into wrapper modules that send their argument on.
        const join = getSlsServices(context).crossLayer;
        if (join) reportWrapperCalls(join, forwarded, decls);
        for (const message of messages) {
          const forwards = inHandler(message) ? forwarded : nothing;
          const correlation = correlationOf(message, { decls, fields, forwards });
          if (correlation === 'present' || viaHelper(message.op, helpers, program, parents, decls)) continue;
          if (correlation === 'unknown') {
            // A payload that is a parameter is judged by what the callers pass.
            const fn = enclosingFunctions(message.op.node, parents)[0];
            const param = fn && join && message.complete && message.attributes.length === 0 && !message.traceHeader ? parameterIndex(message, fn) : undefined;
            const caller = param === undefined ? undefined : callerMakingItsOwn(join!, message, fn!, param);
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
