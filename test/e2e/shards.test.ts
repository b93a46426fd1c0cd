import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { ACCOUNT_ONLY, flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** The fixture projects the end-to-end tests check (test/e2e/fixture-projects.test.ts): each has its expected findings. */
const projects = readdirSync(FIXTURES).filter((name) => existsSync(path.join(FIXTURES, name, 'expected-findings.json')));

interface SarifLog {
  runs: { tool: { driver: { rules: { id: string }[] } }; artifacts: unknown[]; results: unknown[]; invocations?: unknown[] }[];
}

/** Runs the shards of a project in one format, each report written to a file, and merges them with `sls-lint merge`. */
async function shardAndMerge(root: string, format: 'json' | 'sarif', count: number, extra: string[] = []) {
  const folder = mkdtempSync(path.join(tmpdir(), 'sls-shards-'));
  const shards = [];
  for (let index = 1; index <= count; index++) {
    const run = await runCli(['--format', format, '--shard', `${index}/${count}`, ...extra], root);
    const file = path.join(folder, `shard-${index}.${format}`);
    writeFileSync(file, run.stdout);
    shards.push({ ...run, file });
  }
  const merged = await runCli(['merge', ...shards.map((s) => s.file)], root);
  return { shards, merged };
}

/** What a shard's account says it covered: `shard 2/3 covers 4 of 7 functions (…)`. */
function covered(stderr: string, index: number, count: number): { mine: number; total: number } {
  const match = new RegExp(`shard ${index}/${count} covers (\\d+) of (\\d+) functions?`).exec(stderr);
  expect(match, stderr).not.toBeNull();
  return { mine: Number(match![1]), total: Number(match![2]) };
}

describe('three shards merged give the unsharded run, for every fixture project', () => {
  it('has the fixture projects to check', () => {
    expect(projects.length).toBeGreaterThanOrEqual(11);
  });

  for (const name of projects) {
    it(`${name}: JSON`, async () => {
      const root = path.join(FIXTURES, name);
      const whole = await runCli(['--format', 'json'], root);
      const { shards, merged } = await shardAndMerge(root, 'json', 3);
      expect(merged.stderr).toBe('');
      expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout) as LintResult[]);
      expect(merged.code).toBe(whole.code);
      // Every function in exactly one shard, each shard's account naming its share.
      const shares = shards.map((s, i) => {
        expect(s.stderr).toMatch(ACCOUNT_ONLY);
        // The account counts the whole project, as the unsharded run does, and adds the shard's share.
        expect(s.stderr.replace(/, shard \d+\/3 covers [^\n]*/, '')).toBe(whole.stderr);
        return covered(s.stderr, i + 1, 3);
      });
      expect(shares.reduce((sum, s) => sum + s.mine, 0)).toBe(shares[0]!.total);
      // No file is reported by two shards.
      const files = shards.flatMap((s) => (JSON.parse(s.stdout) as LintResult[]).map((r) => r.filePath));
      expect(files.length).toBe(new Set(files).size);
    });

    it(`${name}: SARIF`, async () => {
      const root = path.join(FIXTURES, name);
      const whole = JSON.parse((await runCli(['--format', 'sarif'], root)).stdout) as SarifLog;
      const { merged } = await shardAndMerge(root, 'sarif', 3);
      const log = JSON.parse(merged.stdout) as SarifLog;
      expect(log.runs).toHaveLength(1);
      expect(log.runs[0]!.results).toEqual(whole.runs[0]!.results);
      expect(log.runs[0]!.artifacts).toEqual(whole.runs[0]!.artifacts);
      expect(log.runs[0]!.tool).toEqual(whole.runs[0]!.tool);
      // Each shard's account is kept, as one invocation per shard.
      expect(log.runs[0]!.invocations).toHaveLength(3);
    });
  }
});

