import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { readServerlessTs } from '../../src/serverless/read-serverless-ts.js';
import { writeProject } from '../helpers/temp-project.js';

const project = writeProject;

/** The layout of the Serverless Framework's aws-nodejs-typescript template. */
const TEMPLATE_PROJECT = {
  'tsconfig.json': '{\n  // comments are allowed here\n  "compilerOptions": { "baseUrl": ".", "paths": { "@functions/*": ["src/functions/*"], "@libs/*": ["src/libs/*"] } }\n}\n',
  'src/libs/handler-resolver.ts': "export const handlerPath = (context: string) => `${context.split(process.cwd())[1].substring(1).replace(/\\\\/g, '/')}`;\n",
  'src/functions/hello/index.ts': [
    "import { handlerPath } from '@libs/handler-resolver';",
    '',
    'export default {',
    '  handler: `${handlerPath(__dirname)}/handler.main`,',
    "  events: [{ sqs: { arn: { 'Fn::GetAtt': ['HelloQueue', 'Arn'] }, batchSize: 5 } }],",
    '};',
    '',
  ].join('\n'),
  'src/functions/hello/handler.ts': 'export const main = async () => {};\n',
  'src/functions/index.ts': "export { default as hello } from './hello';\n",
  'serverless.ts': [
    "import type { AWS } from '@serverless/typescript';",
    "import hello from '@functions/hello';",
    '',
    'const runtime = "nodejs20.x";',
    '',
    'const serverlessConfiguration: AWS = {',
    "  service: 'hello',",
    "  frameworkVersion: '3',",
    "  provider: { name: 'aws', runtime, timeout: 12, environment: { STAGE: '${sls:stage}' } },",
    '  functions: { hello },',
    '  resources: {',
    '    Resources: {',
    "      HelloQueue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } },",
    '    },',
    '  },',
    '};',
    '',
    'module.exports = serverlessConfiguration;',
    '',
  ].join('\n'),
};

describe('serverless.ts, read without running it', () => {
  it('evaluates the exported object: constants, imports through tsconfig paths, handlerPath(__dirname)', () => {
    const root = project(TEMPLATE_PROJECT);
    const file = path.join(root, 'serverless.ts');
    const result = readServerlessTs(file, readFileSync(file, 'utf8'), root);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.template.value).toEqual({
      service: 'hello',
      frameworkVersion: '3',
      provider: { name: 'aws', runtime: 'nodejs20.x', timeout: 12, environment: { STAGE: '${sls:stage}' } },
      functions: {
        hello: {
          handler: 'src/functions/hello/handler.main',
          events: [{ sqs: { arn: { 'Fn::GetAtt': ['HelloQueue', 'Arn'] }, batchSize: 5 } }],
        },
      },
      resources: { Resources: { HelloQueue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } } } },
    });
    expect(result.template.locate(['resources', 'Resources', 'HelloQueue'])).toMatchObject({ line: 13, column: 7 });
    expect(result.template.locate(['functions', 'hello'])).toMatchObject({ line: 10, column: 16 });
  });

  it('builds the same model a serverless.yml would', () => {
    const root = project(TEMPLATE_PROJECT);
    const { model, findings } = loadModel(root, [path.join(root, 'serverless.ts')]);
    expect(findings).toEqual([]);
    const [stack] = model.stacks;
    expect(stack!.functions.map((f) => [f.logicalId, f.timeout, f.handler?.sourceFile])).toEqual([
      ['hello', 12, path.join(root, 'src/functions/hello/handler.ts')],
    ]);
    expect(stack!.triggers.map((t) => [t.kind, t.source, t.batchSize])).toEqual([['SQS', 'HelloQueue', 5]]);
  });

  it('skips, with a note, a serverless.ts whose export needs code to run', () => {
    const root = project({ 'serverless.ts': 'import { build } from "./build";\nexport default build(process.env.STAGE);\n' });
    const { model, findings } = loadModel(root, [path.join(root, 'serverless.ts')]);
    expect(model.stacks).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({
      ruleId: 'sls/config-not-static', severity: 1, line: 1,
      message: 'serverless.ts was skipped: its export could not be read without running code. sls-lint never runs configuration code.',
    })]);
  });

  it('never reads an import outside the project root', () => {
    const outer = project({ 'outside.ts': "export default { service: 'stolen' };\n" });
    const root = path.join(outer, 'app');
    mkdirSync(root);
    writeFileSync(path.join(root, 'serverless.ts'), "import config from '../outside';\nexport default { ...config, provider: { name: 'aws' } };\n");
    const result = readServerlessTs(path.join(root, 'serverless.ts'), readFileSync(path.join(root, 'serverless.ts'), 'utf8'), root);
    expect(result.ok && result.template.value).toEqual({ provider: { name: 'aws' } });
  });
});
