import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, lintProject, UsageError } from '../../src/index.js';
import { flattenFindings } from '../helpers/findings.js';
import { QUEUE_TEMPLATE, writeProject } from '../helpers/temp-project.js';

/** The review options through the programmatic API, as the CLI flags of the same names do (test/e2e/review.test.ts). */

const PINNED = new Set(['sls/no-sync-invoke', 'sls/sqs-redrive-policy']);

const WORKER = `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

const client = new LambdaClient({});

export const handler = async () => {
  await client.send(new InvokeCommand({ FunctionName: 'billing' }));
  await client.send(new InvokeCommand({ FunctionName: 'shipping' }));
};
`;

function project(): string {
  return writeProject({ 'template.yaml': QUEUE_TEMPLATE, 'worker.ts': WORKER });
}

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'ignore' });
}

function committedProject(): string {
  const root = project();
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'initial');
  return root;
}

function pinned(results: Awaited<ReturnType<typeof lint>>, root: string) {
  return flattenFindings(results, root).filter((f) => PINNED.has(f.ruleId));
}

function edit(root: string, file: string, from: string, to: string): void {
  const text = readFileSync(path.join(root, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(path.join(root, file), text.replace(from, to));
}

const BILLING_INVOKE = { file: 'worker.ts', line: 6, column: 21, ruleId: 'sls/no-sync-invoke', severity: 2 } as const;
const SHIPPING_INVOKE = { ...BILLING_INVOKE, line: 7 } as const;
const JOBS_REDRIVE = { file: 'template.yaml', line: 13, column: 3, ruleId: 'sls/sqs-redrive-policy', severity: 2 } as const;

describe('lint({ changedSince })', () => {
  it('keeps only the findings on lines changed since the ref', async () => {
    const root = committedProject();
    expect(pinned(await lint({ cwd: root }), root)).toEqual([JOBS_REDRIVE, BILLING_INVOKE, SHIPPING_INVOKE]);
    expect(pinned(await lint({ cwd: root, changedSince: 'HEAD' }), root)).toEqual([]);

    edit(root, 'worker.ts', "'shipping'", "'delivery'");
    expect(pinned(await lint({ cwd: root, changedSince: 'HEAD' }), root)).toEqual([SHIPPING_INVOKE]);
  });

  it('applies to a run whose findings all come from the cache', async () => {
    const root = committedProject();
    edit(root, 'worker.ts', "'shipping'", "'delivery'");
    await lintProject({ cwd: root, cache: true });
    const warm = await lintProject({ cwd: root, cache: true, changedSince: 'HEAD' });
    expect(warm.cacheStats?.linted).toEqual([]);
    expect(pinned(warm.results, root)).toEqual([SHIPPING_INVOKE]);
  });

  it('throws a UsageError for a bad ref or outside a git repository', async () => {
    const root = project();
    await expect(lint({ cwd: root, changedSince: 'HEAD' })).rejects.toThrow(/^git rev-parse failed/);
    git(root, 'init', '-q');
    const bad = lint({ cwd: root, changedSince: '--output=/tmp/x' });
    await expect(bad).rejects.toBeInstanceOf(UsageError);
    await expect(bad).rejects.toThrow('--changed-since takes a git ref, not an option: --output=/tmp/x');
  });
});

describe('lint({ baseline, updateBaseline })', () => {
  it('writes the findings to the baseline file, then reports only what is not in it', async () => {
    const root = project();
    const written = await lintProject({ cwd: root, updateBaseline: true, baseline: 'review/baseline.json' });
    const file = path.join(root, 'review', 'baseline.json');
    expect(written.review.baselineWritten?.file).toBe(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written.review.baselineWritten?.baseline);
    // The results of an update are the findings written.
    expect(pinned(written.results, root)).toHaveLength(3);

    edit(root, 'worker.ts', 'const client', '// Billing and shipping move to events next quarter.\n\nconst client');
    expect(pinned(await lint({ cwd: root, baseline: 'review/baseline.json' }), root)).toEqual([]);

    edit(root, 'worker.ts', '};', "  await client.send(new InvokeCommand({ FunctionName: 'audit' }));\n};");
    expect(pinned(await lint({ cwd: root, baseline: 'review/baseline.json' }), root)).toEqual([{ ...BILLING_INVOKE, line: 10 }]);
  });

  it('writes .sls-lint-baseline.json when no file is named', async () => {
    const root = project();
    await lint({ cwd: root, updateBaseline: true });
    expect(existsSync(path.join(root, '.sls-lint-baseline.json'))).toBe(true);
    expect(pinned(await lint({ cwd: root, baseline: '.sls-lint-baseline.json' }), root)).toEqual([]);
  });

  it('throws a UsageError for a missing or foreign baseline', async () => {
    const root = project();
    await expect(lint({ cwd: root, baseline: 'nope.json' })).rejects.toThrow(new UsageError('cannot read baseline nope.json (write one with --update-baseline)'));
    writeFileSync(path.join(root, 'other.json'), '{"findings": 3}');
    await expect(lint({ cwd: root, baseline: 'other.json' })).rejects.toThrow(new UsageError('other.json is not an sls-lint baseline'));
  });
});

describe('lint({ quiet })', () => {
  it('drops warnings from the results; lintProject still counts them', async () => {
    const root = project();
    const options = { cwd: root, rules: ['sls/no-sync-invoke: warn'] };
    const loud = await lintProject(options);
    expect(pinned(loud.results, root).map((f) => f.severity)).toEqual([2, 1, 1]);

    const quiet = await lintProject({ ...options, quiet: true });
    expect(pinned(quiet.results, root)).toEqual([JOBS_REDRIVE]);
    expect(quiet.results.reduce((n, r) => n + r.warningCount, 0)).toBe(0);
    expect(quiet.review.warningCount).toBe(loud.review.warningCount);
    expect(quiet.review.warningCount).toBeGreaterThanOrEqual(2);
  });
});
