import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

const project = writeProject;

const SERVERLESS = `service: events
provider:
  name: aws
  runtime: nodejs20.x
  tracing: true
functions:
  api:
    handler: src/api.handler
    events:
      - http: GET /items
      - httpApi: 'POST /items'
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/x/1/2
          priority: 1
          conditions: { path: /x }
      - websocket: $connect
  worker:
    handler: src/worker.handler
    timeout: 30
    tracing: PassThrough
    onError: !Ref FailuresTopic
    destinations:
      onFailure:
        type: sqs
        arn: !GetAtt FailuresQueue.Arn
    maximumRetryAttempts: 1
    events:
      - sns: orders-topic
      - sns:
          arn: !Ref AlertsTopic
          redrivePolicy:
            deadLetterTargetRef: AlertsDlq
      - s3: uploads-bucket
      - schedule: rate(5 minutes)
      - eventBridge:
          eventBus: !GetAtt Bus.Arn
          pattern: { source: [orders] }
          deadLetterQueueArn: !GetAtt BusDlq.Arn
      - cloudwatchLog: /aws/lambda/other
      - iot:
          sql: "SELECT * FROM 'things'"
  consumer:
    handler: src/consumer.handler
    events:
      - sqs: arn:aws:sqs:eu-west-1:123456789012:jobs
      - stream:
          type: dynamodb
          arn: !GetAtt Table.StreamArn
          batchSize: 50
          maximumRetryAttempts: 3
          bisectBatchOnFunctionError: true
          functionResponseType: ReportBatchItemFailures
          destinations:
            onFailure: !GetAtt StreamDlq.Arn
      - stream: arn:aws:kinesis:eu-west-1:123456789012:stream/clicks
      - stream: arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000
constructs:
  jobs:
    type: queue
    batchSize: 5
    worker:
      handler: src/jobs.handler
      timeout: 20
`;

describe('Serverless Framework model', () => {
  const root = project({ 'serverless.yml': SERVERLESS, 'src/api.ts': '', 'src/worker.ts': '', 'src/consumer.mjs': '', 'src/jobs.js': '' });
  const { model, findings } = loadModel(root, [path.join(root, 'serverless.yml')]);
  const stack = model.stacks[0]!;

  it('reads functions with provider defaults, tracing and failure handling', () => {
    expect(findings).toEqual([]);
    expect(stack.format).toBe('serverless');
    const byName = Object.fromEntries(stack.functions.map((f) => [f.logicalId, f]));
    expect(Object.keys(byName)).toEqual(['api', 'worker', 'consumer', 'jobsWorker']);
    expect(byName['api']).toMatchObject({ runtime: 'nodejs20.x', timeout: 6, tracing: 'Active', failure: {} });
    expect(byName['worker']).toMatchObject({
      timeout: 30, tracing: 'PassThrough',
      failure: { deadLetterTarget: 'FailuresTopic', onFailure: 'FailuresQueue', maximumRetryAttempts: 1 },
    });
    expect(byName['consumer']!.handler!.sourceFile).toBe(path.join(root, 'src/consumer.mjs'));
    expect(byName['api']!.at.line).toBe(7);
    expect(byName['api']!.handler!.at.line).toBe(8);
  });

  it('gives each event its kind, delivery, source and line', () => {
    expect(stack.triggers.map((t) => [t.functionLogicalId, t.kind, t.delivery, t.source ?? null, t.at.line])).toEqual([
      ['api', 'Api', 'sync', null, 10],
      ['api', 'HttpApi', 'sync', null, 11],
      ['api', 'ALB', 'sync', null, 12],
      ['api', 'WebSocket', 'sync', null, 16],
      ['worker', 'SNS', 'async', 'orders-topic', 28],
      ['worker', 'SNS', 'async', 'AlertsTopic', 29],
      ['worker', 'S3', 'async', 'uploads-bucket', 33],
      ['worker', 'Schedule', 'async', null, 34],
      ['worker', 'EventBridge', 'async', 'Bus', 35],
      ['worker', 'CloudWatchLogs', 'async', null, 39],
      ['worker', 'IoT', 'async', null, 40],
      ['consumer', 'SQS', 'queue', 'jobs', 45],
      ['consumer', 'DynamoDB', 'stream', 'Table', 46],
      ['consumer', 'Kinesis', 'stream', 'clicks', 55],
      ['consumer', 'DynamoDB', 'stream', 'Orders', 56],
      ['jobsWorker', 'SQS', 'queue', 'jobs', 58],
    ]);
  });

  it('keeps delivery DLQs and stream settings', () => {
    const sns = stack.triggers.find((t) => t.source === 'AlertsTopic')!;
    expect(sns.deliveryDeadLetter).toBe('AlertsDlq');
    const bus = stack.triggers.find((t) => t.kind === 'EventBridge')!;
    expect(bus.deliveryDeadLetter).toBe('BusDlq');
    const stream = stack.triggers.find((t) => t.kind === 'DynamoDB')!;
    expect(stream).toMatchObject({
      batchSize: 50, maximumRetryAttempts: 3, bisectBatchOnFunctionError: true, reportBatchItemFailures: true, onFailure: 'StreamDlq',
    });
  });

  it('turns a Lift queue construct into a queue with its DLQ, a worker and a trigger', () => {
    const queue = stack.resources.find((r) => r.logicalId === 'jobs')!;
    expect(queue.queue).toEqual({ hasRedrivePolicy: true, deadLetterTarget: 'jobsDlq', visibilityTimeout: 120, fifo: false });
    expect(stack.triggers.at(-1)).toMatchObject({ functionLogicalId: 'jobsWorker', source: 'jobs', batchSize: 5, reportBatchItemFailures: true });
  });

  it('locates the tracing mode, and gives http events the implicit REST API, with its tracing off unless provider.tracing.apiGateway', () => {
    const byName = Object.fromEntries(stack.functions.map((f) => [f.logicalId, f]));
    expect([byName['api']!.tracing, byName['api']!.tracingAt?.line]).toEqual(['Active', 5]);
    expect([byName['worker']!.tracing, byName['worker']!.tracingAt?.line]).toEqual(['PassThrough', 20]);
    expect(stack.implicitRestApi).toMatchObject({ logicalId: 'ApiGatewayRestApi', at: { line: 10, column: 9 }, tracing: { enabled: false } });
    expect(stack.implicitRestApi!.tracing.at).toBeUndefined();

    const root = project({
      'serverless.yml': [
        'service: s',
        'provider:',
        '  name: aws',
        '  tracing:',
        '    apiGateway: true',
        'functions:',
        '  f:',
        '    handler: f.handler',
        '    tracing: false',
        '    events:',
        '      - httpApi: GET /',
        '      - http: GET /',
        '',
      ].join('\n'),
    });
    const other = loadModel(root, [path.join(root, 'serverless.yml')]).model.stacks[0]!;
    expect(other.implicitRestApi).toMatchObject({ at: { line: 12, column: 9 }, tracing: { enabled: true, at: { line: 5, column: 5 } } });
    expect([other.functions[0]!.tracing, other.functions[0]!.tracingAt?.line]).toEqual(['PassThrough', 9]);
  });

  it('gives the stack its provider: where it is, where its tracing for functions is, and who inherits that', () => {
    // The old `provider.tracing: true`, inherited by all but worker, which writes its own; a Lift worker is a function of the service too.
    expect(stack.functionDefaults).toMatchObject({ at: { line: 2, column: 1 }, tracingAt: { line: 5, column: 3 }, inheritTracing: ['api', 'consumer', 'jobsWorker'] });
    const defaultsOf = (provider: string[]) => {
      const root = project({ 'serverless.yml': ['service: s', ...provider, 'functions:', '  f: { handler: f.handler }', ''].join('\n') });
      return loadModel(root, [path.join(root, 'serverless.yml')]).model.stacks[0]!.functionDefaults;
    };
    expect(defaultsOf(['provider:', '  name: aws', '  tracing:', '    lambda: false'])).toMatchObject({ tracingAt: { line: 5, column: 5 }, inheritTracing: ['f'] });
    // A tracing section without `lambda`: the setting belongs in it.
    expect(defaultsOf(['provider:', '  name: aws', '  tracing:', '    apiGateway: true'])).toMatchObject({ tracingAt: { line: 4, column: 3 } });
    const bare = defaultsOf(['provider:', '  name: aws']);
    expect([bare?.at.line, bare?.tracingAt]).toEqual([2, undefined]);
  });
});

