import { retriesBounded } from '../src/model/event-source-settings.js';
import { createTemplateRule } from '../src/rule/create-template-rule.js';

export default createTemplateRule({
  name: 'stream-failure-destination',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an on-failure destination and bounded retries on every Kinesis and DynamoDB stream event source',
      principle: 'errors-notified',
      recommended: 'error',
      why:
        'By default Lambda retries a failing stream batch until its records expire, so one bad record blocks its shard; with bounded retries the batch is skipped, and only an on-failure destination records which.',
      fix:
        'Set MaximumRetryAttempts (or MaximumRecordAgeInSeconds) and BisectBatchOnFunctionError, and add DestinationConfig.OnFailure with an SQS queue or SNS topic.',
      fixes: {
        missingOnFailure: 'Add DestinationConfig.OnFailure with an SQS queue or SNS topic (destinations.onFailure in serverless.yml).',
        unboundedRetries: 'Set MaximumRetryAttempts (or MaximumRecordAgeInSeconds), and BisectBatchOnFunctionError to isolate the bad record.',
      },
    },
    messages: {
      missingOnFailure: '{{stream}} of {{function}} has no on-failure destination: a batch that runs out of retries is lost',
      unboundedRetries: '{{stream}} of {{function}} retries a failing batch until it expires: one bad record blocks its shard',
      missingOnFailureAndRetryLimit: '{{stream}} of {{function}} has no OnFailure destination and no MaximumRetryAttempts: a bad record blocks, then is lost',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      const index = context.stacks.of(stack);
      for (const trigger of stack.triggers) {
        // SQS and Kafka sources are not streams in this sense: a failed SQS message returns to its queue and its redrive policy.
        if (trigger.delivery !== 'stream' || (trigger.kind !== 'Kinesis' && trigger.kind !== 'DynamoDB')) continue;
        const fn = index.function(trigger.functionLogicalId);
        const source = trigger.source !== undefined ? index.resource(trigger.source) : undefined;
        const data = {
          stream: `${trigger.kind} stream ${source ? source.name ?? source.logicalId : trigger.source ?? '(not in this template)'}`,
          function: fn ? fn.name ?? fn.logicalId : trigger.functionLogicalId,
        };
        const subjects = [...(fn ? [fn] : []), ...(trigger.ignoredRules ? [{ ignoredRules: trigger.ignoredRules }] : [])];
        const missing = [...(trigger.onFailure ? [] : ['missingOnFailure' as const]), ...(retriesBounded(trigger) ? [] : ['unboundedRetries' as const])];
        // One problem, one finding: a source with neither gets one finding that names both fixes.
        const messageId = missing.length === 2 ? 'missingOnFailureAndRetryLimit' : missing[0];
        if (messageId) context.report({ messageId, data, at: trigger.at, subjects });
      }
    }
  },
});
