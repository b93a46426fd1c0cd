import { shortList } from '../src/rule/message-text.js';
import { createTemplateRule } from '../src/rule/create-template-rule.js';
import type { StackIndex } from '../src/model/stack-index.js';
import type { Trigger } from '../src/model/types.js';

export default createTemplateRule({
  name: 'async-failure-destination',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a dead-letter queue or an on-failure destination on every function invoked asynchronously',
      principle: 'errors-notified',
      recommended: 'error',
      why: "An asynchronous event that still fails after Lambda's retries is discarded: nobody waits for an answer, so nobody sees the error.",
      fix:
        'Give the function a DeadLetterQueue (DeadLetterConfig) or an on-failure destination (EventInvokeConfig DestinationConfig.OnFailure), and alarm on it.',
      fixes: {
        deliveryDeadLetterOnly:
          'Give the function its own DeadLetterQueue or OnFailure destination: the delivery dead-letter queue keeps events that could not reach the function, not events it fails on.',
      },
    },
    messages: {
      missingFailureDestination: 'Function {{function}}, invoked async by {{triggers}}, has no DLQ or on-failure destination: a failed event is lost',
      deliveryDeadLetterOnly: "Function {{function}}, invoked async by {{triggers}}, has no DLQ or on-failure destination ({{covered}}'s DLQ won't do)",
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      const index = context.stacks.of(stack);
      for (const fn of stack.functions) {
        if (fn.failure.deadLetterTarget || fn.failure.onFailure) continue;
        // API, SQS and stream invocations return their errors to the caller or the poller: a function DLQ would never receive them.
        const async = index.triggersOf(fn.logicalId).filter((t) => t.delivery === 'async');
        // Cross-layer: code elsewhere that invokes this function with InvocationType 'Event' is an asynchronous trigger too.
        const invokers = context.analysis?.asyncInvokers(fn, stack) ?? [];
        if (async.length === 0 && invokers.length === 0) continue;
        const covered = async.filter((t) => t.deliveryDeadLetter !== undefined);
        const fromCode = [...new Set(invokers.map((e) => `an Event invoke from ${e.reach.fn.name ?? e.reach.fn.logicalId}`))];
        context.report({
          messageId: covered.length > 0 ? 'deliveryDeadLetterOnly' : 'missingFailureDestination',
          data: {
            function: fn.name ?? fn.logicalId,
            triggers: shortList([describe(async, index), ...fromCode].filter(Boolean)),
            covered: describe(covered, index),
          },
          at: fn.at,
          subjects: [fn],
        });
      }
    }
  },
});

/** `SNS OrdersTopic, Schedule`: each kind with the resource it comes from, once. */
function describe(triggers: readonly Trigger[], stack: StackIndex): string {
  const names = triggers.map((t) => {
    if (t.source === undefined) return t.kind;
    const source = stack.resource(t.source);
    return `${t.kind} ${source ? source.name ?? source.logicalId : t.source}`;
  });
  return [...new Set(names)].join(', ');
}
