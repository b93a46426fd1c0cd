import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, parseTemplate, type ParsedTemplate } from '../../src/template/parse-template.js';

function parsed(filePath: string, text: string): ParsedTemplate {
  const result = parseTemplate(filePath, text);
  if (!result.ok) throw new Error(`expected ${filePath} to parse: ${result.error.message} at ${result.error.line}:${result.error.column}`);
  return result.template;
}

/** The value of `X` in a one-key YAML document. */
function yamlValue(source: string): unknown {
  return (parsed('t.yaml', `X: ${source}\n`).value as { X: unknown }).X;
}

describe('short-form intrinsics', () => {
  it.each([
    ['!Ref Queue', { Ref: 'Queue' }],
    ['!Ref AWS::Region', { Ref: 'AWS::Region' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    ['!GetAtt Queue.Arn', { 'Fn::GetAtt': ['Queue', 'Arn'] }],
    ['!GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
    ['!GetAtt [Queue, Arn]', { 'Fn::GetAtt': ['Queue', 'Arn'] }],
    ['!Sub "arn:aws:s3:::${Bucket}/*"', { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/*' }],
    ['!Join [",", [a, b]]', { 'Fn::Join': [',', ['a', 'b']] }],
    ['!Select [1, [a, b]]', { 'Fn::Select': [1, ['a', 'b']] }],
    ['!Split [",", "a,b"]', { 'Fn::Split': [',', 'a,b'] }],
    ['!If [IsProd, 1024, 128]', { 'Fn::If': ['IsProd', 1024, 128] }],
    ['!Equals [a, b]', { 'Fn::Equals': ['a', 'b'] }],
    ['!And [true, false]', { 'Fn::And': [true, false] }],
    ['!Or [true, false]', { 'Fn::Or': [true, false] }],
    ['!Not [true]', { 'Fn::Not': [true] }],
    ['!FindInMap [Sizes, prod, Memory]', { 'Fn::FindInMap': ['Sizes', 'prod', 'Memory'] }],
    ['!ImportValue shared-vpc-id', { 'Fn::ImportValue': 'shared-vpc-id' }],
    ['!Base64 echo hello', { 'Fn::Base64': 'echo hello' }],
    ['!Cidr [10.0.0.0/16, 6, 5]', { 'Fn::Cidr': ['10.0.0.0/16', 6, 5] }],
    ['!GetAZs eu-west-1', { 'Fn::GetAZs': 'eu-west-1' }],
    ['!GetAZs ""', { 'Fn::GetAZs': '' }],
    ['!GetAZs', { 'Fn::GetAZs': '' }],
    ['!Transform { Name: AWS::Include, Parameters: { Location: s3://b/k.yaml } }',
      { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k.yaml' } } }],
  ])('%s', (source, expected) => {
    expect(yamlValue(source)).toEqual(expected);
  });

  it('converts block sequence and mapping forms, nested', () => {
    const template = parsed('t.yaml', [
      'Value: !Sub',
      '  - "${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}"',
      '  - Stage: !If',
      '      - IsProd',
      '      - !Select [0, !Split ["-", !Ref Env]]',
      '      - !Join',
      '        - ""',
      '        - - dev-',
      '          - !GetAtt Table.StreamArn',
      'Include: !Transform',
      '  Name: AWS::Include',
      '  Parameters:',
      '    Location: !Sub s3://${Bucket}/inc.yaml',
      'Zones: !Select [0, !GetAZs ""]',
      'Mapped: !FindInMap [Sizes, !Ref AWS::Region, !Condition IsProd]',
      '',
    ].join('\n'));
    expect(template.value).toEqual({
      Value: {
        'Fn::Sub': [
          '${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}',
          {
            Stage: {
              'Fn::If': [
                'IsProd',
                { 'Fn::Select': [0, { 'Fn::Split': ['-', { Ref: 'Env' }] }] },
                { 'Fn::Join': ['', ['dev-', { 'Fn::GetAtt': ['Table', 'StreamArn'] }]] },
              ],
            },
          },
        ],
      },
      Include: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: { 'Fn::Sub': 's3://${Bucket}/inc.yaml' } } } },
      Zones: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      Mapped: { 'Fn::FindInMap': ['Sizes', { Ref: 'AWS::Region' }, { Condition: 'IsProd' }] },
    });
  });

  it('reads long forms in YAML and JSON to the same value as short forms', () => {
    const short = parsed('t.yaml', 'Arn: !GetAtt Queue.Arn\nName: !Ref Queue\n').value;
    const long = parsed('t.yaml', 'Arn:\n  Fn::GetAtt: [Queue, Arn]\nName:\n  Ref: Queue\n').value;
    const json = parsed('t.json', '{"Arn": {"Fn::GetAtt": ["Queue", "Arn"]}, "Name": {"Ref": "Queue"}}').value;
    const expected = { Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Name: { Ref: 'Queue' } };
    expect(short).toEqual(expected);
    expect(long).toEqual(expected);
    expect(json).toEqual(expected);
  });

  it('resolves an alias to a tagged node', () => {
    expect(parsed('t.yaml', 'A: &arn !GetAtt Queue.Arn\nB: *arn\n').value).toEqual({
      A: { 'Fn::GetAtt': ['Queue', 'Arn'] },
      B: { 'Fn::GetAtt': ['Queue', 'Arn'] },
    });
  });
});

describe('YAML 1.2 core schema', () => {
  it('keeps dates, yes/no and account ids as CloudFormation reads them', () => {
    const template = parsed('t.yaml', [
      'Version: 2012-10-17',
      'Quoted: "2010-09-09"',
      'Yes: yes',
      'Off: off',
      'Enabled: true',
      'Account: 012345678901',
      'Timeout: 30',
      'Ratio: 0.5',
      'Octal: 0o17',
      'Nothing: ~',
      'Empty:',
      '',
    ].join('\n'));
    expect(template.value).toEqual({
      Version: '2012-10-17',
      Quoted: '2010-09-09',
      Yes: 'yes',
      Off: 'off',
      Enabled: true,
      Account: '012345678901',
      Timeout: 30,
      Ratio: 0.5,
      Octal: 15,
      Nothing: null,
      Empty: null,
    });
  });

  it('keeps an account id used as a Mappings key, and locates it', () => {
    const template = parsed('t.yaml', 'Mappings:\n  Accounts:\n    012345678901:\n      Env: prod\n    200: ok\n');
    expect(template.value).toEqual({ Mappings: { Accounts: { '012345678901': { Env: 'prod' }, '200': 'ok' } } });
    expect(template.locate(['Mappings', 'Accounts', '012345678901', 'Env'])).toEqual({ line: 4, column: 7, endLine: 4, endColumn: 10 });
    expect(template.locate(['Mappings', 'Accounts', '200'])).toEqual({ line: 5, column: 5, endLine: 5, endColumn: 8 });
  });
});

describe('positions', () => {
  const yaml = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Queue:',
    '    Type: AWS::SQS::Queue',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: app.handler',
    '      Policies:',
    '        - SQSSendMessagePolicy:',
    '            QueueName: !GetAtt Queue.QueueName',
    '        - AWSXRayDaemonWriteAccess',
    '',
  ].join('\n');

  it('locates a key, 1-based, with an exclusive end', () => {
    const template = parsed('template.yaml', yaml);
    expect(template.locate(['Resources', 'Queue'])).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 8 });
    expect(template.locate(['Resources', 'Fn', 'Properties', 'Handler'])).toEqual({ line: 8, column: 7, endLine: 8, endColumn: 14 });
    expect(template.locate(['Resources', 'Fn', 'Properties', 'Policies', 0, 'SQSSendMessagePolicy', 'QueueName']))
      .toEqual({ line: 11, column: 13, endLine: 11, endColumn: 22 });
  });

  it('locates sequence items by their value, a collection by its first line', () => {
    const template = parsed('template.yaml', yaml);
    expect(template.locate(['Resources', 'Fn', 'Properties', 'Policies', 1])).toEqual({ line: 12, column: 11, endLine: 12, endColumn: 35 });
    expect(template.locate(['Resources', 'Fn', 'Properties', 'Policies', 0])).toEqual({ line: 10, column: 11, endLine: 10, endColumn: 32 });
  });

  it('falls back to the nearest ancestor that exists', () => {
    const template = parsed('template.yaml', yaml);
    expect(template.locate(['Resources', 'Fn', 'Properties', 'Timeout'])).toEqual({ line: 7, column: 5, endLine: 7, endColumn: 15 });
    expect(template.locate(['Resources', 'Fn', 'Properties', 'Policies', 5])).toEqual({ line: 9, column: 7, endLine: 9, endColumn: 15 });
    expect(template.locate(['Outputs'])).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 39 });
  });

  it('locates keys in JSON', () => {
    const template = parsed('template.json', [
      '{',
      '  "Resources": {',
      '    "Queue": { "Type": "AWS::SQS::Queue" },',
      '    "Fn": {',
      '      "Type": "AWS::Lambda::Function",',
      '      "Properties": { "Layers": ["arn:a", "arn:b"] }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'));
    expect(template.locate(['Resources', 'Queue', 'Type'])).toEqual({ line: 3, column: 16, endLine: 3, endColumn: 22 });
    expect(template.locate(['Resources', 'Fn'])).toEqual({ line: 4, column: 5, endLine: 4, endColumn: 9 });
    expect(template.locate(['Resources', 'Fn', 'Properties', 'Layers', 1])).toEqual({ line: 6, column: 43, endLine: 6, endColumn: 50 });
  });
});

describe('duplicate JSON keys', () => {
  it('locates the key JSON.parse keeps, the last one', () => {
    const template = parsed('template.json', '{\n  "Timeout": 3,\n  "Timeout": 30\n}\n');
    expect(template.value).toEqual({ Timeout: 30 });
    expect(template.locate(['Timeout'])).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 12 });
  });
});

describe('syntax errors', () => {
  it('reports YAML errors at their line', () => {
    expect(parseTemplate('template.yaml', 'Resources:\n  Fn:\n    Type: A\n   Properties: {}\n')).toEqual({
      ok: false,
      error: { message: 'All mapping items must start at the same column', line: 4, column: 1 },
    });
    expect(parseTemplate('template.yaml', 'Resources:\n  Fn:\n    Type: A\n  Fn:\n    Type: B\n')).toEqual({
      ok: false,
      error: { message: 'Map keys must be unique', line: 4, column: 3 },
    });
    expect(parseTemplate('template.yaml', 'Resources:\n  Fn:\n    Type: "AWS::Lambda::Function\n  Queue: {}\n')).toEqual({
      ok: false,
      error: { message: 'Missing closing "quote', line: 5, column: 1 },
    });
  });

  it('reports truncated JSON at its end', () => {
    const text = '{\n  "Resources": {\n    "Queue": { "Type": "AWS::SQS::Queue" }\n';
    expect(parseTemplate('template.json', text)).toEqual({
      ok: false,
      error: { message: "Expected ',' or '}' after property value", line: 4, column: 1 },
    });
    expect(parseTemplate('template.json', '')).toEqual({ ok: false, error: { message: 'Unexpected end of JSON input', line: 1, column: 1 } });
  });

  it('reports JSON errors that V8 gives a position for without repeating it', () => {
    expect(parseTemplate('template.json', '{\n  "Resources": {}\n} x\n')).toEqual({
      ok: false,
      error: { message: 'Unexpected non-whitespace character after JSON', line: 3, column: 3 },
    });
    expect(parseTemplate('template.json', '{\n  "Resources": {,}\n}\n')).toEqual({
      ok: false,
      error: { message: "Expected property name or '}'", line: 2, column: 17 },
    });
  });

  it('reports a JSON error in the middle of the file at its line, not at the end', () => {
    const text = [
      '{',
      '  "Resources": {',
      '    "Queue": { "Type": \'AWS::SQS::Queue\' }',
      '  },',
      '  "Outputs": {',
      '    "QueueUrl": { "Value": { "Ref": "Queue" } }',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(parseTemplate('template.json', text)).toEqual({
      ok: false,
      error: { message: "Unexpected token '''", line: 3, column: 24 },
    });
  });

  it('finds where text stops being JSON', () => {
    expect(jsonErrorOffset('{"a": [1, 2,]}')).toBe(12);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('{"a": {}, "b": []} x')).toBe(19);
    expect(jsonErrorOffset('{"a": "unterminated')).toBe(19);
    expect(jsonErrorOffset('{"a": "bad \\q escape"}')).toBe(11);
    expect(jsonErrorOffset('{"a": [{}, [], "x", -1.5e3, true, null]')).toBe(39);
  });
});

describe('hostile input', () => {
  it('keeps __proto__ and constructor keys as own properties of YAML values', () => {
    const template = parsed('template.yaml', [
      '__proto__:',
      '  polluted: yes',
      'Resources:',
      '  __proto__:',
      '    polluted: yes',
      '  constructor:',
      '    prototype:',
      '      polluted: yes',
      '',
    ].join('\n'));
    const value = template.value as Record<string, Record<string, unknown>>;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'Resources']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: 'yes' });
    const resources = value['Resources']!;
    expect(Object.getPrototypeOf(resources)).toBe(Object.prototype);
    expect(Object.keys(resources)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(resources, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(Object.getOwnPropertyDescriptor(resources, 'constructor')?.value).toEqual({ prototype: { polluted: 'yes' } });
    expect(template.locate(['Resources', '__proto__', 'polluted'])).toEqual({ line: 5, column: 5, endLine: 5, endColumn: 13 });
  });

  it('keeps __proto__ keys as own properties of JSON values', () => {
    const template = parsed('template.json', '{"__proto__": {"polluted": true}, "Resources": {"constructor": {"prototype": {"polluted": true}}}}');
    const value = template.value as Record<string, Record<string, unknown>>;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.hasOwn(value['Resources']!, 'constructor')).toBe(true);
  });

  /** Ten of the previous level on each of `levels` lines after a first line of ten scalars: 10^levels at the last. */
  function bomb(levels: number, level: (previous: string) => string): string {
    let text = 'l0: &l0 { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10 }\n';
    for (let n = 1; n <= levels; n++) text += `l${n}: &l${n} ${level(Array(10).fill(`*l${n - 1}`).join(', '))}\n`;
    return text;
  }

  it.each([
    ['of sequences', (aliases: string) => `[${aliases}]`],
    // The merged keys collide, so the value stays small: only the nodes counted stop it.
    ['of merge keys', (aliases: string) => `{ <<: [${aliases}] }`],
  ])('stops an alias bomb %s quickly', (_kind, level) => {
    const started = Date.now();
    expect(parseTemplate('template.yaml', bomb(8, level))).toEqual({
      ok: false,
      error: { message: 'Document expands to more than 2000000 nodes (alias bomb?)', line: 1, column: 1 },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('locates keys in a document that merges much without walking its merges each time', () => {
    const started = Date.now();
    const template = parsed('template.yaml', bomb(4, (aliases) => `{ <<: [${aliases}] }`));
    for (let i = 0; i < 1000; i++) expect(template.locate(['l4', `missing${i}`]).line).toBe(5);
    expect(template.locate(['l4', 'j'])).toEqual({ line: 1, column: 65, endLine: 1, endColumn: 66 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a mapping that merges itself', () => {
    expect(parseTemplate('template.yaml', 'a: &a\n  x: 1\n  <<: *a\n')).toMatchObject({ ok: false, error: { message: 'Document nests deeper than 256 levels' } });
  });

  it('expands many aliases in a long document in linear time', () => {
    let text = 'Padding:\n' + Array.from({ length: 2000 }, (_, i) => `  Key${i}: value${i}\n`).join('');
    text += 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [name, previous] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']]) {
      text += `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]\n`;
    }
    const started = Date.now();
    const value = parsed('template.yaml', text).value as { e: string[][][][][] };
    expect(value.e.flat(4)).toHaveLength(100_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('byte-order mark', () => {
  it('parses YAML and JSON that start with one, with unchanged lines', () => {
    const yaml = parsed('template.yaml', '\uFEFFResources:\n  Queue:\n    Type: AWS::SQS::Queue\n');
    expect(yaml.value).toEqual({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } });
    expect(yaml.locate(['Resources', 'Queue', 'Type'])).toEqual({ line: 3, column: 5, endLine: 3, endColumn: 9 });
    const json = parsed('template.json', '\uFEFF{\n  "Resources": {}\n}\n');
    expect(json.value).toEqual({ Resources: {} });
    expect(json.locate(['Resources'])).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 14 });
  });
});

describe('YAML that AWS tooling accepts', () => {
  describe('quoted scalars across lines', () => {
    it('folds double- and single-quoted scalars, keeping empty lines and escapes', () => {
      const template = parsed('t.yaml', [
        'Double: "first',
        '  second\\tthird',
        '',
        '  fourth \\',
        '  fifth"',
        "Single: 'it''s",
        '  folded',
        '',
        "  here'",
        'Tabs: "a\tb"',
        "SingleTabs: 'a\tb'",
        '',
      ].join('\n'));
      expect(template.value).toEqual({
        Double: 'first second\tthird\nfourth fifth',
        Single: "it's folded\nhere",
        Tabs: 'a\tb',
        SingleTabs: 'a\tb',
      });
    });

    // YAML 1.2 wants continuation lines indented past the parent; PyYAML (SAM, cfn-lint) and js-yaml (Serverless) do not.
    it('reads continuation lines indented less than their key, as PyYAML and js-yaml do', () => {
      const template = parsed('t.yaml', [
        'Resources:',
        '  Fn:',
        '    Properties:',
        '      Description: "Reads the orders',
        '  and writes receipts"',
        "      Other: 'one",
        "two'",
        '      Tags:',
        '        - "first',
        '        second"',
        '        - last',
        '',
      ].join('\n'));
      expect(template.value).toEqual({
        Resources: { Fn: { Properties: { Description: 'Reads the orders and writes receipts', Other: 'one two', Tags: ['first second', 'last'] } } },
      });
      expect(template.locate(['Resources', 'Fn', 'Properties', 'Other'])).toEqual({ line: 6, column: 7, endLine: 6, endColumn: 12 });
      expect(template.locate(['Resources', 'Fn', 'Properties', 'Tags', 1])).toEqual({ line: 11, column: 11, endLine: 11, endColumn: 15 });
    });

    it('reads continuation lines indented with tabs', () => {
      const template = parsed('t.yaml', 'Resources:\n  Fn:\n    Description: "one\n\t\ttwo\n\t\n\tthree"\n    Name: \'a\n\tb\'\n');
      expect(template.value).toEqual({ Resources: { Fn: { Description: 'one two\nthree', Name: 'a b' } } });
    });

    it('reads a multi-line quoted scalar in a flow collection and after a tag', () => {
      expect(yamlValue('[ "a\nb", c ]')).toEqual(['a b', 'c']);
      expect(yamlValue('!Sub "arn:${AWS::Partition}:\n  s3:::${Bucket}"')).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}: s3:::${Bucket}' });
    });

    it('still reports a quote closed too late where it opens', () => {
      expect(parseTemplate('template.yaml', 'A: "abc\nB: "def"\n')).toEqual({
        ok: false,
        error: { message: 'Missing closing "quote', line: 1, column: 8 },
      });
    });

    it('refuses a document marker inside quotes, as PyYAML does', () => {
      const result = parseTemplate('template.yaml', 'A: "abc\n---\nB: c"\n');
      expect(result.ok).toBe(false);
    });
  });

  describe('short forms in every position', () => {
    it.each([
      ['!Ref', '!Ref Queue', { Ref: 'Queue' }],
      ['!GetAtt, dotted', '!GetAtt Db.Endpoint.Port', { 'Fn::GetAtt': ['Db', 'Endpoint.Port'] }],
      ['!GetAtt, flow sequence', '!GetAtt [Db, Endpoint.Port]', { 'Fn::GetAtt': ['Db', 'Endpoint.Port'] }],
      ['!GetAtt, block sequence', '!GetAtt\n  - Db\n  - Endpoint.Port', { 'Fn::GetAtt': ['Db', 'Endpoint.Port'] }],
      ['!GetAtt, attribute from !Ref', '!GetAtt [Db, !Ref Attribute]', { 'Fn::GetAtt': ['Db', { Ref: 'Attribute' }] }],
      ['!Sub, literal block', '!Sub |\n  echo ${Bucket}\n  done', { 'Fn::Sub': 'echo ${Bucket}\ndone\n' }],
      ['!Sub, folded block', '!Sub >-\n  arn:aws:s3:::\n  ${Bucket}', { 'Fn::Sub': 'arn:aws:s3::: ${Bucket}' }],
      ['!Sub, block sequence with a variable map', '!Sub\n  - "${A}-${B}"\n  - A: !Ref X\n    B: !GetAtt Y.Arn',
        { 'Fn::Sub': ['${A}-${B}', { A: { Ref: 'X' }, B: { 'Fn::GetAtt': ['Y', 'Arn'] } }] }],
      ['!If with !Sub and !Ref inside', '!If [IsProd, !Sub "${A}-prod", !Ref AWS::NoValue]',
        { 'Fn::If': ['IsProd', { 'Fn::Sub': '${A}-prod' }, { Ref: 'AWS::NoValue' }] }],
      ['!If, block sequence with a mapping', '!If\n  - IsProd\n  - Key: !Sub "${A}"\n  - !Ref AWS::NoValue',
        { 'Fn::If': ['IsProd', { Key: { 'Fn::Sub': '${A}' } }, { Ref: 'AWS::NoValue' }] }],
      ['!Join, block sequences', '!Join\n  - ":"\n  - - !Ref A\n    - !GetAtt B.Arn',
        { 'Fn::Join': [':', [{ Ref: 'A' }, { 'Fn::GetAtt': ['B', 'Arn'] }]] }],
      ['!Select of !Split', '!Select [2, !Split [":", !ImportValue Shared]]',
        { 'Fn::Select': [2, { 'Fn::Split': [':', { 'Fn::ImportValue': 'Shared' }] }] }],
      ['!FindInMap, block sequence', '!FindInMap\n  - Sizes\n  - !Ref AWS::Region\n  - Memory',
        { 'Fn::FindInMap': ['Sizes', { Ref: 'AWS::Region' }, 'Memory'] }],
      ['!ImportValue of a long-form Sub', '!ImportValue\n  Fn::Sub: "${Network}-VpcId"', { 'Fn::ImportValue': { 'Fn::Sub': '${Network}-VpcId' } }],
      ['!Base64 of a long-form Sub', '!Base64\n  Fn::Sub: "echo ${A}"', { 'Fn::Base64': { 'Fn::Sub': 'echo ${A}' } }],
      ['!Cidr with !GetAtt', '!Cidr [!GetAtt Vpc.CidrBlock, 6, 8]', { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 8] }],
      ['!GetAZs, mapping', '!GetAZs\n  Ref: AWS::Region', { 'Fn::GetAZs': { Ref: 'AWS::Region' } }],
      ['!Equals, !And, !Or, !Not, !Condition',
        '!And [!Equals [!Ref Stage, prod], !Or [!Condition A, !Not [!Condition B]]]',
        { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }, { 'Fn::Or': [{ Condition: 'A' }, { 'Fn::Not': [{ Condition: 'B' }] }] }] }],
      ['short forms in a flow mapping', '{ Arn: !GetAtt Q.Arn, Url: !Ref Q }', { Arn: { 'Fn::GetAtt': ['Q', 'Arn'] }, Url: { Ref: 'Q' } }],
      ['short forms as sequence items', '\n  - !Ref A\n  - !GetAtt B.Arn\n  - !Sub "${C}"',
        [{ Ref: 'A' }, { 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::Sub': '${C}' }]],
    ])('%s', (_name, source, expected) => {
      expect(yamlValue(source)).toEqual(expected);
    });

    // "!Base64 !Sub" puts two tags on one node: YAML forbids it, and so do PyYAML and CloudFormation's docs.
    it('refuses two short forms on one node', () => {
      expect(parseTemplate('t.yaml', 'X: !Base64 !Sub "echo ${A}"\n')).toEqual({
        ok: false,
        error: { message: 'A node can have at most one tag', line: 1, column: 12 },
      });
    });
  });

  describe('anchors, aliases and merge keys', () => {
    it('merges one mapping, the mapping\'s own keys winning wherever they are', () => {
      const template = parsed('t.yaml', [
        'defaults: &defaults',
        '  runtime: nodejs20.x',
        '  timeout: 6',
        '  role: !GetAtt Role.Arn',
        'functions:',
        '  first:',
        '    timeout: 30',
        '    <<: *defaults',
        '    handler: first.handler',
        '  second:',
        '    <<: *defaults',
        '    timeout: 10',
        '',
      ].join('\n'));
      const role = { 'Fn::GetAtt': ['Role', 'Arn'] };
      expect(template.value).toEqual({
        defaults: { runtime: 'nodejs20.x', timeout: 6, role },
        functions: {
          first: { timeout: 30, runtime: 'nodejs20.x', role, handler: 'first.handler' },
          second: { runtime: 'nodejs20.x', timeout: 10, role },
        },
      });
    });

    it('merges a sequence of mappings, earlier ones winning, and inline mappings', () => {
      const template = parsed('t.yaml', [
        'a: &a { memorySize: 128, timeout: 3 }',
        'b: &b { memorySize: 1024, tracing: Active }',
        'fn:',
        '  <<: [*a, *b, { architecture: arm64, timeout: 9 }]',
        'inline:',
        '  <<: { x: 1 }',
        '  y: 2',
        '',
      ].join('\n'));
      const value = template.value as Record<string, unknown>;
      expect(value['fn']).toEqual({ memorySize: 128, timeout: 3, tracing: 'Active', architecture: 'arm64' });
      expect(value['inline']).toEqual({ x: 1, y: 2 });
    });

    it('takes several merge keys in one mapping, the first winning, as js-yaml does', () => {
      const template = parsed('t.yaml', 'a: &a { x: 1, y: 1 }\nb: &b { y: 2, z: 2 }\nc:\n  <<: *a\n  <<: *b\n');
      expect((template.value as Record<string, unknown>)['c']).toEqual({ x: 1, y: 1, z: 2 });
    });

    it('merges mappings that merge others', () => {
      const template = parsed('t.yaml', 'a: &a { x: 1 }\nb: &b { <<: *a, y: 2 }\nc: { <<: *b, z: 3 }\n');
      expect((template.value as Record<string, unknown>)['c']).toEqual({ x: 1, y: 2, z: 3 });
    });

    it('keeps a quoted "<<" as a plain key, in YAML and JSON', () => {
      expect(parsed('t.yaml', 'a: &a { x: 1 }\nb:\n  "<<": *a\n').value).toEqual({ a: { x: 1 }, b: { '<<': { x: 1 } } });
      expect(parsed('t.json', '{"b": {"<<": {"x": 1}}}').value).toEqual({ b: { '<<': { x: 1 } } });
    });

    it('locates a merged key where its mapping defines it', () => {
      const template = parsed('t.yaml', [
        'custom:',
        '  defaults: &defaults',
        '    timeout: 6',
        'functions:',
        '  first:',
        '    <<: *defaults',
        '    handler: first.handler',
        '',
      ].join('\n'));
      expect(template.locate(['functions', 'first', 'timeout'])).toEqual({ line: 3, column: 5, endLine: 3, endColumn: 12 });
      expect(template.locate(['functions', 'first', 'handler'])).toEqual({ line: 7, column: 5, endLine: 7, endColumn: 12 });
      const chained = parsed('t.yaml', 'a: &a { x: 1 }\nb: &b { <<: *a, y: 2 }\nc: { <<: [*b], z: 3 }\n');
      expect(chained.locate(['c', 'x'])).toEqual({ line: 1, column: 9, endLine: 1, endColumn: 10 });
      expect(chained.locate(['c', 'missing'])).toEqual({ line: 3, column: 1, endLine: 3, endColumn: 2 });
    });

    it('refuses to merge what is not a mapping', () => {
      expect(parseTemplate('t.yaml', 'a: &a [1, 2]\nb:\n  <<: *a\n')).toEqual({
        ok: false,
        error: { message: 'A merge key (<<) takes a mapping or a sequence of mappings', line: 3, column: 7 },
      });
      expect(parseTemplate('t.yaml', 'b:\n  <<: !Ref A\n').ok).toBe(false);
    });

    it('still refuses a duplicate key beside a merge', () => {
      expect(parseTemplate('t.yaml', 'a: &a { x: 1 }\nb:\n  <<: *a\n  y: 1\n  y: 2\n')).toEqual({
        ok: false,
        error: { message: 'Map keys must be unique', line: 5, column: 3 },
      });
    });
  });
});
