import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { runCli } from '../helpers/run-cli.js';
import { queueDepthAlarm, samFunction, samResource, samTemplate, sqsEvent } from '../helpers/sam-template.js';
import { writeProject } from '../helpers/temp-project.js';

/**
 * An SQS worker, and a one-off script no function of the template reaches (named on the command
 * line). The script writes unconditionally, waits on an Invoke, and answers a failure with a 500
 * after logging it at error level. The worker's own module makes the same write, reached.
 */
const WRITE = 'await ddb.send(new PutCommand({ TableName: process.env.TABLE, Item: { pk: event.id } }));';
const CLIENTS = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  'const lambda = new LambdaClient({});',
];
const PROJECT = {
  'template.yaml': samTemplate({
    Worker: samFunction({ handler: 'src/worker.handler', environment: { TABLE: '!Ref Orders' }, events: { Jobs: sqsEvent('Jobs', 'BatchSize: 1') } }),
    Jobs: samResource('AWS::SQS::Queue', 'RedrivePolicy:', '  deadLetterTargetArn: !GetAtt JobsDlq.Arn', '  maxReceiveCount: 3'),
    JobsDlq: samResource('AWS::SQS::Queue'),
    Orders: samResource('AWS::DynamoDB::Table'),
    JobsDlqAlarm: queueDepthAlarm('JobsDlq'),
  }).replace('      Runtime: nodejs20.x', '      Runtime: nodejs20.x\n      Tracing: Active'),
  'src/worker.ts': [
    "import { save } from './orders.js';",
    'export const handler = async (event: { Records: { body: string }[] }) => save(JSON.parse(event.Records[0]!.body));',
    '',
  ].join('\n'),
  'src/orders.ts': [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
    'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    `export async function save(event: { id: string }) { ${WRITE} }`,
    '',
  ].join('\n'),
  'scripts/backfill.ts': [
    ...CLIENTS,
    'export const handler = async (event: { id: string }) => {',
    '  try {',
    `    ${WRITE}`,
    '    await lambda.send(new InvokeCommand({ FunctionName: process.env.NEXT }));',
    '  } catch (err) {',
    "    console.error('backfill failed', err);",
    '    return { statusCode: 500 };',
    '  }',
    '  return { statusCode: 200 };',
    '};',
    '',
  ].join('\n'),
};

async function findings(args: string[]) {
  const root = writeProject(PROJECT);
  const run = await runCli([...args, '--format', 'json'], root);
  return (JSON.parse(run.stdout) as LintResult[]).flatMap((result) => result.messages
    .filter((m) => m.ruleId !== 'sls/no-unwrapped-sdk')
    .map((m) => ({ file: path.relative(root, result.filePath).split(path.sep).join('/'), line: m.line, column: m.column, ruleId: m.ruleId, messageId: m.messageId })));
}

const SYNC_INVOKE = { file: 'scripts/backfill.ts', line: 9, column: 23, ruleId: 'sls/no-sync-invoke', messageId: 'syncInvoke' };

describe('a code file named on the command line that no function reaches', () => {
  it('is judged as code no deployed function runs: no write a redelivery replays, a wait on nobody named, a logged failure as handled', async () => {
    expect(await findings(['.', 'scripts/backfill.ts'])).toEqual([
      SYNC_INVOKE,
      // The worker's write, for contrast: reached from the queue.
      { file: 'src/orders.ts', line: 4, column: 68, ruleId: 'sls/conditional-writes', messageId: 'unconditionalWriteReached' },
    ]);
  });

  it('is judged on its own when no template is linted with it, as with --no-cross-layer', async () => {
    const alone = [{ file: 'scripts/backfill.ts', line: 8, column: 20, ruleId: 'sls/conditional-writes', messageId: 'unconditionalWrite' }, SYNC_INVOKE];
    expect(await findings(['scripts/backfill.ts'])).toEqual(alone);
    expect(await findings(['--no-cross-layer', 'scripts/backfill.ts'])).toEqual(alone);
  });
});
