import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCloudFormationStack, detectFormat } from '../../src/model/build-cloudformation.js';
import { ignoredRules } from '../../src/model/ignored-rules.js';
import { mergeGlobals } from '../../src/model/sam-globals.js';
import type { FunctionNode, Stack, TemplateRef, Trigger } from '../../src/model/types.js';
import { parseTemplate } from '../../src/template/parse-template.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'model');

/** Builds the stack of `fixtures/model/<dir>/<file>`, with that folder as the project root. */
function load(dir: string, file: string, projectRoot = path.join(FIXTURES, dir)): Stack {
  const filePath = path.join(FIXTURES, dir, file);
  const parsed = parseTemplate(filePath, readFileSync(filePath, 'utf8'));
  if (!parsed.ok) throw new Error(`${filePath}: ${parsed.error.message} at ${parsed.error.line}:${parsed.error.column}`);
  return buildCloudFormationStack(parsed.template, { projectRoot });
}

function fn(stack: Stack, logicalId: string): FunctionNode {
  const found = stack.functions.find((f) => f.logicalId === logicalId);
  if (!found) throw new Error(`no function ${logicalId}`);
  return found;
}

/** `line:column`, checking the file too. */
function pos(at: TemplateRef, stack: Stack): string {
  expect(at.file).toBe(stack.templatePath);
  return `${at.line}:${at.column}`;
}

/** A trigger with its position as `line:column`. */
function brief(trigger: Trigger, stack: Stack): Omit<Trigger, 'at'> & { at: string } {
  return { ...trigger, at: pos(trigger.at, stack) };
}

