import rule from '../../rules/no-client-in-handler.js';
import { at, code, commonjs, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

const v3Bare = code(
  "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
  'export const handler = async (event: { id: string }) => {',
  '  const client = new DynamoDBClient({});',
  "  return client.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { id: { S: event.id } } }));",
  '};',
);
const documentClientFrom = code(
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
  'export async function handler(order: { id: string }): Promise<void> {',
  '  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });',
  '  await documents.send(new PutCommand({ TableName: process.env.TABLE, Item: order }));',
  '}',
);
const v2DocumentClient = code(
  "'use strict';",
  "const AWS = require('aws-sdk');",
  'exports.handler = async (event) => {',
  '  const ddb = new AWS.DynamoDB.DocumentClient();',
  '  return ddb.get({ TableName: process.env.TABLE, Key: { id: event.id } }).promise();',
  '};',
);
const v2ServiceModule = code(
  "const SQS = require('aws-sdk/clients/sqs');",
  'async function handler(event) {',
  '  const sqs = new SQS({ apiVersion: "2012-11-05" });',
  '  await sqs.sendMessage({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }).promise();',
  '}',
  'module.exports = { handler };',
);
const sqlDrivers = code(
  "const { Pool } = require('pg');",
  "const mysql = require('mysql2/promise');",
  'exports.handler = async (event) => {',
  '  const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
  '  const connection = await mysql.createConnection({ host: process.env.DB_HOST });',
  '  return Promise.all([pool.query("select 1"), connection.query("select 1")]);',
  '};',
);
const middyMongo = code(
  "import middy from '@middy/core';",
  "import { MongoClient } from 'mongodb';",
  'const baseHandler = async () => {',
  '  const client = new MongoClient(process.env.MONGO_URI!);',
  "  return client.db('shop').collection('orders').countDocuments();",
  '};',
  'export const handler = middy(baseHandler);',
);
const redisClients = code(
  "import Redis from 'ioredis';",
  "import { createClient } from 'redis';",
  'export const handler = async (key: string) => {',
  '  const cache = new Redis(process.env.REDIS_URL!);',
  '  const other = createClient({ url: process.env.REDIS_URL });',
  '  return [await cache.get(key), await other.get(key)];',
  '};',
);
const orms = code(
  "import { PrismaClient } from '@prisma/client';",
  "import { Sequelize } from 'sequelize';",
  "import knex from 'knex';",
  'export const handler = async () => {',
  '  const prisma = new PrismaClient();',
  '  const sequelize = new Sequelize(process.env.DATABASE_URL!);',
  "  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });",
  '  return [prisma, sequelize, db];',
  '};',
);
const httpClients = code(
  "const axios = require('axios');",
  "const got = require('got');",
  "const undici = require('undici');",
  'exports.handler = async () => {',
  "  const api = axios.create({ baseURL: 'https://api.example.com', timeout: 2000 });",
  "  const hooks = got.extend({ prefixUrl: 'https://hooks.example.com' });",
  "  const pool = new undici.Pool('https://files.example.com');",
  '  return [api, hooks, pool];',
  '};',
);
const nestedClosure = code(
  "import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';",
  'export const handler = async (event: { Records: { s3: { object: { key: string } } }[] }) =>',
  '  Promise.all(',
  '    event.Records.map(async (record) => {',
  '      const s3 = new S3Client({});',
  '      return s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: record.s3.object.key }));',
  '    }),',
  '  );',
);
const customHandlerName = code(
  "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';",
  'export async function main(message: string) {',
  '  const sns = new SNSClient({});',
  '  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: message }));',
  '}',
);
const outsideCatalog = code(
  "const AWS = require('aws-sdk');",
  "const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager');",
  'exports.lambdaHandler = async () => {',
  '  const v2 = new AWS.SecretsManager();',
  '  const v3 = new SecretsManagerClient({});',
  '  return [v2, v3];',
  '};',
);
const clientsFolder = code(
  "import { S3Client } from '@aws-sdk/client-s3';",
  'export const handler = async () => new S3Client({}).config;',
);
const tracerCapture = code(
  "import { Tracer } from '@aws-lambda-powertools/tracer';",
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "const tracer = new Tracer({ serviceName: 'orders' });",
  'export const handler = async () => {',
  '  const client = tracer.captureAWSv3Client(new DynamoDBClient({}));',
  '  return client.config;',
  '};',
);
const localLet = code(
  "import { KinesisClient } from '@aws-sdk/client-kinesis';",
  'export const handler = async () => {',
  '  let kinesis;',
  '  kinesis = new KinesisClient({});',
  '  return kinesis;',
  '};',
);

ruleTester.run('no-client-in-handler', rule, {
  valid: [
    {
      name: 'v3: the client is built once at module scope',
      filename: 'src/handlers/get.ts',
      code: code(
        "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
        'const client = new DynamoDBClient({});',
        'export const handler = async (id: string) => client.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { id: { S: id } } }));',
      ),
    },
    {
      name: 'v2 CommonJS: module-scope DocumentClient; commands and other objects built in the handler are fine',
      filename: 'src/handlers/get.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'const ddb = new AWS.DynamoDB.DocumentClient();',
        'exports.handler = async (event) => {',
        '  const seen = new Map();',
        '  const started = new Date();',
        '  return [seen, started, await ddb.get({ TableName: process.env.TABLE, Key: { id: event.id } }).promise()];',
        '};',
      ),
    },
    {
      name: 'lazy initialisation into a module variable: built once per container (pg, CommonJS)',
      filename: 'src/handlers/query.cjs',
      languageOptions: commonjs,
      code: code(
        "const { Pool } = require('pg');",
        'let pool;',
        'exports.handler = async (event) => {',
        '  if (!pool) pool = new Pool({ connectionString: process.env.DATABASE_URL });',
        '  return pool.query(event.sql);',
        '};',
      ),
    },
    {
      name: 'lazy initialisation with ??= (TypeScript)',
      filename: 'src/handlers/lazy.ts',
      code: code(
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
        'let documents: DynamoDBDocumentClient | undefined;',
        'export const handler = async () => {',
        '  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));',
        '  return documents;',
        '};',
      ),
    },
    {
      name: 'the cached-connection pattern for MongoDB',
      filename: 'src/handlers/mongo.mjs',
      code: code(
        "import { MongoClient } from 'mongodb';",
        'let cachedDb = null;',
        'const connections = new Map();',
        'export const handler = async (event, context) => {',
        '  context.callbackWaitsForEmptyEventLoop = false;',
        "  if (!cachedDb) cachedDb = (await MongoClient.connect(process.env.MONGODB_URI)).db('shop');",
        '  if (!connections.has(event.tenant)) connections.set(event.tenant, new MongoClient(process.env.MONGODB_URI));',
        "  return cachedDb.collection('orders').find({}).toArray();",
        '};',
      ),
    },
    {
      name: 'a client built in another function, called from the handler',
      filename: 'src/handlers/helper.ts',
      code: code(
        "import { S3Client } from '@aws-sdk/client-s3';",
        'function makeClient() {',
        '  return new S3Client({});',
        '}',
        'export const handler = async () => makeClient().config;',
      ),
    },
    {
      name: 'a WebSocket management client whose endpoint comes from the event (v3)',
      filename: 'src/handlers/broadcast.ts',
      code: code(
        "import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';",
        'export const handler = async (event: { requestContext: { domainName: string; stage: string; connectionId: string } }) => {',
        '  const { domainName, stage } = event.requestContext;',
        '  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });',
        "  await api.send(new PostToConnectionCommand({ ConnectionId: event.requestContext.connectionId, Data: 'hi' }));",
        '};',
      ),
    },
    {
      name: 'v2 ApiGatewayManagementApi built from the event (simple-websockets-chat-app)',
      filename: 'sendmessage/app.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'exports.handler = async (event) => {',
        '  const apigwManagementApi = new AWS.ApiGatewayManagementApi({',
        "    apiVersion: '2018-11-29',",
        "    endpoint: event.requestContext.domainName + '/' + event.requestContext.stage,",
        '  });',
        '  return apigwManagementApi;',
        '};',
      ),
    },
    {
      name: 'a client with credentials assumed for the caller’s tenant',
      filename: 'src/handlers/tenant.ts',
      code: code(
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { assumeTenantRole } from '../lib/sts.js';",
        'export const handler = async (event: { tenantId: string }) => {',
        '  const credentials = await assumeTenantRole(event.tenantId);',
        '  const client = new DynamoDBClient({ credentials });',
        '  return client;',
        '};',
      ),
    },
    {
      name: 'an exported function that is not a handler',
      filename: 'src/handlers/seed.ts',
      code: code(
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        'export async function seed() {',
        '  return new DynamoDBClient({});',
        '}',
      ),
    },
    {
      name: 'handler names from settings: `handler` is not one of them',
      filename: 'src/handlers/app.ts',
      settings: { sls: { handlerNames: ['main'] } },
      code: v3Bare,
    },
    {
      name: 'wrapper modules are not checked by default',
      filename: 'src/clients/s3.ts',
      code: clientsFolder,
    },
    {
      name: 'a lib-storage Upload and a class with a Client-like name from elsewhere are not clients',
      filename: 'src/handlers/upload.ts',
      code: code(
        "import { Upload } from '@aws-sdk/lib-storage';",
        "import { s3 } from '../clients/s3.js';",
        "import { HttpClient } from './http-client.js';",
        'export const handler = async (body: string) => {',
        '  const http = new HttpClient();',
        "  await new Upload({ client: s3, params: { Bucket: process.env.BUCKET, Key: 'x', Body: body } }).done();",
        '  return http;',
        '};',
      ),
    },
    {
      name: 'a module-scope client instrumented by the Powertools Tracer',
      filename: 'src/handlers/traced.ts',
      code: code(
        "import { Tracer } from '@aws-lambda-powertools/tracer';",
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        'const tracer = new Tracer();',
        'const client = tracer.captureAWSv3Client(new DynamoDBClient({}));',
        'export const handler = async () => client.config;',
      ),
    },
  ],
  invalid: [
    {
      name: 'v3 TypeScript: new DynamoDBClient() in the handler',
      filename: 'src/handlers/get.ts',
      code: v3Bare,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'new DynamoDBClient(...)', what: 'AWS SDK client', source: "'@aws-sdk/client-dynamodb'", handler: 'handler' },
          ...at(v3Bare, 'new DynamoDBClient({})'),
        },
      ],
    },
    {
      name: 'DynamoDBDocumentClient.from(new DynamoDBClient()) is one finding, on the outer call',
      filename: 'src/handlers/put.ts',
      code: documentClientFrom,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'DynamoDBDocumentClient.from(...)', what: 'AWS SDK client', source: "'@aws-sdk/lib-dynamodb'", handler: 'handler' },
          ...at(documentClientFrom, 'DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })'),
        },
      ],
    },
    {
      name: 'v2 CommonJS: new AWS.DynamoDB.DocumentClient() in exports.handler',
      filename: 'src/handlers/get.js',
      languageOptions: commonjs,
      code: v2DocumentClient,
      errors: [{ messageId: 'clientInHandler', ...at(v2DocumentClient, 'new AWS.DynamoDB.DocumentClient()') }],
    },
    {
      name: 'v2 per-service module, handler declared then exported in module.exports',
      filename: 'src/handlers/enqueue.cjs',
      languageOptions: commonjs,
      code: v2ServiceModule,
      errors: [{ messageId: 'clientInHandler', ...at(v2ServiceModule, 'new SQS({ apiVersion: "2012-11-05" })') }],
    },
    {
      name: 'pg Pool and mysql2 createConnection',
      filename: 'src/handlers/report.js',
      languageOptions: commonjs,
      code: sqlDrivers,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'new Pool(...)', what: 'database connection', source: "'pg'", handler: 'handler' },
          ...at(sqlDrivers, 'new Pool({ connectionString: process.env.DATABASE_URL })'),
        },
        {
          messageId: 'clientInHandler',
          data: { callee: 'mysql.createConnection(...)', what: 'database connection', source: "'mysql2/promise'", handler: 'handler' },
          ...at(sqlDrivers, 'mysql.createConnection({ host: process.env.DB_HOST })'),
        },
      ],
    },
    {
      name: 'new MongoClient in a middy-wrapped handler',
      filename: 'src/handlers/count.ts',
      code: middyMongo,
      errors: [{ messageId: 'clientInHandler', ...at(middyMongo, 'new MongoClient(process.env.MONGO_URI!)') }],
    },
    {
      name: 'ioredis and redis clients',
      filename: 'src/handlers/cache.ts',
      code: redisClients,
      errors: [
        { messageId: 'clientInHandler', ...at(redisClients, 'new Redis(process.env.REDIS_URL!)') },
        { messageId: 'clientInHandler', ...at(redisClients, 'createClient({ url: process.env.REDIS_URL })') },
      ],
    },
    {
      name: 'Prisma, Sequelize and knex',
      filename: 'src/handlers/orm.ts',
      code: orms,
      errors: [
        { messageId: 'clientInHandler', ...at(orms, 'new PrismaClient()') },
        { messageId: 'clientInHandler', ...at(orms, 'new Sequelize(process.env.DATABASE_URL!)') },
        { messageId: 'clientInHandler', ...at(orms, "knex({ client: 'pg', connection: process.env.DATABASE_URL })") },
      ],
    },
    {
      name: 'axios.create, got.extend and new undici.Pool',
      filename: 'src/handlers/http.cjs',
      languageOptions: commonjs,
      code: httpClients,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'axios.create(...)', what: 'HTTP client', source: "'axios'", handler: 'handler' },
          ...at(httpClients, "axios.create({ baseURL: 'https://api.example.com', timeout: 2000 })"),
        },
        { messageId: 'clientInHandler', ...at(httpClients, "got.extend({ prefixUrl: 'https://hooks.example.com' })") },
        { messageId: 'clientInHandler', ...at(httpClients, "new undici.Pool('https://files.example.com')") },
      ],
    },
    {
      name: 'a client built per record inside the handler',
      filename: 'src/handlers/thumbnails.ts',
      code: nestedClosure,
      errors: [{ messageId: 'clientInHandler', ...at(nestedClosure, 'new S3Client({})') }],
    },
    {
      name: 'handler names from settings',
      filename: 'src/handlers/notify.ts',
      settings: { sls: { handlerNames: ['main'] } },
      code: customHandlerName,
      errors: [{ messageId: 'clientInHandler', data: { callee: 'new SNSClient(...)', what: 'AWS SDK client', source: "'@aws-sdk/client-sns'", handler: 'main' }, ...at(customHandlerName, 'new SNSClient({})') }],
    },
    {
      name: 'clients outside the catalog: v2 AWS.SecretsManager and v3 SecretsManagerClient',
      filename: 'src/handlers/secret.js',
      languageOptions: commonjs,
      code: outsideCatalog,
      errors: [
        { messageId: 'clientInHandler', data: { callee: 'new AWS.SecretsManager(...)', what: 'AWS SDK client', source: "'aws-sdk'", handler: 'lambdaHandler' }, ...at(outsideCatalog, 'new AWS.SecretsManager()') },
        { messageId: 'clientInHandler', ...at(outsideCatalog, 'new SecretsManagerClient({})') },
      ],
    },
    {
      name: 'wrappers: [] checks wrapper folders too',
      filename: 'src/clients/s3.ts',
      options: [{ wrappers: [] }],
      code: clientsFolder,
      errors: [{ messageId: 'clientInHandler', ...at(clientsFolder, 'new S3Client({})') }],
    },
    {
      name: 'a client instrumented by the Powertools Tracer inside the handler: reported on the client',
      filename: 'src/handlers/traced.ts',
      code: tracerCapture,
      errors: [{ messageId: 'clientInHandler', data: { callee: 'new DynamoDBClient(...)', what: 'AWS SDK client', source: "'@aws-sdk/client-dynamodb'", handler: 'handler' }, ...at(tracerCapture, 'new DynamoDBClient({})') }],
    },
    {
      name: 'assigned to a variable declared inside the handler: still per invocation',
      filename: 'src/handlers/stream.ts',
      code: localLet,
      errors: [{ messageId: 'clientInHandler', ...at(localLet, 'new KinesisClient({})') }],
    },
  ],
});
