import { createTemplateRule } from '../src/rule/create-template-rule.js';
import path from 'node:path';
import type { Stack, TemplateRef, Trigger } from '../src/model/types.js';
import { batchResponseOf } from '../src/analysis/batch-responses.js';
import type { SourceLoc } from '../src/analysis/module-summary.js';

export default createTemplateRule({
  name: 'batch-partial-failure',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require ReportBatchItemFailures on SQS, Kinesis and DynamoDB event sources that deliver batches of more than one record',
      principle: 'exactly-once',
      recommended: 'warn',
    },
    messages: {
      queueWithoutPartialFailure:
        'The SQS event of {{function}} from {{source}} delivers batches of up to {{batchSize}} messages{{defaulted}} without ReportBatchItemFailures: when one message fails, the whole batch comes back, and the messages that succeeded are processed again. Add ReportBatchItemFailures to the function response types and return batchItemFailures.',
      configuredNotReturned:
        '{{function}} sets ReportBatchItemFailures on its {{kind}} event, but its code never returns batchItemFailures: a batch that comes back without the list counts as fully processed, so a record the code gave up on is not retried. Return { batchItemFailures } with the failed records, or use Powertools processPartialResponse.',
      returnedNotConfigured:
        '{{function}} returns batchItemFailures, but its {{kind}} event does not set ReportBatchItemFailures: Lambda ignores the list, so the records it names are not retried. Add ReportBatchItemFailures to the function response types of that event ({{event}}).',
      throwsOnFirstRecord:
        'This loop over the {{kind}} batch of {{function}} throws out of the handler on the first record that fails: the whole batch of up to {{batchSize}} comes back, and the records already processed run again. Catch each record\'s error, collect it in batchItemFailures, and set ReportBatchItemFailures.',
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
        if (!isQueue && !isStream) continue;
        const fn = stack.functions.find((f) => f.logicalId === trigger.functionLogicalId);
        const subjects = [...(fn ? [fn] : []), ...(trigger.ignoredRules ? [{ ignoredRules: trigger.ignoredRules }] : [])];
        const batchSize = trigger.batchSize ?? defaultBatchSize(trigger, stack);
        const name = fn ? fn.name ?? fn.logicalId : trigger.functionLogicalId;
        // Cross-layer: when the code is known, the template and the handler must agree.
        const code = context.analysis && fn ? batchResponseOf(context.analysis, fn) : undefined;
        if (trigger.reportBatchItemFailures === true) {
          if (code && !code.failures) {
            context.report({ messageId: 'configuredNotReturned', data: { function: name, kind: trigger.kind }, at: trigger.at, subjects });
          }
          continue;
        }
        if (code?.failures) {
          context.report({
            messageId: 'returnedNotConfigured',
            data: { function: name, kind: trigger.kind, event: `${path.relative(context.model.root, trigger.at.file)}:${trigger.at.line}` },
            at: locationOf(code.failures.file, code.failures.loc),
            subjects,
          });
          continue;
        }
        if (batchSize <= 1) continue;
        if (code?.throwingLoop) {
          context.report({
            messageId: 'throwsOnFirstRecord',
            data: { function: name, kind: trigger.kind, batchSize },
            at: locationOf(code.throwingLoop.file, code.throwingLoop.loc),
            subjects,
          });
          continue;
        }
        const source = stack.resources.find((r) => r.logicalId === trigger.source);
        context.report({
          messageId: isQueue ? 'queueWithoutPartialFailure' : 'streamWithoutPartialFailure',
          data: {
            kind: trigger.kind,
            function: name,
            source: source ? source.name ?? source.logicalId : trigger.source ?? 'a source outside this template',
            batchSize,
            defaulted: trigger.batchSize === undefined ? ' (the default BatchSize)' : '',
          },
          at: trigger.at,
          subjects,
        });
      }
    }
  },
});

/** The first line of a node in a code file, as a template rule reports it. */
function locationOf(file: string, loc: SourceLoc): TemplateRef {
  const { start, end } = loc;
  const endLine = start.line;
  const endColumn = end.line === start.line ? end.column + 1 : start.column + 2;
  return { file, line: start.line, column: start.column + 1, endLine, endColumn };
}

/** Lambda's defaults: 10 for SQS, 100 for streams; the Serverless Framework writes 10 for streams too. */
function defaultBatchSize(trigger: Trigger, stack: Stack): number {
  if (trigger.kind === 'SQS') return 10;
  return stack.format === 'serverless' ? 10 : 100;
}
