import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Every temporary project a test makes goes under one folder of this run, removed when the run
 * ends: tests call `mkdtempSync(tmpdir())` freely (hundreds per run), and a crashed or timed-out
 * test cannot leave them behind in the machine's /tmp. Workers start after this and inherit TMPDIR.
 */
export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'sls-lint-tests-'));
  process.env['TMPDIR'] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
