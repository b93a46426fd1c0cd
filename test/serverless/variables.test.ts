import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveVariables, splitVariables } from '../../src/serverless/variables.js';

function project(files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'sls-vars-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function resolve(document: Record<string, unknown>, root = project()) {
  return resolveVariables({ projectRoot: root, baseDir: root, document });
}

describe('Serverless Framework variables', () => {
  it('splits text and nested variables', () => {
    expect(splitVariables("a-${opt:stage, ${self:x}}-b")).toEqual(['a-', { expression: 'opt:stage, ${self:x}', raw: '${opt:stage, ${self:x}}' }, '-b']);
  });

  it('resolves self:, sls:stage, opt: fallbacks and env: defaults without reading the environment', () => {
    process.env['SLS_LINT_TEST_SECRET'] = 'from-the-environment';
    const { value, problems } = resolve({
      service: 'orders',
      provider: { stage: "${opt:stage, 'prod'}", region: '${opt:region, "eu-west-1"}' },
      custom: { table: '${self:service}-${sls:stage}-orders', size: '${opt:size, 25}' },
      env: { fromEnv: "${env:SLS_LINT_TEST_SECRET, 'fallback'}", noDefault: '${env:SLS_LINT_TEST_SECRET}' },
      nested: '${self:custom.missing, ${self:custom.table}}',
    });
    expect(problems).toEqual([]);
    expect(value['provider']).toEqual({ stage: 'prod', region: 'eu-west-1' });
    expect(value['custom']).toEqual({ table: 'orders-prod-orders', size: 25 });
    expect(value['env']).toEqual({ fromEnv: 'fallback', noDefault: '${env:SLS_LINT_TEST_SECRET}' });
    expect(value['nested']).toBe('orders-prod-orders');
  });

  it('sls:stage defaults to dev', () => {
    expect(resolve({ name: 'x-${sls:stage}' }).value['name']).toBe('x-dev');
  });

  it('takes param: from the params given (a compose file), then params.<stage>, then params.default', () => {
    const document = {
      provider: { stage: "${opt:stage, 'prod'}" },
      params: { default: { domain: 'example.test', size: 10, region: 'eu-west-1' }, prod: { size: 50, table: '${self:service}-orders' } },
      service: 'shop',
      a: '${param:domain}', b: '${param:size}', c: '${param:table}', d: '${param:queue}', e: "${param:missing, 'fallback'}", f: '${param:region}',
    };
    const { value } = resolveVariables({ projectRoot: project(), baseDir: project(), document, params: { queue: 'jobs', region: 'us-east-1' } });
    expect(value).toMatchObject({ a: 'example.test', b: 50, c: 'shop-orders', d: 'jobs', e: 'fallback', f: 'us-east-1' });
    // Without params anywhere, a parameter (the Serverless Dashboard's, another service's output) stays as written.
    expect(resolve({ a: '${param:domain}', params: { default: {} } }).value['a']).toBe('${param:domain}');
  });

  it('keeps ssm:, cf:, aws:, s3: and CloudFormation Sub variables as written', () => {
    const document = {
      a: '${ssm:/orders/${sls:stage}/key}',
      b: '${cf:other-stack.QueueUrl}',
      c: '${aws:accountId}',
      d: '${s3:bucket/key}',
      e: { 'Fn::Sub': 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}' },
    };
    expect(resolve(document).value).toEqual(document);
  });

  it('reads file() inside the root, whole or by key, and lets self: look into it', () => {
    const root = project({ 'config/custom.yml': 'timeouts:\n  worker: 30\nname: !Ref Thing\n' });
    const { value, problems } = resolve({ custom: '${file(./config/custom.yml)}', timeout: '${self:custom.timeouts.worker}', worker: '${file(./config/custom.yml):timeouts.worker}' }, root);
    expect(problems).toEqual([]);
    expect(value).toEqual({ custom: { timeouts: { worker: 30 }, name: { Ref: 'Thing' } }, timeout: 30, worker: 30 });
  });

  it('refuses file() outside the root and never uses its content', () => {
    const outer = project({ 'secret.yml': 'password: hunter2\n' });
    const root = path.join(outer, 'app');
    mkdirSync(root);
    const { value, problems } = resolve({ custom: { secret: '${file(../secret.yml):password}' } }, root);
    expect(value).toEqual({ custom: { secret: '${file(../secret.yml):password}' } });
    expect(problems).toEqual([{ kind: 'unsafe-include', message: '${file(../secret.yml)} points outside the project root: not read.', path: ['custom', 'secret'] }]);
  });

  it('refuses a file() behind a symlink that leaves the root', async () => {
    const { symlinkSync } = await import('node:fs');
    const outer = project({ 'secret.yml': 'password: hunter2\n' });
    const root = path.join(outer, 'app');
    mkdirSync(root);
    symlinkSync(path.join(outer, 'secret.yml'), path.join(root, 'linked.yml'));
    const { value, problems } = resolve({ secret: '${file(./linked.yml):password}' }, root);
    expect(value['secret']).toBe('${file(./linked.yml):password}');
    expect(problems.map((p) => p.kind)).toEqual(['unsafe-include']);
  });

  it('never runs a .js or .ts file()', () => {
    const root = project({ 'config.js': 'module.exports = () => ({ x: 1 })' });
    expect(resolve({ x: '${file(./config.js):x}' }, root).value['x']).toBe('${file(./config.js):x}');
  });

  it('stops on self-references instead of looping', () => {
    const { value } = resolve({ a: '${self:b}', b: '${self:a}' });
    expect(value).toEqual({ a: '${self:b}', b: '${self:a}' });
  });
});
