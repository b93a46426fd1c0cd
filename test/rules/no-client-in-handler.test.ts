import rule from '../../rules/no-client-in-handler.js';
import { httpApiEvent, samFunction, samTemplate } from '../helpers/sam-template.js';
import { at, code, commonjs, createProjectRuleTester, createRuleTester } from './rule-tester.js';

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

const tracedMysql = code(
  "const AWSXRay = require('aws-xray-sdk-core');",
  "const captureMySQL = require('aws-xray-sdk-mysql');",
  "const mysql = captureMySQL(require('mysql'));",
  'exports.handler = async (event) => {',
  '  const connection = mysql.createConnection({ host: process.env.DB_HOST, user: process.env.DB_USER });',
  '  connection.connect();',
  '  for (const record of event.Records) await insert(connection, record);',
  '  connection.end();',
  '};',
);
const pgClientInMiddy = code(
  "import { Client } from 'pg';",
  "import { middyfy } from '../libs/lambda';",
  'const catalogBatch = async (event: { Records: { body: string }[] }): Promise<void> => {',
  '  const client = new Client();',
  '  await client.connect();',
  '  try {',
  "    for (const record of event.Records) await client.query('insert into products values ($1)', [record.body]);",
  '  } finally {',
  '    await client.end();',
  '  }',
  '};',
  'export const main = middyfy(catalogBatch);',
);
const stripeClients = code(
  "import stripePackage from 'stripe';",
  "import Stripe from 'stripe';",
  "import handler from './libs/handler-lib';",
  'export const main = handler(async (event) => {',
  '  const stripe = stripePackage(process.env.STRIPE_SECRET_KEY);',
  '  const other = new Stripe(process.env.STRIPE_SECRET_KEY);',
  "  await stripe.charges.create({ amount: 100, currency: 'usd', source: JSON.parse(event.body).source });",
  '  return other;',
  '});',
);
const tracedV2 = code(
  "const AWSXRay = require('aws-xray-sdk');",
  "const AWS = AWSXRay.captureAWS(require('aws-sdk'));",
  'exports.handler = async (event) => {',
  '  const dynamo = new AWS.DynamoDB();',
  "  await new AWS.SNS().publish({ TopicArn: process.env.TOPIC_ARN, Message: 'hit' }).promise();",
  '  return dynamo;',
  '};',
);
const helperConnection = code(
  "const mysql = require('mysql2/promise');",
  'async function getConnection() {',
  '  return mysql.createConnection({ host: process.env.DB_HOST });',
  '}',
  'const openDb = () => getConnection();',
  'exports.handler = async (event) => {',
  '  const db = await openDb();',
  "  return db.query('select * from orders where id = ?', [event.id]);",
  '};',
);
const helperClients = code(
  "import mongoose from 'mongoose';",
  "import Redis from 'ioredis';",
  "import { PrismaClient } from '@prisma/client';",
  "import { S3Client } from '@aws-sdk/client-s3';",
  'function connect() {',
  '  return mongoose.createConnection(process.env.MONGO_URI!);',
  '}',
  'function clients() {',
  '  return { cache: new Redis(process.env.REDIS_URL!), prisma: new PrismaClient(), s3: new S3Client({}) };',
  '}',
  'export const handler = async () => [connect(), clients()];',
);
const mongooseConnect = code(
  "const mongoose = require('mongoose');",
  'exports.handler = async (event) => {',
  '  await mongoose.connect(process.env.MONGO_URI);',
  '  return mongoose.model("Order").findById(event.id);',
  '};',
);

