import rule from '../../rules/no-unwrapped-sdk.js';
import { httpApiEvent, samFunction, samTemplate } from '../helpers/sam-template.js';
import { at, code, commonjs, createProjectRuleTester, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

const v3Ts = code(
  "import type { APIGatewayProxyEventV2 } from 'aws-lambda';",
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
  '',
  'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  '',
  'export const handler = async (event: APIGatewayProxyEventV2) => {',
  "  await documents.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: JSON.parse(event.body ?? '{}') }));",
  '  return { statusCode: 201 };',
  '};',
);
const v2Cjs = code(
  "'use strict';",
  "const AWS = require('aws-sdk');",
  'const s3 = new AWS.S3();',
  'exports.handler = async (event) => {',
  '  await s3.putObject({ Bucket: process.env.BUCKET, Key: event.key, Body: event.body }).promise();',
  '};',
);
const v2ServiceModule = code(
  "const SQS = require('aws-sdk/clients/sqs');",
  'const sqs = new SQS();',
  'async function handler(event) {',
  '  await sqs.sendMessage({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }).promise();',
  '}',
  'module.exports = { handler };',
);
const sharedClientWithCommands = code(
  "import { ddbDocClient } from '../libs/ddbDocClient.js';",
  "import { PutCommand } from '@aws-sdk/lib-dynamodb';",
  'export const handler = async (event) => {',
  '  await ddbDocClient.send(new PutCommand({ TableName: process.env.TABLE, Item: event }));',
  '};',
);
const typeImportThenValue = code(
  "import type { SQSClient } from '@aws-sdk/client-sqs';",
  "import { SendMessageCommand } from '@aws-sdk/client-sqs';",
  "import { sqs } from './sqs.js';",
  'export const handler = async (event: { body: string }) => {',
  '  await (sqs as SQSClient).send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));',
  '};',
);
const axiosGet = code(
  "import axios from 'axios';",
  'export const lambdaHandler = async (event: { id: string }) => {',
  "  const { data } = await axios.get(`https://api.example.com/orders/${event.id}`, { timeout: 2000 });",
  '  return data;',
  '};',
);
const globalFetch = code(
  "const API = 'https://api.github.com';",
  'export async function handler(event) {',
  '  const response = await fetch(`${API}/repos/${event.repo}`);',
  '  return response.json();',
  '}',
);
const gotConfig = code(
  "const got = require('got');",
  'exports.handler = async (event) => {',
  "  return got({ url: 'https://hooks.slack.com/services/T000/B000/XXXX', method: 'POST', json: event });",
  '};',
);
const middyWrapped = code(
  "import middy from '@middy/core';",
  "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';",
  'const sns = new SNSClient({});',
  'const notify = async (event) => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: event.body }));',
  'export const handler = middy(notify);',
);
const customHandlerName = code(
  "const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');",
  'const secrets = new SecretsManagerClient({});',
  'exports.main = async () => secrets.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID }));',
);
const v3Namespace = code(
  "import * as eventbridge from '@aws-sdk/client-eventbridge';",
  'const bus = new eventbridge.EventBridgeClient({});',
  'export const handler = async (detail: object) => {',
  "  await bus.send(new eventbridge.PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify(detail) }] }));",
  '};',
);
const adapterWithoutWrappers = code(
  "import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';",
  'const s3 = new S3Client({});',
  'export const handler = async (key: string) => s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: key }));',
);
const xrayCaptured = code(
  "const AWSXRay = require('aws-xray-sdk-core');",
  "const AWS = AWSXRay.captureAWS(require('aws-sdk'));",
  'const sns = new AWS.SNS();',
  'exports.handler = async (event) => sns.publish({ TopicArn: process.env.TOPIC_ARN, Message: event.body }).promise();',
);
const nodeHttps = code(
  "const https = require('node:https');",
  "const endpoint = new URL('/v1/charges', 'https://api.payments.example');",
  'exports.handler = (event, context, callback) => {',
  '  https.get(endpoint.href, (res) => callback(null, res.statusCode));',
  '};',
);
const importEquals = code(
  "import AWS = require('aws-sdk');",
  'const ddb = new AWS.DynamoDB.DocumentClient();',
  'export const handler = async (id: string) => ddb.get({ TableName: process.env.TABLE!, Key: { id } }).promise();',
);

ruleTester.run('no-unwrapped-sdk', rule, {
  valid: [
    {
      name: 'the handler reaches DynamoDB through a wrapper module',
      filename: 'src/handlers/process-order.ts',
      code: code(
        "import type { SQSEvent } from 'aws-lambda';",
        "import { saveOrder } from '../lib/orders-table.js';",
        'export const handler = async (event: SQSEvent) => {',
        '  for (const record of event.Records) await saveOrder(JSON.parse(record.body));',
        '};',
      ),
    },
    {
      name: 'a module that is not a handler may use the SDK: it is a wrapper whatever its folder',
      filename: 'src/lib/orders-table.ts',
      code: code(
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
        'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
        'export async function saveOrder(order: { orderId: string }): Promise<void> {',
        '  await documents.send(new PutCommand({ TableName: process.env.ORDERS_TABLE, Item: order }));',
        '}',
      ),
    },
    {
      name: 'a handler module in an adapters/ folder is a wrapper by default',
      filename: 'src/adapters/primary/get-stock.ts',
      code: v3Ts,
    },
    {
      name: 'files named *.repository.* are wrappers by default (CommonJS, v2)',
      filename: 'src/orders.repository.js',
      languageOptions: commonjs,
      code: v2Cjs,
    },
    {
      name: 'a custom wrappers glob',
      filename: 'src/lib/handler.ts',
      options: [{ wrappers: ['src/lib/**'] }],
      code: adapterWithoutWrappers,
    },
    {
      name: 'import type of a client, injected into the handler',
      filename: 'src/handlers/app.ts',
      code: code(
        "import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
        "import { documents } from '../clients/dynamo.js';",
        'export const makeHandler = (client: DynamoDBDocumentClient) => async () => client.config;',
        'export const handler = makeHandler(documents);',
      ),
    },
    {
      name: 'a value import used only as a type is erased by TypeScript',
      filename: 'src/handlers/app.ts',
      code: code(
        "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
        "import { documents } from '../clients/dynamo.js';",
        'export const makeHandler = (client: DynamoDBDocumentClient) => async (): Promise<unknown> => client.config;',
        'export const handler = makeHandler(documents);',
      ),
    },
    {
      name: 'inline type specifiers only',
      filename: 'src/handlers/app.ts',
      code: code(
        "import { type ScanCommandInput, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';",
        "import { scanPage } from '../lib/table.js';",
        'export const handler = async (input: ScanCommandInput): Promise<ScanCommandOutput> => scanPage(input);',
      ),
    },
    {
      name: 'a DynamoDB stream handler that only unmarshalls records (util-dynamodb)',
      filename: 'src/handlers/stream.ts',
      code: code(
        "import type { DynamoDBStreamEvent } from 'aws-lambda';",
        "import type { AttributeValue } from '@aws-sdk/client-dynamodb';",
        "import { unmarshall } from '@aws-sdk/util-dynamodb';",
        "import { publish } from '../lib/bus.js';",
        'export const handler = async (event: DynamoDBStreamEvent) => {',
        '  for (const r of event.Records) await publish(unmarshall(r.dynamodb!.NewImage as Record<string, AttributeValue>));',
        '};',
      ),
    },
    {
      name: 'v2: AWS.DynamoDB.Converter alone builds no client',
      filename: 'src/handlers/stream.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        "const { publish } = require('../lib/bus');",
        'exports.handler = async (event) => {',
        '  for (const r of event.Records) await publish(AWS.DynamoDB.Converter.unmarshall(r.dynamodb.NewImage));',
        '};',
      ),
    },
    {
      name: 'an enum imported from an SDK package is not a client',
      filename: 'src/handlers/app.ts',
      code: code(
        "import { ReturnValue } from '@aws-sdk/client-dynamodb';",
        "import { updateOrder } from '../lib/orders.js';",
        'export const handler = async (id: string) => updateOrder(id, ReturnValue.ALL_NEW);',
      ),
    },
    {
      name: 'the Parameters and Secrets extension on localhost is not a third-party endpoint',
      filename: 'src/handlers/app.mjs',
      code: code(
        'export const handler = async () => {',
        '  const response = await fetch(`http://localhost:2773/secretsmanager/get?secretId=${process.env.SECRET_ID}`, {',
        '    headers: { "X-Aws-Parameters-Secrets-Token": process.env.AWS_SESSION_TOKEN },',
        '  });',
        '  return response.json();',
        '};',
      ),
    },
    {
      name: 'a URL from the environment is configuration, not a literal endpoint',
      filename: 'src/handlers/app.ts',
      code: code(
        "import axios from 'axios';",
        'export const handler = async (event: { id: string }) => axios.get(`${process.env.API_URL}/orders/${event.id}`);',
      ),
    },
    {
      name: 'a fetch passed in as a parameter is not the global fetch',
      filename: 'src/handlers/app.js',
      code: code(
        "export const makeHandler = (fetch) => async () => fetch('https://api.example.com/health');",
        'export const handler = makeHandler(globalThis.fetch);',
      ),
    },
    {
      name: 'no export under the configured handler names: not a handler module',
      filename: 'src/handlers/app.ts',
      settings: { sls: { handlerNames: ['main'] } },
      code: adapterWithoutWrappers,
    },
    {
      name: 'a re-exported handler is linted in the module that defines it',
      filename: 'src/handlers/index.ts',
      code: code(
        "import { S3Client } from '@aws-sdk/client-s3';",
        "export { handler } from './impl.js';",
        'export const client = new S3Client({});',
      ),
    },
  ],
  invalid: [
    {
      name: 'v3 TypeScript ESM: each SDK package imported is reported, type-only imports skipped',
      filename: 'src/handlers/create-order.ts',
      code: v3Ts,
      errors: [
        { messageId: 'directSdk', data: { source: '@aws-sdk/client-dynamodb' }, ...at(v3Ts, "'@aws-sdk/client-dynamodb'") },
        { messageId: 'directSdk', data: { source: '@aws-sdk/lib-dynamodb' }, ...at(v3Ts, "'@aws-sdk/lib-dynamodb'") },
      ],
    },
    {
      name: "v2 CommonJS require('aws-sdk') with new AWS.S3()",
      filename: 'src/handlers/upload.js',
      languageOptions: commonjs,
      code: v2Cjs,
      errors: [{ messageId: 'directSdk', data: { source: 'aws-sdk' }, ...at(v2Cjs, "'aws-sdk'") }],
    },
    {
      name: 'v2 per-service module, module.exports = { handler }',
      filename: 'src/handlers/enqueue.cjs',
      languageOptions: commonjs,
      code: v2ServiceModule,
      errors: [{ messageId: 'directSdk', ...at(v2ServiceModule, "'aws-sdk/clients/sqs'") }],
    },
    {
      name: 'a shared client from a libs module, but commands built in the handler: still the SDK',
      filename: 'src/handlers/put-item.mjs',
      code: sharedClientWithCommands,
      errors: [{ messageId: 'directSdk', ...at(sharedClientWithCommands, "'@aws-sdk/lib-dynamodb'") }],
    },
    {
      name: 'import type does not count; the next value import is reported',
      filename: 'src/handlers/enqueue.ts',
      code: typeImportThenValue,
      errors: [{ messageId: 'directSdk', line: 2, column: 36, endLine: 2, endColumn: 57 }],
    },
    {
      name: 'axios.get with an absolute URL template, lambdaHandler (TypeScript)',
      filename: 'src/handlers/get-order.ts',
      code: axiosGet,
      errors: [
        {
          messageId: 'directHttp',
          data: { host: 'api.example.com', library: 'axios' },
          ...at(axiosGet, 'axios.get(`https://api.example.com/orders/${event.id}`, { timeout: 2000 })'),
        },
      ],
    },
    {
      name: 'global fetch with a base URL from a same-file constant',
      filename: 'src/handlers/repo.js',
      code: globalFetch,
      errors: [{ messageId: 'directHttp', data: { host: 'api.github.com', library: 'fetch' }, ...at(globalFetch, 'fetch(`${API}/repos/${event.repo}`)') }],
    },
    {
      name: 'got with a config object, CommonJS',
      filename: 'src/handlers/notify.cjs',
      languageOptions: commonjs,
      code: gotConfig,
      errors: [
        {
          messageId: 'directHttp',
          data: { host: 'hooks.slack.com', library: 'got' },
          ...at(gotConfig, "got({ url: 'https://hooks.slack.com/services/T000/B000/XXXX', method: 'POST', json: event })"),
        },
      ],
    },
    {
      name: 'a middy-wrapped handler',
      filename: 'src/handlers/notify.ts',
      code: middyWrapped,
      errors: [{ messageId: 'directSdk', ...at(middyWrapped, "'@aws-sdk/client-sns'") }],
    },
    {
      name: 'handler names from settings; a v3 client outside the catalog, destructured require',
      filename: 'src/handlers/secret.js',
      languageOptions: commonjs,
      settings: { sls: { handlerNames: ['main'] } },
      code: customHandlerName,
      errors: [{ messageId: 'directSdk', data: { source: '@aws-sdk/client-secrets-manager' }, ...at(customHandlerName, "'@aws-sdk/client-secrets-manager'") }],
    },
    {
      name: 'v3 namespace import used to build a client',
      filename: 'src/handlers/emit.ts',
      code: v3Namespace,
      errors: [{ messageId: 'directSdk', ...at(v3Namespace, "'@aws-sdk/client-eventbridge'") }],
    },
    {
      name: 'wrappers: [] checks adapters/ too',
      filename: 'src/adapters/get-object.ts',
      options: [{ wrappers: [] }],
      code: adapterWithoutWrappers,
      errors: [{ messageId: 'directSdk', ...at(adapterWithoutWrappers, "'@aws-sdk/client-s3'") }],
    },
    {
      name: 'a custom wrappers list replaces the default one',
      filename: 'src/adapters/get-object.ts',
      options: [{ wrappers: ['src/lib/**'] }],
      code: adapterWithoutWrappers,
      errors: [{ messageId: 'directSdk', ...at(adapterWithoutWrappers, "'@aws-sdk/client-s3'") }],
    },
    {
      name: "no import binding (X-Ray's captureAWS(require('aws-sdk'))): reported on the first client built",
      filename: 'src/handlers/publish.cjs',
      languageOptions: commonjs,
      code: xrayCaptured,
      errors: [{ messageId: 'directSdk', data: { source: 'aws-sdk' }, ...at(xrayCaptured, 'new AWS.SNS()') }],
    },
    {
      name: "node:https get with a new URL(path, base) constant",
      filename: 'src/handlers/charge.cjs',
      languageOptions: commonjs,
      code: nodeHttps,
      errors: [
        {
          messageId: 'directHttp',
          data: { host: 'api.payments.example', library: 'https' },
          ...at(nodeHttps, 'https.get(endpoint.href, (res) => callback(null, res.statusCode))'),
        },
      ],
    },
    {
      name: "TypeScript import AWS = require('aws-sdk')",
      filename: 'src/handlers/get.ts',
      code: importEquals,
      errors: [{ messageId: 'directSdk', data: { source: 'aws-sdk' }, ...at(importEquals, "'aws-sdk'") }],
    },
  ],
});

