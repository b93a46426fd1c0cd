import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateRules } from '../../rules/index.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { appScript } from '../../src/model/cdk-source/app-script.js';
import { readCdkApp, type CdkAppRead } from '../../src/model/cdk-source/read-cdk-app.js';
import type { FunctionNode, ResourceNode, Stack, TemplateRef, Trigger } from '../../src/model/types.js';
import { writeProject } from '../helpers/temp-project.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'cdk-source');

interface App extends CdkAppRead {
  root: string;
}

function read(app: string): App {
  const root = path.join(FIXTURES, app);
  return { root, ...readCdkApp(root, path.join(root, 'cdk.json')) };
}

function onlyStack(app: App): Stack {
  expect(app.stacks).toHaveLength(1);
  return app.stacks[0]!;
}

function fn(stack: Stack, logicalId: string): FunctionNode {
  const found = stack.functions.find((f) => f.logicalId === logicalId);
  if (!found) throw new Error(`no function ${logicalId} in ${stack.functions.map((f) => f.logicalId).join(', ')}`);
  return found;
}

function resource(stack: Stack, logicalId: string): ResourceNode {
  const found = stack.resources.find((r) => r.logicalId === logicalId);
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found;
}

function triggersOf(stack: Stack, logicalId: string): Trigger[] {
  return stack.triggers.filter((t) => t.functionLogicalId === logicalId);
}

/** `file:line` of a position, the file relative to the app. */
function where(app: App, at: TemplateRef | undefined): string {
  if (!at) return 'nowhere';
  return `${path.relative(app.root, at.file).split(path.sep).join('/')}:${at.line}`;
}

/** `file:line` of the first line of a fixture file that contains the text. */
function lineOf(app: App, file: string, text: string): string {
  const lines = readFileSync(path.join(app.root, file), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`${file} has no line with ${text}`);
  return `${file}:${index + 1}`;
}

function relative(app: App, file: string | undefined): string | undefined {
  return file === undefined ? undefined : path.relative(app.root, file).split(path.sep).join('/');
}

describe('readCdkApp: functions', () => {
  const app = read('functions');
  const stack = onlyStack(app);
  const file = 'lib/functions-stack.ts';

  it('reads every function of the stack, at its construct line, named by construct path', () => {
    expect(stack.format).toBe('cdk');
    expect(stack.templatePath).toBe(path.join(app.root, file));
    expect(stack.functions.map((f) => [f.logicalId, f.name, where(app, f.at)])).toEqual([
      ['Traced', 'Functions/Traced', lineOf(app, file, "new lambda.Function(this, 'Traced'")],
      ['Bundled', 'Functions/Bundled', lineOf(app, file, "new NodejsFunction(this, 'Bundled'")],
      ['Convention', 'Functions/Convention', lineOf(app, file, "new NodejsFunction(this, 'Convention'")],
      ['Worker', 'Functions/Worker', lineOf(app, file, "new lambda.Function(this, 'Worker'")],
      ['Image', 'Functions/Image', lineOf(app, file, "new lambda.DockerImageFunction(this, 'Image'")],
      ['Inline', 'Functions/Inline', lineOf(app, file, "new lambda.Function(this, 'Inline'")],
    ]);
    expect(stack.resources.map((r) => [r.logicalId, r.type, r.kind])).toEqual([
      ['Orders', 'AWS::DynamoDB::Table', 'table'],
      ['Failures', 'AWS::SQS::Queue', 'queue'],
    ]);
    expect(resource(stack, 'Orders').properties).toEqual({ TableName: 'orders' });
  });

  it('reads settings through constants, Duration, spreads of shared props and helper functions', () => {
    const traced = fn(stack, 'Traced');
    expect([traced.runtime, traced.timeout, traced.memorySize, traced.tracing]).toEqual(['nodejs20.x', 10, 512, 'Active']);
    expect(where(app, traced.tracingAt)).toBe(lineOf(app, file, 'tracing: lambda.Tracing.ACTIVE'));
    const bundled = fn(stack, 'Bundled');
    expect([bundled.runtime, bundled.timeout, bundled.tracing]).toEqual(['nodejs20.x', 30, 'PassThrough']);
    // The setting came in through a spread: its position is where it is written.
    expect(where(app, bundled.tracingAt)).toBe(lineOf(app, 'lib/shared.ts', 'tracing: lambda.Tracing.PASS_THROUGH'));
    const worker = fn(stack, 'Worker');
    expect([worker.runtime, worker.timeout, worker.tracing, worker.tracingAt]).toEqual(['nodejs20.x', 120, undefined, undefined]);
  });

  it('binds environment variables to the resources they name, as Ref, GetAtt and Sub', () => {
    const traced = fn(stack, 'Traced');
    expect(traced.environment['TABLE_NAME']).toMatchObject({ value: { Ref: 'Orders' }, references: ['Orders'] });
    expect(traced.environment['TABLE_ARN']).toMatchObject({ value: { 'Fn::GetAtt': ['Orders', 'Arn'] }, references: ['Orders'] });
    expect(traced.environment['LEVEL']).toMatchObject({ value: 'info', references: [] });
    expect(where(app, traced.environment['TABLE_NAME']!.at)).toBe(lineOf(app, file, 'TABLE_NAME: table.tableName'));
    const bundled = fn(stack, 'Bundled');
    expect(bundled.environment['QUEUE_URL']).toMatchObject({ value: { Ref: 'Failures' }, references: ['Failures'] });
    expect(bundled.environment['ORDERS']).toMatchObject({ value: { 'Fn::Sub': 'table/${Orders}' }, references: ['Orders'] });
    // addEnvironment after the construct.
    expect(bundled.environment['EXTRA']).toMatchObject({ value: 'yes', references: [] });
    expect(where(app, bundled.environment['EXTRA']!.at)).toBe(lineOf(app, file, "bundled.addEnvironment('EXTRA'"));
  });

  it('reads dead-letter queues, on-failure destinations and retries, configureAsyncInvoke included', () => {
    expect(fn(stack, 'Traced').failure).toEqual({ deadLetterTarget: 'Failures', maximumRetryAttempts: 0 });
    expect(fn(stack, 'Bundled').failure).toEqual({ onFailure: 'Failures', maximumRetryAttempts: 1 });
    expect(fn(stack, 'Worker').failure).toEqual({});
  });

  it('finds handler source: Code.fromAsset and file.export, NodejsFunction entry and its default entry', () => {
    const handler = (id: string) => {
      const ref = fn(stack, id).handler;
      return ref && { value: ref.value, exportName: ref.exportName, sourceFile: relative(app, ref.sourceFile), resolvable: ref.resolvable, at: where(app, ref.at) };
    };
    expect(handler('Traced')).toEqual({
      value: 'create.handler', exportName: 'handler', sourceFile: 'handlers/create.ts', resolvable: true, at: lineOf(app, file, "handler: 'create.handler'"),
    });
    // Named as SAM would name it, entry and export, so a message about it says which file it is.
    expect(handler('Bundled')).toEqual({
      value: 'handlers/bundled.main', exportName: 'main', sourceFile: 'handlers/bundled.ts', resolvable: true, at: lineOf(app, file, "entry: 'handlers/bundled.ts'"),
    });
    expect(handler('Convention')).toMatchObject({
      value: 'lib/functions-stack.Convention.handler', exportName: 'handler', sourceFile: 'lib/functions-stack.Convention.ts', resolvable: true,
    });
    // A handler string built by a helper function.
    expect(handler('Worker')).toMatchObject({ value: 'worker.handler', sourceFile: 'handlers/worker.js', at: lineOf(app, file, 'handler: `${name}.handler`') });
    expect(handler('Image')).toBeUndefined();
    expect(handler('Inline')).toMatchObject({ resolvable: false, sourceFile: undefined });
  });

  it('leaves nothing unknown in a fully static app', () => {
    expect([app.findings, app.unknown]).toEqual([[], 0]);
  });
});

