import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventGraph } from '../../src/graph/index.js';
import { runCli } from '../helpers/run-cli.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const GOLDEN = path.join(import.meta.dirname, 'golden');

/** The CLI's graph joins code flows to the template's (test/graph goldens are the template-only graph). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN']) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('sls-lint graph', () => {
  it('prints the mermaid graph of a fixture, matching its golden file', async () => {
    const run = await runCli(['graph'], path.join(FIXTURES, 'sam-orders'));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    golden('sam-orders.mmd', run.stdout);
    expect(run.stdout).toContain('CreateOrderFunction ==>|"Invoke · RequestResponse"| PricingFunction');
  });

  it('draws a SAM project and its Serverless Framework twin with the same nodes and edges', async () => {
    const graphOf = async (fixture: string) => {
      const run = await runCli(['graph', '--format', 'json'], path.join(FIXTURES, fixture));
      expect(run.code).toBe(0);
      const graph = JSON.parse(run.stdout) as EventGraph;
      return { nodes: graph.nodes.map(({ stack: _stack, ...node }) => node), edges: graph.edges };
    };
    const sam = await graphOf('sam-orders');
    expect(sam.edges.length).toBeGreaterThan(0);
    expect(await graphOf('serverless-orders')).toEqual(sam);
  });

  it.each(['dot', 'json'])('prints --format %s', async (format) => {
    const run = await runCli(['graph', '--format', format], path.join(FIXTURES, 'sam-orders'));
    golden(`sam-orders.${format}`, run.stdout);
  });

  it('draws the joins of the cross-layer fixture: code emissions, subscriptions, the cycle', async () => {
    const run = await runCli(['graph'], path.join(FIXTURES, 'cross-layer-orders'));
    golden('cross-layer-orders.mmd', run.stdout);
    for (const edge of [
      'OrderNotifier -->|"Publish"| OrderEventsTopic',
      'OrderEventsTopic -->|"SNS · subscription"| NotificationsQueue',
      'NotificationsQueue -->|"SQS · queue"| OrderNotifier',
      'OrderWorker -->|"Put"| OrdersTable',
      'OrderWorker ==>|"Invoke · Event"| ReceiptMailer',
    ]) expect(run.stdout).toContain(edge);
  });

  it('rejects an unknown graph format with exit 2', async () => {
    const run = await runCli(['graph', '--format', 'png'], path.join(FIXTURES, 'sam-orders'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sls-lint: unknown graph format "png" (expected mermaid, dot, json)\n');
  });
});
