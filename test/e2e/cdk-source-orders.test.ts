import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/results.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * fixtures/cdk-source-orders declares in CDK TypeScript (lib/orders-stack.ts, read from source,
 * never synthesized) what fixtures/sam-orders declares in SAM, with the same handler files. The
 * two must give the same architecture and the same findings; only where a finding points differs.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const SAM = path.join(FIXTURES, 'sam-orders');
const CDK = path.join(FIXTURES, 'cdk-source-orders');

interface GraphNode {
  id: string;
  kind: string;
  label: string;
  stack: string;
  logicalId?: string;
  implicit?: boolean;
}

/**
 * What the two graphs must share. Set aside, because the formats name things differently:
 * - `label`: SAM labels a node with its logical id, CDK with its construct path (`OrdersStack/OrdersQueue`);
 * - `stack`: the file the stack is read from, template.yaml or lib/orders-stack.ts;
 * - `logicalId`/`implicit` of the API: SAM's HttpApi event creates an implicit API with no logical id
 *   in the template, where the CDK app writes `new HttpApi(this, 'HttpApi')`, a construct with one.
 * Node ids are logical ids in both (CDK's without the hash it appends), so they and the edges are compared as they are.
 */
async function architecture(root: string): Promise<{ nodes: { id: string; kind: string }[]; edges: unknown[] }> {
  const run = await runCli(['graph', '--format', 'json'], root);
  expect(run.code).toBe(0);
  const graph = JSON.parse(run.stdout) as { nodes: GraphNode[]; edges: unknown[] };
  return { nodes: graph.nodes.map(({ id, kind }) => ({ id, kind })), edges: graph.edges };
}

/** Every finding as `file:line:rule:messageId`, in the order the run reports them (by file, then line). */
async function findings(root: string): Promise<string[]> {
  const { results } = await lintProject({ cwd: root });
  return results.flatMap((result: LintResult) => result.messages.map((m) => `${path.relative(root, result.filePath)}:${m.line}:${m.ruleId}:${m.messageId}`));
}

describe('the CDK source twin of sam-orders', () => {
  it('has the same nodes and edges as sam-orders, names aside', async () => {
    const [sam, cdk] = await Promise.all([architecture(SAM), architecture(CDK)]);
    expect(cdk).toEqual(sam);
    expect(cdk.nodes).toHaveLength(9);
    expect(cdk.edges).toHaveLength(7);
  });

  it('gives the findings of sam-orders, the template one on the line of the construct at fault', async () => {
    const handlerFindings = [
      'src/handlers/create-order.ts:1:sls/no-unwrapped-sdk:directSdk',
      'src/handlers/create-order.ts:12:sls/no-sync-invoke:syncInvokeOf',
      'src/handlers/ship-order.js:3:sls/no-unwrapped-sdk:directSdk',
      'src/handlers/ship-order.js:13:sls/batch-partial-failure:throwsOnFirstRecord',
    ];
    expect(await findings(SAM)).toEqual([
      ...handlerFindings,
      'template.yaml:38:sls/error-alarm:missingErrorAlarm',
      'template.yaml:52:sls/error-alarm:missingErrorAlarm',
      'template.yaml:63:sls/sqs-redrive-policy:missingRedrivePolicy',
      'template.yaml:76:sls/dlq-alarm:unwatchedQueue',
    ]);
    // `new sqs.Queue(this, 'OrdersQueue', ...)`, the twin of template.yaml's OrdersQueue resource; the dead-letter queue and the two workers likewise.
    expect(await findings(CDK)).toEqual([
      'lib/orders-stack.ts:22:sls/sqs-redrive-policy:missingRedrivePolicy',
      'lib/orders-stack.ts:26:sls/dlq-alarm:unwatchedQueue',
      'lib/orders-stack.ts:64:sls/error-alarm:missingErrorAlarm',
      'lib/orders-stack.ts:75:sls/error-alarm:missingErrorAlarm',
      ...handlerFindings,
    ]);
  });
});

describe('the coverage account of a CDK app read from source', () => {
  it('counts the app, not templates, and every handler linted', async () => {
    const run = await runCli(['--format', 'json'], CDK);
    expect(run.stderr).toBe('1 CDK app · 4 functions: 4 handlers linted (6 modules)\n');
  });
});
