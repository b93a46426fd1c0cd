import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { satisfies } from '../../action/check-node.mjs';
import { ShellWordsError, splitShellWords } from '../../action/shell-words.mjs';
import { reportPathBase } from '../../src/cli/path-base.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'dist/src/cli/bin.js');

interface Step { id?: string; name?: string; if?: string; run?: string; uses?: string; shell?: string; 'working-directory'?: string; env?: Record<string, string>; with?: Record<string, string> }
const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
};
const step = (id: string) => action.runs.steps.find((s) => s.id === id)!;

describe('action.yml', () => {
  it('is a composite action: install this copy, lint with SARIF output, upload, then fail on errors', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((s) => s.id ?? s.uses ?? s.name)).toEqual([
      'install', 'lint', 'github/codeql-action/upload-sarif@v3', 'Fail on error-level findings',
    ]);
    expect(Object.keys(action.inputs)).toEqual(['paths', 'working-directory', 'args', 'sarif-file', 'upload', 'category', 'fail-on-error']);
    expect(step('lint')['working-directory']).toBe('${{ inputs.working-directory }}');
    const upload = action.runs.steps[2]!;
    expect(upload.if).toBe("inputs.upload == 'true' && steps.lint.outputs.sarif-written == 'true'");
    expect(upload.with?.['sarif_file']).toBe('${{ steps.lint.outputs.sarif-file }}');
    // Each service of a monorepo uploads under its own category, or its run would replace the others' results.
    expect(upload.with?.['category']).toBe("${{ inputs.category || (inputs.working-directory == '.' && 'sls-lint' || format('sls-lint/{0}', inputs.working-directory)) }}");
    expect(action.outputs['exit-code']?.value).toBe('${{ steps.lint.outputs.exit-code || steps.install.outputs.exit-code }}');
  });

  it('runs its own copy: each step is a script in action/, and nothing is fetched by name from the registry', () => {
    const text = readFileSync(path.join(REPO, 'action.yml'), 'utf8');
    expect(text).not.toMatch(/npx|@latest/);
    const scripts = action.runs.steps.filter((s) => s.run).map((s) => s.run!.trim());
    expect(scripts).toEqual([
      'bash "$GITHUB_ACTION_PATH/action/install.sh"',
      'node "$GITHUB_ACTION_PATH/action/run.mjs"',
      'bash "$GITHUB_ACTION_PATH/action/fail-on-error.sh"',
    ]);
    for (const script of ['install.sh', 'run.mjs', 'fail-on-error.sh']) expect(existsSync(path.join(REPO, 'action', script))).toBe(true);
  });

  it('never splices an input into the script: inputs reach the shell as environment variables', () => {
    for (const s of action.runs.steps) if (s.run) expect(s.run).not.toMatch(/\$\{\{/);
  });
});

describe('splitting args and paths into words', () => {
  it('honours single quotes, double quotes and backslashes, as a shell would', () => {
    expect(splitShellWords("--rule 'sls/no-scan: off' --quiet")).toEqual(['--rule', 'sls/no-scan: off', '--quiet']);
    expect(splitShellWords('--rule "sls/no-scan: off"')).toEqual(['--rule', 'sls/no-scan: off']);
    expect(splitShellWords('a\\ b "c\\"d" \'e\\f\' g\\\'h')).toEqual(['a b', 'c"d', 'e\\f', "g'h"]);
    expect(splitShellWords('"x\\y" "\\\\" "\\$"')).toEqual(['x\\y', '\\', '$']);
    expect(splitShellWords(`--rule '{"sls/no-scan": ["error", {}]}'`)).toEqual(['--rule', '{"sls/no-scan": ["error", {}]}']);
    expect(splitShellWords('one" two "three')).toEqual(['one two three']);
  });

  it('splits on blanks and line breaks, joins a backslash-newline, and keeps empty quotes as an empty word', () => {
    expect(splitShellWords('  a\t b\n\nc  ')).toEqual(['a', 'b', 'c']);
    expect(splitShellWords('--baseline \\\nx.json')).toEqual(['--baseline', 'x.json']);
    expect(splitShellWords('a "" \'\' b')).toEqual(['a', '', '', 'b']);
    expect(splitShellWords('')).toEqual([]);
    expect(splitShellWords(' \n ')).toEqual([]);
  });

  it('expands and runs nothing: variables, command substitution, globs, ~ and # stay as written', () => {
    expect(splitShellWords('$HOME "$(rm -rf /)" `id` *.yaml ~ #x')).toEqual(['$HOME', '$(rm -rf /)', '`id`', '*.yaml', '~', '#x']);
  });

  it('refuses an unterminated quote or a trailing backslash', () => {
    expect(() => splitShellWords("--rule 'sls/no-scan: off")).toThrow(new ShellWordsError('unterminated single quote at character 8'));
    expect(() => splitShellWords('a "b')).toThrow(new ShellWordsError('unterminated double quote at character 3'));
    expect(() => splitShellWords('a "b\\"')).toThrow(ShellWordsError);
    expect(() => splitShellWords('a\\')).toThrow(new ShellWordsError('a backslash at the end escapes nothing'));
  });
});

