import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventGraph } from '../../src/graph/index.js';
import type { LintResult } from '../../src/results.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * fixtures/alarms-sam, alarms-serverless (alarms under resources), alarms-serverless-plugin
 * (serverless-plugin-aws-alerts and serverless-sqs-alarms-plugin) and alarms-cdk (CDK source): in
 * each, dead-letter queues and functions somebody is told about and ones nobody is, with the traps
 * the notification rules must not fall into (an alarm on the source queue, a Duration-only alarm, a
 * DLQ watched by the function that consumes it, and in a second stack or service a stack-wide
 * Errors alarm that covers the functions of its own stack only).
 */
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

async function findings(name: string): Promise<string[]> {
  const root = path.join(FIXTURES, name);
  const run = await runCli(['--format', 'json'], root);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as LintResult[]).flatMap((r) =>
    r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.messageId} ${m.message}`));
}

async function sinks(name: string): Promise<Record<string, boolean>> {
  const run = await runCli(['graph', '--format', 'json'], path.join(FIXTURES, name));
  const graph = JSON.parse(run.stdout) as EventGraph;
  return Object.fromEntries(graph.nodes.filter((n) => n.failureSink).map((n) => [n.id, n.failureSink!.watched]));
}

describe('who is told about failures', () => {
  it('SAM: reports the unwatched dead-letter queue and the function with only a Duration alarm, nothing else', async () => {
    expect(await findings('alarms-sam')).toEqual([
      'template.yaml:72:3 sls/error-alarm otherMetricsOnly Function ShipOrderFunction (SQS ShipmentsQueue) is alarmed on Duration, not on Errors: its failures go unseen',
      'template.yaml:92:3 sls/dlq-alarm unwatchedQueue Queue ShipmentsDeadLetterQueue (redrive target of ShipmentsQueue) has no alarm or consumer: failures there go unseen',
    ]);
  });

  it('Serverless Framework: the same from alarms under resources, by generated logical id and by resolved name', async () => {
    expect(await findings('alarms-serverless')).toEqual([
      'serverless.yml:21:3 sls/error-alarm otherMetricsOnly Function invoice (SQS InvoicesQueue) is alarmed on Duration, not on Errors: its failures go unseen',
      'serverless.yml:88:5 sls/dlq-alarm unwatchedQueue Queue InvoicesDeadLetterQueue (redrive target of InvoicesQueue) has no alarm or consumer: failures there go unseen',
    ]);
  });

  it('Serverless Framework with serverless-plugin-aws-alerts: functionErrors for every function unless turned off, an SQS alarms plugin on the DLQ', async () => {
    expect(await findings('alarms-serverless-plugin')).toEqual([
      // functionErrors turned off, functionDuration instead.
      'serverless.yml:65:3 sls/error-alarm otherMetricsOnly Function label (SQS LabelsQueue) is alarmed on Duration, not on Errors: its failures go unseen',
      // functionErrors turned off; the plugin's alarm is on the labels queue, not on the dead-letter queue its failures end in.
      'serverless.yml:76:3 sls/error-alarm missingErrorAlarm Function print (SQS PrintQueue) has no alarm on its Errors: nobody is told when it fails',
      'serverless.yml:127:5 sls/dlq-alarm unwatchedQueue Queue LabelsDeadLetterQueue (redrive target of LabelsQueue and 1 more) has no alarm or consumer: failures there go unseen',
      // Nothing in reports/: its functions have Duration alarms only, and AnyFunctionErrorsAlarm has no dimension.
    ]);
  });

  it('CDK source: createAlarm, new Alarm, CfnAlarm, an error rate and a monitoring stack watch; a stack-wide alarm covers its own stack only', async () => {
    expect(await findings('alarms-cdk')).toEqual([
      // Alarmed on LabelsQueue's age, not on the dead-letter queue.
      'lib/shipping-stack.ts:90:35 sls/dlq-alarm unwatchedQueue Queue LabelsDeadLetterQueue (redrive target of LabelsQueue and 1 more) has no alarm or consumer: failures there go unseen',
      'lib/shipping-stack.ts:99:27 sls/error-alarm otherMetricsOnly Function LabelFunction (SQS LabelsQueue) is alarmed on Duration, not on Errors: its failures go unseen',
      // ReportsStack's metricAllErrors alarm is declared in another stack.
      'lib/shipping-stack.ts:104:5 sls/error-alarm missingErrorAlarm Function PrintFunction (SQS PrintQueue) has no alarm on its Errors: nobody is told when it fails',
      // Nothing in lib/reports-stack.ts: ReportFunction's Duration alarm and ReportRetryFunction are covered by AnyFunctionErrors.
    ]);
  });

  it('the graph marks every failure sink, and only the unreported ones are unwatched', async () => {
    expect(await sinks('alarms-sam')).toEqual({
      OrdersDeadLetterQueue: true, RefundsDeadLetterQueue: true, ReportsDeadLetterQueue: true, ShipmentsDeadLetterQueue: false,
    });
    expect(await sinks('alarms-serverless')).toEqual({ ChargesDeadLetterQueue: true, InvoicesDeadLetterQueue: false, RefundsDeadLetterQueue: true });
    expect(await sinks('alarms-serverless-plugin')).toEqual({
      DispatchDeadLetterQueue: true, LabelsDeadLetterQueue: false, ReportsDeadLetterQueue: true, ReturnsDeadLetterQueue: true,
    });
    // By a depth alarm, an L1 alarm on its age, a consumer, an alarm in the monitoring stack; none on LabelsDeadLetterQueue.
    expect(await sinks('alarms-cdk')).toEqual({
      DispatchDeadLetterQueue: true, LabelsDeadLetterQueue: false, PickupsDeadLetterQueue: true, ReportsDeadLetterQueue: true,
      ReturnsDeadLetterQueue: true, SweepDeadLetterQueue: true,
    });
  });

  it('says nothing when the alerts live elsewhere', async () => {
    const off = JSON.stringify({ 'sls/dlq-alarm': ['warn', { externalMonitoring: true }], 'sls/error-alarm': ['warn', { externalMonitoring: true }] });
    const run = await runCli(['--format', 'json', '--rule', off], path.join(FIXTURES, 'alarms-sam'));
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as LintResult[]).flatMap((r) => r.messages)).toEqual([]);
  });
});
