import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { NOTIFICATION_RULES_OFF } from '../helpers/notification-rules.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

/**
 * Real projects as they are laid out: for each layout a small project, the account the stylish
 * report ends with, and every finding, by file, line and rule. Each handler swallows an error in
 * an empty catch (line 5 of HANDLER), so a function whose code was linted shows it in its source.
 */
const HANDLER = (name = 'handler') => `export const ${name} = async (event: { body?: string }) => {
  try {
    return JSON.parse(event.body ?? '{}');
  }
  catch {}
};
`;

/** The account line of a stylish run, and every finding as `file:line:column rule` (the notification rules aside: the layouts are the point). */
async function lintLayout(root: string): Promise<{ account: string; findings: string[] }> {
  const run = await runCli([], root);
  const account = run.stdout.trimEnd().split('\n').at(-1)!;
  const { results } = await lintProject({ cwd: root, rules: [NOTIFICATION_RULES_OFF] });
  return { account, findings: flattenFindings(results, root).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`) };
}

const SAM_HEADER = 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs20.x\n    Tracing: Active\n';

describe('what a run covers, layout by layout', () => {
  it('code deployed from S3: the source beside the template (SAM CodeUri) and under its package (CloudFormation Code)', async () => {
    const root = writeProject({
      'package.json': '{ "name": "s3-code" }',
      'infra/template.yaml': `${SAM_HEADER}Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://artifacts/orders.zip
      Handler: orders.handler
`,
      'infra/orders.ts': HANDLER(),
      'infra/billing.template.json': JSON.stringify({
        Resources: {
          Billing: {
            Type: 'AWS::Lambda::Function',
            Properties: { Runtime: 'nodejs20.x', Handler: 'src/billing.handler', Code: { S3Bucket: 'artifacts', S3Key: 'billing.zip' }, TracingConfig: { Mode: 'Active' } },
          },
        },
      }, null, 2),
      'src/billing.ts': HANDLER(),
    });
    expect(await lintLayout(root)).toEqual({
      account: '2 templates · 2 functions: 2 handlers linted (2 modules)',
      findings: ['infra/orders.ts:5:3 sls/no-swallowed-errors', 'src/billing.ts:5:3 sls/no-swallowed-errors'],
    });
  });

  it('webpack output: .webpack/ handler paths mapped back through the entries of the config serverless-webpack names', async () => {
    const root = writeProject({
      'serverless.yml': `service: orders
plugins: [serverless-webpack]
provider: { name: aws, runtime: nodejs20.x, tracing: { lambda: true } }
custom:
  webpack: { webpackConfig: ./build/webpack.config.js }
package: { individually: true }
functions:
  create: { handler: .webpack/service/handlers/create.handler }
  report: { handler: .webpack/service/report.handler }
`,
      'build/webpack.config.js': `const path = require('path');
module.exports = {
  target: 'node',
  entry: {
    'handlers/create': './src/orders/create-order.ts',
    report: path.resolve(__dirname, '..', 'src', 'reports', 'daily'),
  },
};
`,
      'src/orders/create-order.ts': HANDLER(),
      'src/reports/daily.ts': HANDLER(),
    });
    expect(await lintLayout(root)).toEqual({
      account: '1 template · 2 functions: 2 handlers linted (2 modules)',
      findings: ['src/orders/create-order.ts:5:3 sls/no-swallowed-errors', 'src/reports/daily.ts:5:3 sls/no-swallowed-errors'],
    });
  });

  it('esbuild: SAM BuildMethod esbuild with EntryPoints, and serverless-esbuild', async () => {
    const root = writeProject({
      'sam/template.yaml': `${SAM_HEADER}Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: app.lambdaHandler
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [src/app.ts]
  Pair:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: pair/
      Handler: second.handler
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [lib/first.ts, lib/second.ts]
`,
      'sam/hello/src/app.ts': HANDLER('lambdaHandler'),
      'sam/pair/lib/first.ts': HANDLER(),
      'sam/pair/lib/second.ts': HANDLER(),
      'sls/serverless.yml': `service: bundled
plugins: [serverless-esbuild]
provider: { name: aws, runtime: nodejs20.x, tracing: { lambda: true } }
functions:
  api: { handler: .esbuild/.build/src/api.handler }
`,
      'sls/src/api.ts': HANDLER(),
    });
    expect(await lintLayout(root)).toEqual({
      account: '2 templates · 3 functions: 3 handlers linted (3 modules)',
      findings: ['sam/hello/src/app.ts:5:3 sls/no-swallowed-errors', 'sam/pair/lib/second.ts:5:3 sls/no-swallowed-errors', 'sls/src/api.ts:5:3 sls/no-swallowed-errors'],
    });
  });

  it('a handler file that re-exports its handler: findings land in the module that defines it, once', async () => {
    const impl = (head: string) => `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

${head} {
  const client = new DynamoDBClient({});
  for (const record of event.Records) {
    await client.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: record.messageId } } }));
  }
}
`;
    const fn = (id: string, dir: string) => `  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: ${dir}/index.handler
      Environment: { Variables: { TABLE: !Ref Table } }
      Events:
        Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, BatchSize: 1 } }
