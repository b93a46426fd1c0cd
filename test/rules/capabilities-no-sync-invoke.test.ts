import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-sync-invoke.js';
import { ProjectAnalysis } from '../../src/analysis/analysis.js';
import { ParseCache } from '../../src/analysis/parse.js';
import { lintProject } from '../../src/engine/lint.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { loadModel } from '../../src/model/load-model.js';
import type { SlsParserServices } from '../../src/rule/services.js';
import { createSession, type Session } from '../../src/session/session.js';
import { samFunction, samResource, samTemplate } from '../helpers/sam-template.js';
import { writeProject } from '../helpers/temp-project.js';
import { at, code, createProjectRuleTester, createRuleTester } from './rule-tester.js';

// Issue 14, no-sync-invoke: the HTTP clients the own-API check knows beyond fetch/axios/got/superagent/https
// (no-sync-invoke.test.ts has those), the Serverless variable bound to the service's own API, and the
// functions whose job is to wait, each beside its trap.

const api = createProjectRuleTester(samTemplate({
  Checkout: samFunction({
    handler: 'src/checkout.handler',
    environment: { ORDERS_API: '!Sub https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod', PARTNER_API: 'https://partner.example.com' },
  }),
  Api: samResource('AWS::Serverless::Api', 'StageName: prod'),
}), { 'src/checkout.ts': '// the case under test\n' });

const ownApi = (library: string, line: number) =>
  ({ messageId: 'syncHttpToOwnApi' as const, data: { library, api: 'Api', function: 'Checkout', where: '' } });

const nodeFetch = code("import fetch from 'node-fetch';", 'export const handler = async () => fetch(`${process.env.ORDERS_API}/orders`);');
const undiciRequest = code("import { request } from 'undici';", 'export const handler = async () => request(`${process.env.ORDERS_API}/orders`);');
const requestLibrary = code(
  "import request from 'request';",
  'export const handler = (event: unknown, context: unknown, callback: (e: unknown, r?: unknown) => void) => {',
  '  request.get(`${process.env.ORDERS_API}/orders`, (error: unknown, response: unknown) => callback(error, response));',
  '};',
);

api.ruleTester.run('no-sync-invoke (issue 14): node-fetch, undici and request to the own API', rule, {
  valid: [
    { name: 'trap: node-fetch to the third party the template binds', filename: api.file('src/checkout.ts'), code: nodeFetch.replace('ORDERS_API', 'PARTNER_API') },
    { name: 'trap: undici to the third party the template binds', filename: api.file('src/checkout.ts'), code: undiciRequest.replace('ORDERS_API', 'PARTNER_API') },
    { name: 'trap: request to the third party the template binds', filename: api.file('src/checkout.ts'), code: requestLibrary.replace('ORDERS_API', 'PARTNER_API') },
  ],
  invalid: [
    { name: 'node-fetch', filename: api.file('src/checkout.ts'), code: nodeFetch, errors: [{ ...ownApi('fetch', 2), ...at(nodeFetch, 'fetch(`${process.env.ORDERS_API}/orders`)') }] },
    { name: 'undici.request', filename: api.file('src/checkout.ts'), code: undiciRequest, errors: [{ ...ownApi('undici', 2), ...at(undiciRequest, 'request(`${process.env.ORDERS_API}/orders`)') }] },
    {
      name: 'request.get with a callback',
      filename: api.file('src/checkout.ts'),
      code: requestLibrary,
      errors: [{ ...ownApi('request', 2), ...at(requestLibrary, 'request.get(`${process.env.ORDERS_API}/orders`, (error: unknown, response: unknown) => callback(error, response))') }],
    },
  ],
});

/**
 * A project mode rule tester over any files (a Serverless service here): the session is built over
 * the folder, with the case's code as the buffer of the file it lints.
 */
function projectTester(files: Record<string, string>) {
  const root = writeProject(files);
  const parser = {
    meta: { name: 'sls-lint-test/capabilities-parser' },
    parseForESLint(text: string, options?: Record<string, unknown>) {
      const result = tsParser.parseForESLint(text, options as never);
      let session: Session | undefined;
      const services: SlsParserServices = {
        slsSession: (request) => (session ??= createSession({ root, buffers: new Map([[path.resolve(request.cwd, request.filename), request.text]]) })),
      };
      return { ...result, services: { ...result.services, ...services } };
    },
  };
  return { ruleTester: createRuleTester({ languageOptions: { parser } }), file: (name: string) => path.join(root, name) };
}

