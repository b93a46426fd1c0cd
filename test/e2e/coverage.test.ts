import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, lintProject } from '../../src/engine/lint.js';
import { coverageLine } from '../../src/report/index.js';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { sarifValidator } from '../helpers/sarif-schema.js';
import { writeProject } from '../helpers/temp-project.js';

/**
 * A SAM project with one function of each common kind: a Node.js handler that is linted (with a
 * module it imports), a Python function, a Node.js function whose handler file is missing, and a
 * container image (no Runtime, no Handler).
 */
const MIXED_TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: src/api.handler }
  Report:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: report.handler }
  Missing:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: src/
      Handler: missing.handler
  Resize:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
    Metadata:
      DockerContext: ./resize
      Dockerfile: Dockerfile
`;

const mixedProject = () => writeProject({
  'template.yaml': MIXED_TEMPLATE,
  'src/api.ts': "import { greet } from './lib/greet';\n\nexport const handler = async () => greet('you');\n",
  'src/lib/greet.ts': 'export const greet = (name: string) => `hello ${name}`;\n',
  'report.py': 'def handler(event, context):\n    return event\n',
});

const MIXED_LINE = '1 template · 4 functions: 1 handler linted (2 modules), 2 not Node.js, 1 not found';

describe('the account of what a run covered', () => {
  it('stylish ends with it: functions linted, not Node.js and not found, and the Node.js one not linted has a finding', async () => {
    const root = mixedProject();
    const run = await runCli([], root);
    expect(run.stdout.endsWith(`\n${MIXED_LINE}\n`)).toBe(true);
    expect(run.stdout).toMatch(/\n {2}14:7 {2}warning {2}Handler 'missing\.handler' of Missing resolves to no source file/);
  });

  it('json: stdout is ESLint\'s result array, each message with its help; the account is one line on stderr', async () => {
    const root = mixedProject();
    const run = await runCli(['--format', 'json'], root);
    expect(run.stderr).toBe(`${MIXED_LINE}\n`);
    const printed = JSON.parse(run.stdout) as (Omit<LintResult, 'messages'> & { messages: (LintResult['messages'][number] & { help?: string; helpUri?: string })[] })[];
    expect(printed.flatMap((r) => r.messages).every((m) => typeof m.help === 'string' && typeof m.helpUri === 'string')).toBe(true);
    const withoutHelp = printed.map((r) => ({ ...r, messages: r.messages.map(({ help: _help, helpUri: _uri, ...m }) => m) }));
    expect(withoutHelp).toEqual(JSON.parse(JSON.stringify(await lint({ cwd: root }))));
  });

  it('sarif: one note per category that is not zero, in a log valid against the SARIF 2.1.0 schema', async () => {
    const run = await runCli(['--format', 'sarif'], mixedProject());
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(run.stderr).toBe('');
    expect(log.runs[0].invocations).toEqual([{
      executionSuccessful: true,
      toolExecutionNotifications: [
        { descriptor: { id: 'coverage/templates' }, level: 'note', message: { text: '1 template read' } },
        { descriptor: { id: 'coverage/linted' }, level: 'note', message: { text: '1 of 4 functions linted (2 modules)' } },
        { descriptor: { id: 'coverage/not-node' }, level: 'note', message: { text: '2 of 4 functions: not Node.js' } },
        { descriptor: { id: 'coverage/not-found' }, level: 'note', message: { text: '1 of 4 functions: not found' } },
      ],
    }]);
  });

  it('markdown: a folded section at the end of the comment', async () => {
    const run = await runCli(['--format', 'markdown'], mixedProject());
    expect(run.stdout.endsWith([
      '<details><summary>Coverage: 1 template · 4 functions</summary>', '',
      '- 1 handler linted (2 modules)', '- 2 not Node.js', '- 1 not found', '', '</details>', '',
    ].join('\n'))).toBe(true);
  });

  it('github gives a notice, junit a suite property, rdjson a line on stderr', async () => {
    const root = mixedProject();
    expect((await runCli(['--format', 'github'], root)).stdout).toContain(`\n::notice title=sls-lint coverage::${MIXED_LINE}\n`);
    expect((await runCli(['--format', 'junit'], root)).stdout).toContain(`<property name="coverage" value="${MIXED_LINE}"/>`);
    const rdjson = await runCli(['--format', 'rdjson'], root);
    expect(rdjson.stderr).toBe(`${MIXED_LINE}\n`);
    // The findings may count functions too ("4 functions"): the account's own words must not be there.
    expect(rdjson.stdout).not.toContain('handler linted');
  });

  it('code elsewhere: inline, a code folder outside the root, a handler symlinked out of it, handler files ignored', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'sls-coverage-'));
    const root = path.join(parent, 'app');
    writeProject({ 'shared/lib.ts': 'export const handler = async () => 1;\n', 'linked/app.ts': 'export const handler = async () => 2;\n' }, parent);
    mkdirSync(root);
    symlinkSync(path.join(parent, 'linked'), path.join(root, 'linked'));
    writeProject({
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
Resources:
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      InlineCode: exports.handler = async () => 1;
  Far:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../shared
      Handler: lib.handler
  Linked:
    Type: AWS::Serverless::Function
    Properties:
      Handler: linked/app.handler
  Script:
    Type: AWS::Serverless::Function
    Properties:
      Handler: scripts/seed.handler
  Vendored:
    Type: AWS::Serverless::Function
    Properties:
      Handler: node_modules/vendor/index.handler
`,
      'scripts/seed.ts': 'export const handler = async () => 3;\n',
      'node_modules/vendor/index.js': 'exports.handler = async () => 4;\n',
      'sls-lint.config.json': JSON.stringify({ ignores: ['scripts/**'] }),
    }, root);
    const run = await lintProject({ cwd: root });
    expect(run.coverage).toEqual({
      templates: 1,
      functions: { linted: 0, 'not-node': 1, 'not-local': 0, 'not-found': 0, 'outside-root': 2, ignored: 2, unreadable: 0, minified: 0 },
      modules: 0,
    });
    // The code folder and the symlink out of the root are said where the template names them.
    expect(flattenFindings(run.results, root).filter((f) => f.ruleId === 'sls/handler-not-found')).toEqual([
      { file: 'template.yaml', line: 15, column: 7, ruleId: 'sls/handler-not-found', severity: 1 },
      { file: 'template.yaml', line: 19, column: 7, ruleId: 'sls/handler-not-found', severity: 1 },
    ]);
  });

  it('a Serverless Framework image function is not Node.js, though the provider runtime is; an included fragment is no template', async () => {
    const root = writeProject({
      'serverless.yml': [
        'service: thumbs', 'provider:', '  name: aws', '  runtime: nodejs20.x', 'functions:',
        '  api:', '    handler: src/api.handler', '  resize:', '    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/resize:latest',
        'resources: ${file(resources/queues.yml)}', '',
      ].join('\n'),
      // Included by serverless.yml: part of that template, not one of its own.
      'resources/queues.yml': 'Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n',
      'src/api.ts': 'export const handler = async () => ({ statusCode: 204 });\n',
    });
    expect(coverageLine((await lintProject({ cwd: root })).coverage)).toBe('1 template · 2 functions: 1 handler linted (1 module), 1 not Node.js');
  });

  it('a run with --cache that reuses the last run whole gives the same account', async () => {
    const root = mixedProject();
    const cold = await lintProject({ cwd: root, cache: true });
    const warm = await lintProject({ cwd: root, cache: true });
    expect(warm.cacheStats!.linted).toEqual([]);
    expect(warm.coverage).toEqual(cold.coverage);
  });
});

