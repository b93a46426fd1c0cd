import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import type { AlarmNode, Stack } from '../../src/model/types.js';
import { writeProject } from '../helpers/temp-project.js';

const ROOT = path.resolve(import.meta.dirname, '../fixtures/model/serverless-alerts');

function stackOf(root: string): Stack {
  const { model, findings } = loadModel(root, [path.join(root, 'serverless.yml')]);
  expect(findings).toEqual([]);
  return model.stacks[0]!;
}

/** Each alarm as `logicalId line namespace/metric dimension=references|value...`. */
function brief(alarms: AlarmNode[] | undefined): string[] {
  return (alarms ?? []).map((a) => {
    const metrics = a.metrics.map((m) => {
      const dimensions = m.dimensions.map((d) => `${d.name}=${d.value ?? d.references.join('+')}`);
      return [`${m.namespace}/${m.metricName}`, ...dimensions].join(' ');
    });
    return [a.logicalId, a.at.line, ...metrics, ...(a.unreadable ? ['unreadable'] : [])].join(' ');
  });
}

/** A temporary project with the worker's handler file. */
function project(files: Record<string, string>): string {
  return writeProject({ ...files, 'worker.ts': 'export const handler = async (): Promise<void> => {};\n' });
}

/** A service with the alerts plugin: `functionErrors` for every function, on the stages listed. */
function service(provider: string, rest = ''): string {
  return `service: shop
provider:
  name: aws
  runtime: nodejs20.x
${provider}
plugins:
  - serverless-plugin-aws-alerts
custom:
  alerts:
    stages: [prod]
    alarms:
      - functionErrors
functions:
  worker:
    handler: worker.handler
${rest}`;
}

describe('serverless-plugin-aws-alerts and the SQS alarm plugins', () => {
  const stack = stackOf(ROOT);

  it('makes each listed alarm for every function, at the line that sets it, the function its FunctionName dimension', () => {
    expect(brief(stack.alarms)).toEqual([
      'ChargeFunctionErrorsAlarm 26 AWS/Lambda/Errors FunctionName=charge',
      'ChargeFunctionThrottlesAlarm 27 AWS/Lambda/Throttles FunctionName=charge',
      // refund turns functionErrors off: it is watched on Duration only, through a definition of its own.
      'RefundFunctionThrottlesAlarm 27 AWS/Lambda/Throttles FunctionName=refund',
      'RefundSlowCallsAlarm 46 AWS/Lambda/Duration FunctionName=refund',
      'LoginFunctionThrottlesAlarm 27 AWS/Lambda/Throttles FunctionName=login',
      // Overridden by the function's own entry: that entry is where it is set.
      'LoginFunctionErrorsAlarm 50 AWS/Lambda/Errors FunctionName=login',
      // A log pattern alarm: the metric filter of the function's log group, in the stack's namespace.
      'LoginFailedLoginsAlarm 52 billing-prod/FailedLoginLoginLambdaFunction FunctionName=login',
      // omitDefaultDimension: the queue it names (the source queue, not its DLQ) is all it watches.
      'LoginQueueDepthAlarm 53 AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=Invoices',
      // serverless-sqs-alarms-plugin: one alarm per threshold on the queue named.
      'billingprodinvoicesdlqMessageAlarm1 29 AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=billing-prod-invoices-dlq',
      'billingprodinvoicesdlqMessageAlarm50 29 AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=billing-prod-invoices-dlq',
    ]);
  });

  it('names an alarm after its definition', () => {
    expect(stack.alarms!.find((a) => a.logicalId === 'RefundSlowCallsAlarm')!.name).toBe('slowCalls');
  });

  it('makes none on a stage `stages` leaves out, when provider.stage fixes the stage', () => {
    const root = project({ 'serverless.yml': service('  stage: dev') });
    expect(stackOf(root).alarms).toBeUndefined();
  });

  it('takes a stage decided at deploy time (a variable, or none written) as one of `stages`', () => {
    for (const provider of ["  stage: ${opt:stage, 'dev'}", '']) {
      const root = project({ 'serverless.yml': service(provider) });
      expect(brief(stackOf(root).alarms)).toEqual(['WorkerFunctionErrorsAlarm 12 AWS/Lambda/Errors FunctionName=worker']);
    }
  });

  it('makes none when the plugin is not listed, and reads `plugins.modules` and a scoped fork', () => {
    const unlisted = project({ 'serverless.yml': service('  stage: prod').replace('  - serverless-plugin-aws-alerts\n', '  - serverless-offline\n') });
    expect(stackOf(unlisted).alarms).toBeUndefined();
    const modules = project({
      'serverless.yml': service('  stage: prod').replace('plugins:\n  - serverless-plugin-aws-alerts', 'plugins:\n  modules:\n    - "@acme/serverless-plugin-aws-alerts"'),
    });
    expect(brief(stackOf(modules).alarms)).toEqual(['WorkerFunctionErrorsAlarm 13 AWS/Lambda/Errors FunctionName=worker']);
  });

  it('leaves out a definition turned off, a name with no definition, and the Lambda resources of `resources`', () => {
    const root = project({
      'serverless.yml': service('  stage: prod', `resources:
  Resources:
    Legacy:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: nodejs20.x
        Handler: legacy.handler
        Code: { ZipFile: 'exports.handler = async () => {}' }
`).replace('      - functionErrors\n', `      - functionErrors
      - functionThrottles
      - noSuchDefinition
    definitions:
      functionThrottles:
        enabled: false
`),
    });
    const stack = stackOf(root);
    expect(stack.functions.map((f) => f.logicalId).sort()).toEqual(['Legacy', 'worker']);
    expect(brief(stack.alarms)).toEqual(['WorkerFunctionErrorsAlarm 12 AWS/Lambda/Errors FunctionName=worker']);
  });

  it('marks an alarm whose metric a variable leaves unresolved unreadable', () => {
    const root = project({
      'serverless.yml': service('  stage: prod').replace('      - functionErrors\n', `      - fromSsm
    definitions:
      fromSsm:
        namespace: AWS/Lambda
        metric: \${ssm:/alerts/metric}
`),
    });
    expect(brief(stackOf(root).alarms)).toEqual(['WorkerFromSsmAlarm 12 AWS/Lambda/undefined FunctionName=worker unreadable']);
  });

  it("reads the fork of the SQS alarm plugin: a queue by reference, a threshold as an object", () => {
    const root = project({
      'serverless.yml': `service: shop
provider:
  name: aws
  runtime: nodejs20.x
plugins:
  - '@digitalmaas/serverless-plugin-sqs-alarms'
custom:
  sqsAlarms:
    - name: orders-dlq
      queue: !GetAtt OrdersDlq.QueueName
      topic: alerts
      thresholds:
        - 1
        - value: 10
          period: 300
functions:
  worker:
    handler: worker.handler
resources:
  Resources:
    OrdersDlq:
      Type: AWS::SQS::Queue
`,
    });
    expect(brief(stackOf(root).alarms)).toEqual([
      'OrdersDlqThreshold1SqsAlarm 9 AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=OrdersDlq',
      'OrdersDlqThreshold10SqsAlarm 9 AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=OrdersDlq',
    ]);
  });
});
