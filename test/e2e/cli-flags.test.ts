import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorByDefault, withDefaultBaseline } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';
import { RULES } from '../../src/config/rule-registry.js';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { QUEUE_TEMPLATE, writeProject } from '../helpers/temp-project.js';

const WORKER = 'export const handler = async () => {};\n';

/** The queue template beside its handler: one finding, sls/sqs-redrive-policy (error) at 13:3. */
function queueProject(files: Record<string, string> = {}): string {
  return writeProject({ 'template.yaml': QUEUE_TEMPLATE, 'worker.ts': WORKER, ...files });
}

/** Runs the CLI in-process as bin.ts would on a terminal (io.color true) or not. */
async function runWithColor(args: string[], cwd: string, color: boolean) {
  let stdout = '';
  const code = await main(args, { cwd, stdout: (t) => (stdout += t), stderr: () => {}, color });
  return { code, stdout };
}

const ANSI = '\u001b[';

describe('--color and --no-color', () => {
  it('--color colours the stylish report where it would not be; --no-color takes it away where it would; the last one wins', async () => {
    const root = queueProject();
    expect((await runWithColor([], root, false)).stdout).not.toContain(ANSI);
    expect((await runWithColor(['--color'], root, false)).stdout).toContain(`${ANSI}4mtemplate.yaml${ANSI}24m`);
    expect((await runWithColor([], root, true)).stdout).toContain(ANSI);
    expect((await runWithColor(['--no-color'], root, true)).stdout).not.toContain(ANSI);
    expect((await runWithColor(['--no-color', '--color'], root, false)).stdout).toContain(ANSI);
    expect((await runWithColor(['--color', '--no-color'], root, true)).stdout).not.toContain(ANSI);
  });

  it('--color never colours a machine format', async () => {
    const run = await runWithColor(['--color', '--format', 'json'], queueProject(), false);
    expect(run.stdout).not.toContain(ANSI);
    expect(JSON.parse(run.stdout)).toHaveLength(2);
  });

  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ CI: 'true' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: 'true' }, false, true],
    [{ FORCE_COLOR: '3' }, false, true],
    [{ FORCE_COLOR: '1', NO_COLOR: '1', CI: 'true' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
  ])('the default follows Node: %j, stdout a TTY %s → %s', (env, tty, expected) => {
    expect(colorByDefault(env, tty)).toBe(expected);
  });
});

describe('--ignore-pattern', () => {
  it('adds globs to the config\'s ignores for the run; repeatable', async () => {
    const root = queueProject({
      'legacy/template.yaml': QUEUE_TEMPLATE,
      'legacy/worker.ts': WORKER,
      'old/template.yaml': QUEUE_TEMPLATE,
      'old/worker.ts': WORKER,
      'sls-lint.config.json': JSON.stringify({ ignores: ['old/**'] }),
    });
    const files = async (args: string[]) => {
      const run = await runCli(['--format', 'json', ...args], root);
      return flattenFindings(JSON.parse(run.stdout) as LintResult[], root).filter((f) => f.ruleId === 'sls/sqs-redrive-policy').map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    };
    expect(await files([])).toEqual(['legacy/template.yaml:13 sls/sqs-redrive-policy', 'template.yaml:13 sls/sqs-redrive-policy']);
    expect(await files(['--ignore-pattern', 'legacy/**'])).toEqual(['template.yaml:13 sls/sqs-redrive-policy']);
    // Everything ignored: nothing to lint, which is exit 2 as ESLint's "all files ignored".
    const none = await runCli(['--ignore-pattern', 'legacy/**', '--ignore-pattern', 'template.yaml'], root);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing to lint');
  });

  it('works for sls-lint graph too', async () => {
    const root = writeProject({ 'a/template.yaml': QUEUE_TEMPLATE, 'b/template.yaml': QUEUE_TEMPLATE.replace(/Jobs/g, 'Tasks') });
    const graph = await runCli(['graph', '--format', 'json', '--ignore-pattern', 'b/**'], root);
    expect(graph.stdout).toContain('Jobs');
    expect(graph.stdout).not.toContain('Tasks');
  });
});

