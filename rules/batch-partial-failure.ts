import { defineTemplateRule } from '../src/template-rule.js';
import { ruleDocsUrl } from '../src/rule-docs.js';
import type { Stack, Trigger } from '../src/model/types.js';

export default defineTemplateRule({
  name: 'batch-partial-failure',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require ReportBatchItemFailures on SQS, Kinesis and DynamoDB event sources that deliver batches of more than one record',
      principle: 'exactly-once',
      recommended: 'warn',
      url: ruleDocsUrl('batch-partial-failure'),
    },
    messages: {
      queueWithoutPartialFailure:
        'The SQS event of {{function}} from {{source}} delivers batches of up to {{batchSize}} messages{{defaulted}} without ReportBatchItemFailures: when one message fails, the whole batch comes back, and the messages that succeeded are processed again. Add ReportBatchItemFailures to the function response types and return batchItemFailures.',
      streamWithoutPartialFailure:
        'The {{kind}} stream event of {{function}} from {{source}} delivers batches of up to {{batchSize}} records{{defaulted}} without ReportBatchItemFailures: when one record fails, the whole batch is retried from its first record, and the records that succeeded are processed again. Add ReportBatchItemFailures to the function response types and return batchItemFailures.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      for (const trigger of stack.triggers) {
        const isQueue = trigger.kind === 'SQS';
        const isStream = trigger.delivery === 'stream' && (trigger.kind === 'Kinesis' || trigger.kind === 'DynamoDB');
        if ((!isQueue && !isStream) || trigger.reportBatchItemFailures === true) continue;
        const batchSize = trigger.batchSize ?? defaultBatchSize(trigger, stack);
        if (batchSize <= 1) continue;
        const fn = stack.functions.find((f) => f.logicalId === trigger.functionLogicalId);
        const source = stack.resources.find((r) => r.logicalId === trigger.source);
        context.report({
          messageId: isQueue ? 'queueWithoutPartialFailure' : 'streamWithoutPartialFailure',
          data: {
            kind: trigger.kind,
            function: fn ? fn.name ?? fn.logicalId : trigger.functionLogicalId,
            source: source ? source.name ?? source.logicalId : trigger.source ?? 'a source outside this template',
            batchSize,
            defaulted: trigger.batchSize === undefined ? ' (the default BatchSize)' : '',
          },
          at: trigger.at,
          subjects: [...(fn ? [fn] : []), ...(trigger.ignoredRules ? [{ ignoredRules: trigger.ignoredRules }] : [])],
        });
      }
    }
  },
});

/** Lambda's defaults: 10 for SQS, 100 for streams; the Serverless Framework writes 10 for streams too. */
function defaultBatchSize(trigger: Trigger, stack: Stack): number {
  if (trigger.kind === 'SQS') return 10;
  return stack.format === 'serverless' ? 10 : 100;
}
