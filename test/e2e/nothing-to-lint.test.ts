import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject, NothingToLintError } from '../../src/engine/lint.js';
import { coverageLine } from '../../src/report/index.js';
import { DEFAULT_BASELINE } from '../../src/review/review-results.js';
import type { Coverage, LintResult, SkippedTemplate } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

const LOOKED_FOR = '(looked for templates in .yaml, .yml and .json files, serverless.yml/ts and cdk.json, outside node_modules, .aws-sam, hidden folders ' +
  "and the config's ignores; code files are linted when named, as in `sls-lint src/handler.ts`)";
const NOTHING_FOUND = 'no SAM/CloudFormation template, serverless.yml/ts for AWS, CDK app (cdk.json) or code file was found';
const HINT = '. Name code files to lint them without a template, or pass --no-error-on-unmatched-pattern to exit with 0';

const HANDLER = 'export const handler = async () => ({ statusCode: 204 });\n';

/** The findings of `samTemplate` in a file: no tracing, no partial batch responses, a queue with no RedrivePolicy. */
const TEMPLATE_FINDINGS = (file: string) => [
  `${file}:1:1 sls/tracing-enabled`, `${file}:3:3 sls/error-alarm`, `${file}:10:9 sls/batch-partial-failure`, `${file}:14:3 sls/sqs-redrive-policy`,
];

