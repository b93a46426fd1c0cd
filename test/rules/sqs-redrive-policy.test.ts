import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/sqs-redrive-policy');
const run = (file: string) => runTemplateRule('sqs-redrive-policy', path.join(dir, file));

describe('sls/sqs-redrive-policy', () => {
  it('reports a consumed SAM queue without RedrivePolicy on its logical-id line', () => {
    expect(run('fail.sam.yaml')).toEqual([{
      line: 14, column: 3, messageId: 'missingRedrivePolicy',
      message: 'Queue JobsQueue is consumed by Worker but has no RedrivePolicy: a message that keeps failing is retried until it expires, then lost. Add a dead-letter queue with a maxReceiveCount.',
    }]);
  });

  it('reports the same queue consumed through a plain CloudFormation EventSourceMapping', () => {
    expect(run('fail.cloudformation.json').map(({ line, column, messageId }) => ({ line, column, messageId }))).toEqual([
      { line: 30, column: 5, messageId: 'missingRedrivePolicy' },
    ]);
  });

  it('accepts a queue with a redrive policy, exempts its dead-letter queue, and ignores unconsumed queues', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('honours Metadata sls-lint ignore on the queue', () => {
    expect(run('pass.suppressed.sam.yaml')).toEqual([]);
  });
});
