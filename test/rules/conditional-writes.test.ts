import rule from '../../rules/conditional-writes.js';
import { httpApiEvent, samFunction, samResource, samTemplate, sqsEvent } from '../helpers/sam-template.js';
import { at, code, commonjs, createProjectRuleTester, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

/** `source` with `from` (which must occur exactly once) replaced by `to`: a suggestion's expected output. */
function edit(source: string, from: string, to: string): string {
  const at = source.indexOf(from);
  if (at === -1 || source.indexOf(from, at + 1) !== -1) throw new Error(`expected exactly one ${JSON.stringify(from)} in the test source`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

const v3Doc = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, PutCommand, UpdateCommand, DeleteCommand, BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';",
  'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
];

// Sources of the invalid cases, kept apart so suggestion outputs can be derived from them.
const v3PutNoCondition = code(
  ...v3Doc,
  'export const handler = async (event: { detail: { orderId: string; total: number } }) => {',
  '  await ddb.send(new PutCommand({',
  '    TableName: process.env.TABLE,',
  "    Item: { pk: `ORDER#${event.detail.orderId}`, sk: 'META', total: event.detail.total },",
  '  }));',
  '};',
);
/** The command is built into a variable, logged, then sent: the write is the send (line 10). */
const v3PutSentLater = code(
  ...v3Doc,
  'export const handler = async (event: { detail: { orderId: string } }) => {',
  '  const put = new PutCommand({',
  '    TableName: process.env.TABLE,',
  "    Item: { pk: `ORDER#${event.detail.orderId}`, sk: 'META' },",
  '  });',
  "  console.info('saving', event.detail.orderId);",
  '  await ddb.send(put);',
  '};',
);
const v2PutCjs = code(
  "const AWS = require('aws-sdk');",
  'const docClient = new AWS.DynamoDB.DocumentClient();',
  'exports.handler = async (event) => {',
  '  const body = JSON.parse(event.body);',
  '  await docClient.put({ TableName: process.env.TABLE, Item: { id: body.id, name: body.name } }).promise();',
  '  return { statusCode: 201 };',
  '};',
);
const v3ParamsConst = code(
  ...v3Doc,
  'const params = {',
  '  TableName: process.env.TABLE,',
  "  Item: { customerId: 'c-1', email: 'a@example.com' },",
  '};',
  'export const handler = async () => ddb.send(new PutCommand(params));',
);
const v3FreshId = code(
  "import { randomUUID } from 'node:crypto';",
  ...v3Doc,
  'export const handler = async (event) => {',
  '  await ddb.send(new PutCommand({ TableName: process.env.TABLE, Item: { id: randomUUID(), payload: event.body } }));',
  '};',
);
const transact = code(
  ...v3Doc,
  'export const handler = async (event) => {',
  '  await ddb.send(new TransactWriteCommand({',
  '    TransactItems: [',
  "      { Put: { TableName: 'orders', Item: { pk: event.id, status: 'PAID' } } },",
  '      {',
  '        Update: {',
  "          TableName: 'customers',",
  '          Key: { pk: event.customerId },',
  "          UpdateExpression: 'SET orderCount = orderCount + :one',",
  "          ConditionExpression: 'attribute_exists(pk)',",
  '          ExpressionAttributeValues: { ":one": 1 },',
  '        },',
  '      },',
  '    ],',
  '  }));',
  '};',
);

const v2UpdateAdd = code(
  "'use strict';",
  "const DynamoDB = require('aws-sdk/clients/dynamodb');",
  'const db = new DynamoDB.DocumentClient();',
  'exports.handler = async (event) => {',
  '  for (const record of event.Records) {',
  '    await db.update({',
  '      TableName: process.env.TABLE,',
  "      Key: { pk: 'page#' + record.dynamodb.Keys.pk.S },",
  "      UpdateExpression: 'ADD #views :one',",
  "      ExpressionAttributeNames: { '#views': 'views' },",
  "      ExpressionAttributeValues: { ':one': 1 },",
  '    }).promise();',
  '  }',
  '};',
);
const v3ListAppendAttributeExists = code(
  ...v3Doc,
  'export async function handler(event: { id: string; entry: string }): Promise<void> {',
  '  const expression = `SET history = list_append(history, :entry)`;',
  '  await ddb.send(new UpdateCommand({',
  "    TableName: 'orders',",
  '    Key: { pk: event.id },',
  '    UpdateExpression: expression,',
  "    ConditionExpression: 'attribute_exists(pk)',",
  "    ExpressionAttributeValues: { ':entry': [event.entry] },",
  '  }));',
  '}',
);
const v3AggregatedLowLevel = code(
  "import { DynamoDB } from '@aws-sdk/client-dynamodb';",
  'const dynamodb = new DynamoDB({});',
  'export const handler = async (event) => {',
  "  await dynamodb.updateItem({ TableName: 'orders', Key: { pk: { S: event.id } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'SHIPPED' } } });",
  "  await dynamodb.deleteItem({ TableName: 'carts', Key: { pk: { S: event.cartId } } });",
  '};',
);
const v2BatchWrite = code(
  "import AWS from 'aws-sdk';",
  'const db = new AWS.DynamoDB.DocumentClient();',
  'export const handler = async (event) => {',
  '  const items = event.Records.map((r) => ({ PutRequest: { Item: JSON.parse(r.body) } }));',
  '  await db.batchWrite({ RequestItems: { [process.env.TABLE]: items } }).promise();',
  '};',
);
const guardsElsewhere = code(
  "import { makeIdempotent } from '@aws-lambda-powertools/idempotency';",
  ...v3Doc,
  'const charge = makeIdempotent(async (payment) => payment, { persistenceStore });',
  'export const handler = async (event) => {',
  '  await charge(event.payment);',
  "  await ddb.send(new PutCommand({ TableName: 'receipts', Item: { pk: event.paymentId, sk: 'RECEIPT' } }));",
  '};',
);
const onlyInHandlers = code(
  ...v3Doc,
  "export const lambdaHandler = async (event) => ddb.send(new DeleteCommand({ TableName: 'sessions', Key: { pk: event.sessionId } }));",
);

ruleTester.run('conditional-writes', rule, {
  valid: [
    {
      name: 'v3 document client Put with attribute_not_exists',
      filename: 'handler.ts',
      code: code(
        ...v3Doc,
        'export const handler = async (event: { id: string }): Promise<void> => {',
        "  await ddb.send(new PutCommand({ TableName: 'orders', Item: { pk: event.id }, ConditionExpression: 'attribute_not_exists(pk)' }));",
        '};',
      ),
    },
    {
      name: 'v2 DocumentClient put and delete with conditions, CommonJS',
      filename: 'handler.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'const db = new AWS.DynamoDB.DocumentClient();',
        'exports.handler = async (event) => {',
        "  await db.put({ TableName: 'orders', Item: { id: event.id }, ConditionExpression: 'attribute_not_exists(id)' }).promise();",
        "  await db.delete({ TableName: 'carts', Key: { id: event.cartId }, ConditionExpression: 'attribute_exists(id)' }).promise();",
        '};',
      ),
    },
    {
      name: 'v3 low-level PutItem with a condition, reads are never reported',
      code: code(
        "import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';",
        'const client = new DynamoDBClient({});',
        'export const handler = async (event) => {',
        "  const found = await client.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: event.id } } }));",
        "  if (!found.Item) await client.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: event.id } }, ConditionExpression: 'attribute_not_exists(pk)' }));",
        '};',
      ),
    },
    {
      name: 'Powertools makeIdempotent wraps the handler',
      filename: 'handler.ts',
      code: code(
        "import { makeIdempotent } from '@aws-lambda-powertools/idempotency';",
        "import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';",
        ...v3Doc,
        "const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });",
        'export const handler = makeIdempotent(async (event: { id: string }) => {',
        "  await ddb.send(new PutCommand({ TableName: 'orders', Item: { pk: event.id } }));",
        '}, { persistenceStore });',
      ),
    },
    {
      name: 'makeIdempotent wraps a record processor; the same-file helper it calls is guarded too',
      code: code(
        "import { makeIdempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';",
        ...v3Doc,
        'async function saveOrder(order) {',
        "  await ddb.send(new UpdateCommand({ TableName: 'stats', Key: { pk: 'orders' }, UpdateExpression: 'ADD total :n', ExpressionAttributeValues: { ':n': order.total } }));",
        '}',
        'const processRecord = async (record) => saveOrder(JSON.parse(record.body));',
        'const processIdempotently = makeIdempotent(processRecord, { persistenceStore, config: new IdempotencyConfig({}) });',
        'export const handler = async (event) => {',
        '  for (const record of event.Records) await processIdempotently(record);',
        '};',
      ),
    },
    {
      name: 'Powertools @idempotent decorator on a class handler (TypeScript)',
      filename: 'handler.ts',
      code: code(
        "import { idempotent } from '@aws-lambda-powertools/idempotency';",
        "import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';",
        ...v3Doc,
        'class Lambda implements LambdaInterface {',
        '  @idempotent({ persistenceStore })',
        '  public async handler(event: { id: string }): Promise<void> {',
        "    await ddb.send(new BatchWriteCommand({ RequestItems: { orders: [{ PutRequest: { Item: { pk: event.id } } }] } }));",
        '  }',
        '}',
        'const lambda = new Lambda();',
        'export const handler = lambda.handler.bind(lambda);',
      ),
    },
    {
      name: 'middy with the Powertools idempotency middleware',
      code: code(
        "import middy from '@middy/core';",
        "import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';",
        ...v3Doc,
        'const lambdaHandler = async (event) => {',
        "  await ddb.send(new PutCommand({ TableName: 'orders', Item: { pk: event.id } }));",
        '};',
        'export const handler = middy(lambdaHandler).use(makeHandlerIdempotent({ persistenceStore }));',
      ),
    },
    {
      name: 'middy().use(...).handler(fn) chain',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: code(
        "const middy = require('@middy/core');",
        "const { makeHandlerIdempotent } = require('@aws-lambda-powertools/idempotency/middleware');",
        "const AWS = require('aws-sdk');",
        'const db = new AWS.DynamoDB.DocumentClient();',
        'module.exports.handler = middy()',
        '  .use(makeHandlerIdempotent({ persistenceStore }))',
        "  .handler(async (event) => { await db.put({ TableName: 'orders', Item: { id: event.id } }).promise(); });",
      ),
    },
    {
      name: 'a team guard named in the guards option',
      options: [{ guards: ['withIdempotency'] }],
      code: code(
        "import { withIdempotency } from './idempotency.js';",
        ...v3Doc,
        "export const handler = withIdempotency(async (event) => ddb.send(new DeleteCommand({ TableName: 'carts', Key: { pk: event.id } })));",
      ),
    },
    {
      name: 'an increment whose condition compares a version attribute',
      code: code(
        ...v3Doc,
        'export const handler = async (event) => ddb.send(new UpdateCommand({',
        "  TableName: 'accounts',",
        '  Key: { pk: event.accountId },',
        "  UpdateExpression: 'SET balance = balance + :amount, #v = :next',",
        "  ConditionExpression: '#v = :expected',",
        "  ExpressionAttributeNames: { '#v': 'version' },",
        "  ExpressionAttributeValues: { ':amount': event.amount, ':next': event.version + 1, ':expected': event.version },",
        '}));',
      ),
    },
    {
      name: 'an increment guarded by a processed-IDs set',
      code: code(
        ...v3Doc,
        'export const handler = async (event) => ddb.send(new UpdateCommand({',
        "  TableName: 'stats', Key: { pk: 'daily' },",
        "  UpdateExpression: 'ADD views :one, processed :ids',",
        "  ConditionExpression: 'NOT contains(processed, :id)',",
        "  ExpressionAttributeValues: { ':one': 1, ':ids': new Set([event.id]), ':id': event.id },",
        '}));',
      ),
    },
    {
      name: 'a status transition: the condition compares the attribute the update changes',
      code: code(
        ...v3Doc,
        'export const handler = async (event) => ddb.send(new UpdateCommand({',
        "  TableName: 'orders', Key: { pk: event.id },",
        "  UpdateExpression: 'SET #status = :paid, paidTotal = paidTotal + :amount',",
        "  ConditionExpression: '#status = :pending',",
        "  ExpressionAttributeNames: { '#status': 'status' },",
        "  ExpressionAttributeValues: { ':paid': 'PAID', ':pending': 'PENDING', ':amount': event.amount },",
        '}));',
      ),
    },
    {
      name: 'ADD of a set is idempotent: attribute_exists is enough',
      code: code(
        ...v3Doc,
        "export const handler = async (event) => ddb.send(new UpdateCommand({ TableName: 't', Key: { pk: event.id }, UpdateExpression: 'ADD tags :t', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':t': new Set([event.tag]) } }));",
      ),
    },
    {
      name: 'a transaction whose idempotency-record Put makes a replay fail',
      code: code(
        ...v3Doc,
        'export const handler = async (event) => ddb.send(new TransactWriteCommand({',
        '  TransactItems: [',
        "    { Put: { TableName: 'processed', Item: { pk: event.id }, ConditionExpression: 'attribute_not_exists(pk)' } },",
        "    { Update: { TableName: 'stats', Key: { pk: 'total' }, UpdateExpression: 'ADD orders :one', ExpressionAttributeValues: { ':one': 1 } } },",
        '  ],',
        '}));',
      ),
    },
    {
      name: 'parameters the rule cannot read are not judged',
      code: code(
        ...v3Doc,
        'export const save = (params) => ddb.send(new PutCommand(params));',
        "export const merge = (extra) => ddb.send(new PutCommand({ TableName: 'orders', Item: { pk: 'x' }, ...extra }));",
        'export const transact = (params) => ddb.send(new TransactWriteCommand(params));',
      ),
    },
    {
      name: 'onlyInHandlers: a module without a handler export is not checked',
      options: [{ onlyInHandlers: true }],
      code: code(
        ...v3Doc,
        "export const saveOrder = (order) => ddb.send(new PutCommand({ TableName: 'orders', Item: { pk: order.id } }));",
      ),
    },
    {
      name: 'a local object with a put method is not the SDK',
      code: code(
        'const cache = { put: (params) => params };',
        "export const handler = async (event) => cache.put({ TableName: 'orders', Item: { id: event.id } });",
      ),
    },
  ],
  invalid: [
    {
      name: 'v3 document client Put without a condition: suggests attribute_not_exists(pk)',
      filename: 'handler.ts',
      code: v3PutNoCondition,
      errors: [
        {
          messageId: 'unconditionalWrite',
          data: { operation: 'Put' },
          line: 5,
          column: 18,
          endLine: 8,
          endColumn: 5,
          suggestions: [
            {
              messageId: 'suggestCondition',
              data: { key: 'pk' },
              output: edit(v3PutNoCondition, "total: event.detail.total },", "total: event.detail.total }, ConditionExpression: 'attribute_not_exists(pk)',"),
            },
          ],
        },
      ],
    },
    {
      name: 'a command built into a variable and sent later: reported at the send, the suggestion edits the command',
      filename: 'handler.ts',
      code: v3PutSentLater,
      errors: [
        {
          messageId: 'unconditionalWrite',
          data: { operation: 'Put' },
          line: 10,
          column: 9,
          endLine: 10,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'suggestCondition',
              data: { key: 'pk' },
              output: edit(v3PutSentLater, "sk: 'META' },", "sk: 'META' }, ConditionExpression: 'attribute_not_exists(pk)',"),
            },
          ],
        },
      ],
    },
    {
      name: 'v2 DocumentClient put, CommonJS: suggests attribute_not_exists(id)',
      filename: 'handler.js',
      languageOptions: commonjs,
      code: v2PutCjs,
      errors: [
        {
          messageId: 'unconditionalWrite',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 96,
          suggestions: [
            {
              messageId: 'suggestCondition',
              data: { key: 'id' },
              output: edit(v2PutCjs, 'name: body.name } }', "name: body.name }, ConditionExpression: 'attribute_not_exists(id)' }"),
            },
          ],
        },
      ],
    },
    {
      name: 'params in a const: the only ...Id attribute is the key, and the suggestion edits the const',
      code: v3ParamsConst,
      errors: [
        {
          messageId: 'unconditionalWrite',
          line: 8,
          column: 45,
          endLine: 8,
          endColumn: 67,
          suggestions: [
            {
              messageId: 'suggestCondition',
              data: { key: 'customerId' },
              output: edit(v3ParamsConst, "email: 'a@example.com' },", "email: 'a@example.com' }, ConditionExpression: 'attribute_not_exists(customerId)',"),
            },
          ],
        },
      ],
    },
    {
      name: 'a Put keyed by a fresh UUID gets no suggestion: attribute_not_exists would never fail',
      code: v3FreshId,
      errors: [{ messageId: 'unconditionalWrite', line: 6, column: 18, endLine: 6, endColumn: 115, suggestions: [] }],
    },
    {
      name: 'v2 update with ADD and no condition, CommonJS per-service require',
      filename: 'handler.js',
      languageOptions: commonjs,
      code: v2UpdateAdd,
      errors: [{ messageId: 'unguardedIncrement', data: { operation: 'Update' }, line: 6, column: 11, endLine: 12, endColumn: 7, suggestions: [] }],
    },
    {
      name: 'list_append with only attribute_exists: a replay appends twice (TypeScript)',
      filename: 'handler.ts',
      code: v3ListAppendAttributeExists,
      errors: [{ messageId: 'unguardedIncrement', line: 6, column: 18, endLine: 12, endColumn: 5, suggestions: [] }],
    },
    {
      name: 'a TransactWrite: each unguarded item is reported on its key',
      code: transact,
      errors: [
        {
          messageId: 'unconditionalWrite',
          data: { operation: 'TransactWrite Put' },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 12,
          suggestions: [
            {
              messageId: 'suggestCondition',
              data: { key: 'pk' },
              output: edit(transact, "status: 'PAID' } }", "status: 'PAID' }, ConditionExpression: 'attribute_not_exists(pk)' }"),
            },
          ],
        },
        { messageId: 'unguardedIncrement', data: { operation: 'TransactWrite Update' }, line: 9, column: 9, endLine: 9, endColumn: 15, suggestions: [] },
      ],
    },
    {
      name: 'v3 aggregated low-level client: UpdateItem and DeleteItem without conditions',
      code: v3AggregatedLowLevel,
      errors: [
        { messageId: 'unconditionalWrite', data: { operation: 'UpdateItem' }, line: 4, column: 9, endLine: 4, endColumn: 217, suggestions: [] },
        { messageId: 'unconditionalWrite', data: { operation: 'DeleteItem' }, line: 5, column: 9, endLine: 5, endColumn: 86, suggestions: [] },
      ],
    },
    {
      name: 'v2 batchWrite cannot carry conditions',
      code: v2BatchWrite,
      errors: [{ messageId: 'unguardedBatchWrite', data: { operation: 'BatchWrite' }, line: 5, column: 9, endLine: 5, endColumn: 72, suggestions: [] }],
    },
    {
      name: 'v3 BatchWriteCommand',
      filename: 'handler.ts',
      code: code(
        ...v3Doc,
        'export const handler = async (event: { ids: string[] }) => {',
        "  await ddb.send(new BatchWriteCommand({ RequestItems: { orders: event.ids.map((id) => ({ DeleteRequest: { Key: { pk: id } } })) } }));",
        '};',
      ),
      errors: [{ messageId: 'unguardedBatchWrite', line: 5, column: 18, endLine: 5, endColumn: 134, suggestions: [] }],
    },
    {
      name: 'makeIdempotent around another function does not guard the handler; an exact partition key wins over ...Id',
      code: guardsElsewhere,
      errors: [
        {
          messageId: 'unconditionalWrite',
          line: 8,
          column: 18,
          endLine: 8,
          endColumn: 105,
          suggestions: [
            {
              messageId: 'suggestCondition',
              data: { key: 'pk' },
              output: edit(guardsElsewhere, "sk: 'RECEIPT' } }", "sk: 'RECEIPT' }, ConditionExpression: 'attribute_not_exists(pk)' }"),
            },
          ],
        },
      ],
    },
    {
      name: 'onlyInHandlers: a module exporting a handler named in settings is checked',
      options: [{ onlyInHandlers: true }],
      settings: { sls: { handlerNames: ['lambdaHandler'] } },
      code: onlyInHandlers,
      errors: [{ messageId: 'unconditionalWrite', data: { operation: 'Delete' }, line: 4, column: 56, endLine: 4, endColumn: 130, suggestions: [] }],
    },
  ],
});

