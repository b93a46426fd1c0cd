import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/propagate-trace-id.js';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { at, code, commonjs, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();


// DAZN Lambda Powertools' clients: their calls are the service's operations, and they add the correlation IDs.
const daznPublish = code(
  "const SNS = require('@dazn/lambda-powertools-sns-client');",
  'exports.handler = async (event) => {',
  '  await SNS.publish({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ total: 42 }) }).promise();',
  '};',
);

ruleTester.run("propagate-trace-id: DAZN Lambda Powertools' clients", rule, {
  valid: [
    {
      name: 'a message published with the DAZN SNS client carries the captured correlation IDs',
      languageOptions: commonjs,
      code: daznPublish,
    },
    {
      name: "the IDs DAZN's correlation-ids helper captured, put in the message by hand",
      code: code(
        "import CorrelationIds from '@dazn/lambda-powertools-correlation-ids';",
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        'const events = new EventBridgeClient({});',
        'export const handler = async (event: { orderId: string }) => {',
        "  await events.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId: event.orderId, ids: CorrelationIds.get() }) }] }));",
        '};',
      ),
    },
  ],
  invalid: [
    {
      name: 'a value read from another module is no correlation ID',
      code: code(
        "import cache from './cache';",
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        'const events = new EventBridgeClient({});',
        'export const handler = async (event: { orderId: string }) => {',
        "  await events.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId: event.orderId, ids: cache.get(event.orderId) }) }] }));",
        '};',
      ),
      errors: [{ messageId: 'missingCorrelationId', data: { service: 'EventBridge', operation: 'PutEvents', field: 'correlationId' }, line: 5 }],
    },
    {
      name: 'with helpers set without it, the same publish is an SNS Publish like any other',
      languageOptions: commonjs,
      options: [{ helpers: ['captureAWSv3Client'] }],
      code: daznPublish,
      errors: [
        {
          messageId: 'missingCorrelationId',
          data: { service: 'SNS', operation: 'Publish', field: 'correlationId' },
          ...at(daznPublish, 'SNS.publish({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ total: 42 }) })'),
        },
      ],
    },
  ],
});

