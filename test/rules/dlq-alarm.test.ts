import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectAnalysis } from '../../src/analysis/analysis.js';
import { ParseCache } from '../../src/analysis/parse.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { loadModel } from '../../src/model/load-model.js';
import { samFunction, samResource, samTemplate } from '../helpers/sam-template.js';
import { runTemplateRule } from '../helpers/template-rule.js';
import { writeProject } from '../helpers/temp-project.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/dlq-alarm');
const run = (file: string, options?: unknown[]) => runTemplateRule('dlq-alarm', path.join(dir, file), options);
const where = (findings: ReturnType<typeof run>) => findings.map(({ line, column, messageId }) => ({ line, column, messageId }));

describe('sls/dlq-alarm', () => {
  it('reports each failure sink with no alarm, consumer or subscriber on its logical id, naming the path that ends there', () => {
    expect(run('fail.sam.yaml')).toEqual([
      {
        line: 24, column: 3, messageId: 'unwatchedQueue',
        message: 'Queue OrdersDLQ (redrive target of OrdersQueue) has no alarm or consumer: failures there go unseen',
      },
      {
        line: 71, column: 3, messageId: 'unwatchedTopic',
        message: 'Topic MailerFailures (DLQ of Mailer) has no alarm or subscriber: failures published there go unseen',
      },
      {
        line: 106, column: 3, messageId: 'unwatchedQueue',
        message: 'Queue FailedEvents (on-failure destination of Clicks and 2 more) has no alarm or consumer: failures there go unseen',
      },
      {
        line: 143, column: 3, messageId: 'unwatchedQueue',
        message: 'Queue ArchiveFailuresQueue (subscribed to failure topic ArchiveFailures) has no alarm or consumer: failures there go unseen',
      },
    ]);
  });

  it('accepts alarms by reference, by literal name and in math expressions, a consumer, a subscriber, an unreadable alarm, a suppression', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('reads alarms under Serverless resources: a resolved QueueName matches, an alarm on the source queue does not', () => {
    expect(run('serverless/serverless.yml')).toEqual([
      {
        line: 61, column: 5, messageId: 'unwatchedQueue',
        message: 'Queue RefundsDLQ (redrive target of RefundsQueue) has no alarm or consumer: failures there go unseen',
      },
      {
        line: 77, column: 5, messageId: 'unwatchedQueue',
        message: 'Queue InvoiceFailures (on-failure destination of invoice) has no alarm or consumer: failures there go unseen',
      },
    ]);
  });

  it('reports nothing with externalMonitoring, and passes over the sinks `monitored` globs name', () => {
    expect(run('fail.sam.yaml', [{ externalMonitoring: true }])).toEqual([]);
    expect(where(run('fail.sam.yaml', [{ monitored: ['*DLQ', 'Mailer*'] }]))).toEqual([
      { line: 106, column: 3, messageId: 'unwatchedQueue' },
      { line: 143, column: 3, messageId: 'unwatchedQueue' },
    ]);
    // By deployed name (QueueName) too.
    expect(where(run('fail.sam.yaml', [{ monitored: ['clicks-*'] }])).map((f) => f.line)).toEqual([24, 71, 143]);
  });
});

describe('sls/dlq-alarm with code that reads the dead-letter queue', () => {
  const project = (replay: string) => writeProject({
    'template.yaml': samTemplate({
      JobsQueue: samResource('AWS::SQS::Queue', 'RedrivePolicy:', '  deadLetterTargetArn: !GetAtt JobsDLQ.Arn', '  maxReceiveCount: 3'),
      JobsDLQ: samResource('AWS::SQS::Queue'),
      Replay: samFunction({ handler: 'src/replay.handler', environment: { DLQ_URL: '!Ref JobsDLQ', JOBS_URL: '!Ref JobsQueue' } }),
    }),
    'src/replay.ts': replay,
  });
  const findings = (root: string) => {
    const { model } = loadModel(root, [path.join(root, 'template.yaml')]);
    const parses = new ParseCache();
    const analysis = new ProjectAnalysis(model, (f) => parses.parseFile(f));
    const id = 'sls/dlq-alarm';
    return runTemplateRules(model, { severities: { [id]: 'error' }, options: {}, ignores: [] }, analysis).map((f) => `${f.line}:${f.column} ${f.messageId}`);
  };
  const sqs = "import { SQSClient, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\n";

  it('counts a function whose code receives from the queue (a replay job) as its consumer', () => {
    const replay = `${sqs}export const handler = async () => sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.DLQ_URL }));\n`;
    expect(findings(project(replay))).toEqual([]);
  });

  it('does not count one that only sends to it, or receives from another queue', () => {
    const sends = `${sqs}export const handler = async () => sqs.send(new SendMessageCommand({ QueueUrl: process.env.DLQ_URL, MessageBody: '{}' }));\n`;
    const other = `${sqs}export const handler = async () => sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.JOBS_URL }));\n`;
    expect(findings(project(sends))).toEqual(['9:3 unwatchedQueue']);
    expect(findings(project(other))).toEqual(['9:3 unwatchedQueue']);
  });
});
