import { createTemplateRule } from '../src/rule/create-template-rule.js';
import type { Stack, Trigger } from '../src/model/types.js';

export default createTemplateRule({
  name: 'async-failure-destination',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a dead-letter queue or an on-failure destination on every function invoked asynchronously',
      principle: 'errors-notified',
      recommended: 'error',
    },
    messages: {
      missingFailureDestination:
        'Function {{function}} is invoked asynchronously by {{triggers}} but has neither a dead-letter queue nor an on-failure destination: an event that still fails after the retries is dropped without a trace. Give the function a DeadLetterQueue or an OnFailure destination.',
      deliveryDeadLetterOnly:
        'Function {{function}} is invoked asynchronously by {{triggers}} but has neither a dead-letter queue nor an on-failure destination. The delivery dead-letter queue of {{covered}} does not replace them: it keeps events that could not be delivered to the function, not events the function fails on. Give the function a DeadLetterQueue or an OnFailure destination.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      for (const fn of stack.functions) {
        if (fn.failure.deadLetterTarget || fn.failure.onFailure) continue;
        // API, SQS and stream invocations return their errors to the caller or the poller: a function DLQ would never receive them.
        const async = stack.triggers.filter((t) => t.functionLogicalId === fn.logicalId && t.delivery === 'async');
        // Cross-layer: code elsewhere that invokes this function with InvocationType 'Event' is an asynchronous trigger too.
        const invokers = context.analysis?.asyncInvokers(fn, stack) ?? [];
        if (async.length === 0 && invokers.length === 0) continue;
        const covered = async.filter((t) => t.deliveryDeadLetter !== undefined);
        const fromCode = [...new Set(invokers.map((e) => `an Event invoke from ${e.reach.fn.name ?? e.reach.fn.logicalId}`))];
        context.report({
          messageId: covered.length > 0 ? 'deliveryDeadLetterOnly' : 'missingFailureDestination',
          data: {
            function: fn.name ?? fn.logicalId,
            triggers: [describe(async, stack), ...fromCode].filter(Boolean).join(', '),
            covered: describe(covered, stack),
          },
          at: fn.at,
          subjects: [fn],
        });
      }
    }
  },
});

/** `SNS OrdersTopic, Schedule`: each kind with the resource it comes from, once. */
function describe(triggers: readonly Trigger[], stack: Stack): string {
  const names = triggers.map((t) => {
    if (t.source === undefined) return t.kind;
    const source = stack.resources.find((r) => r.logicalId === t.source);
    return `${t.kind} ${source ? source.name ?? source.logicalId : t.source}`;
  });
  return [...new Set(names)].join(', ');
}
