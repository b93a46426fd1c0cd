import rule from '../../rules/no-sync-invoke.js';
import { samFunction, samResource, samTemplate } from '../helpers/sam-template.js';
import { at, code, commonjs, createProjectRuleTester, createRuleTester } from './rule-tester.js';

const ruleTester = createRuleTester();

/** `source` with `from` (which must occur exactly once) replaced by `to`: a suggestion's expected output. */
function edit(source: string, from: string, to: string): string {
  const at = source.indexOf(from);
  if (at === -1 || source.indexOf(from, at + 1) !== -1) throw new Error(`expected exactly one ${JSON.stringify(from)} in the test source`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

const requestResponse = { invocationType: "'RequestResponse'" };

// Sources of the invalid cases, kept apart so suggestion outputs can be derived from them.
const v2EsmInline = code(
  "import AWS from 'aws-sdk';",
  'const lambda = new AWS.Lambda();',
  'export const handler = async () => {',
  "  await lambda.invoke({ FunctionName: 'worker', Payload: '{}' }).promise();",
  '};',
);
const v2CjsConstParams = code(
  "'use strict';",
  "const AWS = require('aws-sdk');",
  'const lambda = new AWS.Lambda();',
  'const params = {',
  '  FunctionName: process.env.WORKER,',
  "  InvocationType: 'RequestResponse',",
  '};',
  'exports.handler = async (event) => {',
  '  const result = await lambda.invoke(params).promise();',
  '  return JSON.parse(result.Payload);',
  '};',
);
const v2DestructuredRequireTrimmed = code(
  "const { Lambda } = require('aws-sdk');",
  "const lambda = new Lambda({ region: 'eu-west-1' });",
  'module.exports.handler = (event, context, callback) => {',
  "  lambda.invoke({ FunctionName: 'worker', InvocationType: ' RequestResponse ' }, callback);",
  '};',
);
const v2ServiceModuleRequire = code(
  "const Lambda = require('aws-sdk/clients/lambda');",
  'const lambda = new Lambda();',
  'exports.handler = (event, context, callback) => {',
  "  lambda.invoke({ FunctionName: 'worker' }, callback);",
  '};',
);
const v3BareMultiline = code(
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const client = new LambdaClient({});',
  'export const handler = async (event: { body: string }) => {',
  '  const response = await client.send(',
  '    new InvokeCommand({',
  '      FunctionName: process.env.PRICING_FUNCTION,',
  '      Payload: Buffer.from(event.body),',
  '    }),',
  '  );',
  '  return response.StatusCode;',
  '};',
);
const v3EnumRequestResponse = code(
  "import { InvocationType, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const client = new LambdaClient({});',
  'export async function handler(): Promise<void> {',
  "  await client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: InvocationType.RequestResponse }));",
  '}',
);
const v3NamespaceCommandInConst = code(
  "import * as lambda from '@aws-sdk/client-lambda';",
  'const client = new lambda.LambdaClient({});',
  "const command = new lambda.InvokeCommand({ FunctionName: 'worker', InvocationType: 'RequestResponse' });",
  'export const handler = async () => client.send(command);',
);
const v3Aggregated = code(
  "import { Lambda } from '@aws-sdk/client-lambda';",
  "const lambda = new Lambda({ region: 'us-east-1' });",
  'export const handler = async (): Promise<void> => {',
  "  await lambda.invoke({ FunctionName: 'worker' });",
  '};',
);
const v3EmptyInput = code(
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const client = new LambdaClient();',
  'export async function handler() {',
  '  const command = new InvokeCommand({});',
  '  return client.send(command);',
  '}',
);
const v3TemplateLiteral = code(
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const client = new LambdaClient({});',
  "export const handler = () => client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: `RequestResponse` }));",
);
const v2SpreadOfConst = code(
  "import AWS from 'aws-sdk';",
  'const lambda = new AWS.Lambda();',
  "const base = { InvocationType: 'RequestResponse' };",
  'export const handler = async (event) => {',
  "  await lambda.invoke({ ...base, FunctionName: 'worker', Payload: JSON.stringify(event) }).promise();",
  '};',
);
const v2Factory = code(
  "const AWS = require('aws-sdk');",
  'const lambda = new AWS.Lambda();',
  'function buildParams(name) {',
  "  return { FunctionName: name, Payload: '{}' };",
  '}',
  "exports.handler = async () => lambda.invoke(buildParams('worker')).promise();",
);
const v2ClassMember = code(
  "import AWS from 'aws-sdk';",
  'export class Dispatcher {',
  '  constructor() {',
  '    this.lambda = new AWS.Lambda();',
  '  }',
  '  async dispatch(payload) {',
  "    return this.lambda.invoke({ FunctionName: 'worker', Payload: payload }).promise();",
  '  }',
  '}',
);
const v2Shorthand = code(
  "const { Lambda } = require('aws-sdk');",
  'const lambda = new Lambda();',
  "const InvocationType = 'RequestResponse';",
  "exports.handler = async () => lambda.invoke({ FunctionName: 'worker', InvocationType }).promise();",
);
const v2StringKeys = code(
  "import Lambda from 'aws-sdk/clients/lambda';",
  'const lambda = new Lambda();',
  "export const handler = async () => lambda.invoke({ 'FunctionName': 'worker', 'InvocationType': \"RequestResponse\" }).promise();",
);
const v3ComputedStringKey = code(
  "import { Lambda } from '@aws-sdk/client-lambda';",
  'const lambda = new Lambda({});',
  "export const handler = () => lambda.invoke({ FunctionName: 'worker', ['InvocationType']: 'RequestResponse' });",
);
const v2OverriddenBySpread = code(
  "import AWS from 'aws-sdk';",
  'const lambda = new AWS.Lambda();',
  "const defaults = { FunctionName: 'worker', InvocationType: 'RequestResponse' };",
  "export const handler = () => lambda.invoke({ InvocationType: 'Event', ...defaults }).promise();",
);
const v2ParamShadowsConst = code(
  "import AWS from 'aws-sdk';",
  'const lambda = new AWS.Lambda();',
  'export async function refresh() {',
  "  const params = { FunctionName: 'cache', InvocationType: 'RequestResponse' };",
  '  return lambda.invoke(params).promise();',
  '}',
  'export async function forward(params) {',
  '  return lambda.invoke(params).promise();',
  '}',
);
const v3ExplicitAfterUnknownSpread = code(
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const client = new LambdaClient({});',
  "export const invoke = (options) => client.send(new InvokeCommand({ ...options, InvocationType: 'RequestResponse' }));",
);
const v3UnknownReceiver = code(
  "import { InvokeCommand as Invoke } from '@aws-sdk/client-lambda';",
  "export const run = (client) => client.send(new Invoke({ FunctionName: 'worker' }));",
);

ruleTester.run('no-sync-invoke', rule, {
  valid: [
    {
      name: 'v2 ESM, inline params, Event, with .promise()',
      filename: 'handler.js',
      code: code(
        "import AWS from 'aws-sdk';",
        'const lambda = new AWS.Lambda();',
        "export const handler = async () => lambda.invoke({ FunctionName: 'worker', InvocationType: 'Event', Payload: '{}' }).promise();",
      ),
    },
    {
      name: 'v3 bare client and command, DryRun',
      filename: 'handler.ts',
      code: code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        "export const handler = async (): Promise<void> => { await client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'DryRun' })); };",
      ),
    },
    {
      name: 'v3 InvocationType.Event enum member',
      filename: 'handler.ts',
      code: code(
        "import { InvocationType, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        "export const handler = () => client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: InvocationType.Event }));",
      ),
    },
    {
      name: 'template literal without expressions',
      code: code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        "export const handler = () => client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: `Event` }));",
      ),
    },
    {
      name: 'the value is compared trimmed',
      code: code(
        "import AWS from 'aws-sdk';",
        'const lambda = new AWS.Lambda();',
        "export const handler = () => lambda.invoke({ FunctionName: 'worker', InvocationType: '  Event ' }).promise();",
      ),
    },
    {
      name: 'CommonJS destructured require, params in a same-file const',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: code(
        "const { Lambda } = require('aws-sdk');",
        'const lambda = new Lambda();',
        "const params = { FunctionName: process.env.WORKER, InvocationType: 'Event' };",
        'exports.handler = async () => { await lambda.invoke(params).promise(); };',
      ),
    },
    {
      name: 'InvocationType from a spread of a same-file const',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: code(
        "'use strict';",
        "const AWS = require('aws-sdk');",
        'const lambda = new AWS.Lambda();',
        "const params = { FunctionName: process.env.LABEL_FUNCTION, InvocationType: 'Event' };",
        'exports.handler = async (event) => {',
        '  for (const record of event.Records) await lambda.invoke({ ...params, Payload: record.body }).promise();',
        '};',
      ),
    },
    {
      name: 'params from a same-file factory (arrow function)',
      code: code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        "const asyncInvoke = (name) => ({ FunctionName: name, InvocationType: 'Event' });",
        "export const handler = () => client.send(new InvokeCommand(asyncInvoke('worker')));",
      ),
    },
    {
      name: 'InvocationType from a same-file string constant',
      code: code(
        "import { Lambda } from '@aws-sdk/client-lambda';",
        'const lambda = new Lambda({});',
        "const ASYNC = 'Event';",
        "export const handler = () => lambda.invoke({ FunctionName: 'worker', InvocationType: ASYNC });",
      ),
    },
    {
      name: 'InvocationType is a function parameter: unknown, so silent',
      code: code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        "export async function invoke(type) { await client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: type })); }",
      ),
    },
    {
      name: 'the whole input is a function parameter: unknown, so silent',
      code: code(
        "import AWS from 'aws-sdk';",
        'const lambda = new AWS.Lambda();',
        'export const forward = (params) => lambda.invoke(params).promise();',
      ),
    },
    {
      name: 'an unresolvable spread may set InvocationType: silent',
      code: code(
        "import AWS from 'aws-sdk';",
        'const lambda = new AWS.Lambda();',
        "export const handler = (event) => lambda.invoke({ ...event.options, FunctionName: 'worker' }).promise();",
      ),
    },
    {
      name: 'an unresolvable spread after RequestResponse may override it: silent',
      code: code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        "export const invoke = (overrides) => client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'RequestResponse', ...overrides }));",
      ),
    },
    {
      name: 'a computed key after RequestResponse may override it: silent',
      code: code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        "export const invoke = (key, value) => client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'RequestResponse', [key]: value }));",
      ),
    },
    {
      name: 'a member of a non-SDK import is not an SDK enum member',
      code: code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        "import { config } from './config.js';",
        'const client = new LambdaClient({});',
        "export const handler = () => client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: config.invocationType }));",
      ),
    },
    {
      name: 'a member of a required local module is not an SDK enum member',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        "const settings = require('./settings');",
        'const lambda = new AWS.Lambda();',
        "exports.handler = () => lambda.invoke({ FunctionName: 'worker', InvocationType: settings.mode }).promise();",
      ),
    },
    {
      name: 'a constant imported from a project module: only the project mode reads it',
      code: code(
        "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
        "import { REQUEST_RESPONSE } from './constants';",
        'const client = new LambdaClient({});',
        "export const handler = () => client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: REQUEST_RESPONSE }));",
      ),
    },
    {
      name: 'a value that is not RequestResponse is not reported',
      code: code(
        "import AWS from 'aws-sdk';",
        'const lambda = new AWS.Lambda();',
        "export const handler = () => lambda.invoke({ FunctionName: 'worker', InvocationType: 'event' }).promise();",
      ),
    },
    {
      name: 'namespace import of the v3 package, Event',
      code: code(
        "import * as lambda from '@aws-sdk/client-lambda';",
        'const client = new lambda.LambdaClient({});',
        "export const handler = () => client.send(new lambda.InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event' }));",
      ),
    },
    {
      name: 'aggregated v3 client, DryRun',
      filename: 'handler.ts',
      code: code(
        "import { Lambda } from '@aws-sdk/client-lambda';",
        'const lambda = new Lambda({});',
        "export const handler = async (): Promise<void> => { await lambda.invoke({ FunctionName: 'worker', InvocationType: 'DryRun' }); };",
      ),
    },
    {
      name: 'class property client in TypeScript, Event',
      filename: 'dispatcher.ts',
      code: code(
        "import { Lambda } from '@aws-sdk/client-lambda';",
        'export class Dispatcher {',
        '  private readonly lambda = new Lambda({});',
        '  async dispatch(payload: string): Promise<void> {',
        "    await this.lambda.invoke({ FunctionName: 'worker', InvocationType: 'Event', Payload: payload });",
        '  }',
        '}',
      ),
    },
    {
      name: 'per-service v2 module, Event',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: code(
        "const Lambda = require('aws-sdk/clients/lambda');",
        'const lambda = new Lambda();',
        "exports.handler = (event, context, callback) => lambda.invoke({ FunctionName: 'worker', InvocationType: 'Event' }, callback);",
      ),
    },
    {
      name: 'a local object with an invoke method is not the SDK',
      code: code(
        'const lambda = { invoke: (params) => params };',
        "export const handler = () => lambda.invoke({ FunctionName: 'worker' });",
      ),
    },
    {
      name: 'InvokeCommand imported from a non-AWS package is not the SDK',
      filename: 'handler.ts',
      code: code(
        "import { InvokeCommand } from './commands.js';",
        "import { bus } from './bus.js';",
        "export const handler = () => bus.send(new InvokeCommand({ FunctionName: 'worker' }));",
      ),
    },
    {
      name: 'InvokeAsync is asynchronous',
      code: code(
        "import AWS from 'aws-sdk';",
        'const lambda = new AWS.Lambda();',
        "export const handler = () => lambda.invokeAsync({ FunctionName: 'worker', InvokeArgs: '{}' }).promise();",
      ),
    },
    {
      name: 'the v3 bare client has no invoke method',
      code: code(
        "import { LambdaClient } from '@aws-sdk/client-lambda';",
        'const client = new LambdaClient({});',
        "export const handler = () => client.invoke({ FunctionName: 'worker' });",
      ),
    },
    {
      name: 'StartExecution (v2 and v3) does not wait',
      code: code(
        "import AWS from 'aws-sdk';",
        "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
        'const sfn = new SFNClient({});',
        'export const v2 = (input) => new AWS.StepFunctions().startExecution({ stateMachineArn: process.env.MACHINE, input }).promise();',
        'export const v3 = (input) => sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.MACHINE, input }));',
      ),
    },
  ],
  invalid: [
    {
      name: 'v2 ESM, inline params without InvocationType, with .promise()',
      filename: 'handler.js',
      code: v2EsmInline,
      errors: [
        {
          messageId: 'syncInvoke',
          data: requestResponse,
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'suggestEvent',
              output: edit(v2EsmInline, "Payload: '{}' }", "Payload: '{}', InvocationType: 'Event' }"),
            },
          ],
        },
      ],
    },
    {
      name: 'v2 CommonJS, RequestResponse in a same-file const: the suggestion edits the const',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: v2CjsConstParams,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 9,
          column: 24,
          endLine: 9,
          endColumn: 45,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v2CjsConstParams, "InvocationType: 'RequestResponse'", "InvocationType: 'Event'") },
          ],
        },
      ],
    },
    {
      name: "v2 destructured require, ' RequestResponse ' compared trimmed",
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: v2DestructuredRequireTrimmed,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 91,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v2DestructuredRequireTrimmed, "' RequestResponse '", "'Event'") },
          ],
        },
      ],
    },
    {
      name: "v2 require('aws-sdk/clients/lambda'), callback style",
      filename: 'handler.js',
      code: v2ServiceModuleRequire,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'suggestEvent',
              output: edit(v2ServiceModuleRequire, "{ FunctionName: 'worker' }", "{ FunctionName: 'worker', InvocationType: 'Event' }"),
            },
          ],
        },
      ],
    },
    {
      name: 'v3 client.send(new InvokeCommand(...)) over several lines, TypeScript',
      filename: 'handler.ts',
      code: v3BareMultiline,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 5,
          column: 5,
          endLine: 8,
          endColumn: 7,
          suggestions: [
            {
              messageId: 'suggestEvent',
              output: edit(v3BareMultiline, 'Payload: Buffer.from(event.body),', "Payload: Buffer.from(event.body), InvocationType: 'Event',"),
            },
          ],
        },
      ],
    },
    {
      name: 'v3 InvocationType.RequestResponse enum member',
      filename: 'handler.ts',
      code: v3EnumRequestResponse,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 114,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v3EnumRequestResponse, 'InvocationType.RequestResponse', "'Event'") },
          ],
        },
      ],
    },
    {
      name: "import * as lambda from '@aws-sdk/client-lambda', command built in a const then sent",
      code: v3NamespaceCommandInConst,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 104,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v3NamespaceCommandInConst, "'RequestResponse'", "'Event'") },
          ],
        },
      ],
    },
    {
      name: 'aggregated v3 Lambda client .invoke(...)',
      filename: 'handler.ts',
      code: v3Aggregated,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'suggestEvent',
              output: edit(v3Aggregated, "{ FunctionName: 'worker' }", "{ FunctionName: 'worker', InvocationType: 'Event' }"),
            },
          ],
        },
      ],
    },
    {
      name: 'empty input object',
      code: v3EmptyInput,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 40,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v3EmptyInput, 'InvokeCommand({})', "InvokeCommand({ InvocationType: 'Event' })") },
          ],
        },
      ],
    },
    {
      name: 'template literal without expressions',
      code: v3TemplateLiteral,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 3,
          column: 42,
          endLine: 3,
          endColumn: 122,
          suggestions: [{ messageId: 'suggestEvent', output: edit(v3TemplateLiteral, '`RequestResponse`', "'Event'") }],
        },
      ],
    },
    {
      name: 'RequestResponse from a spread of a same-file const: the suggestion appends',
      code: v2SpreadOfConst,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 91,
          suggestions: [
            {
              messageId: 'suggestEvent',
              output: edit(v2SpreadOfConst, 'Payload: JSON.stringify(event) }', "Payload: JSON.stringify(event), InvocationType: 'Event' }"),
            },
          ],
        },
      ],
    },
    {
      name: 'params from a same-file factory function: no suggestion',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: v2Factory,
      errors: [{ messageId: 'syncInvoke', line: 6, column: 31, endLine: 6, endColumn: 67, suggestions: [] }],
    },
    {
      name: 'class member client (this.lambda = new AWS.Lambda())',
      code: v2ClassMember,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 76,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v2ClassMember, 'Payload: payload }', "Payload: payload, InvocationType: 'Event' }") },
          ],
        },
      ],
    },
    {
      name: 'shorthand InvocationType from a same-file const',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: v2Shorthand,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 4,
          column: 31,
          endLine: 4,
          endColumn: 88,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v2Shorthand, "'worker', InvocationType }", "'worker', InvocationType: 'Event' }") },
          ],
        },
      ],
    },
    {
      name: 'string-literal keys, default import of the v2 service module',
      code: v2StringKeys,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 3,
          column: 36,
          endLine: 3,
          endColumn: 116,
          suggestions: [{ messageId: 'suggestEvent', output: edit(v2StringKeys, '"RequestResponse"', "'Event'") }],
        },
      ],
    },
    {
      name: "computed string key ['InvocationType']: the suggestion replaces its value",
      code: v3ComputedStringKey,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 3,
          column: 30,
          endLine: 3,
          endColumn: 110,
          suggestions: [{ messageId: 'suggestEvent', output: edit(v3ComputedStringKey, "'RequestResponse'", "'Event'") }],
        },
      ],
    },
    {
      name: 'own Event overridden by a later spread: the suggestion appends after the spread',
      code: v2OverriddenBySpread,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 4,
          column: 30,
          endLine: 4,
          endColumn: 85,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v2OverriddenBySpread, '...defaults }', "...defaults, InvocationType: 'Event' }") },
          ],
        },
      ],
    },
    {
      name: 'a parameter hides a same-named const of another function',
      code: v2ParamShadowsConst,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 5,
          column: 10,
          endLine: 5,
          endColumn: 31,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v2ParamShadowsConst, "'RequestResponse'", "'Event'") },
          ],
        },
      ],
    },
    {
      name: 'RequestResponse written after an unresolvable spread is still known',
      code: v3ExplicitAfterUnknownSpread,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 3,
          column: 48,
          endLine: 3,
          endColumn: 116,
          suggestions: [{ messageId: 'suggestEvent', output: edit(v3ExplicitAfterUnknownSpread, "'RequestResponse'", "'Event'") }],
        },
      ],
    },
    {
      name: 'an aliased InvokeCommand sent by an unknown receiver is still a v3 Invoke',
      code: v3UnknownReceiver,
      errors: [
        {
          messageId: 'syncInvoke',
          line: 2,
          column: 44,
          endLine: 2,
          endColumn: 82,
          suggestions: [
            { messageId: 'suggestEvent', output: edit(v3UnknownReceiver, "'worker' }", "'worker', InvocationType: 'Event' }") },
          ],
        },
      ],
    },
    {
      name: 'v2 new AWS.StepFunctions().startSyncExecution(...)',
      filename: 'handler.cjs',
      languageOptions: commonjs,
      code: code(
        "const AWS = require('aws-sdk');",
        'exports.handler = async (event) => {',
        '  const execution = await new AWS.StepFunctions().startSyncExecution({ stateMachineArn: process.env.MACHINE, input: event.body }).promise();',
        '  return execution.output;',
        '};',
      ),
      errors: [{ messageId: 'syncExecution', line: 3, column: 27, endLine: 3, endColumn: 130, suggestions: [] }],
    },
    {
      name: 'v3 StartSyncExecutionCommand',
      filename: 'handler.ts',
      code: code(
        "import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';",
        'const sfn = new SFNClient({});',
        'export const handler = async (): Promise<string | undefined> => {',
        '  const { output } = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: process.env.MACHINE }));',
        '  return output;',
        '};',
      ),
      errors: [{ messageId: 'syncExecution', line: 4, column: 37, endLine: 4, endColumn: 108, suggestions: [] }],
    },
    {
      name: 'aggregated v3 SFN#startSyncExecution',
      code: code(
        "import { SFN } from '@aws-sdk/client-sfn';",
        'const sfn = new SFN({});',
        'export const handler = async () => sfn.startSyncExecution({ stateMachineArn: process.env.MACHINE });',
      ),
      errors: [{ messageId: 'syncExecution', line: 3, column: 36, endLine: 3, endColumn: 100, suggestions: [] }],
    },
  ],
});

