import conditionalWrites from '../../rules/conditional-writes.js';
import noScan from '../../rules/no-scan.js';
import { samFunction, samResource, samTemplate, sqsEvent } from '../helpers/sam-template.js';
import { at, code, commonjs, createProjectRuleTester } from './rule-tester.js';

// Issue 14, clients not spelled new XClient(): a DynamoDB client a project module builds and hands on
// wrapped in an object, destructured, with methods of its own added, through Object.assign, or as a
// subclass. The worker an SQS queue invokes writes and scans through it. conditional-writes and
// no-scan judge every form (no-scan through the project's operations, Analysis.operationsIn). The
// re-exported SDK, X-Ray, DAZN, the mappers and v2 DocumentClient are in the rules' own test files.

const project = createProjectRuleTester(samTemplate({
  Worker: samFunction({ handler: 'src/worker.handler', environment: { TABLE: '!Ref Orders' }, events: { Jobs: sqsEvent('Jobs', 'BatchSize: 1') } }),
  Jobs: samResource('AWS::SQS::Queue'),
  Orders: samResource('AWS::DynamoDB::Table'),
}), {
  'src/worker.js': '// the case under test\n',
  'src/lib/in-object.js': "const AWS = require('aws-sdk');\nmodule.exports = { documentClient: new AWS.DynamoDB.DocumentClient(), table: process.env.TABLE };\n",
  'src/lib/extra-methods.js': [
    "const AWS = require('aws-sdk');",
    'const client = new AWS.DynamoDB.DocumentClient();',
    'client.table = process.env.TABLE;',
    'client.byId = (id) => client.get({ TableName: client.table, Key: { id } }).promise();',
    'module.exports = client;',
    '',
  ].join('\n'),
  'src/lib/assigned.js': "const AWS = require('aws-sdk');\nmodule.exports = Object.assign(new AWS.DynamoDB.DocumentClient(), { table: process.env.TABLE });\n",
  'src/lib/subclass.js': [
    "const { DocumentClient } = require('aws-sdk/clients/dynamodb');",
    'class OrdersClient extends DocumentClient {',
    '  byId(id) { return this.get({ TableName: process.env.TABLE, Key: { id } }).promise(); }',
    '}',
    'module.exports = new OrdersClient();',
    '',
  ].join('\n'),
  'src/lib/client.js': "const AWS = require('aws-sdk');\nmodule.exports = new AWS.DynamoDB.DocumentClient();\n",
});

/** The worker: `binding` is what it requires from `module`, `db` the client, `table` its table. */
const worker = (binding: string, module: string, db: string, write: string) => code(
  `const ${binding} = require('./lib/${module}');`,
  'exports.handler = async (event) => {',
  `  await ${db}.${write}.promise();`,
  '};',
);
const put = (table: string) => `put({ TableName: ${table}, Item: { id: event.id } })`;
const guarded = (table: string) => `put({ TableName: ${table}, Item: { id: event.id }, ConditionExpression: 'attribute_not_exists(id)' })`;
const scan = (table: string) => `scan({ TableName: ${table} })`;
const query = (table: string) => `query({ TableName: ${table}, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': event.id } })`;

const FORMS = [
  ['wrapped in an object (db.documentClient)', 'db', 'in-object', 'db.documentClient', 'db.table'],
  ['destructured from that object', '{ documentClient, table }', 'in-object', 'documentClient', 'table'],
  ['exported with methods of its own added', 'db', 'extra-methods', 'db', 'db.table'],
  ['exported through Object.assign with a table name', 'db', 'assigned', 'db', 'db.table'],
  ['an instance of a subclass with methods of its own', 'db', 'subclass', 'db', "'orders'"],
] as const;

project.ruleTester.run('conditional-writes (issue 14): a client a project module hands on', conditionalWrites, {
  valid: FORMS.map(([how, binding, module, db, table]) => ({
    name: `trap: the guarded Put, client ${how}`,
    filename: project.file('src/worker.js'),
    languageOptions: commonjs,
    code: worker(binding, module, db, guarded(table)),
  })),
  invalid: FORMS.map(([how, binding, module, db, table]) => {
    const source = worker(binding, module, db, put(table));
    return {
      name: `an unconditional Put from an SQS worker, client ${how}`,
      filename: project.file('src/worker.js'),
      languageOptions: commonjs,
      code: source,
      errors: [{ messageId: 'unconditionalWriteReached' as const, ...at(source, `${db}.${put(table)}`), suggestions: [{ messageId: 'suggestCondition' as const, output: source.replace('Item: { id: event.id } }', "Item: { id: event.id }, ConditionExpression: 'attribute_not_exists(id)' }") }] }],
    };
  }),
});

project.ruleTester.run('no-scan (issue 14): a client a project module hands on: traps', noScan, {
  valid: [...FORMS, ['exported as it is built (module.exports = new DocumentClient())', 'db', 'client', 'db', "'orders'"] as const].map(([how, binding, module, db, table]) => ({
    name: `trap: a Query, client ${how}`,
    filename: project.file('src/worker.js'),
    languageOptions: commonjs,
    code: worker(binding, module, db, query(table)),
  })),
  invalid: [],
});

