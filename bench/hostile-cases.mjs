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

// ---------------------------------------------------------------------------------------------
// Handler code

/**
 * One handler module of about `bytes` bytes: many small functions, each calling the one before, with
 * an SDK call every hundredth. The declarations and the function around each node are looked up per
 * module, so what was quadratic in the number of functions shows here.
 */
export function bigHandler(root, { bytes }) {
  const lines = [
    "const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');",
    'const db = new DynamoDBClient({});',
    'function f0(x) { return x; }',
  ];
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  let i = 1;
  for (; size < bytes - 200; i++) {
    const line = i % 100 === 0
      ? `async function f${i}(x) { await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { pk: { S: String(x) } } })); return f${i - 1}(x); }`
      : `function f${i}(x) { const y = x + ${i}; return f${i - 1}(y) * 2; }`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push(`exports.handler = async (event) => f${i - 1}(event.Records.length);`);
  write(root, {
    'template.yaml': oneFunction('app.handler').replace('Resources:\n', 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n') +
      '      Environment:\n        Variables:\n          TABLE: !Ref Table\n',
    'app.js': `${lines.join('\n')}\n`,
  });
  return { functions: i, bytes: size };
}

/** A bundler's output: 1 MB of code on one line, then the source map comment. */
export function minifiedBundle(root, { bytes = 1024 * 1024 } = {}) {
  const parts = ['"use strict";var e=require("@aws-sdk/client-sqs"),t=new e.SQSClient({})'];
  let size = parts[0].length;
  for (let i = 0; size < bytes - 200; i++) {
    const part = `,a${i.toString(36)}=function(r){return r.map(function(n){return n+${i}}).filter(Boolean)}`;
    parts.push(part);
    size += part.length;
  }
  parts.push(';exports.handler=async function(r){await t.send(new e.SendMessageCommand({QueueUrl:process.env.QUEUE,MessageBody:JSON.stringify(r)}))};');
  write(root, {
    'template.yaml': oneFunction('dist/app.handler'),
    'dist/app.js': `${parts.join('')}\n//# sourceMappingURL=app.js.map\n`,
    'dist/app.js.map': '{"version":3,"sources":[],"names":[],"mappings":""}\n',
  });
  return { bytes: size };
}

/** Valid code nested deep: one expression of `depth` chained additions (the issue's case overflowed the parser at 900). */
export function chainedAdditions(root, { depth = 900 } = {}) {
  write(root, { 'template.yaml': oneFunction('app.handler'), 'app.ts': `export const handler = async () => ${Array(depth).fill("'a'").join(' + ')};\n` });
  return { depth };
}

// ---------------------------------------------------------------------------------------------
// Documents

/** A "billion laughs": nine levels of nine aliases each. */
export function aliasBomb(root) {
  const names = 'abcdefghi';
  let text = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < names.length; i++) text += `${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
  write(root, { 'template.yaml': text });
  return { bytes: text.length };
}

/** A JSON template nested 10,000 objects deep. */
export function deepJson(root, { depth = 10_000 } = {}) {
  const text = `{"Resources": {"Deep": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
  write(root, { 'template.json': text });
  return { depth };
}

/** A map of 40,000 keys whose last key repeats the first: the duplicate check once compared every pair. */
export function duplicateKeys(root, { keys = 40_000 } = {}) {
  let text = 'Resources:\n';
  for (let i = 0; i < keys; i++) text += `  Queue${i}: {Type: AWS::SQS::Queue}\n`;
  text += '  Queue0: {Type: AWS::SQS::Queue}\n';
  write(root, { 'template.yaml': text });
  return { keys: keys + 1, bytes: text.length };
}

/** `${self:}` variables that refer to each other. */
export function selfCycle(root) {
  write(root, {
    'serverless.yml': [
      'service: cycle', 'provider:', '  name: aws', '  runtime: nodejs20.x', '  environment:', '    A: ${self:custom.a}',
      'custom:', '  a: ${self:custom.b}', '  b: ${self:custom.a}', 'functions:', '  f:', '    handler: h.handler', '',
    ].join('\n'),
    'h.js': 'exports.handler = async () => process.env.A;\n',
  });
  return {};
}

/** Two snippets that include each other. */
export function includeRing(root) {
  write(root, {
    'template.yaml': 'Resources:\n  Queue:\n    Fn::Include: ./a.yaml\n',
    'a.yaml': 'Fn::Include: ./b.yaml\n',
    'b.yaml': 'Fn::Include: ./a.yaml\n',
  });
  return {};
}

/** `a: ${self:custom.b}-${self:custom.b}…`, 26 levels of six: each doubles what the one below gives. */
export function variableBomb(root) {
  const names = 'abcdefghijklmnopqrstuvwxyz';
  const custom = [...names].map((name, i) => `  ${name}: ${i === names.length - 1 ? 'lol' : Array(6).fill(`\${self:custom.${names[i + 1]}}`).join('-')}`);
  write(root, { 'serverless.yml': `service: bomb\nprovider:\n  name: aws\n  runtime: nodejs20.x\ncustom:\n${custom.join('\n')}\nfunctions:\n  f:\n    handler: h.handler\n`, 'h.js': 'exports.handler = async () => 1;\n' });
  return {};
}

// ---------------------------------------------------------------------------------------------
// Event graphs

/**
 * One function putting to the default bus that `others` more put to and are triggered by: the
 * event-cycle search from the one used to try every order of the others.
 */
export function sharedBus(root, { others = 80 } = {}) {
  const lines = [
    'Transform: AWS::Serverless-2016-10-31', 'Globals:', ' Function: {Runtime: nodejs20.x, CodeUri: src/, Tracing: Active}', 'Resources:',
    ' Source: {Type: AWS::Serverless::Function, Properties: {Handler: put.handler, Events: {Q: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}}}}',
    ' Jobs: {Type: AWS::SQS::Queue}',
  ];
  for (let i = 0; i < others; i++) {
    lines.push(` B${i}: {Type: AWS::Serverless::Function, Properties: {Handler: put.handler, Events: {E: {Type: EventBridgeRule, Properties: {Pattern: {detail-type: [OrderPlaced]}}}}}}`);
  }
  write(root, {
    'template.yaml': `${lines.join('\n')}\n`,
    'src/put.js': [
      "const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');",
      'const events = new EventBridgeClient({});',
      "exports.handler = async () => events.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: '{}' }] }));",
      '',
    ].join('\n'),
  });
  return { functions: others + 1 };
}

/** A synthesized CDK stack of 20,000 constructs: each is named by the shortest tail of its path no other shares. */
export function cdkConstructs(root, { constructs = 20_000 } = {}) {
  const resources = {};
  for (let i = 0; i < constructs; i++) resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic', Metadata: { 'aws:cdk:path': `Shop/Events${i % 100}/Topic${i}/Resource` } };
  resources.Handler = {
    Type: 'AWS::Lambda::Function',
    Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => 1;' }, TracingConfig: { Mode: 'Active' } },
    Metadata: { 'aws:cdk:path': 'Shop/Handler/Resource' },
  };
  write(root, {
    'cdk.out/Shop.template.json': JSON.stringify({ Resources: resources }),
    'cdk.out/manifest.json': JSON.stringify({ version: '36.0.0', artifacts: { Shop: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Shop.template.json' } } } }),
  });
  return { constructs };
}

// ---------------------------------------------------------------------------------------------

const MB = 1024 * 1024;

/** The cases `node bench/run.mjs --hostile` runs, in order; `--hostile-case <name>` runs one. */
export const HOSTILE_CASES = [
  { name: 'template-58k-resources', what: '2 MB SAM template: 1,000 SQS consumers among 58,000 other resources', generate: (root) => bigTemplate(root) },
  { name: 'handler-at-limit', what: 'a handler module of many small functions just under the 1.5 MB code limit', generate: (root) => bigHandler(root, { bytes: 1.5 * MB - 4096 }) },
  { name: 'handler-2mb', what: 'a 2 MB handler module (over the 1.5 MB code limit: refused unread)', generate: (root) => bigHandler(root, { bytes: 2 * MB }) },
  { name: 'handler-5mb', what: 'a 5 MB handler module (over the 1.5 MB code limit: refused unread)', generate: (root) => bigHandler(root, { bytes: 5 * MB }) },
  { name: 'minified-bundle', what: 'a 1 MB one-line bundle with a sourceMappingURL comment', generate: (root) => minifiedBundle(root) },
  { name: 'chained-900', what: "900 chained 'a' + 'a' + … in a handler", generate: (root) => chainedAdditions(root) },
  { name: 'yaml-alias-bomb', what: 'a YAML "billion laughs" (9 levels of 9 aliases)', generate: (root) => aliasBomb(root) },
  { name: 'json-10000-deep', what: 'a JSON template nested 10,000 deep', generate: (root) => deepJson(root) },
  { name: 'duplicate-keys-40000', what: 'a map of 40,000 keys, the last a duplicate', generate: (root) => duplicateKeys(root) },
  { name: 'self-cycle', what: 'a ${self:} variable cycle in serverless.yml', generate: (root) => selfCycle(root) },
  { name: 'include-ring', what: 'an Fn::Include ring of two snippets', generate: (root) => includeRing(root) },
  { name: 'variable-bomb', what: 'serverless.yml variables that double at each of 26 levels', generate: (root) => variableBomb(root) },
  { name: 'shared-bus-80', what: 'one function putting to the default bus 80 others put to and are triggered by', generate: (root) => sharedBus(root) },
  { name: 'cdk-20000-constructs', what: 'a synthesized CDK stack of 20,000 constructs', generate: (root) => cdkConstructs(root) },
];