// Project mode: the template tells which function an Invoke reaches (Checkout's PRICING is Pricing).
const project = createProjectRuleTester(samTemplate({
  Checkout: samFunction({ handler: 'src/checkout.handler', environment: { PRICING: '!Ref Pricing' } }),
  Pricing: samFunction({ handler: 'src/pricing.handler' }),
}), {
  'src/checkout.ts': '// the case under test\n',
  'src/pricing.ts': 'export const handler = async () => ({ total: 1 });\n',
  'src/constants.ts': "export const REQUEST_RESPONSE = 'RequestResponse';\nexport const EVENT = 'Event';\nexport const PRICING_FUNCTION = process.env.PRICING;\n",
  'src/lib/lambda.ts': "import AWS from 'aws-sdk';\nconst lambda = new AWS.Lambda();\nexport default lambda;\n",
  'src/lib/index.ts': "export { default as lambda } from './lambda.js';\n",
  'src/lib/chain.ts': 'export default { invoke: async (input: unknown) => input };\n',
});

const lambdaV3 = [
  "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
  'const lambda = new LambdaClient({});',
];
const invokeInHandler = code(
  ...lambdaV3,
  'export const handler = async (event: { body: string }) => {',
  '  const priced = await lambda.send(new InvokeCommand({ FunctionName: process.env.PRICING, Payload: event.body }));',
  '  return { statusCode: 200, body: priced.Payload };',
  '};',
);
const invokeTwoCallsDeep = code(
  ...lambdaV3,
  'const price = (body: string) => lambda.send(new InvokeCommand({ FunctionName: process.env.PRICING, Payload: body }));',
  'const quote = (body: string) => price(body);',
  'export const handler = async (event: { body: string }) => quote(event.body);',
);
const invokeUnknown = code(
  ...lambdaV3,
  'export const handler = async (event: { body: string }) => lambda.send(new InvokeCommand({ FunctionName: event.body }));',
);

