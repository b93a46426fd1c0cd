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
  ({ messageId: 'syncHttpToOwnApi' as const, data: { library, api: 'Api', function: 'Checkout', where: `in its handler: handler (src/checkout.ts:${line})` } });

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
      data: { library: 'fetch', api: 'ApiGatewayRestApi', function: 'checkout', where: 'in its handler: handler (src/checkout.ts:1)' },
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

  // MISSING (docs/rules/no-sync-invoke.md says so): the model does not keep DeploymentPreference, so the
  // hook is reported like the Smoke function beside it (today: src/hook.ts:5:36 syncInvoke as well).
  it('reports the plain function (trap) and not the hook', async () => {
    expect(await findings()).toEqual(['src/smoke.ts:5:36 syncInvokeOf']);
  });
});

// The own API named other ways than an environment variable bound in the same stack. All MISSING
// today (no finding); each beside its trap, which passes.
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
  it('MISSING: the service\'s own stack output (${cf:shop-dev.ServiceEndpoint})', async () => {
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
  it('MISSING: !ImportValue of the export another stack of the application makes of its API\'s URL', async () => {
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
  it('MISSING: a URL on the custom domain of the stack\'s API', async () => {
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
  it('MISSING: a request-style wrapper module given the own API\'s URL by its caller', async () => {
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
    expect(reported('Event')).toEqual(['Function Orders is invoked asynchronously by an Event invoke from Orders']);
  });
});
