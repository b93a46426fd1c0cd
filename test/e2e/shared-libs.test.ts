import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { NOTIFICATION_RULES_OFF } from '../helpers/notification-rules.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';
import { code } from '../rules/rule-tester.js';

/**
 * A repository whose services share code kept beside them: one service reaches a top-level `libs/`
 * folder through a `src/libs -> ../../../libs` symlink, another `src/libs/` through a barrel
 * (`import { getRecord } from '../../../libs'`, an index of `export *`).
 * Findings in that code are reported where the repository keeps it, once.
 */

// Three functions on the default bus. orders puts OrderAudited and OrderPlaced through a table of
// its events; payments answers OrderPlaced with PaymentSettled, which triggers orders again: a
// cycle, closed by the one PutEvents every service shares. audit answers OrderAudited with
// AuditRecorded, which no rule matches: no cycle there.
const SHOP = code(
  'service: shop',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  '  tracing:',
  '    lambda: true',
  'functions:',
  '  orders:',
  '    handler: src/orders.handler',
  '    destinations:',
  '      onFailure: arn:aws:sqs:eu-west-1:123456789012:shop-failures',
  '    events:',
  '      - eventBridge:',
  '          pattern:',
  '            source: [shop.payments]',
  '            detail-type: [PaymentSettled]',
  '          deadLetterQueueArn: arn:aws:sqs:eu-west-1:123456789012:shop-undelivered',
  '  payments:',
  '    handler: src/payments.handler',
  '    destinations:',
  '      onFailure: arn:aws:sqs:eu-west-1:123456789012:shop-failures',
  '    events:',
  '      - eventBridge:',
  '          pattern:',
  '            detail-type: [OrderPlaced]',
  '          deadLetterQueueArn: arn:aws:sqs:eu-west-1:123456789012:shop-undelivered',
  '  audit:',
  '    handler: src/audit.handler',
  '    destinations:',
  '      onFailure: arn:aws:sqs:eu-west-1:123456789012:shop-failures',
  '    events:',
  '      - eventBridge:',
  '          pattern:',
  '            detail-type: [OrderAudited]',
  '          deadLetterQueueArn: arn:aws:sqs:eu-west-1:123456789012:shop-undelivered',
);

const EVENTS_LIB = code(
  "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
  '',
  'const client = new EventBridgeClient({});',
  '',
  '/** Every service publishes through here: the caller names the event. */',
  'export async function publish(detail: { correlationId: string }, detailType: string, source: string): Promise<void> {',
  '  await client.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }] }));',
  '}',
);

const ORDER_EVENTS = code(
  "import { publish } from './libs/events';",
  '',
  'const ORDER_EVENTS = {',
  "  audited: { detailType: 'OrderAudited', source: 'shop.orders' },",
  "  placed: { detailType: 'OrderPlaced', source: 'shop.orders' },",
  '};',
  '',
  'export function emitOrderEvent(kind: keyof typeof ORDER_EVENTS, detail: { correlationId: string }) {',
  '  const event = ORDER_EVENTS[kind];',
  '  return publish(detail, event.detailType, event.source);',
  '}',
);

const ORDERS = code(
  "import { emitOrderEvent } from './order-events';",
  '',
  'export const handler = async (event: { detail: { correlationId: string } }) => {',
  "  await emitOrderEvent('audited', event.detail);",
  "  await emitOrderEvent('placed', event.detail);",
  '};',
);

const PAYMENTS = code(
  "import { publish } from './libs/events';",
  '',
  "const SETTLED = 'PaymentSettled';",
  '',
  'export const handler = async (event: { detail: { correlationId: string } }) => {',
  "  await publish(event.detail, SETTLED, 'shop.payments');",
  '};',
);

const AUDIT = code(
  "import { publish } from './libs/events';",
  '',
  'export const handler = async (event: { detail: { correlationId: string } }) => {',
  "  await publish(event.detail, 'AuditRecorded', 'shop.audit');",
  '};',
);

// A stream consumer and a Step Functions task (no trigger of its own) read through shared helpers.
const RECORDS = code(
  'service: records',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  '  tracing:',
  '    lambda: true',
  '  environment:',
  '    RECORDS_TABLE: records',
  'functions:',
  '  starter:',
  '    handler: handlers/starter.handler',
  '    events:',
  '      - stream:',
  '          type: dynamodb',
  '          arn: arn:aws:dynamodb:eu-west-1:123456789012:table/records/stream/2024-01-01T00:00:00.000',
  '          batchSize: 1',
  '          maximumRetryAttempts: 2',
  '          destinations:',
  '            onFailure: arn:aws:sqs:eu-west-1:123456789012:records-failures',
  '  check:',
  '    handler: handlers/check.handler',
);

