import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject, type LintOptions } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/results.js';
import { runCli } from '../helpers/run-cli.js';
import { sarifValidator } from '../helpers/sarif-schema.js';
import { writeProject } from '../helpers/temp-project.js';

/** Where a test puts comment lines in the template. */
type CommentPlaces = Record<'top' | 'beforeWorker' | 'beforeJobs' | 'inJobs' | 'beforeRefresh', string[]>;

/**
 * A function consuming two queues, neither with a redrive policy. Without comments:
 * sls/tracing-enabled on Worker (3:3), sls/sqs-redrive-policy on Jobs (11:3) and on Refresh (13:3).
 */
function samTemplate(comments: CommentPlaces): string {
  return [
    ...comments.top,
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    ...comments.beforeWorker,
    '  Worker:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    '      Handler: worker.handler',
    '      Events:',
    '        Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, FunctionResponseTypes: [ReportBatchItemFailures] } }',
    '        Refresh: { Type: SQS, Properties: { Queue: !GetAtt Refresh.Arn, FunctionResponseTypes: [ReportBatchItemFailures] } }',
    ...comments.beforeJobs,
    '  Jobs:',
    ...comments.inJobs,
    '    Type: AWS::SQS::Queue',
    ...comments.beforeRefresh,
    '  Refresh:',
    '    Type: AWS::SQS::Queue',
    // A traced function, so that tracing-enabled reports Worker itself rather than once for the template.
    '  Traced:',
    '    Type: AWS::Serverless::Function',
    '    Properties: { Runtime: nodejs20.x, Handler: worker.handler, Tracing: Active }',
    // Someone is told when a function fails: sls/error-alarm stays out of tests about comments.
    '  Errors:',
    '    Type: AWS::CloudWatch::Alarm',
    '    Properties: { Namespace: AWS/Lambda, MetricName: Errors, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: GreaterThanThreshold }',
    '',
  ].join('\n');
}

const NONE: CommentPlaces = { top: [], beforeWorker: [], beforeJobs: [], inJobs: [], beforeRefresh: [] };
/** Reports nothing in code: the findings of these tests are the template's. */
const WORKER = 'export const handler = async () => ({ batchItemFailures: [] });\n';

interface Seen {
  /** `line rule` of each finding shown. */
  shown: string[];
  /** `line rule: reason` of each finding suppressed. */
  suppressed: string[];
  result: LintResult;
}

async function lintFile(files: Record<string, string>, file: string, options: LintOptions = {}): Promise<Seen> {
  const root = writeProject(files);
  const { results } = await lintProject({ cwd: root, ...options });
  const result = results.find((r) => r.filePath === path.join(root, file))!;
  return {
    shown: result.messages.map((m) => `${m.line} ${m.ruleId}`),
    suppressed: result.suppressedMessages.map((m) => `${m.line} ${m.ruleId}: ${m.suppressions.map((s) => s.justification).join(' | ')}`),
    result,
  };
}

const sam = (comments: Partial<CommentPlaces>, options?: LintOptions) =>
  lintFile({ 'template.yaml': samTemplate({ ...NONE, ...comments }), 'worker.ts': WORKER }, 'template.yaml', options);

