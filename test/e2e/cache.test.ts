import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { flattenFindings } from '../helpers/findings.js';
import { QUEUE_TEMPLATE, writeProject } from '../helpers/temp-project.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/cross-layer-orders');

function copy(): string {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'sls-cache-')), 'project');
  cpSync(FIXTURE, root, { recursive: true });
  return root;
}

const WORKER = 'export const handler = async () => 1;\n';

const relative = (root: string, files: string[] | undefined) => (files ?? []).map((f) => path.relative(root, f)).sort();

/** What the walks of two of the fixture's functions reach. */
const ORDERS_API_REACH = [
  'src/handlers/orders-api.ts', 'src/repositories/audit.repository.ts', 'src/repositories/index.ts', 'src/repositories/orders.repository.ts', 'src/shared/config.ts',
];
const ORDER_WORKER_REACH = [
  'src/clients/mailer.client.ts', 'src/handlers/order-worker.ts', 'src/repositories/audit.repository.ts', 'src/repositories/index.ts',
  'src/repositories/orders.repository.ts', 'src/services/order-service.ts', 'src/shared/config.ts',
];

describe('--cache', () => {
  it('reuses every file when nothing changed, and gives the same findings as an uncached run', async () => {
    const root = copy();
    const cold = await lintProject({ cwd: root, cache: true });
    expect(existsSync(path.join(root, '.sls-lint-cache'))).toBe(true);
    expect(cold.cacheStats!.reused).toEqual([]);
    const warm = await lintProject({ cwd: root, cache: true });
    expect(warm.cacheStats!.linted).toEqual([]);
    // Nothing changed at all: the whole run's results are reused, nothing parsed or linted.
    expect(relative(root, warm.cacheStats!.reused)).toEqual(relative(root, cold.results.map((r) => r.filePath)));
    const uncached = await lintProject({ cwd: root });
    expect(flattenFindings(warm.results, root)).toEqual(flattenFindings(uncached.results, root));
    expect(warm.results).toEqual(uncached.results);
  });

  it('after a handler is edited, parses and lints again only that handler and the code it reaches', async () => {
    const root = copy();
    await lintProject({ cwd: root, cache: true });
    const file = path.join(root, 'src/handlers/orders-api.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}// touched\n`);
    const run = await lintProject({ cwd: root, cache: true });
    // OrdersApi's walk read the handler: it is made again, and what it reaches may have new findings.
    expect(relative(root, run.cacheStats!.linted)).toEqual(ORDERS_API_REACH);
    // Linting the repositories again reads the other paths that reach them (an idempotency guard on
    // OrderWorker's way): its handler and service are parsed, not linted. Nothing else is.
    expect(relative(root, run.cacheStats!.parsed)).toEqual([...ORDERS_API_REACH, 'src/handlers/order-worker.ts', 'src/services/order-service.ts'].sort());
  });

  it('an edit to a module two handlers reach gives exactly the findings of a run without the cache, parsing only their code', async () => {
    const root = copy();
    const before = await lintProject({ cwd: root, cache: true });
    expect(before.cacheStats!.parsed.length).toBe(13);
    // The orders repository's table now comes from AUDIT_TABLE, which OrderWorker does not bind:
    // its write, in a file that did not change, can no longer be told to be the orders table.
    const config = path.join(root, 'src/shared/config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace('ordersTable: process.env.ORDERS_TABLE', 'ordersTable: process.env.AUDIT_TABLE'));
    const run = await lintProject({ cwd: root, cache: true });
    const uncached = await lintProject({ cwd: root });
    expect(run.results).toEqual(uncached.results);
    const writes = (r: typeof run) => r.results.flatMap((x) => x.messages.filter((m) => m.ruleId === 'sls/conditional-writes').map((m) => `${path.relative(root, x.filePath)}:${m.line} ${m.message}`));
    expect(writes(before)).toEqual(['src/repositories/orders.repository.ts:10 Unconditional Put on OrdersTable, run at least once by OrderWorker (SQS OrdersQueue): a redelivery writes again']);
    expect(writes(run)).toEqual(['src/repositories/orders.repository.ts:10 Unconditional Put, run at least once by OrderWorker (SQS OrdersQueue): a redelivery writes again']);
    // OrderWorker's and OrdersApi's code; not the other handlers nor the clients only they reach.
    const reach = [...new Set([...ORDER_WORKER_REACH, ...ORDERS_API_REACH])].sort();
    expect(relative(root, run.cacheStats!.parsed)).toEqual(reach);
    expect(relative(root, run.cacheStats!.linted)).toEqual(reach);
    // The next run has nothing to do again.
    const again = await lintProject({ cwd: root, cache: true });
    expect(again.cacheStats!.parsed).toEqual([]);
    expect(again.results).toEqual(uncached.results);
  });

  it('after a module is deleted, the handlers that imported it are walked again and give the findings of a run without the cache', async () => {
    const root = copy();
    await lintProject({ cwd: root, cache: true });
    rmSync(path.join(root, 'src/clients/mailer.client.ts'));
    const run = await lintProject({ cwd: root, cache: true });
    expect(run.results).toEqual((await lintProject({ cwd: root })).results);
    // ReceiptMailer is no longer invoked by OrderWorker's mailer: its context changed, so it is linted again too.
    const linted = [...ORDER_WORKER_REACH.filter((f) => f !== 'src/clients/mailer.client.ts'), 'src/handlers/receipt-mailer.ts'].sort();
    expect(relative(root, run.cacheStats!.linted)).toEqual(linted);
    expect(relative(root, run.cacheStats!.parsed)).toEqual(linted);
    expect(relative(root, run.results.map((r) => r.filePath))).not.toContain('src/clients/mailer.client.ts');
  });

  it('after a module is added where an import looked for it, the walk that resolved that import is made again', async () => {
    const root = writeProject({
      'template.yaml': QUEUE_TEMPLATE,
      'worker.ts': "import { send } from './lib';\nexport const handler = async () => send();\n",
      'lib/index.ts': 'export async function send() { return 1; }\n',
    });
    await lintProject({ cwd: root, cache: true });
    // `./lib` now resolves to lib.ts, before the folder's index: a file that did not exist before.
    writeFileSync(path.join(root, 'lib.ts'), "import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';\nexport async function send() { return new SQSClient({}).send(new ReceiveMessageCommand({ QueueUrl: 'q' })); }\n");
    const run = await lintProject({ cwd: root, cache: true });
    expect(run.results).toEqual((await lintProject({ cwd: root })).results);
    expect(relative(root, run.cacheStats!.parsed)).toEqual(['lib.ts', 'worker.ts']);
  });

  it('after a tsconfig maps an alias elsewhere, the walks that resolved it are made again', async () => {
    const root = copy();
    const before = await lintProject({ cwd: root, cache: true });
    // `@app/*` now leads to alt/, where the service OrderWorker imports saves nothing; alt/ has no repositories.
    mkdirSync(path.join(root, 'alt/services'), { recursive: true });
    writeFileSync(path.join(root, 'alt/services/order-service.ts'), 'export async function processOrder(order: { orderId: string }): Promise<void> {\n  void order;\n}\n');
    const tsconfig = path.join(root, 'tsconfig.json');
    writeFileSync(tsconfig, readFileSync(tsconfig, 'utf8').replace('"@app/*": ["src/*"]', '"@app/*": ["alt/*"]'));
    const run = await lintProject({ cwd: root, cache: true });
    expect(run.results).toEqual((await lintProject({ cwd: root })).results);
    expect(run.results).not.toEqual(before.results);
    expect(relative(root, run.cacheStats!.parsed)).toContain('alt/services/order-service.ts');
    // Every import resolved through the tsconfig depends on all of it (`aws-lambda` too): each handler that
    // imports one is walked again, and ReceiptMailer, no longer invoked, is linted again for its context.
    // The repositories are reached by no walk now: neither parsed nor linted.
    expect(relative(root, run.cacheStats!.parsed)).toEqual([
      'alt/services/order-service.ts', 'src/clients/events.client.ts', 'src/clients/notifications.client.ts', 'src/handlers/order-notifier.ts',
      'src/handlers/order-worker.ts', 'src/handlers/orders-api.ts', 'src/handlers/receipt-mailer.ts', 'src/handlers/shipment-publisher.ts',
    ]);
  });

  it('summaries written by another sls-lint version, or another parser, are not used', async () => {
    const root = copy();
    const cold = await lintProject({ cwd: root, cache: true });
    const cacheFile = path.join(root, '.sls-lint-cache');
    const forge = (change: (cache: { version: string; analysis: { key: string; modules: unknown[][] } }) => void) => {
      const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
      // Every summary says its module makes no SDK call: were it used, the findings would change.
      for (const m of cache.analysis.modules) if (m[1]) (m[1] as { operations: unknown[] }).operations = [];
      change(cache);
      delete cache.run;
      writeFileSync(cacheFile, JSON.stringify(cache));
    };
    forge((cache) => { cache.version = '0.0.1-other'; });
    const otherVersion = await lintProject({ cwd: root, cache: true });
    expect(otherVersion.cacheStats!.reused).toEqual([]);
    expect(otherVersion.cacheStats!.parsed.length).toBe(cold.cacheStats!.parsed.length);
    expect(otherVersion.results).toEqual(cold.results);
    forge((cache) => { cache.analysis.key = cache.analysis.key.replace(/"parser":"[^"]*"/, '"parser":"0.0.1"'); });
    const otherParser = await lintProject({ cwd: root, cache: true });
    expect(otherParser.cacheStats!.parsed.length).toBe(cold.cacheStats!.parsed.length);
    expect(otherParser.results).toEqual(cold.results);
  });

  it('a cache whose analysis records are broken parses the project again and gives the same findings', async () => {
    const root = copy();
    const cold = await lintProject({ cwd: root, cache: true });
    const cacheFile = path.join(root, '.sls-lint-cache');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
    cache.analysis.modules[0][2] = [cache.analysis.files.length + 5];
    delete cache.run;
    writeFileSync(cacheFile, JSON.stringify(cache));
    const run = await lintProject({ cwd: root, cache: true });
    expect(run.cacheStats!.parsed.length).toBe(cold.cacheStats!.parsed.length);
    expect(run.results).toEqual(cold.results);
  });

  it('a changed template invalidates exactly the files of the functions it touches', async () => {
    const root = copy();
    await lintProject({ cwd: root, cache: true });
    // OrderWorker becomes an API function: the write it reaches is no longer replayed by a queue.
    const template = path.join(root, 'template.yaml');
    writeFileSync(template, readFileSync(template, 'utf8').replace(
      '        Orders:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt OrdersQueue.Arn\n            BatchSize: 1',
      '        Orders:\n          Type: HttpApi\n          Properties:\n            Path: /orders\n            Method: post',
    ));
    const run = await lintProject({ cwd: root, cache: true });
    // OrderWorker's code: the modules it loads (index.ts loads both repositories) and the functions it calls.
    // The other functions' handlers, clients and the API's code are reused.
    expect(relative(root, run.cacheStats!.linted)).toEqual([
      'src/clients/mailer.client.ts',
      'src/handlers/order-worker.ts',
      'src/repositories/audit.repository.ts',
      'src/repositories/index.ts',
      'src/repositories/orders.repository.ts',
      'src/services/order-service.ts',
      'src/shared/config.ts',
    ]);
    // No code changed: every walk is reused, and only the files linted again are parsed.
    expect(relative(root, run.cacheStats!.parsed)).toEqual(relative(root, run.cacheStats!.linted));
    expect(run.cacheStats!.reused.length).toBeGreaterThan(0);
    const findings = flattenFindings(run.results, root).map((f) => f.ruleId);
    expect(findings).not.toContain('sls/conditional-writes');
    expect(run.results).toEqual((await lintProject({ cwd: root })).results);
  });

  it('a different config or a broken cache file starts over', async () => {
    const root = copy();
    await lintProject({ cwd: root, cache: true });
    const other = await lintProject({ cwd: root, cache: true, rules: ['sls/no-scan: off'] });
    expect(other.cacheStats!.reused).toEqual([]);
    writeFileSync(path.join(root, '.sls-lint-cache'), '{ not json');
    const broken = await lintProject({ cwd: root, cache: true });
    expect(broken.cacheStats!.reused).toEqual([]);
  });

  it('a handler is linted again when a module it imports stops passing the SDK on', async () => {
    const root = writeProject({
      'template.yaml': QUEUE_TEMPLATE,
      'worker.js': "const AWS = require('./aws');\nexports.handler = async () => new AWS.S3();\n",
      'aws.js': "module.exports = require('aws-sdk');\n",
    });
    const clientFindings = (run: Awaited<ReturnType<typeof lintProject>>) =>
      run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/no-client-in-handler').map((m) => `${path.basename(r.filePath)}:${m.line}`));
    expect(clientFindings(await lintProject({ cwd: root, cache: true }))).toEqual(['worker.js:2']);
    // The worker itself is unchanged: only what the module it imports passes on is.
    writeFileSync(path.join(root, 'aws.js'), 'module.exports = { S3: class {} };\n');
    const run = await lintProject({ cwd: root, cache: true });
    expect(relative(root, run.cacheStats!.linted)).toContain('worker.js');
    expect(clientFindings(run)).toEqual([]);
  });

  it('a run over fewer paths does not get the last run\'s results for more, nor its account', async () => {
    const root = writeProject({ 'a/template.yaml': QUEUE_TEMPLATE, 'a/worker.ts': WORKER, 'b/template.yaml': QUEUE_TEMPLATE, 'b/worker.ts': WORKER });
    await lintProject({ cwd: root, cache: true });
    const narrower = await lintProject({ cwd: root, paths: ['a'], cache: true });
    expect(relative(root, narrower.results.map((r) => r.filePath))).toEqual(['a/template.yaml', 'a/worker.ts']);
    expect(narrower.coverage.templates).toBe(1);
    const again = await lintProject({ cwd: root, paths: ['a'], cache: true });
    expect(again.cacheStats!.linted).toEqual([]);
    expect(again.results).toEqual(narrower.results);
  });
});

describe('--cache and the code findings of cross-layer rules', () => {
  const TEMPLATE = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Worker:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: ./',
    '      Handler: src/worker.handler',
    '      Runtime: nodejs20.x',
    '      Events:',
    '        Jobs:',
    '          Type: SQS',
    '          Properties:',
    '            Queue: !GetAtt JobsQueue.Arn',
    '  JobsQueue:',
    '    Type: AWS::SQS::Queue',
    '',
  ].join('\n');
  const WORKER = [
    'export const handler = async (event: { Records: { messageId: string }[] }) => {',
    '  const batchItemFailures: { itemIdentifier: string }[] = [];',
    '  for (const record of event.Records) {',
    '    try { await work(record); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }',
    '  }',
    '  return { batchItemFailures };',
    '};',
    'async function work(record: unknown) { return record; }',
    '',
  ].join('\n');
  const project = () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sls-cache-'));
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'template.yaml'), TEMPLATE);
    writeFileSync(path.join(root, 'src/worker.ts'), WORKER);
    return root;
  };
  const codeHalf = (run: Awaited<ReturnType<typeof lintProject>>) =>
    run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/batch-partial-failure').map((m) => `${path.basename(r.filePath)}:${m.line} ${m.messageId} ${/ event (\S+) lacks /.exec(m.message)?.[1]}`));

  it('a finding that quotes the event\'s template line is linted again when that line moves', async () => {
    const root = project();
    expect(codeHalf(await lintProject({ cwd: root, cache: true }))).toEqual(['worker.ts:2 returnedNotConfigured template.yaml:10']);
    writeFileSync(path.join(root, 'template.yaml'), `# a comment line above everything\n${TEMPLATE}`);
    const moved = await lintProject({ cwd: root, cache: true });
    expect(codeHalf(moved)).toEqual(['worker.ts:2 returnedNotConfigured template.yaml:11']);
    expect(moved.results).toEqual((await lintProject({ cwd: root })).results);
  });
});