describe("the install step's Node.js check", () => {
  const engines = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
  it("reads package.json's engines range", () => {
    expect(engines).toBe('^20.19.0 || ^22.13.0 || >=24');
    expect(['18.20.0', '20.18.3', '21.7.0', '22.12.0', '23.11.0'].filter((v) => satisfies(v, engines))).toEqual([]);
    expect(['20.19.0', '20.20.2', '22.13.0', '22.20.1', '24.0.0', '25.1.0'].filter((v) => satisfies(v, engines))).toHaveLength(6);
  });
});

/**
 * The steps of action.yml, run as the runner runs them: each step's own `run:` text with bash, its
 * env with `${{ inputs.* }}` filled in, in its working directory under GITHUB_WORKSPACE, and
 * GITHUB_ACTION_PATH this repository (its node_modules and dist are the installed copy).
 */
describe('the action, run locally in a monorepo', () => {
  let workspace: string;
  let service: string;
  let stubs: string;
  beforeAll(() => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build (npm test does)`).toBe(true);
    const temp = mkdtempSync(path.join(tmpdir(), 'sls-lint-action-'));
    workspace = path.join(temp, 'repo');
    service = path.join(workspace, 'services/orders');
    mkdirSync(path.join(workspace, '.git'), { recursive: true });
    cpSync(path.join(REPO, 'fixtures/sam-orders'), service, { recursive: true });
    // npm stubs on PATH: `ok` records what it was asked and succeeds, `broken` fails as a network error would.
    stubs = path.join(temp, 'stubs');
    for (const [name, script] of Object.entries({
      ok: '#!/usr/bin/env bash\necho "$PWD: npm $*" >> "$NPM_LOG"\n',
      broken: '#!/usr/bin/env bash\necho "npm ERR! network request failed" >&2\nexit 1\n',
    })) {
      mkdirSync(path.join(stubs, name), { recursive: true });
      writeFileSync(path.join(stubs, name, 'npm'), script);
      chmodSync(path.join(stubs, name, 'npm'), 0o755);
    }
  });

  function runStep(id: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
    const s = id === 'fail' ? action.runs.steps[3]! : step(id);
    const values = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])), ...inputs };
    const expand = (text: string) => text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_all, expression: string) => {
      const name = /^inputs\.([\w-]+)$/.exec(expression)?.[1];
      if (name === undefined || !(name in values)) throw new Error(`unexpected expression ${expression}`);
      return values[name]!;
    });
    const outputFile = path.join(mkdtempSync(path.join(tmpdir(), 'sls-lint-output-')), 'output');
    writeFileSync(outputFile, '');
    const env: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('SLS_LINT_'))) as Record<string, string>;
    Object.assign(env, { GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_ACTION_PATH: REPO, GITHUB_ACTIONS: 'true', CI: 'true' });
    for (const [k, v] of Object.entries(s.env ?? {})) env[k] = expand(v);
    Object.assign(env, extraEnv);
    const cwd = path.resolve(workspace, expand(s['working-directory'] ?? '.'));
    expect(s.shell).toBe('bash');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
  }

  it('install: runs npm ci and the build in the action folder, never a package fetched by name', () => {
    const log = path.join(stubs, 'npm.log');
    const run = runStep('install', {}, { PATH: `${path.join(stubs, 'ok')}${path.delimiter}${process.env['PATH']}`, NPM_LOG: log });
    expect(run.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(`${REPO}: npm ci --ignore-scripts --no-audit --no-fund\n${REPO}: npm run build\n`);
    expect(run.outputs).toEqual({});
  });

  it('install: a failed npm exits 2 (not 1, which means findings), with the exit code as the output', () => {
    const run = runStep('install', {}, { PATH: `${path.join(stubs, 'broken')}${path.delimiter}${process.env['PATH']}` });
    expect(run.code).toBe(2);
    expect(run.outputs).toEqual({ 'exit-code': '2' });
    expect(run.stdout).toContain(`::error title=sls-lint::npm ci failed in ${REPO}`);
  });

  it('lint: in working-directory services/orders, writes SARIF with paths from the repository root, and exit-code 1', () => {
    const run = runStep('lint', { 'working-directory': 'services/orders', args: "--rule 'sls/no-unwrapped-sdk: off'" });
    expect(run.code).toBe(0);
    const sarifFile = path.join(service, 'sls-lint.sarif');
    expect(run.outputs).toEqual({ 'exit-code': '1', 'sarif-file': sarifFile, 'sarif-written': 'true' });
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      runs: { originalUriBaseIds: Record<string, { uri: string }>; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const findings = sarif.runs[0]!.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return `${artifactLocation.uri}:${region.startLine} ${r.ruleId}`;
    });
    // The quoted rule reached sls-lint as one argument: no sls/no-unwrapped-sdk findings.
    expect(findings).toEqual([
      'services/orders/src/handlers/create-order.ts:12 sls/no-sync-invoke',
      'services/orders/src/handlers/ship-order.js:13 sls/batch-partial-failure',
      'services/orders/template.yaml:38 sls/error-alarm',
      'services/orders/template.yaml:52 sls/error-alarm',
      'services/orders/template.yaml:63 sls/sqs-redrive-policy',
      'services/orders/template.yaml:76 sls/dlq-alarm',
    ]);
    expect(sarif.runs[0]!.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`file://${workspace}/`);
  });

  it('lint: an unterminated quote in args exits 2 with a message, and nothing to upload', () => {
    const run = runStep('lint', { 'working-directory': 'services/orders', args: "--rule 'sls/no-scan: off" });
    expect(run.code).toBe(2);
    expect(run.outputs).toEqual({ 'exit-code': '2', 'sarif-written': 'false' });
    expect(run.stdout).toBe('::error title=sls-lint::the args input: unterminated single quote at character 8\n');
  });

  it('lint: a usage error of sls-lint exits 2, and nothing to upload', () => {
    const run = runStep('lint', { 'working-directory': 'services/orders', paths: 'missing-folder', 'sarif-file': 'usage.sarif' });
    expect(run.code).toBe(2);
    expect(run.outputs).toEqual({ 'exit-code': '2', 'sarif-file': path.join(service, 'usage.sarif'), 'sarif-written': 'false' });
    expect(existsSync(path.join(service, 'usage.sarif'))).toBe(false);
  });

  it('fail on error-level findings: exits 1', () => {
    const run = runStep('fail', {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('sls-lint found error-level problems');
  });
});

describe('the CLI in GitHub Actions', () => {
  it('takes GITHUB_WORKSPACE as the base of report paths only when it is the working directory or above it', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sls-lint-base-'));
    expect(reportPathBase(path.join(root, 'repo/services/orders'), path.join(root, 'repo'))).toBe(path.join(root, 'repo'));
    expect(reportPathBase(path.join(root, 'repo'), path.join(root, 'repo'))).toBe(path.join(root, 'repo'));
    expect(reportPathBase(path.join(root, 'repo'), `${path.join(root, 'repo')}/`)).toBe(path.join(root, 'repo'));
    expect(reportPathBase(path.join(root, 'repo-two/x'), path.join(root, 'repo'))).toBeUndefined();
    expect(reportPathBase(path.join(root, 'repo'), path.join(root, 'repo/services'))).toBeUndefined();
    expect(reportPathBase(path.join(root, 'repo'), 'repo')).toBeUndefined();
    expect(reportPathBase(path.join(root, 'repo'), '')).toBeUndefined();
    expect(reportPathBase(path.join(root, 'repo'), undefined)).toBeUndefined();
  });

  it('writes annotations relative to GITHUB_WORKSPACE when it runs in a folder below it', () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'sls-lint-workspace-'));
    const service = path.join(temp, 'services/orders');
    mkdirSync(path.join(temp, '.git'));
    cpSync(path.join(REPO, 'fixtures/sam-orders'), service, { recursive: true });
    const annotate = (workspace: string | undefined) => {
      const env: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'GITHUB_WORKSPACE')) as Record<string, string>;
      if (workspace !== undefined) env['GITHUB_WORKSPACE'] = workspace;
      const run = spawnSync(process.execPath, [BIN, '--format', 'github', '--rule', 'sls/no-unwrapped-sdk: off'], { cwd: service, env, encoding: 'utf8' });
      expect(run.status).toBe(1);
      return run.stdout.split('\n').filter((l) => l.startsWith('::error') || l.startsWith('::warning')).map((l) => /file=([^,]*),line=(\d+)/.exec(l)!.slice(1).join(':'));
    };
    const local = ['src/handlers/create-order.ts:12', 'src/handlers/ship-order.js:13', 'template.yaml:38', 'template.yaml:52', 'template.yaml:63', 'template.yaml:76'];
    expect(annotate(temp)).toEqual(local.map((l) => `services/orders/${l}`));
    // Not set, or not an ancestor of the working directory: relative to it, as without Actions.
    expect(annotate(undefined)).toEqual(local);
    expect(annotate(path.join(temp, 'services/other'))).toEqual(local);
    // Three runs of the built CLI: slow on a loaded machine, never a timing assertion.
  }, 180_000);
});