describe('readCdkApp: queues', () => {
  const app = read('queues');
  const stack = onlyStack(app);
  const file = 'lib/queues-stack.ts';

  it('reads redrive policies and visibility timeouts, positioned at the property', () => {
    expect(resource(stack, 'Jobs').queue).toEqual({
      hasRedrivePolicy: true, deadLetterTarget: 'JobsDlq', visibilityTimeout: 180, fifo: false,
      visibilityTimeoutAt: expect.objectContaining({ line: Number(lineOf(app, file, 'visibilityTimeout: Duration.seconds(180)').split(':')[1]) }),
    });
    expect(resource(stack, 'Slow').queue).toEqual({ hasRedrivePolicy: false, fifo: false });
    expect(where(app, resource(stack, 'Short').queue!.visibilityTimeoutAt)).toBe(lineOf(app, file, 'visibilityTimeout: Duration.seconds(20)'));
  });

  it('turns addEventSource, the events prop and an EventSourceMapping into queue triggers', () => {
    const brief = (t: Trigger) => ({ ...t, at: where(app, t.at) });
    expect(stack.triggers.map(brief)).toEqual([
      {
        functionLogicalId: 'Worker', kind: 'SQS', delivery: 'queue', source: 'Jobs', batchSize: 5, reportBatchItemFailures: true,
        at: lineOf(app, file, 'worker.addEventSource(new SqsEventSource(jobs'),
      },
      { functionLogicalId: 'SlowWorker', kind: 'SQS', delivery: 'queue', source: 'Slow', at: lineOf(app, file, 'events: [new SqsEventSource(slow)]') },
      { functionLogicalId: 'Worker', kind: 'SQS', delivery: 'queue', source: 'Short', batchSize: 1, at: lineOf(app, file, "new lambda.EventSourceMapping(this, 'ShortMapping'") },
    ]);
  });

  it('reads the app from a cdk.json command that builds first', () => {
    expect(app.findings).toEqual([]);
    expect(fn(stack, 'SlowWorker').timeout).toBe(60);
  });
});

