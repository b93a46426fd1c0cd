import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { writeProject } from '../helpers/temp-project.js';

/** A function whose handler lives under `lib/services/` (a monorepo layout), an API behind it. */
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Tracing: Active
Resources:
  CreateOrder:
    Type: AWS::Serverless::Function
    Properties:
      Handler: lib/services/orders/handlers/create.handler
      Events:
        Post: { Type: HttpApi, Properties: { Path: /orders, Method: post } }
`;

/** Builds its own client: the handler module uses the SDK directly (reported at the package name, 1:48). */
const HANDLER = `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});
export const handler = async (event: { body: string }) => {
  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: event.body } } }));
  return { statusCode: 201 };
};
`;

/** Same code, no template names it: a module under `services/`, taken for a wrapper by the default globs. */
const UNNAMED = HANDLER;

async function findings() {
  const root = writeProject({
    'template.yaml': TEMPLATE,
    'lib/services/orders/handlers/create.ts': HANDLER,
    'lib/services/orders/legacy.ts': UNNAMED,
  });
  const { results } = await lintProject({ cwd: root, paths: ['.', 'lib/services/orders/legacy.ts'] });
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/no-unwrapped-sdk')
    .map((m) => `${path.relative(root, r.filePath).split(path.sep).join('/')}:${m.line}:${m.column} ${m.messageId}`));
}

describe('a module a template names as a handler is never a wrapper', () => {
  it('is checked under a folder the wrapper globs match; a module no template names there is still taken for a wrapper', async () => {
    expect(await findings()).toEqual(['lib/services/orders/handlers/create.ts:1:48 directSdk']);
  });
});