// Project mode: a queue worker and an API function, each with its own repository module.
const project = createProjectRuleTester(samTemplate({
  Worker: samFunction({ handler: 'src/worker.handler', environment: { TABLE: '!Ref Orders' }, events: { Jobs: sqsEvent('Jobs', 'BatchSize: 1') } }),
  Api: samFunction({ handler: 'src/api.handler', environment: { TABLE: '!Ref Orders' }, events: { Post: httpApiEvent('post', '/orders') } }),
  Jobs: samResource('AWS::SQS::Queue'),
  Orders: samResource('AWS::DynamoDB::Table'),
}), {
  'src/worker.ts': "import { saveOrder } from './queued-orders.js';\nexport const handler = async (event) => saveOrder(JSON.parse(event.Records[0].body));\n",
  'src/api.ts': "import { saveOrder } from './api-orders.js';\nexport const handler = async (event) => saveOrder(JSON.parse(event.body));\n",
  // Each case's code stands in for one of these.
  'src/queued-orders.ts': '// the case under test\n',
  'src/api-orders.ts': '// the case under test\n',
});

/** The same write, in whichever module a case puts it. */
const saveOrder = code(
  ...v3Doc,
  'export async function saveOrder(order: { id: string; total: number }) {',
  '  await ddb.send(new PutCommand({ TableName: process.env.TABLE, Item: { pk: order.id, total: order.total } }));',
  '}',
);
const saveOrderWrite = "new PutCommand({ TableName: process.env.TABLE, Item: { pk: order.id, total: order.total } })";
const withCondition = edit(saveOrder, 'total: order.total } }', "total: order.total }, ConditionExpression: 'attribute_not_exists(pk)' }");