const serverless = projectTester({
  'serverless.yml': [
    'service: shop',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    'custom:',
    '  apiUrl:',
    "    Fn::Join: ['', ['https://', { Ref: ApiGatewayRestApi }, '.execute-api.', { Ref: AWS::Region }, '.amazonaws.com/dev']]",
    '  partnerUrl: https://partner.example.com',
    'functions:',
    '  checkout:',
    '    handler: src/checkout.handler',
    '    environment:',
    '      ORDERS_API: ${self:custom.apiUrl}',
    '      PARTNER_API: ${self:custom.partnerUrl}',
    '    events:',
    '      - http: POST /checkout',
    '  orders:',
    '    handler: src/orders.handler',
    '    events:',
    '      - http: GET /orders',
    '',
  ].join('\n'),
  'src/checkout.ts': '// the case under test\n',
  'src/orders.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
});
const fetchFrom = (variable: string) => `export const handler = async () => fetch(\`\${process.env.${variable}}/orders\`);`;

serverless.ruleTester.run('no-sync-invoke (issue 14): ${self:custom.apiUrl} bound to the service\'s own REST API', rule, {
  valid: [{ name: 'trap: ${self:custom.partnerUrl}, a third party', filename: serverless.file('src/checkout.ts'), code: fetchFrom('PARTNER_API') }],
  invalid: [{
    name: 'fetch of the URL in ${self:custom.apiUrl}',
    filename: serverless.file('src/checkout.ts'),
    code: fetchFrom('ORDERS_API'),
    errors: [{
      messageId: 'syncHttpToOwnApi',
      data: { library: 'fetch', api: 'ApiGatewayRestApi', function: 'checkout', where: '' },
      ...at(fetchFrom('ORDERS_API'), 'fetch(`${process.env.ORDERS_API}/orders`)'),
    }],
  }],
});

// Functions whose job is to wait: a CodeDeploy traffic hook named in DeploymentPreference.Hooks. Its
// code reports the verdict through a package the rule does not read (no PutLifecycleEventHookExecutionStatus
// in sight), so only the template says it is a hook. no-sync-invoke.test.ts has the hook told by its
// code, the custom resource provider and the callback task.
describe('no-sync-invoke (issue 14): a traffic hook named in DeploymentPreference.Hooks', () => {
  const template = samTemplate({
    Checkout: [
      samFunction({ handler: 'src/checkout.handler' }),
      '      AutoPublishAlias: live',
      '      DeploymentPreference:',
      '        Type: AllAtOnce',
      '        Hooks:',
      '          PreTraffic: !Ref PreTrafficHook',
    ].join('\n'),
    PreTrafficHook: samFunction({ handler: 'src/hook.handler', environment: { TARGET: '!Ref Checkout.Version' } }),
    Smoke: samFunction({ handler: 'src/smoke.handler', environment: { TARGET: '!Ref Checkout' } }),
  });
  const invokesAndReports = code(
    "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
    "import { reportVerdict } from '@acme/deploy-hooks';",
    'const lambda = new LambdaClient({});',
    'export const handler = async (event: { DeploymentId: string; LifecycleEventHookExecutionId: string }) => {',
    '  const result = await lambda.send(new InvokeCommand({ FunctionName: process.env.TARGET }));',
    '  await reportVerdict(event, !result.FunctionError);',
    '};',
    '',
  );
  const findings = async () => {
    const root = writeProject({ 'template.yaml': template, 'src/checkout.ts': 'export const handler = async () => ({});\n', 'src/hook.ts': invokesAndReports, 'src/smoke.ts': invokesAndReports });
    const { results } = await lintProject({ cwd: root, rules: ['sls/no-unwrapped-sdk: off', 'sls/tracing-enabled: off', 'sls/async-failure-destination: off'] });
    return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/no-sync-invoke').map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.messageId}`));
  };

  // The template names the hook (the model keeps DeploymentPreference.Hooks as the stack's traffic hooks):
  // that is enough; the Smoke function beside it, named by nothing, is still reported.
  it('reports the plain function (trap) and not the hook', async () => {
    expect(await findings()).toEqual(['src/smoke.ts:5:36 syncInvokeOf']);
  });
});

