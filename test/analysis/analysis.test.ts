import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { ProjectAnalysis } from '../../src/analysis/analysis.js';
import { relativeChain } from '../../src/analysis/call-chain.js';
import { ParseCache } from '../../src/analysis/parse.js';

function analyse(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'sls-analysis-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const { model } = loadModel(root, [path.join(root, 'template.yaml')]);
  const parses = new ParseCache();
  return { root, analysis: new ProjectAnalysis(model, (f) => parses.parseFile(f)) };
}

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: src/worker.handler
      Environment:
        Variables:
          TABLE: !Ref Orders
  Orders:
    Type: AWS::DynamoDB::Table
`;

const REPOSITORY = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from './config.js';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export async function save(item: object) {
  await documents.send(new PutCommand({ TableName: config.table, Item: item }));
}
`;

describe('cross-layer analysis', () => {
  it('follows a handler wrapped in a middy chain, and a frozen config object to its environment variable', () => {
    const { root, analysis } = analyse({
      'template.yaml': TEMPLATE,
      'src/config.ts': 'export const config = Object.freeze({ table: process.env.TABLE ?? "" });\n',
      'src/repository.ts': REPOSITORY,
      'src/worker.ts': [
        "import middy from '@middy/core';",
        "import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';",
        "import { save } from './repository.js';",
        'const lambdaHandler = async (event: { item: object }) => { await save(event.item); };',
        'export const handler = middy(lambdaHandler).use(injectLambdaContext(logger)).use(other());',
        '',
      ].join('\n'),
    });
    const [emission] = analysis.emissions();
    expect(emission?.target).toBe('Orders');
    expect(relativeChain(root, emission!.reach.chain)).toBe('lambdaHandler (src/worker.ts:4) → save (src/repository.ts:5)');
  });

  it('follows default, namespace and CommonJS imports, index re-exports and class instances', () => {
    const { root, analysis } = analyse({
      'template.yaml': TEMPLATE,
      'src/config.ts': 'export const config = { table: process.env.TABLE };\n',
      'src/repository.ts': REPOSITORY,
      'src/store/index.ts': "export * from '../repository.js';\n",
      'src/service.cjs': "const store = require('./store/index.js');\nmodule.exports = { run: async (item) => store.save(item) };\n",
      'src/orders.ts': "import service from './service.cjs';\nexport default class Orders { async place(item: object) { await service.run(item); } }\n",
      'src/worker.ts': "import * as orders from './orders.js';\nimport Orders from './orders.js';\nconst placer = new Orders();\nexport async function handler(event: { item: object }) { void orders; await placer.place(event.item); }\n",
    });
    const [emission] = analysis.emissions();
    expect(emission?.target).toBe('Orders');
    expect(relativeChain(root, emission!.reach.chain)).toBe(
      'handler (src/worker.ts:4) → place (src/orders.ts:2) → run (src/service.cjs:2) → save (src/repository.ts:5)',
    );
  });
});

describe('values through barrels', () => {
  it('follows a class, a config object and an SDK client imported through export * and export { x } from', () => {
    const { root, analysis } = analyse({
      'template.yaml': TEMPLATE,
      'src/settings.ts': 'export const settings = { table: process.env.TABLE };\n',
      'src/lib/client.ts': "import AWS from 'aws-sdk';\nexport const documents = new AWS.DynamoDB.DocumentClient();\n",
      'src/lib/store.ts': [
        "import { documents } from './index.js';",
        "import { settings } from './index.js';",
        'export class Store { async save(item: object) { await documents.put({ TableName: settings.table, Item: item }).promise(); } }',
        '',
      ].join('\n'),
      'src/lib/index.ts': "export * from './client.js';\nexport { Store } from './store.js';\nexport { settings } from '../settings.js';\n",
      'src/worker.ts': "import { Store } from './lib/index.js';\nconst store = new Store();\nexport const handler = async (event: { item: object }) => store.save(event.item);\n",
    });
    const [emission] = analysis.emissions();
    expect([emission?.op.service, emission?.op.operation, emission?.target]).toEqual(['DynamoDBDocument', 'Put', 'Orders']);
    expect(relativeChain(root, emission!.reach.chain)).toBe('handler (src/worker.ts:3) → save (src/lib/store.ts:3)');
  });
});