ruleTester.run('propagate-trace-id', rule, {
  valid: [
    {
      name: 'SQS v3: correlationId in the JSON body (TypeScript)',
      filename: 'handler.ts',
      code: code(
        "import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';",
        'const sqs = new SQSClient({});',
        'export const handler = async (event: { body: string; headers: Record<string, string> }) => {',
        "  const correlationId = event.headers['x-correlation-id'];",
        "  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ type: 'OrderPlaced', correlationId }) }));",
        '  return { statusCode: 202 };',
        '};',
      ),
    },
    {
      name: 'SNS v2: x-correlation-id message attribute (CommonJS)',
      filename: 'handler.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'const sns = new AWS.SNS();',
        'const publish = (id, message) => sns.publish({',
        '  TopicArn: process.env.TOPIC_ARN,',
        '  Message: JSON.stringify(message),',
        "  MessageAttributes: { 'x-correlation-id': { DataType: 'String', StringValue: id } },",
        '}).promise();',
        "exports.notify = async (id) => publish(id, { type: 'Ping' });",
        "exports.static = async (id) => sns.publish({ TopicArn: 'arn', Message: 'ping', MessageAttributes: { 'X-Correlation-Id': { DataType: 'String', StringValue: id } } }).promise();",
      ),
    },
    {
      name: 'EventBridge v3: entries built from the incoming records (forwarding what came in)',
      code: code(
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        'const events = new EventBridgeClient({});',
        'export const handler = async (event) => {',
        '  await events.send(new PutEventsCommand({',
        "    Entries: event.Records.map((record) => ({ Source: 'orders', DetailType: 'OrderChanged', Detail: JSON.stringify({ order: record.dynamodb.NewImage }) })),",
        '  }));',
        '};',
      ),
    },
    {
      name: 'Kinesis v2: a request ID taken from the context (ESM)',
      code: code(
        "import AWS from 'aws-sdk';",
        'const kinesis = new AWS.Kinesis();',
        'export const handler = async (event, context) => {',
        "  await kinesis.putRecord({ StreamName: 'clicks', PartitionKey: 'p', Data: JSON.stringify({ kind: 'click', requestId: context.awsRequestId }) }).promise();",
        '};',
      ),
    },
    {
      name: 'Step Functions: the whole event as input; async Lambda invoke with correlation_id',
      code: code(
        "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const sfn = new SFNClient({});',
        'const lambda = new LambdaClient({});',
        'export const handler = async (event) => {',
        '  await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.MACHINE, input: JSON.stringify(event) }));',
        "  await lambda.send(new InvokeCommand({ FunctionName: 'audit', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ correlation_id: 'x', action: 'audit' })) }));",
        "  await lambda.send(new InvokeCommand({ FunctionName: 'price', Payload: JSON.stringify({ action: 'price' }) }));",
        '};',
      ),
    },
    {
      name: 'a payload the rule cannot read is not judged',
      code: code(
        "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
        'const sns = new SNSClient({});',
        'export const publish = (message) => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify(message) }));',
        "export const merged = (extra) => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ type: 'x', ...extra }) }));",
        "export const attrs = (attributes) => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: 'ping', MessageAttributes: attributes }));",
      ),
    },
    {
      name: 'a client instrumented with X-Ray (Powertools Tracer) carries the trace header to SQS',
      filename: 'handler.ts',
      code: code(
        "import { Tracer } from '@aws-lambda-powertools/tracer';",
        "import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';",
        'const tracer = new Tracer();',
        'const sqs = tracer.captureAWSv3Client(new SQSClient({}));',
        'const other = new SQSClient({});',
        'tracer.captureAWSv3Client(other);',
        "export const handler = async (): Promise<void> => {",
        "  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ type: 'Tick' }) }));",
        "  await other.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ type: 'Tock' }) }));",
        '};',
      ),
    },
    {
      name: 'helpers option: a team module that adds correlation IDs, and a wrapping function',
      options: [{ helpers: ['@acme/messaging', 'withCorrelation'] }],
      code: code(
        "import { SendMessageCommand } from '@aws-sdk/client-sqs';",
        "import { sqs } from '@acme/messaging';",
        "import { withCorrelation } from './correlation.js';",
        "export const a = () => sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify({ type: 'A' }) }));",
        "export const b = (client) => client.send(withCorrelation(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify({ type: 'B' }) })));",
      ),
    },
    {
      name: 'fields option, and an ID nested in an envelope',
      options: [{ fields: ['requestChain', 'correlationId'] }],
      code: code(
        "import { SNS } from '@aws-sdk/client-sns';",
        'const sns = new SNS({});',
        'const chain = () => process.env.CHAIN;',
        "export const a = () => sns.publish({ TopicArn: 't', Message: JSON.stringify({ requestChain: chain(), type: 'A' }) });",
        "export const b = () => sns.publish({ TopicArn: 't', Message: JSON.stringify({ metadata: { correlationId: chain() }, data: { type: 'B' } }) });",
      ),
    },
    {
      name: 'SendMessageBatch: each entry carries the ID as a message attribute; EventBridge TraceHeader',
      code: code(
        "import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';",
        "import { EventBridge } from '@aws-sdk/client-eventbridge';",
        'const sqs = new SQSClient({});',
        'const bus = new EventBridge({});',
        'export const fanOut = (id, jobs) => sqs.send(new SendMessageBatchCommand({',
        "  QueueUrl: 'q',",
        "  Entries: jobs.map((job, i) => ({ Id: String(i), MessageBody: JSON.stringify(job), MessageAttributes: { correlationId: { DataType: 'String', StringValue: id } } })),",
        '}));',
        "export const emit = (trace) => bus.putEvents({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}', TraceHeader: trace }] });",
      ),
    },
    {
      name: 'forwarding the whole incoming record, body or detail (traps: business fields beside them)',
      code: code(
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
        'const events = new EventBridgeClient({});',
        'const sfn = new SFNClient({});',
        'export const handler = async (event) => {',
        '  for (const record of event.Records) {',
        "    await events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'Changed', Detail: JSON.stringify(record) }] }));",
        '    const body = JSON.parse(record.body);',
        "    await events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'Received', Detail: JSON.stringify({ ...body, status: 'received' }) }] }));",
        "    await sfn.send(new StartExecutionCommand({ stateMachineArn: 'm', input: JSON.stringify({ request: body, step: 1 }) }));",
        '  }',
        '};',
      ),
    },
    {
      name: 'a request, message or event ID, by field name or by the value it is given; a Step Functions traceHeader',
      code: code(
        "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
        "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
        'const sqs = new SQSClient({});',
        'const sfn = new SFNClient({});',
        'export const handler = async (event, context) => {',
        '  const detail = event.detail;',
        "  await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify({ orderId: detail.orderId, requestId: detail.requestId }) }));",
        "  await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify({ orderId: detail.orderId, cause: event.id, rid: context.awsRequestId }) }));",
        "  await sfn.send(new StartExecutionCommand({ stateMachineArn: 'm', input: JSON.stringify({ orderId: detail.orderId }), traceHeader: process.env._X_AMZN_TRACE_ID }));",
        '};',
      ),
    },
    {
      name: 'a record processor wrapped in makeIdempotent and called with each record',
      code: code(
        "import { makeIdempotent } from '@aws-lambda-powertools/idempotency';",
        "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
        'const sqs = new SQSClient({});',
        "const processRecord = async (record) => sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify({ id: record.messageId }) }));",
        'const processOnce = makeIdempotent(processRecord, { persistenceStore });',
        'export const handler = async (event) => { for (const record of event.Records) await processOnce(record); };',
      ),
    },
    {
      name: 'Firehose v3: the record is spread from the incoming batch',
      code: code(
        "import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose';",
        'const firehose = new FirehoseClient({});',
        'export const handler = async ({ Records }) => {',
        '  for (const record of Records) {',
        "    await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'audit', Record: { Data: Buffer.from(JSON.stringify({ ...record, kind: 'audit' })) } }));",
        '  }',
        '};',
      ),
    },
  ],
  invalid: [
    {
      name: 'a business ID alone is not a correlation ID, even taken from the event (same-file function given event data)',
      code: code(
        "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
        'const sns = new SNSClient({});',
        'async function publishShipped(detail) {',
        "  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ type: 'Shipped', orderId: detail.orderId }) }));",
        '}',
        'export const lambdaHandler = async (event) => publishShipped(event.detail);',
      ),
      errors: [{ messageId: 'missingCorrelationId', line: 4 }],
    },
    {
      name: 'Powertools batch processing: a business ID picked out of the record is not a correlation ID (TypeScript)',
      filename: 'handler.ts',
      code: code(
        "import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';",
        "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
        "import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';",
        'const sns = new SNSClient({});',
        'const processor = new BatchProcessor(EventType.SQS);',
        'const recordHandler = async (record: SQSRecord): Promise<void> => {',
        '  const order = JSON.parse(record.body);',
        "  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ type: 'Processed', orderId: order.id }) }));",
        '};',
        'export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, recordHandler, processor, { context });',
      ),
      errors: [{ messageId: 'missingCorrelationId', line: 8 }],
    },
    {
      name: 'an SQS handler whose event carries a status and another call\'s response: input built away from the call is reported at the call',
      code: code(
        "import AWS from 'aws-sdk';",
        'const bus = new AWS.EventBridge();',
        'const ecs = new AWS.ECS();',
        'export const handler = async (event) => {',
        '  for (const record of event.Records) {',
        '    const upload = JSON.parse(record.body);',
        '    const task = await ecs.runTask({ cluster: process.env.CLUSTER, overrides: { key: upload.key } }).promise();',
        "    const params = { Entries: [{ Source: 'etl', DetailType: 'task-started', Detail: JSON.stringify({ status: 'ok', data: task }) }] };",
        '    await bus.putEvents(params).promise();',
        '  }',
        '};',
      ),
      errors: [{ messageId: 'missingCorrelationId', data: { service: 'EventBridge', operation: 'PutEvents', field: 'correlationId' }, line: 9 }],
    },
    {
      name: 'Step Functions inputs of business fields taken from the request or the stream record\'s keys, without a traceHeader',
      code: code(
        "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
        'const sfn = new SFNClient({});',
        'export const handler = async (event) => {',
        '  const tripId = event.queryStringParameters.tripId;',
        "  await sfn.send(new StartExecutionCommand({ stateMachineArn: 'm', input: JSON.stringify({ trip_id: tripId, hotel: 'inn' }) }));",
        '  const key = { pk: event.Records[0].dynamodb.Keys.pk.S, sk: event.Records[0].dynamodb.Keys.sk.S };',
        "  await sfn.send(new StartExecutionCommand({ stateMachineArn: 'm', input: JSON.stringify({ ...key, eligibleAt: Date.now() }) }));",
        '};',
      ),
      errors: [
        { messageId: 'missingCorrelationId', data: { service: 'StepFunctions', operation: 'StartExecution', field: 'correlationId' }, line: 5 },
        { messageId: 'missingCorrelationId', data: { service: 'StepFunctions', operation: 'StartExecution', field: 'correlationId' }, line: 7 },
      ],
    },
    {
      name: 'EventBridge entries carrying the business IDs of the incoming event only',
      code: code(
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        'const events = new EventBridgeClient({});',
        'export const handler = async (event) => {',
        '  const { customerId, claimId } = event.detail;',
        "  await events.send(new PutEventsCommand({ Entries: [{ Source: 'claims', DetailType: 'Claim.Accepted', Detail: JSON.stringify({ customerId, claimId }) }] }));",
        '};',
      ),
      errors: [{ messageId: 'missingCorrelationId', line: 5 }],
    },
    {
      name: 'SQS v3: a body built from nothing the event carried (TypeScript)',
      filename: 'handler.ts',
      code: code(
        "import { randomUUID } from 'node:crypto';",
        "import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';",
        'const sqs = new SQSClient({});',
        'export const handler = async (): Promise<void> => {',
        '  const order = { id: randomUUID(), createdAt: Date.now() };',
        '  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(order) }));',
        '};',
      ),
      errors: [
        {
          messageId: 'missingCorrelationId',
          data: { service: 'SQS', operation: 'SendMessage', field: 'correlationId' },
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 113,
        },
      ],
    },
    {
      name: 'SNS v2: a plain-text message and attributes without an ID (CommonJS)',
      filename: 'handler.js',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'const sns = new AWS.SNS();',
        'exports.handler = async () => {',
        "  await sns.publish({ TopicArn: process.env.TOPIC_ARN, Message: 'refresh', MessageAttributes: { kind: { DataType: 'String', StringValue: 'cache' } } }).promise();",
        '};',
      ),
      errors: [{ messageId: 'missingCorrelationId', data: { service: 'SNS', operation: 'Publish', field: 'correlationId' }, line: 4, column: 9, endLine: 4, endColumn: 152 }],
    },
    {
      name: 'EventBridge v3: each entry literal is reported on its own',
      code: code(
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        'const events = new EventBridgeClient({});',
        'export const handler = async () => {',
        '  await events.send(new PutEventsCommand({',
        '    Entries: [',
        "      { Source: 'billing', DetailType: 'InvoiceRun', Detail: JSON.stringify({ month: new Date().getMonth() }) },",
        "      { Source: 'billing', DetailType: 'Audit', Detail: JSON.stringify({ correlationId: process.env.RUN_ID }) },",
        "      { Source: 'billing', DetailType: 'Heartbeat', Detail: '{}' },",
        '    ],',
        '  }));',
        '};',
      ),
      errors: [
        { messageId: 'missingCorrelationId', data: { service: 'EventBridge', operation: 'PutEvents', field: 'correlationId' }, line: 6, column: 7, endLine: 6, endColumn: 112 },
        { messageId: 'missingCorrelationId', data: { service: 'EventBridge', operation: 'PutEvents', field: 'correlationId' }, line: 8, column: 7, endLine: 8, endColumn: 67 },
      ],
    },
    {
      name: 'Kinesis v2: records mapped from a scan, not from the event',
      code: code(
        "import AWS from 'aws-sdk';",
        'const kinesis = new AWS.Kinesis();',
        'const db = new AWS.DynamoDB.DocumentClient();',
        'export const handler = async () => {',
        "  const { Items } = await db.scan({ TableName: 'orders' }).promise();",
        "  await kinesis.putRecords({ StreamName: 'orders', Records: Items.map((item) => ({ PartitionKey: item.pk, Data: JSON.stringify({ pk: item.pk, total: item.total }) })) }).promise();",
        '};',
      ),
      errors: [{ messageId: 'missingCorrelationId', data: { service: 'Kinesis', operation: 'PutRecords', field: 'correlationId' }, line: 6, column: 82, endLine: 6, endColumn: 165 }],
    },
    {
      name: 'Step Functions and an asynchronous Lambda invoke with static payloads',
      code: code(
        "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
        "import { InvocationType, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const sfn = new SFNClient({});',
        'const lambda = new LambdaClient({});',
        'export const handler = async () => {',
        "  await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.MACHINE, input: JSON.stringify({ mode: 'nightly' }) }));",
        "  await lambda.send(new InvokeCommand({ FunctionName: 'refresh', InvocationType: InvocationType.Event, Payload: JSON.stringify({ action: 'refresh' }) }));",
        '};',
      ),
      errors: [
        { messageId: 'missingCorrelationId', data: { service: 'StepFunctions', operation: 'StartExecution', field: 'correlationId' }, line: 6, column: 18, endLine: 6, endColumn: 129 },
        { messageId: 'missingCorrelationId', data: { service: 'Lambda', operation: 'Invoke', field: 'correlationId' }, line: 7, column: 21, endLine: 7, endColumn: 153 },
      ],
    },
    {
      name: 'a module function that is not a handler: its parameters are not the event',
      filename: 'publisher.ts',
      code: code(
        "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
        'const sns = new SNSClient({});',
        'export async function publishOrderCreated(order: { id: string }): Promise<void> {',
        "  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ type: 'OrderCreated', orderId: order.id }) }));",
        '}',
      ),
      errors: [{ messageId: 'missingCorrelationId', line: 4, column: 18, endLine: 4, endColumn: 143 }],
    },
    {
      name: 'X-Ray does not trace through Kinesis: a captured client is still reported',
      code: code(
        "import { Tracer } from '@aws-lambda-powertools/tracer';",
        "import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';",
        'const tracer = new Tracer();',
        'const kinesis = tracer.captureAWSv3Client(new KinesisClient({}));',
        "export const handler = async () => kinesis.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'p', Data: Buffer.from(JSON.stringify({ kind: 'tick' })) }));",
      ),
      errors: [{ messageId: 'missingCorrelationId', data: { service: 'Kinesis', operation: 'PutRecord', field: 'correlationId' }, line: 5, column: 49, endLine: 5, endColumn: 162 }],
    },
    {
      name: 'the first name in fields is the one the message suggests; Firehose batch via a const',
      options: [{ fields: ['requestChain'] }],
      code: code(
        "import { Firehose } from '@aws-sdk/client-firehose';",
        'const firehose = new Firehose({});',
        "const records = [{ Data: Buffer.from(JSON.stringify({ correlationId: 'not-the-configured-field' })) }];",
        "export const handler = async () => firehose.putRecordBatch({ DeliveryStreamName: 'audit', Records: records });",
      ),
      errors: [{ messageId: 'missingCorrelationId', data: { service: 'Firehose', operation: 'PutRecordBatch', field: 'requestChain' }, line: 3, column: 18, endLine: 3, endColumn: 102 }],
    },
    {
      name: 'SendMessageBatch: only the entry without an ID is reported',
      code: code(
        "import { SQS } from '@aws-sdk/client-sqs';",
        'const sqs = new SQS({});',
        'export const handler = async () => sqs.sendMessageBatch({',
        "  QueueUrl: 'q',",
        '  Entries: [',
        "    { Id: '1', MessageBody: JSON.stringify({ traceId: process.env.TRACE }) },",
        "    { Id: '2', MessageBody: JSON.stringify({ step: 2 }) },",
        '  ],',
        '});',
      ),
      errors: [{ messageId: 'missingCorrelationId', line: 7, column: 5, endLine: 7, endColumn: 58 }],
    },
  ],
});