// The own API named other ways than an environment variable bound in the same stack, each beside
// its trap. A wrapper's request is reported at the call that gives it the URL, naming the wrapper.
describe('no-sync-invoke (issue 14): the own API through a stack output, a host of the stack, a wrapper module', () => {
  const syncHttp = async (files: Record<string, string>) => {
    const root = writeProject(files);
    const { results } = await lintProject({ cwd: root, rules: ['sls/no-unwrapped-sdk: off', 'sls/tracing-enabled: off'] });
    return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/no-sync-invoke').map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.messageId}`));
  };
  const fetchVariable = 'export const handler = async () => fetch(`${process.env.ORDERS_API}/orders`);\n';
  const ordersHandler = 'export const handler = async () => ({ statusCode: 200 });\n';
  const service = (ordersApi: string) => ({
    'serverless.yml': [
      'service: shop',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      '  stage: dev',
      'functions:',
      '  checkout:',
      '    handler: src/checkout.handler',
      '    environment:',
      `      ORDERS_API: ${ordersApi}`,
      '    events:',
      '      - http: POST /checkout',
      '  orders:',
      '    handler: src/orders.handler',
      '    events:',
      '      - http: GET /orders',
      '',
    ].join('\n'),
    'src/checkout.ts': fetchVariable,
    'src/orders.ts': ordersHandler,
  });

  it('trap: an output of another service\'s stack', async () => {
    expect(await syncHttp(service('${cf:partner-dev.ServiceEndpoint}'))).toEqual([]);
  });
  it('the service\'s own stack output (${cf:shop-dev.ServiceEndpoint})', async () => {
    expect(await syncHttp(service('${cf:shop-dev.ServiceEndpoint}'))).toEqual(['src/checkout.ts:1:36 syncHttpToOwnApi']);
  });

  const stacks = (importName: string) => ({
    'api/template.yaml': [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Orders:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: orders.handler',
      '      Events:',
      '        Get:',
      '          Type: Api',
      '          Properties:',
      '            Path: /orders',
      '            Method: get',
      'Outputs:',
      '  OrdersApiUrl:',
      '    Value: !Sub https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod',
      '    Export:',
      '      Name: orders-api-url',
      '',
    ].join('\n'),
    'api/orders.ts': ordersHandler,
    'checkout/template.yaml': [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Checkout:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: checkout.handler',
      '      Environment:',
      '        Variables:',
      `          ORDERS_API: !ImportValue ${importName}`,
      '',
    ].join('\n'),
    'checkout/checkout.ts': fetchVariable,
  });
  it('trap: an export no stack of the application makes', async () => {
    expect(await syncHttp(stacks('partner-api-url'))).toEqual([]);
  });
  it('!ImportValue of the export another stack of the application makes of its API\'s URL', async () => {
    expect(await syncHttp(stacks('orders-api-url'))).toEqual(['checkout/checkout.ts:1:36 syncHttpToOwnApi']);
  });

  const customDomain = (host: string) => ({
    'template.yaml': [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Api:',
      '    Type: AWS::Serverless::Api',
      '    Properties:',
      '      StageName: prod',
      '      Domain:',
      '        DomainName: api.shop.example.com',
      '        CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc',
      '  Checkout:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: checkout.handler',
      '',
    ].join('\n'),
    'checkout.ts': `export const handler = async () => fetch('https://${host}/orders');\n`,
  });
  it('trap: a host the template does not name', async () => {
    expect(await syncHttp(customDomain('api.partner.example.com'))).toEqual([]);
  });
  it('a URL on the custom domain of the stack\'s API', async () => {
    expect(await syncHttp(customDomain('api.shop.example.com'))).toEqual(['checkout.ts:1:36 syncHttpToOwnApi']);
  });

  const throughWrapper = (variable: string) => ({
    'template.yaml': samTemplate({
      Checkout: samFunction({
        handler: 'checkout.handler',
        environment: { ORDERS_API: '!Sub https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod', PARTNER_API: 'https://partner.example.com' },
      }),
      Api: samResource('AWS::Serverless::Api', 'StageName: prod'),
    }),
    'checkout.ts': `import { getJson } from './lib/http.js';\nexport const handler = async () => getJson(\`\${process.env.${variable}}/orders\`);\n`,
    'lib/http.ts': 'export const getJson = async (url: string) => (await fetch(url)).json();\n',
  });
  it('trap: a request-style wrapper module given a third party\'s URL', async () => {
    expect(await syncHttp(throughWrapper('PARTNER_API'))).toEqual([]);
  });
  it('a request-style wrapper module given the own API\'s URL by its caller', async () => {
    expect(await syncHttp(throughWrapper('ORDERS_API'))).toEqual(['checkout.ts:2:36 syncHttpToOwnApiThrough']);
  });
});