describe('a run that finds no function is never silent', () => {
  it('a folder with no template: 0 functions, and why (exit 2 unless --no-error-on-unmatched-pattern: nothing-to-lint.test.ts)', async () => {
    const run = await runCli(['--no-error-on-unmatched-pattern'], writeProject({ 'README.md': '# nothing here\n' }));
    expect(run.stdout).toBe('0 templates · 0 functions: no template found\n');
    expect(run.code).toBe(0);
  });

  it('templates with no function in them', async () => {
    const run = await runCli([], writeProject({ 'template.yaml': 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n' }));
    expect(run.stdout).toBe('1 template · 0 functions: none found in the templates read\n');
  });

  it('a CDK app with no cdk.out: sls/cdk-not-synthesized on line 1 of its cdk.json, and the account says why', async () => {
    const root = writeProject({
      'infra/cdk.json': '{\n  "app": "npx ts-node bin/app.ts"\n}\n',
      'infra/bin/app.ts': "import { App } from 'aws-cdk-lib';\n\nnew App();\n",
    });
    const run = await runCli(['--format', 'json'], root);
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(flattenFindings(results, root)).toEqual([{ file: 'infra/cdk.json', line: 1, column: 1, ruleId: 'sls/cdk-not-synthesized', severity: 1 }]);
    expect(results[0]!.messages[0]!.message).toBe('CDK app with no cdk.out and source not read statically (see config-not-static): none of its functions is checked');
    // The fix is the message's help, as for every rule.
    expect((results[0]!.messages[0] as { help?: string }).help).toContain('Run `cdk synth` before sls-lint');
    expect(run.stderr).toBe('0 templates · 0 functions: a CDK app has no synthesized templates (run `cdk synth` first)\n');
    expect(run.code).toBe(0);
  });

  it('a CDK app whose output folder holds no template, by its cdk.json `output`', async () => {
    const root = writeProject({
      'cdk.json': JSON.stringify({ app: 'node bin/app.js', output: 'build/cdk' }),
      'build/cdk/manifest.json': '{}',
      'cdk.out/Stale.template.json': JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }),
    });
    const run = await lintProject({ cwd: root });
    // Its source (bin/app.js) is not there either: the reader says why, and nothing is synthesized.
    expect(flattenFindings(run.results, root).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['cdk.json:1 sls/cdk-not-synthesized', 'cdk.json:1 sls/config-not-static']);
  });

  it('a synthesized CDK app gets no such warning, a Stage\'s nested assembly included', async () => {
    const template = JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Metadata: { 'aws:cdk:path': 'Stack/Queue/Resource' } } } });
    const root = writeProject({
      'app/cdk.json': '{"app": "node bin/app.js"}',
      'app/cdk.out/Stack.template.json': template,
      'staged/cdk.json': '{"app": "node bin/app.js"}',
      'staged/cdk.out/assembly-Prod/ProdStack.template.json': template,
    });
    const run = await lintProject({ cwd: root });
    expect(flattenFindings(run.results, root).filter((f) => f.ruleId === 'sls/cdk-not-synthesized')).toEqual([]);
  });
});

describe('a CDK app read from source that declares no function', () => {
  it('says none was declared, not that no template was found', async () => {
    const root = writeProject({
      'cdk.json': JSON.stringify({ app: 'npx ts-node bin/app.ts' }),
      'bin/app.ts': "import * as cdk from 'aws-cdk-lib';\nimport { QueuesStack } from '../lib/queues-stack';\n\nconst app = new cdk.App();\nnew QueuesStack(app, 'Queues');\n",
      'lib/queues-stack.ts': [
        "import * as cdk from 'aws-cdk-lib';",
        "import * as sqs from 'aws-cdk-lib/aws-sqs';",
        "import { Construct } from 'constructs';",
        '',
        'export class QueuesStack extends cdk.Stack {',
        '  constructor(scope: Construct, id: string) {',
        '    super(scope, id);',
        "    const dlq = new sqs.Queue(this, 'JobsDlq');",
        "    new sqs.Queue(this, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });",
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const run = await runCli(['--format', 'json'], root);
    expect(run.stderr).toBe('1 CDK app · 0 functions: none found in the templates read\n');
  });
});