ruleTester.run('no-client-in-handler: clients not spelled new XClient()', rule, {
  valid: [
    {
      name: 'a same-file helper that caches its pool in a module variable',
      filename: 'src/handlers/pool.js',
      languageOptions: commonjs,
      code: code(
        "const { Pool } = require('pg');",
        'let pool;',
        'function getPool() {',
        '  if (!pool) pool = new Pool({ connectionString: process.env.DATABASE_URL });',
        '  return pool;',
        '}',
        'exports.handler = async (event) => getPool().query(event.sql);',
      ),
    },
    {
      name: 'the handler keeps what a helper builds in a module variable (??=)',
      filename: 'src/handlers/lazy-helper.ts',
      code: code(
        "import Redis from 'ioredis';",
        'let cache: Redis | undefined;',
        'const createCache = () => new Redis(process.env.REDIS_URL!);',
        'export const handler = async (key: string) => {',
        '  cache ??= createCache();',
        '  return cache.get(key);',
        '};',
      ),
    },
    {
      name: 'the cached-connection helper for MongoDB: an early return, then the connection kept through a local',
      filename: 'src/handlers/mongo-helper.mjs',
      code: code(
        "import { MongoClient } from 'mongodb';",
        'let cachedDb = null;',
        'async function connectToDatabase() {',
        '  if (cachedDb) return cachedDb;',
        '  const client = await MongoClient.connect(process.env.MONGODB_URI);',
        "  cachedDb = client.db('shop');",
        '  return cachedDb;',
        '}',
        'export const handler = async () => {',
        '  const db = await connectToDatabase();',
        "  return db.collection('orders').find({}).toArray();",
        '};',
      ),
    },
    {
      name: 'a connection built through a local, then kept in a module variable',
      filename: 'src/handlers/kept.ts',
      code: code(
        "import { MongoClient } from 'mongodb';",
        'let shared: MongoClient | undefined;',
        'export const handler = async () => {',
        '  const client = new MongoClient(process.env.MONGODB_URI!);',
        '  await client.connect();',
        '  shared = client;',
        '  return shared;',
        '};',
      ),
    },
    {
      name: 'mongoose connecting only while its module-wide connection is closed',
      filename: 'src/handlers/mongoose-guard.js',
      languageOptions: commonjs,
      code: code(
        "const mongoose = require('mongoose');",
        'exports.handler = async (event) => {',
        '  if (mongoose.connection.readyState === 0) await mongoose.connect(process.env.MONGO_URI);',
        '  return mongoose.model("Order").findById(event.id);',
        '};',
      ),
    },
    {
      name: 'a module-scope connection built by a helper',
      filename: 'src/handlers/module-helper.js',
      languageOptions: commonjs,
      code: code(
        "const mysql = require('mysql');",
        'function createConnection() {',
        '  return mysql.createConnection({ host: process.env.DB_HOST });',
        '}',
        'const connection = createConnection();',
        'exports.handler = async (event) => connection.query(event.sql);',
      ),
    },
    {
      name: 'a helper that builds the connection from what the handler passes it',
      filename: 'src/handlers/tenant-db.ts',
      code: code(
        "import { Pool } from 'pg';",
        'const poolFor = (connectionString: string) => new Pool({ connectionString });',
        'export const handler = async (event: { tenantUrl: string }) => poolFor(event.tenantUrl).query("select 1");',
      ),
    },
    {
      name: 'Stripe and a traced mysql module at module scope',
      filename: 'src/handlers/module-scope.js',
      languageOptions: commonjs,
      code: code(
        "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);",
        "const mysql = require('aws-xray-sdk-mysql')(require('mysql'));",
        "const captureMySQL = require('aws-xray-sdk-mysql');",
        "const pool = captureMySQL(require('mysql')).createPool({ host: process.env.DB_HOST });",
        'exports.handler = async (event) => [await stripe.charges.create(event.charge), pool, mysql];',
      ),
    },
  ],
  invalid: [
    {
      name: "mysql traced by X-Ray's captureMySQL: a connection per Kinesis batch",
      filename: 'processor/index.js',
      languageOptions: commonjs,
      code: tracedMysql,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'mysql.createConnection(...)', what: 'database connection', source: "'mysql'", handler: 'handler' },
          ...at(tracedMysql, 'mysql.createConnection({ host: process.env.DB_HOST, user: process.env.DB_USER })'),
        },
      ],
    },
    {
      name: 'a pg Client per SQS batch, in a handler wrapped by a local middy helper',
      filename: 'src/functions/catalogBatch/handler.ts',
      settings: { sls: { handlerNames: ['main'] } },
      code: pgClientInMiddy,
      errors: [{ messageId: 'clientInHandler', data: { callee: 'new Client(...)', what: 'database connection', source: "'pg'", handler: 'main' }, ...at(pgClientInMiddy, 'new Client()') }],
    },
    {
      name: 'Stripe clients built inside a handler wrapped by a local helper',
      filename: 'billing.js',
      settings: { sls: { handlerNames: ['main'] } },
      code: stripeClients,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'stripePackage(...)', what: 'HTTP client', source: "'stripe'", handler: 'main' },
          ...at(stripeClients, 'stripePackage(process.env.STRIPE_SECRET_KEY)'),
        },
        { messageId: 'clientInHandler', ...at(stripeClients, 'new Stripe(process.env.STRIPE_SECRET_KEY)') },
      ],
    },
    {
      name: 'SDK v2 namespace clients under captureAWS, one of them built inline for a call',
      filename: 'lambda-fns/dynamo.js',
      languageOptions: commonjs,
      code: tracedV2,
      errors: [
        { messageId: 'clientInHandler', data: { callee: 'new AWS.DynamoDB(...)', what: 'AWS SDK client', source: "'aws-sdk'", handler: 'handler' }, ...at(tracedV2, 'new AWS.DynamoDB()') },
        { messageId: 'clientInHandler', ...at(tracedV2, 'new AWS.SNS()') },
      ],
    },
    {
      name: 'a database connection opened per invocation through same-file helpers',
      filename: 'src/handlers/orders.js',
      languageOptions: commonjs,
      code: helperConnection,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'mysql.createConnection(...)', what: 'database connection', source: "'mysql2/promise'", handler: 'handler (through openDb(), getConnection())' },
          ...at(helperConnection, 'mysql.createConnection({ host: process.env.DB_HOST })'),
        },
      ],
    },
    {
      name: 'mongoose, ioredis and Prisma built by helpers; the SDK client beside them is left alone',
      filename: 'src/handlers/helpers.ts',
      code: helperClients,
      errors: [
        { messageId: 'clientInHandler', data: { callee: 'mongoose.createConnection(...)', what: 'database connection', source: "'mongoose'", handler: 'handler (through connect())' }, ...at(helperClients, 'mongoose.createConnection(process.env.MONGO_URI!)') },
        { messageId: 'clientInHandler', ...at(helperClients, 'new Redis(process.env.REDIS_URL!)') },
        { messageId: 'clientInHandler', ...at(helperClients, 'new PrismaClient()') },
      ],
    },
    {
      name: 'mongoose.connect on every invocation',
      filename: 'src/handlers/mongoose.js',
      languageOptions: commonjs,
      code: mongooseConnect,
      errors: [{ messageId: 'clientInHandler', ...at(mongooseConnect, 'mongoose.connect(process.env.MONGO_URI)') }],
    },
  ],
});

