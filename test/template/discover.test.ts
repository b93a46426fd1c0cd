import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, isTemplateCandidate } from '../../src/template/discover.js';

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
`;

const FILES: Record<string, string> = {
  'template.yaml': SAM,
  'infra/network.template.json': '{ "Resources": {} }\n',
  'infra/legacy/old.template.yaml': 'Resources: {}\n',
  'stacks/database.yml': "# Orders database\nAWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Table:\n    Type: AWS::DynamoDB::Table\n",
  'stacks/queues.json': JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }, null, 2),
  'stacks/sam-only.yaml': 'Transform:\n  - AWS::Serverless-2016-10-31\nResources: {}\n',
  'stacks/resources-only.yaml': 'Resources:\n  Topic:\n    Type: "AWS::SNS::Topic"\n',
  'stacks/bom.yaml': "\uFEFFAWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n",
  'package.json': JSON.stringify({ name: 'orders', type: 'module', scripts: { build: 'tsc' } }, null, 2),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }, null, 2),
  'serverless.yml': [
    'service: orders',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    'functions:',
    '  worker:',
    '    handler: src/handler.main',
    'resources:',
    '  Resources:',
    '    OrdersQueue:',
    '      Type: AWS::SQS::Queue',
    '',
  ].join('\n'),
  'config/settings.yaml': 'logLevel: info\nresources:\n  type: AWS::SQS::Queue\n',
  'config/nested.json': JSON.stringify({ settings: { Resources: 'none' } }),
  'src/handler.ts': 'export const main = async () => "ok";\n',
  '.github/workflows/ci.yml': 'AWSTemplateFormatVersion: not really\n',
  'node_modules/some-lib/template.yaml': SAM,
  'node_modules/some-lib/stack.json': JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} }),
  '.git/template.yaml': SAM,
  '.aws-sam/build/template.yaml': SAM,
  'packages/api/.aws-sam/build/template.yaml': SAM,
  'packages/api/template.yml': SAM,
};

let root: string;
const abs = (...files: string[]) => files.map((f) => path.join(root, f));

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-discover-'));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('discover', () => {
  // serverless.yml is found by name: the Serverless Framework reader turns it into the same model.
  it('finds templates by name and by content, and nothing else', async () => {
    expect(await discover(root, ['.'], [])).toEqual({
      templates: abs(
        'infra/legacy/old.template.yaml',
        'infra/network.template.json',
        'packages/api/template.yml',
        'serverless.yml',
        'stacks/bom.yaml',
        'stacks/database.yml',
        'stacks/queues.json',
        'stacks/resources-only.yaml',
        'stacks/sam-only.yaml',
        'template.yaml',
      ),
      codeFiles: [],
      cdkApps: [],
      unsynthesizedCdkApps: [],
    });
  });

  it('applies ignore globs relative to the project root', async () => {
    expect((await discover(root, ['.'], ['stacks/**', '**/legacy/**'])).templates).toEqual(
      abs('infra/network.template.json', 'packages/api/template.yml', 'serverless.yml', 'template.yaml'),
    );
    expect((await discover(root, ['infra'], ['infra/legacy/**'])).templates).toEqual(abs('infra/network.template.json'));
  });

  it('takes files named on the command line as they are', async () => {
    expect(await discover(root, ['src/handler.ts', 'config/settings.yaml', 'template.yaml'], [])).toEqual({
      templates: abs('config/settings.yaml', 'template.yaml'),
      codeFiles: abs('src/handler.ts'),
      cdkApps: [],
      unsynthesizedCdkApps: [],
    });
  });
});

describe('discover: Serverless configurations written as scripts', () => {
  it('finds serverless.ts, .js, .cjs and .mjs by name, and no other script', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-discover-'));
    const names = ['a/serverless.ts', 'b/serverless.js', 'c/serverless.cjs', 'd/serverless.mjs', 'e/serverless.config.js', 'f/my-serverless.js', 'g/serverless.mts'];
    for (const name of names) {
      fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
      fs.writeFileSync(path.join(project, name), 'module.exports = {};\n');
    }
    expect(discover(project, ['.'], []).templates).toEqual(['a/serverless.ts', 'b/serverless.js', 'c/serverless.cjs', 'd/serverless.mjs'].map((f) => path.join(project, f)));
    expect(discover(project, ['b/serverless.js'], [])).toEqual({ templates: [path.join(project, 'b/serverless.js')], codeFiles: [], cdkApps: [], unsynthesizedCdkApps: [] });
    fs.rmSync(project, { recursive: true, force: true });
  });
});

describe('discover: Serverless Compose monorepos', () => {
  it('takes the compose file, and each service config it names, a config under another name included', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'sls-lint-discover-'));
    const files: Record<string, string> = {
      'serverless-compose.yml': 'services:\n  orders:\n    path: services/orders\n  billing:\n    path: services/billing\n    config: serverless.api.yml\n  gone:\n    path: services/gone\n',
      'services/orders/serverless.yml': 'service: orders\n',
      'services/billing/serverless.api.yml': 'service: billing\n',
      // Not a service: neither named as a template nor one by its content.
      'services/billing/settings.yml': 'logLevel: info\n',
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
      fs.writeFileSync(path.join(project, name), text);
    }
    const all = ['serverless-compose.yml', 'services/billing/serverless.api.yml', 'services/orders/serverless.yml'].map((f) => path.join(project, f));
    expect(discover(project, ['.'], []).templates).toEqual(all);
    // Named alone, the compose file brings its services.
    expect(discover(project, ['serverless-compose.yml'], []).templates).toEqual(all);
    fs.rmSync(project, { recursive: true, force: true });
  });
});

describe('isTemplateCandidate', () => {
  it('sniffs content only for files that are not named as templates', () => {
    expect(isTemplateCandidate(path.join(root, 'package.json'))).toBe(false);
    expect(isTemplateCandidate(path.join(root, 'tsconfig.json'))).toBe(false);
    expect(isTemplateCandidate(path.join(root, 'serverless.yml'))).toBe(true);
    expect(isTemplateCandidate(path.join(root, 'config/settings.yaml'))).toBe(false);
    expect(isTemplateCandidate(path.join(root, 'config/nested.json'))).toBe(false);
    expect(isTemplateCandidate(path.join(root, 'stacks/queues.json'))).toBe(true);
    expect(isTemplateCandidate(path.join(root, 'stacks/bom.yaml'))).toBe(true);
    expect(isTemplateCandidate(path.join(root, 'does-not-exist.yaml'))).toBe(false);
    expect(isTemplateCandidate(path.join(root, 'does-not-exist.template.yaml'))).toBe(true);
  });
});