const everyPackage = code(
  "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
  "import { SNSClient } from '@aws-sdk/client-sns';",
  "import { PublishCommand } from '@aws-sdk/client-sns';",
  "import { saveOrder } from '../repositories/orders.js';",
  'const ddb = new DynamoDBClient({});',
  'const sns = new SNSClient({});',
  'export const handler = async (event: { id: string }) => {',
  "  const order = await ddb.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { id: { S: event.id } } }));",
  '  await saveOrder(order);',
  "  const rates = await fetch('https://api.rates.example/latest');",
  "  const stock = await fetch('https://api.stock.example/items/' + event.id);",
  "  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: String(rates.status + stock.status) }));",
  '};',
);
const tracedHttps = code(
  "const AWSXRay = require('aws-xray-sdk');",
  "const https = AWSXRay.captureHTTPs(require('https'));",
  'exports.handler = async () => new Promise((resolve, reject) => {',
  "  const req = https.get('https://jsonplaceholder.example.com/todos/1', (res) => resolve(res.statusCode));",
  "  req.on('error', reject);",
  '});',
);
const v2Modules = code(
  "const SQS = require('aws-sdk/clients/sqs');",
  "const SNS = require('aws-sdk/clients/sns');",
  'const sqs = new SQS();',
  'const sns = new SNS();',
  'exports.handler = async (event) => Promise.all([',
  '  sqs.sendMessage({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }).promise(),',
  '  sns.publish({ TopicArn: process.env.TOPIC_ARN, Message: event.body }).promise(),',
  ']);',
);

