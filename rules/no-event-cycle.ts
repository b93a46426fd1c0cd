import { findEventCycles } from '../src/analysis/event-cycles.js';
import { nameOf } from '../src/analysis/reach-queries.js';
import { createTemplateRule } from '../src/rule/create-template-rule.js';

export default createTemplateRule({
  name: 'no-event-cycle',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow cycles in the event graph, where a function sends or writes to what triggers it again',
      principle: 'events-flow-one-way',
      recommended: 'error',
    },
    messages: {
      eventCycle:
        '{{operation}} to {{target}} closes an event cycle: {{path}}. Each event comes back to {{function}} and runs it again, without end (Lambda stops some loops after 16 rounds, and bills them). Send to a resource that does not trigger this function, or filter the events out.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    if (!context.analysis) return;
    for (const { emission, path } of findEventCycles(context.analysis)) {
      const { op, reach } = emission;
      const { start, end } = op.loc;
      context.report({
        messageId: 'eventCycle',
        data: {
          operation: `${op.service} ${op.operation}`,
          target: nameOf(reach.stack, emission.target!),
          path: path.map((id) => nameOf(reach.stack, id)).join(' → '),
          function: reach.fn.name ?? reach.fn.logicalId,
        },
        at: { file: emission.file, line: start.line, column: start.column + 1, endLine: end.line, endColumn: end.column + 1 },
        subjects: [reach.fn],
      });
    }
  },
});
