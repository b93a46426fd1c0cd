import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { ProjectAnalysis } from '../../src/analysis/analysis.js';
import { findEventCycles, mayPass } from '../../src/analysis/event-cycles.js';
import { ParseCache } from '../../src/analysis/parse.js';
import type { LintResult } from '../../src/results.js';
import rule from '../../rules/no-event-cycle.js';
import { runCli } from '../helpers/run-cli.js';
import { samFunction, samResource, samTemplate, snsEvent, sqsEvent } from '../helpers/sam-template.js';
import { writeProject } from '../helpers/temp-project.js';
import { at, code, createProjectRuleTester } from './rule-tester.js';

function cyclesOf(template: string, handler: string): string[][] {
  const root = mkdtempSync(path.join(tmpdir(), 'sls-cycles-'));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'template.yaml'), template);
  writeFileSync(path.join(root, 'src/app.ts'), handler);
  const { model } = loadModel(root, [path.join(root, 'template.yaml')]);
  const parses = new ParseCache();
  return findEventCycles(new ProjectAnalysis(model, (f) => parses.parseFile(f))).map((c) => c.path);
}

function cyclesIn(files: Record<string, string>): string[][] {
  const root = writeProject(files);
  const { model } = loadModel(root, [path.join(root, 'template.yaml')]);
  const parses = new ParseCache();
  return findEventCycles(new ProjectAnalysis(model, (f) => parses.parseFile(f))).map((c) => c.path);
}

/** An EventBridge rule on the default bus that matches one detail type. */
function eventBridgeRule(detailType: string): string {
  return ['          Type: EventBridgeRule', '          Properties:', '            Pattern:', `              detail-type: [${detailType}]`].join('\n');
}

const FUNCTION = (events: string, env: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: src/app.handler
      Environment:
        Variables:
${env}
      Events:
${events}
`;

const BUS = `  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: orders
`;

function putEvents(detailType: string): string {
  return `import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
const events = new EventBridgeClient({});
export const handler = async () => {
  await events.send(new PutEventsCommand({ Entries: [{ EventBusName: process.env.BUS, Source: 'orders', DetailType: ${detailType}, Detail: '{}' }] }));
};
`;
}

const RULE = `        Placed:
          Type: EventBridgeRule
          Properties:
            EventBusName: !Ref Bus
            Pattern:
              detail-type: [OrderPlaced]`;

describe('event cycles', () => {
  it('a function that puts the event its own rule matches is a cycle', () => {
    expect(cyclesOf(FUNCTION(RULE, '          BUS: !Ref Bus') + BUS, putEvents("'OrderPlaced'"))).toEqual([['Fn', 'Bus', 'Fn']]);
  });

  it('a detail-type its rule does not match is no cycle; one that cannot be read statically may be', () => {
    expect(cyclesOf(FUNCTION(RULE, '          BUS: !Ref Bus') + BUS, putEvents("'OrderShipped'"))).toEqual([]);
    expect(cyclesOf(FUNCTION(RULE, '          BUS: !Ref Bus') + BUS, putEvents('process.env.TYPE'))).toEqual([['Fn', 'Bus', 'Fn']]);
  });

  it('a write to the bucket that triggers the function is a cycle, unless the key filter excludes the literal key', () => {
    const s3 = (suffix: string) => FUNCTION(`        Uploads:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
            Filter:
              S3Key:
                Rules:
                  - Name: suffix
                    Value: ${suffix}`, '          BUCKET: !Ref Uploads') + '  Uploads:\n    Type: AWS::S3::Bucket\n';
    const handler = `import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async () => {
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'thumbnails/photo.png', Body: '' }));
};
`;
    expect(cyclesOf(s3('.png'), handler)).toEqual([['Fn', 'Uploads', 'Fn']]);
    expect(cyclesOf(s3('.jpg'), handler)).toEqual([]);
  });

  it('an SNS filter policy that requires an attribute the message lacks stops the cycle', () => {
    const template = (policy: string) => FUNCTION(`        Topic:
          Type: SNS
          Properties:
            Topic: !Ref Topic
