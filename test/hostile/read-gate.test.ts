import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModuleResolver } from '../../src/analysis/module-resolver.js';
import { readServerlessTs } from '../../src/serverless/read-serverless-ts.js';
import { describeReadProblem, readGated, readHead, READ_LIMITS, type GatedRead, type ReadProblem } from '../../src/util/fs-fence.js';
import { runCli } from '../helpers/run-cli.js';
import { findingsOf, hostileProject, lintFindings, tsconfigProject, TSCONFIGS, VALID_TEMPLATE, type TsconfigMaker } from './project.js';

const POSIX = process.platform !== 'win32';

function problemOf(read: GatedRead): ReadProblem {
  if (read.ok) throw new Error('read');
  return read.problem;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A fence (a temp folder, by its real path) with a folder beside it that stands for outside. */
function fenced(): { base: string; root: string; outside: string } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-gate-')));
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.txt'), 'root:x:0:0:root:/root:/bin/bash\n');
  return { base, root, outside };
}

describe('the read gate (src/util/fs-fence.ts)', () => {
  it('reads a regular file inside the fence', () => {
    const { root } = fenced();
    writeFileSync(path.join(root, 'a.json'), '{"a": 1}');
    expect(readGated(path.join(root, 'a.json'), { kind: 'config', fence: root })).toMatchObject({ ok: true, text: '{"a": 1}' });
  });

  it('refuses a symlink out of the fence, and a file reached through a symlinked folder, unread', () => {
    const { root, outside } = fenced();
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'tsconfig.json'));
    symlinkSync(outside, path.join(root, 'shared'));
    for (const file of ['tsconfig.json', 'shared/secret.txt']) {
      expect(readGated(path.join(root, file), { kind: 'config', fence: root })).toEqual({ ok: false, problem: { type: 'outside' } });
    }
    // With no fence (a file the caller named), the same link is read.
    expect(readGated(path.join(root, 'tsconfig.json'), { kind: 'config', fence: null }).ok).toBe(true);
  });

  it.runIf(POSIX)('never opens a FIFO: a real one, which would block the read until someone writes to it', () => {
    const { root } = fenced();
    const fifo = path.join(root, 'tsconfig.json');
    execFileSync('mkfifo', [fifo]);
    const read = readGated(fifo, { kind: 'config', fence: root });
    expect(read).toEqual({ ok: false, problem: { type: 'not-regular', what: 'a FIFO' } });
    expect(readHead(fifo, 64, { kind: 'template', fence: root })).toBeUndefined();
    expect(describeReadProblem(problemOf(read))).toBe('Not a regular file (a FIFO)');
  });

  it.runIf(existsSync('/dev/zero'))('never reads a device: /dev/zero through a link is outside the fence, and no regular file without one', () => {
    const { root } = fenced();
    symlinkSync('/dev/zero', path.join(root, 'tsconfig.json'));
    expect(readGated(path.join(root, 'tsconfig.json'), { kind: 'config', fence: root })).toEqual({ ok: false, problem: { type: 'outside' } });
    expect(readGated('/dev/zero', { kind: 'config', fence: null })).toEqual({ ok: false, problem: { type: 'not-regular', what: 'a device' } });
  });

  it('a file over the limit of its kind is refused unread, naming its size, the limit and the variable that raises it', () => {
    const { root } = fenced();
    const file = path.join(root, 'handler.ts');
    writeFileSync(file, 'x'.repeat(2 * 1024 * 1024 + 1));
    const read = readGated(file, { kind: 'code', fence: root });
    expect(read).toEqual({ ok: false, problem: { type: 'too-big', bytes: 2 * 1024 * 1024 + 1, limit: 1.5 * 1024 * 1024, kind: 'code' } });
    expect(describeReadProblem(problemOf(read))).toBe('Code file is 2.0 MB, over the limit of 1.5 MB; SLS_LINT_MAX_CODE_MB raises it');
    // The same file is well within the state limit, and over a config's.
    expect(readGated(file, { kind: 'state', fence: root }).ok).toBe(true);
    expect(readGated(file, { kind: 'config', fence: root })).toMatchObject({ ok: false, problem: { type: 'too-big', limit: 1024 * 1024 } });
  });

  it('each limit is changed by its variable (MB), and a variable that is no positive number leaves the default', () => {
    const { root } = fenced();
    const file = path.join(root, 'tsconfig.json');
    writeFileSync(file, 'x'.repeat(2048));
    vi.stubEnv('SLS_LINT_MAX_CONFIG_MB', '0.001');
    expect(readGated(file, { kind: 'config', fence: root })).toMatchObject({ ok: false, problem: { type: 'too-big', bytes: 2048, limit: 1048 } });
    vi.stubEnv('SLS_LINT_MAX_CONFIG_MB', 'lots');
    expect(readGated(file, { kind: 'config', fence: root }).ok).toBe(true);
    expect(Object.values(READ_LIMITS).map((limit) => limit.variable)).toEqual([
      'SLS_LINT_MAX_TEMPLATE_MB', 'SLS_LINT_MAX_CODE_MB', 'SLS_LINT_MAX_CONFIG_MB', 'SLS_LINT_MAX_STATE_MB',
    ]);
  });

  it.runIf(existsSync('/proc/self/status'))('a file that says it is empty and is not (/proc) is read no further than the limit', () => {
    vi.stubEnv('SLS_LINT_MAX_CONFIG_MB', String(16 / (1024 * 1024)));
    const read = readGated('/proc/self/status', { kind: 'config', fence: null });
    expect(read).toMatchObject({ ok: false, problem: { type: 'too-big', limit: 16 } });
  });
});

