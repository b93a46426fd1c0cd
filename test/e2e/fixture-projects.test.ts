import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { flattenFindings, type ExpectedFinding } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** Every fixture project that records its expected findings is checked end to end through the CLI. */
const projects = readdirSync(FIXTURES).filter((name) => existsSync(path.join(FIXTURES, name, 'expected-findings.json')));

describe('fixture projects give exactly their expected findings', () => {
  it('has fixture projects to check', () => {
    expect(projects).toContain('sam-orders');
    expect(projects).toContain('sam-orders-clean');
  });

  for (const name of projects) {
    it(name, async () => {
      const root = path.join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(path.join(root, 'expected-findings.json'), 'utf8')) as ExpectedFinding[];
      const run = await runCli(['--format', 'json'], root);
      expect(run.stderr).toBe('');
      const results = JSON.parse(run.stdout) as LintResult[];
      expect(flattenFindings(results, root)).toEqual(expected);
      expect(run.code).toBe(expected.some((f) => f.severity === 2) ? 1 : 0);
    });
  }
});