describe('SAM Globals', () => {
  it('lets the function win for scalars, merges maps, concatenates lists', () => {
    const globals = {
      Runtime: 'nodejs20.x',
      Timeout: 10,
      Layers: [{ Ref: 'SharedLayer' }],
      Environment: { Variables: { TABLE_NAME: { Ref: 'Table' }, LOG_LEVEL: 'info' } },
      VpcConfig: { SecurityGroupIds: ['sg-global'], SubnetIds: ['subnet-a'] },
    };
    const local = {
      Timeout: 29,
      Layers: [{ Ref: 'ExtraLayer' }],
      Environment: { Variables: { LOG_LEVEL: 'debug', QUEUE_URL: { Ref: 'Queue' } } },
      VpcConfig: { SecurityGroupIds: ['sg-local'] },
    };
    expect(mergeGlobals(globals, local)).toEqual({
      Runtime: 'nodejs20.x',
      Timeout: 29,
      Layers: [{ Ref: 'SharedLayer' }, { Ref: 'ExtraLayer' }],
      Environment: { Variables: { TABLE_NAME: { Ref: 'Table' }, LOG_LEVEL: 'debug', QUEUE_URL: { Ref: 'Queue' } } },
      VpcConfig: { SecurityGroupIds: ['sg-global', 'sg-local'], SubnetIds: ['subnet-a'] },
    });
  });

  it('does not merge into or out of an intrinsic function', () => {
    const conditional = { 'Fn::If': ['IsProd', { Variables: { MODE: 'prod' } }, { Ref: 'AWS::NoValue' }] };
    expect(mergeGlobals({ Environment: { Variables: { A: '1' } } }, { Environment: conditional })).toEqual({ Environment: conditional });
    expect(mergeGlobals({ Environment: conditional }, { Environment: { Variables: { A: '1' } } })).toEqual({ Environment: { Variables: { A: '1' } } });
    expect(mergeGlobals({ Timeout: 3 }, undefined)).toEqual({ Timeout: 3 });
    expect(mergeGlobals(undefined, { Timeout: 3 })).toEqual({ Timeout: 3 });
  });

  it('merges a __proto__ key as data', () => {
    const merged = mergeGlobals(JSON.parse('{"Tags": {"__proto__": {"polluted": "yes"}}}'), { Tags: { team: 'orders' } }) as {
      Tags: Record<string, unknown>;
    };
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(merged.Tags)).toBe(Object.prototype);
    expect(Object.keys(merged.Tags)).toEqual(['__proto__', 'team']);
  });

  it('applies Globals.Function to every function, pointing at the line that sets each value', () => {
    const stack = load('sam-events', 'template.yaml');
    const api = fn(stack, 'ApiFunction');
    expect(api.runtime).toBe('nodejs20.x');
    expect(api.timeout).toBe(29);
    expect(api.memorySize).toBe(256);
    expect(api.tracing).toBe('Active');
    expect(Object.fromEntries(Object.entries(api.environment).map(([name, v]) => [name, { ...v, at: pos(v.at, stack) }]))).toEqual({
      TABLE_NAME: { value: { Ref: 'OrdersTable' }, references: ['OrdersTable'], at: '14:9' },
      LOG_LEVEL: { value: 'debug', references: [], at: '31:11' },
      UPLOADS: {
        value: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${UploadsBucket}/${AWS::StackName}/*' },
        references: ['UploadsBucket'],
        at: '32:11',
      },
      TOPIC_NAME: { value: { 'Fn::GetAtt': ['NotificationsTopic', 'TopicName'] }, references: ['NotificationsTopic'], at: '33:11' },
    });
    expect(api.handler).toEqual({
      value: 'index.handler',
      exportName: 'handler',
      modulePath: path.join(FIXTURES, 'sam-events', 'api', 'index'),
      resolvable: true,
      at: { file: stack.templatePath, line: 8, column: 5, endLine: 8, endColumn: 12 },
    });
    const worker = fn(stack, 'QueueWorker');
    expect([worker.runtime, worker.timeout, worker.memorySize, worker.tracing]).toEqual(['nodejs20.x', 60, 256, 'Active']);
    expect(Object.keys(worker.environment)).toEqual(['TABLE_NAME', 'LOG_LEVEL']);
    expect(worker.environment['LOG_LEVEL']?.value).toBe('info');
    expect(pos(worker.environment['LOG_LEVEL']!.at, stack)).toBe('15:9');
  });
});

describe('inline templates', () => {
  function build(text: string): Stack {
    const filePath = path.join(FIXTURES, 'inline', 'template.yaml');
    const parsed = parseTemplate(filePath, text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return buildCloudFormationStack(parsed.template, { projectRoot: path.join(FIXTURES, 'inline') });
  }

  it('keeps hostile environment variable names as data, and a Globals FunctionUrlConfig at its line', () => {
    const stack = build([
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function:',
      '    FunctionUrlConfig:',
      '      AuthType: NONE',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      "      InlineCode: exports.handler = async () => 'ok';",
      '      Environment:',
      '        Variables:',
      '          __proto__: polluted',
      '          constructor: also',
      '',
    ].join('\n'));
    const { environment } = fn(stack, 'Fn');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(environment)).toBe(Object.prototype);
    expect(Object.keys(environment)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(environment, '__proto__')?.value).toMatchObject({ value: 'polluted', references: [] });
    expect(stack.triggers.map((t) => brief(t, stack))).toEqual([{ functionLogicalId: 'Fn', kind: 'FunctionUrl', delivery: 'sync', at: '4:5' }]);
    expect(fn(stack, 'Fn').handler).toMatchObject({ resolvable: false });
  });

  it('reads an EventBridge pipe from a queue or stream to a function as a trigger of the pipe, with its source parameters', () => {
    const stack = build([
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: x } }',
      '  Jobs:',
      '    Type: AWS::SQS::Queue',
      '  Clicks:',
      '    Type: AWS::Kinesis::Stream',
      '  Failed:',
      '    Type: AWS::SQS::Queue',
      '  JobsPipe:',
      '    Type: AWS::Pipes::Pipe',
      '    Properties:',
      '      Source: !GetAtt Jobs.Arn',
      '      SourceParameters: { SqsQueueParameters: { BatchSize: 5 } }',
      '      Target: !GetAtt Fn.Arn',
      '  ClicksPipe:',
      '    Type: AWS::Pipes::Pipe',
      '    Properties:',
      '      Source: !GetAtt Clicks.Arn',
      '      SourceParameters:',
      '        KinesisStreamParameters:',
      '          StartingPosition: LATEST',
      '          MaximumRetryAttempts: 3',
      '          OnPartialBatchItemFailure: AUTOMATIC_BISECT',
      '          DeadLetterConfig: { Arn: !GetAtt Failed.Arn }',
      '      Target: !GetAtt Fn.Arn',
      '  ToQueue:',
      '    Type: AWS::Pipes::Pipe',
      '    Properties: { Source: !GetAtt Jobs.Arn, Target: !GetAtt Failed.Arn }',
      '',
    ].join('\n'));
    // A pipe whose target is no function of the template invokes none.
    expect(stack.triggers.map((t) => brief(t, stack))).toEqual([
      { functionLogicalId: 'Fn', kind: 'SQS', delivery: 'queue', source: 'Jobs', pipe: 'JobsPipe', batchSize: 5, at: '11:3' },
      {
        functionLogicalId: 'Fn', kind: 'Kinesis', delivery: 'stream', source: 'Clicks', pipe: 'ClicksPipe',
        maximumRetryAttempts: 3, bisectBatchOnFunctionError: true, onFailure: 'Failed', at: '17:3',
      },
    ]);
  });

  it('reads X-Ray tracing of REST APIs and state machines, with Globals, and the implicit ServerlessRestApi', () => {
    const stack = build([
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function:',
      '    Tracing: !If [IsProd, Active, PassThrough]',
      '  Api:',
      '    TracingEnabled: true',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      '      InlineCode: x',
      '      Events:',
      '        Admin: { Type: Api, Properties: { RestApiId: !Ref AdminApi, Path: /a, Method: get } }',
      '        Public: { Type: Api, Properties: { Path: /p, Method: get } }',
      '  AdminApi:',
      '    Type: AWS::Serverless::Api',
      '    Properties: { StageName: prod, TracingEnabled: false }',
      '  Stage:',
      '    Type: AWS::ApiGateway::Stage',
      '    Properties: { StageName: v1, RestApiId: x, DeploymentId: y }',
      '  Deployment:',
      '    Type: AWS::ApiGateway::Deployment',
      '    Properties: { RestApiId: x }',
      '  Machine:',
      '    Type: AWS::StepFunctions::StateMachine',
      '    Properties: { TracingConfiguration: !If [IsProd, { Enabled: true }, !Ref AWS::NoValue] }',
      '  HttpApi:',
      '    Type: AWS::Serverless::HttpApi',
      '',
    ].join('\n'));
    const tracing = (id: string) => {
      const t = stack.resources.find((r) => r.logicalId === id)?.tracing;
      return t && { ...t, at: t.at && pos(t.at, stack) };
    };
    expect(tracing('AdminApi')).toEqual({ enabled: false, at: '19:36' });
    expect(tracing('Stage')).toEqual({ enabled: false, at: undefined });
    // A Deployment without StageName creates no stage; an HTTP API cannot be traced.
    expect(tracing('Deployment')).toBeUndefined();
    expect(tracing('HttpApi')).toBeUndefined();
    // A condition: written, unreadable.
    expect(tracing('Machine')).toEqual({ enabled: undefined, at: '28:19' });
    expect(stack.implicitRestApi && { ...stack.implicitRestApi, at: pos(stack.implicitRestApi.at, stack) }).toEqual({
      logicalId: 'ServerlessRestApi',
      at: '16:9',
      tracing: { enabled: true, at: { file: stack.templatePath, line: 6, column: 5, endLine: 6, endColumn: 19 } },
    });
    expect([fn(stack, 'Fn').tracing, pos(fn(stack, 'Fn').tracingAt!, stack)]).toEqual([undefined, '4:5']);
  });

  it('gives a SAM stack its Globals.Function (or where it would go) and the functions that take their tracing from it; none elsewhere', () => {
    const sam = (...lines: string[]) => build(['Transform: AWS::Serverless-2016-10-31', ...lines, ''].join('\n'));
    const fnProps = '    Properties: { Runtime: nodejs20.x, Handler: index.handler, InlineCode: x }';
    const resources = [
      'Resources:',
      '  Inherits:', '    Type: AWS::Serverless::Function', fnProps,
      '  Own:', '    Type: AWS::Serverless::Function', '    Properties: { Runtime: nodejs20.x, Handler: index.handler, InlineCode: x, Tracing: PassThrough }',
      '  Plain:', '    Type: AWS::Lambda::Function', '    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: x }, Role: r }',
    ];
    const withTracing = sam('Globals:', '  Function:', '    Tracing: PassThrough', ...resources);
    expect(withTracing.functionDefaults).toMatchObject({ at: { line: 3, column: 3 }, tracingAt: { line: 4, column: 5 }, inheritTracing: ['Inherits'] });
    expect(sam('Globals:', '  Api: { TracingEnabled: true }', ...resources).functionDefaults).toMatchObject({ at: { line: 2, column: 1 } });
    const bare = sam(...resources).functionDefaults;
    expect([bare?.at.line, bare?.at.column, bare?.tracingAt]).toEqual([1, 1, undefined]);
    expect(build(resources.join('\n')).functionDefaults).toBeUndefined();
  });

  it('gives a trigger the Metadata suppressions of the resource that declares it', () => {
    const stack = build([
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: x }, Role: r }',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '  Mapping:',
      '    Type: AWS::Lambda::EventSourceMapping',
      '    Metadata: { sls-lint: { ignore: [batch-partial-failure] } }',
      '    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn }',
      '  Other:',
      '    Type: AWS::Lambda::EventSourceMapping',
      '    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn }',
      '',
    ].join('\n'));
    expect(stack.triggers.map((t) => t.ignoredRules)).toEqual([['sls/batch-partial-failure'], undefined]);
  });

  it('tells what an event source mapping reads from an ARN it cannot follow, or from settings only some sources take', () => {
    const mapping = (id: string, properties: string) => [
      `  ${id}:`, '    Type: AWS::Lambda::EventSourceMapping', `    Properties: { FunctionName: !Ref Fn, ${properties} }`,
    ];
    const stack = build([
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: x }, Role: r }',
      ...mapping('Msk', 'EventSourceArn: arn:aws:kafka:eu-west-1:1:cluster/c/1, StartingPosition: LATEST, Topics: [t]'),
      ...mapping('Table', '"EventSourceArn": !Sub "arn:${AWS::Partition}:dynamodb:${AWS::Region}:1:table/T/stream/2024-01-01T00:00:00.000", StartingPosition: LATEST'),
      ...mapping('Broker', 'EventSourceArn: !ImportValue broker-arn, Queues: [q]'),
      ...mapping('SelfManaged', 'SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: [b] } }, StartingPosition: LATEST, Topics: [t]'),
      ...mapping('Stream', 'EventSourceArn: !ImportValue stream-arn, StartingPosition: LATEST'),
      ...mapping('Queue', 'EventSourceArn: !ImportValue queue-arn'),
      '',
    ].join('\n'));
    expect(stack.triggers.map((t) => [t.kind, t.delivery])).toEqual([
      ['Kafka', 'stream'], ['DynamoDB', 'stream'], ['MQ', 'queue'], ['Kafka', 'stream'], ['Kinesis', 'stream'], ['SQS', 'queue'],
    ]);
  });

  it('counts a dead-letter queue or on-failure destination given through an import as set, whatever queue it is', () => {
    const stack = build([
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Sam:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      '      InlineCode: x',
      '      DeadLetterQueue: { Type: SQS, TargetArn: !ImportValue shared-dlq-arn }',
      '      EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: SQS, Destination: !Join [":", [arn, aws, sqs, q]] } } }',
      '      Events:',
      '        Clicks:',
      '          Type: Kinesis',
      '          Properties:',
      '            Stream: !ImportValue clicks-arn',
      '            StartingPosition: LATEST',
      '            DestinationConfig: { OnFailure: { Destination: !ImportValue clicks-failed-arn } }',
      '        Shipped:',
      '          Type: EventBridgeRule',
      '          Properties: { Pattern: { source: [orders] }, DeadLetterConfig: { Arn: !ImportValue events-dlq-arn } }',
      '  Plain:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: index.handler',
      '      Code: { ZipFile: x }',
      '      Role: r',
      '      DeadLetterConfig: { TargetArn: !ImportValue shared-dlq-arn }',
      '  Rule:',
      '    Type: AWS::Events::Rule',
      '    Properties:',
      '      EventPattern: { source: [orders] }',
      '      Targets: [{ Id: plain, Arn: !GetAtt Plain.Arn, DeadLetterConfig: { Arn: !ImportValue events-dlq-arn } }, { Id: none, Arn: !GetAtt Plain.Arn, DeadLetterConfig: {} }]',
      '',
    ].join('\n'));
    expect(fn(stack, 'Sam').failure).toEqual({ deadLetterTarget: 'configured', onFailure: 'configured' });
    expect(fn(stack, 'Plain').failure).toEqual({ deadLetterTarget: 'configured' });
    expect(stack.triggers.map((t) => [t.functionLogicalId, t.kind, t.onFailure ?? t.deliveryDeadLetter ?? null])).toEqual([
      ['Sam', 'Kinesis', 'configured'], ['Sam', 'EventBridge', 'configured'],
      // An empty DeadLetterConfig names no queue.
      ['Plain', 'EventBridge', 'configured'], ['Plain', 'EventBridge', null],
    ]);
  });
});

describe('SAM events', () => {
  const stack = load('sam-events', 'template.yaml');

  it('detects the SAM format', () => {
    expect(stack.format).toBe('sam');
    expect(stack.templatePath).toBe(path.join(FIXTURES, 'sam-events', 'template.yaml'));
    expect(stack.functions.map((f) => f.logicalId)).toEqual(['ApiFunction', 'NotifyFunction', 'ScheduledFunction', 'QueueWorker', 'StreamWorker']);
    expect(pos(fn(stack, 'NotifyFunction').at, stack)).toBe('50:3');
  });

  it('reads every event with its delivery semantics, source and line', () => {
    expect(stack.triggers.map((t) => brief(t, stack))).toEqual([
      { functionLogicalId: 'ApiFunction', kind: 'Api', delivery: 'sync', source: 'OrdersApi', at: '35:9' },
      { functionLogicalId: 'ApiFunction', kind: 'HttpApi', delivery: 'sync', source: 'OrdersHttpApi', at: '41:9' },
      { functionLogicalId: 'ApiFunction', kind: 'FunctionUrl', delivery: 'sync', at: '47:7' },
      { functionLogicalId: 'NotifyFunction', kind: 'S3', delivery: 'async', source: 'UploadsBucket', at: '58:9' },
      {
        functionLogicalId: 'NotifyFunction', kind: 'SNS', delivery: 'async', source: 'NotificationsTopic', at: '63:9',
        deliveryDeadLetter: 'NotifyDeliveryDlq',
      },
      { functionLogicalId: 'NotifyFunction', kind: 'SNS', delivery: 'queue', source: 'NotificationsTopic', at: '69:9' },
      { functionLogicalId: 'ScheduledFunction', kind: 'Schedule', delivery: 'async', at: '80:9' },
      { functionLogicalId: 'ScheduledFunction', kind: 'Schedule', delivery: 'async', at: '84:9' },
      {
        functionLogicalId: 'ScheduledFunction', kind: 'EventBridge', delivery: 'async', source: 'OrdersBus', at: '88:9',
        deliveryDeadLetter: 'RuleDeliveryDlq', filter: { eventPattern: { 'detail-type': ['OrderShipped'] } },
      },
      { functionLogicalId: 'ScheduledFunction', kind: 'CloudWatchLogs', delivery: 'async', source: 'AppLogs', at: '96:9' },
      { functionLogicalId: 'ScheduledFunction', kind: 'IoT', delivery: 'async', at: '101:9' },
      {
        functionLogicalId: 'QueueWorker', kind: 'SQS', delivery: 'queue', source: 'OrdersQueue', at: '121:9',
        batchSize: 10, reportBatchItemFailures: true,
      },
      {
        functionLogicalId: 'StreamWorker', kind: 'Kinesis', delivery: 'stream', source: 'ClickStream', at: '134:9',
        batchSize: 100, maximumRetryAttempts: 3, maximumRecordAgeInSeconds: 3600, bisectBatchOnFunctionError: true,
        onFailure: 'StreamFailures',
      },
      {
        functionLogicalId: 'StreamWorker', kind: 'DynamoDB', delivery: 'stream', source: 'OrdersTable', at: '146:9',
        reportBatchItemFailures: false,
      },
    ]);
  });

  it('points a trigger at its event key', () => {
    const url = stack.triggers.find((t) => t.kind === 'FunctionUrl')!;
    expect(url.at).toEqual({ file: stack.templatePath, line: 47, column: 7, endLine: 47, endColumn: 24 });
  });

  it('reads DeadLetterQueue and EventInvokeConfig', () => {
    expect(fn(stack, 'QueueWorker').failure).toEqual({ deadLetterTarget: 'WorkerDlq', onFailure: 'AlertsTopic', maximumRetryAttempts: 0 });
    expect(fn(stack, 'ApiFunction').failure).toEqual({});
  });

  it('reads Metadata sls-lint ignore, with or without the sls/ prefix', () => {
    expect(fn(stack, 'ApiFunction').ignoredRules).toEqual(['sls/no-sync-invoke', 'sls/sqs-redrive-policy']);
    expect(fn(stack, 'NotifyFunction').ignoredRules).toEqual(['sls/sqs-redrive-policy']);
    expect(fn(stack, 'QueueWorker').ignoredRules).toEqual([]);
    expect(ignoredRules({ Metadata: { 'sls-lint': { ignore: ['a', 7, 'sls/b'] } } })).toEqual(['sls/a', 'sls/b']);
  });

  it('classifies resources', () => {
    expect(stack.resources.map((r) => [r.logicalId, r.kind])).toEqual([
      ['OrdersApi', 'api'],
      ['OrdersHttpApi', 'api'],
      ['UploadsBucket', 'bucket'],
      ['NotificationsTopic', 'topic'],
      ['AlertsTopic', 'topic'],
      ['OrdersBus', 'bus'],
      ['AppLogs', 'other'],
      ['OrdersQueue', 'queue'],
      ['OrdersDlq', 'queue'],
      ['PaymentsQueue', 'queue'],
      ['WorkerDlq', 'queue'],
      ['NotifyDeliveryDlq', 'queue'],
      ['RuleDeliveryDlq', 'queue'],
      ['StreamFailures', 'queue'],
      ['ClickStream', 'stream'],
      ['OrdersTable', 'table'],
      ['OrdersWorkflow', 'stateMachine'],
    ]);
    const bus = stack.resources.find((r) => r.logicalId === 'OrdersBus')!;
    expect(bus).toEqual({
      logicalId: 'OrdersBus',
      type: 'AWS::Events::EventBus',
      kind: 'bus',
      at: { file: stack.templatePath, line: 170, column: 3, endLine: 170, endColumn: 12 },
      properties: { Name: 'orders' },
      ignoredRules: [],
    });
  });

  it('reads queue RedrivePolicy, VisibilityTimeout and FifoQueue', () => {
    const queue = (id: string) => {
      const settings = stack.resources.find((r) => r.logicalId === id)?.queue;
      if (!settings?.visibilityTimeoutAt) return settings;
      return { ...settings, visibilityTimeoutAt: pos(settings.visibilityTimeoutAt, stack) };
    };
    expect(queue('OrdersQueue')).toStrictEqual({
      hasRedrivePolicy: true, visibilityTimeout: 360, visibilityTimeoutAt: '181:7', fifo: false, deadLetterTarget: 'OrdersDlq',
    });
    expect(queue('OrdersDlq')).toStrictEqual({ hasRedrivePolicy: false, visibilityTimeout: undefined, fifo: false });
    expect(queue('PaymentsQueue')).toStrictEqual({
      hasRedrivePolicy: true,
      visibilityTimeout: 120,
      visibilityTimeoutAt: '195:7',
      fifo: true,
      deadLetterTarget: 'arn:aws:sqs:eu-west-1:123456789012:payments-dlq.fifo',
    });
    expect(stack.resources.find((r) => r.logicalId === 'OrdersTable')?.queue).toBeUndefined();
  });
});

describe('handler resolution', () => {
  const root = path.join(FIXTURES, 'handlers');
  const stack = load('handlers', 'template.yaml');
  const handler = (id: string) => {
    const { at, ...rest } = fn(stack, id).handler!;
    return { ...rest, at: pos(at, stack) };
  };

  it('finds .ts, .js and .mjs sources from CodeUri + Handler', () => {
    expect(handler('CreateOrder')).toEqual({
      value: 'orders/create.handler',
      exportName: 'handler',
      modulePath: path.join(root, 'src', 'orders', 'create'),
      sourceFile: path.join(root, 'src', 'orders', 'create.ts'),
      resolvable: true,
      at: '13:7',
    });
    expect(handler('ListOrders')).toEqual({
      value: 'list.handler',
      exportName: 'handler',
      modulePath: path.join(root, 'src', 'orders', 'list'),
      sourceFile: path.join(root, 'src', 'orders', 'list.js'),
      resolvable: true,
      at: '19:7',
    });
    expect(handler('ExportOrders')).toEqual({
      value: 'src/orders/export.main',
      exportName: 'main',
      modulePath: path.join(root, 'src', 'orders', 'export'),
      sourceFile: path.join(root, 'src', 'orders', 'export.mjs'),
      resolvable: true,
      at: '24:7',
    });
  });

  it('maps a build-folder handler back to its source', () => {
    expect(handler('BuiltOrders')).toMatchObject({
      modulePath: path.join(root, 'dist', 'orders', 'create'),
      sourceFile: path.join(root, 'src', 'orders', 'create.ts'),
      resolvable: true,
    });
  });

  it('uses esbuild EntryPoints, picking the one the handler names', () => {
    expect(handler('EsbuildApp')).toMatchObject({
      modulePath: path.join(root, 'esbuild', 'app'),
      sourceFile: path.join(root, 'esbuild', 'src', 'handlers', 'app.ts'),
      resolvable: true,
    });
    expect(handler('EsbuildWorker')).toMatchObject({
      modulePath: path.join(root, 'esbuild', 'worker'),
      sourceFile: path.join(root, 'esbuild', 'src', 'handlers', 'worker.ts'),
      resolvable: true,
    });
  });

  it('does not resolve a non-Node runtime, S3 code, or inline code', () => {
    for (const id of ['PythonReport', 'PrebuiltZip', 'PrebuiltObject', 'Inline']) {
      const h = fn(stack, id).handler!;
      expect([id, h.resolvable, h.sourceFile]).toEqual([id, false, undefined]);
    }
    expect(fn(stack, 'PythonReport').runtime).toBe('python3.12');
    expect(handler('PythonReport').exportName).toBe('lambda_handler');
  });

  it('keeps a missing file resolvable, without a source file', () => {
    expect(handler('MissingHandler')).toEqual({
      value: 'orders/cancel.handler',
      exportName: 'handler',
      modulePath: path.join(root, 'src', 'orders', 'cancel'),
      resolvable: true,
      at: '87:7',
    });
  });

  it('does not resolve code outside the project root, even when the file exists', () => {
    expect(handler('OutsideRoot')).toEqual({
      value: 'app.handler',
      exportName: 'handler',
      modulePath: path.join(FIXTURES, 'outside-root', 'app'),
      resolvable: false,
      at: '93:7',
    });
    const widerRoot = load('handlers', 'template.yaml', FIXTURES);
    expect(fn(widerRoot, 'OutsideRoot').handler?.sourceFile).toBe(path.join(FIXTURES, 'outside-root', 'app.ts'));
  });

  it('resolves plain CloudFormation Code paths, not ZipFile or S3 code', () => {
    const cfn = load('handlers', 'cloudformation.yaml');
    expect(cfn.format).toBe('cloudformation');
    expect(fn(cfn, 'LocalCode').handler).toMatchObject({ sourceFile: path.join(root, 'src', 'orders', 'list.js'), resolvable: true });
    expect(fn(cfn, 'ZipFile').handler).toMatchObject({ resolvable: false });
    expect(fn(cfn, 'ZipFile').handler?.sourceFile).toBeUndefined();
    expect(fn(cfn, 'S3Object').handler).toMatchObject({ resolvable: false });
    expect(fn(cfn, 'S3Object').handler?.sourceFile).toBeUndefined();
  });
});

/** The parts of a model that do not depend on how the template was written. */
function normalise(stack: Stack) {
  const functions = stack.functions.map(({ at: _at, tracingAt: _t, handler, environment, ...rest }) => ({
    ...rest,
    environment: Object.fromEntries(Object.entries(environment).map(([name, { at: _a, ...v }]) => [name, v])),
    handler: handler && (({ at: _h, ...h }) => h)(handler),
  }));
  const triggers = stack.triggers
    .map(({ at: _at, ...rest }) => rest)
    .sort((a, b) => `${a.functionLogicalId}/${a.kind}/${a.source}`.localeCompare(`${b.functionLogicalId}/${b.kind}/${b.source}`));
  return { functions, triggers };
}

describe('plain CloudFormation', () => {
  it('gives the same model as the equivalent SAM template', () => {
    const sam = load('twin', 'sam.yaml');
    const cfn = load('twin', 'cloudformation.json');
    expect(sam.format).toBe('sam');
    expect(cfn.format).toBe('cloudformation');
    const expected = normalise(sam);
    expect(expected.functions).toEqual([
      {
        logicalId: 'OrdersFunction',
        runtime: 'nodejs20.x',
        timeout: 30,
        memorySize: 512,
        tracing: 'Active',
        environment: {
          TABLE_NAME: { value: { Ref: 'OrdersTable' }, references: ['OrdersTable'] },
          QUEUE_URL: { value: { Ref: 'OrdersQueue' }, references: ['OrdersQueue'] },
        },
        failure: { deadLetterTarget: 'OrdersFunctionDlq', onFailure: 'AsyncFailures', maximumRetryAttempts: 1 },
        codeKind: 'node',
        handler: {
          value: 'orders.handler',
          exportName: 'handler',
          modulePath: path.join(FIXTURES, 'twin', 'src', 'orders'),
          sourceFile: path.join(FIXTURES, 'twin', 'src', 'orders.ts'),
          resolvable: true,
        },
        ignoredRules: ['sls/no-sync-invoke'],
      },
    ]);
    expect(expected.triggers).toEqual([
      {
        functionLogicalId: 'OrdersFunction', kind: 'EventBridge', delivery: 'async', source: 'OrdersBus',
        filter: { eventPattern: { source: ['orders'], 'detail-type': ['OrderShipped'] } },
      },
      { functionLogicalId: 'OrdersFunction', kind: 'S3', delivery: 'async', source: 'UploadsBucket' },
      { functionLogicalId: 'OrdersFunction', kind: 'SNS', delivery: 'async', source: 'OrderEvents' },
      {
        functionLogicalId: 'OrdersFunction', kind: 'SQS', delivery: 'queue', source: 'OrdersQueue',
        batchSize: 5, reportBatchItemFailures: true,
      },
    ]);
    expect(normalise(cfn)).toEqual(expected);
  });

  it('points CloudFormation triggers at the resource that creates them', () => {
    const cfn = load('twin', 'cloudformation.json');
    const at = (kind: string) => pos(cfn.triggers.find((t) => t.kind === kind)!.at, cfn);
    expect(at('SQS')).toBe('47:5');
    expect(at('SNS')).toBe('56:5');
    expect(at('EventBridge')).toBe('78:21');
    expect(at('S3')).toBe('107:13');
    expect(pos(fn(cfn, 'OrdersFunction').at, cfn)).toBe('18:5');
    expect(pos(fn(cfn, 'OrdersFunction').handler!.at, cfn)).toBe('23:9');
    expect(pos(fn(cfn, 'OrdersFunction').environment['TABLE_NAME']!.at, cfn)).toBe('31:13');
  });

  it('reads queues the same way in both, and where VisibilityTimeout and the tracing mode are set', () => {
    const sam = load('twin', 'sam.yaml');
    const cfn = load('twin', 'cloudformation.json');
    for (const [stack, visibilityTimeoutAt] of [[sam, '58:7'], [cfn, '115:9']] as const) {
      const { visibilityTimeoutAt: at, ...queue } = stack.resources.find((r) => r.logicalId === 'OrdersQueue')!.queue!;
      expect(queue).toStrictEqual({
        hasRedrivePolicy: true,
        visibilityTimeout: 180,
        fifo: false,
        deadLetterTarget: 'OrdersQueueDlq',
      });
      expect(pos(at!, stack)).toBe(visibilityTimeoutAt);
    }
    expect(pos(fn(sam, 'OrdersFunction').tracingAt!, sam)).toBe('17:7');
    expect(pos(fn(cfn, 'OrdersFunction').tracingAt!, cfn)).toBe('28:28');
  });

  it('links every kind of trigger resource to its function', () => {
    const stack = load('cfn-links', 'template.yaml');
    expect(stack.triggers.map((t) => brief(t, stack))).toEqual([
      { functionLogicalId: 'Worker', kind: 'SNS', delivery: 'async', source: 'Alerts', at: '32:11' },
      { functionLogicalId: 'Web', kind: 'FunctionUrl', delivery: 'sync', at: '35:3' },
      { functionLogicalId: 'Worker', kind: 'CloudWatchLogs', delivery: 'async', source: 'AppLogs', at: '64:3' },
      { functionLogicalId: 'Worker', kind: 'IoT', delivery: 'async', at: '81:13' },
      { functionLogicalId: 'Worker', kind: 'Schedule', delivery: 'async', at: '89:11', deliveryDeadLetter: 'RuleDeliveryDlq' },
      {
        functionLogicalId: 'Worker', kind: 'Kinesis', delivery: 'stream', source: 'ClickStream', at: '99:3',
        maximumRetryAttempts: 2, maximumRecordAgeInSeconds: 600, bisectBatchOnFunctionError: true, onFailure: 'StreamFailures',
      },
      {
        functionLogicalId: 'Worker', kind: 'DynamoDB', delivery: 'stream', source: 'OrdersTable', at: '125:3',
        batchSize: 50, reportBatchItemFailures: true,
      },
      { functionLogicalId: 'Web', kind: 'Api', delivery: 'sync', source: 'WebApi', at: '41:3' },
      { functionLogicalId: 'Web', kind: 'ALB', delivery: 'sync', at: '54:3' },
    ]);
    expect(fn(stack, 'Worker').failure).toEqual({
      maximumRetryAttempts: 2,
      onFailure: 'arn:aws:sqs:eu-west-1:123456789012:worker-failures',
    });
    expect(fn(stack, 'Web').failure).toEqual({});
  });

  it('detects CDK output', () => {
    expect(detectFormat({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Metadata: { 'aws:cdk:path': 'Stack/Fn/Resource' } } } })).toBe('cdk');
    expect(detectFormat({ Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'], Resources: {} })).toBe('sam');
    expect(detectFormat({ Resources: {} })).toBe('cloudformation');
    expect(detectFormat('not a template')).toBe('cloudformation');
  });
});
