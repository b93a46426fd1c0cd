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
    },
    messages: {
      missingOnFailure:
        'The {{kind}} stream {{stream}} of function {{function}} has no on-failure destination: a batch that runs out of retries or gets too old is skipped without a trace. Add DestinationConfig.OnFailure with a queue or topic.',
      unboundedRetries:
        'The {{kind}} stream {{stream}} of function {{function}} retries a failing batch until its records expire (no MaximumRetryAttempts or MaximumRecordAgeInSeconds, or -1): one poison record blocks its shard for as long as the stream keeps data. Set MaximumRetryAttempts, and BisectBatchOnFunctionError to isolate the record.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      for (const trigger of stack.triggers) {
        // SQS and Kafka sources are not streams in this sense: a failed SQS message returns to its queue and its redrive policy.
        if (trigger.delivery !== 'stream' || (trigger.kind !== 'Kinesis' && trigger.kind !== 'DynamoDB')) continue;
        const fn = stack.functions.find((f) => f.logicalId === trigger.functionLogicalId);
        const source = stack.resources.find((r) => r.logicalId === trigger.source);
        const data = {
          kind: trigger.kind,
          stream: source ? source.name ?? source.logicalId : trigger.source ?? '(not in this template)',
          function: fn ? fn.name ?? fn.logicalId : trigger.functionLogicalId,
        };
        const subjects = [...(fn ? [fn] : []), ...(trigger.ignoredRules ? [{ ignoredRules: trigger.ignoredRules }] : [])];
        if (!trigger.onFailure) context.report({ messageId: 'missingOnFailure', data, at: trigger.at, subjects });
        if (!retriesBounded(trigger)) {
          context.report({ messageId: 'unboundedRetries', data, at: trigger.at, subjects });
        }
      }
    }
  },
});
