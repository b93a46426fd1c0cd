import { createTemplateRule } from '../src/rule/create-template-rule.js';

export default createTemplateRule({
  name: 'sqs-redrive-policy',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a redrive policy (dead-letter queue) on every queue a function consumes',
      principle: 'errors-notified',
      recommended: 'error',
      why:
        "Without a redrive policy a message that can never succeed is received again and again until the queue's retention ends, then deleted without a trace; on a FIFO queue it blocks its group.",
      fix: 'Add a RedrivePolicy with a dead-letter queue and a maxReceiveCount, and alarm on the dead-letter queue.',
    },
    messages: {
      missingRedrivePolicy: 'Queue {{queue}} (consumed by {{consumers}}) has no RedrivePolicy: a poison message is lost at expiry',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      const index = context.stacks.of(stack);
      // A dead-letter queue with a redrive policy of its own would only move the problem.
      const deadLetterQueues = new Set<string>();
      for (const resource of stack.resources) {
        if (resource.queue?.deadLetterTarget) deadLetterQueues.add(resource.queue.deadLetterTarget);
      }
      for (const fn of stack.functions) {
        if (fn.failure.deadLetterTarget) deadLetterQueues.add(fn.failure.deadLetterTarget);
        if (fn.failure.onFailure) deadLetterQueues.add(fn.failure.onFailure);
      }
      for (const trigger of stack.triggers) {
        if (trigger.onFailure) deadLetterQueues.add(trigger.onFailure);
        // The dead-letter queue of an SNS subscription or an EventBridge target.
        if (trigger.deliveryDeadLetter) deadLetterQueues.add(trigger.deliveryDeadLetter);
      }

      for (const resource of stack.resources) {
        if (!resource.queue || resource.queue.hasRedrivePolicy || deadLetterQueues.has(resource.logicalId)) continue;
        const consumers = index.triggersFrom(resource.logicalId).filter((t) => t.kind === 'SQS').map((t) => t.functionLogicalId);
        if (consumers.length === 0) continue;
        const consuming = index.functionsWithIds(consumers);
        const subjects = [resource, ...consuming];
        context.report({
          messageId: 'missingRedrivePolicy',
          data: { queue: resource.name ?? resource.logicalId, consumers: consuming.map((f) => f.name ?? f.logicalId).join(', ') },
          at: resource.at,
          subjects,
        });
      }
    }
  },
});