describe('tsconfig.json beside a handler is read through the gate (module resolution)', () => {
  const resolverOf = (maker: keyof typeof TSCONFIGS | TsconfigMaker) => {
    const make = typeof maker === 'string' ? TSCONFIGS[maker] as TsconfigMaker : maker;
    const { root } = tsconfigProject({ svc: make }, {});
    const resolver = new ModuleResolver(root);
    return { resolver, root, resolved: resolver.resolve(path.join(root, 'svc/worker.ts'), '@lib/orders') };
  };

  it('a tsconfig.json inside the root maps the alias (the control)', () => {
    const { resolved, root, resolver } = resolverOf('file');
    expect(resolved).toBe(path.join(root, 'svc/lib/orders.ts'));
    expect(resolver.configFiles()).toEqual([path.join(root, 'svc/tsconfig.json')]);
  });

  it('a tsconfig.json that is a symlink to a file outside the root is not read', () => {
    const { resolved, resolver } = resolverOf('linkedOut');
    expect(resolved).toBeUndefined();
    expect(resolver.configFiles()).toEqual([]);
  });

  it('an `extends` through a symlinked folder that leads outside the root is not read', () => {
    const { resolved, resolver, root } = resolverOf('extendsThroughLink');
    expect(resolved).toBeUndefined();
    expect(resolver.configFiles()).toEqual([path.join(root, 'svc/tsconfig.json')]);
  });

  it.runIf(existsSync('/etc/passwd'))('a tsconfig.json linked to a system file (/etc/passwd) is not read', () => {
    const { resolved, resolver } = resolverOf(TSCONFIGS.linkedTo('/etc/passwd'));
    expect(resolved).toBeUndefined();
    expect(resolver.configFiles()).toEqual([]);
  });

  it.runIf(existsSync('/dev/zero'))('a tsconfig.json linked to /dev/zero is not read (it would never end)', () => {
    const { resolved, resolver } = resolverOf(TSCONFIGS.linkedTo('/dev/zero'));
    expect(resolved).toBeUndefined();
    expect(resolver.configFiles()).toEqual([]);
  });

  it.runIf(POSIX)('a tsconfig.json that is a FIFO, or a link to one outside the root, is passed over', () => {
    for (const maker of ['fifo', 'fifoOutside'] as const) {
      const { resolved, resolver } = resolverOf(maker);
      expect(resolved).toBeUndefined();
      expect(resolver.configFiles()).toEqual([]);
    }
  });
});

describe('tsconfig.json beside a serverless.ts is read through the gate', () => {
  const read = (maker: TsconfigMaker) => {
    const { root } = tsconfigProject({}, { svc: maker });
    const file = path.join(root, 'svc/serverless.ts');
    return { root, result: readServerlessTs(file, readFileSync(file, 'utf8'), root) };
  };
  const UNKNOWN_ALIAS = "`functions` of serverless.ts is left out: `functions` is imported, but '@lib/functions' is a package (or an alias no tsconfig.json maps to a project file). sls-lint never runs configuration code.";
  const EMPTY_FUNCTIONS = '`functions` of serverless.ts came out empty: 1 of its parts could not be read statically (see the other warnings), so no function of this service is checked.';

  it('a tsconfig.json inside the root maps the alias (the control)', () => {
    const { root, result } = read(TSCONFIGS.file);
    expect(result).toMatchObject({ ok: true, unread: [] });
    expect(result.files).toEqual([path.join(root, 'svc/lib/functions.ts'), path.join(root, 'svc/tsconfig.json')]);
  });

  const hostile: [string, TsconfigMaker, boolean][] = [
    ['a symlink to a file outside the root', TSCONFIGS.linkedOut, true],
    ['an `extends` through a symlinked folder out of the root', TSCONFIGS.extendsThroughLink, true],
    ['a symlink to /etc/passwd', TSCONFIGS.linkedTo('/etc/passwd'), existsSync('/etc/passwd')],
    ['a symlink to /dev/zero', TSCONFIGS.linkedTo('/dev/zero'), existsSync('/dev/zero')],
    ['a FIFO', TSCONFIGS.fifo, POSIX],
    ['a symlink to a FIFO outside the root', TSCONFIGS.fifoOutside, POSIX],
  ];
  for (const [what, maker, runs] of hostile) {
    it.runIf(runs)(`${what} is not read: the alias stays unknown`, () => {
      const { root, result } = read(maker);
      expect(result.ok).toBe(true);
      expect(result.ok && result.unread.map((note) => note.message)).toEqual([UNKNOWN_ALIAS, EMPTY_FUNCTIONS]);
      // Only what lies inside the root was read: the tsconfig that extends, never what it leads to.
      expect(result.files.filter((file) => !file.startsWith(root + path.sep))).toEqual([]);
      expect(result.files).not.toContain(path.join(root, 'svc/lib/functions.ts'));
    });
  }
});