`;
    const root = writeProject({
      'template.yaml': `${SAM_HEADER}Resources:
${fn('DefaultAs', 'a')}${fn('Renamed', 'b')}${fn('Whole', 'c')}${fn('Member', 'd')}${fn('Star', 'e')}  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: { deadLetterTargetArn: !GetAtt DeadLetters.Arn, maxReceiveCount: 3 }
  DeadLetters:
    Type: AWS::SQS::Queue
  Table:
    Type: AWS::DynamoDB::Table
`,
      'a/index.ts': "export { default as handler } from './impl';\n",
      'a/impl.ts': impl('export default async function (event: { Records: { messageId: string }[] })'),
      'b/index.ts': "export { processOrders as handler } from './impl';\n",
      'b/impl.ts': impl('export async function processOrders(event: { Records: { messageId: string }[] })'),
      'c/index.js': "module.exports = require('./impl');\n",
      'c/impl.js': impl('exports.handler = async function (event)').replace("import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';", "const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');"),
      'd/index.js': "exports.handler = require('./impl').handler;\n",
      'd/impl.js': impl('exports.handler = async function (event)').replace("import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';", "const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');"),
      'e/index.ts': "export * from './impl';\n",
      'e/impl.ts': impl('export async function handler(event: { Records: { messageId: string }[] })'),
    });
    // Per module: the SDK used directly in a handler module, a client built per invocation, and the
    // unconditional write an SQS delivery may repeat; the redelivered batch is one message long.
    const perModule = (file: string, sdkColumn: number) => [
      `${file}:1:${sdkColumn} sls/no-unwrapped-sdk`, `${file}:4:18 sls/no-client-in-handler`, `${file}:6:23 sls/conditional-writes`,
    ];
    expect(await lintLayout(root)).toEqual({
      account: '1 template · 5 functions: 5 handlers linted (10 modules)',
      findings: [...perModule('a/impl.ts', 48), ...perModule('b/impl.ts', 48), ...perModule('c/impl.js', 52), ...perModule('d/impl.js', 52), ...perModule('e/impl.ts', 48)],
    });
  });

  it('functions written as a list: of maps, and of ${file()} includes', async () => {
    const root = writeProject({
      'serverless.yml': `service: orders
provider: { name: aws, runtime: nodejs20.x, tracing: { lambda: true } }
functions:
  - create: { handler: src/create.handler }
    list: { handler: src/list.handler }
  - \${file(./functions/billing.yml)}
  - \${file(./functions/missing.yml)}
`,
      'functions/billing.yml': 'charge:\n  handler: src/charge.handler\nrefund:\n  handler: src/refund.handler\n',
      'src/create.ts': HANDLER(),
      'src/list.ts': HANDLER(),
      'src/charge.ts': HANDLER(),
      'src/refund.ts': HANDLER(),
    });
    expect(await lintLayout(root)).toEqual({
      account: '1 template · 4 functions: 4 handlers linted (4 modules)',
      findings: [
        'serverless.yml:7:5 sls/parse-error',
        'src/charge.ts:5:3 sls/no-swallowed-errors', 'src/create.ts:5:3 sls/no-swallowed-errors',
        'src/list.ts:5:3 sls/no-swallowed-errors', 'src/refund.ts:5:3 sls/no-swallowed-errors',
      ],
    });
  });

  it('serverless.ts: functions through a barrel, imports through tsconfig paths from an extends chain', async () => {
    const root = writeProject({
      'serverless.ts': `import type { AWS } from '@serverless/typescript';
import { functions } from '@fns/index';