/** Two services that share a module with a scan, and a template of its own with no function. */
const SERVICES = {
  'services/billing/template.yaml': service('Billing'),
  'services/billing/src/handler.ts': handler('billing'),
  'services/orders/template.yaml': service('Orders'),
  'services/orders/src/handler.ts': handler('orders'),
  'shared/scan.ts': `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function listAll(table: string) {
  return client.send(new ScanCommand({ TableName: table }));
}
`,
  'infra/queues.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Jobs:
    Type: AWS::SQS::Queue
`,
};

function service(name: string): string {
  return `Transform: AWS::Serverless-2016-10-31
Resources:
  ${name}Function:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: src/
      Handler: handler.handler
`;
}

function handler(name: string): string {
  return `import { listAll } from '../../../shared/scan';

export const handler = async () => {
  const items = await listAll('${name}');
  return { statusCode: 200, body: JSON.stringify(items) };
};
`;
}

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'ignore' });
}

const findingsOf = (stdout: string, root: string) => flattenFindings(JSON.parse(stdout) as LintResult[], root);

describe('a project of several services', () => {
  it('reports a module two services share once, in the shard of the first function that reaches it', async () => {
    const root = writeProject(SERVICES);
    const whole = await runCli(['--format', 'json'], root);
    const scan = findingsOf(whole.stdout, root).filter((f) => f.file === 'shared/scan.ts');
    expect(scan).toEqual([{ file: 'shared/scan.ts', line: 6, column: 22, ruleId: 'sls/no-scan', severity: 1 }]);
    const { shards, merged } = await shardAndMerge(root, 'json', 2);
    // billing sorts first: its function, in shard 1, is the first to reach the shared module.
    expect(findingsOf(shards[0]!.stdout, root).filter((f) => f.file === 'shared/scan.ts')).toEqual(scan);
    expect(findingsOf(shards[1]!.stdout, root).filter((f) => f.file === 'shared/scan.ts')).toEqual([]);
    // Each service whole in one shard: its template's findings and its handler's with it.
    expect(new Set(findingsOf(shards[0]!.stdout, root).map((f) => f.file.split('/').slice(0, 2).join('/')))).not.toContain('services/orders');
    expect(new Set(findingsOf(shards[1]!.stdout, root).map((f) => f.file.split('/').slice(0, 2).join('/')))).toEqual(new Set(['services/orders']));
    expect(covered(shards[0]!.stderr, 1, 2)).toEqual({ mine: 1, total: 2 });
    expect(covered(shards[1]!.stderr, 2, 2)).toEqual({ mine: 1, total: 2 });
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
  });

  it('gives the same shards every time', async () => {
    const root = writeProject(SERVICES);
    const first = await shardAndMerge(root, 'json', 3);
    const again = await shardAndMerge(root, 'json', 3);
    expect(again.shards.map((s) => s.stdout)).toEqual(first.shards.map((s) => s.stdout));
    expect(again.shards.map((s) => s.stderr)).toEqual(first.shards.map((s) => s.stderr));
  });

  it('--changed-since works inside a shard: the shards merged are the unsharded review', async () => {
    const root = writeProject(SERVICES);
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'initial');
    // A client made inside the orders handler: a new finding on a changed line.
    writeProject({
      'services/orders/src/handler.ts': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { listAll } from '../../../shared/scan';

export const handler = async () => {
  const client = new DynamoDBClient({});
  const items = await listAll('orders');
  return { statusCode: 200, body: JSON.stringify(items), client };
};
`,
    }, root);
    const changed = ['--changed-since', 'HEAD'];
    const whole = await runCli(['--format', 'json', ...changed], root);
    expect(findingsOf(whole.stdout, root)).toEqual([
      { file: 'services/orders/src/handler.ts', line: 1, column: 32, ruleId: 'sls/no-unwrapped-sdk', severity: 1 },
      { file: 'services/orders/src/handler.ts', line: 5, column: 18, ruleId: 'sls/no-client-in-handler', severity: 2 },
    ]);
    const { shards, merged } = await shardAndMerge(root, 'json', 2, changed);
    expect(findingsOf(shards[0]!.stdout, root)).toEqual([]);
    expect(shards[0]!.code).toBe(0);
    expect(findingsOf(shards[1]!.stdout, root)).toEqual(findingsOf(whole.stdout, root));
    expect(shards[1]!.code).toBe(1);
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
    expect(merged.code).toBe(1);
  });

  it('--cache keeps each shard\'s findings apart: one cache file used by two shards never gives one the other\'s', async () => {
    const root = writeProject(SERVICES);
    const plain = [1, 2].map((i) => runCli(['--format', 'json', '--shard', `${i}/2`], root));
    const expected = await Promise.all(plain);
    const cache = ['--cache', '--cache-location', path.join(root, 'cache/')];
    for (const round of [1, 2]) {
      for (const i of [1, 2]) {
        const run = await runCli(['--format', 'json', '--shard', `${i}/2`, ...cache], root);
        expect(JSON.parse(run.stdout), `round ${round}, shard ${i}`).toEqual(JSON.parse(expected[i - 1]!.stdout));
      }
    }
  });
});