describe('code files are read through the gate too', () => {
  it('a handler over the code size limit is an sls/parse-error naming the limit, and the rest is still linted', async () => {
    const root = hostileProject({ 'big/template.yaml': VALID_TEMPLATE.replace(/Jobs/g, 'Tasks'), 'big/worker.ts': `export const handler = async () => 1;\n${'/'.repeat(2 * 1024 * 1024)}\n` });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'big/worker.ts', 'sls/parse-error').map(({ line, column, message }) => ({ line, column, message }))).toEqual([
      { line: 1, column: 1, message: 'Parsing error: Code file is 2.0 MB, over the limit of 1.5 MB; SLS_LINT_MAX_CODE_MB raises it' },
    ]);
    expect(findingsOf(findings, 'valid/template.yaml', 'sls/sqs-redrive-policy')).toHaveLength(1);
  });
});

describe('--baseline and --cache files never block the run', () => {
  it.runIf(POSIX)('a baseline that is a FIFO is a usage error in one line', async () => {
    const root = hostileProject({});
    execFileSync('mkfifo', [path.join(root, 'baseline.json')]);
    expect(await runCli(['--baseline', 'baseline.json'], root)).toEqual({
      code: 2, stdout: '', stderr: 'sls-lint: cannot read baseline baseline.json (Not a regular file (a FIFO))\n',
    });
  });

  it.runIf(POSIX)('a cache that is a FIFO is an empty cache, and a cache that names a FIFO among its inputs is read without opening it', async () => {
    const root = hostileProject({});
    execFileSync('mkfifo', [path.join(root, 'cache-fifo')]);
    const first = await runCli(['--cache', '--cache-location', 'cache-fifo', '--format', 'json'], root);
    expect(first.code).toBe(1);
    // The run wrote its cache in place of the FIFO; a cache that comes with the pull request may name anything.
    const cache = JSON.parse(readFileSync(path.join(root, 'cache-fifo'), 'utf8')) as { run: { inputs: Record<string, string> } };
    execFileSync('mkfifo', [path.join(root, 'input-fifo')]);
    cache.run.inputs['input-fifo'] = 'x';
    writeFileSync(path.join(root, 'cache-fifo'), JSON.stringify(cache));
    const second = await runCli(['--cache', '--cache-location', 'cache-fifo', '--format', 'json'], root);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('--output-file', () => {
  it('makes the folders that are missing', async () => {
    const root = hostileProject({});
    const run = await runCli(['-o', 'reports/lint/out.json', '--format', 'json'], root);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(readFileSync(path.join(root, 'reports/lint/out.json'), 'utf8'))).toBeInstanceOf(Array);
  });

  it('through a file is a usage error naming the file in the way, not an internal error', async () => {
    const root = hostileProject({ 'notes.txt': 'x\n' });
    const run = await runCli(['-o', 'notes.txt/out.json'], root);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `sls-lint: --output-file notes.txt/out.json: ${path.join(root, 'notes.txt')} is not a folder\n` });
  });

  it.runIf(existsSync('/proc/self'))('under /proc is a usage error in one line, in bounded time (Node\'s recursive mkdir spins there)', async () => {
    const root = hostileProject({});
    const run = await runCli(['-o', '/proc/sls-lint/report/out.json'], root);
    expect(run).toEqual({
      code: 2, stdout: '', stderr: 'sls-lint: --output-file /proc/sls-lint/report/out.json: cannot create the folder /proc/sls-lint (ENOENT)\n',
    });
  });

  it('onto a folder is a usage error too', async () => {
    const root = hostileProject({ 'out/.keep': '' });
    const run = await runCli(['-o', 'out'], root);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `sls-lint: --output-file out: ${path.join(root, 'out')} is a folder\n` });
  });
});