// More clients not spelled `new XClient()`: v2 classes imported by name, X-Ray's captures, database
// and cache clients built by same-file helpers.
const documentClientByName = code(
  "import { DocumentClient } from 'aws-sdk/clients/dynamodb';",
  'export const handler = async (event) => {',
  '  const db = new DocumentClient();',
  '  return db.get({ TableName: process.env.TABLE, Key: { id: event.id } }).promise();',
  '};',
);
const tracedInHandler = code(
  "import AWSXRay from 'aws-xray-sdk-core';",
  "import AWS from 'aws-sdk';",
  "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
  'export const handler = async (event) => {',
  '  const v3 = AWSXRay.captureAWSv3Client(new DynamoDBClient({}));',
  '  const v2 = AWSXRay.captureAWSClient(new AWS.DynamoDB());',
  "  return [await v3.send(new GetItemCommand({ TableName: 'a', Key: { pk: { S: event.id } } })), v2];",
  '};',
);
const helperDatabases = code(
  "import pg from 'pg';",
  "import mysql2 from 'mysql2';",
  "import mongoose from 'mongoose';",
  "import { createClient } from 'redis';",
  'const pool = () => new pg.Pool({ connectionString: process.env.DATABASE_URL });',
  'function legacy() {',
  '  return mysql2.createConnection(process.env.MYSQL_URL!);',
  '}',
  'async function documents() {',
  '  await mongoose.connect(process.env.MONGO_URI!);',
  '  return mongoose;',
  '}',
  'const cache = async () => {',
  '  const client = createClient({ url: process.env.REDIS_URL });',
  '  await client.connect();',
  '  return client;',
  '};',
  'export const handler = async (event: { id: string }) => {',
  '  const [db, old, docs, redis] = [pool(), legacy(), await documents(), await cache()];',
  "  return Promise.all([db.query('select 1'), old.query('select 1'), docs.model('Order').findById(event.id), redis.get(event.id)]);",
  '};',
);

