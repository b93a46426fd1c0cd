import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RULES, RULES_BY_ID } from '../../src/config/rule-registry.js';
import { runCli } from '../helpers/run-cli.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const ORDERS = path.join(REPO, 'fixtures/sam-orders');

describe('sls-lint explain', () => {
  it('prints what a rule checks, why, how to fix each case, its messages and its docs page', async () => {
    const run = await runCli(['explain', 'stream-failure-destination'], ORDERS);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const rule = RULES_BY_ID.get('sls/stream-failure-destination')!;
    const flat = run.stdout.replace(/\n +/g, ' ');
    expect(run.stdout.split('\n')[0]).toBe('sls/stream-failure-destination: Require an on-failure destination and bounded retries on every');
    expect(flat).toContain('Template rule: runs in the CLI only · recommended: error · principle: Errors are caught and notified');
    expect(flat).toContain(`Why ${rule.docs.why}`);
    expect(flat).toContain(`How to fix ${rule.docs.fix}`);
    expect(flat).toContain(`- missingOnFailure: ${rule.docs.fixes!['missingOnFailure']}`);
    expect(flat).toContain('missingOnFailureAndRetryLimit  {{stream}} of {{function}} has no OnFailure destination and no MaximumRetryAttempts');
    expect(run.stdout).toContain(`Docs\n  ${path.join(REPO, 'docs/rules/stream-failure-destination.md')}\n  ${rule.docs.url}\n`);
    expect(Math.max(...run.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it('takes the rule with its sls/ prefix too, and an engine diagnostic', async () => {
    expect((await runCli(['explain', 'sls/stream-failure-destination'], ORDERS)).stdout).toBe((await runCli(['explain', 'stream-failure-destination'], ORDERS)).stdout);
    const parseError = await runCli(['explain', 'parse-error'], ORDERS);
    expect(parseError.code).toBe(0);
    expect(parseError.stdout).toMatch(/^sls\/parse-error: A template or handler file could not be read or parsed\nEngine diagnostic/);
    expect(parseError.stdout).not.toContain('Messages');
  });

  it('without a rule, lists every rule with its severity in recommended', async () => {
    const run = await runCli(['explain'], ORDERS);
    expect(run.code).toBe(0);
    const listed = run.stdout.split('\n').filter((line) => line.startsWith('sls/')).map((line) => line.split(/\s+/).slice(0, 2));
    expect(listed).toEqual(RULES.map((rule) => [rule.id, rule.docs.recommended || 'off']));
  });

  it('an unknown rule is a usage error that points to the list: one line, exit 2', async () => {
    const run = await runCli(['explain', 'no-such-rule'], ORDERS);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('sls-lint: unknown rule "no-such-rule": run `sls-lint explain` for the list of rules\n');
    expect((await runCli(['explain', '--verbose'], ORDERS)).code).toBe(2);
  });

  it('has its own help, named in the main help', async () => {
    expect((await runCli(['explain', '--help'], ORDERS)).stdout).toMatch(/^Usage: sls-lint explain \[rule\.\.\.\]\n/);
    expect((await runCli(['--help'], ORDERS)).stdout).toContain('sls-lint explain [rule...]');
  });
});

describe('the review comment in a GitHub Actions run', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('links each location to its line at the commit, from the repository root', async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/orders', GITHUB_SHA: '0123abc' };
    const run = await runCli(['--format', 'markdown'], ORDERS, env);
    // The checkout is the repository: its root holds fixtures/sam-orders.
    expect(run.stdout).toContain('| [`template.yaml:63`](https://github.com/acme/orders/blob/0123abc/fixtures/sam-orders/template.yaml#L63) |');
  });

  it('links nothing outside one', async () => {
    for (const name of ['GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA']) vi.stubEnv(name, '');
    const run = await runCli(['--format', 'markdown'], ORDERS);
    expect(run.stdout).toContain('| `template.yaml:63` |');
  });
});
