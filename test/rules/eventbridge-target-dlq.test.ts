import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/eventbridge-target-dlq');
const run = (file: string) => runTemplateRule('eventbridge-target-dlq', path.join(dir, file));
const positions = (file: string) => run(file).map(({ line, column, messageId }) => ({ line, column, messageId }));

describe('sls/eventbridge-target-dlq', () => {
  it('reports SAM EventBridgeRule and Schedule events without DeadLetterConfig, even when the function has its own DLQ', () => {
    expect(run('fail.sam.yaml')).toEqual([
      {
        line: 14, column: 9, messageId: 'missingDeadLetterConfig',
        message: 'The EventBridge rule target Reporter has no DeadLetterConfig: an event EventBridge cannot deliver is dropped',
      },
      { line: 20, column: 9, messageId: 'missingDeadLetterConfig', message: expect.stringContaining('The schedule target Reporter') },
    ]);
  });

  it('reports the function target of an AWS::Events::Rule on the target line, not its queue target', () => {
    expect(positions('fail.cloudformation.json')).toEqual([{ line: 19, column: 11, messageId: 'missingDeadLetterConfig' }]);
  });

  it('reports a Serverless Framework eventBridge event without deadLetterQueueArn', () => {
    expect(positions('fail.serverless/serverless.yml')).toEqual([{ line: 9, column: 9, messageId: 'missingDeadLetterConfig' }]);
  });

  it('accepts DeadLetterConfig on EventBridgeRule, Schedule and ScheduleV2 events, also a queue imported or resolved at deploy time, and ignores other events (SAM)', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts a target DeadLetterConfig, also through !ImportValue, and honours Metadata on the rule (CloudFormation)', () => {
    expect(run('pass.cloudformation.json')).toEqual([]);
  });

  it('accepts deadLetterQueueArn, also through !ImportValue, ${cf:} or ${ssm:}, and leaves the schedule event alone: it has no such setting (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });
});
