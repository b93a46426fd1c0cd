import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { ACCOUNT_ONLY, flattenFindings, type ExpectedFinding } from '../helpers/findings.js';
import {
  expectedTsconfigFindings, FIFO_PROJECT_FINDINGS, fifoProject, findingLines, findingsByService, flatten, hostileTsconfigProject,
} from './project.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * The built CLI under Node's permission model: file reads only for the project and the sls-lint
 * installation, no child processes, no worker threads; and a preload that fails any socket or DNS
 * lookup. If sls-lint executed, imported or required analysed code, fetched anything, or read
 * outside those paths, the run would fail instead of printing its findings.
 */
function confined(project: string, args: string[], writes: string[] = []) {
  const preload = path.join(REPO, 'test/hostile/no-network.cjs');
  // One flag per path; a folder ends with a slash.
  const reads = [`${project}/`, `${path.join(REPO, 'dist')}/`, `${path.join(REPO, 'node_modules')}/`, path.join(REPO, 'package.json'), preload];
  return spawnSync(process.execPath, [
    '--experimental-permission', ...reads.map((p) => `--allow-fs-read=${p}`), ...writes.map((p) => `--allow-fs-write=${p}`), '--require', preload,
    path.join(REPO, 'dist/src/cli/bin.js'), ...args,
    // The timeout only guards the suite: a run that opened a FIFO would never end.
  ], { cwd: project, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 120_000 });
}

describe('no analysed file is executed, no network, no reads outside the project and the installation', () => {
  it.each(['cross-layer-orders', 'serverless-orders', 'sam-orders', 'cdk-source-orders'])('%s gives its findings under the permission model', (name) => {
    const project = path.join(REPO, 'fixtures', name);
    // The fixtures live in sls-lint's own repository: `--root .` fences the run to the project itself.
    const run = confined(project, ['--root', '.', '--format', 'json']);
    expect(run.stderr).toMatch(ACCOUNT_ONLY);
    const expected = JSON.parse(readFileSync(path.join(project, 'expected-findings.json'), 'utf8')) as ExpectedFinding[];
    expect(flattenFindings(JSON.parse(run.stdout) as LintResult[], project)).toEqual(expected);
    expect(run.status).toBe(1);
  });

  it('tsconfig.json files that lead out of the root (a symlink to a file outside it, to /etc/passwd, an `extends` through a symlinked folder) or never end (a FIFO, /dev/zero): only the plain ones are read', () => {
    // Node's permission model follows symlinks unchecked: the findings show what was read (an alias
    // the tsconfig maps lints a module, or reads a serverless.ts's functions), the model any other read.
    const { root } = hostileTsconfigProject();
    const run = confined(root, ['--root', '.', '--format', 'json']);
    expect(run.signal).toBeNull();
    expect(run.stderr).toMatch(ACCOUNT_ONLY);
    expect(findingsByService(flatten(JSON.parse(run.stdout) as LintResult[], root))).toEqual(expectedTsconfigFindings(root));
    expect(run.status).toBe(1);
  });

  it.runIf(process.platform !== 'win32')('FIFOs (a handler, an included snippet, a ${file()} fragment, an imported module, the cache) are passed over, never opened', () => {
    const root = fifoProject();
    const run = confined(root, ['--root', '.', '--format', 'json', '--cache'], [`${root}/`]);
    expect(run.signal).toBeNull();
    expect(run.stderr).toMatch(ACCOUNT_ONLY);
    expect(findingLines(flatten(JSON.parse(run.stdout) as LintResult[], root))).toEqual(FIFO_PROJECT_FINDINGS);
    expect(run.status).toBe(1);
  });

  it('the permission model is in force: a read outside the allowed paths is denied', () => {
    const project = path.join(REPO, 'fixtures', 'sam-orders');
    const run = spawnSync(process.execPath, [
      '--experimental-permission', `--allow-fs-read=${project}`, '-e', "require('node:fs').readFileSync('/etc/hostname')",
    ], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    expect(run.stderr).toContain('ERR_ACCESS_DENIED');
  });

  it('the network guard is in force: a socket attempt ends the process', () => {
    const preload = path.join(REPO, 'test/hostile/no-network.cjs');
    const run = spawnSync(process.execPath, ['--require', preload, '-e', "require('node:net').connect(9, '127.0.0.1')"], { encoding: 'utf8' });
    expect(run.status).toBe(99);
    expect(run.stderr).toContain('NETWORK ACCESS ATTEMPTED');
  });
});
