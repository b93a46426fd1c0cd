import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/sqs-visibility-timeout');
const run = (file: string) => runTemplateRule('sqs-visibility-timeout', path.join(dir, file));

describe('sls/sqs-visibility-timeout', () => {
  it('reports SAM queues on VisibilityTimeout, or on the logical id when the default applies, against the slowest consumer', () => {
    expect(run('fail.sam.yaml')).toEqual([
      {
        line: 33, column: 7, messageId: 'visibilityTimeoutTooShort',
        message: "Visibility timeout of ExportQueue, 120 s, is under 6 × Exporter's 60 s timeout: messages run twice",
      },
      {
        line: 35, column: 3, messageId: 'visibilityTimeoutTooShort',
        message: "Visibility timeout of DocumentQueue, 30 s (the SQS default), is under 6 × Indexer's 10 s timeout: messages run twice",
      },
    ]);
  });

  it('reports a queue consumed through an EventSourceMapping on its VisibilityTimeout (CloudFormation)', () => {
    expect(run('fail.cloudformation.json').map(({ line, column, messageId }) => ({ line, column, messageId }))).toEqual([
      { line: 23, column: 23, messageId: 'visibilityTimeoutTooShort' },
    ]);
  });

  it('uses the Serverless Framework\'s 6 s default timeout', () => {
    expect(run('fail.serverless/serverless.yml')).toEqual([{
      line: 14, column: 5, messageId: 'visibilityTimeoutTooShort',
      message: "Visibility timeout of JobsQueue, 30 s (the SQS default), is under 6 × worker's 6 s timeout: messages run twice",
    }]);
  });

  it('names CDK queues and functions by construct path', () => {
    expect(run('fail.cdk.template.json')).toEqual([{
      line: 5, column: 23, messageId: 'visibilityTimeoutTooShort',
      message: "Visibility timeout of ExportStack/ExportQueue, 300 s, is under 6 × ExportStack/Exporter's 900 s timeout: messages run twice",
    }]);
  });

  it('accepts 6 × the timeout, the defaults (30 s against 3 s), a parameter, and unconsumed queues (SAM)', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts 6 × the timeout (CloudFormation)', () => {
    expect(run('pass.cloudformation.json')).toEqual([]);
  });

  it('accepts provider.timeout against VisibilityTimeout, and a Lift queue, which sets 6 × its worker\'s timeout (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });
});
