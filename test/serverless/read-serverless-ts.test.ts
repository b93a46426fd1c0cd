import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { readServerlessTs } from '../../src/serverless/read-serverless-ts.js';
import { writeProject } from '../helpers/temp-project.js';

const project = writeProject;

/** The layout of the Serverless Framework's aws-nodejs-typescript template. */
const TEMPLATE_PROJECT = {
  'tsconfig.json': '{\n  // comments are allowed here\n  "compilerOptions": { "baseUrl": ".", "paths": { "@functions/*": ["src/functions/*"], "@libs/*": ["src/libs/*"] } }\n}\n',
  'src/libs/handler-resolver.ts': "export const handlerPath = (context: string) => `${context.split(process.cwd())[1].substring(1).replace(/\\\\/g, '/')}`;\n",
  'src/functions/hello/index.ts': [
    "import { handlerPath } from '@libs/handler-resolver';",
    '',
    'export default {',
    '  handler: `${handlerPath(__dirname)}/handler.main`,',
    "  events: [{ sqs: { arn: { 'Fn::GetAtt': ['HelloQueue', 'Arn'] }, batchSize: 5 } }],",
    '};',
    '',
  ].join('\n'),
  'src/functions/hello/handler.ts': 'export const main = async () => {};\n',
  'src/functions/index.ts': "export { default as hello } from './hello';\n",
  'serverless.ts': [
    "import type { AWS } from '@serverless/typescript';",
    "import hello from '@functions/hello';",
    '',
    'const runtime = "nodejs20.x";',
    '',
    'const serverlessConfiguration: AWS = {',
    "  service: 'hello',",
    "  frameworkVersion: '3',",
    "  provider: { name: 'aws', runtime, timeout: 12, environment: { STAGE: '${sls:stage}' } },",
    '  functions: { hello },',
    '  resources: {',
    '    Resources: {',
    "      HelloQueue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } },",
    '    },',
    '  },',
    '};',
    '',
    'module.exports = serverlessConfiguration;',
    '',
  ].join('\n'),
};

describe('serverless.ts, read without running it', () => {
  it('evaluates the exported object: constants, imports through tsconfig paths, handlerPath(__dirname)', () => {
    const root = project(TEMPLATE_PROJECT);
    const file = path.join(root, 'serverless.ts');
    const result = readServerlessTs(file, readFileSync(file, 'utf8'), root);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.template.value).toEqual({
      service: 'hello',
      frameworkVersion: '3',
      provider: { name: 'aws', runtime: 'nodejs20.x', timeout: 12, environment: { STAGE: '${sls:stage}' } },
      functions: {
        hello: {
          handler: 'src/functions/hello/handler.main',
          events: [{ sqs: { arn: { 'Fn::GetAtt': ['HelloQueue', 'Arn'] }, batchSize: 5 } }],
        },
      },
      resources: { Resources: { HelloQueue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } } } },
    });
    expect(result.template.locate(['resources', 'Resources', 'HelloQueue'])).toMatchObject({ line: 13, column: 7 });
    expect(result.template.locate(['functions', 'hello'])).toMatchObject({ line: 10, column: 16 });
  });

  it('builds the same model a serverless.yml would', () => {
    const root = project(TEMPLATE_PROJECT);
    const { model, findings } = loadModel(root, [path.join(root, 'serverless.ts')]);
    expect(findings).toEqual([]);
    const [stack] = model.stacks;
    expect(stack!.functions.map((f) => [f.logicalId, f.timeout, f.handler?.sourceFile])).toEqual([
      ['hello', 12, path.join(root, 'src/functions/hello/handler.ts')],
    ]);
    expect(stack!.triggers.map((t) => [t.kind, t.source, t.batchSize])).toEqual([['SQS', 'HelloQueue', 5]]);
  });

  it('skips, with a note, a serverless.ts whose export needs code to run', () => {
    const root = project({ 'serverless.ts': 'import { build } from "./build";\nexport default build(process.env.STAGE);\n' });
    const { model, findings } = loadModel(root, [path.join(root, 'serverless.ts')]);
    expect(model.stacks).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({
      ruleId: 'sls/config-not-static', severity: 1, line: 1,
      message: 'serverless.ts was skipped: its export could not be read without running code. sls-lint never runs configuration code.',
    })]);
  });

  it('never reads an import outside the project root', () => {
    const outer = project({ 'outside.ts': "export default { service: 'stolen' };\n" });
    const root = path.join(outer, 'app');
    mkdirSync(root);
    writeFileSync(path.join(root, 'serverless.ts'), "import config from '../outside';\nexport default { ...config, provider: { name: 'aws' } };\n");
    const result = readServerlessTs(path.join(root, 'serverless.ts'), readFileSync(path.join(root, 'serverless.ts'), 'utf8'), root);
    expect(result.ok && result.template.value).toEqual({ provider: { name: 'aws' } });
  });
});

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/serverless-script');