const config: AWS = {
  service: 'orders',
  provider: { name: 'aws', runtime: 'nodejs20.x', tracing: { lambda: true } },
  functions,
  resources: { Resources: { Orders: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 60, RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:dead', maxReceiveCount: 3 } } } } },
};

module.exports = config;
`,
      'src/fns/index.ts': "import { place } from './place';\n\nexport const functions = { place };\n",
      'src/fns/place.ts': "export const place = { handler: 'src/handlers/place.handler', events: [{ sqs: { arn: { 'Fn::GetAtt': ['Orders', 'Arn'] }, batchSize: 1 } }] };\n",
      'src/handlers/place.ts': "import { save } from '@lib/index';\n\nexport const handler = async (event: { Records: { body: string }[] }) => {\n  for (const record of event.Records) await save(record.body);\n};\n",
      'src/lib/index.ts': "export * from './orders-table';\n",
      'src/lib/orders-table.ts': `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function save(id: string) {
  await client.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: id } } }));
}
`,
      'tsconfig.json': '{ "extends": "./config/tsconfig.strict.json", "compilerOptions": { "noEmit": true } }\n',
      'config/tsconfig.strict.json': '{\n  // A chain of bases, as monorepos have.\n  "extends": "./tsconfig.paths.json",\n  "compilerOptions": { "strict": true }\n}\n',
      'config/tsconfig.paths.json': '{ "compilerOptions": { "baseUrl": "..", "paths": { "@lib/*": ["src/lib/*"], "@fns/*": ["src/fns/*"] } } }\n',
    });
    expect(await lintLayout(root)).toEqual({
      // The handler, the barrel and the table module: the write is found through the alias and the barrel.
      account: '1 template · 1 function: 1 handler linted (3 modules)',
      findings: ['src/lib/orders-table.ts:6:21 sls/conditional-writes'],
    });
  });

  it('a CDK app with no cdk.out: read from its source', async () => {
    const root = writeProject({
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }\n',
      'bin/app.ts': "import { App } from 'aws-cdk-lib';\nimport { ApiStack } from '../lib/api-stack';\n\nconst app = new App();\nnew ApiStack(app, 'ApiStack');\n",
      'lib/api-stack.ts': `import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export class ApiStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new lambda.Function(this, 'Api', {
      runtime: lambda.Runtime.NODEJS_20_X,
      code: lambda.Code.fromAsset('src'),
      handler: 'api.handler',
      tracing: lambda.Tracing.ACTIVE,
    });
  }
}
`,
      'src/api.ts': HANDLER(),
    });
    expect(await lintLayout(root)).toEqual({
      account: '1 CDK app · 1 function: 1 handler linted (1 module)',
      findings: ['src/api.ts:5:3 sls/no-swallowed-errors'],
    });
  });

  it('a Python function: counted as not Node.js, with no finding', async () => {
    const root = writeProject({
      'template.yaml': `${SAM_HEADER}Resources:
  Report:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: report/
      Handler: app.lambda_handler
`,
      'report/app.py': 'def lambda_handler(event, context):\n    return event\n',
    });
    expect(await lintLayout(root)).toEqual({ account: '1 template · 1 function: 1 not Node.js', findings: [] });
  });

  it('a handler file that is missing: sls/handler-not-found says where it looked', async () => {
    const root = writeProject({
      'template.yaml': `${SAM_HEADER}Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/orders/
      Handler: handlers/create.handler
`,
    });
    const run = await runCli(['--format', 'json'], root);
    expect((JSON.parse(run.stdout) as LintResult[]).flatMap((r) => r.messages.map((m) => m.message)))
      .toContain("Handler 'handlers/create.handler' of Orders resolves to no source file: looked for functions/orders/handlers/create.{ts,mts,cts,js,mjs,cjs}.");
    expect(await lintLayout(root)).toEqual({ account: '1 template · 1 function: 1 not found', findings: ['template.yaml:11:7 sls/handler-not-found'] });
  });

  it('a Serverless Compose monorepo: each service its own stack with its params; ${file()} up to the root; the compose file counted, not a template', async () => {
    const root = writeProject({
      'serverless-compose.yml': `services:
  orders:
    path: services/orders
    params:
      queueArn: arn:aws:sqs:eu-west-1:123456789012:orders
      batchSize: 1
  billing:
    path: services/billing
    config: serverless.billing.yml
    params:
      ordersTopic: \${orders.TopicArn}
`,
      'shared/provider.yml': 'name: aws\nruntime: nodejs20.x\ntracing: { lambda: true }\n',
      'services/orders/serverless.yml': `service: orders
provider: \${file(../../shared/provider.yml)}
functions:
  worker:
    handler: src/worker.handler
    events:
      - sqs:
          arn: \${param:queueArn}
          batchSize: \${param:batchSize}
`,
      'services/orders/src/worker.ts': HANDLER(),
      'services/billing/serverless.billing.yml': `service: billing
provider: \${file(../../shared/provider.yml)}
functions:
  charge:
    handler: src/charge.handler
    events:
      - sns: \${param:ordersTopic, 'arn:aws:sns:eu-west-1:123456789012:orders'}
`,
      'services/billing/src/charge.ts': HANDLER(),
    });
    expect(await lintLayout(root)).toEqual({
      account: '2 templates, 1 compose file · 2 functions: 2 handlers linted (2 modules)',
      findings: [
        // The topic is another service's output, known at deploy time only: the fallback stands in.
        'services/billing/serverless.billing.yml:4:3 sls/async-failure-destination',
        'services/billing/serverless.billing.yml:7:9 sls/sns-redrive-policy',
        'services/billing/src/charge.ts:5:3 sls/no-swallowed-errors',
        // Batches of one, as the compose file says: no batch-partial-failure on the worker's queue.
        'services/orders/src/worker.ts:5:3 sls/no-swallowed-errors',
      ],
    });
  });
});
