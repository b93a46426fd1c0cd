import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/batch-partial-failure.js';
import { REPORT_BATCH_ITEM_FAILURES, samFunction, samResource, samTemplate, sqsEvent } from '../helpers/sam-template.js';
import { runTemplateRule } from '../helpers/template-rule.js';
import { at, code, createProjectRuleTester } from './rule-tester.js';
import { ProjectAnalysis } from '../../src/analysis/analysis.js';
import { ParseCache } from '../../src/analysis/parse.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { loadModel } from '../../src/model/load-model.js';
import { lintProject } from '../../src/engine/lint.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/batch-partial-failure');
const run = (file: string) => runTemplateRule('batch-partial-failure', path.join(dir, file));

describe('sls/batch-partial-failure', () => {
  it('reports SAM SQS and Kinesis events that take batches without ReportBatchItemFailures, on the event line', () => {
    expect(run('fail.sam.yaml')).toEqual([
      {
        line: 13, column: 9, messageId: 'queueWithoutPartialFailure',
        message: 'SQS queue JobsQueue of Worker lacks ReportBatchItemFailures: one failure reruns all 10 (the default)',
      },
      {
        line: 17, column: 9, messageId: 'streamWithoutPartialFailure',
        message: 'Kinesis stream ClickStream of Worker lacks ReportBatchItemFailures: one failure reruns all 500',
      },
      // BisectBatchOnFunctionError and MaximumRetryAttempts without an on-failure destination do not isolate the poison record.
      { line: 25, column: 9, messageId: 'streamWithoutPartialFailure', message: 'Kinesis stream ClickStream of Worker lacks ReportBatchItemFailures: one failure reruns all 100 (the default)' },
    ]);
  });

  it('reports a DynamoDB EventSourceMapping with Lambda\'s default batch size of 100 (CloudFormation)', () => {
    expect(run('fail.cloudformation.json').map(({ line, column, messageId, message }) => ({ line, column, messageId, size: /reruns all (\d+)/.exec(message)?.[1] }))).toEqual([
      { line: 13, column: 5, messageId: 'streamWithoutPartialFailure', size: '100' },
    ]);
  });

  it('reports Serverless Framework sqs and stream events, with the framework\'s default batch size of 10, and a bisected stream whose retries never end', () => {
    expect(run('fail.serverless/serverless.yml').map(({ line, column, messageId, message }) => ({ line, column, messageId, size: /reruns all (\d+)/.exec(message)?.[1] }))).toEqual([
      { line: 9, column: 9, messageId: 'queueWithoutPartialFailure', size: '10' },
      { line: 10, column: 9, messageId: 'streamWithoutPartialFailure', size: '10' },
      { line: 14, column: 9, messageId: 'streamWithoutPartialFailure', size: '10' },
    ]);
  });

  it('accepts ReportBatchItemFailures, a batch size of 1, and streams that bisect, bound their retries and keep what fails; ignores other events (SAM)', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts FunctionResponseTypes and honours Metadata on the mapping (CloudFormation)', () => {
    expect(run('pass.cloudformation.json')).toEqual([]);
  });

  it('accepts an EventBridge pipe\'s batches of 10: a pipe acts on batchItemFailures without a setting (CloudFormation)', () => {
    expect(run('pass.pipes.yaml')).toEqual([]);
  });

  it('accepts functionResponseType, batchSize 1, a bisected stream with bounded retries and an on-failure destination, and Lift queues, which report item failures (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });
});

describe('sls/batch-partial-failure with the code read', () => {
  it('reports, on its loop over the batch, the middy-wrapped handler under a named export that never returns the batchItemFailures its event asks for', async () => {
    const root = path.join(dir, 'middy.serverless');
    const { model } = loadModel(root, [path.join(root, 'serverless.yml')]);
    const parses = new ParseCache();
    const analysis = new ProjectAnalysis(model, (f) => parses.parseFile(f));
    const id = 'sls/batch-partial-failure';
    // Not on the event: the template half leaves it to the code.
    expect(runTemplateRules(model, { severities: { [id]: 'error' }, options: {}, ignores: [] }, analysis)).toEqual([]);
    const { results } = await lintProject({ cwd: root, rules: ['sls/no-swallowed-errors: off'] });
    const findings = results.flatMap((r) => r.messages.filter((m) => m.ruleId === id).map((m) => `${path.relative(root, r.filePath).split(path.sep).join('/')}:${m.line}:${m.column} ${m.messageId}`));
    expect(findings).toEqual(['src/functions/importBatch/handler.js:5:3 configuredNotReturned']);
  });
});