describe('sls-lint-disable comments in a SAM template', () => {
  it('without comments, the template has its three findings', async () => {
    expect((await sam({})).shown).toEqual(['3 sls/tracing-enabled', '11 sls/sqs-redrive-policy', '13 sls/sqs-redrive-policy']);
  });

  it('next-line: the next line that is not a comment, kept as suppressed with its reason', async () => {
    const { shown, suppressed, result } = await sam({
      beforeJobs: ['  # sls-lint-disable-next-line sls/sqs-redrive-policy -- jobs are re-sent every minute', '  # (a plain comment between)'],
    });
    expect(shown).toEqual(['3 sls/tracing-enabled', '15 sls/sqs-redrive-policy']);
    expect(suppressed).toEqual(['13 sls/sqs-redrive-policy: jobs are re-sent every minute']);
    expect(result.suppressedMessages[0]).toMatchObject({ severity: 2, messageId: 'missingRedrivePolicy', suppressions: [{ kind: 'directive', justification: 'jobs are re-sent every minute' }] });
    // Counted as ESLint counts: suppressed findings are not errors.
    expect(result.errorCount).toBe(1);
  });

  it('a comment for another rule suppresses nothing', async () => {
    const { shown, suppressed } = await sam({ beforeJobs: ['  # sls-lint-disable-next-line sls/tracing-enabled -- wrong rule'] });
    expect(shown).toEqual(['3 sls/tracing-enabled', '12 sls/sqs-redrive-policy', '14 sls/sqs-redrive-policy']);
    expect(suppressed).toEqual([]);
  });

  it('block, first in a resource: that whole resource, its key line included', async () => {
    const { shown, suppressed } = await sam({ inJobs: ['    # sls-lint-disable sls/sqs-redrive-policy -- a resource-wide reason'] });
    expect(shown).toEqual(['3 sls/tracing-enabled', '14 sls/sqs-redrive-policy']);
    expect(suppressed).toEqual(['11 sls/sqs-redrive-policy: a resource-wide reason']);
  });

  it('block, between resources: the rest of Resources', async () => {
    const { shown, suppressed } = await sam({ beforeJobs: ['  # sls-lint-disable sls/sqs-redrive-policy, sls/tracing-enabled -- both queues'] });
    // Worker is before the comment: its finding stays.
    expect(shown).toEqual(['3 sls/tracing-enabled']);
    expect(suppressed).toEqual(['12 sls/sqs-redrive-policy: both queues', '14 sls/sqs-redrive-policy: both queues']);
  });

  it('block, at the top before any content: the whole file, for each rule named', async () => {
    const { shown, suppressed } = await sam({ top: ['# sls-lint-disable sls/sqs-redrive-policy, sls/tracing-enabled -- a demo stack'] });
    expect(shown).toEqual([]);
    expect(suppressed).toEqual(['4 sls/tracing-enabled: a demo stack', '12 sls/sqs-redrive-policy: a demo stack', '14 sls/sqs-redrive-policy: a demo stack']);
  });

  it('two comments over one finding: both reasons', async () => {
    const { suppressed } = await sam({
      top: ['# sls-lint-disable sls/sqs-redrive-policy -- first'],
      beforeRefresh: ['  # sls-lint-disable-next-line sls/sqs-redrive-policy -- second'],
    });
    expect(suppressed).toEqual(['12 sls/sqs-redrive-policy: first', '15 sls/sqs-redrive-policy: first | second']);
  });

  it('an engine diagnostic is suppressed by file and line too', async () => {
    const { shown, suppressed } = await lintFile({
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Legacy:',
        '    # sls-lint-disable sls/handler-not-found, sls/tracing-enabled -- built by another repository',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: missing.handler',
        '  Other:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { Runtime: nodejs20.x, Handler: gone.handler, Tracing: Active }',
        '',
      ].join('\n'),
    }, 'template.yaml');
    // Handler not found points at the Handler line, tracing at the function's key: both in Legacy.
    expect(shown).toEqual(['11 sls/handler-not-found']);
    expect(suppressed).toEqual(['3 sls/tracing-enabled: built by another repository', '8 sls/handler-not-found: built by another repository']);
  });
});