describe('readCdkApp: topics and events', () => {
  const app = read('messaging');
  const stack = onlyStack(app);
  const file = 'lib/messaging-stack.ts';

  it('reads Lambda subscriptions and SNS event sources as asynchronous triggers, with their delivery dead-letter queues', () => {
    expect(triggersOf(stack, 'Notify').map((t) => [t.kind, t.delivery, t.source, t.deliveryDeadLetter, where(app, t.at)])).toEqual([
      ['SNS', 'async', 'Orders', undefined, lineOf(app, file, 'new subs.LambdaSubscription(notify)')],
    ]);
    expect(triggersOf(stack, 'Archive').map((t) => [t.kind, t.source, t.deliveryDeadLetter])).toEqual([['SNS', 'Orders', 'DeliveryDlq']]);
  });

  it('reads rule targets: a function is a trigger with the bus and pattern, a queue a link', () => {
    expect(triggersOf(stack, 'OnCreated')).toEqual([{
      functionLogicalId: 'OnCreated', kind: 'EventBridge', delivery: 'async', source: 'Bus',
      filter: { eventPattern: { source: ['orders'], 'detail-type': ['OrderCreated'] } },
      at: expect.objectContaining({ line: Number(lineOf(app, file, 'targets: [new targets.LambdaFunction(onCreated)]').split(':')[1]) }),
    }]);
    expect(triggersOf(stack, 'Audit').map((t) => [t.kind, t.source, t.deliveryDeadLetter])).toEqual([
      ['SNS', 'Orders', 'DeliveryDlq'],
      ['Schedule', undefined, 'DeliveryDlq'],
    ]);
    expect(stack.links.map((l) => [l.kind, l.from, l.to, where(app, l.at)])).toEqual([
      ['SNS', 'Orders', 'Fanout', lineOf(app, file, 'new subs.SqsSubscription(fanout)')],
      ['EventBridge', 'default', 'Fanout', lineOf(app, file, 'new targets.SqsQueue(fanout)')],
    ]);
    expect(resource(stack, 'Bus').properties).toEqual({ Name: 'orders' });
  });
});

