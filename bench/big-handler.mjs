// One SAM function whose handler is one large generated module: thousands of small functions that
// call SDK clients, catch errors, emit events with correlation ids and loop. It measures the work
// per module (issue 18: it was quadratic in the module's number of functions).
//
//   node bench/big-handler.mjs --mb 2 --out /tmp/big-2mb
//   cd /tmp/big-2mb && /usr/bin/time -v node <repo>/dist/src/cli/bin.js .
//   node bench/big-handler.mjs --mb 2 --run      # generate, run the built CLI once, report wall, CPU and peak RSS
//
// --js writes app.js (CommonJS) instead of app.ts. The target (docs/security.md, "Why 2 MB for code"):
// a handler at the code size limit answers in under 20 s and 1 GB. This is a measurement, not a test.

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));

/** The source of one handler module of about `bytes` bytes. */
export function bigHandlerSource(bytes, { js = false } = {}) {
  const head = js
    ? [
      "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');",
      "const { DynamoDBDocumentClient, PutCommand, GetCommand } = require('@aws-sdk/lib-dynamodb');",
      "const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');",
      "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');",
    ]
    : [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient, PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';",
      "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
      "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
    ];
  const ann = (t) => (js ? '' : `: ${t}`);
  const parts = [
    ...head,
    'const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    'const events = new EventBridgeClient({});',
    'const sqs = new SQSClient({});',
    'const TABLE = process.env.TABLE_NAME;',
    'const QUEUE = process.env.QUEUE_URL;',
    '',
  ];
  let size = parts.join('\n').length;
  const names = [];
  // The handler at the end calls every 50th function: its lines count toward the size too.
  let tail = 300;
  for (let i = 0; size + tail < bytes - 400; i++) {
    const name = `step${i}`;
    let text;
    switch (i % 8) {
      case 0:
        text = `async function ${name}(item${ann('any')}, correlationId${ann('string')}) {\n  const key = { pk: item.id + '-${i}' };\n  try {\n    await ddb.send(new PutCommand({ TableName: TABLE, Item: { ...key, n: ${i} } }));\n  } catch (err) {\n    console.error('put failed', err);\n    throw err;\n  }\n  return key;\n}\n`;
        break;
      case 1:
        text = `const ${name} = async (detail${ann('any')}, correlationId${ann('string')}) => {\n  const entry = { Source: 'app.step${i}', DetailType: 'Step${i}', Detail: JSON.stringify({ ...detail, correlationId }) };\n  await events.send(new PutEventsCommand({ Entries: [entry] }));\n};\n`;
        break;
      case 2:
        text = `function ${name}(items${ann('any[]')}) {\n  let total = 0;\n  for (const item of items) {\n    if (item.n > ${i % 97}) total += item.n;\n    else total -= 1;\n  }\n  return items.map((x) => ({ ...x, total, tag: 't${i}' }));\n}\n`;
        break;
      case 3:
        text = `async function ${name}(id${ann('string')}) {\n  const out = await ddb.send(new GetCommand({ TableName: TABLE, Key: { pk: id } }));\n  const helper = (v${ann('number')}) => v * ${i % 13};\n  return out.Item ? helper(out.Item.n) : 0;\n}\n`;
        break;
      case 4:
        text = `async function ${name}(body${ann('any')}, correlationId${ann('string')}) {\n  const message = { QueueUrl: QUEUE, MessageBody: JSON.stringify({ body, correlationId, step: ${i} }) };\n  try {\n    await sqs.send(new SendMessageCommand(message));\n  } catch (e) {\n    return false;\n  }\n  return true;\n}\n`;
        break;
      case 6:
        // A wrapper whose payload is its parameter, and a caller passing what a call returned: judged at each caller.
        text = `async function ${name}(payload${ann('unknown')}) {\n  await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE, MessageBody: JSON.stringify(payload) }));\n}\nasync function ${name}Caller(id${ann('string')}) {\n  const data = await step${i - 3}(id);\n  await ${name}(data);\n}\n`;
        break;
      case 7:
        text = `class Step${i} {\n  client = new SQSClient({});\n  last${ann('unknown')};\n  run = async (x${ann('any')}) => {\n    this.last = x;\n    await this.client.send(new SendMessageCommand({ QueueUrl: QUEUE, MessageBody: JSON.stringify({ x, correlationId: x.id }) }));\n  };\n}\nconst ${name} = (x${ann('any')}) => new Step${i}().run(x);\n`;
        break;
      default:
        text = `function ${name}(a${ann('number')}, b = ${i}) {\n  let n = 0;\n  while (n < a) {\n    n += b;\n  }\n  return n;\n}\n`;
        break;
    }
    names.push(name);
    if (i % 50 === 0) tail += `  await ${name}(event, correlationId);`.length + 1;
    parts.push(text);
    size += text.length + 1;
  }
  const calls = names.filter((_, i) => i % 50 === 0).map((n) => `  await ${n}(event, correlationId);`);
  const exp = js ? 'exports.handler = async (event) => {' : 'export const handler = async (event: any) => {';
  parts.push(exp, '  const correlationId = event.headers?.["x-correlation-id"] ?? event.requestContext?.requestId;', ...calls, '  return { statusCode: 200 };', '};', '');
  const source = parts.join('\n');
  if (source.length > bytes) throw new Error(`generated ${source.length} bytes, over the ${bytes} asked for`);
  return { source, functions: names.length };
}