/** The finding on `new InvokeCommand({ <input> })` (or another `call` of the input) in `source`, with the suggestion that appends InvocationType to the input. */
function invokeFinding(
  source: string, input: string, found: { messageId: 'syncInvoke' | 'syncInvokeOf' | 'syncSelfInvoke'; data: Record<string, string> },
  call = (written: string) => `new InvokeCommand({ ${written} })`,
) {
  return {
    ...found,
    ...at(source, call(input)),
    suggestions: [{ messageId: 'suggestEvent' as const, output: edit(source, `${input} }`, `${input}, InvocationType: 'Event' }`) }],
  };
}

const v2Lambda = ["import AWS from 'aws-sdk';", 'const lambda = new AWS.Lambda();'];
const v2Invoke = (input: string) => `lambda.invoke({ ${input} })`;
const selfInvoke = code(
  ...v2Lambda,
  'export const handler = async (event: { depth: number }, context: { functionName: string }) => {',
  '  if (event.depth > 3) return;',
  '  await lambda.invoke({ FunctionName: context.functionName, Payload: JSON.stringify({ depth: event.depth + 1 }) }).promise();',
  '};',
);
const selfInvokeInHelper = code(
  ...v2Lambda,
  'const again = (ctx: { invokedFunctionArn: string }) => lambda.invoke({ FunctionName: ctx.invokedFunctionArn }).promise();',
  'export const handler = async (event: unknown, context: { invokedFunctionArn: string }) => again(context);',
);
const selfByVariable = code(
  ...v2Lambda,
  'export const handler = async () => lambda.invoke({ FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME }).promise();',
);
const notSelf = code(
  ...v2Lambda,
  'export const handler = async (event: { functionName: string }) => lambda.invoke({ FunctionName: event.functionName }).promise();',
);
const importedConstant = (name: string) => code(
  ...lambdaV3,
  `import { ${name} } from './constants.js';`,
  `export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: process.env.PRICING, InvocationType: ${name} }));`,
);
const importedClient = (specifier: string, binding: string) => code(
  `import ${binding} from '${specifier}';`,
  'export const handler = async () => lambda.invoke({ FunctionName: process.env.PRICING }).promise();',
);
const passedToHelper = (first: string, second: string) => code(
  ...lambdaV3,
  "import { REQUEST_RESPONSE, EVENT } from './constants.js';",
  'const call = (params: { FunctionName?: string; InvocationType?: string }) => lambda.send(new InvokeCommand(params));',
  'export const handler = async () => {',
  `  await call({ FunctionName: process.env.PRICING${first} });`,
  `  await call({ FunctionName: process.env.PRICING${second} });`,
  '};',
);
/** A call in the handler itself: the message adds no chain. */
const inHandler = '';