describe('--shard is checked', () => {
  const root = path.join(FIXTURES, 'sam-orders');

  for (const value of ['0/3', '4/3', 'a/b', '1/0', '2', '1/3/3']) {
    it(`refuses --shard ${value} with exit code 2`, async () => {
      const run = await runCli(['--shard', value], root);
      expect(run).toEqual({ code: 2, stdout: '', stderr: `sls-lint: --shard takes i/n, whole numbers with i from 1 to n, as in --shard 2/3 (got ${value})\n` });
    });
  }

  it('refuses --update-baseline with --shard: the baseline would hold one shard\'s findings', async () => {
    const run = await runCli(['--shard', '1/2', '--update-baseline'], root);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'sls-lint: --update-baseline writes every finding: run it without --shard\n' });
  });

  it('a shard left with none of the findings of a project that has some is no "nothing to lint"', async () => {
    // Nothing but a compose file whose service is missing: one finding, on the compose file.
    const root = writeProject({ 'serverless-compose.yml': 'services:\n  orders:\n    path: orders\n' });
    const whole = await runCli(['--format', 'json'], root);
    expect(findingsOf(whole.stdout, root).map((f) => f.file)).toEqual(['serverless-compose.yml']);
    const { shards, merged } = await shardAndMerge(root, 'json', 2);
    expect(shards.map((s) => s.code)).toEqual(shards.map((s) => (findingsOf(s.stdout, root).some((f) => f.severity === 2) ? 1 : 0)));
    expect(shards.map((s) => findingsOf(s.stdout, root).length).sort()).toEqual([0, 1]);
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
  });

  it('--shard 1/1 is the whole run, with its account', async () => {
    const whole = await runCli(['--format', 'json'], root);
    const one = await runCli(['--format', 'json', '--shard', '1/1'], root);
    expect(JSON.parse(one.stdout)).toEqual(JSON.parse(whole.stdout));
    expect(one.stderr).toBe(`${whole.stderr.trimEnd()}, shard 1/1 covers 4 of 4 functions (${/\((\d+ modules?)\)/.exec(whole.stderr)![1]} linted)\n`);
  });
});

describe('sls-lint merge', () => {
  const root = path.join(FIXTURES, 'sam-orders');

  async function reports() {
    const folder = mkdtempSync(path.join(tmpdir(), 'sls-merge-'));
    const json = path.join(folder, 'shard-1.json');
    const sarif = path.join(folder, 'shard-2.sarif');
    writeFileSync(json, (await runCli(['--format', 'json', '--shard', '1/2'], root)).stdout);
    writeFileSync(sarif, (await runCli(['--format', 'sarif', '--shard', '2/2'], root)).stdout);
    return { folder, json, sarif };
  }

  it('refuses reports of two kinds, naming them', async () => {
    const { json, sarif } = await reports();
    const run = await runCli(['merge', json, sarif], root);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `sls-lint: merge: ${sarif} is a SARIF report, and ${json} a JSON one: merge reports of one kind\n` });
  });

  it('refuses a report it cannot read, or that is no report, naming it', async () => {
    const { json } = await reports();
    expect(await runCli(['merge', json, 'missing.json'], root)).toEqual({ code: 2, stdout: '', stderr: 'sls-lint: merge: missing.json: Cannot read file: ENOENT\n' });
    expect(await runCli(['merge', 'template.yaml'], root)).toEqual({
      code: 2, stdout: '', stderr: 'sls-lint: merge: template.yaml is not JSON: expected a report written with --format json or --format sarif\n',
    });
    expect(await runCli(['merge'], root)).toEqual({ code: 2, stdout: '', stderr: 'sls-lint: merge: name the reports to merge (sls-lint merge shard-1.json shard-2.json ...)\n' });
  });

  it('merges SARIF into SARIF only, and JSON into any format', async () => {
    const { json, sarif } = await reports();
    expect(await runCli(['merge', sarif, '--format', 'json'], root)).toEqual({
      code: 2, stdout: '', stderr: 'sls-lint: merge: SARIF reports merge into SARIF only; merge the shards\' JSON reports for --format json\n',
    });
    expect((await runCli(['merge', json, '--format', 'nope'], root)).stderr).toMatch(/^sls-lint: unknown format "nope"/);
    const whole = await runCli(['--shard', '1/2'], root);
    const stylish = await runCli(['merge', json, '--format', 'stylish'], root);
    // The shard's own report less its account (a JSON report has none to give back).
    expect(stylish.stdout).toBe(whole.stdout.replace(/\n[^\n]*shard 1\/2 covers[^\n]*\n$/, '\n'));
  });

  it('writes to --output-file, and exits 1 when the merged report holds an error', async () => {
    const { folder, json } = await reports();
    const out = path.join(folder, 'merged/all.sarif');
    const run = await runCli(['merge', json, '-f', 'sarif', '-o', out], root);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: '' });
    const log = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
    expect(log.runs[0]!.results.length).toBeGreaterThan(0);
  });
});