/** The config's path relative to a root, its findings flattened. */
function load(root: string, file: string) {
  const { model, findings, includedFiles } = loadModel(root, [path.join(root, file)]);
  const flat = findings.map((f) => ({ file: path.relative(root, f.filePath).split(path.sep).join('/'), line: f.line, ruleId: f.ruleId, message: f.message }));
  return { model, findings: flat, includedFiles: includedFiles.map((f) => path.relative(root, f).split(path.sep).join('/')) };
}

describe('serverless.ts: functions from the modules it imports', () => {
  const root = path.join(FIXTURES, 'paths-barrel');

  it('follows a barrel through an alias of an extended tsconfig, a cwd-relative helper of another name, computed keys and namespace spreads', () => {
    const result = readServerlessTs(path.join(root, 'serverless.ts'), readFileSync(path.join(root, 'serverless.ts'), 'utf8'), root);
    expect(result.ok && result.unread).toEqual([]);
    expect(result.ok && result.template.value).toEqual({
      service: 'orders',
      provider: { name: 'aws', runtime: 'nodejs20.x', tracing: { lambda: true } },
      functions: {
        placeOrder: {
          handler: 'src/fns/place-order/handler.main',
          timeout: 20,
          events: [{ sqs: { arn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, batchSize: 10 } }],
        },
        dailyReport: { handler: 'src/fns/reports/handler.daily', events: [{ schedule: 'rate(1 day)' }] },
      },
      resources: { Resources: { OrdersQueue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 120 } } } },
    });
  });

  it('locates what comes from another module in that module', () => {
    const result = readServerlessTs(path.join(root, 'serverless.ts'), readFileSync(path.join(root, 'serverless.ts'), 'utf8'), root);
    if (!result.ok) throw new Error(result.reason);
    const { locate } = result.template;
    // The function itself is where serverless.ts names it; its settings are where they are written.
    expect(locate(['functions', 'placeOrder'])).toEqual({ line: 10, column: 16, endLine: 10, endColumn: 26 });
    expect(locate(['functions', 'placeOrder', 'events', 0, 'sqs'])).toMatchObject({ line: 9, file: path.join(root, 'src/fns/place-order/index.ts') });
    expect(locate(['resources', 'Resources', 'OrdersQueue'])).toMatchObject({ line: 4, column: 3, file: path.join(root, 'resources/queues.ts') });
  });

  it('builds the model: handlers found, the queue trigger and its settings, every file read listed as part of the config', () => {
    const { model, findings, includedFiles } = load(root, 'serverless.ts');
    expect(findings).toEqual([]);
    const [stack] = model.stacks;
    expect(stack!.functions.map((f) => [f.logicalId, f.timeout, f.handler?.sourceFile])).toEqual([
      ['placeOrder', 20, path.join(root, 'src/fns/place-order/handler.ts')],
      ['dailyReport', 6, path.join(root, 'src/fns/reports/handler.ts')],
    ]);
    expect(stack!.triggers.filter((t) => t.kind === 'SQS').map((t) => [t.source, t.batchSize, t.at.file])).toEqual([
      ['OrdersQueue', 10, path.join(root, 'src/fns/place-order/index.ts')],
    ]);
    expect(includedFiles).toEqual([
      'config/tsconfig.base.json', 'resources/queues.ts', 'src/fns/index.ts', 'src/fns/place-order/index.ts',
      'src/fns/reports/index.ts', 'src/shared/folders.ts', 'src/shared/names.ts', 'tsconfig.json',
    ]);
  });
});