project.ruleTester.run('no-sync-invoke (project mode)', rule, {
  valid: [
    {
      name: 'an asynchronous Invoke of the function the template names',
      filename: project.file('src/checkout.ts'),
      code: edit(invokeInHandler, 'Payload: event.body }', "Payload: event.body, InvocationType: 'Event' }"),
    },
    { name: 'InvocationType Event imported from a constants module', filename: project.file('src/checkout.ts'), code: importedConstant('EVENT') },
    {
      name: 'an imported object whose invoke() is no SDK client',
      filename: project.file('src/checkout.ts'),
      code: importedClient('./lib/chain.js', 'lambda'),
    },
    {
      name: 'a helper whose callers pass different invocation types: unknown, so silent',
      filename: project.file('src/checkout.ts'),
      code: passedToHelper(', InvocationType: EVENT', ', InvocationType: REQUEST_RESPONSE'),
    },
    {
      name: 'an Event self-invoke waits for nothing (sls/no-event-cycle reports the loop)',
      filename: project.file('src/checkout.ts'),
      code: edit(selfInvoke, 'FunctionName: context.functionName,', "FunctionName: context.functionName, InvocationType: 'Event',"),
    },
  ],
  invalid: [
    ...[
      ['through context.functionName, without InvocationType: every level waits for the next', selfInvoke,
        'FunctionName: context.functionName, Payload: JSON.stringify({ depth: event.depth + 1 })', inHandler],
      ['through the context a helper is handed (ctx.invokedFunctionArn)', selfInvokeInHelper, 'FunctionName: ctx.invokedFunctionArn',
        ' (via handler → again)'],
      ['through AWS_LAMBDA_FUNCTION_NAME', selfByVariable, 'FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME', inHandler],
    ].map(([how, source, input, where]) => ({
      name: `a self-invoke ${how}`,
      filename: project.file('src/checkout.ts'),
      code: source!,
      errors: [invokeFinding(source!, input!, { messageId: 'syncSelfInvoke', data: { function: 'Checkout', where: where! } }, v2Invoke)],
    })),
    {
      name: 'functionName of the event is no Lambda context: not a self-invoke, the target is unknown',
      filename: project.file('src/checkout.ts'),
      code: notSelf,
      errors: [invokeFinding(notSelf, 'FunctionName: event.functionName', { messageId: 'syncInvoke', data: requestResponse }, v2Invoke)],
    },
    {
      name: 'InvocationType RequestResponse imported from a constants module: the suggestion replaces it',
      filename: project.file('src/checkout.ts'),
      code: importedConstant('REQUEST_RESPONSE'),
      errors: [{
        messageId: 'syncInvokeOf',
        data: { target: 'Pricing', function: 'Checkout', where: '' },
        ...at(importedConstant('REQUEST_RESPONSE'), 'new InvokeCommand({ FunctionName: process.env.PRICING, InvocationType: REQUEST_RESPONSE })'),
        suggestions: [{ messageId: 'suggestEvent', output: edit(importedConstant('REQUEST_RESPONSE'), 'InvocationType: REQUEST_RESPONSE', "InvocationType: 'Event'") }],
      }],
    },
    ...[['./lib/lambda.js', 'lambda'], ['./lib/index.js', '{ lambda }']].map(([specifier, binding]) => {
      const source = importedClient(specifier!, binding!);
      return {
        name: `a v2 client built in a project module and imported (import ${binding} from '${specifier}')`,
        filename: project.file('src/checkout.ts'),
        code: source,
        errors: [invokeFinding(source, 'FunctionName: process.env.PRICING', {
          messageId: 'syncInvokeOf', data: { target: 'Pricing', function: 'Checkout', where: '' },
        }, v2Invoke)],
      };
    }),
    {
      name: 'params passed to a same-file helper: read at its calls, which agree',
      filename: project.file('src/checkout.ts'),
      code: passedToHelper('', ', InvocationType: REQUEST_RESPONSE'),
      errors: [{
        messageId: 'syncInvokeOf',
        data: { target: 'Pricing', function: 'Checkout', where: ' (via handler → call)' },
        ...at(passedToHelper('', ', InvocationType: REQUEST_RESPONSE'), 'new InvokeCommand(params)'),
        suggestions: [],
      }],
    },
    {
      name: 'the target is named from the environment variable the template sets, with the function that waits',
      filename: project.file('src/checkout.ts'),
      code: invokeInHandler,
      errors: [invokeFinding(invokeInHandler, 'FunctionName: process.env.PRICING, Payload: event.body', {
        messageId: 'syncInvokeOf',
        data: { target: 'Pricing', function: 'Checkout', where: '' },
      })],
    },
    {
      name: 'two calls deep from the handler: the chain says how',
      filename: project.file('src/checkout.ts'),
      code: invokeTwoCallsDeep,
      errors: [invokeFinding(invokeTwoCallsDeep, 'FunctionName: process.env.PRICING, Payload: body', {
        messageId: 'syncInvokeOf',
        data: {
          target: 'Pricing', function: 'Checkout',
          where: ' (via handler → quote → price)',
        },
      })],
    },
    {
      name: 'a target the template cannot tell: reported without a name',
      filename: project.file('src/checkout.ts'),
      code: invokeUnknown,
      errors: [invokeFinding(invokeUnknown, 'FunctionName: event.body', { messageId: 'syncInvoke', data: requestResponse })],
    },
  ],
});

