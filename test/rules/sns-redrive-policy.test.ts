import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/sns-redrive-policy');
const run = (file: string) => runTemplateRule('sns-redrive-policy', path.join(dir, file));
const positions = (file: string) => run(file).map(({ line, column, messageId }) => ({ line, column, messageId }));

describe('sls/sns-redrive-policy', () => {
  it('reports a SAM SNS event without RedrivePolicy on the event line', () => {
    expect(run('fail.sam.yaml')).toEqual([{
      line: 10, column: 9, messageId: 'missingRedrivePolicy',
      message: 'SNS subscription of Notifier to OrdersTopic has no RedrivePolicy: a message SNS cannot deliver is dropped',
    }]);
  });

  it('reports an AWS::SNS::Subscription on its logical-id line and an inline topic subscription on its entry', () => {
    expect(positions('fail.cloudformation.json')).toEqual([
      { line: 14, column: 5, messageId: 'missingRedrivePolicy' },
      { line: 27, column: 11, messageId: 'missingRedrivePolicy' },
    ]);
  });

  it('reports Serverless Framework sns events, by topic name or ARN', () => {
    expect(run('fail.serverless/serverless.yml').map(({ line, column, messageId, message }) => ({ line, column, messageId, topic: /to (\S+) has/.exec(message)?.[1] }))).toEqual([
      { line: 9, column: 9, messageId: 'missingRedrivePolicy', topic: 'orders-topic' },
      { line: 10, column: 9, messageId: 'missingRedrivePolicy', topic: 'AlertsTopic' },
    ]);
  });

  it('accepts RedrivePolicy, and SqsSubscription which delivers through a queue (SAM)', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts RedrivePolicy, ignores non-Lambda protocols, and honours Metadata on the subscription (CloudFormation)', () => {
    expect(run('pass.cloudformation.json')).toEqual([]);
  });

  it('accepts redrivePolicy by ref or ARN (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });
});