describe('serverless.js and its CommonJS modules', () => {
  const root = path.join(FIXTURES, 'commonjs');

  it('reads module.exports, require() of modules and JSON, a computed key, and a change made to the config on a line of its own', () => {
    const { model, findings } = load(root, 'serverless.js');
    expect(findings).toEqual([]);
    const [stack] = model.stacks;
    expect(stack!.functions.map((f) => [f.logicalId, f.timeout, f.handler?.sourceFile])).toEqual([
      ['restock', 15, path.join(root, 'functions/restock-handler.js')],
      ['audit', 15, path.join(root, 'functions/audit.js')],
    ]);
    expect(stack!.triggers.map((t) => [t.kind, t.source, t.batchSize])).toEqual([['DynamoDB', 'StockTable', 50]]);
    expect(stack!.resources.map((r) => r.logicalId)).toEqual(['StockTable']);
  });

  it.each([
    ['serverless.cjs', "module.exports = { service: 'a', provider: { name: 'aws' }, functions: { hello: { handler: 'src/hello.handler' } } };\n"],
    ['serverless.mjs', "const hello = { handler: 'src/hello.handler' };\nexport default { service: 'a', provider: { name: 'aws' }, functions: { hello } };\n"],
    ['serverless.ts', "const config = { service: 'a', provider: { name: 'aws' }, functions: { hello: { handler: 'src/hello.handler' } } };\nexport = config;\n"],
  ])('%s is read the same way', (name, text) => {
    const root = project({ [name]: text, 'src/hello.js': 'exports.handler = async () => 1;\n' });
    const { model, findings } = load(root, name);
    expect(findings).toEqual([]);
    expect(model.stacks[0]!.functions.map((f) => [f.logicalId, f.handler?.sourceFile])).toEqual([['hello', path.join(root, 'src/hello.js')]]);
  });
});

describe('expressions of known values', () => {
  it('are evaluated: arithmetic, conditions, template keys, string length, spreads of conditional objects', () => {
    const text = [
      "const stage = 'prod';",
      'export default {',
      "  service: 'x',",
      "  provider: { name: 'aws', stage, timeout: 15 * 60 },",
      "  functions: { ...(stage === 'prod' ? { p: { handler: 'h.p', memorySize: 2 * 1024 } } : {}) },",
      "  custom: { [`${stage}Key`]: stage.length, list: ['a', ...['b']], n: -1, s: 'a' + 1, fallback: undefined ?? 'dflt' },",
      '};',
    ].join('\n');
    const root = project({ 'serverless.ts': text });
    const result = readServerlessTs(path.join(root, 'serverless.ts'), text, root);
    expect(result.ok && result.unread).toEqual([]);
    expect(result.ok && result.template.value).toEqual({
      service: 'x',
      provider: { name: 'aws', stage: 'prod', timeout: 900 },
      functions: { p: { handler: 'h.p', memorySize: 2048 } },
      custom: { prodKey: 4, list: ['a', 'b'], n: -1, s: 'a1', fallback: 'dflt' },
    });
  });
});

