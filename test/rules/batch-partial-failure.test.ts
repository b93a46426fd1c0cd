import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/batch-partial-failure');
const run = (file: string) => runTemplateRule('batch-partial-failure', path.join(dir, file));

describe('sls/batch-partial-failure', () => {
  it('reports SAM SQS and Kinesis events that take batches without ReportBatchItemFailures, on the event line', () => {
    expect(run('fail.sam.yaml')).toEqual([
      {
        line: 13, column: 9, messageId: 'queueWithoutPartialFailure',
        message: 'The SQS event of Worker from JobsQueue delivers batches of up to 10 messages (the default BatchSize) without ReportBatchItemFailures: when one message fails, the whole batch comes back, and the messages that succeeded are processed again. Add ReportBatchItemFailures to the function response types and return batchItemFailures.',
      },
      {
        line: 17, column: 9, messageId: 'streamWithoutPartialFailure',
        message: 'The Kinesis stream event of Worker from ClickStream delivers batches of up to 500 records without ReportBatchItemFailures: when one record fails, the whole batch is retried from its first record, and the records that succeeded are processed again. Add ReportBatchItemFailures to the function response types and return batchItemFailures.',
      },
    ]);
  });

  it('reports a DynamoDB EventSourceMapping with Lambda\'s default batch size of 100 (CloudFormation)', () => {
    expect(run('fail.cloudformation.json').map(({ line, column, messageId, message }) => ({ line, column, messageId, size: /up to (\d+)/.exec(message)?.[1] }))).toEqual([
      { line: 13, column: 5, messageId: 'streamWithoutPartialFailure', size: '100' },
    ]);
  });

  it('reports Serverless Framework sqs and stream events, with the framework\'s default batch size of 10', () => {
    expect(run('fail.serverless/serverless.yml').map(({ line, column, messageId, message }) => ({ line, column, messageId, size: /up to (\d+)/.exec(message)?.[1] }))).toEqual([
      { line: 9, column: 9, messageId: 'queueWithoutPartialFailure', size: '10' },
      { line: 10, column: 9, messageId: 'streamWithoutPartialFailure', size: '10' },
    ]);
  });

  it('accepts ReportBatchItemFailures and a batch size of 1, and ignores other events (SAM)', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts FunctionResponseTypes and honours Metadata on the mapping (CloudFormation)', () => {
    expect(run('pass.cloudformation.json')).toEqual([]);
  });

  it('accepts functionResponseType, batchSize 1, and Lift queues, which report item failures (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });
});