describe('functions passed as values', () => {
  it('follows a function handed to map or forEach', () => {
    const { root, analysis } = analyse({
      'template.yaml': TEMPLATE,
      'src/config.ts': 'export const config = { table: process.env.TABLE };\n',
      'src/repository.ts': REPOSITORY,
      'src/worker.ts': [
        "import { save } from './repository.js';",
        'async function processRecord(record: { body: string }) { await save(JSON.parse(record.body)); }',
        'export const handler = async (event: { Records: { body: string }[] }) => { await Promise.all(event.Records.map(processRecord)); };',
        '',
      ].join('\n'),
    });
    const [emission] = analysis.emissions();
    expect(relativeChain(root, emission!.reach.chain)).toBe('handler (src/worker.ts:3) → processRecord (src/worker.ts:2) → save (src/repository.ts:5)');
  });
});

describe('bounded memory', () => {
  const saved = process.env['SLS_LINT_SOURCE_BUDGET_MB'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SLS_LINT_SOURCE_BUDGET_MB'];
    else process.env['SLS_LINT_SOURCE_BUDGET_MB'] = saved;
  });

  it('answers from module summaries once the trees are evicted, and parses a module again when a rule needs it', () => {
    // A budget of one byte: the parse cache keeps only the newest tree.
    process.env['SLS_LINT_SOURCE_BUDGET_MB'] = '0.000001';
    const parses = new ParseCache();
    const root = mkdtempSync(path.join(tmpdir(), 'sls-analysis-'));
    const files: Record<string, string> = {
      'template.yaml': TEMPLATE,
      'src/config.ts': 'export const config = { table: process.env.TABLE };\n',
      'src/repository.ts': REPOSITORY,
      'src/worker.ts': [
        "import { save } from './repository.js';",
        'export const handler = async (event: { Records: { body: string }[] }) => {',
        '  const batchItemFailures = [];',
        '  for (const record of event.Records) await save(JSON.parse(record.body));',
        '  return { batchItemFailures };',
        '};',
        '',
      ].join('\n'),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    const { model } = loadModel(root, [path.join(root, 'template.yaml')]);
    const analysis = new ProjectAnalysis(model, (f) => parses.keptOrParse(f));
    expect(analysis.files().map((f) => path.relative(root, f))).toEqual(['src/config.ts', 'src/repository.ts', 'src/worker.ts']);
    expect(parses.keptFiles()).toHaveLength(1);

    const [emission] = analysis.emissions();
    expect(emission?.target).toBe('Orders');
    expect(emission?.op).toMatchObject({ service: 'DynamoDBDocument', operation: 'Put', kind: 'write', source: { env: 'TABLE' } });
    expect(relativeChain(root, emission!.reach.chain)).toBe('handler (src/worker.ts:2) → save (src/repository.ts:5)');

    const worker = path.join(root, 'src/worker.ts');
    const handler = analysis.summaryOf(worker)!.functions[0]!;
    expect(handler).toMatchObject({ name: 'handler', line: 2, batchFailuresAt: { start: { line: 3, column: 8 } }, throwingLoopAt: { start: { line: 4, column: 2 } } });
    // A rule asking for the worker's tree gets it parsed again, with the same positions.
    expect(analysis.moduleIndex(worker)?.functions[0]?.range[0]).toBe(handler.start);
    expect(parses.keptFiles()).toEqual([worker]);
  });
});

