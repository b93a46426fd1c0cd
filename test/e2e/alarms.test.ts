import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventGraph } from '../../src/graph/index.js';
import type { LintResult } from '../../src/results.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * fixtures/alarms-sam and fixtures/alarms-serverless: in each, one dead-letter queue and one
 * function somebody is told about and one nobody is, with the traps the notification rules must
 * not fall into (an alarm on the source queue, a Duration-only alarm, a DLQ watched by the
 * function that consumes it, and in alarms-sam/reports a stack-wide Errors alarm).
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

  it('the graph marks every failure sink, and only the unreported ones are unwatched', async () => {
    expect(await sinks('alarms-sam')).toEqual({
      OrdersDeadLetterQueue: true, RefundsDeadLetterQueue: true, ReportsDeadLetterQueue: true, ShipmentsDeadLetterQueue: false,
    });
    expect(await sinks('alarms-serverless')).toEqual({ ChargesDeadLetterQueue: true, InvoicesDeadLetterQueue: false, RefundsDeadLetterQueue: true });
  });

  it('says nothing when the alerts live elsewhere', async () => {
    const off = JSON.stringify({ 'sls/dlq-alarm': ['warn', { externalMonitoring: true }], 'sls/error-alarm': ['warn', { externalMonitoring: true }] });
    const run = await runCli(['--format', 'json', '--rule', off], path.join(FIXTURES, 'alarms-sam'));
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as LintResult[]).flatMap((r) => r.messages)).toEqual([]);
  });
});
