// Hostile inputs for the benchmark's hostile mode (`node bench/run.mjs --hostile`): each case writes a
// small project into a folder, at run time, so nothing large is committed. A case is judged on how
// long sls-lint takes and how much memory it holds, not on its findings: every case must answer in
// bounded time, with a valid SARIF log (see docs/performance.md, "Hostile inputs").
//
//   import { HOSTILE_CASES } from './hostile-cases.mjs';
//   HOSTILE_CASES.find((c) => c.name === 'big-template').generate('/tmp/x');
//
// These generators re-implement, in plain JavaScript, the hostile corpus of test/hostile/*.ts
// (which is TypeScript and asserts findings); the big ones here are bigger.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The template size limit's default (READ_LIMITS in src/util/fs-fence.ts): the big template stays just under it. */
export const TEMPLATE_LIMIT_BYTES = 2 * 1024 * 1024;

function write(root, files) {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** A short logical id from a number: a letter then base 62 (AWS logical ids are alphanumeric). */
function shortId(prefix, n) {
  const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let text = '';
  do {
    text = digits[n % 62] + text;
    n = Math.floor(n / 62);
  } while (n > 0);
  return prefix + text;
}

/** One SAM function whose handler is `handler`, with code `code` beside the template. */
function oneFunction(handler = 'app.handler') {
  return [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    '      Tracing: Active',
    `      Handler: ${handler}`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The big template: 1,000 queue consumers among 58,000 other resources.

/**
 * A SAM template just under the size limit: `consumers` functions, each consuming its own SQS queue
 * and writing, through `process.env` names the template binds with `!Ref`, to a DynamoDB table and
 * another queue, and publishing to a topic named by a literal ARN; the rest of the budget is topics
 * and parameters no function touches. Every SDK call's target is resolved against the whole stack:
 * what used to rebuild a set of every logical id per reach and call.
 */
export function bigTemplate(root, { consumers = 1_000, otherResources = 58_000 } = {}) {
  const head = [
    'Transform: AWS::Serverless-2016-10-31',
    'Globals:',
    ' Function: {Runtime: nodejs20.x, CodeUri: src/, Timeout: 10, Tracing: Active}',
    'Resources:',
  ];
  const lines = [...head];
  const files = {};
  for (let i = 0; i < consumers; i++) {
    const next = (i + 1) % consumers;
    lines.push(
      ` ${shortId('F', i)}:`,
      '  Type: AWS::Serverless::Function',
      `  Properties: {Handler: f${i}.handler, Environment: {Variables: {TABLE: !Ref ${shortId('D', i)}, OUT: !Ref ${shortId('Q', next)}}},`,
      `   Events: {S: {Type: SQS, Properties: {Queue: !GetAtt ${shortId('Q', i)}.Arn, FunctionResponseTypes: [ReportBatchItemFailures]}}}}`,
    );
    files[`src/f${i}.js`] = consumerHandler(i);
  }
  let others = 0;
  for (let i = 0; i < consumers; i++, others += 2) {
    lines.push(` ${shortId('Q', i)}: {Type: AWS::SQS::Queue}`, ` ${shortId('D', i)}: {Type: AWS::DynamoDB::Table}`);
  }
  // The topics the handlers publish to by name: the literal ARN matched to a TopicName.
  for (let i = 0; i < consumers; i++, others++) lines.push(` ${shortId('N', i)}: {Type: AWS::SNS::Topic, Properties: {TopicName: n${i}}}`);
  const types = ['AWS::SNS::Topic', 'AWS::S3::Bucket', 'AWS::SQS::Queue'];
  for (let i = 0; others < otherResources; i++, others++) lines.push(` ${shortId('T', i)}: {Type: ${types[i % types.length]}}`);
  const text = `${lines.join('\n')}\n`;
  if (text.length >= TEMPLATE_LIMIT_BYTES) {
    throw new Error(`big template: ${text.length} bytes for ${others} resources, over the ${TEMPLATE_LIMIT_BYTES}-byte limit`);
  }
  files['template.yaml'] = text;
  files['package.json'] = '{"name": "hostile-big-template", "private": true}\n';
  write(root, files);
  return { templateBytes: text.length, functions: consumers, otherResources: others };
}

function consumerHandler(i) {
  return `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');

const db = new DynamoDBClient({});
const sqs = new SQSClient({});
const sns = new SNSClient({});

exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { pk: { S: record.messageId } }, ConditionExpression: 'attribute_not_exists(pk)' }));
      await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: record.body }));
      await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:n${i}', Message: record.body }));
    } catch (error) {
      console.error(error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
`;
}
