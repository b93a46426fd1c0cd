import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { ACCOUNT_ONLY, flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';

/** The two rules these tests pin; others may fire on the same code and are not the point here. */
const PINNED = new Set(['sls/no-sync-invoke', 'sls/sqs-redrive-policy']);

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: api.handler
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: api.handler
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt JobsQueue.Arn
        Audit:
          Type: SQS
          Properties:
            Queue: !GetAtt AuditQueue.Arn
  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
  AuditQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
`;

const HANDLER = `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

const lambda = new LambdaClient({});

export const handler = async () => {
  await lambda.send(new InvokeCommand({ FunctionName: 'pricing' }));
  await lambda.send(new InvokeCommand({ FunctionName: 'stock' }));
  return { statusCode: 200 };
};
`;

function project(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'sls-review-'));
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 'template.yaml'), TEMPLATE);
  writeFileSync(path.join(root, 'api.ts'), HANDLER);
  return root;
}

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'ignore' });
}

async function pinnedFindings(root: string, args: string[]) {
  const run = await runCli(['--format', 'json', ...args], root);
  expect(run.stderr).toMatch(ACCOUNT_ONLY);
  return flattenFindings(JSON.parse(run.stdout) as LintResult[], root).filter((f) => PINNED.has(f.ruleId));
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('--changed-since', () => {
  it('reports only findings on changed handler lines and changed template resources', async () => {
    const root = project();
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'initial');
    expect(await pinnedFindings(root, [])).toHaveLength(4);

    edit(path.join(root, 'api.ts'), "FunctionName: 'stock'", "FunctionName: 'inventory'");
    edit(path.join(root, 'api.ts'), 'statusCode: 200', 'statusCode: 202');
    edit(path.join(root, 'template.yaml'), 'VisibilityTimeout: 60\n  AuditQueue', 'VisibilityTimeout: 90\n  AuditQueue');

    expect(await pinnedFindings(root, ['--changed-since', 'HEAD'])).toEqual([
      { file: 'api.ts', line: 7, column: 21, ruleId: 'sls/no-sync-invoke', severity: 2 },
      { file: 'template.yaml', line: 22, column: 3, ruleId: 'sls/sqs-redrive-policy', severity: 2 },
    ]);
  });

  it('is a usage error outside a git repository or with a bad ref', async () => {
    const root = project();
    const run = await runCli(['--changed-since', 'HEAD'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sls-lint: git rev-parse failed/);
    git(root, 'init', '-q');
    const bad = await runCli(['--changed-since=--output=/tmp/x'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sls-lint: --changed-since takes a git ref, not an option: --output=/tmp/x\n');
  });
});

describe('--baseline', () => {
  it('still suppresses a baselined finding after lines are inserted above it, and reports new ones', async () => {
    const root = project();
    const write = await runCli(['--update-baseline', '--baseline', 'baseline.json'], root);
    expect(write.code).toBe(0);
    expect(write.stderr).toMatch(/^sls-lint: wrote \d+ findings to baseline\.json\n$/);

    edit(path.join(root, 'api.ts'), 'const lambda', '// The pricing and stock services are\n// called here until they move to events.\n\nconst lambda');
    edit(path.join(root, 'template.yaml'), 'Resources:\n', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    expect(await pinnedFindings(root, [])).toHaveLength(4);
    expect(await pinnedFindings(root, ['--baseline', 'baseline.json'])).toEqual([]);

    edit(path.join(root, 'api.ts'), "  return { statusCode", "  await lambda.send(new InvokeCommand({ FunctionName: 'audit' }));\n  return { statusCode");
    expect(await pinnedFindings(root, ['--baseline', 'baseline.json'])).toEqual([
      { file: 'api.ts', line: 11, column: 21, ruleId: 'sls/no-sync-invoke', severity: 2 },
    ]);
  });

  it('a second copy of a baselined line is still new', async () => {
    const root = project();
    await runCli(['--update-baseline'], root);
    edit(path.join(root, 'api.ts'), "  return { statusCode", "  await lambda.send(new InvokeCommand({ FunctionName: 'stock' }));\n  return { statusCode");
    expect(await pinnedFindings(root, ['--baseline', '.sls-lint-baseline.json'])).toEqual([
      { file: 'api.ts', line: 8, column: 21, ruleId: 'sls/no-sync-invoke', severity: 2 },
    ]);
  });

  it('refuses a missing or foreign baseline file with exit 2', async () => {
    const root = project();
    expect((await runCli(['--baseline', 'nope.json'], root)).stderr).toBe('sls-lint: cannot read baseline nope.json (write one with --update-baseline)\n');
    writeFileSync(path.join(root, 'other.json'), '{"findings": 3}');
    const run = await runCli(['--baseline', 'other.json'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sls-lint: other.json is not an sls-lint baseline\n');
  });

  it('fills SARIF partialFingerprints', async () => {
    const root = project();
    const run = await runCli(['--format', 'sarif'], root);
    const results = JSON.parse(run.stdout).runs[0].results as { partialFingerprints: Record<string, string> }[];
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.partialFingerprints['slsLint/v1']).toMatch(/^[0-9a-f]{20}$/);
  });
});
