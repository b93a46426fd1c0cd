import { createTemplateRule } from '../src/rule/create-template-rule.js';

export default createTemplateRule({
  name: 'sns-redrive-policy',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a redrive policy (dead-letter queue) on every SNS subscription that invokes a function',
      principle: 'errors-notified',
      recommended: 'warn',
      why:
        "A message SNS cannot deliver to the function (a missing permission, throttling past its retries, a deleted function) is dropped; the function's own dead-letter queue never sees it.",
      fix: 'Add a RedrivePolicy with an SQS dead-letter queue to the subscription (redrivePolicy in serverless.yml).',
    },
    messages: {
      missingRedrivePolicy: 'SNS subscription of {{function}} to {{topic}} has no RedrivePolicy: a message SNS cannot deliver is dropped',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      const index = context.stacks.of(stack);
      for (const trigger of stack.triggers) {
        // Delivery 'queue': SAM's SqsSubscription puts a queue between the topic and the function; the queue's redrive policy is what counts.
        if (trigger.kind !== 'SNS' || trigger.delivery !== 'async' || trigger.deliveryDeadLetter !== undefined) continue;
        const fn = index.function(trigger.functionLogicalId);
        const topic = trigger.source !== undefined ? index.resource(trigger.source) : undefined;
        context.report({
          messageId: 'missingRedrivePolicy',
          data: {
            function: fn ? fn.name ?? fn.logicalId : trigger.functionLogicalId,
            topic: topic ? topic.name ?? topic.logicalId : trigger.source ?? 'its topic',
          },
          at: trigger.at,
          subjects: [...(fn ? [fn] : []), ...(trigger.ignoredRules ? [{ ignoredRules: trigger.ignoredRules }] : [])],
        });
      }
    }
  },
});