describe('a handler file that re-exports its handler', () => {
  const template = (handlers: string[]) => `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
Resources:
${handlers.map((h, i) => `  Fn${i}:\n    Type: AWS::Serverless::Function\n    Properties: { Handler: ${h} }\n`).join('')}`;
  const IMPL = 'export const handler = async (event: unknown) => event;\n';
  const CJS_IMPL = 'exports.handler = async (event) => event;\n';

  it('is defined where the re-exports lead, under the name it has there, and the walk starts at that function', () => {
    const { root, analysis } = analyse({
      'template.yaml': template(['a/index.handler', 'b/index.handler', 'c/index.handler', 'd/index.handler', 'e/index.handler', 'f/index.handler', 'g/index.handler', 'h/index.handler']),
      'a/index.ts': "export { default as handler } from './impl';\n",
      'a/impl.ts': 'export default async function (event: unknown) { return event; }\n',
      'b/index.ts': "export { run as handler } from './impl';\n",
      'b/impl.ts': 'export const run = async (event: unknown) => event;\n',
      'c/index.js': "module.exports = require('./impl');\n",
      'c/impl.js': CJS_IMPL,
      'd/index.js': "exports.handler = require('./impl').handler;\n",
      'd/impl.js': CJS_IMPL,
      'e/index.ts': "export * from './impl';\n",
      'e/impl.ts': IMPL,
      'f/index.ts': "import { handler } from './impl';\n\nexport { handler };\n",
      'f/impl.ts': IMPL,
      'g/index.js': "const impl = require('./impl');\n\nexports.handler = impl.handler;\n",
      'g/impl.js': CJS_IMPL,
      // Defined in the file the template names: nothing to follow.
      'h/index.ts': IMPL,
    });
    const fns = analysis.model.stacks[0]!.functions;
    const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
    expect(fns.map((fn) => analysis.handlerDefinitionOf(fn)).map((d) => `${rel(d!.file)}#${d!.exportName}`)).toEqual([
      'a/impl.ts#default', 'b/impl.ts#run', 'c/impl.js#handler', 'd/impl.js#handler', 'e/impl.ts#handler', 'f/impl.ts#handler', 'g/impl.js#handler', 'h/index.ts#handler',
    ]);
    expect(analysis.handlerNamesDefinedIn(path.join(root, 'a/impl.ts'))).toEqual(['default']);
    expect(analysis.handlerNamesDefinedIn(path.join(root, 'b/impl.ts'))).toEqual(['run']);
    expect(analysis.handlerNamesDefinedIn(path.join(root, 'h/index.ts'))).toEqual([]);
    // The handler itself is reached first, at no depth, in the module that defines it.
    for (const fn of fns) {
      const first = analysis.codeOf(fn).find((code) => code.at !== 'module');
      expect(first && { file: rel(first.file), depth: first.depth }).toEqual({ file: rel(analysis.handlerDefinitionOf(fn)!.file), depth: 0 });
    }
  });
});