project.ruleTester.run('conditional-writes (project mode)', rule, {
  valid: [
    {
      name: 'a write only an API function reaches: a request is not redelivered',
      filename: project.file('src/api-orders.ts'),
      code: saveOrder,
    },
    {
      name: 'a conditional write an SQS function reaches',
      filename: project.file('src/queued-orders.ts'),
      code: withCondition,
    },
  ],
  invalid: [
    {
      name: 'a write an SQS-triggered function reaches, named with the function, its trigger and the chain',
      filename: project.file('src/queued-orders.ts'),
      code: saveOrder,
      errors: [
        {
          messageId: 'unconditionalWriteReached',
          data: {
            operation: 'Put', target: ' on Orders', function: 'Worker', source: 'SQS Jobs',
            chain: 'handler (src/worker.ts:2) → saveOrder (src/queued-orders.ts:4)',
          },
          ...at(saveOrder, saveOrderWrite),
          suggestions: [{ messageId: 'suggestCondition', data: { key: 'pk' }, output: withCondition }],
        },
      ],
    },
    {
      name: 'without the join (settings.sls.project: false) the write an API function reaches is reported as in single-file mode',
      filename: project.file('src/api-orders.ts'),
      code: saveOrder,
      settings: { sls: { project: false } },
      errors: [
        {
          messageId: 'unconditionalWrite',
          ...at(saveOrder, saveOrderWrite),
          suggestions: [{ messageId: 'suggestCondition', data: { key: 'pk' }, output: withCondition }],
        },
      ],
    },
  ],
});

