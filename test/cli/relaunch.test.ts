import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relaunch, relaunchFlags, YOUNG_GENERATION_FLAG } from '../../src/cli/relaunch.js';

describe('relaunchFlags', () => {
  it('adds the young generation flag to the node flags the CLI was started with', () => {
    expect(relaunchFlags(['--enable-source-maps'], {})).toEqual(['--enable-source-maps', YOUNG_GENERATION_FLAG]);
  });

  it('leaves the run to this process when the user chose a young generation size', () => {
    expect(relaunchFlags(['--max-semi-space-size=16'], {})).toBeUndefined();
    expect(relaunchFlags([], { NODE_OPTIONS: '--max-old-space-size=4096 --max_semi_space_size=8' })).toBeUndefined();
  });

  it('never relaunches the relaunched process, nor when SLS_LINT_RELAUNCH=0', () => {
    expect(relaunchFlags([], { SLS_LINT_RELAUNCHED: '1' })).toBeUndefined();
    expect(relaunchFlags([], { SLS_LINT_RELAUNCH: '0' })).toBeUndefined();
    expect(relaunchFlags([], { SLS_LINT_RELAUNCH: '1' })).toEqual([YOUNG_GENERATION_FLAG]);
  });
});

describe('relaunch', () => {
  const script = (body: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sls-relaunch-')), 'child.mjs');
    writeFileSync(file, body);
    return file;
  };

  it('runs the script with the flags and the arguments, and resolves with its exit code', async () => {
    const file = script(`
      const ok = process.argv.slice(2).join(' ') === 'a --b' && process.env.SLS_LINT_RELAUNCHED === '1' && process.execArgv.includes('--max-semi-space-size=64');
      process.exit(ok ? 3 : 4);
    `);
    expect(await relaunch(file, ['a', '--b'], [YOUNG_GENERATION_FLAG])).toBe(3);
  });

  it('resolves 128 plus the signal number when the child is ended by a signal', async () => {
    const file = script(`process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 5000);`);
    expect(await relaunch(file, [], [])).toBe(143);
  });
});