describe('modules that only pass a package on', () => {
  it('finds the SDK and client libraries behind project modules, and not behind modules that add something', () => {
    const { root, analysis } = analyse({
      'template.yaml': TEMPLATE,
      'src/lib/aws.js': "const AWS = require('aws-sdk');\nAWS.config.update({ region: 'eu-west-1' });\nmodule.exports = AWS;\n",
      'src/lib/traced.js': "const AWSXRay = require('aws-xray-sdk-core');\nmodule.exports = process.env.LOCAL ? require('aws-sdk') : AWSXRay.captureAWS(require('aws-sdk'));\n",
      'src/lib/chosen.js': "module.exports = process.env.LOCAL ? require('./fake-aws') : require('aws-sdk');\n",
      'src/lib/dynamodb.ts': "export { DynamoDBClient as Client, ScanCommand } from '@aws-sdk/client-dynamodb';\n",
      'src/lib/index.ts': "export * from './dynamodb.js';\nexport * from '@aws-sdk/client-sqs';\nexport * as AWS from 'aws-sdk';\nexport const saveOrder = async () => undefined;\n",
      'src/lib/pg.js': "module.exports = require('pg');\n",
      'src/lib/client.js': "const AWS = require('./aws');\nmodule.exports = new AWS.S3();\n",
      'src/lib/fake-aws.js': 'module.exports = { S3: class {} };\n',
      'src/worker.ts': [
        "import AWS from './lib/aws.js';",
        "import traced from './lib/traced.js';",
        "import chosen from './lib/chosen.js';",
        "import { Client, ScanCommand, SQSClient, saveOrder, AWS as V2 } from './lib/index.js';",
        "import { Pool } from './lib/pg.js';",
        "import s3 from './lib/client.js';",
        'export const handler = async () => [',
        '  new AWS.S3(), new traced.SNS(), new chosen.S3(), new Client({}), new ScanCommand({}), new SQSClient({}), new V2.Lambda(), new Pool(),',
        '  await saveOrder(), s3.getObject({}),',
        '];',
        '',
      ].join('\n'),
    });
    const reexports = analysis.packageReexportsIn(path.join(root, 'src/worker.ts'));
    expect(reexports.map((r) => `${r.local} ← ${r.via}: ${r.source} ${r.imported}`).sort()).toEqual([
      'AWS ← ./lib/aws.js: aws-sdk *',
      'Client ← ./lib/index.js: @aws-sdk/client-dynamodb DynamoDBClient',
      'Pool ← ./lib/pg.js: pg Pool',
      'SQSClient ← ./lib/index.js: @aws-sdk/client-sqs SQSClient',
      'ScanCommand ← ./lib/index.js: @aws-sdk/client-dynamodb ScanCommand',
      'V2 ← ./lib/index.js: aws-sdk *',
      'traced ← ./lib/traced.js: aws-sdk *',
    ]);
    // The summary sees the command of the re-exported SDK, and the call on the client another module built.
    const operations = analysis.summaryOf(path.join(root, 'src/worker.ts'))!.operations;
    expect(operations.map((op) => `${op.service} ${op.operation}`)).toEqual(['DynamoDB Scan', 'S3 GetObject']);
  });
});

/** The chains to the emissions of a project whose worker's environment binds TABLE to Orders. */
function chainsOf(files: Record<string, string>): string[] {
  const { root, analysis } = analyse({ 'template.yaml': TEMPLATE, ...files });
  return analysis.emissions().map((e) => relativeChain(root, e.reach.chain));
}

/** A repository class whose save() writes unconditionally (line 4 in src/repo.ts). */
const REPO_CLASS = [
  "import { PutCommand } from '@aws-sdk/lib-dynamodb';",
  'export class OrderRepository {',
  '  constructor(private readonly client: { send(c: unknown): Promise<unknown> }) {}',
  '  async save(order: object) { await this.client.send(new PutCommand({ TableName: process.env.TABLE, Item: order })); }',
  '}',
  '',
].join('\n');