/** A Node.js function fed by a queue that has no RedrivePolicy: sls/sqs-redrive-policy on the Jobs line (14:3). */
const samTemplate = (codeUri: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: ${codeUri}
      Handler: worker.handler
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
  Jobs:
    Type: AWS::SQS::Queue
`;

const AZURE = [
  'service: greetings',
  'provider:',
  '  name: azure',
  '  region: West US 2',
  '  runtime: nodejs18',
  'plugins:',
  '  - serverless-azure-functions',
  'functions:',
  '  hello:',
  '    handler: src/handlers/hello.sayHello',
  '    events:',
  '      - http: true',
  '        methods: [GET]',
  '',
].join('\n');

const AWS_SERVICE = [
  'service: orders',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  'functions:',
  '  api:',
  '    handler: src/api.handler',
  '',
].join('\n');

const findingsOf = (results: readonly LintResult[], root: string) => flattenFindings(results, root).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);

describe('a run that finds nothing to lint exits with 2, as ESLint does', () => {
  it('an empty folder: one line on stderr, nothing on stdout', async () => {
    const run = await runCli([], writeProject({ 'README.md': '# nothing here\n' }));
    expect(run).toEqual({ code: 2, stdout: '', stderr: `sls-lint: nothing to lint in .: ${NOTHING_FOUND} ${LOOKED_FOR}${HINT}\n` });
  });

  it('names the paths it was given', async () => {
    const root = writeProject({ 'docs/README.md': '# docs\n', 'notes/todo.md': '- nothing\n' });
    const run = await runCli(['docs', 'notes'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sls-lint: nothing to lint in docs, notes: ${NOTHING_FOUND} ${LOOKED_FOR}${HINT}\n`);
  });

  it('a folder of code files only: folders are searched for templates, not for code, so nothing is linted', async () => {
    const root = writeProject({ 'src/api.ts': HANDLER, 'src/lib/db.ts': 'export const table = process.env.TABLE;\n' });
    const run = await runCli(['src'], root);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `sls-lint: nothing to lint in src: ${NOTHING_FOUND} ${LOOKED_FOR}${HINT}\n` });
  });

  it('code files named on the command line are linted without a template, as before', async () => {
    const root = writeProject({ 'src/api.ts': HANDLER });
    const run = await runCli(['src/api.ts'], root);
    expect(run).toEqual({ code: 0, stdout: '0 templates · 0 functions: no template found, 1 module linted\n', stderr: '' });
  });

  it('--no-error-on-unmatched-pattern: exit 0, the report as usual, and the note on stderr', async () => {
    const root = writeProject({ 'README.md': '# nothing here\n' });
    const stylish = await runCli(['--no-error-on-unmatched-pattern'], root);
    expect(stylish).toEqual({
      code: 0,
      stdout: '0 templates · 0 functions: no template found\n',
      stderr: `sls-lint: nothing to lint in .: ${NOTHING_FOUND} ${LOOKED_FOR}\n`,
    });
    const json = await runCli(['--no-error-on-unmatched-pattern', '--format', 'json'], root);
    expect(json).toEqual({
      code: 0,
      stdout: '[]',
      stderr: `0 templates · 0 functions: no template found\nsls-lint: nothing to lint in .: ${NOTHING_FOUND} ${LOOKED_FOR}\n`,
    });
  });

  it('--update-baseline writes no baseline for nothing', async () => {
    const root = writeProject({ 'README.md': '# nothing here\n' });
    const run = await runCli(['--update-baseline'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sls-lint: nothing to lint in .: ${NOTHING_FOUND} ${LOOKED_FOR}${HINT}\n`);
    expect(existsSync(path.join(root, DEFAULT_BASELINE))).toBe(false);
  });

  it('a CDK app with nothing synthesized is something found: its warning, exit 0', async () => {
    const run = await runCli(['--quiet'], writeProject({ 'cdk.json': '{\n  "app": "npx ts-node bin/app.ts"\n}\n' }));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('the API says so and goes on, unless asked to throw as the CLI does', async () => {
    const root = writeProject({ 'README.md': '# nothing here\n' });
    const run = await lintProject({ cwd: root });
    expect(run.results).toEqual([]);
    expect(run.nothingToLint).toBe(`nothing to lint in .: ${NOTHING_FOUND} ${LOOKED_FOR}`);
    await expect(lintProject({ cwd: root, errorOnUnmatchedPattern: true })).rejects.toThrow(NothingToLintError);
    expect((await lintProject({ cwd: writeProject({ 'template.yaml': samTemplate('.'), 'worker.ts': HANDLER }) })).nothingToLint).toBeUndefined();
  });
});

describe('Serverless Framework configs for other providers than AWS are skipped, and said so', () => {
  it('an Azure serverless.yml alone: skipped, so nothing to lint (exit 2), the skip in the line', async () => {
    const run = await runCli([], writeProject({ 'serverless.yml': AZURE }));
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `sls-lint: nothing to lint in .: ${NOTHING_FOUND} (skipped serverless.yml (provider azure is not AWS); ${LOOKED_FOR.slice(1)}${HINT}\n`,
    });
  });

  it('with --no-error-on-unmatched-pattern, the account names it', async () => {
    const run = await runCli(['--no-error-on-unmatched-pattern'], writeProject({ 'serverless.yml': AZURE }));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('0 templates · 0 functions: no template found, skipped serverless.yml (provider azure is not AWS)\n');
  });

  it('an AWS service beside an Azure one: only the AWS one is linted, the other is noted', async () => {
    const root = writeProject({
      'aws/serverless.yml': AWS_SERVICE,
      'aws/src/api.ts': 'export const handler = async () => {\n  try {\n    return await work();\n  } catch {\n    return { statusCode: 200 };\n  }\n};\nconst work = async () => 1;\n',
      // Its handler file is not there: read as AWS, it would get sls/handler-not-found.
      'azure/serverless.yml': AZURE,
      'google/serverless.yml': 'service: g\nprovider:\n  name: google\n  runtime: nodejs18\nfunctions:\n  first:\n    handler: http\n',
    });
    const run = await lintProject({ cwd: root });
    expect(findingsOf(run.results, root)).toEqual(['aws/serverless.yml:2:1 sls/tracing-enabled', 'aws/src/api.ts:4:5 sls/no-swallowed-errors']);
    expect(run.results.map((r) => r.filePath.slice(root.length + 1)).sort()).toEqual(['aws/serverless.yml', 'aws/src/api.ts']);
    expect(coverageLine(run.coverage)).toBe(
      '1 template · 1 function: 1 handler linted (1 module), skipped azure/serverless.yml (provider azure is not AWS), skipped google/serverless.yml (provider google is not AWS)',
    );
    expect(run.nothingToLint).toBeUndefined();
  });

  it('provider.name aws, a provider given as a variable, or no name at all: read as AWS', async () => {
    const root = writeProject({
      'a/serverless.yml': AWS_SERVICE.replace('name: aws', 'name: AWS'),
      'b/serverless.yml': AWS_SERVICE.replace('name: aws', 'name: ${opt:provider}'),
      'c/serverless.yml': AWS_SERVICE.replace('  name: aws\n', ''),
      'd/serverless.yml': AWS_SERVICE.replace('name: aws', 'name: ${self:custom.cloud}').replace('functions:', 'custom:\n  cloud: openwhisk\nfunctions:'),
    });
    const run = await lintProject({ cwd: root });
    expect(run.coverage.templates).toBe(3);
    expect(run.coverage.skipped).toEqual([{ file: 'd/serverless.yml', reason: 'not-aws', provider: 'openwhisk' }]);
  });
});

describe('packaged outputs beside their source are skipped, not linted twice', () => {
  it('sam package output beside template.yaml: findings from template.yaml only, the account names the skip', async () => {
    const root = writeProject({
      'template.yaml': samTemplate('src/'),
      'src/worker.ts': HANDLER,
      'packaged.yaml': samTemplate('s3://artifacts-bucket/5b8f0e1d2c3a4b5c6d7e8f9a0b1c2d3e'),
      'build/output.yaml': samTemplate('s3://artifacts-bucket/5b8f0e1d2c3a4b5c6d7e8f9a0b1c2d3e'),
    });
    const run = await lintProject({ cwd: root });
    expect(findingsOf(run.results, root)).toEqual(TEMPLATE_FINDINGS('template.yaml'));
    expect(run.results.map((r) => r.filePath.slice(root.length + 1)).sort()).toEqual(['src/worker.ts', 'template.yaml']);
    expect(coverageLine(run.coverage)).toBe(
      '1 template · 1 function: 1 handler linted (1 module), skipped build/output.yaml (packaged output of template.yaml), skipped packaged.yaml (packaged output of template.yaml)',
    );
    const cli = await runCli([], root);
    expect(cli.code).toBe(1);
    expect(cli.stdout.trimEnd().split('\n').at(-1)).toBe(coverageLine(run.coverage));
  });

  it('CloudFormation Code as S3Bucket/S3Key beside the template with local Code', async () => {
    const fn = (code: unknown) => JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Export: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'export.handler', Code: code, Role: 'arn:aws:iam::1:role/r' } },
        Queue: { Type: 'AWS::SQS::Queue' },
      },
    }, null, 2);
    const root = writeProject({
      'stack.template.json': fn('src'),
      'src/export.ts': HANDLER,
      'packaged-template.json': fn({ S3Bucket: 'artifacts', S3Key: 'a1b2c3' }),
    });
    const run = await lintProject({ cwd: root });
    expect(run.coverage.templates).toBe(1);
    expect(run.coverage.skipped).toEqual([{ file: 'packaged-template.json', reason: 'packaged-output', source: 'stack.template.json' }]);
  });

  it('a packaged template alone is linted: it is all the project has', async () => {
    const root = writeProject({ 'packaged.yaml': samTemplate('s3://artifacts-bucket/5b8f0e1d'), 'worker.ts': HANDLER });
    const run = await lintProject({ cwd: root });
    expect(findingsOf(run.results, root)).toEqual(TEMPLATE_FINDINGS('packaged.yaml'));
    expect(run.coverage.skipped).toBeUndefined();
  });

  it('not a twin: a template in a sibling folder, or one that lacks a function of the packaged one', async () => {
    const root = writeProject({
      'a/template.yaml': samTemplate('.'),
      'a/worker.ts': HANDLER,
      'b/packaged.yaml': samTemplate('s3://bucket/key'),
      'c/template.yaml': samTemplate('.').replace('Worker:', 'Other:'),
      'c/packaged.yaml': samTemplate('s3://bucket/key'),
    });
    const run = await lintProject({ cwd: root });
    expect(run.coverage.templates).toBe(4);
    expect(run.coverage.skipped).toBeUndefined();
  });

  it('a twin in a folder above; a --cache run that reuses the last run gives the same account', async () => {
    const root = writeProject({
      'template.yaml': samTemplate('src/'),
      'src/worker.ts': HANDLER,
      'dist/packaged.yaml': samTemplate('s3://bucket/key'),
    });
    const cold = await lintProject({ cwd: root, cache: true });
    expect(cold.coverage.skipped).toEqual([{ file: 'dist/packaged.yaml', reason: 'packaged-output', source: 'template.yaml' }]);
    const warm = await lintProject({ cwd: root, cache: true });
    expect(warm.cacheStats!.linted).toEqual([]);
    expect(warm.coverage).toEqual(cold.coverage);
  });
});

describe('the account of templates skipped', () => {
  const coverage = (skipped: SkippedTemplate[]): Coverage => ({
    templates: 1, modules: 0, skipped,
    functions: { linted: 0, 'not-node': 1, 'not-local': 0, 'not-found': 0, 'outside-root': 0, ignored: 0, unreadable: 0, minified: 0 },
  });
  const packaged = (n: number): SkippedTemplate[] => Array.from({ length: n }, (_, i) => ({ file: `s${i}/packaged.yaml`, reason: 'packaged-output', source: `s${i}/template.yaml` }));

  it('names up to three of a kind, and counts more', () => {
    expect(coverageLine(coverage(packaged(3)))).toBe('1 template · 1 function: 1 not Node.js, ' +
      'skipped s0/packaged.yaml (packaged output of s0/template.yaml), skipped s1/packaged.yaml (packaged output of s1/template.yaml), skipped s2/packaged.yaml (packaged output of s2/template.yaml)');
    const azure: SkippedTemplate = { file: 'fn/serverless.yml', reason: 'not-aws', provider: 'azure' };
    expect(coverageLine(coverage([...packaged(4), azure]))).toBe(
      '1 template · 1 function: 1 not Node.js, skipped fn/serverless.yml (provider azure is not AWS), skipped 4 packaged outputs (their source templates are linted)',
    );
  });
});