// Values that reach the Invoke through the code: constants, a helper's parameters, an input a function builds.
const syncConstant = code(
  ...lambdaV3,
  "const WAIT = 'RequestResponse';",
  'export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: process.env.PRICING, InvocationType: WAIT }));',
);
const importedName = code(
  ...lambdaV3,
  "import { PRICING_FUNCTION } from './constants.js';",
  'export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: PRICING_FUNCTION }));',
);
/** A helper given the name and the type as parameters; `calls` are the handler's lines that call it. */
const helperWithParams = (...calls: string[]) => code(
  ...lambdaV3,
  "import { EVENT, REQUEST_RESPONSE } from './constants.js';",
  'const invoke = async (functionName: string | undefined, invocationType: string) =>',
  '  lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: invocationType }));',
  'export const handler = async () => {',
  ...calls.map((call) => `  await ${call};`),
  '};',
);
const helperInput = 'new InvokeCommand({ FunctionName: functionName, InvocationType: invocationType })';
/** An input a same-file function builds from its parameters, passed to the command directly or through a helper. */
const builtInput = (use: string) => code(
  ...lambdaV3,
  "import { REQUEST_RESPONSE } from './constants.js';",
  'function invocation(functionName: string | undefined, invocationType: string) {',
  "  return { FunctionName: functionName, InvocationType: invocationType, Payload: '{}' };",
  '}',
  'const call = (params: object) => lambda.send(new InvokeCommand(params));',
  `export const handler = async () => ${use};`,
);
const selfThroughHelper = code(
  ...lambdaV3,
  'const again = (name: string) => lambda.send(new InvokeCommand({ FunctionName: name }));',
  'export const handler = async (event: unknown, context: { functionName: string }) => again(context.functionName);',
);
const selfConstant = code(
  ...lambdaV3,
  'const SELF = process.env.AWS_LAMBDA_FUNCTION_NAME;',
  'export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: SELF }));',
);
const oneCallDeep = (helper: string) => ` (via handler → ${helper})`;