// Project mode: a shared helper writes to the table its caller names.
const sharedHelperProject = createProjectRuleTester(samTemplate({
  Worker: samFunction({ handler: 'src/worker.handler', environment: { TABLE: '!Ref Orders' }, events: { Jobs: sqsEvent('Jobs', 'BatchSize: 1') } }),
  Jobs: samResource('AWS::SQS::Queue'),
  Orders: samResource('AWS::DynamoDB::Table'),
}), {
  'src/worker.ts': "import { putItem } from './lib/items.js';\nexport const handler = async (event) => putItem(process.env.TABLE, JSON.parse(event.Records[0].body));\n",
  'src/lib/items.ts': '// the case under test\n',
});
const putItem = code(
  ...v3Doc,
  'export const putItem = (tableName: string | undefined, item: { pk: string }) => ddb.send(new PutCommand({ TableName: tableName, Item: item }));',
);

sharedHelperProject.ruleTester.run('conditional-writes (project mode): a shared helper given its table', rule, {
  valid: [],
  invalid: [{
    name: 'the table is the one the caller on the path passes',
    filename: sharedHelperProject.file('src/lib/items.ts'),
    code: putItem,
    errors: [{
      messageId: 'unconditionalWriteReached',
      data: { operation: 'Put', target: ' on Orders', function: 'Worker', source: 'SQS Jobs', chain: 'handler (src/worker.ts:2) → putItem (src/lib/items.ts:4)' },
      ...at(putItem, 'new PutCommand({ TableName: tableName, Item: item })'),
      suggestions: [],
    }],
  }],
});