export function bigHandlerProject(out, mb, { js = false } = {}) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'src'), { recursive: true });
  const { source, functions } = bigHandlerSource(Math.round(mb * 1024 * 1024), { js });
  const file = `src/app.${js ? 'js' : 'ts'}`;
  writeFileSync(path.join(out, file), source);
  writeFileSync(path.join(out, 'template.yaml'), [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Table:',
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      BillingMode: PAY_PER_REQUEST',
    '      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]',
    '      KeySchema: [{ AttributeName: pk, KeyType: HASH }]',
    '  Queue:',
    '    Type: AWS::SQS::Queue',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    '      Tracing: Active',
    '      CodeUri: src/',
    '      Handler: app.handler',
    '      Environment:',
    '        Variables:',
    '          TABLE_NAME: !Ref Table',
    '          QUEUE_URL: !Ref Queue',
    '      Policies:',
    '        - DynamoDBCrudPolicy: { TableName: !Ref Table }',
    '        - SQSSendMessagePolicy: { QueueName: !GetAtt Queue.QueueName }',
    '        - EventBridgePutEventsPolicy: { EventBusName: default }',
    '',
  ].join('\n'));
  return { file: path.join(out, file), bytes: source.length, functions };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const get = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const out = path.resolve(get('out', '/tmp/sls-big-handler'));
  const made = bigHandlerProject(out, Number(get('mb', '2')), { js: args.includes('--js') });
  process.stdout.write(`${made.file}: ${made.bytes} bytes, ${made.functions} functions\n`);
  if (args.includes('--run')) {
    const cli = path.join(path.dirname(BENCH), 'dist/src/cli/bin.js');
    const started = performance.now();
    // measure-child runs the CLI in its own process and reports that process's peak RSS and CPU.
    const run = spawnSync(process.execPath, [path.join(BENCH, 'measure-child.mjs'), cli, '--format', 'json', '--output-file', '/dev/null', '.'], { cwd: out, encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    const line = /BENCH_MEASURE (.*)/.exec(run.stderr ?? '');
    if (!line) {
      process.stderr.write(`big-handler: no measurement (exit ${run.status}): ${run.stderr}\n`);
      process.exit(1);
    }
    const { maxRssKb, userMs, systemMs, exitCode } = JSON.parse(line[1]);
    const mb = maxRssKb / 1024;
    const within = wall < 20 && mb < 1024;
    process.stdout.write(`exit ${exitCode}, wall ${wall.toFixed(1)} s, CPU ${((userMs + systemMs) / 1000).toFixed(1)} s, peak RSS ${mb.toFixed(0)} MB: ${within ? 'within' : 'over'} 20 s / 1 GB\n`);
  }
}
