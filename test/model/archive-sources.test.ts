import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { writeProject } from '../helpers/temp-project.js';

/** CloudFormation functions whose code is an S3 archive, its key read from the template's Mappings. */
const TEMPLATE = `Mappings:
  Keys:
    Code:
      ListBooks: functions/ListBooks.zip
      Checkout: functions/Checkout.zip
      Twice: functions/Twice.zip
      Elsewhere: functions/Missing.zip
Resources:
  ListBooks:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code:
        S3Bucket: artifacts
        S3Key: !FindInMap [Keys, Code, ListBooks]
  Checkout:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { S3Bucket: artifacts, S3Key: functions/Checkout.zip }
  Twice:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { S3Bucket: artifacts, S3Key: !FindInMap [Keys, Code, Twice] }
  Missing:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { S3Bucket: artifacts, S3Key: !FindInMap [Keys, Code, Elsewhere] }
  Regional:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { S3Bucket: artifacts, S3Key: !FindInMap [Keys, !Ref AWS::Region, ListBooks] }
  Prototype:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { S3Bucket: artifacts, S3Key: !FindInMap [__proto__, constructor, name] }
`;

const SAM = `Transform: AWS::Serverless-2016-10-31
Resources:
  Checkout:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: s3://artifacts/functions/checkout.zip
`;

const HANDLER = 'export const handler = async () => ({ statusCode: 200 });\n';

function project(template: string) {
  const root = writeProject({
    'template/stack.yaml': template,
    'functions/api/listBooks.js': HANDLER,
    'functions/api/checkout.ts': HANDLER,
    'functions/api/twice.js': HANDLER,
    'functions/setup/twice.js': HANDLER,
    'functions/node_modules/missing/index.js': HANDLER,
  });
  const { model } = loadModel(root, [path.join(root, 'template/stack.yaml')]);
  const sources = Object.fromEntries(model.stacks[0]!.functions.map((fn) => [fn.logicalId, fn.handler?.sourceFile ? path.relative(root, fn.handler.sourceFile) : undefined]));
  return sources;
}

describe('S3 archives found by name among the project\'s sources', () => {
  it('reads the key literally or through !FindInMap, and finds the one source named after the archive below the key\'s folder', () => {
    expect(project(TEMPLATE)).toEqual({
      ListBooks: path.join('functions', 'api', 'listBooks.js'),
      Checkout: path.join('functions', 'api', 'checkout.ts'),
      // Two sources of that name: a guess, so none.
      Twice: undefined,
      // Nothing of that name (node_modules is not searched).
      Missing: undefined,
      // A key chosen per region at deploy time, and a map key that is not the template's own: not read.
      Regional: undefined,
      Prototype: undefined,
    });
  });

  it('reads the key of an s3:// CodeUri', () => {
    expect(project(SAM)).toEqual({ Checkout: path.join('functions', 'api', 'checkout.ts') });
  });
});