// Writes through a project module that wraps the client: the call site names the operation.
const dispatchedPut = code(
  "import * as db from '../lib/db';",
  "import { TABLES } from '../lib/config';",
  'export async function handler(event) {',
  '  const { customerId, name } = event.detail;',
  "  await db.call('put', { TableName: TABLES.customers, Item: { customerId, name, createdAt: Date.now() } });",
  '}',
);
const dispatchedPutCall = "db.call('put', { TableName: TABLES.customers, Item: { customerId, name, createdAt: Date.now() } })";
const forwardedWrites = code(
  "const dynamo = require('./lib/dynamo');",
  'exports.handler = async (event) => {',
  '  for (const record of event.Records) {',
  "    await dynamo.update({ TableName: process.env.TABLE, Key: { pk: record.body }, UpdateExpression: 'ADD visits :one', ExpressionAttributeValues: { ':one': 1 } });",
  '  }',
  "  await dynamo.execute('batchWrite', { TableName: process.env.TABLE, RequestItems: {} });",
  '};',
);
const unreadTransaction = code(
  ...v3Doc,
  'export const handler = async (event) => {',
  '  const items = await buildItems(event);',
  '  await ddb.send(new TransactWriteCommand({ TransactItems: items }));',
  '};',
);
const spreadTransaction = code(
  ...v3Doc,
  'export const handler = async (event) => {',
  '  await ddb.send(new TransactWriteCommand({',
  "    TransactItems: [...event.extraItems, { Put: { TableName: 'audit', Item: { pk: event.id } } }],",
  '  }));',
  '};',
);

ruleTester.run('conditional-writes: writes through wrapper modules, transactions the rule cannot read', rule, {
  valid: [
    {
      name: 'a wrapper call with a condition',
      code: code(
        "import db from './lib/dynamodb';",
        "export const handler = async (event) => db.put({ TableName: 'orders', Item: { pk: event.id }, ConditionExpression: 'attribute_not_exists(pk)' });",
      ),
    },
    {
      name: 'a project module call that names an operation but passes no DynamoDB parameters',
      code: code(
        "import * as cache from './lib/cache';",
        "export const handler = async (event) => cache.call('put', event.key, { ttl: 60 });",
      ),
    },
    {
      name: 'a package that is not a wrapper of ours',
      code: code(
        "import { call } from 'rpc-client';",
        "export const handler = async (event) => call('put', { TableName: 'orders', Item: { pk: event.id } });",
      ),
    },
    {
      name: 'a transaction built with map, each item guarded',
      code: code(
        ...v3Doc,
        'export const handler = async (event) => ddb.send(new TransactWriteCommand({',
        "  TransactItems: event.orders.map((order) => ({ Put: { TableName: 'orders', Item: order, ConditionExpression: 'attribute_not_exists(pk)' } })),",
        '}));',
      ),
    },
    {
      name: 'a transaction whose readable ConditionCheck stops a replay, beside items it cannot read',
      code: code(
        ...v3Doc,
        'export const handler = async (event) => ddb.send(new TransactWriteCommand({',
        "  TransactItems: [...event.items, { ConditionCheck: { TableName: 'processed', Key: { pk: event.id }, ConditionExpression: 'attribute_not_exists(pk)' } }],",
        '}));',
      ),
    },
  ],
  invalid: [
    {
      name: "a Put named by the call to a wrapper that runs docClient[action](params)",
      code: dispatchedPut,
      errors: [
        {
          messageId: 'unconditionalWrite',
          data: { operation: 'Put' },
          ...at(dispatchedPut, dispatchedPutCall),
          suggestions: [
            {
              messageId: 'suggestCondition',
              data: { key: 'customerId' },
              output: edit(dispatchedPut, 'createdAt: Date.now() } }', "createdAt: Date.now() }, ConditionExpression: 'attribute_not_exists(customerId)' }"),
            },
          ],
        },
      ],
    },
    {
      name: "an increment through a wrapper's update method, and a batch write named by the call (CommonJS)",
      languageOptions: commonjs,
      code: forwardedWrites,
      errors: [
        { messageId: 'unguardedIncrement', data: { operation: 'Update' }, line: 4, suggestions: [] },
        { messageId: 'unguardedBatchWrite', data: { operation: 'BatchWrite' }, ...at(forwardedWrites, "dynamo.execute('batchWrite', { TableName: process.env.TABLE, RequestItems: {} })"), suggestions: [] },
      ],
    },
    {
      name: 'a transaction whose items the rule cannot read is judged unconditional, not guarded',
      code: unreadTransaction,
      errors: [
        { messageId: 'unconditionalWrite', data: { operation: 'TransactWrite' }, ...at(unreadTransaction, 'new TransactWriteCommand({ TransactItems: items })'), suggestions: [] },
      ],
    },
    {
      name: 'items the rule cannot read do not guard the ones it can',
      code: spreadTransaction,
      errors: [
        {
          messageId: 'unconditionalWrite',
          data: { operation: 'TransactWrite Put' },
          line: 6,
          column: 44,
          endLine: 6,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'suggestCondition',
              data: { key: 'pk' },
              output: edit(spreadTransaction, 'Item: { pk: event.id } }', "Item: { pk: event.id }, ConditionExpression: 'attribute_not_exists(pk)' }"),
            },
          ],
        },
      ],
    },
  ],
});

