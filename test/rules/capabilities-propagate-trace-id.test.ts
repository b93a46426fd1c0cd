import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/propagate-trace-id.js';
import { lintProject } from '../../src/engine/lint.js';
import { writeProject } from '../helpers/temp-project.js';
import { at, code, createRuleTester } from './rule-tester.js';

// Issue 14, propagate-trace-id: each field name that carries a correlation ID (default options), in
// the payload and nested in it, and forwarded message attributes, each beside a business ID alone.
// propagate-trace-id.test.ts has correlationId, requestId, traceId, attributes, trace headers and wrappers.

const ruleTester = createRuleTester();

const sqsV3 = ["import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';", 'const sqs = new SQSClient({});'];
/** A consumer that sends `body` on; line 5 is the send. */
const sendsOn = (body: string) => code(
  ...sqsV3,
  'export const handler = async (event: { Records: { body: string; messageId: string; messageAttributes: object }[] }) => {',
  '  const incoming = JSON.parse(event.Records[0]!.body);',
  `  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.NEXT_QUEUE_URL, MessageBody: JSON.stringify(${body}) }));`,
  '};',
);
const businessOnly = sendsOn('{ orderId: incoming.orderId, customerId: incoming.customerId }');
const forwardsAttributes = code(
  ...sqsV3,
  'export const handler = async (event: { Records: { body: string; messageAttributes: Record<string, { dataType: string; stringValue?: string }> }[] }) => {',
  '  for (const record of event.Records) {',
  '    await sqs.send(new SendMessageCommand({',
  '      QueueUrl: process.env.NEXT_QUEUE_URL,',
  "      MessageBody: JSON.stringify({ status: 'charged' }),",
  '      MessageAttributes: record.messageAttributes,',
  '    }));',
  '  }',
  '};',
);
const newAttributes = forwardsAttributes.replace('MessageAttributes: record.messageAttributes,', "MessageAttributes: { kind: { DataType: 'String', StringValue: 'charge' } },");

ruleTester.run('propagate-trace-id (issue 14): the field names of a correlation ID, and forwarded attributes', rule, {
  valid: [
    ...['causationId', 'correlation_id', 'trace_id', 'eventId', 'messageId'].map((field) => ({
      name: `${field} beside the business ID`,
      filename: 'handler.ts',
      code: sendsOn(`{ orderId: incoming.orderId, ${field}: incoming.${field} }`),
    })),
    {
      name: 'correlationId nested in a metadata envelope (default fields)',
      filename: 'handler.ts',
      code: sendsOn('{ metadata: { correlationId: incoming.metadata.correlationId }, data: { orderId: incoming.orderId } }'),
    },
    { name: 'the incoming record\'s message attributes forwarded whole', filename: 'handler.ts', code: forwardsAttributes },
  ],
  invalid: [
    {
      name: 'trap: business IDs alone (orderId, customerId), even taken from the incoming message',
      filename: 'handler.ts',
      code: businessOnly,
      errors: [{
        messageId: 'missingCorrelationId',
        data: { service: 'SQS', operation: 'SendMessage', field: 'correlationId' },
        ...at(businessOnly, 'new SendMessageCommand({ QueueUrl: process.env.NEXT_QUEUE_URL, MessageBody: JSON.stringify({ orderId: incoming.orderId, customerId: incoming.customerId }) })'),
      }],
    },
    {
      name: 'trap: attributes of its own, without an ID, instead of the incoming ones',
      filename: 'handler.ts',
      code: newAttributes,
      errors: [{ messageId: 'missingCorrelationId', data: { service: 'SQS', operation: 'SendMessage', field: 'correlationId' }, line: 5, column: 20, endLine: 9, endColumn: 7 }],
    },
  ],
});

