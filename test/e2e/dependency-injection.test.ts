import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeChain } from '../../src/analysis/call-chain.js';
import { lintProject } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/results.js';
import { createSession } from '../../src/session/session.js';
import { NOTIFICATION_RULES_OFF } from '../helpers/notification-rules.js';
import { writeProject } from '../helpers/temp-project.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/**
 * Billing, wired by hand: an SQS worker and an HTTP API reach their code only through a composition
 * root. The worker takes a module-level dependencies bag; the API is made by a handler factory given
 * the bag. The service gets its store, audit log and notifier through its constructor, each typed with
 * an interface: the store and the notifier have one implementation in the deployed code, the audit log
 * two, picked when the function starts.
 */
const PROJECT: Record<string, string> = {
  'template.yaml': lines(
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Description: >',
    '  Billing, wired by hand through a composition root: handlers reach their writes only through a',
    '  dependencies bag, constructor-injected services and interfaces.',
    '',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    Timeout: 10',
    '    Tracing: Active',
    '    CodeUri: ./',
    '    Environment:',
    '      Variables:',
    '        INVOICES_TABLE: !Ref InvoicesTable',
    '        AUDIT_TABLE: !Ref AuditTable',
    '',
    'Resources:',
    '  InvoiceWorker:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: src/handlers/invoice-worker.handler',
    '      Events:',
    '        Invoices:',
    '          Type: SQS',
    '          Properties:',
    '            Queue: !GetAtt InvoiceQueue.Arn',
    '            BatchSize: 1',
    '',
    '  InvoiceApi:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: src/handlers/invoice-api.handler',
    '      Events:',
    '        Preview:',
    '          Type: HttpApi',
    '          Properties:',
    '            Path: /invoices/preview',
    '            Method: post',
    '',
    '  InvoiceQueue:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      VisibilityTimeout: 60',
    '      RedrivePolicy:',
    '        deadLetterTargetArn: !GetAtt InvoiceDeadLetters.Arn',
    '        maxReceiveCount: 5',
    '',
    '  InvoiceDeadLetters:',
    '    Type: AWS::SQS::Queue',
    '',
    '  InvoicesTable:',
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      BillingMode: PAY_PER_REQUEST',
    '      AttributeDefinitions:',
    '        - AttributeName: invoiceId',
    '          AttributeType: S',
    '      KeySchema:',
    '        - AttributeName: invoiceId',
    '          KeyType: HASH',
    '',
    '  AuditTable:',
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      BillingMode: PAY_PER_REQUEST',
    '      AttributeDefinitions:',
    '        - AttributeName: entryId',
    '          AttributeType: S',
    '      KeySchema:',
    '        - AttributeName: entryId',
    '          KeyType: HASH',
  ),
  'src/handlers/invoice-worker.ts': lines(
    "import type { SQSEvent } from 'aws-lambda';",
    "import { createDependencies } from '../composition-root.js';",
    '',
    'const deps = createDependencies();',
    '',
    'export const handler = async (event: SQSEvent): Promise<void> => {',
    '  for (const record of event.Records) {',
    '    await deps.billing.issue(JSON.parse(record.body));',
    '  }',
    '};',
  ),
  'src/handlers/invoice-api.ts': lines(
    "import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';",
    "import { createDependencies, type Dependencies } from '../composition-root.js';",
    '',
    'export const makeHandler = (deps: Dependencies) => async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {',
    "  const invoice = await deps.billing.preview(JSON.parse(event.body ?? '{}'));",
    '  return { statusCode: 200, body: JSON.stringify(invoice) };',
    '};',
    '',
    'export const handler = makeHandler(createDependencies());',
  ),
  'src/composition-root.ts': lines(
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    "import type { AuditLog } from './billing/audit-log.js';",
    "import { BillingService } from './billing/billing-service.js';",
    "import type { Notifier } from './billing/notifier.js';",
    "import { ConsoleAuditLog, DynamoAuditLog } from './storage/audit-logs.js';",
    "import { DynamoInvoiceStore } from './storage/dynamo-invoice-store.js';",
    "import { WebhookNotifier } from './storage/webhook-notifier.js';",
    '',
    "/** Every handler's dependencies, built once per cold start. */",
    'export function createDependencies(notifier: Notifier = new WebhookNotifier()) {',
    '  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    "  const audit: AuditLog = process.env.AUDIT_SINK === 'dynamodb' ? new DynamoAuditLog(documents) : new ConsoleAuditLog();",
    '  return { billing: new BillingService(new DynamoInvoiceStore(documents), audit, notifier) };',
    '}',
    '',
    'export type Dependencies = ReturnType<typeof createDependencies>;',
  ),
  'src/billing/invoice.ts': lines(
    'export interface Invoice {',
    '  invoiceId: string;',
    '  customerId: string;',
    '  amountCents: number;',
    '}',
  ),
  'src/billing/invoice-store.ts': lines(
    "import type { Invoice } from './invoice.js';",
    '',
    '/** Where invoices are kept. The deployed code has one implementation: DynamoInvoiceStore. */',
    'export interface InvoiceStore {',
    '  save(invoice: Invoice): Promise<void>;',
    '  saveDraft(invoice: Invoice): Promise<void>;',
    '}',
  ),
  'src/billing/audit-log.ts': lines(
    '/** Two implementations; the composition root picks one when the function starts. */',
    'export interface AuditLog {',
    '  append(entry: { entryId: string; text: string }): Promise<void>;',
    '}',
  ),
  'src/billing/notifier.ts': lines(
    "import type { Invoice } from './invoice.js';",
    '',
    'export interface Notifier {',
    '  invoiceIssued(invoice: Invoice): Promise<void>;',
    '}',
  ),
  'src/billing/billing-service.ts': lines(
    "import type { AuditLog } from './audit-log.js';",
    "import type { Invoice } from './invoice.js';",
    "import type { InvoiceStore } from './invoice-store.js';",
    "import type { Notifier } from './notifier.js';",
    '',
    'export class BillingService {',
    '  private readonly notifier: Notifier;',
    '',
    '  constructor(',
    '    private readonly store: InvoiceStore,',
    '    private readonly audit: AuditLog,',
    '    notifier: Notifier,',
    '  ) {',
    '    this.notifier = notifier;',
    '  }',
    '',
    '  async issue(invoice: Invoice): Promise<void> {',
    '    await this.store.save(invoice);',
    "    await this.audit.append({ entryId: `issued-${invoice.invoiceId}`, text: 'issued' });",
    '    await this.notifier.invoiceIssued(invoice);',
    '  }',
    '',
    '  async preview(invoice: Invoice): Promise<Invoice> {',
    '    await this.store.saveDraft(invoice);',
    '    return invoice;',
    '  }',
    '}',
  ),
  'src/storage/dynamo-invoice-store.ts': lines(
    "import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    "import type { Invoice } from '../billing/invoice.js';",
    "import type { InvoiceStore } from '../billing/invoice-store.js';",
    '',
    'export class DynamoInvoiceStore implements InvoiceStore {',
    '  constructor(private readonly documents: DynamoDBDocumentClient) {}',
    '',
    '  async save(invoice: Invoice): Promise<void> {',
    '    await this.documents.send(new PutCommand({ TableName: process.env.INVOICES_TABLE, Item: invoice }));',
    '  }',
    '',
    '  async saveDraft(invoice: Invoice): Promise<void> {',
    '    await this.documents.send(new PutCommand({ TableName: process.env.INVOICES_TABLE, Item: { ...invoice, draft: true } }));',
    '  }',
    '}',
  ),
  'src/storage/audit-logs.ts': lines(
    "import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    "import type { AuditLog } from '../billing/audit-log.js';",
    '',
    'export class DynamoAuditLog implements AuditLog {',
    '  constructor(private readonly documents: DynamoDBDocumentClient) {}',
    '',
    '  async append(entry: { entryId: string; text: string }): Promise<void> {',
    '    await this.documents.send(new PutCommand({ TableName: process.env.AUDIT_TABLE, Item: entry }));',
    '  }',
    '}',
    '',
    'export class ConsoleAuditLog implements AuditLog {',
    '  async append(entry: { entryId: string; text: string }): Promise<void> {',
    "    console.info('audit', entry);",
    '  }',
    '}',
  ),
  'src/storage/webhook-notifier.ts': lines(
    "import type { Invoice } from '../billing/invoice.js';",
    "import type { Notifier } from '../billing/notifier.js';",
    '',
    'export class WebhookNotifier implements Notifier {',
    '  async invoiceIssued(invoice: Invoice): Promise<void> {',
    '    try {',
    "      await fetch(process.env.WEBHOOK_URL ?? '', { method: 'POST', body: JSON.stringify(invoice) });",
    '    } catch (err) {',
    "      console.error('webhook failed', err);",
    '    }',
    '  }',
    '}',
  ),};