describe('parts that cannot be read statically', () => {
  it('are left out, each named where its expression is, and the rest of the config is read', () => {
    const root = project({
      'serverless.ts': [
        "import { makeFunction } from './lib/make';",
        "import worker from './fns/worker';",
        "const base = { handler: 'src/a.handler' };",
        'export default {',
        "  service: 'parts',",
        "  provider: { name: 'aws', stage: process.env.STAGE, timeout: 10 },",
        '  functions: {',
        '    a: base,',
        "    b: makeFunction('b'),",
        '    c: { ...base, handler: `${process.env.ROOT}/c.handler`, memorySize: 256 },',
        '    worker,',
        '  },',
        '};',
      ].join('\n'),
      'lib/make.ts': 'export const makeFunction = (name: string) => ({ handler: `src/${name}.handler` });\n',
      'fns/worker.ts': "export default {\n  handler: 'src/worker.handler',\n  timeout: Number(process.env.WORKER_TIMEOUT),\n};\n",
      'src/a.ts': 'export const handler = async () => 1;\n',
      'src/worker.ts': 'export const handler = async () => 1;\n',
    });
    const { model, findings } = load(root, 'serverless.ts');
    expect(model.stacks[0]!.functions.map((f) => [f.logicalId, f.handler?.value, f.timeout, f.memorySize])).toEqual([
      ['a', 'src/a.handler', 10, undefined],
      ['c', undefined, 10, 256],
      ['worker', 'src/worker.handler', 10, undefined],
    ]);
    expect(findings.map((f) => [f.file, f.line, f.ruleId, f.message])).toEqual([
      ['fns/worker.ts', 3, 'sls/config-not-static', '`functions.worker.timeout` of serverless.ts is left out: `Number(process.env.WORKER_TIMEOUT)` is a call. sls-lint never runs configuration code.'],
      ['serverless.ts', 6, 'sls/config-not-static', '`provider.stage` of serverless.ts is left out: `process.env.STAGE` is read from the running process. sls-lint never runs configuration code.'],
      ['serverless.ts', 9, 'sls/config-not-static', "`functions.b` of serverless.ts is left out: `makeFunction('b')` is a call. sls-lint never runs configuration code."],
      ['serverless.ts', 10, 'sls/config-not-static', '`functions.c.handler` of serverless.ts is left out: `process.env.ROOT` is read from the running process. sls-lint never runs configuration code.'],
    ]);
  });

  it('say why an import was not followed, and a change to the config that only running it would tell', () => {
    const root = project({
      'serverless.js': [
        "const { hello } = require('functions-from-a-package');",
        "const config = { service: 'x', provider: { name: 'aws' }, functions: { hello, other: { handler: 'src/other.handler' } } };",
        "if (process.env.EXTRA) config.functions.extra = { handler: 'src/extra.handler' };",
        'module.exports = config;',
      ].join('\n'),
      'src/other.js': 'exports.handler = async () => 1;\n',
    });
    const { model, findings } = load(root, 'serverless.js');
    expect(model.stacks[0]!.functions.map((f) => f.logicalId)).toEqual(['other']);
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [1, "`functions.hello` of serverless.js is left out: `require('functions-from-a-package')` is not followed: 'functions-from-a-package' is a package (or an alias no tsconfig.json maps to a project file). sls-lint never runs configuration code."],
      [3, "A part of serverless.js is left out: `config.functions.extra = { handler: 'src/extra.handler' }` changes `config` in a way only running the code would tell. sls-lint never runs configuration code."],
    ]);
  });

  it('a config whose functions come out empty always says so, at its functions key', () => {
    const root = project({
      'serverless.ts': "import functions from '@acme/functions';\n\nexport default {\n  service: 'x',\n  provider: { name: 'aws' },\n  functions,\n};\n",
    });
    const { model, findings } = load(root, 'serverless.ts');
    expect(model.stacks[0]!.functions).toEqual([]);
    expect(findings.map((f) => [f.line, f.ruleId, f.message])).toEqual([
      [6, 'sls/config-not-static', "`functions` of serverless.ts is left out: `functions` is imported, but '@acme/functions' is a package (or an alias no tsconfig.json maps to a project file). sls-lint never runs configuration code."],
      [6, 'sls/config-not-static', '`functions` of serverless.ts came out empty: 1 of its parts could not be read statically (see the other warnings), so no function of this service is checked.'],
    ]);
  });

  it('functions written as {} are empty on purpose: no warning', () => {
    const root = project({ 'serverless.ts': "export default { service: 'x', provider: { name: 'aws' }, functions: {} };\n" });
    expect(load(root, 'serverless.ts').findings).toEqual([]);
  });
});