describe('the reason', () => {
  const withoutReason = { beforeJobs: ['  # sls-lint-disable-next-line sls/sqs-redrive-policy'] };

  it('is optional in recommended: the comment suppresses, with an empty justification', async () => {
    const { shown, suppressed } = await sam(withoutReason);
    expect(shown).toEqual(['3 sls/tracing-enabled', '14 sls/sqs-redrive-policy']);
    expect(suppressed).toEqual(['12 sls/sqs-redrive-policy: ']);
  });

  it('is required by strict: a comment without one still suppresses, and is a finding at the comment', async () => {
    const root = writeProject({ 'template.yaml': samTemplate({ ...NONE, ...withoutReason }), 'worker.ts': WORKER, 'sls-lint.config.json': '{ "extends": "strict" }' });
    const { results } = await lintProject({ cwd: root });
    const result = results.find((r) => r.filePath === path.join(root, 'template.yaml'))!;
    expect(result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.severity}`)).toEqual([
      '3:3 sls/tracing-enabled 2', '11:3 sls/suppression-reason 2', '14:3 sls/sqs-redrive-policy 2',
    ]);
    expect(result.messages[1]!.message).toContain('gives no reason');
    expect(result.suppressedMessages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['12 sls/sqs-redrive-policy']);
  });

  it('strict asks nothing of a comment that has one', async () => {
    const { shown } = await sam({ beforeJobs: ['  # sls-lint-disable-next-line sls/sqs-redrive-policy -- ok'] }, { rules: ['sls/suppression-reason: error'] });
    expect(shown).toEqual(['3 sls/tracing-enabled', '14 sls/sqs-redrive-policy']);
  });
});

describe('sls-lint-disable comments in serverless.yml', () => {
  const SERVERLESS = [
    'service: jobs',
    'provider: # sls-lint-disable sls/tracing-enabled -- traced by the caller',
    '  name: aws',
    '  runtime: nodejs20.x',
    'functions:',
    '  worker:',
    '    handler: worker.handler',
    '    events:',
    '      - sqs: { arn: !GetAtt Jobs.Arn }',
    'resources:',
    '  Resources:',
    '    # sls-lint-disable-next-line sls/sqs-redrive-policy, sls/sqs-visibility-timeout -- a throwaway queue',
    '    Jobs:',
    '      Type: AWS::SQS::Queue',
    '    Errors:',
    '      Type: AWS::CloudWatch::Alarm',
    '      Properties: { Namespace: AWS/Lambda, MetricName: Errors, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: GreaterThanThreshold }',
    '',
  ].join('\n');

  it('suppress after a key and on the next line, several rules in one comment', async () => {
    const { shown, suppressed } = await lintFile({ 'serverless.yml': SERVERLESS, 'worker.ts': WORKER }, 'serverless.yml');
    expect(shown).toEqual([]);
    expect(suppressed).toEqual([
      '2 sls/tracing-enabled: traced by the caller',
      '13 sls/sqs-redrive-policy: a throwaway queue',
      '13 sls/sqs-visibility-timeout: a throwaway queue',
    ]);
  });
});

const CDK_APP = path.resolve(import.meta.dirname, '../fixtures/cdk-source/queues');

/** A copy of the queues CDK app, with `edit` applied to its stack (lib/queues-stack.ts). */
function cdkApp(edit: (stack: string) => string): string {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'sls-suppress-')), 'app');
  cpSync(CDK_APP, root, { recursive: true });
  const stack = path.join(root, 'lib/queues-stack.ts');
  writeFileSync(stack, edit(readFileSync(stack, 'utf8')));
  return root;
}

/** The notification rules aside: the app declares no alarm, and these tests are about comments (fixtures/alarms-cdk tests the rules on CDK source). */
const NOTIFICATION_RULES = ['sls/dlq-alarm', 'sls/error-alarm'];

const stackFindings = (root: string, results: readonly LintResult[]) => {
  const result = results.find((r) => r.filePath === path.join(root, 'lib/queues-stack.ts'))!;
  return {
    shown: result.messages.filter((m) => !NOTIFICATION_RULES.includes(m.ruleId ?? '')).map((m) => `${m.line} ${m.ruleId}`),
    suppressed: result.suppressedMessages.map((m) => `${m.line} ${m.ruleId}: ${m.suppressions[0]!.justification}`),
  };
};

describe('sls-lint-disable comments in CDK source', () => {
  it('without comments: the Slow queue (22) and the Short queue (30)', async () => {
    const root = cdkApp((stack) => stack);
    expect(stackFindings(root, (await lintProject({ cwd: root })).results).shown).toEqual([
      '22 sls/sqs-redrive-policy', '22 sls/sqs-visibility-timeout', '30 sls/sqs-visibility-timeout',
    ]);
  });

  it('a // comment above the construct suppresses the findings on its line', async () => {
    const root = cdkApp((stack) => stack.replace(
      "    const slow = new sqs.Queue(this, 'Slow');",
      "    // sls-lint-disable-next-line sls/sqs-redrive-policy, sls/sqs-visibility-timeout -- a load test queue\n    const slow = new sqs.Queue(this, 'Slow');",
    ));
    expect(stackFindings(root, (await lintProject({ cwd: root })).results)).toEqual({
      shown: ['31 sls/sqs-visibility-timeout'],
      suppressed: ['23 sls/sqs-redrive-policy: a load test queue', '23 sls/sqs-visibility-timeout: a load test queue'],
    });
  });

  it('above the property a finding points at, and seen by a --cache run: the app source is one of its inputs', async () => {
    const root = cdkApp((stack) => stack);
    await lintProject({ cwd: root, cache: true });
    const stack = path.join(root, 'lib/queues-stack.ts');
    // The Short queue's finding points at its visibilityTimeout (line 30).
    writeFileSync(stack, readFileSync(stack, 'utf8').replace(
      '      visibilityTimeout: Duration.seconds(20),',
      '      // sls-lint-disable-next-line sls/sqs-visibility-timeout -- drained by hand\n      visibilityTimeout: Duration.seconds(20),',
    ));
    const cached = await lintProject({ cwd: root, cache: true });
    expect(stackFindings(root, cached.results)).toEqual({
      shown: ['22 sls/sqs-redrive-policy', '22 sls/sqs-visibility-timeout'],
      suppressed: ['31 sls/sqs-visibility-timeout: drained by hand'],
    });
  });
});

describe('suppressed findings in the outputs', () => {
  const files = {
    'template.yaml': samTemplate({ ...NONE, beforeJobs: ['  # sls-lint-disable-next-line sls/sqs-redrive-policy -- jobs are re-sent'] }),
    'worker.ts': WORKER,
  };

  it('json: in suppressedMessages, with ESLint\'s directive kind and the reason', async () => {
    const root = writeProject(files);
    const run = await runCli(['--format', 'json'], root);
    const results = JSON.parse(run.stdout) as LintResult[];
    const template = results.find((r) => r.filePath === path.join(root, 'template.yaml'))!;
    expect(template.suppressedMessages).toEqual([expect.objectContaining({
      ruleId: 'sls/sqs-redrive-policy', line: 12, column: 3, suppressions: [{ kind: 'directive', justification: 'jobs are re-sent' }],
    })]);
    expect(template.messages.map((m) => m.ruleId)).toEqual(['sls/tracing-enabled', 'sls/sqs-redrive-policy']);
  });

  it('sarif: a result with an inSource suppression and its justification, and the log still validates', async () => {
    const root = writeProject(files);
    const run = await runCli(['--format', 'sarif'], root);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0].results as { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[]; suppressions?: unknown }[];
    expect(results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region.startLine, r.suppressions])).toEqual([
      ['sls/tracing-enabled', 3, undefined],
      ['sls/sqs-redrive-policy', 14, undefined],
      ['sls/sqs-redrive-policy', 12, [{ kind: 'inSource', justification: 'jobs are re-sent' }]],
    ]);
  });

  it('stylish: counted in the summary', async () => {
    const root = writeProject(files);
    const run = await runCli([], root);
    expect(run.stdout).toContain('✖ 2 problems (1 error, 1 warning) (1 suppressed) — 1 sqs-redrive-policy, 1 tracing-enabled\n');
  });

  it('stylish: said even when nothing else is left', async () => {
    const root = writeProject({ ...files, 'template.yaml': samTemplate({ ...NONE, top: ['# sls-lint-disable sls/sqs-redrive-policy, sls/tracing-enabled -- demo'] }) });
    const run = await runCli([], root);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['', '0 problems (3 suppressed)']);
  });
});

describe('the review options filter suppressed findings as the others', () => {
  it('--quiet drops suppressed warnings and keeps suppressed errors, as ESLint\'s does', async () => {
    const { suppressed } = await sam({ top: ['# sls-lint-disable sls/sqs-redrive-policy, sls/tracing-enabled -- demo'] }, { quiet: true });
    expect(suppressed).toEqual(['12 sls/sqs-redrive-policy: demo', '14 sls/sqs-redrive-policy: demo']);
  });
});

describe('--report-unused-suppressions', () => {
  const comments = {
    top: ['# sls-lint-disable sls/no-such-rule -- a typo'],
    beforeJobs: ['  # sls-lint-disable-next-line sls/sqs-redrive-policy, sls/tracing-enabled -- one of two is used'],
    beforeRefresh: ['  # sls-lint-disable-next-line sls/sqs-redrive-policy -- used', '  # sls-lint-disable-next-line'],
  };

  it('reports each rule a comment names that suppressed nothing, at the comment', async () => {
    const { shown, suppressed, result } = await sam(comments, { reportUnusedSuppressions: true });
    expect(shown).toEqual([
      '1 sls/unused-suppression',
      '4 sls/tracing-enabled',
      '12 sls/unused-suppression',
      '16 sls/unused-suppression',
    ]);
    expect(result.messages.filter((m) => m.ruleId === 'sls/unused-suppression').map((m) => [`${m.line}:${m.column}`, m.severity, m.messageId, m.message])).toEqual([
      ['1:1', 1, 'unknownRule', "Unused sls-lint-disable directive: 'sls/no-such-rule' is not an sls-lint rule."],
      ['12:3', 1, 'unused', "Unused sls-lint-disable directive (no problems were reported from 'sls/tracing-enabled')."],
      ['16:3', 1, 'noRule', 'This sls-lint-disable comment names no rule, so it suppresses nothing: name each rule it is for.'],
    ]);
    expect(suppressed).toEqual(['13 sls/sqs-redrive-policy: one of two is used', '17 sls/sqs-redrive-policy: used']);
  });

  it('reports nothing without the flag', async () => {
    const { shown } = await sam(comments);
    expect(shown).toEqual(['4 sls/tracing-enabled']);
  });

  it('is a CLI flag, whose severity the config sets', async () => {
    const root = writeProject({ 'template.yaml': samTemplate({ ...NONE, top: ['# sls-lint-disable sls/eventbridge-target-dlq -- none here'] }), 'worker.ts': WORKER });
    const run = await runCli(['--format', 'json', '--report-unused-suppressions', '--rule', 'sls/unused-suppression: error'], root);
    const results = JSON.parse(run.stdout) as LintResult[];
    const template = results.find((r) => r.filePath === path.join(root, 'template.yaml'))!;
    expect(template.messages[0]).toMatchObject({ ruleId: 'sls/unused-suppression', severity: 2, line: 1, column: 1 });
    expect(run.code).toBe(1);
  });

  it('a cached run is reused only with the same flag', async () => {
    const root = writeProject({ 'template.yaml': samTemplate({ ...NONE, top: ['# sls-lint-disable sls/eventbridge-target-dlq -- none here'] }), 'worker.ts': WORKER });
    const ids = (results: readonly LintResult[]) => results.flatMap((r) => r.messages.map((m) => m.ruleId));
    await lintProject({ cwd: root, cache: true });
    expect(ids((await lintProject({ cwd: root, cache: true, reportUnusedSuppressions: true })).results)).toContain('sls/unused-suppression');
    expect(ids((await lintProject({ cwd: root, cache: true })).results)).not.toContain('sls/unused-suppression');
  });
});

describe('eslint-disable comments in code keep their suppressed findings through --cache', () => {
  const HANDLER = [
    "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
    'const db = new DynamoDBClient({});',
    'export const handler = async () => {',
    '  // eslint-disable-next-line sls/no-scan -- a small lookup table',
    "  await db.send(new ScanCommand({ TableName: 'lookup' }));",
    '};',
    '',
  ].join('\n');
  const TEMPLATE = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Function',
    '    Properties: { Runtime: nodejs20.x, Handler: api.handler, Tracing: Active }',
    '',
  ].join('\n');
  const suppressedIn = (root: string, results: readonly LintResult[]) =>
    results.find((r) => r.filePath === path.join(root, 'api.ts'))!.suppressedMessages.map((m) => `${m.line} ${m.ruleId}: ${m.suppressions[0]!.justification}`);

  it('from the whole run reused, and from a file entry reused after a template changed', async () => {
    const root = writeProject({ 'template.yaml': TEMPLATE, 'api.ts': HANDLER });
    const expected = ['5 sls/no-scan: a small lookup table'];
    const cold = await lintProject({ cwd: root, cache: true });
    expect(suppressedIn(root, cold.results)).toEqual(expected);
    const warm = await lintProject({ cwd: root, cache: true });
    expect(warm.cacheStats!.linted).toEqual([]);
    expect(suppressedIn(root, warm.results)).toEqual(expected);
    // A new resource: the run is not reused whole, but api.ts's context is the same, so its entry is.
    writeFileSync(path.join(root, 'template.yaml'), `${TEMPLATE}  Other:\n    Type: AWS::SNS::Topic\n`);
    const entry = await lintProject({ cwd: root, cache: true });
    expect(entry.cacheStats!.reused).toEqual([path.join(root, 'api.ts')]);
    expect(suppressedIn(root, entry.results)).toEqual(expected);
  });
});