describe('dependency injection', () => {
  it('follows a dependencies bag built by a factory: arrow properties, shorthand properties, a repository instance', () => {
    const deps = [
      "import { OrderRepository } from './repo.js';",
      'export function createDependencies() {',
      '  const repo = new OrderRepository(client);',
      '  async function archive(order: object) { await repo.save(order); }',
      '  return { saveOrder: (order: object) => repo.save(order), archive, repo };',
      '}',
      '',
    ].join('\n');
    const worker = (call: string) => [
      "import { createDependencies } from './deps.js';",
      'const deps = createDependencies();',
      `export const handler = async (event: { order: object }) => { await ${call}; };`,
      '',
    ].join('\n');
    expect(chainsOf({ 'src/repo.ts': REPO_CLASS, 'src/deps.ts': deps, 'src/worker.ts': worker('deps.saveOrder(event.order)') }))
      .toEqual(['handler (src/worker.ts:3) → saveOrder (src/deps.ts:5) → save (src/repo.ts:4)']);
    expect(chainsOf({ 'src/repo.ts': REPO_CLASS, 'src/deps.ts': deps, 'src/worker.ts': worker('deps.archive(event.order)') }))
      .toEqual(['handler (src/worker.ts:3) → archive (src/deps.ts:4) → save (src/repo.ts:4)']);
    expect(chainsOf({ 'src/repo.ts': REPO_CLASS, 'src/deps.ts': deps, 'src/worker.ts': worker('deps.repo.save(event.order)') }))
      .toEqual(['handler (src/worker.ts:3) → save (src/repo.ts:4)']);
  });

  it('follows a handler factory given the dependencies (JavaScript: no types), and a destructured bag', () => {
    const files = {
      'src/repo.js': "import { PutCommand } from '@aws-sdk/lib-dynamodb';\nexport class OrderRepository {\n  constructor(client) { this.client = client; }\n  async save(order) { await this.client.send(new PutCommand({ TableName: process.env.TABLE, Item: order })); }\n}\n",
      'src/deps.js': "import { OrderRepository } from './repo.js';\nexport const createDependencies = () => ({ repo: new OrderRepository(client) });\n",
      'src/make-handler.js': 'export const makeHandler = (deps) => async (event) => {\n  await deps.repo.save(event.order);\n};\nexport const makeOther = ({ repo }) => async (event) => repo.save(event.order);\n',
    };
    const worker = (factory: string) => `import { createDependencies } from './deps.js';\nimport { ${factory} } from './make-handler.js';\nexport const handler = ${factory}(createDependencies());\n`;
    expect(chainsOf({ ...files, 'src/worker.js': worker('makeHandler') })).toEqual(['makeHandler (src/make-handler.js:1) → save (src/repo.js:4)']);
    expect(chainsOf({ ...files, 'src/worker.js': worker('makeOther') })).toEqual(['makeOther (src/make-handler.js:4) → save (src/repo.js:4)']);
  });

  it('follows constructor injection: a service given a repository by a composition root', () => {
    expect(chainsOf({
      'src/repo.ts': REPO_CLASS,
      'src/service.ts': 'export class OrderService {\n  private readonly repo;\n  constructor(repo) { this.repo = repo; }\n  async place(order: object) { await this.repo.save(order); }\n}\n',
      'src/worker.ts': [
        "import { OrderRepository } from './repo.js';",
        "import { OrderService } from './service.js';",
        'const service = new OrderService(new OrderRepository(client));',
        'export const handler = async (event: { order: object }) => service.place(event.order);',
        '',
      ].join('\n'),
    })).toEqual(['handler (src/worker.ts:4) → place (src/service.ts:4) → save (src/repo.ts:4)']);
  });

  it('follows a handler exported as a method of an instance, bound or not', () => {
    const files = {
      'src/repo.ts': REPO_CLASS,
      'src/app.ts': "import { OrderRepository } from './repo.js';\nexport class App {\n  constructor(private readonly repo: OrderRepository) {}\n  async handle(event: { order: object }) { await this.repo.save.call(this.repo, event.order); }\n}\n",
    };
    const worker = (exported: string) => `import { App } from './app.js';\nimport { OrderRepository } from './repo.js';\nconst app = new App(new OrderRepository(client));\nexport const handler = ${exported};\n`;
    for (const exported of ['app.handle', 'app.handle.bind(app)']) {
      expect(chainsOf({ ...files, 'src/worker.ts': worker(exported) })).toEqual(['handle (src/app.ts:4) → save (src/repo.ts:4)']);
    }
  });

  describe('through a declared type', () => {
    const port = 'export interface Repository { save(order: object): Promise<void>; }\n';
    const service = [
      "import type { Repository } from './port.js';",
      'export class OrderService {',
      '  constructor(private readonly repo: Repository) {}',
      '  async place(order: object) { await this.repo.save(order); }',
      '}',
      '',
    ].join('\n');
    const worker = [
      "import { OrderService } from './service.js';",
      "import { repositoryFor } from './wiring.js';",
      'const service = new OrderService(repositoryFor(process.env.STAGE));',
      'export const handler = async (event: { order: object }) => service.place(event.order);',
      '',
    ].join('\n');
    /** The wiring picks a class at run time: only the declared type tells which. */
    const wiring = (classes: string[]) => [
      ...classes.map((c) => `import { ${c} } from './${c}.js';`),
      "import type { Repository } from './port.js';",
      `export const repositoryFor = (stage?: string): Repository => (stage === 'test' ? new ${classes[0]}() : new ${classes.at(-1)}());`,
      '',
    ].join('\n');
    const implementation = (name: string, heritage: string) => REPO_CLASS.replace('export class OrderRepository {', `import type { Repository } from './port.js';\nexport class ${name} ${heritage} {`);

    it('follows an interface the deployed code implements once', () => {
      expect(chainsOf({
        'src/port.ts': port, 'src/service.ts': service, 'src/worker.ts': worker,
        'src/wiring.ts': wiring(['DynamoRepository']), 'src/DynamoRepository.ts': implementation('DynamoRepository', 'implements Repository'),
      })).toEqual(['handler (src/worker.ts:4) → place (src/service.ts:4) → save (src/DynamoRepository.ts:5)']);
    });

    it('does not choose between two implementations', () => {
      expect(chainsOf({
        'src/port.ts': port, 'src/service.ts': service, 'src/worker.ts': worker,
        'src/wiring.ts': wiring(['MemoryRepository', 'DynamoRepository']),
        'src/MemoryRepository.ts': 'import type { Repository } from "./port.js";\nexport class MemoryRepository implements Repository { async save() {} }\n',
        'src/DynamoRepository.ts': implementation('DynamoRepository', 'implements Repository'),
      })).toEqual([]);
    });

    it('counts only implementations the handlers import: a fake in a test file is not one', () => {
      expect(chainsOf({
        'src/port.ts': port, 'src/service.ts': service, 'src/worker.ts': worker,
        'src/wiring.ts': wiring(['DynamoRepository']), 'src/DynamoRepository.ts': implementation('DynamoRepository', 'implements Repository'),
        'test/fake.ts': 'import type { Repository } from "../src/port.js";\nexport class FakeRepository implements Repository { async save() {} }\n',
      })).toEqual(['handler (src/worker.ts:4) → place (src/service.ts:4) → save (src/DynamoRepository.ts:5)']);
    });

    it('follows an abstract class to its one subclass, through a bag whose type is written inline', () => {
      expect(chainsOf({
        'src/port.ts': 'export abstract class Repository {\n  abstract save(order: object): Promise<void>;\n}\n',
        'src/DynamoRepository.ts': implementation('DynamoRepository', 'extends Repository').replace('import type { Repository }', 'import { Repository }'),
        'src/worker.ts': [
          "import type { Repository } from './port.js';",
          "import { DynamoRepository } from './DynamoRepository.js';",
          'export const makeHandler = (deps: { repo: Repository }) => async (event: { order: object }) => deps.repo.save(event.order);',
          'export const handler = makeHandler(container.resolve());',
          'void DynamoRepository;',
          '',
        ].join('\n'),
      })).toEqual(['makeHandler (src/worker.ts:3) → save (src/DynamoRepository.ts:5)']);
    });

    it('follows a bag typed as what its factory returns (ReturnType<typeof createDependencies>)', () => {
      expect(chainsOf({
        'src/repo.ts': REPO_CLASS,
        'src/deps.ts': "import { OrderRepository } from './repo.js';\nexport const createDependencies = () => ({ repo: new OrderRepository(client) });\nexport type Deps = Readonly<ReturnType<typeof createDependencies>>;\n",
        'src/worker.ts': [
          "import type { Deps } from './deps.js';",
          'export const makeHandler = (deps: Deps) => async (event: { order: object }) => deps.repo.save(event.order);',
          'export const handler = makeHandler(container.resolve());',
          '',
        ].join('\n'),
      })).toEqual(['makeHandler (src/worker.ts:2) → save (src/repo.ts:4)']);
    });

    it('follows a default written for the dependencies, and a class field typed with a concrete class', () => {
      const files = {
        'src/repo.ts': REPO_CLASS,
        'src/deps.ts': "import { OrderRepository } from './repo.js';\nexport const createDependencies = () => ({ repo: new OrderRepository(client) });\n",
        'src/service.ts': "import type { OrderRepository } from './repo.js';\nexport class OrderService {\n  repo!: OrderRepository;\n  async place(order: object) { await this.repo.save(order); }\n}\n",
      };
      const worker = (body: string) => [
        "import { createDependencies } from './deps.js';",
        "import { OrderService } from './service.js';",
        'export const handler = async (event: { order: object }, _context: unknown, deps = createDependencies()) => {',
        `  await ${body};`,
        '};',
        '',
      ].join('\n');
      expect(chainsOf({ ...files, 'src/worker.ts': worker('deps.repo.save(event.order)') })).toEqual(['handler (src/worker.ts:3) → save (src/repo.ts:4)']);
      expect(chainsOf({ ...files, 'src/worker.ts': worker('new OrderService().place(event.order)') }))
        .toEqual(['handler (src/worker.ts:3) → place (src/service.ts:4) → save (src/repo.ts:4)']);
    });
  });
});