ruleTester.run('no-client-in-handler: more clients not spelled new XClient()', rule, {
  valid: [
    {
      name: "DAZN Lambda Powertools' clients are built once, by their package",
      filename: 'src/handlers/notify.js',
      languageOptions: commonjs,
      code: code(
        "const SNS = require('@dazn/lambda-powertools-sns-client');",
        'exports.handler = async (event) => SNS.publish({ TopicArn: process.env.TOPIC_ARN, Message: event.body }).promise();',
      ),
    },
    {
      name: 'X-Ray captures at module scope',
      filename: 'src/handlers/traced.ts',
      code: code(
        "import AWSXRay from 'aws-xray-sdk-core';",
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DocumentClient } from 'aws-sdk/clients/dynamodb';",
        'const v3 = AWSXRay.captureAWSv3Client(new DynamoDBClient({}));',
        'const documents = AWSXRay.captureAWSClient(new DocumentClient());',
        'export const handler = async () => [v3, documents];',
      ),
    },
    {
      name: 'helpers that keep their database and cache clients in module variables',
      filename: 'src/handlers/kept-helpers.ts',
      code: code(
        "import pg from 'pg';",
        "import { createClient } from 'redis';",
        'let pool: pg.Pool | undefined;',
        'let redis: ReturnType<typeof createClient> | undefined;',
        'const getPool = () => (pool ??= new pg.Pool());',
        'async function getRedis() {',
        '  if (!redis) {',
        '    redis = createClient({ url: process.env.REDIS_URL });',
        '    await redis.connect();',
        '  }',
        '  return redis;',
        '}',
        'export const handler = async (event: { id: string }) => [await getPool().query("select 1"), await (await getRedis()).get(event.id)];',
      ),
    },
  ],
  invalid: [
    {
      name: "a v2 DocumentClient imported by name from 'aws-sdk/clients/dynamodb'",
      filename: 'src/handlers/get.mjs',
      code: documentClientByName,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'new DocumentClient(...)', what: 'AWS SDK client', source: "'aws-sdk'", handler: 'handler' },
          ...at(documentClientByName, 'new DocumentClient()'),
        },
      ],
    },
    {
      name: 'clients built inside X-Ray captures in the handler: reported at the construction',
      filename: 'src/handlers/traced.ts',
      code: tracedInHandler,
      errors: [
        { messageId: 'clientInHandler', data: { callee: 'new DynamoDBClient(...)', what: 'AWS SDK client', source: "'@aws-sdk/client-dynamodb'", handler: 'handler' }, ...at(tracedInHandler, 'new DynamoDBClient({})') },
        { messageId: 'clientInHandler', data: { callee: 'new AWS.DynamoDB(...)', what: 'AWS SDK client', source: "'aws-sdk'", handler: 'handler' }, ...at(tracedInHandler, 'new AWS.DynamoDB()') },
      ],
    },
    {
      name: 'pg, mysql2, mongoose.connect and redis.createClient built by helpers the handler calls: reported in the helper',
      filename: 'src/handlers/databases.ts',
      code: helperDatabases,
      errors: [
        { messageId: 'clientInHandler', data: { callee: 'new pg.Pool(...)', what: 'database connection', source: "'pg'", handler: 'handler (through pool())' }, ...at(helperDatabases, 'new pg.Pool({ connectionString: process.env.DATABASE_URL })') },
        { messageId: 'clientInHandler', data: { callee: 'mysql2.createConnection(...)', what: 'database connection', source: "'mysql2'", handler: 'handler (through legacy())' }, ...at(helperDatabases, 'mysql2.createConnection(process.env.MYSQL_URL!)') },
        { messageId: 'clientInHandler', data: { callee: 'mongoose.connect(...)', what: 'database connection', source: "'mongoose'", handler: 'handler (through documents())' }, ...at(helperDatabases, 'mongoose.connect(process.env.MONGO_URI!)') },
        { messageId: 'clientInHandler', data: { callee: 'createClient(...)', what: 'database connection', source: "'redis'", handler: 'handler (through cache())' }, ...at(helperDatabases, 'createClient({ url: process.env.REDIS_URL })') },
      ],
    },
  ],
});

// Project mode: clients built in the handler from modules that only pass a package on.
const reexports = createProjectRuleTester(samTemplate({
  Api: samFunction({ handler: 'src/api.handler', events: { Get: httpApiEvent('get', '/orders') } }),
}), {
  'src/lib/aws.ts': "export * as AWS from 'aws-sdk';\n",
  'src/lib/db.js': "module.exports = require('pg');\n",
  'src/lib/orders-table.ts': "import { AWS } from './aws.js';\nexport const orders = new AWS.DynamoDB.DocumentClient();\n",
  'src/api.ts': '// the case under test\n',
});
const buildsFromReexports = code(
  "import { AWS } from './lib/aws.js';",
  "import db from './lib/db.js';",
  'export const handler = async (event: { id: string }) => {',
  '  const documents = new AWS.DynamoDB.DocumentClient();',
  '  const client = new db.Client();',
  "  return [await documents.get({ TableName: 'orders', Key: { id: event.id } }).promise(), await client.query('select 1')];",
  '};',
);

reexports.ruleTester.run('no-client-in-handler (project mode): modules that only pass a package on', rule, {
  valid: [
    {
      name: 'a client a project module built once',
      filename: reexports.file('src/api.ts'),
      code: code(
        "import { orders } from './lib/orders-table.js';",
        "export const handler = async (event: { id: string }) => orders.get({ TableName: 'orders', Key: { id: event.id } }).promise();",
      ),
    },
  ],
  invalid: [
    {
      name: "export * as AWS from 'aws-sdk' and module.exports = require('pg'): the clients are the packages'",
      filename: reexports.file('src/api.ts'),
      code: buildsFromReexports,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { callee: 'new AWS.DynamoDB.DocumentClient(...)', what: 'AWS SDK client', source: "'aws-sdk'", handler: 'handler' },
          ...at(buildsFromReexports, 'new AWS.DynamoDB.DocumentClient()'),
        },
        { messageId: 'clientInHandler', data: { callee: 'new db.Client(...)', what: 'database connection', source: "'pg'", handler: 'handler' }, ...at(buildsFromReexports, 'new db.Client()') },
      ],
    },
  ],
});
