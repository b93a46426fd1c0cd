import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/eslint-plugin.js';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const PROJECT = path.join(REPO, 'fixtures/editor-project');
const ESLINT_BIN = path.join(REPO, 'node_modules/eslint/bin/eslint.js');

/**
 * What `npx eslint` does in a user's project whose eslint.config.js is only
 * `import sls from 'sls-lint/eslint-plugin'; export default [sls.configs.recommended];`.
 * It loads the built package through its `exports`, so `npm test` builds first.
 */
function eslint(args: string[]): { status: number; stdout: string } {
  try {
    return { status: 0, stdout: execFileSync(process.execPath, [ESLINT_BIN, ...args], { cwd: PROJECT, encoding: 'utf8' }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { status: failed.status, stdout: failed.stdout };
  }
}

describe('the ESLint plugin from a user eslint.config.js', () => {
  it('lints .ts .mts .cts .js .mjs .cjs handlers with the recommended config alone', () => {
    const run = eslint(['--format', 'json', '.']);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(flattenFindings(results, PROJECT)).toEqual([
      { file: 'src/audit.mjs', line: 1, column: 54, ruleId: 'sls/no-unwrapped-sdk', severity: 1 },
      { file: 'src/audit.mjs', line: 6, column: 18, ruleId: 'sls/no-sync-invoke', severity: 2 },
      { file: 'src/checkout.ts', line: 1, column: 45, ruleId: 'sls/no-unwrapped-sdk', severity: 1 },
      { file: 'src/checkout.ts', line: 6, column: 21, ruleId: 'sls/no-sync-invoke', severity: 2 },
      { file: 'src/invoice.cts', line: 1, column: 22, ruleId: 'sls/no-unwrapped-sdk', severity: 1 },
      { file: 'src/invoice.cts', line: 6, column: 9, ruleId: 'sls/no-sync-invoke', severity: 2 },
      { file: 'src/invoice.cts', line: 6, column: 39, ruleId: 'sls/no-hardcoded-resource', severity: 1 },
      { file: 'src/legacy.cjs', line: 3, column: 28, ruleId: 'sls/no-unwrapped-sdk', severity: 1 },
      { file: 'src/legacy.cjs', line: 8, column: 39, ruleId: 'sls/no-hardcoded-resource', severity: 1 },
      { file: 'src/legacy.cjs', line: 9, column: 9, ruleId: 'sls/no-sync-invoke', severity: 2 },
      { file: 'src/legacy.cjs', line: 9, column: 39, ruleId: 'sls/no-hardcoded-resource', severity: 1 },
      { file: 'src/notify.js', line: 1, column: 45, ruleId: 'sls/no-unwrapped-sdk', severity: 1 },
      { file: 'src/notify.js', line: 6, column: 21, ruleId: 'sls/no-sync-invoke', severity: 2 },
      { file: 'src/notify.js', line: 6, column: 55, ruleId: 'sls/no-hardcoded-resource', severity: 1 },
      { file: 'src/refund.mts', line: 1, column: 24, ruleId: 'sls/no-unwrapped-sdk', severity: 1 },
      { file: 'src/refund.mts', line: 6, column: 9, ruleId: 'sls/no-sync-invoke', severity: 2 },
    ]);
  });

  it('prints the finding in a TypeScript handler in stylish format', () => {
    const run = eslint(['src/checkout.ts']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/6:21\s+error\s+Lambda Invoke with InvocationType 'RequestResponse'.*sls\/no-sync-invoke/);
  });
});

describe('the plugin and the CLI agree', () => {
  it('sls-lint --format json reports the same code findings as npx eslint on the editor project', async () => {
    const eslintFindings = flattenFindings(JSON.parse(eslint(['--format', 'json', '.']).stdout) as LintResult[], PROJECT);
    const run = await runCli(['--format', 'json'], PROJECT);
    expect(flattenFindings(JSON.parse(run.stdout) as LintResult[], PROJECT)).toEqual(eslintFindings);
  });
});

describe('project mode in the editor', () => {
  const CROSS_LAYER = path.join(REPO, 'fixtures/cross-layer-orders');
  const lintWith = async (settings: Record<string, unknown>, file: string) => {
    const linter = new ESLint({
      cwd: CROSS_LAYER,
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.recommended as Linter.Config, { settings }],
    });
    const [result] = await linter.lintFiles([file]);
    return result!.messages.filter((m) => m.ruleId === 'sls/conditional-writes');
  };

  it('finds the nearest template and reports only writes an at-least-once trigger reaches, naming the function and its trigger', async () => {
    const worker = await lintWith({}, 'src/repositories/orders.repository.ts');
    expect(worker.map((m) => [m.messageId, m.line, m.column])).toEqual([['unconditionalWriteReached', 10, 26]]);
    expect(worker[0]!.message).toBe('Unconditional Put on OrdersTable, run at least once by OrderWorker (SQS OrdersQueue): a redelivery writes again');
    expect(await lintWith({}, 'src/repositories/audit.repository.ts')).toEqual([]);
  });

  it('settings.sls.project: false turns project mode off: every unconditional write is reported', async () => {
    const audit = await lintWith({ sls: { project: false } }, 'src/repositories/audit.repository.ts');
    expect(audit.map((m) => m.messageId)).toEqual(['unconditionalWrite']);
  });

  it('a service of a Compose monorepo is read from the compose folder, where its ${file()} includes are inside the root', async () => {
    const root = writeProject({
      'serverless-compose.yml': 'services:\n  orders:\n    path: services/orders\n',
      'shared/worker-events.yml': '- sqs: { arn: "arn:aws:sqs:eu-west-1:123456789012:orders", batchSize: 1 }\n',
      'services/orders/serverless.yml': [
        'service: orders', 'provider: { name: aws, runtime: nodejs20.x }', 'functions:', '  worker:', '    handler: src/worker.handler',
        '    events: ${file(../../shared/worker-events.yml)}', '',
      ].join('\n'),
      'services/orders/src/worker.ts': [
        "import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';", '', 'const client = new DynamoDBClient({});', '',
        'export const handler = async (event: { Records: { messageId: string }[] }) => {',
        '  for (const r of event.Records) await client.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: r.messageId } } }));',
        '};', '',
      ].join('\n'),
    });
    const linter = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config] });
    const [result] = await linter.lintFiles(['services/orders/src/worker.ts']);
    // From the service folder, the SQS event would be outside the root: no at-least-once trigger, no finding.
    expect(result!.messages.filter((m) => m.ruleId === 'sls/conditional-writes').map((m) => [m.messageId, m.line])).toEqual([['unconditionalWriteReached', 6]]);
  });

  it('a broken sls-lint config makes the editor judge the code alone instead of failing every file', async () => {
    const root = path.join(mkdtempSync(path.join(tmpdir(), 'sls-editor-')), 'project');
    cpSync(CROSS_LAYER, root, { recursive: true });
    writeFileSync(path.join(root, 'sls-lint.config.json'), JSON.stringify({ rules: { 'sls/no-such-rule': 'error' } }));
    const linter = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config] });
    const [result] = await linter.lintFiles(['src/repositories/audit.repository.ts']);
    expect(result!.messages.filter((m) => m.ruleId === 'sls/conditional-writes').map((m) => m.messageId)).toEqual(['unconditionalWrite']);
  });
});
