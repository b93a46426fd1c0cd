import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/async-failure-destination');
const run = (file: string) => runTemplateRule('async-failure-destination', path.join(dir, file));
const positions = (file: string) => run(file).map(({ line, column, messageId }) => ({ line, column, messageId }));

describe('sls/async-failure-destination', () => {
  it('reports SAM functions invoked asynchronously without a DLQ or OnFailure destination, on their logical-id line', () => {
    expect(run('fail.sam.yaml')).toEqual([
      {
        line: 3, column: 3, messageId: 'missingFailureDestination',
        message: 'Function Thumbnailer is invoked asynchronously by S3 UploadsBucket but has neither a dead-letter queue nor an on-failure destination: an event that still fails after the retries is dropped without a trace. Give the function a DeadLetterQueue or an OnFailure destination.',
      },
      {
        line: 16, column: 3, messageId: 'deliveryDeadLetterOnly',
        message: 'Function Notifier is invoked asynchronously by SNS OrdersTopic, Schedule but has neither a dead-letter queue nor an on-failure destination. The delivery dead-letter queue of SNS OrdersTopic does not replace them: it keeps events that could not be delivered to the function, not events the function fails on. Give the function a DeadLetterQueue or an OnFailure destination.',
      },
    ]);
  });

  it('does not count an EventBridge target DLQ in plain CloudFormation, and sees AWS::SNS::Subscription', () => {
    expect(positions('fail.cloudformation.json')).toEqual([
      { line: 4, column: 5, messageId: 'deliveryDeadLetterOnly' },
      { line: 27, column: 5, messageId: 'missingFailureDestination' },
    ]);
  });

  it('reports Serverless Framework functions, a deadLetterQueueArn on the eventBridge event not counting', () => {
    expect(positions('fail.serverless/serverless.yml')).toEqual([
      { line: 6, column: 3, messageId: 'missingFailureDestination' },
      { line: 11, column: 3, messageId: 'deliveryDeadLetterOnly' },
    ]);
  });

  it('names a CDK function by its construct path', () => {
    expect(run('fail.cdk.template.json').map(({ line, column, messageId, message }) => ({ line, column, messageId, name: message.split(' ')[1] }))).toEqual([
      { line: 3, column: 5, messageId: 'missingFailureDestination', name: 'ReportsStack/ReportHandler' },
    ]);
  });

  it('accepts DeadLetterQueue and EventInvokeConfig, and ignores API-, SQS-, stream- and SqsSubscription-driven functions (SAM)', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts DeadLetterConfig and an AWS::Lambda::EventInvokeConfig, and ignores SQS- and API-driven functions (CloudFormation)', () => {
    expect(run('pass.cloudformation.json')).toEqual([]);
  });

  it('accepts onError and destinations.onFailure, and ignores http, httpApi, sqs and Lift workers (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });

  it('honours Metadata sls-lint ignore on the function', () => {
    expect(run('pass.suppressed.sam.yaml')).toEqual([]);
  });
});