// A self-invoke is the function itself: with Event it is its own asynchronous invoker (and a cycle:
// no-event-cycle.test.ts, async-failure-destination.test.ts). The trap: a RequestResponse self-invoke
// waits (syncSelfInvoke above) and makes no asynchronous invoker.
describe('async-failure-destination (issue 14): a self-invoke with RequestResponse is no asynchronous invoker', () => {
  const reported = (invocationType: string) => {
    const root = writeProject({
      'template.yaml': samTemplate({ Orders: samFunction({ handler: 'src/orders.handler' }) }),
      'src/orders.ts': code(
        "import AWS from 'aws-sdk';",
        'const lambda = new AWS.Lambda();',
        'export const handler = async (event: unknown, context: { functionName: string }) =>',
        `  lambda.invoke({ FunctionName: context.functionName, InvocationType: '${invocationType}' }).promise();`,
      ),
    });
    const { model } = loadModel(root, [path.join(root, 'template.yaml')]);
    const parses = new ParseCache();
    const analysis = new ProjectAnalysis(model, (f) => parses.parseFile(f));
    const id = 'sls/async-failure-destination';
    return runTemplateRules(model, { severities: { [id]: 'error' }, options: {}, ignores: [] }, analysis).map((f) => f.message.split(' but ')[0]!);
  };

  it('trap: RequestResponse', () => {
    expect(reported('RequestResponse')).toEqual([]);
  });
  it('Event (the true positive, as in async-failure-destination.test.ts)', () => {
    expect(reported('Event')).toEqual(['Function Orders, invoked async by an Event invoke from Orders, has no DLQ or on-failure destination: a failed event is lost']);
  });
});

