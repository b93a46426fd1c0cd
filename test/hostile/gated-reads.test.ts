import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { ACCOUNT_ONLY } from '../helpers/findings.js';
import {
  expectedTsconfigFindings, FIFO_PROJECT_FINDINGS, fifoProject, findingLines, findingsByService, flatten, hostileTsconfigProject, lintFindings,
} from './project.js';

/** The CLI as users run it: built by `npm test` (npm run build) before vitest starts. */
const BIN = path.resolve(import.meta.dirname, '../../dist/src/cli/bin.js');

function cli(cwd: string, args: string[]) {
  expect(existsSync(BIN), `${BIN} is missing: run npm run build (npm test does)`).toBe(true);
  const env = { ...process.env };
  delete env['SLS_LINT_DEBUG'];
  // The timeout only guards the suite: a run that opened a FIFO would never end.
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

/**
 * tsconfig.json files that lead out of the root (a symlink to a file outside it, to /etc/passwd, an
 * `extends` through a symlinked folder) or never end (a FIFO, /dev/zero), beside handlers and beside
 * serverless.ts files: only the plain ones are read. The same project runs under Node's permission
 * model in permission.test.ts, which also shows that nothing outside the root is read.
 */
describe('hostile tsconfig.json files', () => {
  it('in-process: only the plain tsconfig files are read', async () => {
    const { root } = hostileTsconfigProject();
    expect(findingsByService(await lintFindings(root))).toEqual(expectedTsconfigFindings(root));
  });

  it('the built CLI: the same findings, exit 1, nothing on stderr but the account, and it ends', () => {
    const { root } = hostileTsconfigProject();
    const run = cli(root, ['--root', '.', '--format', 'json']);
    expect(run.signal).toBeNull();
    expect(run.stderr).toMatch(ACCOUNT_ONLY);
    expect(findingsByService(flatten(JSON.parse(run.stdout) as LintResult[], root))).toEqual(expectedTsconfigFindings(root));
    expect(run.status).toBe(1);
  });
});

describe.runIf(process.platform !== 'win32')('FIFOs where a reader would block: a handler, an included snippet, a ${file()} fragment, an imported module, the cache', () => {
  it('the built CLI passes over each, reports what it could not read, and ends', () => {
    const root = fifoProject();
    const run = cli(root, ['--root', '.', '--format', 'json', '--cache']);
    expect(run.signal).toBeNull();
    expect(run.stderr).toMatch(ACCOUNT_ONLY);
    expect(findingLines(flatten(JSON.parse(run.stdout) as LintResult[], root))).toEqual(FIFO_PROJECT_FINDINGS);
    expect(run.status).toBe(1);
  });
});