describe('Serverless Framework end to end', () => {
  it('reports ${file()} outside the root as sls/unsafe-include on its line and lints the rest', async () => {
    const outer = project({ 'secret.yml': 'queueArn: arn:aws:sqs:eu-west-1:1:stolen\n' });
    const root = path.join(outer, 'app');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'src/worker.ts'), 'export const handler = async () => {};\n');
    writeFileSync(path.join(root, 'serverless.yml'), [
      'service: app',
      'provider: { name: aws, runtime: nodejs20.x, tracing: { lambda: true } }',
      'custom:',
      '  stolen: ${file(../secret.yml):queueArn}',
      'functions:',
      '  worker:',
      '    handler: src/worker.handler',
      '    events:',
      '      - sqs: { arn: !GetAtt Jobs.Arn, functionResponseType: ReportBatchItemFailures }',
      'resources:',
      '  Resources:',
      '    Jobs:',
      '      Type: AWS::SQS::Queue',
      '      Properties: { VisibilityTimeout: 60 }',
      '',
    ].join('\n'));
    const run = await runCli(['--format', 'json', '--rule', 'sls/batch-partial-failure: off', '--rule', 'sls/error-alarm: off'], root);
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(flattenFindings(results, root)).toEqual([
      { file: 'serverless.yml', line: 4, column: 3, ruleId: 'sls/unsafe-include', severity: 2 },
      { file: 'serverless.yml', line: 12, column: 5, ruleId: 'sls/sqs-redrive-policy', severity: 2 },
    ]);
    expect(run.stdout).not.toContain('stolen');
    expect(run.code).toBe(1);
  });

  it('reads resources from a ${file()} fragment, points findings into it, and does not lint it twice', async () => {
    const root = project({
      'src/worker.ts': 'export const handler = async () => {};\n',
      'resources/queues.yml': 'Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n',
      'serverless.yml': [
        'service: app',
        'provider: { name: aws, runtime: nodejs20.x, tracing: { lambda: true } }',
        'functions:',
        '  worker:',
        '    handler: src/worker.handler',
        '    events:',
        '      - sqs: { arn: !GetAtt Jobs.Arn, functionResponseType: ReportBatchItemFailures }',
        'resources: ${file(./resources/queues.yml)}',
        '',
      ].join('\n'),
    });
    const { model } = loadModel(root, [path.join(root, 'resources/queues.yml'), path.join(root, 'serverless.yml')]);
    expect(model.stacks.map((s) => path.relative(root, s.templatePath))).toEqual(['serverless.yml']);
    const run = await runCli(['--format', 'json', '--rule', 'sls/batch-partial-failure: off', '--rule', 'sls/error-alarm: off'], root);
    expect(flattenFindings(JSON.parse(run.stdout) as LintResult[], root)).toEqual([
      { file: 'resources/queues.yml', line: 2, column: 3, ruleId: 'sls/sqs-redrive-policy', severity: 2 },
    ]);
  });
});