// The same capabilities in their other forms, each beside its trap.
describe('no-sync-invoke (issue 14): the forms of each capability', () => {
  const lint = async (files: Record<string, string>) => {
    const root = writeProject(files);
    const { results } = await lintProject({ cwd: root, rules: ['sls/no-unwrapped-sdk: off', 'sls/tracing-enabled: off', 'sls/async-failure-destination: off'] });
    return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/no-sync-invoke').map((m) => ({ at: `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.messageId}`, message: m.message })));
  };
  const found = async (files: Record<string, string>) => (await lint(files)).map((f) => f.at);
  const fetchVariable = 'export const handler = async () => fetch(`${process.env.ORDERS_API}/orders`);\n';
  const ordersHandler = 'export const handler = async () => ({ statusCode: 200 });\n';
  const invokeTarget = code(
    "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
    'const lambda = new LambdaClient({});',
    'export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: process.env.TARGET }));',
    '',
  );

  describe('a traffic hook named by the template', () => {
    it('serverless-plugin-canary-deployments: deploymentSettings.preTrafficHook (the smoke function beside it is reported)', async () => {
      expect(await found({
        'serverless.yml': [
          'service: shop',
          'provider:',
          '  name: aws',
          '  runtime: nodejs20.x',
          'functions:',
          '  checkout:',
          '    handler: src/checkout.handler',
          '    deploymentSettings:',
          '      type: AllAtOnce',
          '      alias: Live',
          '      preTrafficHook: preHook',
          '  preHook:',
          '    handler: src/hook.handler',
          '    environment:',
          '      TARGET: ${self:service}-${sls:stage}-checkout',
          '  smoke:',
          '    handler: src/smoke.handler',
          '    environment:',
          '      TARGET: ${self:service}-${sls:stage}-checkout',
          '',
        ].join('\n'),
        'src/checkout.ts': ordersHandler,
        'src/hook.ts': invokeTarget,
        'src/smoke.ts': invokeTarget,
      })).toEqual(['src/smoke.ts:3:48 syncInvokeOf']);
    });

    it('CloudFormation: an alias\' CodeDeployLambdaAliasUpdate policy (BeforeAllowTrafficHook) names the hook; the trap is the function it does not name', async () => {
      const lambdaFunction = (handler: string) => [
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        `      Handler: ${handler}`,
        '      Code: .',
        '      Role: arn:aws:iam::123456789012:role/x',
        '      Environment:',
        '        Variables:',
        '          TARGET: !Ref Checkout',
      ].join('\n');
      expect(await found({
        'template.yaml': [
          'Resources:',
          '  Checkout:',
          '    Type: AWS::Lambda::Function',
          '    Properties:',
          '      Runtime: nodejs20.x',
          '      Handler: checkout.handler',
          '      Code: .',
          '      Role: arn:aws:iam::123456789012:role/x',
          '  Live:',
          '    Type: AWS::Lambda::Alias',
          '    UpdatePolicy:',
          '      CodeDeployLambdaAliasUpdate:',
          '        ApplicationName: shop',
          '        DeploymentGroupName: checkout',
          '        BeforeAllowTrafficHook: !Ref Hook',
          '    Properties:',
          '      FunctionName: !Ref Checkout',
          '      FunctionVersion: "1"',
          '      Name: live',
          '  Hook:',
          lambdaFunction('hook.handler'),
          '  Smoke:',
          lambdaFunction('smoke.handler'),
          '',
        ].join('\n'),
        'checkout.ts': ordersHandler,
        'hook.ts': invokeTarget,
        'smoke.ts': invokeTarget,
      })).toEqual(['smoke.ts:3:48 syncInvokeOf']);
    });
  });

  describe('the own API through a stack output', () => {
    const service = (ordersApi: string, more: string[] = []) => ({
      'serverless.yml': [
        'service: shop',
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        "  stage: ${opt:stage, 'dev'}",
        ...more,
        'functions:',
        '  checkout:',
        '    handler: src/checkout.handler',
        '    environment:',
        `      ORDERS_API: ${ordersApi}`,
        '  orders:',
        '    handler: src/orders.handler',
        '    events:',
        '      - http: GET /orders',
        'resources:',
        '  Resources:',
        '    Jobs:',
        '      Type: AWS::SQS::Queue',
        '  Outputs:',
        '    JobsUrl:',
        '      Value: !Ref Jobs',
        '',
      ].join('\n'),
      'src/checkout.ts': fetchVariable,
      'src/orders.ts': ordersHandler,
    });
    const own = ['src/checkout.ts:1:36 syncHttpToOwnApi'];

    it('the stage from ${sls:stage}', async () => {
      const findings = await lint(service('${cf:shop-${sls:stage}.ServiceEndpoint}'));
      expect(findings.map((f) => f.at)).toEqual(own);
      expect(findings[0]!.message).toBe("This fetch request calls ApiGatewayRestApi, this app's own API: checkout waits on another function");
    });
    it('the stage from ${opt:stage, \'dev\'}, and a path after the output', async () => {
      expect(await found(service("${cf:shop-${opt:stage, 'dev'}.ServiceEndpoint}/v1"))).toEqual(own);
    });
    it('another stage of the same service, written out', async () => {
      expect(await found(service('${cf:shop-prod.ServiceEndpoint}'))).toEqual(own);
    });
    it('the stage from ${self:provider.stage}', async () => {
      expect(await found(service('${cf:shop-${self:provider.stage}.ServiceEndpoint}'))).toEqual(own);
    });
    it('an output of resources.Outputs exported as ${AWS::StackName}-url, imported by another service', async () => {
      const files = service("${cf:partner-dev.ServiceEndpoint}");
      files['serverless.yml'] = files['serverless.yml']!.replace('      Value: !Ref Jobs', [
        '      Value: !Ref Jobs',
        '    OrdersUrl:',
        "      Value: !Join ['', ['https://', !Ref ApiGatewayRestApi, '.execute-api.eu-west-1.amazonaws.com/dev']]",
        '      Export:',
        '        Name: !Sub ${AWS::StackName}-url',
      ].join('\n'));
      const importing = [
        'service: checkout',
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        'functions:',
        '  pay:',
        '    handler: pay.handler',
        '    environment:',
        '      ORDERS_API:',
        '        Fn::ImportValue: shop-dev-url',
        '',
      ].join('\n');
      expect(await found({ ...files, 'checkout/serverless.yml': importing, 'checkout/pay.ts': fetchVariable })).toEqual(['checkout/pay.ts:1:36 syncHttpToOwnApi']);
    });
    it('provider.stackName names the stack', async () => {
      expect(await found(service('${cf:shop-api.ServiceEndpoint}', ['  stackName: shop-api']))).toEqual(own);
    });
    it('trap: an output of the stack that is no API (a queue URL)', async () => {
      expect(await found(service('${cf:shop-dev.JobsUrl}'))).toEqual([]);
    });
    it('trap: the stack of another service whose name starts with this one\'s (shop-orders-dev)', async () => {
      expect(await found(service('${cf:shop-orders-dev.ServiceEndpoint}'))).toEqual([]);
    });

    const stacks = (importValue: string) => ({
      'api/template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Api:',
        '    Type: AWS::Serverless::HttpApi',
        '  Orders:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: orders.handler',
        '  Table:',
        '    Type: AWS::DynamoDB::Table',
        'Outputs:',
        '  OrdersApiUrl:',
        '    Value: !GetAtt Api.ApiEndpoint',
        '    Export:',
        '      Name: orders-api-url',
        '  TableName:',
        '    Value: !Ref Table',
        '    Export:',
        '      Name: orders-table',
        '',
      ].join('\n'),
      'api/orders.ts': ordersHandler,
      'checkout/template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Checkout:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: checkout.handler',
        '      Environment:',
        '        Variables:',
        `          ORDERS_API: ${importValue}`,
        '',
      ].join('\n'),
      'checkout/checkout.ts': fetchVariable,
    });
    it('!ImportValue at the start of a !Join', async () => {
      const findings = await lint(stacks("!Join ['', [!ImportValue orders-api-url, '/v1']]"));
      expect(findings.map((f) => f.at)).toEqual(['checkout/checkout.ts:1:36 syncHttpToOwnApi']);
      expect(findings[0]!.message).toBe("This fetch request calls Api, this app's own API: Checkout waits on another function");
    });
    it('!ImportValue bound to the first variable of a !Sub', async () => {
      expect(await found(stacks("!Sub ['${Base}/v1', { Base: !ImportValue orders-api-url }]"))).toEqual(['checkout/checkout.ts:1:36 syncHttpToOwnApi']);
    });
    it('trap: the export of another stack\'s table name', async () => {
      expect(await found(stacks('!ImportValue orders-table'))).toEqual([]);
    });
    it('trap: the export after the start of the URL (a callback parameter)', async () => {
      expect(await found(stacks("!Join ['', ['https://partner.example.com/hook?back=', !ImportValue orders-api-url]]"))).toEqual([]);
    });
  });

  describe('the own API by host', () => {
    const domainResources = [
      '  Api:',
      '    Type: AWS::ApiGateway::RestApi',
      '    Properties:',
      '      Name: shop',
      '  ApiDomain:',
      '    Type: AWS::ApiGateway::DomainName',
      '    Properties:',
      '      DomainName: api.shop.example.com',
      '  Mapping:',
      '    Type: AWS::ApiGateway::BasePathMapping',
      '    Properties:',
      '      DomainName: !Ref ApiDomain',
      '      RestApiId: !Ref Api',
    ];
    const cloudFormation = (handlerCode: string, variable = 'https://partner.example.com') => ({
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        ...domainResources,
        '  Checkout:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: checkout.handler',
        '      Environment:',
        '        Variables:',
        `          ORDERS_API: ${variable}`,
        '',
      ].join('\n'),
      'checkout.ts': handlerCode,
    });
    it('AWS::ApiGateway::DomainName, its API named by the base path mapping; the host in a same-file constant', async () => {
      const findings = await lint(cloudFormation("const BASE = 'https://API.shop.example.com';\nexport const handler = async (event: { id: string }) => fetch(`${BASE}/orders/${event.id}`);\n"));
      expect(findings.map((f) => f.at)).toEqual(['checkout.ts:2:57 syncHttpToOwnApi']);
      expect(findings[0]!.message).toBe("This fetch request calls Api, this app's own API: Checkout waits on another function");
    });
    it('the environment variable\'s value is a URL on the domain', async () => {
      expect(await found(cloudFormation(fetchVariable, 'https://api.shop.example.com/v1'))).toEqual(['checkout.ts:1:36 syncHttpToOwnApi']);
    });
    it('the environment variable references the domain name resource', async () => {
      expect(await found(cloudFormation(fetchVariable, '!Sub https://${ApiDomain}'))).toEqual(['checkout.ts:1:36 syncHttpToOwnApi']);
    });
    it('trap: a host that only ends with the domain', async () => {
      expect(await found(cloudFormation("export const handler = async () => fetch('https://eu.api.shop.example.com/orders');\n"))).toEqual([]);
    });

    const service = (domainName: string) => ({
      'serverless.yml': [
        'service: shop',
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        'plugins:',
        '  - serverless-domain-manager',
        'custom:',
        '  customDomain:',
        `    domainName: ${domainName}`,
        'functions:',
        '  checkout:',
        '    handler: src/checkout.handler',
        '  orders:',
        '    handler: src/orders.handler',
        '    events:',
        '      - http: GET /orders',
        '',
      ].join('\n'),
      'src/checkout.ts': "export const handler = async () => fetch('https://api-dev.shop.example.com/orders');\n",
      'src/orders.ts': ordersHandler,
    });
    it('serverless-domain-manager\'s custom.customDomain, the stage resolved', async () => {
      expect(await found(service('api-${sls:stage}.shop.example.com'))).toEqual(['src/checkout.ts:1:36 syncHttpToOwnApi']);
    });
    it('trap: a domain name with a part that is not resolved (an SSM parameter)', async () => {
      expect(await found(service('${ssm:/shop/domain}'))).toEqual([]);
    });
  });

  describe('a request wrapper', () => {
    const template = samTemplate({
      Checkout: samFunction({
        handler: 'checkout.handler',
        environment: { ORDERS_API: '!Sub https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod', PARTNER_API: 'https://partner.example.com' },
      }),
      Api: samResource('AWS::Serverless::Api', 'StageName: prod'),
    });
    it('a same-file wrapper: reported at the call that gives the own API\'s URL, not at the fetch (the other call gives a third party\'s)', async () => {
      const findings = await lint({
        'template.yaml': template,
        'checkout.ts': code(
          'const getJson = async (url: string) => (await fetch(url)).json();',
          'export const handler = async () => {',
          '  const quote = await getJson(`${process.env.PARTNER_API}/quotes`);',
          '  return getJson(`${process.env.ORDERS_API}/orders`);',
          '};',
          '',
        ),
      });
      expect(findings.map((f) => f.at)).toEqual(['checkout.ts:4:10 syncHttpToOwnApiThrough']);
      expect(findings[0]!.message).toBe("This URL of Api, this app's own API, goes to getJson (checkout.ts:1), a fetch request: Checkout waits on another function");
    });
    it('through two functions of a library, the URL in an options object', async () => {
      expect(await found({
        'template.yaml': template,
        'checkout.ts': "import { api } from './lib/api.js';\nexport const handler = async () => api.get(`${process.env.ORDERS_API}/orders`);\n",
        'lib/api.ts': "import { request } from './http.js';\nexport const api = { get: (url: string) => request({ url, method: 'GET' }) };\n",
        'lib/http.ts': "import axios from 'axios';\nexport const request = async (options: { url: string; method: string }) => (await axios.get(options.url)).data;\n",
      })).toEqual(['checkout.ts:2:36 syncHttpToOwnApiThrough']);
    });
    it('a destructured parameter of a wrapper in another module', async () => {
      expect(await found({
        'template.yaml': template,
        'checkout.ts': "import { send } from './lib/http.js';\nexport const handler = async () => send({ url: `${process.env.ORDERS_API}/orders`, body: '{}' });\n",
        'lib/http.ts': "import got from 'got';\nexport const send = ({ url, body }: { url: string; body: string }) => got.post(url, { body }).json();\n",
      })).toEqual(['checkout.ts:2:36 syncHttpToOwnApiThrough']);
    });
    it('trap: a wrapper that requests a URL of its own, not the one it is given', async () => {
      expect(await found({
        'template.yaml': template,
        'checkout.ts': "import { track } from './lib/track.js';\nexport const handler = async () => track(`${process.env.ORDERS_API}/orders`);\n",
        'lib/track.ts': "export const track = async (page: string) => fetch('https://partner.example.com/track', { method: 'POST', body: page });\n",
      })).toEqual([]);
    });
  });
});

