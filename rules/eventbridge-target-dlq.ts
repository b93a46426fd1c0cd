import { createTemplateRule } from '../src/rule/create-template-rule.js';

export default createTemplateRule({
  name: 'eventbridge-target-dlq',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a dead-letter queue on every EventBridge rule or schedule target that is a function',
      principle: 'errors-notified',
      recommended: 'warn',
      why:
        "An event EventBridge cannot deliver to the function (a missing permission, throttling past the retry policy, a deleted function) is dropped; the function's own dead-letter queue never sees it.",
      fix: 'Add a DeadLetterConfig with an SQS queue to the target (deadLetterQueueArn in serverless.yml).',
    },
    messages: {
      missingDeadLetterConfig: 'The {{kind}} target {{function}} has no DeadLetterConfig: an event EventBridge cannot deliver is dropped',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      const index = context.stacks.of(stack);
      for (const trigger of stack.triggers) {
        if (trigger.kind !== 'EventBridge' && trigger.kind !== 'Schedule') continue;
        if (trigger.deliveryDeadLetter !== undefined) continue;
        // The Serverless Framework's `schedule` event has no setting for a target dead-letter queue: nothing to fix there.
        if (stack.format === 'serverless' && trigger.kind === 'Schedule') continue;
        const fn = index.function(trigger.functionLogicalId);
        context.report({
          messageId: 'missingDeadLetterConfig',
          data: {
            kind: trigger.kind === 'Schedule' ? 'schedule' : 'EventBridge rule',
            function: fn ? fn.name ?? fn.logicalId : trigger.functionLogicalId,
          },
          at: trigger.at,
          subjects: [...(fn ? [fn] : []), ...(trigger.ignoredRules ? [{ ignoredRules: trigger.ignoredRules }] : [])],
        });
      }
    }
  },
});
