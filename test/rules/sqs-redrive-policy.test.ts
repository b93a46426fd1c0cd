import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/sqs-redrive-policy');
const run = (file: string) => runTemplateRule('sqs-redrive-policy', path.join(dir, file));

describe('sls/sqs-redrive-policy', () => {
  it('reports a consumed SAM queue without RedrivePolicy on its logical-id line', () => {
    expect(run('fail.sam.yaml')).toEqual([{
      line: 14, column: 3, messageId: 'missingRedrivePolicy',
      message: 'Queue JobsQueue (consumed by Worker) has no RedrivePolicy: a poison message is lost at expiry',
    }]);
  });

  it('reports the same queue consumed through a plain CloudFormation EventSourceMapping', () => {
    expect(run('fail.cloudformation.json').map(({ line, column, messageId }) => ({ line, column, messageId }))).toEqual([
      { line: 30, column: 5, messageId: 'missingRedrivePolicy' },
    ]);
  });

  it('reports a queue under Serverless Framework resources, named by logical id, its consumer by function name', () => {
    expect(run('fail.serverless/serverless.yml')).toEqual([{
      line: 13, column: 5, messageId: 'missingRedrivePolicy',
      message: 'Queue JobsQueue (consumed by worker) has no RedrivePolicy: a poison message is lost at expiry',
    }]);
  });

  it('names CDK queues and consumers by construct path', () => {
    expect(run('fail.cdk.template.json')).toEqual([{
      line: 3, column: 5, messageId: 'missingRedrivePolicy',
      message: 'Queue JobsQueue (consumed by Worker) has no RedrivePolicy: a poison message is lost at expiry',
    }]);
  });

  it('accepts a Lift queue (its DLQ is built in), a redrive policy, and an SNS subscription\'s dead-letter queue (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });

  it('accepts a queue with a redrive policy, exempts its dead-letter queue, and ignores unconsumed queues', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('honours Metadata sls-lint ignore on the queue', () => {
    expect(run('pass.suppressed.sam.yaml')).toEqual([]);
  });
});