ruleTester.run('no-unwrapped-sdk: every package and every request', rule, {
  valid: [
    {
      name: 'a handler module in a wrapper folder, with several packages and requests',
      filename: 'src/adapters/orders/handler.ts',
      code: everyPackage,
    },
    {
      name: 'requests to the sandbox and to a configured URL beside a wrapper call',
      filename: 'src/handlers/config.mjs',
      code: code(
        "import { publish } from '../lib/bus.js';",
        'export const handler = async () => {',
        "  const secret = await fetch('http://localhost:2773/secretsmanager/get?secretId=x');",
        '  const api = await fetch(`${process.env.API_URL}/health`);',
        '  return publish([secret.status, api.status]);',
        '};',
      ),
    },
  ],
  invalid: [
    {
      name: 'each SDK package once (two imports of one package are one finding), and each request to a third-party URL',
      filename: 'src/handlers/orders.ts',
      code: everyPackage,
      errors: [
        { messageId: 'directSdk', data: { source: '@aws-sdk/client-dynamodb' }, ...at(everyPackage, "'@aws-sdk/client-dynamodb'") },
        { messageId: 'directSdk', data: { source: '@aws-sdk/client-sns' }, line: 2, column: 27 },
        { messageId: 'directHttp', data: { host: 'api.rates.example', library: 'fetch' }, ...at(everyPackage, "fetch('https://api.rates.example/latest')") },
        { messageId: 'directHttp', data: { host: 'api.stock.example', library: 'fetch' }, ...at(everyPackage, "fetch('https://api.stock.example/items/' + event.id)") },
      ],
    },
    {
      name: "https traced by X-Ray's captureHTTPs: a direct request to a third-party endpoint",
      filename: 'lambda-fns/http.js',
      languageOptions: commonjs,
      code: tracedHttps,
      errors: [
        {
          messageId: 'directHttp',
          data: { host: 'jsonplaceholder.example.com', library: 'https' },
          ...at(tracedHttps, "https.get('https://jsonplaceholder.example.com/todos/1', (res) => resolve(res.statusCode))"),
        },
      ],
    },
    {
      name: 'v2 per-service modules are reported each',
      filename: 'src/handlers/fan-out.cjs',
      languageOptions: commonjs,
      code: v2Modules,
      errors: [
        { messageId: 'directSdk', data: { source: 'aws-sdk/clients/sqs' }, ...at(v2Modules, "'aws-sdk/clients/sqs'") },
        { messageId: 'directSdk', data: { source: 'aws-sdk/clients/sns' }, ...at(v2Modules, "'aws-sdk/clients/sns'") },
      ],
    },
  ],
});