// A payload a same-file helper reads from its parameter (`payload.detail`) is judged by what each
// caller passes, as the caller has it when it calls: property assignments before the call included.
const emitHelper = (fill: string, source = "JSON.parse(event.Records[0].body)") => code(
  "const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');",
  'const bus = new EventBridgeClient({});',
  'exports.handler = async (event) => {',
  `  const incoming = ${source};`,
  "  const payload = { source: 'orders', detail: { orderId: incoming.orderId } };",
  `  ${fill}`,
  '  await emit(payload);',
  '};',
  'async function emit(payload) {',
  "  const command = new PutEventsCommand({ Entries: [{ Source: payload.source, DetailType: 'OrderAccepted', Detail: JSON.stringify(payload.detail) }] });",
  '  return bus.send(command);',
  '}',
);

const destructured = code(
  "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');",
  'const sqs = new SQSClient({});',
  'exports.handler = async (event) => {',
  '  for (const record of event.Records) await send({ body: { orderId: JSON.parse(record.body).orderId } });',
  '};',
  'const send = ({ body }) => sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(body) }));',
);

ruleTester.run('propagate-trace-id: payloads followed into the callers of a same-file helper', rule, {
  valid: [
    {
      name: 'the caller adds the correlation ID by a property assignment before the call',
      languageOptions: commonjs,
      code: emitHelper('payload.detail = { ...payload.detail, correlationId: incoming.correlationId };'),
    },
    {
      name: 'the caller forwards the incoming message as the detail',
      languageOptions: commonjs,
      code: emitHelper('payload.detail = incoming;'),
    },
    {
      name: 'a helper whose callers cannot be read stays silent',
      languageOptions: commonjs,
      code: code(
        "const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');",
        'const bus = new EventBridgeClient({});',
        'exports.emit = async (payload) => {',
        "  await bus.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'x', Detail: JSON.stringify(payload.detail) }] }));",
        '};',
      ),
    },
  ],
  invalid: [
    {
      name: 'a business ID alone, with more fields assigned before the call, reported at the send',
      languageOptions: commonjs,
      code: emitHelper("payload.detail = { ...payload.detail, status: 'accepted' };"),
      errors: [{
        messageId: 'callerPassesNoCorrelationId', data: { caller: 'handler', service: 'EventBridge', operation: 'PutEvents' },
        ...at(emitHelper("payload.detail = { ...payload.detail, status: 'accepted' };"), 'bus.send(command)'),
      }],
    },
    {
      name: 'a destructured parameter: the detail the caller passes has no correlation ID',
      languageOptions: commonjs,
      code: destructured,
      errors: [{
        messageId: 'callerPassesNoCorrelationId', data: { caller: 'handler', service: 'SQS', operation: 'SendMessage' },
        ...at(destructured, 'new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(body) })'),
      }],
    },
  ],
});

