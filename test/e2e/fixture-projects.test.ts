import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { ACCOUNT_ONLY, flattenFindings, type ExpectedFinding } from '../helpers/findings.js';
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
      expect(run.stderr).toMatch(ACCOUNT_ONLY);
      const results = JSON.parse(run.stdout) as LintResult[];
      expect(flattenFindings(results, root)).toEqual(expected);
      expect(run.code).toBe(expected.some((f) => f.severity === 2) ? 1 : 0);
    });
  }
});

/**
 * The same projects with a parse cache that keeps one tree at a time: every answer then comes from
 * the module summaries, or from a module parsed again. The findings must not change.
 */
describe('fixture projects give the same findings when no syntax tree is kept', () => {
  const saved = process.env['SLS_LINT_SOURCE_BUDGET_MB'];
  beforeAll(() => {
    process.env['SLS_LINT_SOURCE_BUDGET_MB'] = '0.000001';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['SLS_LINT_SOURCE_BUDGET_MB'];
    else process.env['SLS_LINT_SOURCE_BUDGET_MB'] = saved;
  });

  for (const name of projects) {
    it(name, async () => {
      const root = path.join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(path.join(root, 'expected-findings.json'), 'utf8')) as ExpectedFinding[];
      const run = await runCli(['--format', 'json'], root);
      expect(flattenFindings(JSON.parse(run.stdout) as LintResult[], root)).toEqual(expected);
    });
  }
});
