import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCdkApp } from '../../src/model/cdk-source/read-cdk-app.js';
import type { AlarmNode, Stack, TemplateRef } from '../../src/model/types.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'cdk-source');
const APP = path.join(FIXTURES, 'alarms');
const FILE = 'lib/alarms-stack.ts';

/** `file:line` of the first line of a fixture file that contains the text. */
function lineOf(file: string, text: string): string {
  const lines = readFileSync(path.join(APP, file), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`${file} has no line with ${text}`);
  return `${file}:${index + 1}`;
}

function where(at: TemplateRef): string {
  return `${path.relative(APP, at.file).split(path.sep).join('/')}:${at.line}`;
}

/** An alarm as `namespace/metric dimension=references|value`, one string per metric. */
function metricsOf(alarm: AlarmNode): string[] {
  return alarm.metrics.map((m) => [`${m.namespace}/${m.metricName}`, ...m.dimensions.map((d) => `${d.name}=${d.value ?? d.references.join('+')}`)].join(' '));
}

describe('readCdkApp: CloudWatch alarms', () => {
  const read = readCdkApp(APP, path.join(APP, 'cdk.json'));
  const [alarms, monitoring] = read.stacks as [Stack, Stack];
  const byId = (stack: Stack, id: string): AlarmNode => {
    const found = stack.alarms?.find((a) => a.logicalId === id);
    if (!found) throw new Error(`no alarm ${id} in ${stack.alarms?.map((a) => a.logicalId).join(', ')}`);
    return found;
  };

  it('makes an alarm of createAlarm and new Alarm, at its line, named by construct path', () => {
    expect(read.findings).toEqual([]);
    expect(alarms.alarms!.filter((a) => !a.logicalId.includes('/')).map((a) => [a.logicalId, a.name, where(a.at)])).toEqual([
      ['OrdersDlqDepth', 'Alarms/OrdersDlqDepth', lineOf(FILE, "createAlarm(this, 'OrdersDlqDepth'")],
      ['OrdersDlqAge', 'Alarms/OrdersDlqAge', lineOf(FILE, "new cloudwatch.Alarm(this, 'OrdersDlqAge'")],
      ['OrdersBacklog', 'Alarms/OrdersBacklog', lineOf(FILE, "createAlarm(this, 'OrdersBacklog'")],
      ['WorkerErrors', 'Alarms/WorkerErrors', lineOf(FILE, "createAlarm(this, 'WorkerErrors'")],
      ['NotifierSlow', 'Alarms/NotifierSlow', lineOf(FILE, "createAlarm(this, 'NotifierSlow'")],
      ['BillingDlqDepth', 'Alarms/BillingDlqDepth', lineOf(FILE, "new cloudwatch.Alarm(this, 'BillingDlqDepth'")],
      ['ReporterErrorRate', 'Alarms/ReporterErrorRate', lineOf(FILE, "errorRate.createAlarm(this, 'ReporterErrorRate'")],
      ['FailuresUndelivered', 'Alarms/FailuresUndelivered', lineOf(FILE, "createAlarm(this, 'FailuresUndelivered'")],
      ['AllErrors', 'Alarms/AllErrors', lineOf(FILE, "createAlarm(this, 'AllErrors'")],
      ['LegacyErrors', 'Alarms/LegacyErrors', lineOf(FILE, "createAlarm(this, 'LegacyErrors'")],
      ['ArchiverErrors', 'Alarms/ArchiverErrors', lineOf(FILE, "createAlarm(this, 'ArchiverErrors'")],
      // Made inside a project construct: its path below the stack is its logical id.
      ['FailuresWatchDepth', 'Alarms/FailuresWatch/Depth', lineOf(FILE, "new cloudwatch.Alarm(this, 'Depth'")],
      ['Computed', 'Alarms/Computed', lineOf(FILE, "new cloudwatch.Alarm(this, 'Computed'")],
    ]);
  });

  it("reads a queue's depth and age metrics, the queue named by its logical id; an alarm on the source queue names that queue", () => {
    expect(metricsOf(byId(alarms, 'OrdersDlqDepth'))).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=OrdersDlq']);
    expect(metricsOf(byId(alarms, 'OrdersDlqAge'))).toEqual(['AWS/SQS/ApproximateAgeOfOldestMessage QueueName=OrdersDlq']);
    expect(metricsOf(byId(alarms, 'OrdersBacklog'))).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=Orders']);
    expect(metricsOf(byId(alarms, 'FailuresWatchDepth'))).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=BillingDlq']);
  });

  it('reads new Metric with dimensionsMap, and each metric of a math expression', () => {
    expect(metricsOf(byId(alarms, 'BillingDlqDepth'))).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=BillingDlq']);
    expect(metricsOf(byId(alarms, 'ReporterErrorRate'))).toEqual([
      'AWS/Lambda/Errors FunctionName=Reporter',
      'AWS/Lambda/Invocations FunctionName=Reporter',
    ]);
  });

  it("reads a function's metrics: errors, duration only, a topic's failed notifications, and Lambda's account-wide errors with no dimension", () => {
    expect(metricsOf(byId(alarms, 'WorkerErrors'))).toEqual(['AWS/Lambda/Errors FunctionName=Worker']);
    expect(metricsOf(byId(alarms, 'NotifierSlow'))).toEqual(['AWS/Lambda/Duration FunctionName=Notifier']);
    expect(metricsOf(byId(alarms, 'FailuresUndelivered'))).toEqual(['AWS/SNS/NumberOfNotificationsFailed TopicName=Failures']);
    expect(byId(alarms, 'AllErrors').metrics).toEqual([{ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: [] }]);
  });

  it('keeps the dimensions `with` sets, and the name an imported function was imported with, as text', () => {
    expect(byId(alarms, 'LegacyErrors').metrics[0]!.dimensions).toEqual([{ name: 'FunctionName', references: [], value: 'legacy-intake' }]);
    expect(byId(alarms, 'ArchiverErrors').metrics[0]!.dimensions).toEqual([{ name: 'FunctionName', references: [], value: 'archiver-prod' }]);
  });

  it('names a queue of another stack by its construct path, in the stack that holds the alarm', () => {
    expect(monitoring.alarms!.map((a) => [a.logicalId, where(a.at), ...metricsOf(a)])).toEqual([
      ['BillingDlqAge', lineOf('lib/monitoring-stack.ts', "new cloudwatch.Alarm(this, 'BillingDlqAge'"), 'AWS/SQS/ApproximateAgeOfOldestMessage QueueName=Alarms/BillingDlq'],
    ]);
  });

  it("adds an alarm on a queue of another stack to the queue's stack too, by the queue's logical id there", () => {
    // The rules look for a queue's alarms in its own stack: a monitoring stack's alarm must be found there.
    const shared = alarms.alarms!.filter((a) => a.logicalId.includes('/'));
    expect(shared.map((a) => [a.logicalId, a.name, where(a.at), ...metricsOf(a)])).toEqual([
      ['Monitoring/BillingDlqAge', 'Monitoring/BillingDlqAge', lineOf('lib/monitoring-stack.ts', "new cloudwatch.Alarm(this, 'BillingDlqAge'"), 'AWS/SQS/ApproximateAgeOfOldestMessage QueueName=BillingDlq'],
    ]);
  });

  it('marks an alarm whose metric the app computes unreadable, keeps what it could read, and counts the setting', () => {
    expect(byId(alarms, 'Computed')).toMatchObject({ unreadable: true, metrics: [{ namespace: 'AWS/SQS', dimensions: [{ name: 'QueueName', references: ['OrdersDlq'] }] }] });
    expect(alarms.alarms!.filter((a) => a.unreadable).map((a) => a.logicalId)).toEqual(['Computed']);
    expect(read.unread.map((u) => [u.what, u.kind, where(u.at)])).toEqual([['metricName', 'setting', lineOf(FILE, 'metricName: process.env.DLQ_METRIC')]]);
  });

  it("reads an alarm on a dead-letter queue reached through its function or its source queue (fn.deadLetterQueue, queue.deadLetterQueue.queue)", () => {
    const app = path.join(FIXTURES, 'alarm-members');
    const [stack] = readCdkApp(app, path.join(app, 'cdk.json')).stacks as [Stack];
    const named = (id: string) => metricsOf(stack.alarms!.find((a) => a.logicalId === id)!);
    // The queue deadLetterQueueEnabled makes, and the one deadLetterQueue names.
    expect(stack.functions.map((fn) => [fn.logicalId, fn.failure.deadLetterTarget])).toEqual([['Audit', 'AuditDeadLetterQueue'], ['Mailer', 'MailerDlq']]);
    expect(named('AuditDlqDepth')).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=AuditDeadLetterQueue']);
    expect(named('MailerDlqAge')).toEqual(['AWS/SQS/ApproximateAgeOfOldestMessage QueueName=MailerDlq']);
    expect(named('OrdersDlqDepth')).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=OrdersDlq']);
  });

  it('leaves a stack without alarms without the list', () => {
    const queues = path.join(FIXTURES, 'queues');
    expect(readCdkApp(queues, path.join(queues, 'cdk.json')).stacks[0]!.alarms).toBeUndefined();
  });
});