describe('bounds: a hostile config cannot loop or blow up', () => {
  it('modules that import each other, and barrels that re-export each other, end with a note', () => {
    const root = project({
      'serverless.ts': "import { a } from './a';\nimport { ghost } from './barrel-a';\nexport default { service: 'x', provider: { name: 'aws' }, custom: { a, ghost } };\n",
      'a.ts': "import { b } from './b';\nexport const a = { b };\n",
      'b.ts': "import { a } from './a';\nexport const b = { a };\n",
      'barrel-a.ts': "export * from './barrel-b';\n",
      'barrel-b.ts': "export * from './barrel-a';\n",
    });
    const { findings } = load(root, 'serverless.ts');
    expect(findings.map((f) => [f.file, f.message])).toEqual([
      ['b.ts', '`custom.a.b.a` of serverless.ts is left out: `a` refers to itself. sls-lint never runs configuration code.'],
      ['serverless.ts', '`custom.ghost` of serverless.ts is left out: barrel-a.ts has no export `ghost`. sls-lint never runs configuration code.'],
    ]);
  });

  it('barrels that each re-export the next two are looked through once per module', () => {
    const files: Record<string, string> = { 'm40.ts': 'export const last = 1;\n', 'm41.ts': 'export const other = 2;\n' };
    for (let i = 0; i < 40; i++) files[`m${i}.ts`] = `export * from './m${i + 1}';\nexport * from './m${i + 2}';\n`;
    files['serverless.ts'] = "import * as all from './m0';\nimport { nowhere } from './m0';\nexport default { service: 'x', provider: { name: 'aws' }, custom: { all, nowhere } };\n";
    const root = project(files);
    const started = performance.now();
    const result = readServerlessTs(path.join(root, 'serverless.ts'), files['serverless.ts'], root);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.ok && result.template.value).toMatchObject({ custom: { all: { last: 1, other: 2 } } });
    expect(result.ok && result.unread.map((n) => n.message)).toEqual([
      '`custom.nowhere` of serverless.ts is left out: m0.ts has no export `nowhere`. sls-lint never runs configuration code.',
    ]);
  });

  it('constants that double at each step stop at the bound, as one note, in bounded time', () => {
    const lines = ["const v0 = 'xxxxxxxxxxxxxxxx';"];
    for (let i = 1; i <= 40; i++) lines.push(`const v${i} = [v${i - 1}, v${i - 1}];`);
    lines.push("export default { service: 'x', provider: { name: 'aws' }, functions: { a: { handler: 'a.handler' } }, custom: v40 };");
    const root = project({ 'serverless.ts': lines.join('\n') });
    const started = performance.now();
    const { model, findings } = load(root, 'serverless.ts');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(model.stacks[0]!.functions.map((f) => f.logicalId)).toEqual(['a']);
    expect(findings.filter((f) => f.ruleId === 'sls/config-not-static').map((f) => f.message)).toEqual([
      expect.stringMatching(/and what follows it are left out: the configuration expands to more than 500000 values/),
    ]);
  });

  it('a module that is a symlink leading outside the project is not read', () => {
    const outer = project({ 'secret.ts': "export default { handler: 'stolen.handler' };\n" });
    const root = path.join(outer, 'app');
    writeProject({ 'serverless.ts': "import fn from './fn';\nexport default { service: 'x', provider: { name: 'aws' }, functions: { fn } };\n" }, root);
    symlinkSync(path.join(outer, 'secret.ts'), path.join(root, 'fn.ts'));
    const { model, findings } = load(root, 'serverless.ts');
    expect(model.stacks[0]!.functions).toEqual([]);
    expect(findings.map((f) => f.message)).toEqual([
      "`functions.fn` of serverless.ts is left out: `fn` is imported, but './fn' leads outside the project. sls-lint never runs configuration code.",
      '`functions` of serverless.ts came out empty: 1 of its parts could not be read statically (see the other warnings), so no function of this service is checked.',
    ]);
  });

  it('a tsconfig that extends one outside the project is not read, nor are its aliases used', () => {
    const outer = project({ 'shared/tsconfig.json': '{ "compilerOptions": { "baseUrl": "..", "paths": { "@x/*": ["app/*"] } } }' });
    const root = path.join(outer, 'app');
    writeProject({
      'tsconfig.json': '{ "extends": "../shared/tsconfig.json" }',
      'fn.ts': "export default { handler: 'fn.handler' };\n",
      'serverless.ts': "import fn from '@x/fn';\nexport default { service: 'x', provider: { name: 'aws' }, functions: { fn } };\n",
    }, root);
    const result = readServerlessTs(path.join(root, 'serverless.ts'), readFileSync(path.join(root, 'serverless.ts'), 'utf8'), root);
    expect(result.ok && result.template.value).toEqual({ service: 'x', provider: { name: 'aws' }, functions: {} });
    expect(result.files).toEqual([path.join(root, 'tsconfig.json')]);
  });
});
