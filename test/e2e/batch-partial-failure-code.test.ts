import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject, type LintRun } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/results.js';
import { editorLint, slsFindings } from '../helpers/editor-lint.js';
import { httpApiEvent, REPORT_BATCH_ITEM_FAILURES, samFunction, samResource, samTemplate, sqsEvent } from '../helpers/sam-template.js';
import { writeProject } from '../helpers/temp-project.js';

/**
 * A queue worker taking batches of 5 (its event, Jobs, on line 9), and an API function beside it
 * (a file to touch without touching the worker).
 */
function template(reportsFailures: boolean): string {
  return samTemplate({
    Worker: samFunction({
      handler: 'src/worker.handler',
      events: { Jobs: sqsEvent('Jobs', 'BatchSize: 5', ...(reportsFailures ? [REPORT_BATCH_ITEM_FAILURES] : [])) },
    }),
    Api: samFunction({ handler: 'src/api.handler', events: { Get: httpApiEvent('get', '/jobs') } }),
    Jobs: samResource('AWS::SQS::Queue', 'RedrivePolicy:', '  deadLetterTargetArn: !GetAtt JobsDlq.Arn', '  maxReceiveCount: 3'),
    JobsDlq: samResource('AWS::SQS::Queue'),
  });
}

/** The worker: the first record whose work throws takes the whole batch back. Line 5 is the loop. */
function worker(disable: boolean): string {
  return [
    'async function work(record) {',
    '  if (!record.body) throw new Error(`empty message ${record.messageId}`);',
    '}',
    'export const handler = async (event) => {',
    ...(disable ? ['  // eslint-disable-next-line sls/batch-partial-failure'] : []),
    '  for (const record of event.Records) {',
    '    await work(record);',
    '  }',
    '};',
    '',
  ].join('\n');
}

const API = 'export const handler = async () => ({ statusCode: 200, body: "[]" });\n';

function project(disable = false): string {
  return writeProject({ 'template.yaml': template(false), 'src/worker.js': worker(disable), 'src/api.js': API });
}

const resultOf = (run: LintRun | LintResult[], root: string, file: string) =>
  ('results' in run ? run.results : run).find((r) => r.filePath === path.join(root, file));

const batchFindings = (result: LintResult | undefined) => slsFindings(result).filter((f) => f.ruleId === 'sls/batch-partial-failure');

/** The finding on the worker's loop (5:3, its first line). */
const THROWS_ON_FIRST_RECORD = {
  ruleId: 'sls/batch-partial-failure', messageId: 'throwsOnFirstRecord', line: 5, column: 3,
  message: 'This loop throws out of Worker on the first failed SQS record: its whole batch of 5 runs again',
};

describe('sls/batch-partial-failure in code', () => {
  it('reports the loop that throws on the first record, on the loop, and not on the event', async () => {
    const root = project();
    const run = await lintProject({ cwd: root });
    expect(batchFindings(resultOf(run, root, 'src/worker.js'))).toEqual([expect.objectContaining(THROWS_ON_FIRST_RECORD)]);
    // The code half said it; the template half does not say it again on the event.
    expect(batchFindings(resultOf(run, root, 'template.yaml'))).toEqual([]);
  });

  it('an eslint-disable-next-line comment above the loop suppresses it', async () => {
    const root = project(true);
    const run = await lintProject({ cwd: root });
    expect(batchFindings(resultOf(run, root, 'src/worker.js'))).toEqual([]);
    expect(batchFindings(resultOf(run, root, 'template.yaml'))).toEqual([]);
  });

  it('with --cache, an unchanged worker keeps its finding, reused; a template that asks for batchItemFailures lints it again', async () => {
    const root = project();
    const workerFile = path.join(root, 'src/worker.js');
    const cold = await lintProject({ cwd: root, cache: true });
    expect(cold.cacheStats!.linted).toContain(workerFile);

    // Nothing changed: the whole run is reused.
    const warm = await lintProject({ cwd: root, cache: true });
    expect(warm.cacheStats!.reused).toContain(workerFile);
    expect(batchFindings(resultOf(warm, root, 'src/worker.js'))).toEqual(batchFindings(resultOf(cold, root, 'src/worker.js')));
    expect(batchFindings(resultOf(warm, root, 'src/worker.js'))).toEqual([expect.objectContaining(THROWS_ON_FIRST_RECORD)]);

    // Another function's code changed: the worker's findings are reused file by file.
    writeFileSync(path.join(root, 'src/api.js'), `${API}// touched\n`);
    const touched = await lintProject({ cwd: root, cache: true });
    expect(touched.cacheStats!.reused).toContain(workerFile);
    expect(touched.cacheStats!.linted).not.toContain(workerFile);
    expect(batchFindings(resultOf(touched, root, 'src/worker.js'))).toEqual([expect.objectContaining(THROWS_ON_FIRST_RECORD)]);

    // The event now reports item failures, and the code never returns them: the finding on the same
    // loop is now that one, where the failures would be collected; the event has none.
    writeFileSync(path.join(root, 'template.yaml'), template(true));
    const configured = await lintProject({ cwd: root, cache: true });
    expect(configured.cacheStats!.linted).toContain(workerFile);
    expect(configured.cacheStats!.reused).not.toContain(workerFile);
    expect(batchFindings(resultOf(configured, root, 'src/worker.js')).map((f) => [f.messageId, f.line, f.column])).toEqual([['configuredNotReturned', 5, 3]]);
    expect(batchFindings(resultOf(configured, root, 'template.yaml'))).toEqual([]);
    // The same as a run without the cache.
    expect(configured.results).toEqual((await lintProject({ cwd: root })).results);
  });

  it('the editor reports the same finding as the CLI', async () => {
    const root = project();
    const cli = batchFindings(resultOf(await lintProject({ cwd: root }), root, 'src/worker.js'));
    const editor = batchFindings(resultOf(await editorLint(root, [path.join(root, 'src/worker.js')]), root, 'src/worker.js'));
    expect(editor).toEqual([expect.objectContaining(THROWS_ON_FIRST_RECORD)]);
    expect(editor).toEqual(cli);
  });

  it('the editor honours the disable comment too', async () => {
    const root = project(true);
    const editor = await editorLint(root, [path.join(root, 'src/worker.js')]);
    expect(batchFindings(resultOf(editor, root, 'src/worker.js'))).toEqual([]);
  });
});
