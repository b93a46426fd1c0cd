import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { loadModel } from '../../src/model/load-model.js';
import { writeProject } from '../helpers/temp-project.js';

const ROOT = path.resolve(import.meta.dirname, '../fixtures/model/serverless-lists');

function stackOf(root: string) {
  const { model } = loadModel(root, [path.join(root, 'serverless.yml')]);
  return model.stacks[0]!;
}

/** One template rule's findings, with the file each one is in. */
function findingsOf(rule: string, root: string) {
  const { model } = loadModel(root, [path.join(root, 'serverless.yml')]);
  const id = `sls/${rule}`;
  return runTemplateRules(model, { severities: { [id]: 'error' }, options: {}, ignores: [] })
    .map((f) => ({ file: path.relative(root, f.filePath), line: f.line, column: f.column }));
}

describe('Serverless `functions:` and `resources:` written as lists', () => {
  it('merges a list of includes and inline maps in order, the later function of a name winning', () => {
    const stack = stackOf(ROOT);
    const functions = Object.fromEntries(stack.functions.map((fn) => [fn.logicalId, fn]));
    expect(Object.keys(functions).sort()).toEqual(['inline', 'orders', 'users']);
    expect(functions['orders']).toMatchObject({ timeout: 20, at: { file: path.join(ROOT, 'functions/orders.yml'), line: 2 } });
    // The inline `users` replaces the included one whole: its timeout is the framework's default, not 9.
    expect(functions['users']).toMatchObject({ timeout: 6, tracing: 'Active', at: { file: path.join(ROOT, 'serverless.yml'), line: 11 } });
    expect(functions['users']!.handler?.at).toMatchObject({ line: 12 });
    expect(functions['inline']).toMatchObject({ at: { file: path.join(ROOT, 'serverless.yml'), line: 8 } });
    expect(stack.triggers).toMatchObject([{ functionLogicalId: 'orders', kind: 'SQS', source: 'OrdersQueue', at: { line: 6 } }]);
  });

  it('merges resource fragments deeply, each value pointing at the entry it came from', () => {
    const stack = stackOf(ROOT);
    const queues = Object.fromEntries(stack.resources.map((r) => [r.logicalId, r]));
    expect(Object.keys(queues).sort()).toEqual(['ExtraQueue', 'OrdersQueue']);
    expect(queues['OrdersQueue']!.properties).toEqual({ VisibilityTimeout: 120, DelaySeconds: 5 });
    expect(queues['ExtraQueue']!.at).toMatchObject({ file: path.join(ROOT, 'serverless.yml'), line: 17 });
  });

  it('points a finding on an included function into its file', () => {
    expect(findingsOf('tracing-enabled', ROOT)).toEqual([{ file: 'functions/orders.yml', line: 2, column: 1 }]);
  });

  it('reads a list of inline maps alone', () => {
    const root = writeProject({
      'serverless.yml': [
        'service: app',
        'provider: { name: aws, runtime: nodejs20.x }',
        'functions:',
        '  - a: { handler: a.handler, timeout: 3 }',
        '  - b: { handler: b.handler, events: [{ sqs: { arn: !GetAtt Jobs.Arn } }] }',
        '  - a: { handler: a2.handler }',
        'resources:',
        '  - Resources:',
        '      Jobs: { Type: AWS::SQS::Queue }',
        '  - Outputs:',
        '      JobsUrl: { Value: !Ref Jobs }',
        '',
      ].join('\n'),
    });
    const stack = stackOf(root);
    expect(stack.functions.map((fn) => [fn.logicalId, fn.timeout, fn.at.line])).toEqual([['a', 6, 6], ['b', 6, 5]]);
    expect(findingsOf('sqs-redrive-policy', root)).toEqual([{ file: 'serverless.yml', line: 9, column: 7 }]);
  });

  it('keeps the root fence for includes in a list', () => {
    const outer = writeProject({ 'secret.yml': 'stolen: { handler: x.handler }\n' });
    const root = writeProject({
      'serverless.yml': 'service: app\nprovider: { name: aws }\nfunctions:\n  - ${file(../secret.yml)}\n  - kept: { handler: k.handler }\n',
    }, path.join(outer, 'app'));
    const { model, findings } = loadModel(root, [path.join(root, 'serverless.yml')]);
    expect(model.stacks[0]!.functions.map((fn) => fn.logicalId)).toEqual(['kept']);
    expect(findings.filter((f) => f.ruleId === 'sls/unsafe-include').map((f) => f.line)).toEqual([4]);
  });
});