describe('--print-config', () => {
  const config = {
    rules: { 'sls/no-scan': ['warn', { ignoreFiles: ['scripts/**'] }] },
    ignores: ['generated/**'],
    overrides: [{ files: ['services/legacy/**'], rules: { 'sls/no-scan': 'off', 'sls/sqs-redrive-policy': 'warn' } }],
  };

  it('prints the rules a file gets, overrides applied, as ESLint prints them, and lints nothing (exit 0)', async () => {
    // The template does not even parse: nothing is read but the config.
    const root = writeProject({ 'template.yaml': 'Resources: [', 'sls-lint.config.json': JSON.stringify(config) });
    const run = await runCli(['--print-config', 'services/legacy/worker.ts'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const printed = JSON.parse(run.stdout) as { file: string; configFile: string; ignored: boolean; overrides: number[]; rules: Record<string, unknown[]> };
    expect(printed).toMatchObject({ file: 'services/legacy/worker.ts', configFile: 'sls-lint.config.json', ignored: false, overrides: [0] });
    expect(Object.keys(printed.rules)).toEqual(RULES.map((r) => r.id));
    expect(printed.rules['sls/no-scan']).toEqual([0, { ignoreFiles: ['scripts/**'] }]);
    expect(printed.rules['sls/sqs-redrive-policy']).toEqual([1]);
    expect(printed.rules['sls/no-sync-invoke']).toEqual([2]);
    expect(printed.rules['sls/suppression-reason']).toEqual([0]);

    const other = JSON.parse((await runCli(['--print-config', 'src/a.ts', '--rule', 'sls/no-sync-invoke: off'], root)).stdout);
    expect(other).toMatchObject({ file: 'src/a.ts', overrides: [] });
    expect(other.rules['sls/no-scan']).toEqual([1, { ignoreFiles: ['scripts/**'] }]);
    expect(other.rules['sls/no-sync-invoke']).toEqual([0]);
    expect(JSON.parse((await runCli(['--print-config', 'generated/x.yaml'], root)).stdout).ignored).toBe(true);
  });

  it.each([
    [['--print-config', 'a.ts', 'src'], 'sls-lint: --print-config takes no paths (got src)\n'],
    [['--print-config', 'a.ts', '--list-rules'], 'sls-lint: --list-rules and --print-config cannot be used together\n'],
    [['--list-rules', '--format', 'sarif'], 'sls-lint: --list-rules prints a table, or JSON with --format json\n'],
  ])('%j is a usage error', async (args, message) => {
    const run = await runCli(args, queueProject());
    expect(run).toEqual({ code: 2, stdout: '', stderr: message });
  });
});

describe('--list-rules', () => {
  it('prints every rule once: severity in recommended and strict, kind, description (exit 0)', async () => {
    const run = await runCli(['--list-rules'], queueProject());
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rule +recommended +strict +kind +description$/);
    expect(lines.slice(1).map((l) => l.split(' ')[0])).toEqual(RULES.map((r) => r.id));
    expect(lines.find((l) => l.startsWith('sls/no-scan '))!.split(/ {2,}/)).toEqual([
      'sls/no-scan', 'warn', 'error', 'code', 'Disallow DynamoDB Scan (and PartiQL SELECT without WHERE) in function code',
    ]);
    expect(lines.find((l) => l.startsWith('sls/suppression-reason '))!.split(/ {2,}/).slice(0, 4)).toEqual(['sls/suppression-reason', 'off', 'error', 'engine']);
    expect(lines.find((l) => l.startsWith('sls/sqs-redrive-policy '))!.split(/ {2,}/)[3]).toBe('template');
    expect(lines.find((l) => l.startsWith('sls/batch-partial-failure '))!.split(/ {2,}/)[3]).toBe('cross-layer');
  });

  it('as JSON with --format json', async () => {
    const listed = JSON.parse((await runCli(['--list-rules', '-f', 'json'], queueProject())).stdout) as { id: string }[];
    expect(listed).toHaveLength(RULES.length);
    expect(listed.find((r) => r.id === 'sls/sqs-redrive-policy')).toEqual({
      id: 'sls/sqs-redrive-policy', recommended: 'error', strict: 'error', kind: 'template',
      description: 'Require a redrive policy (dead-letter queue) on every queue a function consumes',
      url: 'https://github.com/sls-lint/sls-lint/blob/main/docs/rules/sqs-redrive-policy.md',
    });
  });
});

describe('--baseline with no file', () => {
  it('means .sls-lint-baseline.json, last or before another option; --baseline <file> is unchanged', async () => {
    const root = queueProject();
    expect((await runCli(['--update-baseline'], root)).code).toBe(0);
    expect(existsSync(path.join(root, '.sls-lint-baseline.json'))).toBe(true);
    for (const args of [['--format', 'json', '--baseline'], ['--baseline', '--format', 'json'], ['-f', 'json', '--baseline', '--', '.']]) {
      const run = await runCli(args, root);
      expect(run.code).toBe(0);
      expect(flattenFindings(JSON.parse(run.stdout) as LintResult[], root)).toEqual([]);
    }
    // A file named after it is still the baseline read, and it must exist.
    const named = await runCli(['--baseline', 'elsewhere.json'], root);
    expect(named).toMatchObject({ code: 2, stderr: 'sls-lint: cannot read baseline elsewhere.json (write one with --update-baseline)\n' });
  });

  it.each([
    [['--baseline'], ['--baseline=.sls-lint-baseline.json']],
    [['--baseline', '-q'], ['--baseline=.sls-lint-baseline.json', '-q']],
    [['--baseline', '--', 'x'], ['--baseline=.sls-lint-baseline.json', '--', 'x']],
    [['--baseline', 'b.json', '.'], ['--baseline', 'b.json', '.']],
    [['--baseline=b.json'], ['--baseline=b.json']],
    [['--rule', '--baseline'], ['--rule', '--baseline']],
    [['-f', '--baseline'], ['-f', '--baseline']],
    [['-fjson', '--baseline'], ['-fjson', '--baseline=.sls-lint-baseline.json']],
    [['--', '--baseline'], ['--', '--baseline']],
  ])('%j is read as %j', (argv, expected) => {
    expect(withDefaultBaseline(argv)).toEqual(expected);
  });
});

describe('--init', () => {
  const project = () => writeProject({
    'sam/template.yaml': QUEUE_TEMPLATE,
    'cfn/stack.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Jobs:\n    Type: AWS::SQS::Queue\n',
    'api/serverless.yml': 'service: api\nprovider:\n  name: aws\n  runtime: nodejs20.x\n',
    'infra/cdk.json': '{"app": "npx ts-node bin/app.ts"}\n',
    '.gitignore': 'node_modules',
  });

  it('writes sls-lint.config.json with recommended and what it found, and ignores the cache in git', async () => {
    const root = project();
    const run = await runCli(['--init'], root);
    expect(run).toEqual({
      code: 0,
      stdout: 'Wrote sls-lint.config.json (extends recommended). Found: 1 SAM template, 1 CloudFormation template, 1 Serverless Framework service, 1 CDK app.\n' +
        'Added .sls-lint-cache to .gitignore.\n',
      stderr: '',
    });
    expect(JSON.parse(readFileSync(path.join(root, 'sls-lint.config.json'), 'utf8'))).toEqual({
      $comment: 'Written by sls-lint --init. Found: 1 SAM template, 1 CloudFormation template, 1 Serverless Framework service, 1 CDK app. ' +
        'Settings: https://github.com/sls-lint/sls-lint/blob/main/docs/configuration.md',
      extends: 'recommended',
      rules: {},
      ignores: [],
    });
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('node_modules\n.sls-lint-cache\n');
    // The config it wrote is one the CLI reads.
    expect((await runCli(['--print-config', 'sam/worker.ts'], root)).code).toBe(0);
  });

  it('refuses to overwrite a config (exit 2), and leaves .gitignore alone when it already lists the cache', async () => {
    const root = writeProject({ 'template.yaml': QUEUE_TEMPLATE, '.gitignore': '/.sls-lint-cache\n' });
    expect((await runCli(['--init'], root)).stdout).toBe('Wrote sls-lint.config.json (extends recommended). Found: 1 SAM template.\n');
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('/.sls-lint-cache\n');
    expect(await runCli(['--init'], root)).toEqual({ code: 2, stdout: '', stderr: 'sls-lint: sls-lint.config.json already exists: --init does not overwrite it\n' });
    const yaml = writeProject({ 'sls-lint.config.yaml': 'extends: strict\n' });
    expect((await runCli(['--init'], yaml)).stderr).toBe('sls-lint: sls-lint.config.yaml already exists: --init does not overwrite it\n');
    expect(existsSync(path.join(yaml, 'sls-lint.config.json'))).toBe(false);
  });

  it('in a folder with no template, says so and makes .gitignore', async () => {
    const root = writeProject({ 'README.md': '# nothing\n' });
    expect((await runCli(['--init'], root)).stdout).toBe('Wrote sls-lint.config.json (extends recommended). Found: no template.\nAdded .sls-lint-cache to .gitignore.\n');
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('.sls-lint-cache\n');
  });
});