// Project mode: an EventBridge-triggered function and an API function write through one wrapper module.
const wrapperProject = createProjectRuleTester(samTemplate({
  OnSignup: samFunction({
    handler: 'src/on-signup.handler',
    events: { Signup: ['          Type: EventBridgeRule', '          Properties:', '            Pattern:', '              source: [accounts]'].join('\n') },
  }),
  Api: samFunction({ handler: 'src/api.handler', events: { Post: httpApiEvent('post', '/customers') } }),
}), {
  'src/lib/db.js': "import AWS from 'aws-sdk';\nconst docClient = new AWS.DynamoDB.DocumentClient();\nexport const call = (action, params) => docClient[action](params).promise();\n",
  'src/lib/config.js': "export const TABLES = { customers: process.env.CUSTOMERS };\n",
  'src/on-signup.js': '// the case under test\n',
  'src/api.js': '// the case under test\n',
});
const onSignup = edit(dispatchedPut, "'../lib/db'", "'./lib/db.js'").replace("'../lib/config'", "'./lib/config.js'");

wrapperProject.ruleTester.run('conditional-writes (project mode): writes through a wrapper module', rule, {
  valid: [
    {
      name: 'the same write behind an API: a request is not redelivered',
      filename: wrapperProject.file('src/api.js'),
      code: onSignup,
    },
  ],
  invalid: [
    {
      name: 'a Put through the wrapper, reached from an EventBridge rule',
      filename: wrapperProject.file('src/on-signup.js'),
      code: onSignup,
      errors: [
        {
          messageId: 'unconditionalWriteReached',
          data: { operation: 'Put', target: '', function: 'OnSignup', source: 'EventBridge', chain: 'handler (src/on-signup.js:3)' },
          ...at(onSignup, dispatchedPutCall),
          suggestions: [{ messageId: 'suggestCondition', data: { key: 'customerId' }, output: edit(onSignup, 'createdAt: Date.now() } }', "createdAt: Date.now() }, ConditionExpression: 'attribute_not_exists(customerId)' }") }],
        },
      ],
    },
  ],
});

// Document mappers write the request themselves: their methods and options say what the parameters would.
const dynamooseWrites = code(
  "import dynamoose from 'dynamoose';",
  "const Visit = dynamoose.model('Visit', { pk: String, count: Number });",
  'export const handler = async (event) => {',
  '  await new Visit({ pk: event.id }).save();',
  "  await Visit.update({ pk: event.page }, { $ADD: { count: 1 } });",
  '  await Visit.create({ pk: event.id }, { overwrite: true });',
  '  await Visit.batchPut(event.items);',
  '};',
);
const electroWrites = code(
  "import { Entity } from 'electrodb';",
  'const Task = new Entity({ model: { entity: "task", version: "1", service: "app" }, attributes: {}, indexes: {} }, { table: process.env.TABLE });',
  'export const handler = async (event) => {',
  '  await Task.put({ taskId: event.id, status: "open" }).go();',
  '  await Task.patch({ taskId: event.id }).add({ views: 1 }).go();',
  '  await Task.delete([{ taskId: event.a }, { taskId: event.b }]).go();',
  '};',
);
const toolboxWrites = code(
  "const { Entity, PutItemCommand, UpdateItemCommand, $add } = require('dynamodb-toolbox');",
  "const Customer = new Entity({ name: 'Customer', attributes: {}, table: CustomersTable });",
  'exports.handler = async (event) => {',
  '  await Customer.put({ id: event.id, name: event.name });',
  '  await Customer.build(UpdateItemCommand).item({ id: event.id, orders: $add(1) }).send();',
  '  await Customer.build(PutItemCommand).item({ id: event.id }).send();',
  '};',
);

ruleTester.run('conditional-writes: dynamoose, ElectroDB and DynamoDB Toolbox', rule, {
  valid: [
    {
      name: 'writes whose library or caller adds a condition',
      code: code(
        "import dynamoose from 'dynamoose';",
        "import { Entity } from 'electrodb';",
        "const Visit = dynamoose.model('Visit', { pk: String });",
        'const Task = new Entity({ model: { entity: "task", version: "1", service: "app" }, attributes: {}, indexes: {} });',
        'export const handler = async (event) => {',
        '  await Visit.create({ pk: event.id });',
        '  await new Visit({ pk: event.id }).save({ overwrite: false });',
        '  await Visit.update({ pk: event.id }, { $ADD: { count: 1 } }, { condition: new dynamoose.Condition("lastEvent").ne(event.id) });',
        '  await Task.create({ taskId: event.id }).go();',
        '  await Task.update({ taskId: event.id }).set({ status: "done" }).where(({ status }, { eq }) => eq(status, "open")).go();',
        '  await Task.remove({ taskId: event.id }).go();',
        '};',
      ),
    },
    {
      name: 'DynamoDB Toolbox with conditions in its options (v0 and v1)',
      languageOptions: commonjs,
      code: code(
        "const { Entity, PutItemCommand } = require('dynamodb-toolbox');",
        "const Customer = new Entity({ name: 'Customer', attributes: {}, table: CustomersTable });",
        'exports.handler = async (event) => {',
        "  await Customer.put({ id: event.id }, { conditions: { attr: 'id', exists: false } });",
        "  await Customer.build(PutItemCommand).item({ id: event.id }).options({ condition: { attr: 'id', exists: false } }).send();",
        '};',
      ),
    },
    {
      name: 'reads through the mappers, and a same-named method of something else',
      code: code(
        "import dynamoose from 'dynamoose';",
        "const Visit = dynamoose.model('Visit', { pk: String });",
        'const store = { put: (item) => item };',
        'export const handler = async (event) => [await Visit.get({ pk: event.id }), store.put({ pk: event.id })];',
      ),
    },
  ],
  invalid: [
    {
      name: 'dynamoose: save overwrites, $ADD counts, create with overwrite: true, batchPut',
      code: dynamooseWrites,
      errors: [
        { messageId: 'unconditionalWrite', data: { operation: 'Put' }, ...at(dynamooseWrites, 'new Visit({ pk: event.id }).save()'), suggestions: [] },
        { messageId: 'unguardedIncrement', data: { operation: 'Update' }, ...at(dynamooseWrites, 'Visit.update({ pk: event.page }, { $ADD: { count: 1 } })'), suggestions: [] },
        { messageId: 'unconditionalWrite', data: { operation: 'Put' }, ...at(dynamooseWrites, 'Visit.create({ pk: event.id }, { overwrite: true })'), suggestions: [] },
        { messageId: 'unguardedBatchWrite', data: { operation: 'BatchWrite' }, ...at(dynamooseWrites, 'Visit.batchPut(event.items)'), suggestions: [] },
      ],
    },
    {
      name: "ElectroDB: put overwrites, patch's existence check does not stop a second add, delete of a list is a batch",
      code: electroWrites,
      errors: [
        { messageId: 'unconditionalWrite', ...at(electroWrites, 'Task.put({ taskId: event.id, status: "open" })'), suggestions: [] },
        { messageId: 'unguardedIncrement', ...at(electroWrites, 'Task.patch({ taskId: event.id })'), suggestions: [] },
        { messageId: 'unguardedBatchWrite', ...at(electroWrites, 'Task.delete([{ taskId: event.a }, { taskId: event.b }])'), suggestions: [] },
      ],
    },
    {
      name: 'DynamoDB Toolbox: v0 put, v1 $add update and put (CommonJS)',
      languageOptions: commonjs,
      code: toolboxWrites,
      errors: [
        { messageId: 'unconditionalWrite', ...at(toolboxWrites, 'Customer.put({ id: event.id, name: event.name })'), suggestions: [] },
        { messageId: 'unguardedIncrement', ...at(toolboxWrites, 'Customer.build(UpdateItemCommand)'), suggestions: [] },
        { messageId: 'unconditionalWrite', ...at(toolboxWrites, 'Customer.build(PutItemCommand)'), suggestions: [] },
      ],
    },
  ],
});

