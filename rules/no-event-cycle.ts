import { shortPath } from '../src/rule/message-text.js';
import { eventCyclesIn } from '../src/analysis/event-cycles.js';
import { createRule } from '../src/rule/create-rule.js';
import { getSlsServices } from '../src/rule/services.js';

/**
 * A code rule that needs the templates: the cycle runs through them, the finding goes on the SDK
 * call that closes it. Without a template there is no event graph, and it reports nothing.
 */
export default createRule<[], 'eventCycle'>({
  name: 'no-event-cycle',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow cycles in the event graph, where a function sends or writes to what triggers it again',
      principle: 'events-flow-one-way',
      recommended: 'error',
      why:
        'A function that sends or writes to what triggers it runs again for every event it produces: an endless loop, billed per invocation, which AWS stops only in some cases and late.',
      fix:
        "Send to a resource that does not trigger this function, or filter the function's own events out of the trigger (an event pattern, a filter policy, an S3 prefix).",
    },
    messages: {
      eventCycle: '{{operation}} to {{target}} closes an event cycle ({{path}}): it loops without end, billed per invocation',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const analysis = getSlsServices(context).crossLayer?.analysis;
    if (!analysis) return {};
    return {
      Program() {
        // The cycles of the whole project are found once per analysis; each file reports its own.
        for (const { emission, path } of eventCyclesIn(analysis, context.filename)) {
          const { op, reach } = emission;
          if (reach.fn.ignoredRules.includes('sls/no-event-cycle')) continue;
          const { start, end } = op.loc;
          const stack = analysis.stackIndex(reach.stack);
          context.report({
            messageId: 'eventCycle',
            data: {
              operation: `${op.service} ${op.operation}`,
              target: stack.nameOf(emission.target!),
              path: shortPath(path.map((id) => stack.nameOf(id))),
            },
            loc: { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } },
          });
        }
      },
    };
  },
});
