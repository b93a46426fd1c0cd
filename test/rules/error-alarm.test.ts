import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectAnalysis } from '../../src/analysis/analysis.js';
import { ParseCache } from '../../src/analysis/parse.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { loadModel } from '../../src/model/load-model.js';
import { samFunction, samTemplate } from '../helpers/sam-template.js';
import { runTemplateRule } from '../helpers/template-rule.js';
import { writeProject } from '../helpers/temp-project.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/error-alarm');
const run = (file: string, options?: unknown[]) => runTemplateRule('error-alarm', path.join(dir, file), options);
const lines = (findings: ReturnType<typeof run>) => findings.map((f) => `${f.line}:${f.column} ${f.messageId}`);

describe('sls/error-alarm', () => {
  it('reports functions invoked from a queue, a schedule or a stream without an Errors alarm on them, not a synchronous one', () => {
    expect(run('fail.sam.yaml')).toEqual([
      {
        line: 19, column: 3, messageId: 'missingErrorAlarm',
        message: 'Function Worker (SQS JobsQueue) has no alarm on its Errors: nobody is told when it fails',
      },
      {
        line: 34, column: 3, messageId: 'otherMetricsOnly',
        message: 'Function Nightly (Schedule) is alarmed on Duration, not on Errors: its failures go unseen',
      },
      {
        line: 60, column: 3, messageId: 'missingErrorAlarm',
        message: 'Function Streamer (Kinesis Clicks) has no alarm on its Errors: nobody is told when it fails',
      },
      {
        line: 107, column: 3, messageId: 'missingErrorAlarm',
        message: 'Function Mixed (Schedule, SQS MixedQueue) has no alarm on its Errors: nobody is told when it fails',
      },
    ]);
  });

  it('accepts an Errors alarm by reference, an error rate by literal name, an alias\' Resource dimension, an alarmed DLQ every failure ends in, a suppression', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts a stack-wide Errors alarm (no dimensions) for every function', () => {
    expect(run('pass.stack-wide.sam.yaml')).toEqual([]);
  });

  it('reads Serverless resources: the generated <Name>LambdaFunction and the deployed name count, a Throttles alarm does not', () => {
    expect(run('serverless/serverless.yml')).toEqual([{
      line: 18, column: 3, messageId: 'otherMetricsOnly',
      message: 'Function share (SNS report-shared) is alarmed on Throttles, not on Errors: its failures go unseen',
    }]);
  });

  it('reports nothing with externalMonitoring, and passes over the functions `monitored` globs name', () => {
    expect(run('fail.sam.yaml', [{ externalMonitoring: true }])).toEqual([]);
    expect(lines(run('fail.sam.yaml', [{ monitored: ['Worker', 'Night*', 'Mixed'] }]))).toEqual(['60:3 missingErrorAlarm']);
    // By deployed name too.
    expect(lines(run('fail.sam.yaml', [{ monitored: ['orders-*'] }]))).toEqual(['19:3 missingErrorAlarm', '34:3 otherMetricsOnly', '107:3 missingErrorAlarm']);
  });
});

describe('sls/error-alarm with code that invokes functions', () => {
  it('counts an Event invoke from another function as an asynchronous trigger', () => {
    const root = writeProject({
      'template.yaml': samTemplate({
        Orders: samFunction({ handler: 'src/orders.handler', environment: { MAILER: '!Ref Mailer' } }),
        Mailer: samFunction({ handler: 'src/mailer.handler' }),
      }),
      'src/mailer.ts': 'export const handler = async () => undefined;\n',
      'src/orders.ts': [
        "import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';",
        'const lambda = new LambdaClient({});',
        "export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: process.env.MAILER, InvocationType: 'Event' }));",
      ].join('\n'),
    });
    const { model } = loadModel(root, [path.join(root, 'template.yaml')]);
    const parses = new ParseCache();
    const analysis = new ProjectAnalysis(model, (f) => parses.parseFile(f));
    const id = 'sls/error-alarm';
    const findings = runTemplateRules(model, { severities: { [id]: 'error' }, options: {}, ignores: [] }, analysis);
    expect(findings.map((f) => ({ line: f.line, column: f.column, messageId: f.messageId, message: f.message }))).toEqual([{
      line: 11, column: 3, messageId: 'missingErrorAlarm',
      message: 'Function Mailer (an Event invoke from Orders) has no alarm on its Errors: nobody is told when it fails',
    }]);
  });
});