const RECORDS_LIB = code(
  "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
  '',
  'const db = new DynamoDBClient({});',
  '',
  '/** Throttling, a missing permission, a wrong table: each reads as "no such record" to the caller. */',
  'export async function getRecord(table: string, id: string) {',
  '  try {',
  '    const { Item } = await db.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));',
  '    return Item ?? null;',
  '  } catch (error) {',
  "    console.error('could not read the record', error);",
  '    return null;',
  '  }',
  '}',
  '',
  '/** Only the error it expects reads as nothing; the rest reach the caller. */',
  'export async function getRecordIfTableExists(table: string, id: string) {',
  '  try {',
  '    const { Item } = await db.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));',
  '    return Item ?? null;',
  '  } catch (error) {',
  "    if ((error as Error).name === 'ResourceNotFoundException') return null;",
  '    throw error;',
  '  }',
  '}',
  '',
  '/** The failure goes back to the caller, which checks it. */',
  'export async function readRecord(table: string, id: string) {',
  '  try {',
  '    const { Item } = await db.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));',
  '    return { ok: true as const, item: Item };',
  '  } catch (error) {',
  '    return { ok: false as const, error };',
  '  }',
  '}',
);

const SETTINGS_LIB = code(
  "import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';",
  '',
  'const s3 = new S3Client({});',
  '',
  '/** A failed read reads as "no settings" to the caller. */',
  'export async function loadSettings(bucket: string) {',
  '  try {',
  "    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'settings.json' }));",
  '    return JSON.parse(await object.Body!.transformToString()) as Record<string, string>;',
  '  } catch (error) {',
  "    console.error('could not load the settings', error);",
  '    return undefined;',
  '  }',
  '}',
);

const STARTER = code(
  "import { getRecord, getRecordIfTableExists, readRecord } from '../../../libs';",
  '',
  'export const handler = async (event: { Records: { dynamodb: { Keys: { id: { S: string } } } }[] }) => {',
  '  const id = event.Records[0]!.dynamodb.Keys.id.S;',
  '  const record = await getRecord(process.env.RECORDS_TABLE!, id);',
  '  const existing = await getRecordIfTableExists(process.env.RECORDS_TABLE!, id);',
  '  const read = await readRecord(process.env.RECORDS_TABLE!, id);',
  "  if (!read.ok) throw new Error('could not read the record', { cause: read.error });",
  '  return { record, existing };',
  '};',
);

const CHECK = code(
  "import { getRecordIfTableExists, loadSettings } from '../../../libs';",
  '',
  'export const handler = async (input: { id: string }) => {',
  '  const settings = await loadSettings(process.env.SETTINGS_BUCKET!);',
  '  return { settings, record: await getRecordIfTableExists(process.env.RECORDS_TABLE!, input.id) };',
  '};',
);

function repository(): string {
  const repo = writeProject({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'libs/events.ts': EVENTS_LIB,
    'src/libs/records.ts': RECORDS_LIB,
    'src/libs/settings.ts': SETTINGS_LIB,
    'src/libs/index.ts': "export * from './records';\nexport * from './settings';\n",
    'services/shop/serverless.yml': SHOP,
    'services/shop/src/order-events.ts': ORDER_EVENTS,
    'services/shop/src/orders.ts': ORDERS,
    'services/shop/src/payments.ts': PAYMENTS,
    'services/shop/src/audit.ts': AUDIT,
    'src/services/records/serverless.yml': RECORDS,
    'src/services/records/handlers/starter.ts': STARTER,
    'src/services/records/handlers/check.ts': CHECK,
  });
  symlinkSync('../../../libs', path.join(repo, 'services/shop/src/libs'));
  return repo;
}

/** The notification rules aside: the services declare no alarm, and the shared code is the point. */
async function lintService(repo: string, service: string) {
  const cwd = path.join(repo, service);
  const run = await runCli(['--format', 'json', '--rule', NOTIFICATION_RULES_OFF], cwd);
  const results = JSON.parse(run.stdout) as LintResult[];
  const messages = results.flatMap((r) => r.messages.map((m) => ({ messageId: m.messageId, message: m.message })));
  return { run, findings: flattenFindings(results, cwd), messages };
}

describe('code shared beside the services, in the repository', () => {
  it('a PutEvents helper in a symlinked libs folder closes the cycle its callers\' detail types make, reported once where the helper lives', async () => {
    const { run, findings, messages } = await lintService(repository(), 'services/shop');
    expect(run.stderr).toBe('1 template · 3 functions: 3 handlers linted (5 modules)\n');
    expect(findings).toEqual([
      { file: '../../libs/events.ts', line: 7, column: 21, ruleId: 'sls/no-event-cycle', severity: 2 },
    ]);
    expect(messages[0]!.message).toBe('EventBridge PutEvents to default closes an event cycle (orders → default → payments → default → orders): it loops without end, billed per invocation');
  });

  it('a shared helper that turns a failure into null is reported at its catch; one that rethrows or returns the error is not', async () => {
    const { run, findings, messages } = await lintService(repository(), 'src/services/records');
    expect(run.stderr).toBe('1 template · 2 functions: 2 handlers linted (5 modules)\n');
    expect(findings).toEqual([
      { file: '../../libs/records.ts', line: 10, column: 5, ruleId: 'sls/no-swallowed-errors', severity: 2 },
      { file: '../../libs/settings.ts', line: 10, column: 5, ruleId: 'sls/no-swallowed-errors', severity: 2 },
    ]);
    // Behind the stream, the log is all that is left; behind the task, the caller is told "nothing there".
    expect(messages.map((m) => m.messageId)).toEqual(['unreadFailure', 'nothingReturned']);
    expect(messages[0]!.message).toMatch(/, but DynamoDB \S+ reads neither: starter's event is lost/);
  });
});