// Clients not spelled `new XClient()`, and transactions whose parameters cannot be read at all.
const documentClientByName = code(
  "import { DocumentClient } from 'aws-sdk/clients/dynamodb';",
  'const db = new DocumentClient();',
  "export const handler = async (event) => db.put({ TableName: process.env.TABLE, Item: { name: event.name } }).promise();",
);
const tracedWrites = code(
  "import AWSXRay from 'aws-xray-sdk-core';",
  "import AWS from 'aws-sdk';",
  "import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';",
  'const v3 = AWSXRay.captureAWSv3Client(new DynamoDBClient({}));',
  'const v2 = AWSXRay.captureAWSClient(new AWS.DynamoDB());',
  'export const handler = async (event) => {',
  "  await v3.send(new PutItemCommand({ TableName: 'orders', Item: { name: { S: event.name } } }));",
  "  await v2.deleteItem({ TableName: 'orders', Key: { pk: { S: event.id } } }).promise();",
  '};',
);
const unreadV2Writes = code(
  "const AWS = require('aws-sdk');",
  'const db = new AWS.DynamoDB.DocumentClient();',
  'exports.handler = async (event) => {',
  '  await db.transactWrite(await buildTransaction(event)).promise();',
  '  await db.transactWrite(event.transaction).promise();',
  '  await db.batchWrite(event.batch).promise();',
  '};',
);
const daznUpdate = code(
  "const DynamoDB = require('@dazn/lambda-powertools-dynamodb-client');",
  'exports.handler = async (event) => {',
  "  await DynamoDB.update({ TableName: process.env.TABLE, Key: { id: event.id }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': event.status } }).promise();",
  '};',
);
const wrappedTransaction = code(
  "import db from './lib/dynamodb';",
  'export const handler = async (event) => db.transactWrite({',
  "  TransactItems: [{ Put: { TableName: 'orders', Item: { name: event.name } } }],",
  '});',
);

ruleTester.run('conditional-writes: clients not spelled new XClient(), parameters that cannot be read', rule, {
  valid: [
    {
      name: 'a wrapper that passes its caller\'s transaction on: judged at the call, not here',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'const db = new AWS.DynamoDB.DocumentClient();',
        'module.exports = { transactWrite: (params) => db.transactWrite(params).promise(), batchGet: (params) => db.batchGet(params).promise() };',
      ),
    },
    {
      name: "DAZN Lambda Powertools' DynamoDB client, with a condition",
      languageOptions: commonjs,
      code: code(
        "const DynamoDB = require('@dazn/lambda-powertools-dynamodb-client');",
        "exports.handler = async (event) => DynamoDB.put({ TableName: process.env.TABLE, Item: { id: event.id }, ConditionExpression: 'attribute_not_exists(id)' }).promise();",
      ),
    },
  ],
  invalid: [
    {
      name: "a v2 DocumentClient imported by name from 'aws-sdk/clients/dynamodb'",
      code: documentClientByName,
      errors: [{ messageId: 'unconditionalWrite', data: { operation: 'Put' }, ...at(documentClientByName, 'db.put({ TableName: process.env.TABLE, Item: { name: event.name } })'), suggestions: [] }],
    },
    {
      name: 'clients under X-Ray: captureAWSv3Client(new DynamoDBClient()) and captureAWSClient(new AWS.DynamoDB())',
      code: tracedWrites,
      errors: [
        { messageId: 'unconditionalWrite', data: { operation: 'PutItem' }, ...at(tracedWrites, "new PutItemCommand({ TableName: 'orders', Item: { name: { S: event.name } } })"), suggestions: [] },
        { messageId: 'unconditionalWrite', data: { operation: 'DeleteItem' }, ...at(tracedWrites, "v2.deleteItem({ TableName: 'orders', Key: { pk: { S: event.id } } })"), suggestions: [] },
      ],
    },
    {
      name: 'a transaction or a batch whose parameters cannot be read at all: unconditional, not guarded (v2)',
      languageOptions: commonjs,
      code: unreadV2Writes,
      errors: [
        { messageId: 'unconditionalWrite', data: { operation: 'TransactWrite' }, ...at(unreadV2Writes, 'db.transactWrite(await buildTransaction(event))'), suggestions: [] },
        { messageId: 'unconditionalWrite', data: { operation: 'TransactWrite' }, ...at(unreadV2Writes, 'db.transactWrite(event.transaction)'), suggestions: [] },
        { messageId: 'unguardedBatchWrite', data: { operation: 'BatchWrite' }, ...at(unreadV2Writes, 'db.batchWrite(event.batch)'), suggestions: [] },
      ],
    },
    {
      name: "DAZN Lambda Powertools' DynamoDB client is a document client: its update is judged",
      languageOptions: commonjs,
      code: daznUpdate,
      errors: [{ messageId: 'unconditionalWrite', data: { operation: 'Update' }, line: 3, column: 9, suggestions: [] }],
    },
    {
      name: 'a transaction passed to a wrapper module is judged at the call, where its items are',
      code: wrappedTransaction,
      errors: [{ messageId: 'unconditionalWrite', data: { operation: 'TransactWrite Put' }, ...at(wrappedTransaction, 'Put'), suggestions: [] }],
    },
  ],
});