// Clients and endpoints not spelled `new XClient()` or `fetch('https://...')`.
const documentClientByName = code(
  "import { DocumentClient } from 'aws-sdk/clients/dynamodb';",
  'const db = new DocumentClient();',
  'export const handler = async (event) => db.get({ TableName: process.env.TABLE, Key: { id: event.id } }).promise();',
);
const httpsOptions = code(
  "const https = require('https');",
  'exports.handler = (event) => new Promise((resolve) => {',
  "  const request = https.request({ hostname: 'abc123.execute-api.eu-west-1.amazonaws.com', path: '/prod/orders', method: 'POST' }, resolve);",
  '  request.end(JSON.stringify(event));',
  '});',
);
const aws4Signed = code(
  "import https from 'node:https';",
  "import aws4 from 'aws4';",
  'export const handler = async (event) => {',
  "  const options = { host: process.env.API_HOST, path: '/orders', service: 'execute-api', body: JSON.stringify(event) };",
  '  aws4.sign(options);',
  '  return new Promise((resolve) => https.request(options, resolve).end(options.body));',
  '};',
);
const sigV4Signed = code(
  "import { SignatureV4 } from '@smithy/signature-v4';",
  "import { HttpRequest } from '@smithy/protocol-http';",
  "import { Sha256 } from '@aws-crypto/sha256-js';",
  "import { defaultProvider } from '@aws-sdk/credential-provider-node';",
  "const signer = new SignatureV4({ service: 'appsync', region: process.env.AWS_REGION!, credentials: defaultProvider(), sha256: Sha256 });",
  'export const handler = async (event: { query: string }) => {',
  '  const url = new URL(process.env.GRAPHQL_URL!);',
  "  const request = new HttpRequest({ hostname: url.hostname, path: url.pathname, method: 'POST', headers: { host: url.hostname }, body: JSON.stringify(event) });",
  '  const signed = await signer.sign(request);',
  "  return fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });",
  '};',
);
const signedFetcher = code(
  "import { createSignedFetcher } from 'aws-sigv4-fetch';",
  "const signedFetch = createSignedFetcher({ service: 'lambda', region: 'eu-west-1' });",
  'export const handler = async () => signedFetch(process.env.FUNCTION_URL);',
);

