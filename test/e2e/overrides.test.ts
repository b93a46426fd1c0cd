import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { QUEUE_TEMPLATE, writeProject } from '../helpers/temp-project.js';

/** A scan in a handler: sls/no-scan (warn in recommended) at 6:21. */
const SCANNING_WORKER = `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async () => {
  await client.send(new ScanCommand({ TableName: process.env.TABLE }));
};
`;

/** Two services, each a queue consumed without a redrive policy (13:3) and a handler that scans (6:21). */
function twoServices(config: unknown): string {
  return writeProject({
    'services/orders/template.yaml': QUEUE_TEMPLATE,
    'services/orders/worker.ts': SCANNING_WORKER,
    'services/legacy/template.yaml': QUEUE_TEMPLATE,
    'services/legacy/worker.ts': SCANNING_WORKER,
    'sls-lint.config.json': JSON.stringify(config),
  });
}

async function findings(root: string, args: string[] = [], ids = ['sls/no-scan', 'sls/sqs-redrive-policy']) {
  const run = await runCli(['--format', 'json', ...args], root);
  expect(run.stderr).not.toMatch(/^sls-lint:/m);
  return flattenFindings(JSON.parse(run.stdout) as LintResult[], root).filter((f) => ids.includes(f.ruleId)).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.severity}`);
}

describe('config overrides, end to end', () => {
  it('turn a code rule and a template rule off, or change their severity, for the files their globs match', async () => {
    const root = twoServices({ overrides: [{ files: ['services/legacy/**'], rules: { 'sls/no-scan': 'off', 'sls/sqs-redrive-policy': 'warn' } }] });
    expect(await findings(root)).toEqual([
      'services/legacy/template.yaml:13:3 sls/sqs-redrive-policy 1',
      'services/orders/template.yaml:13:3 sls/sqs-redrive-policy 2',
      'services/orders/worker.ts:6:21 sls/no-scan 1',
    ]);
  });

  it('turn on, for their files, rules that are off everywhere else', async () => {
    const root = twoServices({
      rules: { 'sls/no-scan': 'off', 'sls/sqs-redrive-policy': 'off' },
      overrides: [{ files: ['services/legacy/*.ts', 'services/legacy/*.yaml'], rules: { 'sls/no-scan': 'error', 'sls/sqs-redrive-policy': 'error' } }],
    });
    expect(await findings(root)).toEqual([
      'services/legacy/template.yaml:13:3 sls/sqs-redrive-policy 2',
      'services/legacy/worker.ts:6:21 sls/no-scan 2',
    ]);
  });

  it('the later matching override wins; a severity alone keeps the options, given options replace them', async () => {
    const root = twoServices({
      rules: { 'sls/no-scan': ['off', { ignoreFiles: ['services/orders/**'] }] },
      overrides: [
        { files: ['services/**'], rules: { 'sls/no-scan': 'error' } },
        { files: ['services/legacy/**'], rules: { 'sls/no-scan': 'warn' } },
      ],
    });
    // orders: on, but the config's ignoreFiles still hold; legacy: the later override's warn.
    expect(await findings(root, [], ['sls/no-scan'])).toEqual(['services/legacy/worker.ts:6:21 sls/no-scan 1']);
    const replaced = twoServices({
      rules: { 'sls/no-scan': ['warn', { ignoreFiles: ['services/**'] }] },
      overrides: [{ files: ['services/orders/**'], rules: { 'sls/no-scan': ['error', { ignoreFiles: [] }] } }],
    });
    expect(await findings(replaced, [], ['sls/no-scan'])).toEqual(['services/orders/worker.ts:6:21 sls/no-scan 2']);
  });

  it('--rule comes after the overrides, for every file', async () => {
    const root = twoServices({ overrides: [{ files: ['services/legacy/**'], rules: { 'sls/no-scan': 'off' } }] });
    expect(await findings(root, ['--rule', 'sls/no-scan: error'], ['sls/no-scan'])).toEqual([
      'services/legacy/worker.ts:6:21 sls/no-scan 2',
      'services/orders/worker.ts:6:21 sls/no-scan 2',
    ]);
  });

  it('apply to engine diagnostics too, by the file they are in', async () => {
    const missing = QUEUE_TEMPLATE.replace('worker.handler', 'gone.handler');
    const root = writeProject({
      'a/template.yaml': missing,
      'b/template.yaml': missing,
      'sls-lint.config.json': JSON.stringify({ overrides: [{ files: ['b/**'], rules: { 'sls/handler-not-found': 'error' } }] }),
    });
    expect(await findings(root, [], ['sls/handler-not-found'])).toEqual([
      'a/template.yaml:7:7 sls/handler-not-found 1',
      'b/template.yaml:7:7 sls/handler-not-found 2',
    ]);
  });

  it('apply to the findings about suppression comments, by the file the comment is in', async () => {
    const suppressed = QUEUE_TEMPLATE.replace('\n  Jobs:\n', '\n  # sls-lint-disable-next-line sls/sqs-redrive-policy\n  Jobs:\n');
    const root = writeProject({
      'a/template.yaml': suppressed,
      'a/worker.ts': 'export const handler = async () => {};\n',
      'b/template.yaml': suppressed,
      'b/worker.ts': 'export const handler = async () => {};\n',
      'sls-lint.config.json': JSON.stringify({ overrides: [{ files: ['b/*.yaml'], rules: { 'sls/suppression-reason': 'error' } }] }),
    });
    expect(await findings(root, [], ['sls/suppression-reason', 'sls/sqs-redrive-policy'])).toEqual(['b/template.yaml:13:3 sls/suppression-reason 2']);
  });

  it('a cached run under other overrides starts over', async () => {
    const root = twoServices({ overrides: [{ files: ['services/legacy/**'], rules: { 'sls/no-scan': 'off' } }] });
    expect(await findings(root, ['--cache'], ['sls/no-scan'])).toEqual(['services/orders/worker.ts:6:21 sls/no-scan 1']);
    writeProject({ 'sls-lint.config.json': JSON.stringify({ overrides: [{ files: ['services/orders/**'], rules: { 'sls/no-scan': 'off' } }] }) }, root);
    expect(await findings(root, ['--cache'], ['sls/no-scan'])).toEqual(['services/legacy/worker.ts:6:21 sls/no-scan 1']);
  });

  it('are read from YAML, and a bad one is a config error naming the file and the key (exit 2)', async () => {
    const root = writeProject({
      'template.yaml': QUEUE_TEMPLATE,
      'sls-lint.config.yaml': 'overrides:\n  - files: ["legacy/**"]\n    rule: { sls/no-scan: off }\n',
    });
    const run = await runCli([], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sls-lint: ${root}/sls-lint.config.yaml: overrides[0]: unknown key "rule" (expected files, rules)\n`);
  });
});