project.ruleTester.run('no-sync-invoke (project mode): values that reach the Invoke through the code', rule, {
  valid: [
    { name: "a helper's callers all pass 'Event'", filename: project.file('src/checkout.ts'), code: helperWithParams('invoke(process.env.PRICING, EVENT)', "invoke(process.env.PRICING, 'Event')") },
    {
      name: "a helper's callers pass different types: unknown, so silent",
      filename: project.file('src/checkout.ts'),
      code: helperWithParams('invoke(process.env.PRICING, EVENT)', 'invoke(process.env.PRICING, REQUEST_RESPONSE)'),
    },
    { name: "an input a function builds with 'Event'", filename: project.file('src/checkout.ts'), code: builtInput("lambda.send(new InvokeCommand(invocation(process.env.PRICING, 'Event')))") },
  ],
  invalid: [
    {
      name: 'InvocationType from a same-file constant',
      filename: project.file('src/checkout.ts'),
      code: syncConstant,
      errors: [{
        messageId: 'syncInvokeOf',
        data: { target: 'Pricing', function: 'Checkout', where: '' },
        ...at(syncConstant, 'new InvokeCommand({ FunctionName: process.env.PRICING, InvocationType: WAIT })'),
        suggestions: [{ messageId: 'suggestEvent', output: edit(syncConstant, 'InvocationType: WAIT', "InvocationType: 'Event'") }],
      }],
    },
    {
      name: 'FunctionName from a constant imported from a project module',
      filename: project.file('src/checkout.ts'),
      code: importedName,
      errors: [invokeFinding(importedName, 'FunctionName: PRICING_FUNCTION', {
        messageId: 'syncInvokeOf', data: { target: 'Pricing', function: 'Checkout', where: '' },
      })],
    },
    ...[
      ['an imported constant', 'invoke(process.env.PRICING, REQUEST_RESPONSE)'],
      ['a literal, at every call', "invoke(process.env.PRICING, 'RequestResponse')\n  await invoke(process.env.PRICING, REQUEST_RESPONSE)"],
    ].map(([how, call]) => {
      const source = helperWithParams(call!);
      return {
        name: `FunctionName and InvocationType are parameters of a same-file helper, given ${how}`,
        filename: project.file('src/checkout.ts'),
        code: source,
        errors: [{
          messageId: 'syncInvokeOf' as const,
          data: { target: 'Pricing', function: 'Checkout', where: oneCallDeep('invoke') },
          ...at(source, helperInput),
          suggestions: [{ messageId: 'suggestEvent' as const, output: edit(source, 'InvocationType: invocationType', "InvocationType: 'Event'") }],
        }],
      };
    }),
    {
      name: 'an input a same-file function builds from the values it is given',
      filename: project.file('src/checkout.ts'),
      code: builtInput("lambda.send(new InvokeCommand(invocation(process.env.PRICING, 'RequestResponse')))"),
      errors: [{
        messageId: 'syncInvokeOf',
        data: { target: 'Pricing', function: 'Checkout', where: '' },
        ...at(builtInput("lambda.send(new InvokeCommand(invocation(process.env.PRICING, 'RequestResponse')))"), "new InvokeCommand(invocation(process.env.PRICING, 'RequestResponse'))"),
        suggestions: [],
      }],
    },
    {
      name: 'an input a same-file function builds, passed to a helper',
      filename: project.file('src/checkout.ts'),
      code: builtInput('call(invocation(process.env.PRICING, REQUEST_RESPONSE))'),
      errors: [{
        messageId: 'syncInvokeOf',
        data: { target: 'Pricing', function: 'Checkout', where: oneCallDeep('call') },
        ...at(builtInput('call(invocation(process.env.PRICING, REQUEST_RESPONSE))'), 'new InvokeCommand(params)'),
        suggestions: [],
      }],
    },
    ...[
      ['the context\'s name passed to a helper', selfThroughHelper, 'FunctionName: name', oneCallDeep('again')],
      ['AWS_LAMBDA_FUNCTION_NAME kept in a same-file constant', selfConstant, 'FunctionName: SELF', ''],
    ].map(([how, source, input, where]) => ({
      name: `a self-invoke through ${how}`,
      filename: project.file('src/checkout.ts'),
      code: source!,
      errors: [invokeFinding(source!, input!, { messageId: 'syncSelfInvoke', data: { function: 'Checkout', where: where! } })],
    })),
  ],
});

