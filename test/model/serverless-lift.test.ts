import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';

const ROOT = path.resolve(import.meta.dirname, '../fixtures/model/serverless-lift');

describe('serverless-lift queue constructs', () => {
  const { model, findings } = loadModel(ROOT, [path.join(ROOT, 'serverless.yml')]);
  const stack = model.stacks[0]!;
  const functions = Object.fromEntries(stack.functions.map((fn) => [fn.logicalId, fn]));

  it('reads a worker defined in the construct as a function `<id>Worker`, its handler found', () => {
    expect(findings).toEqual([]);
    expect(Object.keys(functions)).toEqual(['upload', 'thumbnails', 'rendersWorker']);
    expect(functions['rendersWorker']).toMatchObject({ timeout: 10, at: { line: 24 }, handler: { sourceFile: path.join(ROOT, 'src/render.ts'), at: { line: 25 } } });
  });

  it('gives each queue a redrive policy to its own DLQ, and the visibility timeout Lift computes', () => {
    const queues = Object.fromEntries(stack.resources.map((r) => [r.logicalId, { ...r.queue, line: r.at.line }]));
    expect(queues).toEqual({
      renders: { hasRedrivePolicy: true, deadLetterTarget: 'rendersDlq', visibilityTimeout: 60, fifo: false, line: 22 },
      rendersDlq: { hasRedrivePolicy: false, fifo: false, line: 22 },
      // 6 × the 20 s of the function it names, plus the 10 s batching window.
      previews: { hasRedrivePolicy: true, deadLetterTarget: 'previewsDlq', visibilityTimeout: 130, fifo: true, line: 31 },
      previewsDlq: { hasRedrivePolicy: false, fifo: true, line: 31 },
    });
  });

  it('subscribes the worker to its queue, batches of 1 unless batchSize, with ReportBatchItemFailures; a worker named by the construct too', () => {
    expect(stack.triggers.map((t) => [t.functionLogicalId, t.kind, t.delivery, t.source ?? null, t.batchSize ?? null, t.reportBatchItemFailures ?? null, t.at.line])).toEqual([
      ['upload', 'HttpApi', 'sync', null, null, null, 13],
      ['rendersWorker', 'Schedule', 'async', null, null, null, 29],
      ['rendersWorker', 'SQS', 'queue', 'renders', 1, true, 22],
      ['thumbnails', 'SQS', 'queue', 'previews', 5, true, 31],
    ]);
  });

  it('reads ${construct:id.queueUrl} and ${construct:id.dlqUrl} as references to the queue and its DLQ, in the provider and the function', () => {
    const references = Object.fromEntries(Object.entries(functions['upload']!.environment).map(([key, v]) => [key, v.references]));
    expect(references).toEqual({ RENDER_QUEUE_URL: ['renders'], FAILED_RENDERS_URL: ['rendersDlq'], SITE_URL: [] });
    expect(functions['rendersWorker']!.environment['RENDER_QUEUE_URL']!.references).toEqual(['renders']);
  });
});