// More places a custom domain is written: SAM Globals.Api (the implicit ServerlessRestApi too), an
// HTTP API's domain and API mapping, serverless-domain-manager's customDomains list.
describe('no-sync-invoke (issue 14): custom domains written elsewhere', () => {
  const found = async (files: Record<string, string>) => {
    const root = writeProject(files);
    const { results } = await lintProject({ cwd: root, rules: ['sls/no-unwrapped-sdk: off', 'sls/tracing-enabled: off'] });
    return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/no-sync-invoke').map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.messageId} ${m.message}`));
  };
  const fetchHost = (host: string) => `export const handler = async () => fetch('https://${host}/orders');\n`;

  const globalsDomain = (host: string) => ({
    'template.yaml': [
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Api:',
      '    Domain:',
      '      DomainName: api.shop.example.com',
      '      CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc',
      'Resources:',
      '  Orders:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: orders.handler',
      '      Events:',
      '        Get:',
      '          Type: Api',
      '          Properties:',
      '            Path: /orders',
      '            Method: get',
      '  Checkout:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs20.x',
      '      Handler: checkout.handler',
      '',
    ].join('\n'),
    'orders.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
    'checkout.ts': fetchHost(host),
  });
  it('SAM Globals.Api.Domain serves the implicit ServerlessRestApi', async () => {
    expect(await found(globalsDomain('api.shop.example.com'))).toEqual([
      "checkout.ts:1:36 syncHttpToOwnApi This fetch request calls ServerlessRestApi, this app's own API: Checkout waits on another function",
    ]);
  });
  it('trap: another host', async () => {
    expect(await found(globalsDomain('shop.example.com'))).toEqual([]);
  });

  it('an AWS::ApiGatewayV2::DomainName, its API named by the API mapping', async () => {
    expect(await found({
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  HttpApi:',
        '    Type: AWS::ApiGatewayV2::Api',
        '    Properties:',
        '      Name: shop',
        '      ProtocolType: HTTP',
        '  Domain:',
        '    Type: AWS::ApiGatewayV2::DomainName',
        '    Properties:',
        '      DomainName: api.shop.example.com',
        '  Mapping:',
        '    Type: AWS::ApiGatewayV2::ApiMapping',
        '    Properties:',
        '      DomainName: api.shop.example.com',
        '      ApiId: !Ref HttpApi',
        '      Stage: $default',
        '  Checkout:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: nodejs20.x',
        '      Handler: checkout.handler',
        '',
      ].join('\n'),
      'checkout.ts': fetchHost('api.shop.example.com'),
    })).toEqual(["checkout.ts:1:36 syncHttpToOwnApi This fetch request calls HttpApi, this app's own API: Checkout waits on another function"]);
  });

  const domainsList = (host: string) => ({
    'serverless.yml': [
      'service: shop',
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      'custom:',
      '  customDomains:',
      '    - websocket:',
      '        domainName: ws.shop.example.com',
      '    - http:',
      '        domainName: api.shop.example.com',
      'functions:',
      '  checkout:',
      '    handler: src/checkout.handler',
      '',
    ].join('\n'),
    'src/checkout.ts': fetchHost(host),
  });
  it('serverless-domain-manager\'s customDomains list, an HTTP API\'s domain', async () => {
    expect(await found(domainsList('api.shop.example.com'))).toEqual([
      "src/checkout.ts:1:36 syncHttpToOwnApi This fetch request calls HttpApi, this app's own API: checkout waits on another function",
    ]);
  });
  it('trap: the WebSocket API\'s domain reaches clients, not functions', async () => {
    expect(await found(domainsList('ws.shop.example.com'))).toEqual([]);
  });
});