describe('values a caller in another module passes', () => {
  const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: src/worker.handler
      Environment:
        Variables:
          TABLE: !Ref Orders
          PRICING: !Ref Pricing
  Pricing:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: src/pricing.handler
  Orders:
    Type: AWS::DynamoDB::Table
`;
  const lib = [
    "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
    "import { PutCommand } from '@aws-sdk/lib-dynamodb';",
    'const lambda = new LambdaClient({});',
    'export const invokeFunction = (functionName: string | undefined, invocationType: string, payload: object) =>',
    '  lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: invocationType, Payload: JSON.stringify(payload) }));',
    'export const invokeWith = (params: { FunctionName?: string; InvocationType?: string }) => lambda.send(new InvokeCommand(params));',
    'export const putItem = (tableName: string | undefined, item: object) => documents.send(new PutCommand({ TableName: tableName, Item: item }));',
    '',
  ].join('\n');

  function emissionsFor(worker: string[]) {
    const { root, analysis } = analyse({
      'template.yaml': template, 'src/lib.ts': lib, 'src/pricing.ts': 'export const handler = async () => 1;\n', 'src/worker.ts': [...worker, ''].join('\n'),
    });
    return analysis.emissions().map((e) => ({ op: e.op.operation, line: e.op.loc.start.line, target: e.target, invocationType: e.invocationType, chain: relativeChain(root, e.reach.chain) }));
  }

  it('reads the name and the invocation type a shared helper is given at the call the walk followed', () => {
    expect(emissionsFor([
      "import { invokeFunction, putItem } from './lib.js';",
      'export const handler = async (event: { id: string }) => {',
      "  await invokeFunction(process.env.PRICING, 'RequestResponse', event);",
      '  await putItem(process.env.TABLE, event);',
      '};',
    ])).toEqual([
      { op: 'Invoke', line: 5, target: 'Pricing', invocationType: 'RequestResponse', chain: 'handler (src/worker.ts:2) → invokeFunction (src/lib.ts:4)' },
      { op: 'Put', line: 7, target: 'Orders', invocationType: undefined, chain: 'handler (src/worker.ts:2) → putItem (src/lib.ts:7)' },
    ]);
  });

  it('reads an input object a caller passes whole, and a value passed on through the caller\'s own parameters', () => {
    expect(emissionsFor([
      "import { invokeWith } from './lib.js';",
      "const later = (name: string | undefined, type: string) => invokeWith({ FunctionName: name, InvocationType: type });",
      "export const handler = async () => later(process.env.PRICING, 'Event');",
    ])).toEqual([
      { op: 'Invoke', line: 6, target: 'Pricing', invocationType: 'Event', chain: 'handler (src/worker.ts:3) → later (src/worker.ts:2) → invokeWith (src/lib.ts:6)' },
    ]);
  });
});