// Project mode: a queue worker builds its client from a module that only passes the SDK on.
const reexportProject = createProjectRuleTester(samTemplate({
  Worker: samFunction({ handler: 'src/worker.handler', environment: { TABLE: '!Ref Orders' }, events: { Jobs: sqsEvent('Jobs', 'BatchSize: 1') } }),
  Jobs: samResource('AWS::SQS::Queue'),
  Orders: samResource('AWS::DynamoDB::Table'),
}), {
  'src/lib/aws.js': "const AWSXRay = require('aws-xray-sdk-core');\nmodule.exports = AWSXRay.captureAWS(require('aws-sdk'));\n",
  'src/worker.js': '// the case under test\n',
});
const workerThroughReexport = code(
  "const AWS = require('./lib/aws');",
  'const db = new AWS.DynamoDB.DocumentClient();',
  'async function handler(event) {',
  '  const order = JSON.parse(event.Records[0].body);',
  '  await db.put({ TableName: process.env.TABLE, Item: { name: order.name } }).promise();',
  '}',
  'module.exports = { handler };',
);

reexportProject.ruleTester.run('conditional-writes (project mode): the SDK re-exported by a project module', rule, {
  valid: [
    {
      name: 'the same write with a condition',
      filename: reexportProject.file('src/worker.js'),
      languageOptions: commonjs,
      code: workerThroughReexport.replace('Item: { name: order.name } }', "Item: { name: order.name }, ConditionExpression: 'attribute_not_exists(#n)', ExpressionAttributeNames: { '#n': 'name' } }"),
    },
  ],
  invalid: [
    {
      name: 'a Put on a client of the re-exported (X-Ray captured) SDK, reached from SQS, on the table the template names',
      filename: reexportProject.file('src/worker.js'),
      languageOptions: commonjs,
      code: workerThroughReexport,
      errors: [
        {
          messageId: 'unconditionalWriteReached',
          data: { operation: 'Put', target: ' on Orders', function: 'Worker', source: 'SQS Jobs', chain: 'handler (src/worker.js:3)' },
          ...at(workerThroughReexport, 'db.put({ TableName: process.env.TABLE, Item: { name: order.name } })'),
          suggestions: [],
        },
      ],
    },
  ],
});

// Project mode: a fan-out function builds its invoke requests in an array (a helper per element,
// `map`, `Promise.all`) and invokes each from an iteration callback; the invoked function writes.
const fanOutTemplate = samTemplate({
  Fanout: samFunction({ handler: 'src/fanout.handler', environment: { RESIZER: '!Ref Resizer' } }),
  Resizer: samFunction({ handler: 'src/resizer.handler', environment: { TABLE: '!Ref Thumbnails' } }),
  Thumbnails: samResource('AWS::DynamoDB::Table'),
});
const fanOut = (type: string) => code(
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const client = new LambdaClient({});',
  'function resizeRequest(sku: string, width: number) {',
  `  return { FunctionName: process.env.RESIZER, InvocationType: '${type}', Payload: JSON.stringify({ sku, width }) };`,
  '}',
  'const dispatch = (requests) => Promise.all(requests.map((request) => client.send(new InvokeCommand(request))));',
  'async function requestsFor(skus: string[]) {',
  '  return Promise.all(skus.map(async (sku) => {',
  '    const width = await Promise.resolve(320);',
  '    return resizeRequest(sku, width);',
  '  }));',
  '}',
  'export const handler = async (event: { skus: string[] }) => {',
  '  const requests = await requestsFor(event.skus);',
  '  await dispatch(requests);',
  '};',
);
const resizer = code(
  ...v3Doc,
  'export const handler = async (event: { sku: string; width: number }) => {',
  '  await ddb.send(new PutCommand({',
  '    TableName: process.env.TABLE,',
  '    Item: { sku: event.sku, width: event.width, approved: false },',
  '  }));',
  '};',
);
const fanOutProject = (type: string) => createProjectRuleTester(fanOutTemplate, {
  'src/fanout.ts': fanOut(type),
  'src/resizer.ts': '// the case under test\n',
});
const eventFanOut = fanOutProject('Event');
const syncFanOut = fanOutProject('RequestResponse');

syncFanOut.ruleTester.run('conditional-writes (project mode): a RequestResponse fan-out built in an array', rule, {
  valid: [
    {
      name: 'the invoker waits for each request: nothing redelivers it',
      filename: syncFanOut.file('src/resizer.ts'),
      code: resizer,
    },
  ],
  invalid: [],
});

eventFanOut.ruleTester.run('conditional-writes (project mode): an Event fan-out built in an array', rule, {
  valid: [],
  invalid: [
    {
      name: 'each request an iteration callback invokes is an element the helper built with Event',
      filename: eventFanOut.file('src/resizer.ts'),
      code: resizer,
      errors: [
        {
          messageId: 'unconditionalWriteReached',
          data: { operation: 'Put', target: ' on Thumbnails', function: 'Resizer', source: 'an asynchronous invoke from Fanout', chain: '' },
          line: 5, column: 18, endLine: 8, endColumn: 5,
          suggestions: [],
        },
      ],
    },
  ],
});
