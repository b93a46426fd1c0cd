import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/template/parse-template.js';
import { resolveVariables } from '../../src/serverless/variables.js';
import { expectKnownFinding, findingsOf, hostileProject, lintFindings } from './project.js';

/** Everything Object.prototype has, with its descriptors: pollution adds or changes one of them. */
function prototypeSnapshot() {
  return Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)]);
}

const YAML_TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  '__proto__:',
  '  polluted: yaml-root',
  'constructor:',
  '  prototype:',
  '    polluted: yaml-constructor',
  'Globals:',
  '  Function:',
  '    __proto__: {polluted: yaml-globals}',
  '    Environment:',
  '      Variables:',
  '        __proto__: {polluted: yaml-env}',
  'Parameters:',
  '  __proto__: {Type: String}',
  'Mappings:',
  '  constructor: {prototype: {polluted: yaml-mapping}}',
  'Conditions:',
  '  __proto__: !Equals [a, a]',
  'Resources:',
  '  __proto__:',
  '    Type: AWS::SQS::Queue',
  '  constructor:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: worker.handler',
  '      Events:',
  '        __proto__:',
  '          Type: SQS',
  '          Properties:',
  '            Queue: !GetAtt __proto__.Arn',
  '  toString:',
  '    Type: AWS::SQS::Queue',
  '  hasOwnProperty:',
  '    Type: AWS::SQS::Queue',
  'Outputs:',
  '  __proto__: {Value: !Ref __proto__}',
  '',
].join('\n');

// Written as text: in an object literal, `__proto__:` would set the prototype, not a key.
const JSON_TEMPLATE = `{
  "__proto__": {"polluted": "json-root"},
  "constructor": {"prototype": {"polluted": "json-constructor"}},
  "Resources": {
    "__proto__": {"Type": "AWS::SQS::Queue", "Properties": {"__proto__": {"polluted": "json-properties"}}},
    "constructor": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Runtime": "nodejs20.x", "Handler": "worker.handler", "Code": ".", "Environment": {"Variables": {"__proto__": "json-env"}}}
    }
  }
}
`;

const SERVERLESS = [
  'service: proto',
  '__proto__: {polluted: sls-root}',
  'constructor: {prototype: {polluted: sls-constructor}}',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  '  __proto__: {polluted: sls-provider}',
  '  environment:',
  '    __proto__: ${self:custom.__proto__}',
  '    FROM_PROTO: ${self:__proto__.polluted}',
  '    FROM_CONSTRUCTOR: ${self:constructor.name}',
  '    FROM_TOSTRING: ${self:toString}',
  'custom:',
  '  __proto__: {polluted: sls-custom}',
  'functions:',
  '  __proto__:',
  '    handler: worker.handler',
  '    events:',
  '      - sqs: {arn: {"Fn::GetAtt": [constructor, Arn]}}',
  '  constructor:',
  '    handler: worker.handler',
  'resources:',
  '  Resources:',
  '    constructor: {Type: AWS::SQS::Queue}',
  '    __proto__: {Type: AWS::SQS::Queue}',
  '',
].join('\n');

describe('__proto__ and constructor keys pollute nothing', () => {
  let before: ReturnType<typeof prototypeSnapshot>;
  beforeEach(() => {
    before = prototypeSnapshot();
  });
  afterEach(() => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(prototypeSnapshot()).toEqual(before);
  });

  it('in YAML and JSON templates: they stay own keys of plain objects', () => {
    for (const [file, text] of [['template.yaml', YAML_TEMPLATE], ['template.json', JSON_TEMPLATE]] as const) {
      const parsed = parseTemplate(file, text);
      expect(parsed.ok, file).toBe(true);
      if (!parsed.ok) continue;
      const value = parsed.template.value as Record<string, Record<string, unknown>>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.hasOwn(value, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: file.endsWith('.json') ? 'json-root' : 'yaml-root' });
      expect(Object.getPrototypeOf(value['Resources'])).toBe(Object.prototype);
      expect(Object.keys(value['Resources']!).slice(0, 2)).toEqual(['__proto__', 'constructor']);
    }
  });

  it('in serverless.yml variables: self: reads own keys only, never Object.prototype', () => {
    const parsed = parseTemplate('serverless.yml', SERVERLESS);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { value } = resolveVariables({ projectRoot: '/nonexistent', baseDir: '/nonexistent', document: parsed.template.value as Record<string, unknown> });
    const environment = (value['provider'] as Record<string, Record<string, unknown>>)['environment']!;
    expect(Object.getOwnPropertyDescriptor(environment, '__proto__')?.value).toEqual({ polluted: 'sls-custom' });
    expect(environment['FROM_PROTO']).toBe('sls-root');
    // Object.prototype.constructor and .toString are not keys of the document: left as written.
    expect(environment['FROM_CONSTRUCTOR']).toBe('${self:constructor.name}');
    expect(environment['FROM_TOSTRING']).toBe('${self:toString}');
  });

  it('through the whole pipeline, and the valid template keeps its finding', async () => {
    const root = hostileProject({
      'yaml/template.yaml': YAML_TEMPLATE,
      'yaml/worker.ts': 'export const handler = async () => {};\n',
      'json/template.json': JSON_TEMPLATE,
      'json/worker.ts': 'export const handler = async () => {};\n',
      'sls/serverless.yml': SERVERLESS,
      'sls/worker.ts': 'export const handler = async () => {};\n',
    });
    const findings = await lintFindings(root);
    expect(findings.filter((f) => f.ruleId === 'sls/parse-error' || f.ruleId === 'sls/handler-not-found')).toEqual([]);
    // The queue named __proto__ is consumed without a RedrivePolicy: found like any other.
    expect(findingsOf(findings, 'yaml/template.yaml', 'sls/sqs-redrive-policy')).toMatchObject([{ line: 20, column: 3 }]);
    expectKnownFinding(findings);
  });
});