// Project mode: a shared helper invokes the function, with the type, its caller passes.
const sharedInvoker = createProjectRuleTester(samTemplate({
  Checkout: samFunction({ handler: 'src/checkout.handler', environment: { PRICING: '!Ref Pricing' } }),
  Pricing: samFunction({ handler: 'src/pricing.handler' }),
}), {
  'src/checkout.ts': code(
    "import { invokeFunction } from './lib/invoke.js';",
    "import { REQUEST_RESPONSE } from './constants.js';",
    'export const handler = async (event: { body: string }) => invokeFunction(process.env.PRICING, REQUEST_RESPONSE, event.body);',
    '',
  ),
  'src/constants.ts': "export const REQUEST_RESPONSE = 'RequestResponse';\n",
  'src/pricing.ts': 'export const handler = async () => ({ total: 1 });\n',
  'src/lib/invoke.ts': '// the case under test\n',
});
const sharedInvoke = code(
  ...lambdaV3,
  'export const invokeFunction = (functionName: string | undefined, invocationType: string, payload: string) =>',
  '  lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: invocationType, Payload: payload }));',
);

sharedInvoker.ruleTester.run('no-sync-invoke (project mode): a shared helper given the name and the type', rule, {
  valid: [
    {
      name: 'without the join, a type passed from another module is unknown: silent',
      filename: sharedInvoker.file('src/lib/invoke.ts'),
      code: sharedInvoke,
      settings: { sls: { project: false } },
    },
  ],
  invalid: [{
    name: 'judged with the values the caller on the path passes',
    filename: sharedInvoker.file('src/lib/invoke.ts'),
    code: sharedInvoke,
    errors: [{
      messageId: 'syncInvokeOf',
      data: { target: 'Pricing', function: 'Checkout', where: ' (via handler → invokeFunction)' },
      ...at(sharedInvoke, 'new InvokeCommand({ FunctionName: functionName, InvocationType: invocationType, Payload: payload })'),
      suggestions: [{ messageId: 'suggestEvent', output: edit(sharedInvoke, 'InvocationType: invocationType', "InvocationType: 'Event'") }],
    }],
  }],
});

// HTTP calls: the template binds ORDERS_API to this stack's API, PARTNER_API to a third party.
const api = createProjectRuleTester(samTemplate({
  Checkout: samFunction({
    handler: 'src/checkout.handler',
    environment: { ORDERS_API: '!Sub https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod', PARTNER_API: 'https://partner.example.com' },
  }),
  Api: samResource('AWS::Serverless::Api', 'StageName: prod'),
}), {
  'src/checkout.ts': '// the case under test\n',
  'src/config.ts': 'export const config = { ordersApi: process.env.ORDERS_API };\n',
});

const httpCall = (...lines: string[]) => code(...lines);
const fetchOwnApi = httpCall('export const handler = async () => fetch(`${process.env.ORDERS_API}/orders`);');
const axiosOwnApi = httpCall("import axios from 'axios';", "export const handler = async () => axios.get(process.env.ORDERS_API + '/orders');");
const gotOwnApiThroughConfig = httpCall(
  "import got from 'got';",
  "import { config } from './config.js';",
  'export const handler = async (event: { id: string }) => got(`${config.ordersApi}/orders/${event.id}`).json();',
);
const fetchOwnHost = httpCall(
  'export const handler = async (event: { headers: Record<string, string> }) => {',
  '  const prices = await fetch(`https://${event.headers.Host}/prices`);',
  '  return { statusCode: 200, body: await prices.text() };',
  '};',
);
const ownApi = (library: string, where = '') =>
  ({ messageId: 'syncHttpToOwnApi' as const, data: { library, api: 'Api', function: 'Checkout', where } });

api.ruleTester.run('no-sync-invoke (HTTP calls to the application\'s own API)', rule, {
  valid: [
    { name: 'an API the template binds to a third party', filename: api.file('src/checkout.ts'), code: 'export const handler = async () => fetch(`${process.env.PARTNER_API}/quotes`);' },
    {
      name: 'the own API in the query string, not the host',
      filename: api.file('src/checkout.ts'),
      code: 'export const handler = async () => fetch(`https://partner.example.com/hooks?callback=${process.env.ORDERS_API}`);',
    },
    {
      name: 'an execute-api URL written in the code: which API it is cannot be told',
      filename: api.file('src/checkout.ts'),
      code: "export const handler = async () => fetch('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders');",
    },
    {
      name: 'the Host header in a Location header of the response is no call',
      filename: api.file('src/checkout.ts'),
      code: 'export const handler = async (event: { headers: Record<string, string> }) => ({ statusCode: 201, headers: { Location: `https://${event.headers.Host}/orders/1` } });',
    },
  ],
  invalid: [
    { name: 'fetch of a URL built on the environment variable bound to the API', filename: api.file('src/checkout.ts'), code: fetchOwnApi, errors: [{ ...ownApi('fetch'), ...at(fetchOwnApi, 'fetch(`${process.env.ORDERS_API}/orders`)') }] },
    {
      name: 'axios, the URL joined with +',
      filename: api.file('src/checkout.ts'),
      code: axiosOwnApi,
      errors: [{ ...ownApi('axios', ''), ...at(axiosOwnApi, "axios.get(process.env.ORDERS_API + '/orders')") }],
    },
    {
      name: 'got, the base URL from an imported config object',
      filename: api.file('src/checkout.ts'),
      code: gotOwnApiThroughConfig,
      errors: [{ ...ownApi('got', ''), ...at(gotOwnApiThroughConfig, 'got(`${config.ordersApi}/orders/${event.id}`)') }],
    },
    {
      name: 'a URL on the Host the request came in on',
      filename: api.file('src/checkout.ts'),
      code: fetchOwnHost,
      errors: [{ messageId: 'syncHttpToOwnHost', data: { library: 'fetch' }, ...at(fetchOwnHost, 'fetch(`https://${event.headers.Host}/prices`)') }],
    },
  ],
});