// The code half, in project mode: Worker takes batches of 5 and does not report item failures,
// Reporter does, Single takes one message at a time.
const project = createProjectRuleTester(samTemplate({
  Worker: samFunction({ handler: 'src/worker.handler', events: { Jobs: sqsEvent('Jobs', 'BatchSize: 5') } }),
  Reporter: samFunction({ handler: 'src/reporter.handler', events: { Jobs: sqsEvent('Jobs', 'BatchSize: 5', REPORT_BATCH_ITEM_FAILURES) } }),
  Single: samFunction({ handler: 'src/single.handler', events: { Jobs: sqsEvent('Jobs', 'BatchSize: 1') } }),
  Jobs: samResource('AWS::SQS::Queue'),
}), {
  'src/worker.ts': '// the case under test\n',
  'src/reporter.ts': '// the case under test\n',
  'src/single.ts': '// the case under test\n',
});

const throwingLoop = code(
  "import type { SQSEvent, SQSRecord } from 'aws-lambda';",
  'declare function work(record: SQSRecord): Promise<void>;',
  'export const handler = async (event: SQSEvent) => {',
  '  for (const record of event.Records) {',
  '    await work(record);',
  '  }',
  '};',
);
const throwingForEach = code(
  "import type { SQSEvent, SQSRecord } from 'aws-lambda';",
  'declare function work(record: SQSRecord): Promise<void>;',
  'export const handler = async (event: SQSEvent) => {',
  '  await Promise.all(event.Records.map(async (record) => { await work(record); }));',
  '};',
);
const reportsFailures = code(
  "import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';",
  'declare function work(record: SQSRecord): Promise<void>;',
  'export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {',
  '  const failed: string[] = [];',
  '  for (const record of event.Records) {',
  '    try {',
  '      await work(record);',
  '    } catch {',
  '      failed.push(record.messageId);',
  '    }',
  '  }',
  '  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };',
  '};',
);

project.ruleTester.run('batch-partial-failure (code half, project mode)', rule, {
  valid: [
    {
      name: 'each record caught and its failure returned, and the event asks for the list',
      filename: project.file('src/reporter.ts'),
      code: reportsFailures,
    },
    {
      name: 'batches of one: the loop that throws fails only its own message',
      filename: project.file('src/single.ts'),
      code: throwingLoop,
    },
    {
      name: 'each record caught: the batch of a function without ReportBatchItemFailures is only the template half\'s business',
      filename: project.file('src/worker.ts'),
      code: reportsFailures.replace('  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };\n', ''),
    },
  ],
  invalid: [
    {
      name: 'an event that asks for the list while the code never returns it: on the handler\'s loop over the batch',
      filename: project.file('src/reporter.ts'),
      code: throwingLoop,
      errors: [{ messageId: 'configuredNotReturned', line: 4, column: 3, endLine: 4, endColumn: 4 }],
    },
    {
      name: 'the same, with the records given a name first (`const { Records: messages } = event`), and the errors caught around the loop',
      filename: project.file('src/reporter.ts'),
      code: code(
        "import type { SQSEvent, SQSRecord } from 'aws-lambda';",
        'declare function work(record: SQSRecord): Promise<void>;',
        'export const handler = async (event: SQSEvent) => {',
        '  const { Records: messages } = event;',
        '  try {',
        '    for (const message of messages) await work(message);',
        '  } catch (error) {',
        '    console.error(error);',
        '  }',
        '};',
      ),
      errors: [{ messageId: 'configuredNotReturned', line: 6, column: 5, endLine: 6, endColumn: 57 }],
    },
    {
      name: 'a loop over the records that lets the first error out, on the loop\'s first line',
      filename: project.file('src/worker.ts'),
      code: throwingLoop,
      errors: [{ messageId: 'throwsOnFirstRecord', data: { function: 'Worker', kind: 'SQS', batchSize: 5 }, line: 4, column: 3, endLine: 4, endColumn: 4 }],
    },
    {
      name: 'Records.map with an async callback that awaits unguarded',
      filename: project.file('src/worker.ts'),
      code: throwingForEach,
      errors: [{ messageId: 'throwsOnFirstRecord', data: { function: 'Worker', kind: 'SQS', batchSize: 5 }, ...at(throwingForEach, 'event.Records.map(async (record) => { await work(record); })') }],
    },
    {
      name: 'batchItemFailures returned while the event does not ask for them: Lambda ignores the list',
      filename: project.file('src/worker.ts'),
      code: reportsFailures,
      errors: [{ messageId: 'returnedNotConfigured', data: { function: 'Worker', kind: 'SQS', event: 'template.yaml:9' }, ...at(reportsFailures, 'batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier }))') }],
    },
  ],
});
