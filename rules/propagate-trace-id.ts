import { getCodeFacts } from '../src/code/code-facts.js';
import { correlationOf, normaliseField, viaHelper } from '../src/code/correlation.js';
import { emittedMessages, type EmittedMessage } from '../src/code/emissions.js';
import { eventDerived } from '../src/code/event-derived.js';
import { handlerEntries } from '../src/code/handler-entry.js';
import { enclosingFunctions, getParents, type FunctionNode } from '../src/code/parents.js';
import { createRule } from '../src/create-rule.js';
import { readSlsSettings } from '../src/plugin-settings.js';

type MessageIds = 'missingCorrelationId';

export interface Options {
  /** Payload fields or message attributes that carry a correlation ID. */
  fields?: string[];
  /** Module specifiers and function names of helpers that add correlation IDs themselves. */
  helpers?: string[];
}

const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

export const DEFAULT_HELPERS = [
  '@dazn/lambda-powertools-sqs-client',
  '@dazn/lambda-powertools-sns-client',
  '@dazn/lambda-powertools-eventbridge-client',
  '@dazn/lambda-powertools-cloudwatchevents-client',
  '@dazn/lambda-powertools-kinesis-client',
  '@dazn/lambda-powertools-firehose-client',
  '@dazn/lambda-powertools-lambda-client',
  '@dazn/lambda-powertools-step-functions-client',
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
    },
    messages: {
      missingCorrelationId:
        '{{service}} {{operation}} sends a message with no correlation ID, so whoever consumes it cannot tie its work to the request that caused it. Put the incoming correlation ID (or context.awsRequestId) in the payload or the message attributes, as {{field}}.',
    },
    schema: [
      { type: 'object', properties: { fields: stringList, helpers: stringList }, additionalProperties: false },
    ],
    defaultOptions: [
      {
        fields: ['correlationId', 'correlation_id', 'traceId', 'trace_id', 'x-correlation-id', 'causationId'],
        helpers: DEFAULT_HELPERS,
      },
    ],
  },
  create(context, [options]) {
    const program = context.sourceCode.ast;
    const fieldNames = options.fields ?? [];
    const fields = new Set(fieldNames.map(normaliseField));
    const helpers = options.helpers ?? [];

    return {
      'Program:exit'() {
        const facts = getCodeFacts(program);
        const messages = emittedMessages(facts);
        if (messages.length === 0) return;
        const decls = facts.declarations;
        const parents = getParents(program);
        const handlers = handlerEntries(facts.exportedFunctions, readSlsSettings(context.settings).handlerNames)
          .flatMap((h) => (h.fn ? [h.fn as FunctionNode] : []));
        const fromEvent = eventDerived(program, decls, handlers);
        const none = new Set<string>();
        const inHandler = (m: EmittedMessage) => enclosingFunctions(m.op.node, parents).some((fn) => fromEvent.functions.has(fn));
        for (const message of messages) {
          const derived = inHandler(message) ? fromEvent.names : none;
          if (correlationOf(message, { decls, fields, derived }) !== 'missing') continue;
          if (viaHelper(message.op, helpers, program, parents, decls)) continue;
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
