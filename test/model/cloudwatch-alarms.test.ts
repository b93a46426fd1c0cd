import path from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { buildCloudFormationStack } from '../../src/model/build-cloudformation.js';
import { buildServerlessStack } from '../../src/model/build-serverless.js';
import type { Stack } from '../../src/model/types.js';
import { parseTemplate } from '../../src/template/parse-template.js';

const ROOT = tmpdir();

function parse(text: string, file: string) {
  const parsed = parseTemplate(path.join(ROOT, file), text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.template;
}

function cloudFormation(text: string): Stack {
  return buildCloudFormationStack(parse(text, 'template.yaml'), { projectRoot: ROOT });
}

const TEMPLATE = `Parameters:
  DlqName:
    Type: String
Conditions:
  IsProd: !Equals [prod, prod]
Resources:
  OrdersDLQ:
    Type: AWS::SQS::Queue
  DepthAlarm:
    Type: AWS::CloudWatch::Alarm
    Metadata:
      sls-lint:
        ignore: [error-alarm]
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions:
        - Name: QueueName
          Value: !GetAtt OrdersDLQ.QueueName
  LiteralAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions:
        - Name: FunctionName
          Value: orders-process
        - Name: Resource
          Value: !Sub '\${AWS::StackName}-process'
  RateAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Metrics:
        - Id: rate
          Expression: errors / invocations * 100
        - Id: errors
          MetricStat:
            Metric:
              Namespace: AWS/Lambda
              MetricName: Errors
              Dimensions:
                - Name: FunctionName
                  Value: !Ref ProcessFunction
            Stat: Sum
            Period: 60
        - Id: invocations
          MetricStat:
            Metric:
              Namespace: AWS/Lambda
              MetricName: Invocations
            Stat: Sum
            Period: 60
  ParameterAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateAgeOfOldestMessage
      Dimensions:
        - Name: QueueName
          Value: !Ref DlqName
  ConditionalValueAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: !If [IsProd, AWS/SQS, AWS/SNS]
      MetricName: ApproximateAgeOfOldestMessage
  SearchAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Metrics:
        - Id: all
          Expression: "SEARCH('{AWS/Lambda,FunctionName} MetricName=\\"Errors\\"', 'Sum', 60)"
  ConditionalAlarm:
    Type: AWS::CloudWatch::Alarm
    Condition: IsProd
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
  ProcessFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { ZipFile: 'exports.handler = async () => {}' }
`;

describe('AWS::CloudWatch::Alarm in the model', () => {
  const stack = cloudFormation(TEMPLATE);
  const alarm = (id: string) => stack.alarms?.find((a) => a.logicalId === id);

  it('reads every alarm of the template, at its logical id, and still lists it as a resource', () => {
    expect(stack.alarms?.map((a) => `${a.logicalId}@${a.at.line}:${a.at.column}`)).toEqual([
      'DepthAlarm@9:3', 'LiteralAlarm@20:3', 'RateAlarm@30:3', 'ParameterAlarm@53:3', 'ConditionalValueAlarm@61:3', 'SearchAlarm@66:3', 'ConditionalAlarm@72:3',
    ]);
    expect(stack.resources.some((r) => r.logicalId === 'DepthAlarm' && r.type === 'AWS::CloudWatch::Alarm')).toBe(true);
  });

  it('keeps a referenced dimension as the logical id, and the alarm\'s suppression', () => {
    expect(alarm('DepthAlarm')).toMatchObject({
      metrics: [{ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', references: ['OrdersDLQ'] }] }],
      ignoredRules: ['sls/error-alarm'],
    });
    expect(alarm('DepthAlarm')?.unreadable).toBeUndefined();
  });

  it('keeps a literal dimension as its value, and a Sub of pseudo parameters as written', () => {
    expect(alarm('LiteralAlarm')?.metrics[0]?.dimensions).toEqual([
      { name: 'FunctionName', references: [], value: 'orders-process' },
      { name: 'Resource', references: [], value: '${AWS::StackName}-process' },
    ]);
    expect(alarm('LiteralAlarm')?.unreadable).toBeUndefined();
  });

  it('reads each MetricStat of a math expression, and passes over the expression itself', () => {
    expect(alarm('RateAlarm')?.metrics).toEqual([
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: [{ name: 'FunctionName', references: ['ProcessFunction'] }] },
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: [] },
    ]);
    expect(alarm('RateAlarm')?.unreadable).toBeUndefined();
  });

  it('marks unreadable what a parameter, a condition or a metric search decides', () => {
    expect(alarm('ParameterAlarm')).toMatchObject({ unreadable: true, metrics: [{ dimensions: [{ name: 'QueueName', references: ['DlqName'], value: '${DlqName}' }] }] });
    expect(alarm('ConditionalValueAlarm')).toMatchObject({ unreadable: true, metrics: [{ metricName: 'ApproximateAgeOfOldestMessage', dimensions: [] }] });
    expect(alarm('ConditionalValueAlarm')?.metrics[0]?.namespace).toBeUndefined();
    expect(alarm('SearchAlarm')).toMatchObject({ unreadable: true, metrics: [] });
    expect(alarm('ConditionalAlarm')).toMatchObject({ unreadable: true, metrics: [{ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: [] }] });
  });

  it('leaves `alarms` out of a stack without any', () => {
    expect(cloudFormation('Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n').alarms).toBeUndefined();
  });
});

describe('alarms under a Serverless service\'s resources', () => {
  it('are read as in CloudFormation, at their place in serverless.yml, a generated function name kept as a reference', () => {
    const text = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  process:
    handler: src/process.handler
resources:
  Resources:
    ProcessErrors:
      Type: AWS::CloudWatch::Alarm
      Properties:
        Namespace: AWS/Lambda
        MetricName: Errors
        Dimensions:
          - Name: FunctionName
            Value: !Ref ProcessLambdaFunction
`;
    const build = buildServerlessStack(parse(text, 'serverless.yml'), ROOT);
    if (!('stack' in build)) throw new Error('not read as AWS');
    expect(build.stack.alarms).toEqual([{
      logicalId: 'ProcessErrors',
      at: expect.objectContaining({ line: 10, column: 5 }),
      metrics: [{ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: [{ name: 'FunctionName', references: ['ProcessLambdaFunction'] }] }],
      ignoredRules: [],
    }]);
  });
});