/** The findings of a run, as file, position, rule and message id (runs turn the notification rules off: the project declares no alarm). */
function findings(results: readonly LintResult[], root: string) {
  return results.flatMap((result) => result.messages.map((m) => ({
    file: path.relative(root, result.filePath).split(path.sep).join('/'), line: m.line, column: m.column, ruleId: m.ruleId, messageId: m.messageId,
  })));
}

describe('calls through dependency injection', () => {
  it('reports what an SQS worker reaches through the composition root, and nothing the API alone reaches or an interface with two implementations hides', async () => {
    const root = writeProject(PROJECT);
    const { results } = await lintProject({ cwd: root, rules: [NOTIFICATION_RULES_OFF] });
    expect(findings(results, root)).toEqual([
      // DynamoInvoiceStore.save: worker → BillingService.issue → this.store.save, the store's one implementation.
      { file: 'src/storage/dynamo-invoice-store.ts', line: 9, column: 31, ruleId: 'sls/conditional-writes', messageId: 'unconditionalWriteReached' },
      // WebhookNotifier.invoiceIssued: the notifier is the factory's default, and the catch only logs behind a queue.
      { file: 'src/storage/webhook-notifier.ts', line: 8, column: 7, ruleId: 'sls/no-swallowed-errors', messageId: 'unreadFailure' },
    ]);
    const write = results.find((r) => r.filePath.endsWith('dynamo-invoice-store.ts'))!.messages[0]!;
    expect(write.message).toBe('Unconditional Put on InvoicesTable, run at least once by InvoiceWorker (SQS InvoiceQueue): a redelivery writes again');
  });

  it('sees the API reach its draft write through the handler factory (so its silence is a judgement), and no function reach the audit log', () => {
    const root = writeProject(PROJECT);
    const session = createSession({ root });
    const writes = session.analysis!.emissions()
      .filter((e) => e.op.kind === 'write')
      .map((e) => [e.reach.fn.logicalId, e.target, relativeChain(root, e.reach.chain)]);
    session.dispose();
    expect(writes).toEqual([
      ['InvoiceWorker', 'InvoicesTable', 'handler (src/handlers/invoice-worker.ts:6) → issue (src/billing/billing-service.ts:17) → save (src/storage/dynamo-invoice-store.ts:8)'],
      ['InvoiceApi', 'InvoicesTable', 'makeHandler (src/handlers/invoice-api.ts:4) → preview (src/billing/billing-service.ts:23) → saveDraft (src/storage/dynamo-invoice-store.ts:12)'],
    ]);
  });

  it('judges the same code alone with --no-cross-layer: every unconditional write, and a logged error as handled', async () => {
    const root = writeProject(PROJECT);
    const { results } = await lintProject({ cwd: root, crossLayer: false, rules: [NOTIFICATION_RULES_OFF] });
    expect(findings(results, root)).toEqual([
      { file: 'src/storage/audit-logs.ts', line: 8, column: 31, ruleId: 'sls/conditional-writes', messageId: 'unconditionalWrite' },
      { file: 'src/storage/dynamo-invoice-store.ts', line: 9, column: 31, ruleId: 'sls/conditional-writes', messageId: 'unconditionalWrite' },
      { file: 'src/storage/dynamo-invoice-store.ts', line: 13, column: 31, ruleId: 'sls/conditional-writes', messageId: 'unconditionalWrite' },
    ]);
  });
});