describe('sls/propagate-trace-id in project mode: into wrapper modules', () => {
  const project = (wrapper: string, call: string) => {
    const root = mkdtempSync(path.join(tmpdir(), 'sls-trace-'));
    mkdirSync(path.join(root, 'src/clients'), { recursive: true });
    writeFileSync(path.join(root, 'template.yaml'), [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Worker:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: src/worker.handler',
      '      Tracing: Active',
      '      Environment:',
      '        Variables:',
      '          TOPIC: !Ref Topic',
      '      Events:',
      '        Api:',
      '          Type: HttpApi',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '',
    ].join('\n'));
    writeFileSync(path.join(root, 'src/clients/events.client.ts'), wrapper);
    writeFileSync(path.join(root, 'src/worker.ts'), [
      "import { publish } from './clients/events.client.js';",
      'export const handler = async (event: { orderId: string; correlationId: string }) => {',
      `  await ${call};`,
      '};',
      '',
    ].join('\n'));
    return root;
  };
  const WRAPPER = [
    "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
    'const sns = new SNSClient({});',
    'export async function publish(detail: object) {',
    '  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: JSON.stringify(detail) }));',
    '}',
  ].join('\n');
  const findings = async (root: string) =>
    flattenFindings(JSON.parse((await runCli(['--format', 'json'], root)).stdout) as LintResult[], root).filter((f) => f.ruleId === 'sls/propagate-trace-id');

  it('reports the call that hands the wrapper a message without the correlation ID', async () => {
    expect(await findings(project(WRAPPER, 'publish({ orderId: event.orderId, correlationId: event.correlationId })'))).toEqual([]);
    // A business ID taken from the event is not a correlation ID.
    expect(await findings(project(WRAPPER, 'publish({ orderId: event.orderId, status: "shipped" })'))).toHaveLength(1);
    expect(await findings(project(WRAPPER, 'publish({ status: "shipped" })'))).toEqual([
      { file: 'src/worker.ts', line: 3, column: 9, ruleId: 'sls/propagate-trace-id', severity: 1 },
    ]);
  });

  it('a payload that is a parameter is judged by its callers: reported at the send when one passes a value made from nothing that came in', async () => {
    const sending = WRAPPER.replace('detail: object', 'body: string').replace('Message: JSON.stringify(detail)', 'Message: body');
    const worker = (loop: string) => [
      "import { publish } from './clients/events.client.js';",
      "import { readRows } from './rows.js';",
      'export const handler = async (event: { Records: { body: string }[] }) => {',
      `  ${loop}`,
      '};',
      '',
    ].join('\n');
    const root = project(sending, 'publish("")');
    writeFileSync(path.join(root, 'src/rows.ts'), 'export const readRows = async (): Promise<object[]> => [];\n');
    writeFileSync(path.join(root, 'src/worker.ts'), worker('for (const row of await readRows()) await publish(JSON.stringify(row));'));
    expect(await findings(root)).toEqual([{ file: 'src/clients/events.client.ts', line: 4, column: 18, ruleId: 'sls/propagate-trace-id', severity: 1 }]);
    // The trap: forwarding each incoming record's body, which the wrapper cannot see but the caller can.
    writeFileSync(path.join(root, 'src/worker.ts'), worker('for (const record of event.Records) await publish(record.body);'));
    expect(await findings(root)).toEqual([]);
  });

  it('a wrapper that adds the ID itself makes its callers clean', async () => {
    const adding = WRAPPER.replace(
      'Message: JSON.stringify(detail) }',
      "Message: JSON.stringify(detail), MessageAttributes: { correlationId: { DataType: 'String', StringValue: currentCorrelationId() } } }",
    );
    expect(await findings(project(adding, 'publish({ status: "shipped" })'))).toEqual([]);
  });
});