ruleTester.run('no-sync-invoke (HTTP calls, without the project)', rule, {
  valid: [
    { name: 'an environment variable: without the template, whose API it is cannot be told', code: 'export const handler = async () => fetch(`${process.env.ORDERS_API}/orders`);' },
    { name: 'a third-party host', code: "import superagent from 'superagent';\nexport const handler = async () => superagent.get('https://partner.example.com/quotes');" },
  ],
  invalid: [
    {
      name: 'superagent to the request\'s own domain (requestContext.domainName)',
      code: "import superagent from 'superagent';\nexport const handler = async (event) => superagent.get('https://' + event.requestContext.domainName + '/prices');",
      errors: [{ messageId: 'syncHttpToOwnHost', data: { library: 'superagent' }, line: 2, column: 41 }],
    },
    {
      name: 'https.request with the Host header as its hostname',
      code: code(
        "import https from 'node:https';",
        "export const handler = (event, context, callback) => { https.request({ hostname: event.headers.host, path: '/prices' }, callback).end(); };",
      ),
      errors: [{ messageId: 'syncHttpToOwnHost', data: { library: 'https' }, line: 2, column: 56 }],
    },
    {
      name: 'request-promise, the URL in a same-file variable from multiValueHeaders',
      code: code(
        "import rp from 'request-promise';",
        'export const handler = async (event) => {',
        '  const host = event.multiValueHeaders.Host[0];',
        '  return rp({ uri: `https://${host}/prices`, json: true });',
        '};',
      ),
      errors: [{ messageId: 'syncHttpToOwnHost', data: { library: 'request' }, line: 4, column: 10 }],
    },
  ],
});

// Functions whose job is to wait on a call: a custom resource's provider, a traffic hook, a task waiting for its callback.
const roles = createProjectRuleTester(samTemplate({
  Provisioner: samFunction({ handler: 'src/provisioner.handler', environment: { PRICING: '!Ref Pricing' } }),
  Hook: samFunction({ handler: 'src/hook.handler', environment: { PRICING: '!Ref Pricing' } }),
  Approver: samFunction({ handler: 'src/approver.handler', environment: { PRICING: '!Ref Pricing' } }),
  Worker: samFunction({ handler: 'src/worker.handler', environment: { PRICING: '!Ref Pricing' } }),
  Pricing: samFunction({ handler: 'src/pricing.handler' }),
  Seed: samResource('Custom::Seed', 'ServiceToken: !GetAtt Provisioner.Arn', 'Target: !Ref Worker'),
  Approval: samResource(
    'AWS::Serverless::StateMachine',
    'Definition:',
    '  StartAt: Approve',
    '  States:',
    '    Approve:',
    '      Type: Task',
    '      Resource: arn:aws:states:::lambda:invoke.waitForTaskToken',
    '      Parameters:',
    '        FunctionName: ${ApproverArn}',
    '        Payload:',
    '          token.$: $$.Task.Token',
    '      Next: Work',
    '    Work:',
    '      Type: Task',
    '      Resource: arn:aws:states:::lambda:invoke',
    '      Parameters:',
    '        FunctionName: ${WorkerArn}',
    '      End: true',
    'DefinitionSubstitutions:',
    '  ApproverArn: !GetAtt Approver.Arn',
    '  WorkerArn: !GetAtt Worker.Arn',
  ),
}), Object.fromEntries(['provisioner', 'hook', 'approver', 'worker', 'pricing'].map((name) => [`src/${name}.ts`, 'export const handler = async () => undefined;\n'])));

const invokePricing = (...more: string[]) => code(
  ...lambdaV3,
  ...more,
  'export const handler = async () => lambda.send(new InvokeCommand({ FunctionName: process.env.PRICING }));',
);
const hookCode = code(
  ...lambdaV3,
  "import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';",
  'const codedeploy = new CodeDeployClient({});',
  'export const handler = async (event: { DeploymentId: string; LifecycleEventHookExecutionId: string }) => {',
  '  const result = await lambda.send(new InvokeCommand({ FunctionName: process.env.PRICING }));',
  "  const status = result.FunctionError ? 'Failed' : 'Succeeded';",
  '  await codedeploy.send(new PutLifecycleEventHookExecutionStatusCommand({ ...event, status }));',
  '};',
);

roles.ruleTester.run('no-sync-invoke (functions whose job is to wait)', rule, {
  valid: [
    { name: 'the provider of a custom resource (its ServiceToken)', filename: roles.file('src/provisioner.ts'), code: invokePricing() },
    { name: 'a CodeDeploy traffic hook, which reports its verdict to CodeDeploy', filename: roles.file('src/hook.ts'), code: hookCode },
    { name: 'a Step Functions task that waits for a callback (waitForTaskToken)', filename: roles.file('src/approver.ts'), code: invokePricing() },
  ],
  invalid: [
    {
      name: 'a plain Step Functions task, also named in a custom resource\'s properties (not its ServiceToken)',
      filename: roles.file('src/worker.ts'),
      code: invokePricing(),
      errors: [invokeFinding(invokePricing(), 'FunctionName: process.env.PRICING', {
        messageId: 'syncInvokeOf', data: { target: 'Pricing', function: 'Worker', where: '' },
      })],
    },
  ],
});
