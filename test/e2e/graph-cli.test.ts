import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventGraph } from '../../src/graph/index.js';
import { runCli } from '../helpers/run-cli.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

describe('sls-lint graph', () => {
  it('prints the mermaid graph of a fixture, matching its golden file', async () => {
    const run = await runCli(['graph'], path.join(FIXTURES, 'sam-orders'));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(path.resolve(import.meta.dirname, '../graph/golden/sam-orders.mmd'), 'utf8'));
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
    const ext = format === 'dot' ? 'dot' : 'json';
    expect(run.stdout).toBe(readFileSync(path.resolve(import.meta.dirname, `../graph/golden/sam-orders.${ext}`), 'utf8'));
  });

  it('rejects an unknown graph format with exit 2', async () => {
    const run = await runCli(['graph', '--format', 'png'], path.join(FIXTURES, 'sam-orders'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sls-lint: unknown graph format "png" (expected mermaid, dot, json)\n');
  });
});