// Powertools' correlation helper: the correlation ID Powertools for AWS Lambda's Logger keeps
// (logger.getCorrelationId()) counts, as DAZN's correlation-ids helper does (propagate-trace-id.test.ts).
const powertoolsLogger = code(
  "import { Logger } from '@aws-lambda-powertools/logger';",
  "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
  'const logger = new Logger();',
  'const events = new EventBridgeClient({});',
  'export const handler = async (event: { orderId: string }) => {',
  "  await events.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId: event.orderId, ids: logger.getCorrelationId() }) }] }));",
  '};',
);
ruleTester.run('propagate-trace-id (issue 14): the correlation ID Powertools\' Logger keeps', rule, {
  valid: [{ name: 'ids: logger.getCorrelationId()', filename: 'handler.ts', code: powertoolsLogger }],
  invalid: [{
    name: 'trap: ids from some other logger method',
    filename: 'handler.ts',
    code: powertoolsLogger.replace('logger.getCorrelationId()', 'logger.getLevelName()'),
    errors: [{ messageId: 'missingCorrelationId', line: 6 }],
  }],
});

// With the template: Checkout (an HTTP API) sends correlationId on PaymentsQueue; ChargeCard consumes
// PaymentsQueue and publishes to ReceiptsTopic.
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Checkout:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Tracing: Active
      Handler: src/checkout.handler
      Environment:
        Variables:
          PAYMENTS_QUEUE_URL: !Ref PaymentsQueue
      Events:
        Post:
          Type: HttpApi
  ChargeCard:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Tracing: Active
      Handler: src/charge.handler
      Environment:
        Variables:
          RECEIPTS_TOPIC: !Ref ReceiptsTopic
      Events:
        Payments:
          Type: SQS
          Properties:
            Queue: !GetAtt PaymentsQueue.Arn
            BatchSize: 1
  PaymentsQueue:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt PaymentsDlq.Arn
        maxReceiveCount: 3
  PaymentsDlq:
    Type: AWS::SQS::Queue
  ReceiptsTopic:
    Type: AWS::SNS::Topic
`;
const CHECKOUT = `import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event: { body: string; headers: Record<string, string> }) => {
  const order = JSON.parse(event.body);
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.PAYMENTS_QUEUE_URL, MessageBody: JSON.stringify({ orderId: order.id, correlationId: event.headers['x-correlation-id'] }) }));
  return { statusCode: 202 };
};
`;
/** ChargeCard, publishing `fields` (line 5). */
const charge = (fields: string) => `import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler = async (event: { Records: { body: string }[] }, context: { awsRequestId: string }) => {
  const body = JSON.parse(event.Records[0]!.body);
  await sns.send(new PublishCommand({ TopicArn: process.env.RECEIPTS_TOPIC, Message: JSON.stringify({ ${fields} }) }));
};
`;

describe('propagate-trace-id (issue 14): the field the producer of the triggering queue sends', () => {
  const findings = async (fields: string) => {
    const root = writeProject({ 'template.yaml': TEMPLATE, 'src/checkout.ts': CHECKOUT, 'src/charge.ts': charge(fields) });
    const { results } = await lintProject({ cwd: root, rules: ['sls/no-unwrapped-sdk: off'] });
    return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/propagate-trace-id')
      .map((m) => ({ at: `${path.relative(root, r.filePath)}:${m.line}:${m.column}`, messageId: m.messageId, message: m.message })));
  };

  it('trap: the consumer carries correlationId forward', async () => {
    expect(await findings('orderId: body.orderId, correlationId: body.correlationId')).toEqual([]);
  });

  it('a business ID alone is reported, producer or not', async () => {
    expect(await findings('orderId: body.orderId')).toEqual([
      { at: 'src/charge.ts:5:18', messageId: 'missingCorrelationId', message: expect.stringContaining('SNS Publish sends a message with no correlationId') },
    ]);
  });

  // An ID of its own (requestId from the context) is a correlation field, but not the one the producer
  // sent: the trail Checkout started ends here.
  it('the consumer drops the producer\'s correlationId for an ID of its own: named with the producer and the queue', async () => {
    expect(await findings('orderId: body.orderId, requestId: context.awsRequestId')).toEqual([
      { at: 'src/charge.ts:5:18', messageId: 'dropsProducerCorrelationId', message: expect.stringContaining('Checkout sends correlationId on PaymentsQueue; ChargeCard drops it') },
    ]);
  });

  it('trap: the producer\'s ID carried on under another name, or the whole incoming body forwarded', async () => {
    expect(await findings('orderId: body.orderId, requestId: context.awsRequestId, parent: body.correlationId')).toEqual([]);
    expect(await findings('order: body, requestId: context.awsRequestId')).toEqual([]);
  });
});
