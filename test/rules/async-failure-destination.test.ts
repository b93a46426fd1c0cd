import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectAnalysis } from '../../src/analysis/analysis.js';
import { ParseCache } from '../../src/analysis/parse.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { loadModel } from '../../src/model/load-model.js';
import { samFunction, samTemplate } from '../helpers/sam-template.js';
import { writeProject } from '../helpers/temp-project.js';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/async-failure-destination');
const run = (file: string) => runTemplateRule('async-failure-destination', path.join(dir, file));
const positions = (file: string) => run(file).map(({ line, column, messageId }) => ({ line, column, messageId }));

describe('sls/async-failure-destination', () => {
  it('reports SAM functions invoked asynchronously without a DLQ or OnFailure destination, on their logical-id line', () => {
    expect(run('fail.sam.yaml')).toEqual([
      {
        line: 3, column: 3, messageId: 'missingFailureDestination',
        message: 'Function Thumbnailer, invoked async by S3 UploadsBucket, has no DLQ or on-failure destination: a failed event is lost',
      },
      {
        line: 16, column: 3, messageId: 'deliveryDeadLetterOnly',
        message: "Function Notifier, invoked async by SNS OrdersTopic, Schedule, has no DLQ or on-failure destination (SNS OrdersTopic's DLQ won't do)",
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

  it('names a CDK function by the shortest tail of its construct path that is its own in the stack', () => {
    expect(run('fail.cdk.template.json').map(({ line, column, messageId, message }) => ({ line, column, messageId, name: message.split(/[ ,]/)[1] }))).toEqual([
      { line: 3, column: 5, messageId: 'missingFailureDestination', name: 'ReportHandler' },
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

/** The rule over a project of templates and code, joined by the cross-layer analysis: the functions it reports, with what invokes them. */
function reportedWithCode(templateName: string, files: Record<string, string>): string[] {
  const root = writeProject(files);
  const { model } = loadModel(root, [path.join(root, templateName)]);
  const parses = new ParseCache();
  const analysis = new ProjectAnalysis(model, (f) => parses.parseFile(f));
  const id = 'sls/async-failure-destination';
  return runTemplateRules(model, { severities: { [id]: 'error' }, options: {}, ignores: [] }, analysis).map((f) => f.message.split(', has ')[0]!);
}

const lambdaV2 = ["import AWS from 'aws-sdk';", 'const lambda = new AWS.Lambda();'];

describe('sls/async-failure-destination with code that invokes functions', () => {
  const sam = (orders: string) => ({
    'template.yaml': samTemplate({
      Orders: samFunction({ handler: 'src/orders.handler', environment: { MAILER: '!Ref Mailer' } }),
      Mailer: samFunction({ handler: 'src/mailer.handler' }),
    }),
    'src/constants.ts': "export const INVOCATION_EVENT = 'Event';\nexport const INVOCATION_REQUEST_RESPONSE = 'RequestResponse';\n",
    'src/mailer.ts': 'export const handler = async () => undefined;\n',
    'src/orders.ts': orders,
  });
  const invokeMailer = (type: string) => [
    ...lambdaV2,
    "import { INVOCATION_EVENT, INVOCATION_REQUEST_RESPONSE } from './constants.js';",
    `export const handler = async () => lambda.invoke({ FunctionName: process.env.MAILER, InvocationType: ${type} }).promise();`,
  ].join('\n');

  it('counts an Event invoke whose InvocationType is an imported constant; not a RequestResponse one', () => {
    expect(reportedWithCode('template.yaml', sam(invokeMailer('INVOCATION_EVENT')))).toEqual(['Function Mailer, invoked async by an Event invoke from Orders']);
    expect(reportedWithCode('template.yaml', sam(invokeMailer('INVOCATION_REQUEST_RESPONSE')))).toEqual([]);
  });

  it('counts a function that invokes itself with Event as its own asynchronous invoker', () => {
    const selfInvoke = [
      ...lambdaV2,
      'export const handler = async (event: unknown, context: { functionName: string }) =>',
      "  lambda.invoke({ FunctionName: context.functionName, InvocationType: 'Event' }).promise();",
    ].join('\n');
    expect(reportedWithCode('template.yaml', sam(selfInvoke))).toEqual(['Function Orders, invoked async by an Event invoke from Orders']);
  });

  it('counts an Event invoke a shared helper in another module makes with the values its caller passes', () => {
    const files = (type: string) => ({
      ...sam([
        "import { INVOCATION_EVENT, INVOCATION_REQUEST_RESPONSE } from './constants.js';",
        "import { invokeFunction } from './lib/invoke.js';",
        `export const handler = async () => invokeFunction(process.env.MAILER, ${type});`,
      ].join('\n')),
      'src/lib/invoke.ts': [
        ...lambdaV2,
        'export const invokeFunction = (name: string | undefined, type: string) => lambda.invoke({ FunctionName: name, InvocationType: type }).promise();',
      ].join('\n'),
    });
    expect(reportedWithCode('template.yaml', files('INVOCATION_EVENT'))).toEqual(['Function Mailer, invoked async by an Event invoke from Orders']);
    expect(reportedWithCode('template.yaml', files('INVOCATION_REQUEST_RESPONSE'))).toEqual([]);
  });

  it('finds the invoked function by a name joined from an environment prefix the framework fills at deploy time', () => {
    const serverless = (suffix: string) => ({
      'serverless.yml': [
        'service: shop',
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        '  environment:',
        '    PREFIX: ${self:service}-${opt:stage, self:provider.stage}-',
        'functions:',
        '  orders:',
        '    handler: src/orders.handler',
        '  mailer:',
        '    handler: src/mailer.handler',
        '  mailerArchive:',
        '    handler: src/mailer.handler',
        '',
      ].join('\n'),
      'src/mailer.ts': 'export const handler = async () => undefined;\n',
      'src/orders.ts': [
        ...lambdaV2,
        `export const handler = async () => lambda.invoke({ FunctionName: \`\${process.env.PREFIX}${suffix}\`, InvocationType: 'Event' }).promise();`,
      ].join('\n'),
    });
    expect(reportedWithCode('serverless.yml', serverless('mailer'))).toEqual(['Function mailer, invoked async by an Event invoke from orders']);
    expect(reportedWithCode('serverless.yml', serverless('mail'))).toEqual([]);
  });
});