ruleTester.run('no-unwrapped-sdk: clients and endpoints not spelled new XClient()', rule, {
  valid: [
    {
      name: "DAZN Lambda Powertools' clients are wrappers: they reach the service and add the correlation IDs",
      filename: 'src/handlers/notify.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        "const SNS = require('@dazn/lambda-powertools-sns-client');",
        "const DynamoDB = require('@dazn/lambda-powertools-dynamodb-client');",
        "const HTTP = require('@dazn/lambda-powertools-http-client');",
        'exports.handler = async (event) => {',
        '  const order = AWS.DynamoDB.Converter.unmarshall(event.Records[0].dynamodb.NewImage);',
        "  await DynamoDB.put({ TableName: process.env.TABLE, Item: order, ConditionExpression: 'attribute_not_exists(id)' }).promise();",
        '  await SNS.publish({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify(order) }).promise();',
        "  await HTTP({ uri: 'https://api.partner.example/orders', method: 'POST', body: order });",
        '};',
      ),
    },
    {
      name: 'a request signed for LocalStack on this machine is not a remote endpoint',
      filename: 'src/handlers/local.js',
      languageOptions: commonjs,
      code: code(
        "const http = require('http');",
        "const aws4 = require('aws4');",
        'exports.handler = async () => {',
        "  const options = { hostname: 'localhost', port: 4566, path: '/', service: 'sqs' };",
        '  aws4.sign(options);',
        '  return http.request(options);',
        '};',
      ),
    },
    {
      name: 'signing alone (a presigned URL handed back) sends nothing',
      filename: 'src/handlers/presign.js',
      languageOptions: commonjs,
      code: code(
        "const aws4 = require('aws4');",
        "exports.handler = async () => aws4.sign({ host: process.env.API_HOST, path: '/upload', signQuery: true }).path;",
      ),
    },
    {
      name: 'without the join, a project module the handler builds clients from is not known to be the SDK',
      filename: 'src/handlers/report.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('../lib/aws');",
        'const s3 = new AWS.S3();',
        'exports.handler = async (event) => s3.getObject({ Bucket: process.env.BUCKET, Key: event.key }).promise();',
      ),
    },
  ],
  invalid: [
    {
      name: "v2 DocumentClient imported by name from 'aws-sdk/clients/dynamodb'",
      filename: 'src/handlers/get-item.mjs',
      code: documentClientByName,
      errors: [{ messageId: 'directSdk', data: { source: 'aws-sdk/clients/dynamodb' }, ...at(documentClientByName, "'aws-sdk/clients/dynamodb'") }],
    },
    {
      name: "Node's https.request with an options object naming an AWS endpoint",
      filename: 'src/handlers/forward.js',
      languageOptions: commonjs,
      code: httpsOptions,
      errors: [
        {
          messageId: 'directHttp',
          data: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', library: 'https' },
          ...at(httpsOptions, "https.request({ hostname: 'abc123.execute-api.eu-west-1.amazonaws.com', path: '/prod/orders', method: 'POST' }, resolve)"),
        },
      ],
    },
    {
      name: 'a request signed in place by aws4, to a host from the environment',
      filename: 'src/handlers/signed.js',
      code: aws4Signed,
      errors: [{ messageId: 'signedHttp', data: { signer: 'aws4', library: 'https' }, ...at(aws4Signed, 'https.request(options, resolve)') }],
    },
    {
      name: "a request signed by SignatureV4 and sent with fetch (AppSync with IAM auth)",
      filename: 'src/handlers/graphql.ts',
      code: sigV4Signed,
      errors: [
        {
          messageId: 'signedHttp',
          data: { signer: 'SignatureV4', library: 'fetch' },
          ...at(sigV4Signed, "fetch(url, { method: 'POST', headers: signed.headers, body: signed.body })"),
        },
      ],
    },
    {
      name: 'each request of a signing fetch (aws-sigv4-fetch)',
      filename: 'src/handlers/call-function.mjs',
      code: signedFetcher,
      errors: [{ messageId: 'signedHttp', data: { signer: 'aws-sigv4-fetch', library: 'fetch' }, ...at(signedFetcher, 'signedFetch(process.env.FUNCTION_URL)') }],
    },
  ],
});

