import rule from '../../rules/no-hardcoded-resource.js';
import { httpApiEvent, samFunction, samTemplate } from '../helpers/sam-template.js';
import { at, code, commonjs, createProjectRuleTester, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

const v3TableName = code(
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
  'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  'export const handler = async (order: { id: string }): Promise<void> => {',
  "  await documents.send(new PutCommand({ TableName: 'orders', Item: order }));",
  '};',
);
const v2QueueUrl = code(
  "const AWS = require('aws-sdk');",
  'const sqs = new AWS.SQS();',
  'exports.handler = async (event) => {',
  '  await sqs',
  "    .sendMessage({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo', MessageBody: event.body })",
  '    .promise();',
  '};',
);
const topicArnConst = code(
  "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
  "const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:order-events';",
  'const sns = new SNSClient({});',
  'export const handler = async (message: string) => {',
  '  await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: message }));',
  "  await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'done' }));",
  '};',
);
const tableConstTwice = code(
  "const { DynamoDB } = require('aws-sdk');",
  'const ddb = new DynamoDB.DocumentClient();',
  "const TABLE = 'orders-prod';",
  'exports.get = (id) => ddb.get({ TableName: TABLE, Key: { id } }).promise();',
  'exports.put = (item) => ddb.put({ TableName: TABLE, Item: item }).promise();',
);
const templateBucket = code(
  "import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';",
  'const s3 = new S3Client({});',
  'export const handler = async (key: string) => s3.send(new GetObjectCommand({ Bucket: `invoices-bucket`, Key: key }));',
);
const putEventsEntries = code(
  "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
  'const events = new EventBridgeClient({});',
  'export const handler = async (detail: object) => {',
  '  await events.send(',
  '    new PutEventsCommand({',
  "      Entries: [{ EventBusName: 'orders-bus', Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify(detail) }],",
  '    }),',
  '  );',
  '};',
);
const transactItems = code(
  "import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';",
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  'const ddb = DynamoDBDocument.from(new DynamoDBClient({}));',
  'export const reserve = async (orderId: string, sku: string) =>',
  '  ddb.transactWrite({',
  '    TransactItems: [',
  "      { Put: { TableName: 'orders', Item: { orderId } } },",
  "      { Update: { TableName: 'stock', Key: { sku }, UpdateExpression: 'SET n = n - :one', ExpressionAttributeValues: { ':one': 1 } } },",
  '    ],',
  '  });',
);
const batchWriteKeys = code(
  "const AWS = require('aws-sdk');",
  'const ddb = new AWS.DynamoDB.DocumentClient();',
  'exports.handler = async (items) => {',
  '  await ddb.batchWrite({ RequestItems: { Orders: items.map((Item) => ({ PutRequest: { Item } })) } }).promise();',
  '};',
);
const sfnAndLambda = code(
  "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const sfn = new SFNClient({});',
  'const lambda = new LambdaClient({});',
  'export const handler = async (input: string) => {',
  "  await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Checkout', input }));",
  "  await lambda.send(new InvokeCommand({ FunctionName: 'audit-writer', InvocationType: 'Event' }));",
  '};',
);
const arnComparison = code(
  'export const handler = async (event) => {',
  '  for (const record of event.Records) {',
  "    if (record.eventSourceARN === 'arn:aws:sqs:us-east-1:123456789012:priority-orders') await handlePriority(record);",
  '  }',
  '};',
  'async function handlePriority(record) { return record; }',
);
const sampleEvent = code(
  "import { handler } from './app.js';",
  'test("handles a record", async () => {',
  "  await handler({ Records: [{ eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders', body: '{}' }] });",
  '});',
);
const legacyQueueUrl = code(
  "const SQS = require('aws-sdk/clients/sqs');",
  "const QUEUE = 'https://queue.amazonaws.com/123456789012/legacy-orders';",
  'const sqs = new SQS();',
  'module.exports.handler = async (event) => sqs.sendMessage({ QueueUrl: QUEUE, MessageBody: event.body }).promise();',
);
const paginatorInput = code(
  "import { DynamoDBClient, paginateQuery } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  'export async function* byCustomer(customerId: string) {',
  "  yield* paginateQuery({ client }, { TableName: 'orders', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: customerId } } });",
  '}',
);

const getQueueUrlV3 = code(
  "import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';",
  'const sqs = new SQSClient({});',
  'export const queueUrl = async () => {',
  "  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'catalog-items' }));",
  '  return QueueUrl;',
  '};',
);
const getQueueUrlV2 = code(
  "const AWS = require('aws-sdk');",
  'const sqs = new AWS.SQS();',
  'exports.handler = async () => {',
  "  const { QueueUrl } = await sqs.getQueueUrl({ QueueName: 'catalog-items' }).promise();",
  '  return QueueUrl;',
  '};',
);
const thumbnailUrl = code(
  'export const thumbnailOf = (key: string): string =>',
  '  `https://photos-thumbnails-dev.s3.amazonaws.com/${key}`;',
);
const regionalBucketUrls = code(
  'export const urls = (key: string) => [',
  '  `https://photos-dev.s3.eu-west-1.amazonaws.com/${key}`,',
  "  'https://s3.eu-west-1.amazonaws.com/photos-archive/index.html',",
  '];',
);

ruleTester.run('no-hardcoded-resource', rule, {
  valid: [
    {
      name: 'an S3 URL built around the bucket name from the environment, and a URL that is not S3',
      filename: 'src/handlers/urls.ts',
      code: code(
        'export const urls = (key: string) => [',
        '  `https://${process.env.BUCKET}.s3.amazonaws.com/${key}`,',
        '  `https://s3.eu-west-1.amazonaws.com/${process.env.BUCKET}/${key}`,',
        '  `https://api.example.com/photos/${key}`,',
        "  'https://jsonplaceholder.typicode.com/todos/1',",
        '];',
      ),
    },
    {
      name: 'the queue name of GetQueueUrl from the environment',
      filename: 'src/handlers/queue.ts',
      code: getQueueUrlV3.replace("QueueName: 'catalog-items'", 'QueueName: process.env.QUEUE_NAME'),
    },
    {
      name: "'default', the account's built-in event bus, exists under that name everywhere",
      filename: 'src/handlers/publish.ts',
      code: putEventsEntries.replace("EventBusName: 'orders-bus'", "EventBusName: 'default'"),
    },
    {
      name: 'v3: the table name comes from the environment',
      filename: 'src/handlers/create.ts',
      code: code(
        "import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';",
        'const client = new DynamoDBClient({});',
        'export const handler = async (id: string) => {',
        "  await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { id: { S: id } } }));",
        '};',
      ),
    },
    {
      name: 'v2 CommonJS: queue URL from the environment, in a same-file const',
      filename: 'src/handlers/enqueue.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'const sqs = new AWS.SQS();',
        'const params = { QueueUrl: process.env.QUEUE_URL };',
        'exports.handler = async (event) => sqs.sendMessage({ ...params, MessageBody: event.body }).promise();',
      ),
    },
    {
      name: 'a template literal with expressions is computed, not hard-coded',
      filename: 'src/handlers/archive.ts',
      code: code(
        "import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';",
        'const s3 = new S3Client({});',
        'export const handler = async (body: string) =>',
        '  s3.send(new PutObjectCommand({ Bucket: `${process.env.STAGE}-archive`, Key: `orders/${Date.now()}.json`, Body: body }));',
      ),
    },
    {
      name: 'names from a config module',
      filename: 'src/handlers/publish.ts',
      code: code(
        "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
        "import { config } from '../config.js';",
        'const sns = new SNSClient({});',
        'export const handler = async (message: string) => sns.send(new PublishCommand({ TopicArn: config.topicArn, Message: message }));',
      ),
    },
    {
      name: 'an authorizer policy with wildcard ARNs names no one resource',
      filename: 'src/handlers/authorizer.js',
      code: code(
        'export const handler = async (event) => ({',
        "  principalId: 'user',",
        "  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:*:*:*' }] },",
        '});',
      ),
    },
    {
      name: 'AWS-owned ARNs and ARN prefixes are not resources of this deployment',
      filename: 'src/lib/arns.ts',
      code: code(
        "export const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';",
        "export const isTopicArn = (value: string) => value.startsWith('arn:aws:sns:');",
        'export const isArn = (value: string) => /^arn:aws:[a-z0-9-]+:/.test(value);',
        "type TopicArn = 'arn:aws:sns:us-east-1:123456789012:orders';",
        "export const describe = (arn: TopicArn) => `Expected an ARN like arn:aws:sns:us-east-1:123456789012:x, got ${arn}`;",
      ),
    },
    {
      name: 'TableName in an object that is not an SDK input',
      filename: 'src/handlers/log.ts',
      code: code(
        "import { logger } from '../lib/logger.js';",
        "export const handler = async () => logger.info({ TableName: 'orders', message: 'started' });",
      ),
    },
    {
      name: 'item attributes that happen to be called Bucket are data',
      filename: 'src/handlers/record-upload.ts',
      code: code(
        "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
        'export const handler = async (key: string) =>',
        "  ddb.send(new PutCommand({ TableName: process.env.UPLOADS_TABLE, Item: { key, Bucket: 'uploads', FunctionName: 'resize' } }));",
      ),
    },
    {
      name: 'a LocalStack queue URL is not an AWS queue URL',
      filename: 'scripts/local.mjs',
      code: "export const LOCAL_QUEUE = 'http://localhost:4566/000000000000/orders';",
    },
    {
      name: 'test files are ignored by default (sample events)',
      filename: 'src/handlers/app.test.ts',
      code: sampleEvent,
    },
    {
      name: 'ignoreFiles can add folders, such as one-off scripts',
      filename: 'scripts/backfill.js',
      languageOptions: commonjs,
      options: [{ ignoreFiles: ['scripts/**'] }],
      code: tableConstTwice,
    },
  ],
  invalid: [
    {
      name: 'v3: the queue of another service named by a literal and looked up with GetQueueUrl',
      filename: 'src/lib/queue.ts',
      code: getQueueUrlV3,
      errors: [{ messageId: 'hardcodedName', data: { key: 'QueueName', value: 'catalog-items' }, ...at(getQueueUrlV3, "'catalog-items'") }],
    },
    {
      name: 'v2: sqs.getQueueUrl with a literal QueueName',
      filename: 'src/handlers/queue.js',
      languageOptions: commonjs,
      code: getQueueUrlV2,
      errors: [{ messageId: 'hardcodedName', data: { key: 'QueueName', value: 'catalog-items' }, ...at(getQueueUrlV2, "'catalog-items'") }],
    },
    {
      name: 'a virtual-hosted S3 URL whose static start names the bucket',
      filename: 'src/handlers/resize.ts',
      code: thumbnailUrl,
      errors: [{ messageId: 'hardcodedBucketUrl', data: { bucket: 'photos-thumbnails-dev' }, ...at(thumbnailUrl, '`https://photos-thumbnails-dev.s3.amazonaws.com/${key}`') }],
    },
    {
      name: 'regional virtual-hosted and path-style S3 URLs',
      filename: 'src/handlers/urls.ts',
      code: regionalBucketUrls,
      errors: [
        { messageId: 'hardcodedBucketUrl', data: { bucket: 'photos-dev' }, ...at(regionalBucketUrls, '`https://photos-dev.s3.eu-west-1.amazonaws.com/${key}`') },
        { messageId: 'hardcodedBucketUrl', data: { bucket: 'photos-archive' }, ...at(regionalBucketUrls, "'https://s3.eu-west-1.amazonaws.com/photos-archive/index.html'") },
      ],
    },
    {
      name: 'v3 TypeScript: TableName literal in a PutCommand',
      filename: 'src/handlers/create-order.ts',
      code: v3TableName,
      errors: [{ messageId: 'hardcodedName', data: { key: 'TableName', value: 'orders' }, ...at(v3TableName, "'orders'") }],
    },
    {
      name: 'v2 CommonJS: SQS queue URL in sendMessage',
      filename: 'src/handlers/enqueue.js',
      languageOptions: commonjs,
      code: v2QueueUrl,
      errors: [
        {
          messageId: 'hardcodedQueueUrl',
          data: { value: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo' },
          ...at(v2QueueUrl, "'https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo'"),
        },
      ],
    },
    {
      name: 'an ARN in a same-file const is reported once, where it is written',
      filename: 'src/handlers/publish.ts',
      code: topicArnConst,
      errors: [{ messageId: 'hardcodedArn', ...at(topicArnConst, "'arn:aws:sns:us-east-1:123456789012:order-events'") }],
    },
    {
      name: 'a table name in a same-file const used by two operations is reported once (v2 DocumentClient)',
      filename: 'src/handlers/orders.cjs',
      languageOptions: commonjs,
      code: tableConstTwice,
      errors: [{ messageId: 'hardcodedName', data: { key: 'TableName', value: 'orders-prod' }, ...at(tableConstTwice, "'orders-prod'") }],
    },
    {
      name: 'a template literal without expressions is a literal',
      filename: 'src/handlers/invoice.ts',
      code: templateBucket,
      errors: [{ messageId: 'hardcodedName', data: { key: 'Bucket', value: 'invoices-bucket' }, ...at(templateBucket, '`invoices-bucket`') }],
    },
    {
      name: 'EventBusName inside PutEvents Entries',
      filename: 'src/handlers/emit.ts',
      code: putEventsEntries,
      errors: [{ messageId: 'hardcodedName', data: { key: 'EventBusName', value: 'orders-bus' }, ...at(putEventsEntries, "'orders-bus'") }],
    },
    {
      name: 'table names inside TransactItems (aggregated document client)',
      filename: 'src/lib/reserve.ts',
      code: transactItems,
      errors: [
        { messageId: 'hardcodedName', data: { key: 'TableName', value: 'orders' }, ...at(transactItems, "'orders'") },
        { messageId: 'hardcodedName', data: { key: 'TableName', value: 'stock' }, ...at(transactItems, "'stock'") },
      ],
    },
    {
      name: 'a BatchWrite RequestItems key names the table',
      filename: 'src/handlers/import.js',
      languageOptions: commonjs,
      code: batchWriteKeys,
      errors: [{ messageId: 'hardcodedName', data: { key: 'RequestItems', value: 'Orders' }, ...at(batchWriteKeys, 'Orders') }],
    },
    {
      name: 'a state machine ARN and a function name',
      filename: 'src/handlers/checkout.ts',
      code: sfnAndLambda,
      errors: [
        { messageId: 'hardcodedArn', ...at(sfnAndLambda, "'arn:aws:states:us-east-1:123456789012:stateMachine:Checkout'") },
        { messageId: 'hardcodedName', data: { key: 'FunctionName', value: 'audit-writer' }, ...at(sfnAndLambda, "'audit-writer'") },
      ],
    },
    {
      name: 'an ARN outside any SDK call',
      filename: 'src/handlers/route.mjs',
      code: arnComparison,
      errors: [{ messageId: 'hardcodedArn', ...at(arnComparison, "'arn:aws:sqs:us-east-1:123456789012:priority-orders'") }],
    },
    {
      name: 'ignoreFiles: [] checks test files too',
      filename: 'src/handlers/app.test.ts',
      options: [{ ignoreFiles: [] }],
      code: sampleEvent,
      errors: [{ messageId: 'hardcodedArn', ...at(sampleEvent, "'arn:aws:sqs:us-east-1:123456789012:orders'") }],
    },
    {
      name: 'the legacy queue.amazonaws.com URL form, v2 per-service client',
      filename: 'src/handlers/legacy.cjs',
      languageOptions: commonjs,
      code: legacyQueueUrl,
      errors: [{ messageId: 'hardcodedQueueUrl', ...at(legacyQueueUrl, "'https://queue.amazonaws.com/123456789012/legacy-orders'") }],
    },
    {
      name: 'the input of a v3 paginator',
      filename: 'src/lib/orders.ts',
      code: paginatorInput,
      errors: [{ messageId: 'hardcodedName', data: { key: 'TableName', value: 'orders' }, ...at(paginatorInput, "'orders'") }],
    },
  ],
});

// Project mode: a name handed to a project function whose SDK call, one or more helpers further
// on (in another module), reads it as the resource name. The name is chosen where it is written.
const helpers = createProjectRuleTester(samTemplate({
  Orders: samFunction({ handler: 'src/orders.handler', environment: { LEDGER_TABLE: '!Ref Ledger' }, events: { Get: httpApiEvent('get', '/orders') } }),
}), {
  'src/shared/store.ts': code(
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';",
    'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    'function fetchOne(table: string, id: string) {',
    '  return documents.send(new GetCommand({ TableName: table, Key: { id } }));',
    '}',
    'export async function loadRecord(table: string, id: string) {',
    '  const found = await fetchOne(table, id);',
    '  return found.Item ?? null;',
    '}',
    'const runQuery = (params: Record<string, unknown>) => documents.send(new QueryCommand(params as never));',
    'export const byOwner = (where: { table: string; owner: string }) =>',
    "  runQuery({ TableName: where.table, KeyConditionExpression: 'owner = :o', ExpressionAttributeValues: { ':o': where.owner } });",
    '',
  ),
  'src/shared/outbox.ts': code(
    "import { GetQueueUrlCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
    'const sqs = new SQSClient({});',
    'const locate = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;',
    'export async function post(name: string, body: string) {',
    '  const QueueUrl = await locate(name);',
    '  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));',
    '}',
    "export const audit = (line: string) => console.log('audit', line);",
    "export { rulesOn } from './rules';",
    '',
  ),
  'src/shared/rules.ts': code(
    "import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';",
    'const events = new EventBridgeClient({});',
    'export const rulesOn = (bus: string) => events.send(new ListRulesCommand({ EventBusName: bus }));',
    '',
  ),
  'src/orders.ts': '// the case under test\n',
});
const literalThroughTwoHelpers = code(
  "import { loadRecord } from './shared/store';",
  'export const handler = async (event: { pathParameters: { id: string } }) => {',
  "  const order = await loadRecord('orders-prod', event.pathParameters.id);",
  '  return { statusCode: 200, body: JSON.stringify(order) };',
  '};',
);
const queueNameConstant = code(
  "import { post } from './shared/outbox';",
  "const OUTBOX = 'billing-outbox';",
  'export const handler = async (event: { body: string }) => {',
  '  await post(OUTBOX, event.body);',
  '  return { statusCode: 202 };',
  '};',
);
const tableInOptions = code(
  "import { byOwner } from './shared/store';",
  'export const handler = async (event: { owner: string }) =>',
  "  ({ statusCode: 200, body: JSON.stringify(await byOwner({ table: 'ledger-dev', owner: event.owner })) });",
);
const busThroughReexport = code(
  "import { rulesOn } from './shared/outbox';",
  "export const handler = async () => ({ statusCode: 200, body: JSON.stringify(await rulesOn('orders-bus')) });",
);

helpers.ruleTester.run('no-hardcoded-resource (project mode): names passed to helpers of other modules', rule, {
  valid: [
    {
      name: 'the same helpers given the name from the environment',
      filename: helpers.file('src/orders.ts'),
      code: code(
        "import { loadRecord, byOwner } from './shared/store';",
        "import { post } from './shared/outbox';",
        'export const handler = async (event: { id: string; owner: string; body: string }) => {',
        "  await post(process.env.OUTBOX_QUEUE ?? '', event.body);",
        "  await byOwner({ table: process.env.LEDGER_TABLE!, owner: 'system' });",
        "  return loadRecord(process.env.LEDGER_TABLE!, 'latest');",
        '};',
      ),
    },
    {
      name: 'the name read from the event, and literals in places that name no resource',
      filename: helpers.file('src/orders.ts'),
      code: code(
        "import { loadRecord } from './shared/store';",
        "import { audit, post } from './shared/outbox';",
        'export const handler = async (event: { table: string; queue: string }) => {',
        "  audit('orders-prod');",
        "  await post(event.queue, 'ping');",
        "  return loadRecord(event.table, 'orders-prod');",
        '};',
      ),
    },
    {
      name: "the account's built-in bus, 'default', handed to a helper",
      filename: helpers.file('src/orders.ts'),
      code: code(
        "import { rulesOn } from './shared/outbox';",
        "export const handler = async () => ({ statusCode: 200, body: JSON.stringify(await rulesOn('default')) });",
      ),
    },
    {
      name: 'without the join, the helpers are not read',
      filename: helpers.file('src/orders.ts'),
      settings: { sls: { project: false } },
      code: literalThroughTwoHelpers,
    },
  ],
  invalid: [
    {
      name: 'a bus of its own, handed to a helper re-exported by another module',
      filename: helpers.file('src/orders.ts'),
      code: busThroughReexport,
      errors: [{ messageId: 'hardcodedName', data: { key: 'EventBusName', value: 'orders-bus' }, ...at(busThroughReexport, "'orders-bus'") }],
    },
    {
      name: 'a literal table name that reaches GetCommand through two functions of another module',
      filename: helpers.file('src/orders.ts'),
      code: literalThroughTwoHelpers,
      errors: [{ messageId: 'hardcodedName', data: { key: 'TableName', value: 'orders-prod' }, ...at(literalThroughTwoHelpers, "'orders-prod'") }],
    },
    {
      name: 'a queue name in a same-file constant, resolved with GetQueueUrl two functions away: reported where it is written',
      filename: helpers.file('src/orders.ts'),
      code: queueNameConstant,
      errors: [{ messageId: 'hardcodedName', data: { key: 'QueueName', value: 'billing-outbox' }, ...at(queueNameConstant, "'billing-outbox'") }],
    },
    {
      name: 'a table name in an options object, handed on inside the whole input of a query',
      filename: helpers.file('src/orders.ts'),
      code: tableInOptions,
      errors: [{ messageId: 'hardcodedName', data: { key: 'TableName', value: 'ledger-dev' }, ...at(tableInOptions, "'ledger-dev'") }],
    },
  ],
});
