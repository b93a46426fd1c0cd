import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { flattenFindings } from '../helpers/findings.js';
import { writeProject } from '../helpers/temp-project.js';

/**
 * Two serverless-lift queues: `renders`, with Lift's batches of one, and `exports`, with batches of
 * 10. Neither worker returns batchItemFailures, which Lift always asks for. Both email an address
 * when messages reach their dead-letter queue (`alarm`): someone is told of what fails for good.
 */
const SERVERLESS = `service: media
provider:
  name: aws
  runtime: nodejs20.x
  tracing:
    lambda: true
plugins:
  - serverless-lift
functions:
  upload:
    handler: src/upload.handler
    environment:
      RENDER_QUEUE_URL: \${construct:renders.queueUrl}
    events:
      - httpApi: POST /renders
constructs:
  renders:
    type: queue
    alarm: ops@example.com
    worker:
      handler: src/render.handler
      environment:
        RENDERS_TABLE: !Ref RendersTable
  exports:
    type: queue
    alarm: ops@example.com
    batchSize: 10
    worker:
      handler: src/export.handler
resources:
  Resources:
    RendersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
`;

const UPLOAD = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event: { body: string }) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.RENDER_QUEUE_URL, MessageBody: event.body }));
  return { statusCode: 202 };
};
`;

/** Lets the first error out of the loop, and writes without a condition (line 7). */
const RENDER = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    await documents.send(new PutCommand({ TableName: process.env.RENDERS_TABLE, Item: JSON.parse(record.body) }));
  }
};
`;

const EXPORT = `import type { SQSEvent } from 'aws-lambda';
export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    if (!record.body) throw new Error('empty export request');
  }
};
`;

describe('serverless-lift queue workers', () => {
  it('are judged as SQS consumers: at least once, from a queue with a DLQ, in the batches Lift subscribes them with', async () => {
    const root = writeProject({ 'serverless.yml': SERVERLESS, 'src/upload.ts': UPLOAD, 'src/render.ts': RENDER, 'src/export.ts': EXPORT });
    // X-Ray wrapping of the SDK clients is beside the point here.
    const run = await lintProject({ cwd: root, rules: ['sls/no-unwrapped-sdk: off'] });
    const findings = run.results.flatMap((r) => r.messages.map((m) => ({ file: path.relative(root, r.filePath), line: m.line, ruleId: m.ruleId, messageId: m.messageId, message: m.message })));
    expect(flattenFindings(run.results, root)).toEqual([
      // Batches of 10, and the worker never returns batchItemFailures: one failure brings back all 10 (on its loop over the batch).
      { file: 'src/export.ts', line: 3, column: 3, ruleId: 'sls/batch-partial-failure', severity: 1 },
      // The renders worker is invoked at least once by its queue: the unconditional write runs twice.
      { file: 'src/render.ts', line: 7, column: 26, ruleId: 'sls/conditional-writes', severity: 2 },
    ]);
    expect(findings.find((f) => f.ruleId === 'sls/batch-partial-failure')).toMatchObject({ messageId: 'configuredNotReturned', message: expect.stringContaining('exportsWorker sets ReportBatchItemFailures on its SQS event') });
    expect(findings.find((f) => f.ruleId === 'sls/conditional-writes')!.message).toContain('run at least once by rendersWorker (SQS renders)');
  });
});