describe('readCdkApp: streams and buckets', () => {
  const app = read('streams');
  const stack = onlyStack(app);
  const file = 'lib/streams-stack.ts';

  it('reads stream event sources with their failure handling', () => {
    expect(triggersOf(stack, 'Projector')).toEqual([{
      functionLogicalId: 'Projector', kind: 'DynamoDB', delivery: 'stream', source: 'Orders',
      batchSize: 50, reportBatchItemFailures: true, maximumRetryAttempts: 3, maximumRecordAgeInSeconds: 3600,
      bisectBatchOnFunctionError: true, onFailure: 'Failures',
      at: expect.objectContaining({ line: Number(lineOf(app, file, 'projector.addEventSource(new DynamoEventSource').split(':')[1]) }),
    }]);
    expect(triggersOf(stack, 'Counter').map((t) => [t.kind, t.delivery, t.source, t.onFailure, t.maximumRetryAttempts])).toEqual([
      ['Kinesis', 'stream', 'Clicks', undefined, undefined],
    ]);
    expect(resource(stack, 'Orders').properties).toEqual({ StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });

  it('reads bucket notifications and S3 event sources, with their key filters', () => {
    expect(triggersOf(stack, 'Thumbnailer').map((t) => [t.kind, t.delivery, t.source, t.filter, where(app, t.at)])).toEqual([
      ['S3', 'async', 'Uploads', { s3Prefix: 'images/' }, lineOf(app, file, 'new s3n.LambdaDestination(thumbnailer)')],
      ['S3', 'async', 'Reports', { s3Suffix: '.png' }, lineOf(app, file, 'new S3EventSource(reports')],
    ]);
    expect(stack.links.map((l) => [l.kind, l.from, l.to])).toEqual([['S3', 'Uploads', 'Failures']]);
  });

  it('follows a helper arrow function that creates constructs with the stack as `this`', () => {
    expect(stack.functions.map((f) => [f.logicalId, f.handler?.exportName, relative(app, f.handler?.sourceFile)])).toEqual([
      ['Projector', 'handler', 'handlers/projector.ts'],
      ['Counter', 'handler', 'handlers/counter.ts'],
      ['Thumbnailer', 'handler', 'handlers/thumbnailer.ts'],
    ]);
  });
});

describe('readCdkApp: APIs and state machines', () => {
  const app = read('apis');
  const stack = onlyStack(app);
  const file = 'lib/apis-stack.ts';

  it('makes each Lambda integration a synchronous trigger from its API', () => {
    const brief = (id: string) => triggersOf(stack, id).map((t) => [t.kind, t.delivery, t.source, where(app, t.at)]);
    expect(brief('ProxyHandler')).toEqual([['Api', 'sync', 'Proxy', lineOf(app, file, "new apigateway.LambdaRestApi(this, 'Proxy'")]]);
    expect(brief('GetOrder')).toEqual([['Api', 'sync', 'Orders', lineOf(app, file, 'new apigateway.LambdaIntegration(')]]);
    expect(brief('Ping')).toEqual([['HttpApi', 'sync', 'Http', lineOf(app, file, "new HttpLambdaIntegration('Ping'")]]);
  });

  it('makes a function a state machine invokes its target, asynchronous with InvocationType EVENT', () => {
    const brief = (id: string) => triggersOf(stack, id).map((t) => [t.kind, t.delivery, t.source, where(app, t.at)]);
    expect(brief('ChargeCard')).toEqual([['StepFunctions', 'sync', 'Checkout', lineOf(app, file, "new tasks.LambdaInvoke(this, 'Charge'")]]);
    // Wired by `charge.next(notify)` before the chain was handed to the state machine.
    expect(brief('SendReceipt')).toEqual([['StepFunctions', 'async', 'Checkout', lineOf(app, file, "new tasks.LambdaInvoke(this, 'Notify'")]]);
    expect(brief('RefundCard')).toEqual([['StepFunctions', 'sync', 'Refunds', lineOf(app, file, "new tasks.LambdaInvoke(this, 'Refund'")]]);
  });

  it('reads the tracing of REST API stages and state machines', () => {
    const tracing = (id: string) => {
      const setting = resource(stack, id).tracing;
      return setting && { enabled: setting.enabled, at: setting.at && where(app, setting.at) };
    };
    expect(tracing('Proxy')).toEqual({ enabled: false, at: undefined });
    expect(tracing('Orders')).toEqual({ enabled: true, at: lineOf(app, file, 'tracingEnabled: true }') });
    expect(resource(stack, 'Orders').properties).toEqual({ StageName: 'live' });
    expect(tracing('Http')).toBeUndefined();
    expect(tracing('Checkout')).toEqual({ enabled: true, at: lineOf(app, file, '      tracingEnabled: true,') });
    expect(tracing('Refunds')).toEqual({ enabled: false, at: undefined });
  });
});

describe('readCdkApp: app structure (CDK v1)', () => {
  const app = read('structure');

  it('reads a stack class once, however many stages create it the same way', () => {
    const stack = onlyStack(app);
    expect(stack.templatePath).toBe(path.join(app.root, 'lib/service-stack.ts'));
    expect(stack.functions.map((f) => [f.logicalId, f.name, where(app, f.at)])).toEqual([
      ['IngestHandler', 'Prod-eu/Service/Ingest/Handler', lineOf(app, 'lib/ingest.ts', "new lambda.Function(this, 'Handler'")],
    ]);
  });

  it('merges a nested stack into its parent, and follows custom constructs, factories in other files and JSON config', () => {
    const stack = onlyStack(app);
    expect(stack.resources.map((r) => [r.logicalId, r.name, where(app, r.at)])).toEqual([
      ['StorageEvents', 'Prod-eu/Service/Storage/Events', lineOf(app, 'lib/storage-stack.ts', 'new dynamodb.Table')],
      ['InboxDlq', 'Prod-eu/Service/InboxDlq', lineOf(app, 'lib/factories.ts', 'new sqs.Queue(scope, `${id}Dlq`)')],
      ['Inbox', 'Prod-eu/Service/Inbox', lineOf(app, 'lib/factories.ts', 'return new sqs.Queue(scope, id')],
    ]);
    const handler = fn(stack, 'IngestHandler');
    expect(handler.timeout).toBe(20);
    expect(handler.environment['EVENTS_TABLE']).toMatchObject({ value: { Ref: 'StorageEvents' }, references: ['StorageEvents'] });
    // `ingest.handler.addEnvironment(...)` reaches the function through the construct's member.
    expect(handler.environment['MODE']).toMatchObject({ value: 'ingest' });
    expect(stack.triggers.map((t) => [t.kind, t.source, t.batchSize])).toEqual([['SQS', 'Inbox', 1]]);
    expect(resource(stack, 'Inbox').queue).toMatchObject({ hasRedrivePolicy: true, deadLetterTarget: 'InboxDlq', visibilityTimeout: 120 });
    expect(app.unknown).toBe(0);
  });
});

describe('readCdkApp: a CommonJS JavaScript app', () => {
  it('follows require() and module.exports', () => {
    const app = read('commonjs');
    const stack = onlyStack(app);
    expect(stack.functions.map((f) => [f.logicalId, f.timeout, relative(app, f.handler?.sourceFile)])).toEqual([['Cleanup', 300, 'lambda/cleanup.js']]);
    expect(stack.triggers.map((t) => [t.kind, t.delivery, where(app, t.at)])).toEqual([
      ['Schedule', 'async', lineOf(app, 'lib/jobs-stack.js', 'targets: [new LambdaFunction(cleanup)]')],
    ]);
  });
});

describe('readCdkApp: what cannot be read', () => {
  const app = read('unknowns');
  const stack = onlyStack(app);
  const file = 'lib/unknowns-stack.ts';

  it('counts and lists each construct and setting only running the app would give', () => {
    expect(app.unread.map((u) => `${where(app, u.at)} ${u.kind}: ${u.what}`)).toEqual([
      `${lineOf(app, file, 'visibilityTimeout: cdk.Duration.seconds(this.node')} setting: visibilityTimeout`,
      `${lineOf(app, file, 'timeout: cdk.Duration.seconds(Number(process.env.TIMEOUT))')} setting: timeout`,
      `${lineOf(app, file, "tracing: this.node.tryGetContext('tracing')")} setting: tracing`,
      `${lineOf(app, file, "deadLetterQueue: this.node.tryGetContext('dlq')")} setting: deadLetterQueue`,
      `${lineOf(app, file, "batchSize: this.node.tryGetContext('batch')")} setting: batchSize`,
      `${lineOf(app, file, 'for (let i = 0')} construct: a loop or branch the app decides when it runs`,
      `${lineOf(app, file, 'if (process.env.WITH_AUDIT)')} construct: a condition the app decides when it runs`,
      `${lineOf(app, file, "new lambda.Function(this, 'FromContext'")} setting: the props of aws-lambda.Function`,
      `${lineOf(app, file, "new TableViewer(this, 'Viewer'")} construct: new package:cdk-dynamo-table-viewer.TableViewer`,
    ]);
    expect(app.unknown).toBe(app.unread.length);
    // Neither the loop's functions nor the conditional one are guessed at.
    expect(stack.functions.map((f) => f.logicalId)).toEqual(['Consumer', 'FromContext', 'ChangesLambdaFunction']);
  });

  it('leaves unreadable settings undefined and silences the rules that would read them', () => {
    const consumer = fn(stack, 'Consumer');
    expect([consumer.timeout, consumer.tracing, consumer.failure]).toEqual([undefined, undefined, {}]);
    expect(where(app, consumer.tracingAt)).toBe(lineOf(app, file, "tracing: this.node.tryGetContext('tracing')"));
    expect(consumer.ignoredRules).toEqual(['sls/sqs-visibility-timeout', 'sls/async-failure-destination']);
    const queue = resource(stack, 'Work').queue!;
    expect([queue.visibilityTimeout, where(app, queue.visibilityTimeoutAt)]).toEqual([undefined, lineOf(app, file, 'visibilityTimeout: cdk.Duration')]);
    expect(triggersOf(stack, 'Consumer').map((t) => [t.batchSize, t.ignoredRules])).toEqual([[undefined, ['sls/batch-partial-failure']]]);
    // Props that are unreadable as a whole: every setting is unknown, the tracing rule stays silent too.
    expect(where(app, fn(stack, 'FromContext').tracingAt)).toBe(lineOf(app, file, "new lambda.Function(this, 'FromContext'"));
  });

  it('models DynamoDBStreamsToLambda with its documented defaults', () => {
    const changes = fn(stack, 'ChangesLambdaFunction');
    expect([changes.name, changes.tracing, where(app, changes.at)]).toEqual(['Unknowns/Changes/LambdaFunction', 'Active', lineOf(app, file, 'new DynamoDBStreamsToLambda(')]);
    expect(relative(app, changes.handler?.sourceFile)).toBe('handlers/changes.ts');
    expect(triggersOf(stack, 'ChangesLambdaFunction')).toEqual([{
      functionLogicalId: 'ChangesLambdaFunction', kind: 'DynamoDB', delivery: 'stream', source: 'ChangesDynamoTable',
      onFailure: 'ChangesSqsDlqQueue', bisectBatchOnFunctionError: true, maximumRecordAgeInSeconds: 86400, maximumRetryAttempts: 500,
      at: changes.at,
    }]);
    expect(resource(stack, 'ChangesDynamoTable').properties).toEqual({ StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });
});

describe('readCdkApp: apps it does not read', () => {
  it('reports a cdk.json whose app is not a TypeScript or JavaScript program, at its app line', () => {
    const app = read('python');
    expect(app.stacks).toEqual([]);
    expect(app.findings.map((f) => [f.ruleId, f.line, f.message])).toEqual([[
      'sls/config-not-static', 1,
      'cdk.json was skipped: its app command (python3 app.py) runs no TypeScript or JavaScript program. sls-lint never runs the CDK app; synthesize it (cdk synth) to lint its templates.',
    ]]);
  });

  it('takes the last script of the app command, and the TypeScript source of a compiled script', () => {
    const dir = path.join(FIXTURES, 'functions');
    expect(appScript('npx ts-node --prefer-ts-exts bin/app.ts', dir)).toEqual({ ok: true, file: path.join(dir, 'bin/app.ts') });
    expect(appScript('npx tsc && npx tsx bin/app.ts', dir)).toEqual({ ok: true, file: path.join(dir, 'bin/app.ts') });
    expect(appScript('node bin/app.js', dir)).toEqual({ ok: true, file: path.join(dir, 'bin/app.ts') });
    expect(appScript('npx ts-node bin/missing.ts', dir)).toEqual({ ok: false, reason: 'its app script bin/missing.ts does not exist' });
    expect(appScript('mvn -e -q compile exec:java', dir).ok).toBe(false);
  });
});

describe('template rules on apps read from CDK source', () => {
  // The notification rules aside (dlq-alarm, error-alarm): these apps declare no alarm; fixtures/alarms-cdk tests the rules on CDK source.
  const severities = Object.fromEntries(Object.keys(templateRules).filter((name) => !name.endsWith('-alarm')).map((name) => [`sls/${name}`, 'error' as const]));
  const findingsOf = (name: string) => {
    const app = read(name);
    const findings = runTemplateRules({ root: app.root, stacks: app.stacks }, { severities, options: {}, ignores: [] }, undefined);
    return { app, found: findings.map((f) => `${where(app, { ...f, file: f.filePath, endLine: f.line, endColumn: f.column })} ${f.ruleId} ${f.messageId}`).sort() };
  };

  it('report at the construct line, or at the property at fault', () => {
    const results = ['functions', 'queues', 'messaging', 'streams', 'apis', 'structure', 'commonjs', 'unknowns', 'extras'].map(findingsOf);
    const expected = results.map(({ app }) => {
      const at = (file: string, text: string) => lineOf(app, file, text);
      switch (path.basename(app.root)) {
        case 'functions': return [
          `${at('lib/shared.ts', 'tracing: lambda.Tracing.PASS_THROUGH')} sls/tracing-enabled functionTracing`,
          `${at('lib/functions-stack.ts', "new lambda.Function(this, 'Worker'")} sls/tracing-enabled functionTracing`,
          `${at('lib/functions-stack.ts', "new lambda.DockerImageFunction(this, 'Image'")} sls/tracing-enabled functionTracing`,
          `${at('lib/functions-stack.ts', "new lambda.Function(this, 'Inline'")} sls/tracing-enabled functionTracing`,
        ];
        case 'queues': return [
          `${at('lib/queues-stack.ts', "new sqs.Queue(this, 'Slow')")} sls/sqs-redrive-policy missingRedrivePolicy`,
          `${at('lib/queues-stack.ts', "new sqs.Queue(this, 'Slow')")} sls/sqs-visibility-timeout visibilityTimeoutTooShort`,
          `${at('lib/queues-stack.ts', 'visibilityTimeout: Duration.seconds(20)')} sls/sqs-visibility-timeout visibilityTimeoutTooShort`,
          `${at('lib/queues-stack.ts', 'events: [new SqsEventSource(slow)]')} sls/batch-partial-failure queueWithoutPartialFailure`,
        ];
        case 'messaging': return [
          `${at('lib/messaging-stack.ts', "new NodejsFunction(this, 'Notify'")} sls/async-failure-destination missingFailureDestination`,
          `${at('lib/messaging-stack.ts', 'new subs.LambdaSubscription(notify)')} sls/sns-redrive-policy missingRedrivePolicy`,
          `${at('lib/messaging-stack.ts', "new NodejsFunction(this, 'Archive'")} sls/async-failure-destination deliveryDeadLetterOnly`,
          `${at('lib/messaging-stack.ts', 'new targets.LambdaFunction(onCreated)')} sls/eventbridge-target-dlq missingDeadLetterConfig`,
        ];
        case 'streams': return [
          `${at('lib/streams-stack.ts', 'new KinesisEventSource(')} sls/stream-failure-destination missingOnFailureAndRetryLimit`,
          `${at('lib/streams-stack.ts', 'new KinesisEventSource(')} sls/batch-partial-failure streamWithoutPartialFailure`,
        ];
        case 'apis': return [
          // SendReceipt, invoked with InvocationType EVENT, from the helper that creates every function.
          `${at('lib/apis-stack.ts', 'const handler = (name: string) => new lambda.Function(')} sls/async-failure-destination missingFailureDestination`,
          `${at('lib/apis-stack.ts', "new apigateway.LambdaRestApi(this, 'Proxy'")} sls/tracing-enabled restApiTracing`,
          `${at('lib/apis-stack.ts', "new sfn.StateMachine(this, 'Refunds'")} sls/tracing-enabled stateMachineTracing`,
        ];
        case 'commonjs': return [
          `${at('lib/jobs-stack.js', "new lambda.Function(this, 'Cleanup'")} sls/async-failure-destination missingFailureDestination`,
          `${at('lib/jobs-stack.js', "new lambda.Function(this, 'Cleanup'")} sls/tracing-enabled functionTracing`,
          `${at('lib/jobs-stack.js', 'targets: [new LambdaFunction(cleanup)]')} sls/eventbridge-target-dlq missingDeadLetterConfig`,
        ];
        case 'unknowns': return [
          // Written without a dead-letter queue at all: known, reported. Its unreadable visibility timeout: silent.
          `${at('lib/unknowns-stack.ts', "new sqs.Queue(this, 'Work'")} sls/sqs-redrive-policy missingRedrivePolicy`,
          // DynamoDBStreamsToLambda bisects, bounds its retries and keeps what fails in an SQS queue: the poison record is isolated.
        ];
        case 'extras': return [
          `${at('lib/extras-stack.ts', 'new SqsEventSource(this.shared)')} sls/batch-partial-failure queueWithoutPartialFailure`,
        ];
        default: return [];
      }
    });
    expect(results.map((r) => r.found)).toEqual(expected.map((e) => [...e].sort()));
  });
});

describe('readCdkApp: code that never ends', () => {
  it('gives up on endless recursion and cycles, keeping what it read', () => {
    const app = read('recursion');
    const stack = onlyStack(app);
    expect(stack.templatePath).toBe(path.join(app.root, 'bin/app.ts'));
    expect(stack.resources.map((r) => [r.logicalId, r.properties])).toEqual([['Kept', {}]]);
    expect(app.unread.map((u) => u.what)).toEqual(['queueName', 'a call nested too deep to follow']);
  });
});

describe('readCdkApp: more of the table', () => {
  const app = read('extras');
  const stack = onlyStack(app);
  const file = 'lib/extras-stack.ts';

  it('reads a project class that extends a library construct as that construct, at the `new` of the class', () => {
    const reporter = fn(stack, 'Reporter');
    expect([reporter.tracing, where(app, reporter.at), where(app, reporter.tracingAt)]).toEqual([
      'Active', lineOf(app, file, "new TracedFunction(this, 'Reporter'"), lineOf(app, 'lib/traced-function.ts', 'tracing: Tracing.ACTIVE'),
    ]);
    // deadLetterQueueEnabled creates the queue; EventInvokeConfig sets the retries.
    expect(reporter.failure).toEqual({ deadLetterTarget: 'ReporterDeadLetterQueue', maximumRetryAttempts: 1 });
    expect(resource(stack, 'ReporterDeadLetterQueue').name).toBe('Extras/Reporter/DeadLetterQueue');
  });

  it('reads EventBridge Scheduler targets, function URLs, WebSocket routes and authorizers', () => {
    const brief = (id: string) => triggersOf(stack, id).map((t) => [t.kind, t.delivery, t.source, t.deliveryDeadLetter, where(app, t.at)]);
    // The schedule's dead-letter queue comes from a getter of the stack.
    expect(brief('Reporter')).toEqual([['Schedule', 'async', undefined, 'Inbox', lineOf(app, file, 'new schedulerTargets.LambdaInvoke(')]]);
    expect(brief('Socket')).toEqual([
      ['FunctionUrl', 'sync', undefined, undefined, lineOf(app, file, 'socket.addFunctionUrl()')],
      ['WebSocket', 'sync', 'Chat', undefined, lineOf(app, file, "new WebSocketLambdaIntegration('Connect'")],
      ['Api', 'sync', undefined, undefined, lineOf(app, file, "new apigateway.TokenAuthorizer(this, 'Authorizer'")],
      // An imported queue is no resource of this stack.
      ['SQS', 'queue', undefined, undefined, lineOf(app, file, 'new SqsEventSource(this.shared)')],
    ]);
  });

  it('names an imported construct by the ARN it was imported with', () => {
    expect(fn(stack, 'Socket').environment['SHARED']).toMatchObject({ value: 'arn:aws:sqs:eu-west-1:123456789012:shared', references: [] });
    expect(app.unknown).toBe(0);
  });
});

describe('code through a subclass of Code', () => {
  it('AssetCode.fromAsset(dir) is Code.fromAsset(dir): the handler is found in that folder', () => {
    const root = writeProject({
      'cdk.json': JSON.stringify({ app: 'npx ts-node bin/app.ts' }),
      'bin/app.ts': [
        "import * as cdk from 'aws-cdk-lib';",
        "import * as lambda from 'aws-cdk-lib/aws-lambda';",
        'class WidgetsStack extends cdk.Stack {',
        '  constructor(scope: cdk.App, id: string) {',
        '    super(scope, id);',
        "    new lambda.Function(this, 'Widgets', { runtime: lambda.Runtime.NODEJS_20_X, code: lambda.AssetCode.fromAsset('resources'), handler: 'widgets.main' });",
        '  }',
        '}',
        "new WidgetsStack(new cdk.App(), 'Widgets');",
        '',
      ].join('\n'),
      'resources/widgets.js': 'exports.main = async () => ({ statusCode: 200 });\n',
    });
    const { stacks } = readCdkApp(root, path.join(root, 'cdk.json'));
    const widgets = stacks.flatMap((s) => s.functions)[0];
    expect(widgets?.codeKind).toBe('node');
    expect(widgets?.handler?.sourceFile).toBe(path.join(root, 'resources/widgets.js'));
  });
});

/** An app of one stack class whose constructor body is `body`, read from a temporary project. */
function readInline(body: string[], imports: string[]): App {
  const root = writeProject({
    'cdk.json': JSON.stringify({ app: 'npx ts-node bin/app.ts' }),
    'bin/app.ts': [
      "import * as cdk from 'aws-cdk-lib';",
      ...imports,
      'class InlineStack extends cdk.Stack {',
      '  constructor(scope: cdk.App, id: string) {',
      '    super(scope, id);',
      ...body.map((line) => `    ${line}`),
      '  }',
      '}',
      "new InlineStack(new cdk.App(), 'Inline');",
      '',
    ].join('\n'),
  });
  return { root, ...readCdkApp(root, path.join(root, 'cdk.json')) };
}

describe('readCdkApp: L1 constructs (Cfn*)', () => {
  const app = read('../cdk-families/l1');
  const stack = onlyStack(app);
  const file = 'lib/low-level-stack.ts';

  it('reads them as CloudFormation resources, named by construct path, at their construct line', () => {
    const worker = fn(stack, 'Worker');
    expect([worker.name, worker.runtime, worker.tracing, worker.timeout, worker.codeKind, worker.failure, where(app, worker.at)]).toEqual([
      'LowLevel/Worker', 'nodejs20.x', 'Active', 10, 'inline', { deadLetterTarget: 'DeadLetters' }, lineOf(app, file, "new lambda.CfnFunction(this, 'Worker'"),
    ]);
    expect(where(app, worker.tracingAt)).toBe(lineOf(app, file, "tracingConfig: { mode: 'Active' }"));
    const jobs = resource(stack, 'Jobs');
    expect([jobs.name, jobs.queue]).toEqual(['LowLevel/Jobs', {
      hasRedrivePolicy: true, deadLetterTarget: 'DeadLetters', visibilityTimeout: 60, fifo: false, visibilityTimeoutAt: jobs.queue!.visibilityTimeoutAt,
    }]);
    expect(where(app, jobs.queue!.visibilityTimeoutAt)).toBe(lineOf(app, file, 'visibilityTimeout: 60'));
  });

  it('joins their references with one another and with L2 constructs of the stack', () => {
    const brief = (id: string) => triggersOf(stack, id).map((t) => [t.kind, t.delivery, t.source, t.reportBatchItemFailures, t.deliveryDeadLetter, where(app, t.at)]);
    expect(brief('Worker')).toEqual([
      ['SQS', 'queue', 'Jobs', true, undefined, lineOf(app, file, "new lambda.CfnEventSourceMapping(this, 'JobsToWorker'")],
      ['SNS', 'async', 'Alerts', undefined, 'DeadLetters', lineOf(app, file, "new sns.CfnSubscription(this, 'AlertsToWorker'")],
    ]);
    // An L2 function, its ARN in L1 properties.
    expect(brief('Notifier')).toEqual([
      ['SNS', 'async', 'Alerts', undefined, undefined, lineOf(app, file, "new sns.CfnSubscription(this, 'AlertsToNotifier'")],
      ['Schedule', 'async', undefined, undefined, undefined, lineOf(app, file, "targets: [{ id: 'notifier'")],
    ]);
    expect(app.unknown).toBe(0);
  });

  it('keeps an L1 setting the app computes as set but unknown, and the rules that read it silent', () => {
    const inline = readInline([
      "const queue = new sqs.CfnQueue(this, 'Jobs', { redrivePolicy: this.node.tryGetContext('redrive') });",
      "const worker = new lambda.CfnFunction(this, 'Worker', { runtime: 'nodejs20.x', handler: 'index.handler', role: 'r', code: { zipFile: 'x' },",
      "  timeout: Number(process.env.TIMEOUT), tracingConfig: { mode: this.node.tryGetContext('tracing') } });",
      "new lambda.CfnEventSourceMapping(this, 'Mapping', { functionName: worker.ref, eventSourceArn: queue.attrArn, batchSize: this.node.tryGetContext('batch') });",
      "new lambda.CfnFunction(this, 'FromContext', this.node.tryGetContext('props'));",
    ], ["import * as lambda from 'aws-cdk-lib/aws-lambda';", "import * as sqs from 'aws-cdk-lib/aws-sqs';"]);
    const inlineStack = onlyStack(inline);
    expect(inline.unread.map((u) => `${u.kind}: ${u.what}`)).toEqual([
      'setting: RedrivePolicy of Jobs',
      'setting: Timeout of Worker',
      'setting: TracingConfig.Mode of Worker',
      'setting: BatchSize of Mapping',
      'construct: the props of AWS::Lambda::Function',
    ]);
    // Props unreadable as a whole: no resource is guessed at.
    expect(inlineStack.functions.map((f) => f.logicalId)).toEqual(['Worker']);
    const worker = fn(inlineStack, 'Worker');
    expect([worker.timeout, worker.tracing, worker.tracingAt !== undefined, worker.ignoredRules]).toEqual([undefined, undefined, true, ['sls/sqs-visibility-timeout']]);
    expect(resource(inlineStack, 'Jobs').queue?.hasRedrivePolicy).toBe(true);
    expect(inlineStack.triggers.map((t) => [t.kind, t.source, t.batchSize, t.ignoredRules])).toEqual([['SQS', 'Jobs', undefined, ['sls/batch-partial-failure']]]);
  });
});

describe('readCdkApp: filters written with CDK helpers', () => {
  it('reads SubscriptionFilter and Match as the filter policy and event pattern they write', () => {
    const inline = readInline([
      "const fn = new lambda.Function(this, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, code: lambda.Code.fromAsset('src'), handler: 'fn.handler' });",
      "new sns.Topic(this, 'Orders').addSubscription(new subs.LambdaSubscription(fn, { filterPolicy: {",
      "  kind: sns.SubscriptionFilter.stringFilter({ allowlist: ['paid'], denylist: ['test'], matchPrefixes: ['vip-'] }),",
      '  region: sns.SubscriptionFilter.existsFilter(),',
      '} }));',
      "new events.Rule(this, 'Placed', { eventPattern: { source: events.Match.prefix('shop.'), detailType: events.Match.anythingBut('Test') },",
      '  targets: [new targets.LambdaFunction(fn)] });',
      "new events.Rule(this, 'Computed', { eventPattern: { source: [process.env.SOURCE] }, targets: [new targets.LambdaFunction(fn)] });",
    ], [
      "import * as events from 'aws-cdk-lib/aws-events';", "import * as targets from 'aws-cdk-lib/aws-events-targets';",
      "import * as lambda from 'aws-cdk-lib/aws-lambda';", "import * as sns from 'aws-cdk-lib/aws-sns';", "import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';",
    ]);
    expect(onlyStack(inline).triggers.map((t) => [t.kind, t.filter])).toEqual([
      ['SNS', { snsFilterPolicy: { kind: ['paid', { 'anything-but': ['test'] }, { prefix: 'vip-' }], region: [{ exists: true }] } }],
      ['EventBridge', { eventPattern: { source: [{ prefix: 'shop.' }], 'detail-type': [{ 'anything-but': ['Test'] }] } }],
      // A pattern only the running app knows: no filter, so nothing is ruled out.
      ['EventBridge', undefined],
    ]);
    expect(inline.unread.map((u) => `${u.kind}: ${u.what}`)).toEqual(['setting: eventPattern']);
  });

  it('counts the constructs a callback makes over values the app computes', () => {
    const inline = readInline([
      "Object.keys(process.env).forEach((name) => new sqs.Queue(this, name));",
      "(this.node.tryGetContext('names') as string[]).map((name) => name.toUpperCase());",
    ], ["import * as sqs from 'aws-cdk-lib/aws-sqs';"]);
    expect(inline.unread.map((u) => `${u.kind}: ${u.what}`)).toEqual(['construct: a loop over values the app computes when it runs']);
  });
});