${policy}`, '          TOPIC: !Ref Topic') + '  Topic:\n    Type: AWS::SNS::Topic\n';
    const handler = `import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler = async () => {
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: '{}', MessageAttributes: { kind: { DataType: 'String', StringValue: 'summary' } } }));
};
`;
    expect(cyclesOf(template('            FilterPolicy:\n              kind: [order]'), handler)).toEqual([]);
    expect(cyclesOf(template('            FilterPolicy:\n              kind: [summary]'), handler)).toEqual([['Fn', 'Topic', 'Fn']]);
    expect(cyclesOf(template(''), handler)).toEqual([['Fn', 'Topic', 'Fn']]);
  });

  it('names each function of a cycle through an invoke once', () => {
    const root = writeProject({
      'template.yaml': samTemplate({
        Api: samFunction({ handler: 'src/api.handler', environment: { WORKER: '!Ref Worker' }, events: { Done: snsEvent('Done') } }),
        Worker: samFunction({ handler: 'src/worker.handler', environment: { DONE: '!Ref Done' } }),
        Done: samResource('AWS::SNS::Topic'),
      }),
      'src/api.ts': code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const lambda = new LambdaClient({});',
        "export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: process.env.WORKER, InvocationType: 'Event' }));",
      ),
      'src/worker.ts': code(
        "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
        'const sns = new SNSClient({});',
        "export const handler = async () => sns.send(new PublishCommand({ TopicArn: process.env.DONE, Message: '{}' }));",
      ),
    });
    const { model } = loadModel(root, [path.join(root, 'template.yaml')]);
    const parses = new ParseCache();
    expect(findEventCycles(new ProjectAnalysis(model, (f) => parses.parseFile(f))).map((c) => c.path)).toEqual([['Api', 'Worker', 'Done', 'Api']]);
  });

  it('a detail type a shared helper is given is read at every call on the way: defaults, destructuring, lookups by key, both sides of ?:', () => {
    // Orders puts OrderPlaced or OrderAudited through a helper; Billing answers OrderPlaced with
    // InvoiceIssued, which Orders' rule matches: a cycle on the one bus, closed in the shared module.
    const cycles = (billingType: string) => cyclesIn({
      'template.yaml': samTemplate({
        Orders: samFunction({ handler: 'src/orders.handler', events: { Invoiced: eventBridgeRule('InvoiceIssued') } }),
        Billing: samFunction({ handler: 'src/billing.handler', events: { Placed: eventBridgeRule('OrderPlaced') } }),
      }),
      'src/lib/bus.ts': code(
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        'const client = new EventBridgeClient({});',
        'export const put = (entry: { type: string; source: string }, detail: unknown) =>',
        '  client.send(new PutEventsCommand({ Entries: [{ DetailType: entry.type, Source: entry.source, Detail: JSON.stringify(detail) }] }));',
      ),
      'src/lib/order-events.ts': code(
        "import { put } from './bus';",
        "const TYPES = { placed: 'OrderPlaced', audited: 'OrderAudited' };",
        "export function emit(kind: 'placed' | 'audited', detail: unknown, { types = TYPES, source = 'orders' } = {}) {",
        '  const type = types[kind];',
        '  return put({ type, source }, detail);',
        '}',
      ),
      'src/orders.ts': code(
        "import { emit } from './lib/order-events';",
        'export const handler = async (event: { detail: { urgent: boolean } }) => {',
        "  await emit(event.detail.urgent ? 'audited' : 'placed', event.detail);",
        '};',
      ),
      'src/billing.ts': code(
        "import { put } from './lib/bus';",
        `export const handler = async (event: { detail: unknown }) => put({ type: ${billingType}, source: 'billing' }, event.detail);`,
      ),
    });
    expect(cycles("'InvoiceIssued'")).toEqual([['Billing', 'default', 'Orders', 'default', 'Billing']]);
    // A detail type no rule matches closes no cycle; one known only at run time may.
    expect(cycles("'InvoiceDrafted'")).toEqual([]);
    expect(cycles('String(event.detail)')).toEqual([['Billing', 'default', 'Orders', 'default', 'Billing']]);
  });

  it('a helper\'s parameter no followed call gives (the runtime calls the handler) may be anything', () => {
    const cycles = cyclesIn({
      'template.yaml': samTemplate({ Fn: samFunction({ handler: 'src/app.handler', events: { Placed: eventBridgeRule('OrderPlaced') } }) }),
      'src/app.ts': code(
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        'const client = new EventBridgeClient({});',
        'export const handler = async (event: { type: string }) =>',
        "  client.send(new PutEventsCommand({ Entries: [{ DetailType: event.type, Source: 'orders', Detail: '{}' }] }));",
      ),
    });
    expect(cycles).toEqual([['Fn', 'default', 'Fn']]);
  });

  /**
   * Functions F0…F(n-1), each consuming queue Qi and sending to the next one's queue; when `ring`,
   * the last sends back to Q0, or publishes to a topic Q0 subscribes to when `topic`.
   */
  function queueChain(n: number, ring: boolean, topic = false): Record<string, string> {
    const resources: Record<string, string> = {};
    const files: Record<string, string> = {};
    const send = (client: string, command: string, input: string) => code(
      `import { ${command}, ${client} } from '@aws-sdk/client-${client.slice(0, 3).toLowerCase()}';`,
      `const client = new ${client}({});`,
      `export const handler = async () => client.send(new ${command}({ ${input}: process.env.OUT, ${command === 'PublishCommand' ? 'Message' : 'MessageBody'}: '{}' }));`,
    );
    for (let i = 0; i < n; i++) {
      const last = i + 1 === n;
      const out = !last ? `!Ref Q${i + 1}` : !ring ? undefined : topic ? '!Ref Fanout' : '!Ref Q0';
      resources[`F${i}`] = samFunction({ handler: `src/f${i}.handler`, environment: out ? { OUT: out } : {}, events: { In: sqsEvent(`Q${i}`) } });
      resources[`Q${i}`] = samResource('AWS::SQS::Queue');
      files[`src/f${i}.ts`] = last && topic ? send('SNSClient', 'PublishCommand', 'TopicArn') : send('SQSClient', 'SendMessageCommand', 'QueueUrl');
    }
    if (topic) resources['Fanout'] = samResource('AWS::SNS::Topic', 'Subscription:', '  - Protocol: sqs', '    Endpoint: !GetAtt Q0.Arn');
    return { 'template.yaml': samTemplate(resources), ...files };
  }

  it('finds a cycle as long as a path of ten ids before the way back allows, and none longer', () => {
    expect(cyclesIn(queueChain(5, true))).toEqual([['F0', 'Q1', 'F1', 'Q2', 'F2', 'Q3', 'F3', 'Q4', 'F4', 'Q0', 'F0']]);
    // A topic that forwards to the queue is one id more: the longest path the search takes.
    expect(cyclesIn(queueChain(5, true, true))).toEqual([['F0', 'Q1', 'F1', 'Q2', 'F2', 'Q3', 'F3', 'Q4', 'F4', 'Fanout', 'Q0', 'F0']]);
    expect(cyclesIn(queueChain(6, true))).toEqual([]);
    expect(cyclesIn(queueChain(5, false))).toEqual([]);
  });

  it('a function putting to the bus that many others put to and are triggered by: their cycles, and none of its own', () => {
    // The search from Source used to try every order of the 40 others (minutes); none of those paths comes back to it.
    const resources: Record<string, string> = { Source: samFunction({ handler: 'src/put.handler', events: { In: sqsEvent('Jobs') } }), Jobs: samResource('AWS::SQS::Queue') };
    for (let i = 0; i < 40; i++) resources[`B${i}`] = samFunction({ handler: 'src/put.handler', events: { Placed: eventBridgeRule('OrderPlaced') } });
    const cycles = cyclesIn({
      'template.yaml': samTemplate(resources),
      'src/put.ts': code(
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        'const client = new EventBridgeClient({});',
        "export const handler = async () => client.send(new PutEventsCommand({ Entries: [{ DetailType: 'OrderPlaced', Source: 'orders', Detail: '{}' }] }));",
      ),
    });
    // Depth first, as before: each goes the long way round, through the first others on the bus, up to the length allowed.
    const cycleOf = (k: number) => [`B${k}`, ...Array.from({ length: Math.min(k, 4) }, (_, j) => ['default', `B${j}`]).flat(), 'default', `B${k}`];
    expect(cycles).toEqual(Array.from({ length: 40 }, (_, k) => k).sort((a, b) => (`B${a}` < `B${b}` ? -1 : 1)).map(cycleOf));
  });

  it('matches pattern fields with prefix and anything-but matchers', () => {
    expect(mayPass({ eventPattern: { 'detail-type': [{ prefix: 'Order' }] } }, { detailType: 'OrderPlaced' })).toBe(true);
    expect(mayPass({ eventPattern: { source: [{ 'anything-but': ['orders'] }] } }, { source: 'orders' })).toBe(false);
    expect(mayPass({ eventPattern: { source: ['billing'] } }, {})).toBe(true);
  });

  it('reports sls/no-event-cycle on the call that closes the loop, wherever it lives, with the path', async () => {
    const root = path.resolve(import.meta.dirname, '../../fixtures/cross-layer-orders');
    const run = await runCli(['--format', 'json', '--rule', 'sls/conditional-writes: off'], root);
    const messages = (JSON.parse(run.stdout) as LintResult[])
      .flatMap((r) => r.messages.map((m) => ({ file: path.relative(root, r.filePath), ...m })))
      .filter((m) => m.ruleId === 'sls/no-event-cycle');
    expect(messages.map(({ file, ruleId, line, column, messageId }) => ({ file, ruleId, line, column, messageId }))).toEqual([
      { file: 'src/clients/notifications.client.ts', ruleId: 'sls/no-event-cycle', line: 6, column: 18, messageId: 'eventCycle' },
    ]);
    expect(messages[0]!.message).toBe(
      'SNS Publish to OrderEventsTopic closes an event cycle (OrderNotifier → OrderEventsTopic → NotificationsQueue → OrderNotifier): it loops without end, billed per invocation',
    );
  });
});

// The rule in project mode: Fn is triggered by Topic and may publish to Topic or to Other.
const project = createProjectRuleTester(samTemplate({
  Fn: samFunction({ handler: 'src/app.handler', environment: { TOPIC: '!Ref Topic', OTHER: '!Ref Other' }, events: { Topic: snsEvent('Topic') } }),
  Topic: samResource('AWS::SNS::Topic'),
  Other: samResource('AWS::SNS::Topic'),
}), { 'src/app.ts': '// the case under test\n' });

const publishTo = (variable: string) => code(
  "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
  'const sns = new SNSClient({});',
  'export const handler = async (event: { Records: { Sns: { Message: string } }[] }) => {',
  `  await sns.send(new PublishCommand({ TopicArn: process.env.${variable}, Message: event.Records[0]!.Sns.Message }));`,
  '};',
);

project.ruleTester.run('no-event-cycle (project mode)', rule, {
  valid: [
    { name: 'publishing to a topic that does not trigger the function', filename: project.file('src/app.ts'), code: publishTo('OTHER') },
    { name: 'without the join (settings.sls.project: false) there is no event graph', filename: project.file('src/app.ts'), code: publishTo('TOPIC'), settings: { sls: { project: false } } },
  ],
  invalid: [
    {
      name: 'a handler that publishes to the topic that triggers it, on the call, with the path',
      filename: project.file('src/app.ts'),
      code: publishTo('TOPIC'),
      errors: [{
        messageId: 'eventCycle',
        data: { operation: 'SNS Publish', target: 'Topic', path: 'Fn → Topic → Fn' },
        ...at(publishTo('TOPIC'), 'new PublishCommand({ TopicArn: process.env.TOPIC, Message: event.Records[0]!.Sns.Message })'),
      }],
    },
  ],
});

// Invokes: Fn may invoke Worker (WORKER) or itself; Worker invokes Fn back (CALLER), asynchronously.
const invokes = createProjectRuleTester(samTemplate({
  Fn: samFunction({ handler: 'src/app.handler', environment: { WORKER: '!Ref Worker' } }),
  Worker: samFunction({ handler: 'src/worker.handler', environment: { CALLER: '!Ref Fn' } }),
}), {
  'src/app.ts': '// the case under test\n',
  'src/worker.ts': code(
    "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
    'const lambda = new LambdaClient({});',
    "export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: process.env.CALLER, InvocationType: 'Event' }));",
    '',
  ),
});

const invokeOf = (functionName: string) => code(
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const lambda = new LambdaClient({});',
  'export const handler = async (event: { functionName: string }, context: { functionName: string; invokedFunctionArn: string }) => {',
  `  await lambda.send(new InvokeCommand({ FunctionName: ${functionName}, InvocationType: 'Event' }));`,
  '};',
);

invokes.ruleTester.run('no-event-cycle (invokes)', rule, {
  valid: [
    { name: 'invoking a function named by the event: nothing known to come back', filename: invokes.file('src/app.ts'), code: invokeOf('event.functionName') },
  ],
  invalid: [
    ['a function that invokes itself through context.functionName', 'context.functionName', 'Fn', 'Fn → Fn'],
    ['a function that invokes itself through context.invokedFunctionArn', 'context.invokedFunctionArn', 'Fn', 'Fn → Fn'],
    ['a function that invokes itself through AWS_LAMBDA_FUNCTION_NAME', 'process.env.AWS_LAMBDA_FUNCTION_NAME', 'Fn', 'Fn → Fn'],
    ['a function that invokes one that invokes it back', 'process.env.WORKER', 'Worker', 'Fn → Worker → Fn'],
  ].map(([name, functionName, target, path]) => ({
    name: name!,
    filename: invokes.file('src/app.ts'),
    code: invokeOf(functionName!),
    errors: [{
      messageId: 'eventCycle' as const,
      data: { operation: 'Lambda Invoke', target: target!, path: path! },
      ...at(invokeOf(functionName!), `new InvokeCommand({ FunctionName: ${functionName}, InvocationType: 'Event' })`),
    }],
  })),
});

// An asynchronous self-invoke through a helper given the function's own name, and the type as a constant.
const againLater = code(
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const lambda = new LambdaClient({});',
  "const LATER = 'Event';",
  'const again = (name: string, type: string) => lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: type }));',
  'export const handler = async (event: unknown, context: { functionName: string }) => again(context.functionName, LATER);',
);

invokes.ruleTester.run('no-event-cycle (invokes through a helper)', rule, {
  valid: [],
  invalid: [{
    name: "a helper that invokes the name it is given, given the function's own, with InvocationType Event",
    filename: invokes.file('src/app.ts'),
    code: againLater,
    errors: [{
      messageId: 'eventCycle',
      data: { operation: 'Lambda Invoke', target: 'Fn', path: 'Fn → Fn' },
      ...at(againLater, 'new InvokeCommand({ FunctionName: name, InvocationType: type })'),
    }],
  }],
});