// Project mode: modules that only pass the SDK on, and one that builds a client.
const reexports = createProjectRuleTester(samTemplate({
  Reports: samFunction({ handler: 'src/reports.handler', events: { Get: httpApiEvent('get', '/reports') } }),
}), {
  'src/lib/aws.js': "const AWS = require('aws-sdk');\nAWS.config.update({ region: process.env.AWS_REGION });\nmodule.exports = AWS;\n",
  'src/lib/dynamodb.ts': "export { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\n",
  'src/lib/index.ts': "export * from './dynamodb.js';\nexport * as AWS from 'aws-sdk';\n",
  'src/lib/traced.js': "const AWSXRay = require('aws-xray-sdk-core');\nmodule.exports = AWSXRay.captureAWS(require('aws-sdk'));\n",
  'src/lib/reports-table.js': "const AWS = require('./aws');\nmodule.exports = new AWS.DynamoDB.DocumentClient();\n",
  'src/reports.js': '// the case under test\n',
});
const throughReexports = code(
  "import AWS from './lib/aws.js';",
  "import { DynamoDBClient, ScanCommand } from './lib/index.js';",
  "import traced from './lib/traced.js';",
  'const ddb = new DynamoDBClient({});',
  'const s3 = new AWS.S3();',
  'export const handler = async () => {',
  "  await new traced.SNS().publish({ TopicArn: process.env.TOPIC_ARN, Message: 'report' }).promise();",
  '  return [await ddb.send(new ScanCommand({ TableName: process.env.TABLE })), s3];',
  '};',
);

