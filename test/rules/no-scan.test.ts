import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-scan.js';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { httpApiEvent, samFunction, samTemplate } from '../helpers/sam-template.js';
import { writeProject } from '../helpers/temp-project.js';
import { at, code, commonjs, createProjectRuleTester, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

const v3ClientScan = code(
  "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  'export const handler = async () => {',
  "  const { Items } = await client.send(new ScanCommand({ TableName: 'orders' }));",
  '  return Items;',
  '};',
);
const v3DocumentScan = code(
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';",
  'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  'export const handler = async (): Promise<unknown[]> => {',
  '  const result = await documents.send(',
  '    new ScanCommand({',
  '      TableName: process.env.ORDERS_TABLE,',
  "      FilterExpression: '#s = :pending',",
  "      ExpressionAttributeNames: { '#s': 'status' },",
  "      ExpressionAttributeValues: { ':pending': 'PENDING' },",
  '    }),',
  '  );',
  '  return result.Items ?? [];',
  '};',
);
const aggregatedScan = code(
  "import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';",
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  'const ddb = DynamoDBDocument.from(new DynamoDBClient({}));',
  'export const lambdaHandler = async () => (await ddb.scan({ TableName: process.env.TABLE })).Items;',
);
const v2DocumentClientScan = code(
  "'use strict';",
  "const AWS = require('aws-sdk');",
  'const docClient = new AWS.DynamoDB.DocumentClient();',
  'exports.getAllItemsHandler = async () => {',
  '  const data = await docClient.scan({ TableName: process.env.SAMPLE_TABLE }).promise();',
  '  return { statusCode: 200, body: JSON.stringify(data.Items) };',
  '};',
);
const v2LowLevelScan = code(
  "const DynamoDB = require('aws-sdk/clients/dynamodb');",
  'const ddb = new DynamoDB();',
  "const TABLE = 'sessions';",
  'exports.handler = (event, context, callback) => ddb.scan({ TableName: TABLE, Limit: 100 }, callback);',
);
const paginator = code(
  "import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  'export const handler = async () => {',
  '  let count = 0;',
  '  for await (const page of paginateScan({ client }, { TableName: process.env.TABLE })) count += page.Count ?? 0;',
  '  return count;',
  '};',
);
const partiql = code(
  "import { DynamoDBClient, ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  'export const handler = async () =>',
  "  client.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM \"Orders\"' }));",
);
const partiqlTemplate = code(
  "const AWS = require('aws-sdk');",
  'const ddb = new AWS.DynamoDB();',
  'exports.handler = async () => ddb.executeStatement({ Statement: `SELECT * FROM "${process.env.TABLE}"` }).promise();',
);
const xrayScan = code(
  "const AWSXRay = require('aws-xray-sdk-core');",
  "const AWS = AWSXRay.captureAWS(require('aws-sdk'));",
  'const docClient = new AWS.DynamoDB.DocumentClient();',
  'exports.handler = async () => docClient.scan({ TableName: process.env.TABLE }).promise();',
);
const repositoryScan = code(
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';",
  'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  'export class OrdersRepository {',
  '  async listAll() {',
  '    return (await documents.send(new ScanCommand({ TableName: process.env.ORDERS_TABLE }))).Items;',
  '  }',
  '}',
);
const testCleanup = code(
  "import { DynamoDBClient, ScanCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  'afterEach(async () => {',
  '  const { Items = [] } = await client.send(new ScanCommand({ TableName: process.env.TABLE }));',
  '  for (const item of Items) await client.send(new DeleteItemCommand({ TableName: process.env.TABLE, Key: { pk: item.pk! } }));',
  '});',
);
const namespaceScan = code(
  "import * as lib from '@aws-sdk/lib-dynamodb';",
  "import { documents } from '../clients/dynamo.js';",
  'export const handler = async () => documents.send(new lib.ScanCommand({ TableName: process.env.TABLE }));',
);

ruleTester.run('no-scan', rule, {
  valid: [
    {
      name: 'v3 QueryCommand on the key',
      filename: 'src/handlers/orders.ts',
      code: code(
        "import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';",
        'const client = new DynamoDBClient({});',
        'export const handler = async (customerId: string) =>',
        "  client.send(new QueryCommand({ TableName: process.env.TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: customerId } } }));",
      ),
    },
    {
      name: 'v2 DocumentClient query and get (CommonJS)',
      filename: 'src/handlers/orders.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'const docClient = new AWS.DynamoDB.DocumentClient();',
        'exports.handler = async (event) => [',
        "  await docClient.query({ TableName: process.env.TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': event.pk } }).promise(),",
        '  await docClient.get({ TableName: process.env.TABLE, Key: { pk: event.pk } }).promise(),',
        '];',
      ),
    },
    {
      name: 'the aggregated client and paginateQuery',
      filename: 'src/handlers/orders.ts',
      code: code(
        "import { DynamoDBDocument, paginateQuery } from '@aws-sdk/lib-dynamodb';",
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        'const ddb = DynamoDBDocument.from(new DynamoDBClient({}));',
        'export const handler = async (pk: string) => {',
        "  for await (const page of paginateQuery({ client: ddb }, { TableName: process.env.TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })) void page;",
        '};',
      ),
    },
    {
      name: 'ioredis SCAN is not DynamoDB',
      filename: 'src/handlers/keys.ts',
      code: code(
        "import Redis from 'ioredis';",
        'const redis = new Redis(process.env.REDIS_URL!);',
        "export const handler = async () => redis.scan(0, 'MATCH', 'session:*');",
      ),
    },
    {
      name: 'a ScanCommand from a module that is not the SDK',
      filename: 'src/handlers/scanner.mjs',
      code: code(
        "import { ScanCommand } from './virus-scanner.js';",
        "import { scanner } from './clients.js';",
        'export const handler = async (event) => scanner.send(new ScanCommand({ Bucket: event.bucket }));',
      ),
    },
    {
      name: 'a type-only use of the Scan types',
      filename: 'src/lib/types.ts',
      code: code(
        "import type { ScanCommandInput } from '@aws-sdk/lib-dynamodb';",
        'export type Page = ScanCommandInput["ExclusiveStartKey"];',
      ),
    },
    {
      name: 'a PartiQL SELECT with a WHERE clause',
      filename: 'src/handlers/partiql.ts',
      code: code(
        "import { DynamoDBClient, ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';",
        'const client = new DynamoDBClient({});',
        'export const handler = async (pk: string) =>',
        "  client.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM \"Orders\" WHERE pk = ?', Parameters: [{ S: pk }] }));",
      ),
    },
    {
      name: 'a PartiQL template whose WHERE clause follows a run-time table name',
      filename: 'src/handlers/partiql.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'const ddb = new AWS.DynamoDB();',
        'const statement = `SELECT * FROM "${process.env.TABLE}" WHERE pk = ?`;',
        "exports.handler = async (event) => ddb.executeStatement({ Statement: statement, Parameters: [{ S: event.pk }] }).promise();",
      ),
    },
    {
      name: 'test files are ignored by default (table clean-up)',
      filename: 'test/integration/orders.test.ts',
      code: testCleanup,
    },
    {
      name: 'ignoreFiles can add one-off scripts',
      filename: 'scripts/backfill.js',
      languageOptions: commonjs,
      options: [{ ignoreFiles: ['scripts/**'] }],
      code: v2DocumentClientScan,
    },
  ],
  invalid: [
    {
      name: 'v3 client-dynamodb ScanCommand, table named in the message (TypeScript)',
      filename: 'src/handlers/list.ts',
      code: v3ClientScan,
      errors: [{ messageId: 'scan', data: { table: "table 'orders'" }, ...at(v3ClientScan, "new ScanCommand({ TableName: 'orders' })") }],
    },
    {
      name: 'v3 lib-dynamodb ScanCommand with a filter, over several lines',
      filename: 'src/handlers/pending.ts',
      code: v3DocumentScan,
      errors: [
        {
          messageId: 'scan',
          data: { table: 'the table' },
          line: 6,
          column: 5,
          endLine: 11,
          endColumn: 7,
        },
      ],
    },
    {
      name: 'aggregated DynamoDBDocument#scan',
      filename: 'src/handlers/list.ts',
      code: aggregatedScan,
      errors: [{ messageId: 'scan', ...at(aggregatedScan, 'ddb.scan({ TableName: process.env.TABLE })') }],
    },
    {
      name: 'v2 DocumentClient#scan, CommonJS (the SAM getAllItems template)',
      filename: 'src/handlers/get-all-items.js',
      languageOptions: commonjs,
      code: v2DocumentClientScan,
      errors: [{ messageId: 'scan', ...at(v2DocumentClientScan, 'docClient.scan({ TableName: process.env.SAMPLE_TABLE })') }],
    },
    {
      name: 'v2 low-level DynamoDB#scan from the per-service module, table from a const',
      filename: 'src/handlers/sessions.cjs',
      languageOptions: commonjs,
      code: v2LowLevelScan,
      errors: [{ messageId: 'scan', data: { table: "table 'sessions'" }, ...at(v2LowLevelScan, 'ddb.scan({ TableName: TABLE, Limit: 100 }, callback)') }],
    },
    {
      name: 'paginateScan',
      filename: 'src/handlers/count.ts',
      code: paginator,
      errors: [{ messageId: 'scan', ...at(paginator, 'paginateScan({ client }, { TableName: process.env.TABLE })') }],
    },
    {
      name: 'PartiQL SELECT without WHERE',
      filename: 'src/handlers/partiql.ts',
      code: partiql,
      errors: [
        {
          messageId: 'partiqlScan',
          data: { table: "table 'Orders'" },
          ...at(partiql, "new ExecuteStatementCommand({ Statement: 'SELECT * FROM \"Orders\"' })"),
        },
      ],
    },
    {
      name: 'PartiQL SELECT without WHERE from a template with a run-time table name (v2, CommonJS)',
      filename: 'src/handlers/partiql.js',
      languageOptions: commonjs,
      code: partiqlTemplate,
      errors: [
        {
          messageId: 'partiqlScan',
          data: { table: 'the table' },
          ...at(partiqlTemplate, 'ddb.executeStatement({ Statement: `SELECT * FROM "${process.env.TABLE}"` })'),
        },
      ],
    },
    {
      name: "v2 through X-Ray's captureAWS(require('aws-sdk'))",
      filename: 'src/handlers/list.js',
      languageOptions: commonjs,
      code: xrayScan,
      errors: [{ messageId: 'scan', ...at(xrayScan, 'docClient.scan({ TableName: process.env.TABLE })') }],
    },
    {
      name: 'a scan in a repository module is still a scan',
      filename: 'src/repositories/orders.ts',
      code: repositoryScan,
      errors: [{ messageId: 'scan', ...at(repositoryScan, 'new ScanCommand({ TableName: process.env.ORDERS_TABLE })') }],
    },
    {
      name: 'ignoreFiles: [] checks tests too',
      filename: 'test/integration/orders.test.ts',
      options: [{ ignoreFiles: [] }],
      code: testCleanup,
      errors: [{ messageId: 'scan', ...at(testCleanup, 'new ScanCommand({ TableName: process.env.TABLE })') }],
    },
    {
      name: 'a namespace import of lib-dynamodb, with a client from another module',
      filename: 'src/handlers/list.ts',
      code: namespaceScan,
      errors: [{ messageId: 'scan', ...at(namespaceScan, 'new lib.ScanCommand({ TableName: process.env.TABLE })') }],
    },
  ],
});

const dispatchedScan = code(
  "import * as db from '../lib/db';",
  'export const handler = async () => {',
  "  const { Items } = await db.call('scan', { TableName: process.env.BOOKS_TABLE, FilterExpression: 'inStock = :yes', ExpressionAttributeValues: { ':yes': true } });",
  '  return Items;',
  '};',
);

ruleTester.run('no-scan: scans through wrapper modules', rule, {
  valid: [
    {
      name: "a wrapper's own scan method: the wrapper's client.scan is the finding, not each caller",
      code: code(
        "import db from './lib/dynamodb';",
        "export const handler = async () => (await db.scan({ TableName: 'orders' })).Items;",
      ),
    },
    {
      name: 'a query named by the call to a wrapper',
      code: code(
        "import * as db from '../lib/db';",
        "export const handler = async (event) => db.call('query', { TableName: 'orders', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': event.id } });",
      ),
    },
  ],
  invalid: [
    {
      name: 'a scan named by the call to a wrapper that runs docClient[action](params)',
      code: dispatchedScan,
      errors: [{ messageId: 'scan', data: { table: 'the table' }, ...at(dispatchedScan, "db.call('scan', { TableName: process.env.BOOKS_TABLE, FilterExpression: 'inStock = :yes', ExpressionAttributeValues: { ':yes': true } })") }],
    },
  ],
});

const mapperScans = code(
  "import dynamoose from 'dynamoose';",
  "import { Entity } from 'electrodb';",
  "import { Table, ScanCommand } from 'dynamodb-toolbox';",
  "const Cat = dynamoose.model('Cat', { id: Number, name: String });",
  'const Task = new Entity({ model: { entity: "task", version: "1", service: "app" }, attributes: {}, indexes: {} });',
  "const Pets = new Table({ name: 'pets', partitionKey: { name: 'pk', type: 'string' } });",
  'export const handler = async () => [',
  '  await Cat.scan("name").eq("Tom").exec(),',
  '  await Task.scan.where(({ status }, { eq }) => eq(status, "open")).go(),',
  '  await Pets.build(ScanCommand).send(),',
  '];',
);

ruleTester.run('no-scan: dynamoose, ElectroDB and DynamoDB Toolbox', rule, {
  valid: [
    {
      name: 'queries through the mappers',
      code: code(
        "import dynamoose from 'dynamoose';",
        "import { Entity } from 'electrodb';",
        "const Cat = dynamoose.model('Cat', { id: Number, name: String });",
        'const Task = new Entity({ model: { entity: "task", version: "1", service: "app" }, attributes: {}, indexes: {} });',
        'export const handler = async (event) => [await Cat.query("id").eq(event.id).exec(), await Task.query.byOwner({ owner: event.owner }).go()];',
      ),
    },
  ],
  invalid: [
    {
      name: "dynamoose's Model.scan, ElectroDB's entity.scan and Toolbox's ScanCommand",
      code: mapperScans,
      errors: [
        { messageId: 'scan', ...at(mapperScans, 'Cat.scan("name")') },
        { messageId: 'scan', ...at(mapperScans, 'Task.scan.where(({ status }, { eq }) => eq(status, "open"))') },
        { messageId: 'scan', ...at(mapperScans, 'Pets.build(ScanCommand)') },
      ],
    },
  ],
});

// Clients not spelled `new XClient()`: a v2 class imported by name, X-Ray's captures, a DAZN ready-made client.
const documentClientByName = code(
  "const { DocumentClient } = require('aws-sdk/clients/dynamodb');",
  'const db = new DocumentClient();',
  "exports.handler = async () => (await db.scan({ TableName: 'orders' }).promise()).Items;",
);
const tracedScans = code(
  "const AWSXRay = require('aws-xray-sdk-core');",
  "const AWS = AWSXRay.captureAWS(require('aws-sdk'));",
  "const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');",
  'const v3 = AWSXRay.captureAWSv3Client(new DynamoDBClient({}));',
  'const v2 = AWSXRay.captureAWSClient(new AWS.DynamoDB());',
  'const documents = new AWS.DynamoDB.DocumentClient();',
  'exports.handler = async () => [',
  "  await v3.send(new ScanCommand({ TableName: 'a' })),",
  "  await v2.scan({ TableName: 'b' }).promise(),",
  "  await documents.scan({ TableName: 'c' }).promise(),",
  '];',
);
const daznScan = code(
  "const DynamoDB = require('@dazn/lambda-powertools-dynamodb-client');",
  "exports.handler = async () => (await DynamoDB.scan({ TableName: 'audit' }).promise()).Items;",
);
const assignedAndSubclassed = code(
  "const { DocumentClient } = require('aws-sdk/clients/dynamodb');",
  'class OrdersClient extends DocumentClient {',
  '  byId(id) { return this.get({ TableName: process.env.TABLE, Key: { id } }).promise(); }',
  '}',
  'const orders = new OrdersClient();',
  'const db = Object.assign(new DocumentClient(), { table: process.env.TABLE });',
  'exports.handler = async () => [',
  "  await orders.scan({ TableName: 'orders' }).promise(),",
  '  await db.scan({ TableName: db.table }).promise(),',
  '];',
);

ruleTester.run('no-scan: clients not spelled new XClient()', rule, {
  valid: [
    {
      name: 'queries through the same clients',
      languageOptions: commonjs,
      code: code(
        "const { DocumentClient } = require('aws-sdk/clients/dynamodb');",
        "const AWSXRay = require('aws-xray-sdk-core');",
        "const DynamoDB = require('@dazn/lambda-powertools-dynamodb-client');",
        'const db = AWSXRay.captureAWSClient(new DocumentClient());',
        "const byId = (id) => ({ TableName: 'orders', KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': id } });",
        'exports.handler = async (event) => [await db.query(byId(event.id)).promise(), await DynamoDB.query(byId(event.id)).promise()];',
      ),
    },
    {
      name: 'trap: a scan method of a class that extends no SDK client, and of a plain object given properties',
      languageOptions: commonjs,
      code: code(
        'class Index { scan(params) { return []; } }',
        'class OrdersIndex extends Index {}',
        'const cache = Object.assign({}, { scan: () => [] });',
        "exports.handler = async () => [new OrdersIndex().scan({ TableName: 'orders' }), cache.scan({ TableName: 'orders' })];",
      ),
    },
  ],
  invalid: [
    {
      name: "v2 DocumentClient destructured from 'aws-sdk/clients/dynamodb'",
      languageOptions: commonjs,
      code: documentClientByName,
      errors: [{ messageId: 'scan', data: { table: "table 'orders'" }, ...at(documentClientByName, "db.scan({ TableName: 'orders' })") }],
    },
    {
      name: "X-Ray: captureAWSv3Client(new DynamoDBClient()), captureAWSClient(new AWS.DynamoDB()), and a client of captureAWS(require('aws-sdk'))",
      languageOptions: commonjs,
      code: tracedScans,
      errors: [
        { messageId: 'scan', data: { table: "table 'a'" }, ...at(tracedScans, "new ScanCommand({ TableName: 'a' })") },
        { messageId: 'scan', data: { table: "table 'b'" }, ...at(tracedScans, "v2.scan({ TableName: 'b' })") },
        { messageId: 'scan', data: { table: "table 'c'" }, ...at(tracedScans, "documents.scan({ TableName: 'c' })") },
      ],
    },
    {
      name: "DAZN Lambda Powertools' DynamoDB client is a document client",
      languageOptions: commonjs,
      code: daznScan,
      errors: [{ messageId: 'scan', data: { table: "table 'audit'" }, ...at(daznScan, "DynamoDB.scan({ TableName: 'audit' })") }],
    },
    {
      name: 'an instance of a subclass of DocumentClient, and a DocumentClient given properties through Object.assign',
      languageOptions: commonjs,
      code: assignedAndSubclassed,
      errors: [
        { messageId: 'scan', data: { table: "table 'orders'" }, ...at(assignedAndSubclassed, "orders.scan({ TableName: 'orders' })") },
        { messageId: 'scan', data: { table: 'the table' }, ...at(assignedAndSubclassed, 'db.scan({ TableName: db.table })') },
      ],
    },
  ],
});

// Project mode: the SDK passed on by a project module.
const reexports = createProjectRuleTester(samTemplate({
  Reports: samFunction({ handler: 'src/reports.handler', events: { Get: httpApiEvent('get', '/reports') } }),
}), {
  'src/lib/aws.js': "module.exports = require('aws-sdk');\n",
  'src/lib/dynamodb.ts': "export { DynamoDBClient, ScanCommand, QueryCommand } from '@aws-sdk/client-dynamodb';\n",
  'src/reports.js': '// the case under test\n',
});
const v2ThroughReexport = code(
  "const AWS = require('./lib/aws');",
  'const db = new AWS.DynamoDB.DocumentClient();',
  "exports.handler = async () => (await db.scan({ TableName: 'reports' }).promise()).Items;",
);
const v3ThroughReexport = code(
  "import { DynamoDBClient, ScanCommand } from './lib/dynamodb.js';",
  'const client = new DynamoDBClient({});',
  'export const handler = async () => client.send(new ScanCommand({ TableName: process.env.TABLE }));',
);

reexports.ruleTester.run('no-scan (project mode): the SDK re-exported by a project module', rule, {
  valid: [
    {
      name: 'a query through the re-exported commands',
      filename: reexports.file('src/reports.js'),
      code: code(
        "import { DynamoDBClient, QueryCommand } from './lib/dynamodb.js';",
        'const client = new DynamoDBClient({});',
        "export const handler = async (event) => client.send(new QueryCommand({ TableName: process.env.TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: event.id } } }));",
      ),
    },
    {
      name: 'without the join, the module is not known to be the SDK',
      filename: reexports.file('src/reports.js'),
      settings: { sls: { project: false } },
      languageOptions: commonjs,
      code: v2ThroughReexport,
    },
  ],
  invalid: [
    {
      name: "v2: module.exports = require('aws-sdk')",
      filename: reexports.file('src/reports.js'),
      languageOptions: commonjs,
      code: v2ThroughReexport,
      errors: [{ messageId: 'scan', data: { table: "table 'reports'" }, ...at(v2ThroughReexport, "db.scan({ TableName: 'reports' })") }],
    },
    {
      name: "v3: export { ScanCommand } from '@aws-sdk/client-dynamodb'",
      filename: reexports.file('src/reports.js'),
      code: v3ThroughReexport,
      errors: [{ messageId: 'scan', data: { table: 'the table' }, ...at(v3ThroughReexport, 'new ScanCommand({ TableName: process.env.TABLE })') }],
    },
  ],
});

// The CLI (project mode, with the join): a client a project module builds is seen where it is
// used. The editor with the project read is in rules/capabilities-clients.test.ts.
describe('no-scan (CLI): calls on a client another module of the project built', () => {
  const project = (worker: string) => writeProject({
    'template.yaml': samTemplate({ Reports: samFunction({ handler: 'src/reports.handler', events: { Get: httpApiEvent('get', '/reports') } }) }),
    'src/lib/client.js': "const AWS = require('aws-sdk');\nmodule.exports = { documentClient: new AWS.DynamoDB.DocumentClient() };\n",
    'src/lib/search.js': 'module.exports = { scan: async (params) => [] };\n',
    'src/reports.js': worker,
  });
  const findings = async (root: string) =>
    flattenFindings(JSON.parse((await runCli(['--format', 'json'], root)).stdout) as LintResult[], root).filter((f) => f.ruleId === 'sls/no-scan');

  it('reports the Scan on the imported client, and not the scan method of a module that is no client', async () => {
    const worker = code(
      "const db = require('./lib/client');",
      "const search = require('./lib/search');",
      'exports.handler = async () => [',
      "  await search.scan({ TableName: 'reports' }),",
      "  await db.documentClient.scan({ TableName: 'reports' }).promise(),",
      '];',
    );
    expect(await findings(project(worker))).toEqual([{ file: 'src/reports.js', line: 5, column: 9, ruleId: 'sls/no-scan', severity: 1 }]);
  });
});
