import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/stream-failure-destination');
const run = (file: string) => runTemplateRule('stream-failure-destination', path.join(dir, file));
const positions = (file: string) => run(file).map(({ line, column, messageId }) => ({ line, column, messageId }));

describe('sls/stream-failure-destination', () => {
  it('reports SAM stream events without a destination or with unbounded retries, on the event line', () => {
    expect(run('fail.sam.yaml')).toEqual([
      // Neither: one finding, naming both fixes.
      {
        line: 13, column: 9, messageId: 'missingOnFailureAndRetryLimit',
        message: 'Kinesis stream ClickStream of ClickCounter has no OnFailure destination and no MaximumRetryAttempts: a bad record blocks, then is lost',
      },
      {
        line: 19, column: 9, messageId: 'unboundedRetries',
        message: 'DynamoDB stream OrdersTable of ClickCounter retries a failing batch until it expires: one bad record blocks its shard',
      },
      {
        line: 29, column: 9, messageId: 'missingOnFailure',
        message: 'DynamoDB stream AuditTable of ClickCounter has no on-failure destination: a batch that runs out of retries is lost',
      },
    ]);
  });

  it('reports an EventSourceMapping on a Kinesis stream on its logical-id line', () => {
    expect(positions('fail.cloudformation.json')).toEqual([{ line: 14, column: 5, messageId: 'missingOnFailure' }]);
  });

  it('reports Serverless Framework stream events', () => {
    expect(positions('fail.serverless/serverless.yml')).toEqual([
      { line: 9, column: 9, messageId: 'missingOnFailureAndRetryLimit' },
      { line: 10, column: 9, messageId: 'missingOnFailure' },
    ]);
  });

  it('accepts bounded retries with a destination, and never reports SQS sources (SAM)', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts a bounded mapping with a destination, ignores SQS mappings, and honours Metadata on the mapping (CloudFormation)', () => {
    expect(run('pass.cloudformation.json')).toEqual([]);
  });

  it('accepts maximumRecordAgeInSeconds with destinations.onFailure, and ignores sqs events (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });
});
