import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { ACCOUNT_ONLY, flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { QUEUE_TEMPLATE, writeProject } from '../helpers/temp-project.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const ORDERS = path.join(FIXTURES, 'sam-orders');

/** Tests of CLI mechanics pin the rules they are about; the other rules are tested elsewhere. */
function only(ids: string[], results: LintResult[], root: string) {
  return flattenFindings(results, root).filter((f) => ids.includes(f.ruleId));
}

const tempProject = writeProject;


describe('sls-lint CLI', () => {
  it('prints stylish findings grouped by file with a summary, and exits 1 on errors', async () => {
    const run = await runCli([], ORDERS);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\nsrc\/handlers\/create-order\.ts\n(.*\n)* {2}12:5 {2}error {4}Lambda Invoke of PricingFunction/);
    expect(run.stdout).toMatch(/\ntemplate\.yaml\n(.*\n)* {2}63:3 {2}error {4}Queue OrdersQueue \(consumed by ProcessOrderFunction\)/);
    expect(run.stdout).toContain(
      '\u2716 8 problems (2 errors, 6 warnings) \u2014 2 error-alarm, 2 no-unwrapped-sdk, 1 batch-partial-failure, 1 dlq-alarm, 1 no-sync-invoke, 1 sqs-redrive-policy\n',
    );
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('lints a path relative to the current directory', async () => {
    const run = await runCli(['fixtures/sam-orders', '--format', 'json'], path.dirname(FIXTURES));
    const findings = only(['sls/no-sync-invoke', 'sls/sqs-redrive-policy'], JSON.parse(run.stdout) as LintResult[], ORDERS);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      'src/handlers/create-order.ts:12 sls/no-sync-invoke',
      'template.yaml:63 sls/sqs-redrive-policy',
    ]);
  });

  it('--rule turns a rule off or down', async () => {
    const off = await runCli(['--format', 'json', '--rule', 'sls/sqs-redrive-policy: off', '--rule', 'sls/no-sync-invoke:warn'], ORDERS);
    const findings = only(['sls/no-sync-invoke', 'sls/sqs-redrive-policy'], JSON.parse(off.stdout) as LintResult[], ORDERS);
    expect(findings).toEqual([{ file: 'src/handlers/create-order.ts', line: 12, column: 5, ruleId: 'sls/no-sync-invoke', severity: 1 }]);
    expect(off.code).toBe(0);
  });

  it('--max-warnings makes too many warnings fail', async () => {
    const run = await runCli(['--rule', 'sls/sqs-redrive-policy: off', '--rule', 'sls/no-sync-invoke: warn', '--max-warnings', '0'], ORDERS);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('sls-lint found too many warnings (maximum: 0).\n');
  });

  it('--quiet reports errors only', async () => {
    const run = await runCli(['--quiet', '--format', 'json', '--rule', 'sls/no-sync-invoke: warn'], ORDERS);
    const findings = flattenFindings(JSON.parse(run.stdout) as LintResult[], ORDERS);
    expect(findings.map((f) => f.ruleId)).toEqual(['sls/sqs-redrive-policy']);
  });

  it('--output-file writes the report instead of printing it', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'sls-lint-out-')), 'nested', 'report.sarif');
    const run = await runCli(['--format', 'sarif', '--output-file', out], ORDERS);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('prints help and version and exits 0', async () => {
    const help = await runCli(['--help'], ORDERS);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sls-lint [options] [paths...]');
    const version = await runCli(['--version'], ORDERS);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['--format', 'xml'], 'sls-lint: unknown format "xml" (expected stylish, json, sarif, github, markdown, junit, rdjson)\n'],
    [['--bogus'], "sls-lint: unknown option '--bogus' (see --help)\n"],
    [['--rule', 'sls/nope: error'], 'sls-lint: --rule: unknown rule "sls/nope"\n'],
    [['--rule', 'sls/no-sync-invoke: loud'], 'sls-lint: --rule: rule "sls/no-sync-invoke" needs a severity of off, warn or error\n'],
    [['--max-warnings', 'many'], 'sls-lint: --max-warnings takes a whole number\n'],
    [['does-not-exist'], 'sls-lint: No such file or folder: does-not-exist\n'],
    [['..', '--root', '.'], `sls-lint: .. is outside the root ${ORDERS}: nothing outside it is read (see --root)\n`],
    [['--root', 'src'], `sls-lint: --root src does not hold the project folder ${ORDERS}\n`],
    [['--root', 'nowhere'], 'sls-lint: --root nowhere: no such folder\n'],
  ])('%j is a usage error: one line, exit 2', async (args, message) => {
    const run = await runCli(args, ORDERS);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe('');
  });

  it('reads sls-lint.config.json at the root: severities, options and ignores', async () => {
    const root = tempProject({
      'template.yaml': QUEUE_TEMPLATE,
      'worker.ts': 'export const handler = async () => {};\n',
      'legacy/template.yaml': QUEUE_TEMPLATE,
      'legacy/worker.ts': 'export const handler = async () => {};\n',
      'sls-lint.config.json': JSON.stringify({ rules: { 'sls/sqs-redrive-policy': 'warn' }, ignores: ['legacy/**'] }),
    });
    const run = await runCli(['--format', 'json'], root);
    expect(only(['sls/sqs-redrive-policy'], JSON.parse(run.stdout) as LintResult[], root)).toEqual([
      { file: 'template.yaml', line: 13, column: 3, ruleId: 'sls/sqs-redrive-policy', severity: 1 },
    ]);
    expect(run.code).toBe(0);
  });

  it('reads a YAML config given with --config', async () => {
    const root = tempProject({
      'template.yaml': QUEUE_TEMPLATE,
      'worker.ts': 'export const handler = async () => {};\n',
      'ci/lint.yaml': 'extends: strict\nrules:\n  sls/sqs-redrive-policy: off\n',
    });
    const run = await runCli(['--format', 'json', '--config', 'ci/lint.yaml'], root);
    const findings = flattenFindings(JSON.parse(run.stdout) as LintResult[], root);
    expect(findings.map((f) => f.ruleId)).not.toContain('sls/sqs-redrive-policy');
    // strict: every other rule at error
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.severity === 2)).toBe(true);
  });

  it.each([
    ['{"rules": {"sls/unknown": "error"}}', 'sls-lint.config.json: unknown rule "sls/unknown"'],
    ['{"rules": {"sls/sqs-redrive-policy": ["error", {"x": 1}]}}', 'sls-lint.config.json: rule "sls/sqs-redrive-policy" takes no options'],
    ['{"extends": "lenient"}', 'sls-lint.config.json: "extends" must be "recommended" or "strict"'],
    ['{"rulez": {}}', 'sls-lint.config.json: unknown key "rulez" (expected extends, rules, ignores, overrides, lintMinified)'],
    ['{"rules": ', 'Invalid config file'],
  ])('a bad config file %s is a config error (exit 2)', async (text, message) => {
    const root = tempProject({ 'template.yaml': QUEUE_TEMPLATE, 'sls-lint.config.json': text });
    const run = await runCli([], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('honours Metadata sls-lint ignore on the resource', async () => {
    const root = tempProject({
      'template.yaml': QUEUE_TEMPLATE.replace(
        '  Jobs:\n    Type: AWS::SQS::Queue\n',
        '  Jobs:\n    Type: AWS::SQS::Queue\n    Metadata:\n      sls-lint:\n        ignore: [sls/sqs-redrive-policy]\n        reason: drained by the nightly replay job\n',
      ),
      'worker.ts': 'export const handler = async () => {};\n',
    });
    const run = await runCli(['--format', 'json'], root);
    expect(only(['sls/sqs-redrive-policy'], JSON.parse(run.stdout) as LintResult[], root)).toEqual([]);
  });

  it('honours eslint-disable comments in handler code', async () => {
    const root = tempProject({
      'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: api.handler\n',
      'api.ts': [
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        'export const handler = async () => {',
        '  // eslint-disable-next-line sls/no-sync-invoke -- the health check must wait',
        "  await client.send(new InvokeCommand({ FunctionName: 'x' }));",
        "  await client.send(new InvokeCommand({ FunctionName: 'y' }));",
        '};',
      ].join('\n'),
    });
    const run = await runCli(['--format', 'json'], root);
    expect(only(['sls/no-sync-invoke'], JSON.parse(run.stdout) as LintResult[], root)).toEqual([
      { file: 'api.ts', line: 6, column: 21, ruleId: 'sls/no-sync-invoke', severity: 2 },
    ]);
  });

  it('reports a broken template and a missing handler, and still lints the other files', async () => {
    const root = tempProject({
      'broken/template.yaml': 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n',
      'truncated.template.json': '{"Resources": {"Queue": {"Type": "AWS::SQS::Queue"',
      'template.yaml': QUEUE_TEMPLATE.replace('Handler: worker.handler', 'Handler: src/missing.handler'),
      'bad-syntax/template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: app.handler\n',
      'bad-syntax/app.ts': 'export const handler = async ( => {\n',
    });
    const run = await runCli(['--format', 'json'], root);
    expect(run.stderr).toMatch(ACCOUNT_ONLY);
    const findings = only(['sls/parse-error', 'sls/handler-not-found', 'sls/sqs-redrive-policy'], JSON.parse(run.stdout) as LintResult[], root);
    expect(findings).toEqual([
      { file: 'bad-syntax/app.ts', line: 1, column: 31, ruleId: 'sls/parse-error', severity: 2 },
      { file: 'broken/template.yaml', line: 5, column: 1, ruleId: 'sls/parse-error', severity: 2 },
      { file: 'template.yaml', line: 7, column: 7, ruleId: 'sls/handler-not-found', severity: 1 },
      { file: 'template.yaml', line: 13, column: 3, ruleId: 'sls/sqs-redrive-policy', severity: 2 },
      { file: 'truncated.template.json', line: 1, column: 51, ruleId: 'sls/parse-error', severity: 2 },
    ]);
    const messages = (JSON.parse(run.stdout) as LintResult[]).flatMap((r) => r.messages.map((m) => m.message));
    expect(messages).toContain("Handler 'src/missing.handler' of Worker resolves to no source file: looked for src/missing.{ts,mts,cts,js,mjs,cjs}.");
    expect(run.code).toBe(1);
  });

  it('wrong rule options are a config error (exit 2), not an internal one', async () => {
    const root = tempProject({
      'template.yaml': QUEUE_TEMPLATE,
      'worker.ts': 'export const handler = async () => {};\n',
      'sls-lint.config.json': JSON.stringify({ rules: { 'sls/no-scan': ['warn', { unknownOption: true }] } }),
    });
    const run = await runCli([], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sls-lint: invalid rule options: Key "rules": Key "sls\/no-scan": .*\n$/);
  });

  it('--cache-location with a trailing slash is a folder, made as needed', async () => {
    const root = tempProject({ 'template.yaml': QUEUE_TEMPLATE, 'worker.ts': 'export const handler = async () => {};\n' });
    await runCli(['--cache', '--cache-location', '.cache/'], root);
    expect(readFileSync(path.join(root, '.cache', '.sls-lint-cache'), 'utf8')).toContain('"tool":"sls-lint"');
  });

  it('an idempotency guard on the handler covers writes in other modules (project mode)', async () => {
    const files = (guard: boolean) => ({
      'template.yaml': QUEUE_TEMPLATE.replace('Handler: worker.handler', 'Handler: worker.handler\n      Environment:\n        Variables:\n          TABLE: orders'),
      'repository.ts': [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
        'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
        'export async function save(item: { id: string }) {',
        '  await documents.send(new PutCommand({ TableName: process.env.TABLE, Item: item }));',
        '}',
      ].join('\n'),
      'worker.ts': [
        "import { makeIdempotent } from '@aws-lambda-powertools/idempotency';",
        "import { save } from './repository.js';",
        'const process = async (event: { id: string }) => { await save(event); };',
        guard ? 'export const handler = makeIdempotent(process, { persistenceStore });' : 'export const handler = process;',
      ].join('\n'),
    });
    const rule = ['sls/conditional-writes'];
    const unguarded = tempProject(files(false));
    expect(only(rule, JSON.parse((await runCli(['--format', 'json'], unguarded)).stdout) as LintResult[], unguarded)).toEqual([
      { file: 'repository.ts', line: 5, column: 24, ruleId: 'sls/conditional-writes', severity: 2 },
    ]);
    const guarded = tempProject(files(true));
    expect(only(rule, JSON.parse((await runCli(['--format', 'json'], guarded)).stdout) as LintResult[], guarded)).toEqual([]);
  });

  it('code files named without any template are judged on their own (template-free rules)', async () => {
    const root = tempProject({
      'repository.ts': [
        "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
        'export const save = (client: DynamoDBDocumentClient, item: object) => client.send(new PutCommand({ TableName: process.env.TABLE, Item: item }));',
      ].join('\n'),
    });
    const run = await runCli(['--format', 'json', 'repository.ts'], root);
    expect(only(['sls/conditional-writes'], JSON.parse(run.stdout) as LintResult[], root).map((f) => f.line)).toEqual([2]);
  });
});