reexports.ruleTester.run('no-unwrapped-sdk (project mode): modules that only re-export the SDK', rule, {
  valid: [
    {
      name: 'a client built once in a project module: that module is the wrapper',
      filename: reexports.file('src/reports.js'),
      code: code(
        "import reports from './lib/reports-table.js';",
        'export const handler = async (event) => reports.get({ TableName: process.env.TABLE, Key: { id: event.id } }).promise();',
      ),
    },
  ],
  invalid: [
    {
      name: 'the SDK passed on by a configuring module, by named re-exports through export *, and under X-Ray: reported at each import',
      filename: reexports.file('src/reports.js'),
      code: throughReexports,
      errors: [
        { messageId: 'reexportedSdk', data: { source: 'aws-sdk', via: './lib/aws.js' }, ...at(throughReexports, "'./lib/aws.js'") },
        { messageId: 'reexportedSdk', data: { source: '@aws-sdk/client-dynamodb', via: './lib/index.js' }, ...at(throughReexports, "'./lib/index.js'") },
        { messageId: 'reexportedSdk', data: { source: 'aws-sdk', via: './lib/traced.js' }, ...at(throughReexports, "'./lib/traced.js'") },
      ],
    },
    {
      name: 'a namespace re-export (export * as AWS)',
      filename: reexports.file('src/reports.js'),
      code: code(
        "import { AWS } from './lib/index.js';",
        'const s3 = new AWS.S3();',
        'export const handler = async (event) => s3.getObject({ Bucket: process.env.BUCKET, Key: event.key }).promise();',
      ),
      errors: [{ messageId: 'reexportedSdk', data: { source: 'aws-sdk', via: './lib/index.js' }, line: 1, column: 21 }],
    },
  ],
});
