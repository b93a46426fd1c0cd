import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetSeverities } from '../../src/config/rule-registry.js';
import { runTemplateRule } from '../helpers/template-rule.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/rules/tracing-enabled');
const run = (file: string) => runTemplateRule('tracing-enabled', path.join(dir, file));
/** Each finding with the element its message names: what comes before "does not have" or "has no", or before the colon of a finding on many functions. */
const brief = (file: string) =>
  run(file).map(({ line, column, messageId, message }) => ({
    line, column, messageId, element: message.slice(0, /( does not have| has no) /.exec(message)?.index ?? message.indexOf(':')),
  }));

describe('sls/tracing-enabled', () => {
  it('is a warning in recommended, an error in strict', () => {
    expect(presetSeverities('recommended')['sls/tracing-enabled']).toBe('warn');
    expect(presetSeverities('strict')['sls/tracing-enabled']).toBe('error');
  });

  it('reports SAM functions, the implicit and an explicit REST API, and a state machine; never an HTTP API', () => {
    expect(run('fail.sam.yaml').slice(0, 1)).toEqual([{
      line: 8, column: 3, messageId: 'functionTracing',
      message: 'Function ListOrders does not have X-Ray tracing Active: the trace stops here, before the services it calls',
    }]);
    expect(brief('fail.sam.yaml')).toEqual([
      { line: 8, column: 3, messageId: 'functionTracing', element: 'Function ListOrders' },
      // Tracing: PassThrough is written: the finding points at it.
      { line: 20, column: 7, messageId: 'functionTracing', element: 'Function CreateOrder' },
      { line: 31, column: 3, messageId: 'restApiTracing', element: 'REST API AdminApi' },
      { line: 44, column: 9, messageId: 'stateMachineTracing', element: 'State machine Fulfilment' },
      // ServerlessRestApi has no resource: the first Api event that creates it.
      { line: 12, column: 9, messageId: 'restApiTracing', element: 'REST API ServerlessRestApi' },
    ]);
    expect(run('fail.sam.yaml')[2]!.message).toBe(
      "REST API AdminApi has no X-Ray tracing: traces start at the functions, without the API's time and errors",
    );
    expect(run('fail.sam.yaml')[3]!.message).toBe(
      'State machine Fulfilment has no X-Ray tracing: the traces of the functions it calls are not tied to it',
    );
  });

  it('points at SAM Globals when the setting that turns tracing off is written there', () => {
    expect(brief('fail.globals.sam.yaml')).toEqual([
      // The template's one function: reported at the place that turns it on for it and for any function added later.
      { line: 7, column: 5, messageId: 'sharedFunctionTracing', element: 'No function of this template traces with X-Ray (ListOrders)' },
      { line: 9, column: 5, messageId: 'restApiTracing', element: 'REST API AdminApi' },
      { line: 9, column: 5, messageId: 'restApiTracing', element: 'REST API ServerlessRestApi' },
    ]);
  });

  it('reports plain CloudFormation functions, REST API stages (a Stage or a Deployment\'s own) and state machines, never ApiGatewayV2', () => {
    expect(brief('fail.cloudformation.json')).toEqual([
      { line: 4, column: 5, messageId: 'functionTracing', element: 'Function Worker' },
      { line: 24, column: 9, messageId: 'restApiTracing', element: 'REST API stage prod (ApiStage)' },
      { line: 28, column: 5, messageId: 'restApiTracing', element: 'REST API stage v1 (LegacyDeployment)' },
      { line: 32, column: 5, messageId: 'stateMachineTracing', element: 'State machine Workflow' },
    ]);
  });

  it('names CDK functions and stages by construct path', () => {
    expect(brief('fail.cdk.template.json')).toEqual([
      { line: 3, column: 5, messageId: 'functionTracing', element: 'Function OrdersStack/ListOrders' },
      { line: 23, column: 5, messageId: 'restApiTracing', element: 'REST API stage prod (OrdersStack/OrdersApi/DeploymentStage.prod)' },
    ]);
  });

  it('reports a Serverless Framework function that opts out, and the REST API of http events on the first one', () => {
    expect(brief('fail.serverless/serverless.yml')).toEqual([
      { line: 15, column: 5, messageId: 'functionTracing', element: 'Function export' },
      { line: 12, column: 9, messageId: 'restApiTracing', element: 'REST API ApiGatewayRestApi' },
    ]);
  });

  it('points at provider.tracing.apiGateway when it is written false', () => {
    expect(brief('fail.api-off.serverless/serverless.yml')).toEqual([
      { line: 7, column: 5, messageId: 'restApiTracing', element: 'REST API ApiGatewayRestApi' },
    ]);
  });

  it('reports once at provider when no function of a Serverless service traces', () => {
    expect(run('fail.all-off.serverless/serverless.yml')).toEqual([{
      line: 2, column: 1, messageId: 'sharedFunctionTracing',
      message: 'No function of this service traces with X-Ray (3 functions): traces stop before the services they call',
    }]);
  });

  it('points at provider.tracing.lambda when it is written false; a function that writes its own mode keeps its finding', () => {
    expect(brief('fail.lambda-off.serverless/serverless.yml')).toEqual([
      { line: 6, column: 5, messageId: 'sharedFunctionTracing', element: 'No function of this service traces with X-Ray (2 functions)' },
      { line: 15, column: 5, messageId: 'functionTracing', element: 'Function export' },
    ]);
  });

  it('reports a service with one function at provider.tracing, where the setting for every function belongs', () => {
    expect(brief('fail.single.serverless/serverless.yml')).toEqual([
      { line: 5, column: 3, messageId: 'sharedFunctionTracing', element: 'No function of this service traces with X-Ray (nightly)' },
    ]);
  });

  it('reports once at Globals.Function when no SAM function traces; AWS::Lambda::Function, which Globals does not reach, on its own', () => {
    expect(run('fail.all-off.sam.yaml')).toEqual([
      {
        // Vendor is suppressed through Metadata: not counted.
        line: 3, column: 3, messageId: 'sharedFunctionTracing',
        message: 'No function of this template traces with X-Ray (2 functions): traces stop before the services they call',
      },
      expect.objectContaining({ line: 13, column: 3, messageId: 'functionTracing' }),
    ]);
  });

  it('points at Globals when it has no Function section, and at Transform when there is no Globals', () => {
    expect(brief('fail.globals-without-function.sam.yaml')).toEqual([
      { line: 2, column: 1, messageId: 'sharedFunctionTracing', element: 'No function of this template traces with X-Ray (ListOrders)' },
    ]);
    expect(brief('fail.no-globals.sam.yaml')).toEqual([
      { line: 1, column: 1, messageId: 'sharedFunctionTracing', element: 'No function of this template traces with X-Ray (2 functions)' },
    ]);
  });

  it('reports plain CloudFormation once, on the first function, when none traces; one by one when some do', () => {
    expect(run('fail.all-off.cloudformation.yaml')).toEqual([{
      // Ingest writes PassThrough: the finding points at it.
      line: 12, column: 9, messageId: 'everyFunctionTracing',
      message: 'No function of this template traces with X-Ray (2 functions, Ingest first): their calls go untraced',
    }]);
    expect(brief('fail.mixed.cloudformation.yaml')).toEqual([
      { line: 13, column: 3, messageId: 'functionTracing', element: 'Function Report' },
      { line: 21, column: 3, messageId: 'functionTracing', element: 'Function Archive' },
    ]);
  });

  it('reports a CDK stack once, on its first function, when none traces, leaving out deploy-time handlers', () => {
    expect(run('fail.all-off.cdk.template.json')).toEqual([{
      line: 13, column: 5, messageId: 'everyFunctionTracing',
      message: 'No function of this stack traces with X-Ray (2 functions, OrdersStack/ListOrders first): their calls go untraced',
    }]);
  });

  it('accepts Globals for functions and APIs, state machine tracing, and leaves a parameter alone (SAM)', () => {
    expect(run('pass.sam.yaml')).toEqual([]);
  });

  it('accepts TracingConfig, TracingEnabled, StageDescription and TracingConfiguration (CloudFormation)', () => {
    expect(run('pass.cloudformation.json')).toEqual([]);
  });

  it('accepts provider.tracing for lambda and apiGateway, with httpApi events (Serverless Framework)', () => {
    expect(run('pass.serverless/serverless.yml')).toEqual([]);
  });

  it('honours Metadata on a function, for it and for the implicit API its Api event creates', () => {
    expect(run('pass.suppressed.sam.yaml')).toEqual([]);
  });

  it('leaves deploy-time custom resource handlers alone (CDK log retention)', () => {
    expect(run('pass.cdk.template.json')).toEqual([]);
  });

  it('leaves the stage of a shared REST API (provider.apiGateway.restApiId) to the service that owns it', () => {
    expect(run('pass.shared-api.serverless/serverless.yml')).toEqual([]);
  });
});