// no-scan in project mode (the editor with the project read here; the CLI in rules/no-scan.test.ts):
// the calls on a client another module of the project built are its SDK calls.
const scanThroughModules = [...FORMS, ['exported as it is built (module.exports = new DocumentClient())', 'db', 'client', 'db', "'orders'"] as const];
for (const [how, binding, module, db, table] of scanThroughModules) {
  const source = worker(binding, module, db, scan(table));
  project.ruleTester.run(`no-scan (issue 14): client ${how}`, noScan, {
    valid: [],
    invalid: [{
      name: `a Scan, client ${how}`,
      filename: project.file('src/worker.js'),
      languageOptions: commonjs,
      code: source,
      errors: [{ messageId: 'scan', ...at(source, `${db}.${scan(table)}`) }],
    }],
  });
}

// Other shapes of the same, and traps: a `scan` that is no DynamoDB client's, from a project module.
const shapes = createProjectRuleTester(samTemplate({
  Worker: samFunction({ handler: 'src/worker.handler', environment: { TABLE: '!Ref Orders' }, events: { Jobs: sqsEvent('Jobs', 'BatchSize: 1') } }),
  Jobs: samResource('AWS::SQS::Queue'),
  Orders: samResource('AWS::DynamoDB::Table'),
}), {
  'src/worker.js': '// the case under test\n',
  'src/lib/in-object.js': "const AWS = require('aws-sdk');\nmodule.exports = { documentClient: new AWS.DynamoDB.DocumentClient(), table: process.env.TABLE };\n",
  'src/lib/client.js': "const AWS = require('aws-sdk');\nmodule.exports = new AWS.DynamoDB.DocumentClient();\n",
  'src/lib/ddb.ts': [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';",
    'export const ddb = DynamoDBDocument.from(new DynamoDBClient({}));',
    '',
  ].join('\n'),
  'src/lib/search.js': [
    'class SearchIndex {',
    "  scan(params) { return fetch(`https://search.example.com/${params.TableName}`).then((r) => r.json()); }",
    '}',
    'module.exports = new SearchIndex();',
    '',
  ].join('\n'),
  'src/lib/repository.js': [
    "const { Repository } = require('./base-repository');",
    'class OrdersRepository extends Repository {}',
    'module.exports = { orders: new OrdersRepository(), cache: Object.assign({}, { scan: async () => [] }) };',
    '',
  ].join('\n'),
  'src/lib/base-repository.js': 'class Repository {\n  async scan(params) { return []; }\n}\nmodule.exports = { Repository };\n',
  // A wrapper: its own client.scan is the finding, in the wrapper, not each caller of its scan method.
  'src/lib/orders-db.js': [
    "const AWS = require('aws-sdk');",
    'const client = new AWS.DynamoDB.DocumentClient();',
    'module.exports = { scan: (params) => client.scan(params).promise() };',
    '',
  ].join('\n'),
});

const throughConstant = code(
  "const db = require('./lib/in-object');",
  'const client = db.documentClient;',
  'exports.handler = async () => client.scan({ TableName: db.table }).promise();',
);
const v3Exported = code(
  "import { ddb } from './lib/ddb';",
  "export const handler = async () => (await ddb.scan({ TableName: 'orders' })).Items;",
);
/** A worker that calls `receiver.scan(...)` on what it requires from `module` as `binding`. */
const scanOn = (binding: string, module: string, receiver: string) => code(
  `const ${binding} = require('./lib/${module}');`,
  `exports.handler = async () => ${receiver}.scan({ TableName: 'orders' });`,
);

shapes.ruleTester.run('no-scan (issue 14): what a project module hands on, other shapes and traps', noScan, {
  valid: [
    {
      name: 'trap: a scan method of a class that is no SDK client (a search index)',
      filename: shapes.file('src/worker.js'),
      languageOptions: commonjs,
      code: scanOn('search', 'search', 'search'),
    },
    {
      name: 'trap: a scan method inherited from a project class that is no SDK client',
      filename: shapes.file('src/worker.js'),
      languageOptions: commonjs,
      code: scanOn('repo', 'repository', 'repo.orders'),
    },
    {
      name: 'trap: Object.assign onto a plain object is no client',
      filename: shapes.file('src/worker.js'),
      languageOptions: commonjs,
      code: scanOn('{ cache }', 'repository', 'cache'),
    },
    {
      name: "trap: a wrapper's own scan method (its client.scan is the finding, in the wrapper)",
      filename: shapes.file('src/worker.js'),
      languageOptions: commonjs,
      code: scanOn('db', 'orders-db', 'db'),
    },
    {
      name: 'trap: without the join, the module is not known to build a client',
      filename: shapes.file('src/worker.js'),
      settings: { sls: { project: false } },
      languageOptions: commonjs,
      code: worker('db', 'client', 'db', scan("'orders'")),
    },
  ],
  invalid: [
    {
      name: 'the client read into a same-file constant (const client = db.documentClient)',
      filename: shapes.file('src/worker.js'),
      languageOptions: commonjs,
      code: throughConstant,
      errors: [{ messageId: 'scan', data: { table: 'the table' }, ...at(throughConstant, 'client.scan({ TableName: db.table })') }],
    },
    {
      name: 'v3: a DynamoDBDocument a TypeScript module exports by name',
      filename: shapes.file('src/worker.ts'),
      code: v3Exported,
      errors: [{ messageId: 'scan', data: { table: "table 'orders'" }, ...at(v3Exported, "ddb.scan({ TableName: 'orders' })") }],
    },
  ],
});
