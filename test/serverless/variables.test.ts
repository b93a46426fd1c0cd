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

  it('stops on self-references instead of looping, and says the cycle once, where it closes', () => {
    const { value, problems } = resolve({ a: '${self:b}', b: '${self:a}' });
    expect(value).toEqual({ a: '${self:b}', b: '${self:a}' });
    expect(problems).toEqual([{
      kind: 'unreadable-include',
      message: 'Variable cycle: self:b → self:a → self:b. The framework cannot resolve a value that needs itself: it is left as written, and what depends on it is not checked.',
      path: ['a'],
      written: { path: ['a'] },
    }]);
  });
});

describe('variable and include cycles', () => {
  const said = (document: Record<string, unknown>, root?: string) =>
    resolve(document, root).problems.map((p) => ({ message: p.message.replace(/\. The framework.*$/, ''), written: [p.written?.template ? path.basename(p.written.template.filePath) : 'main', ...(p.written?.path ?? [])] }));

  it('a variable that names itself, and one that names its own parent', () => {
    expect(said({ custom: { a: '${self:custom.a}' } })).toEqual([{ message: 'Variable cycle: self:custom.a → self:custom.a', written: ['main', 'custom', 'a'] }]);
    expect(said({ custom: { all: 'x-${self:custom}' } })).toEqual([{ message: 'Variable cycle: self:custom → self:custom', written: ['main', 'custom', 'all'] }]);
  });

  it('a cycle met from several places is said once; what depends on it is marked', () => {
    const resolved = resolve({ provider: { environment: { A: '${self:custom.a}' } }, custom: { a: '${self:custom.b}', b: '${self:custom.a}' }, other: 'x' });
    expect(resolved.problems.map((p) => p.written?.path)).toEqual([['custom', 'b']]);
    expect(resolved.value['provider']).toEqual({ environment: { A: '${self:custom.a}' } });
    expect(resolved.metCycle(['provider', 'environment', 'A'])).toBe(true);
    expect(resolved.metCycle(['other'])).toBe(false);
  });

  it('file() of itself, and two fragments that include each other, are include cycles in the fragment that closes them', () => {
    const root = project({ 'self.yml': 'x: 1\nagain: ${file(./self.yml)}\n', 'a.yml': 'b: ${file(./b.yml)}\n', 'b.yml': 'a: ${file(./a.yml)}\n' });
    expect(said({ custom: '${file(./self.yml)}' }, root)).toEqual([{ message: 'Include cycle: file(./self.yml) → file(./self.yml)', written: ['self.yml', 'again'] }]);
    expect(said({ custom: '${file(./a.yml)}' }, root)).toEqual([{ message: 'Include cycle: file(./a.yml) → file(./b.yml) → file(./a.yml)', written: ['b.yml', 'a'] }]);
  });

  it('param: and sls:stage cycles', () => {
    expect(said({ provider: { environment: { X: '${param:x}' } }, params: { default: { x: '${param:y}', y: '${param:x}' } } })).toEqual([
      { message: 'Variable cycle: param:x → param:y → param:x', written: ['main', 'params', 'default', 'y'] },
    ]);
    expect(said({ provider: { stage: '${sls:stage}' }, name: 'x-${sls:stage}' })).toEqual([
      { message: 'Variable cycle: sls:stage → sls:stage', written: ['main', 'provider', 'stage'] },
    ]);
  });

  it('no cycle where the framework has none: a lookup reads only what it names', () => {
    // custom.yml's `b` names `custom.a`, which sits beside it in the same fragment: the framework resolves it.
    const root = project({ 'custom.yml': 'a: 1\nb: ${self:custom.a}\nc: ${file(./custom.yml):a}\n' });
    const { value, problems } = resolve({ custom: '${file(./custom.yml)}', copy: '${self:custom.b}', stage: '${self:provider.stage}', provider: { stage: 'dev' } }, root);
    expect(problems).toEqual([]);
    expect(value).toEqual({ custom: { a: 1, b: 1, c: 1 }, copy: 1, stage: 'dev', provider: { stage: 'dev' } });
  });

  it('a fallback that resolves stands in for the cycle; one after an opt: is not said (the option may be given)', () => {
    expect(resolve({ a: "${self:a, 'x'}" })).toMatchObject({ value: { a: 'x' }, problems: [] });
    expect(resolve({ a: "${self:b, 'x'}", b: '${self:a}' })).toMatchObject({ value: { a: 'x', b: 'x' }, problems: [] });
    expect(resolve({ provider: { stage: '${opt:stage, self:provider.stage}' } }).problems).toEqual([]);
  });
});
