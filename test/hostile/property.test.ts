import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { loadModel } from '../../src/model/load-model.js';
import { parseTemplate, type ParseResult } from '../../src/template/parse-template.js';
import { resolveVariables } from '../../src/serverless/variables.js';

/** Enough runs to find the usual crashes, few enough to keep the suite fast. */
const RUNS = { numRuns: 200 };

/** Pieces of YAML that exercise the parser's corners: tags, anchors, aliases, indentation, flow braces, directives. */
const FRAGMENTS = [
  'Resources:', 'Type: AWS::SQS::Queue', 'Properties:', '  ', '    ', '\t', '\n', '\r\n', '- ', '? ', ': ', ',', '#c ',
  '{', '}', '[', ']', '{a: ', '[1, ', '"', "'", '\\', '|', '>-', '&a ', '&b ', '*a', '*b', '*missing', '!Ref ', '!GetAtt ',
  '!Sub ', '!!js/function ', '!!python/object:os.system ', '!!binary ', '!<tag:x> ', '!Bogus ', '%YAML 1.2\n', '%TAG ! x\n',
  '---\n', '...\n', '<<: *a', '__proto__: ', 'constructor: ', 'prototype: ', '${self:a}', '~', 'null', '0x1F', '012345', '1e999',
  '\uFEFF', '\u0000', '\u2028', '\uD800', 'é', '😀',
];

const yamlish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }), yamlish, fc.json());

function expectWellFormed(result: ParseResult): void {
  if (result.ok) {
    expect(typeof result.template.locate).toBe('function');
    return;
  }
  expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(Number.isInteger(result.error.line) && result.error.line >= 1).toBe(true);
  expect(Number.isInteger(result.error.column) && result.error.column >= 1).toBe(true);
}

function expectUnpolluted(): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

describe('parseTemplate on any text', () => {
  it.each(['template.yaml', 'template.json'])('%s: returns ok, or an error with a message and a position, and never throws', (file) => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseTemplate(file, text);
        expectWellFormed(result);
        // A position must be found for any path, even one that is not in the document.
        if (result.ok) result.template.locate(['Resources', 'X', 0, 'Properties']);
        expectUnpolluted();
      }),
      RUNS,
    );
  });
});

describe('loadModel on a file with any content', () => {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-hostile-property-')));

  it.each(['template.yaml', 'template.json', 'serverless.yml'])('%s: findings with a file and a position, never an exception', (name) => {
    const file = path.join(root, name);
    fc.assert(
      fc.property(fc.oneof(anyText, fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes))), (content) => {
        writeFileSync(file, content);
        const { model, findings } = loadModel(root, [file]);
        expect(model.stacks.length + findings.filter((f) => f.ruleId === 'sls/parse-error').length).toBeGreaterThanOrEqual(1);
        for (const finding of findings) {
          expect(finding.filePath.startsWith(root)).toBe(true);
          expect(finding.line).toBeGreaterThanOrEqual(1);
          expect(finding.column).toBeGreaterThanOrEqual(1);
          expect(finding.message.length).toBeGreaterThan(0);
        }
        expectUnpolluted();
      }),
      RUNS,
    );
  });
});

describe('the Serverless variable resolver on any document', () => {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-hostile-vars-')));
  writeFileSync(path.join(root, 'fragment.yml'), 'a:\n  b: ${self:custom}\nlist: [1, "${file(./fragment.yml):a}"]\n');

  const key = fc.constantFrom('a', 'b', 'custom', 'provider', 'stage', '__proto__', 'constructor', 'prototype', 'toString', '0', 'x.y');
  const address = fc.array(key, { minLength: 1, maxLength: 4 }).map((keys) => keys.join('.'));
  const source = fc.oneof(
    address.map((a) => `self:${a}`),
    fc.constantFrom('sls:stage', 'opt:stage', 'env:HOME', 'ssm:/x', 'aws:accountId', 'cf:stack.Output', 'file(./fragment.yml)',
      'file(./fragment.yml):a.b', 'file(../outside.yml)', 'file(https://example.com/x.yml)', 'file(./missing.yml)', 'file(./fragment.yml', ''),
    fc.string({ maxLength: 8 }),
  );
  const expression = fc.array(fc.oneof(source, fc.constantFrom("'quoted'", '"dq"', '42', 'true')), { minLength: 1, maxLength: 3 }).map((alts) => alts.join(', '));
  const variableText: fc.Arbitrary<string> = fc.letrec<{ text: string }>((tie) => ({
    text: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string({ maxLength: 6 }),
      expression.map((e) => `\${${e}}`),
      fc.tuple(fc.string({ maxLength: 4 }), expression, fc.string({ maxLength: 4 })).map(([a, e, b]) => `${a}\${${e}}${b}`),
      fc.tuple(expression, tie('text')).map(([e, inner]) => `\${${e}, ${inner}}`),
      fc.constantFrom('${', '}', '${${', '${self:${self:a}}', '$${}}', '${self:a}${self:a}${self:a}'),
    ),
  })).text;
  const documentValue = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      variableText,
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  })).value;
  const document = fc.dictionary(key, documentValue, { maxKeys: 6 });

  it('returns a value and problems, never throws, never reads outside the root', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const { value, problems, includedFiles } = resolveVariables({ projectRoot: root, baseDir: root, document: doc });
        expect(typeof value).toBe('object');
        for (const problem of problems) {
          expect(['unsafe-include', 'unreadable-include']).toContain(problem.kind);
          expect(Array.isArray(problem.path)).toBe(true);
        }
        for (const file of includedFiles) expect(file.startsWith(root + path.sep)).toBe(true);
        expectUnpolluted();
      }),
      RUNS,
    );
  });
});

describe('the whole pipeline on template-shaped documents', () => {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-hostile-shapes-')));
  writeFileSync(path.join(root, 'app.ts'), 'export const handler = async () => {};\n');
  const WORDS = [
    'Resources', 'Type', 'Properties', 'Events', 'Handler', 'Runtime', 'CodeUri', 'Queue', 'Globals', 'Function', 'Metadata', 'Transform',
    'RedrivePolicy', 'Fn::GetAtt', 'Ref', 'Fn::Sub', 'Fn::If', 'Fn::Join', 'Fn::Include', 'Fn::Transform', 'Location', 'Environment',
    'Variables', 'Tracing', 'Timeout', 'BatchSize', 'FunctionResponseTypes', 'DestinationConfig', 'OnFailure', 'Destination', 'Code',
    'EventSourceArn', 'FunctionName', 'Targets', 'Arn', '__proto__', 'constructor', '0', 'app.handler', 'nodejs20.x', 'Jobs.Arn', '..', '',
  ];
  const word = fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 5 }));
  const value = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: 'small', maxDepth: 6 }, word, fc.integer(), fc.boolean(), fc.constant(null),
      fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...WORDS), tie('v'), { maxKeys: 4 })),
  })).v;
  const type = fc.constantFrom('AWS::Serverless::Function', 'AWS::SQS::Queue', 'AWS::Lambda::Function', 'AWS::Lambda::EventSourceMapping',
    'AWS::SNS::Topic', 'AWS::SNS::Subscription', 'AWS::Events::Rule', 'AWS::DynamoDB::Table', 'AWS::Lambda::EventInvokeConfig');
  const resource = fc.record({ Type: fc.oneof(type, value), Properties: fc.dictionary(fc.constantFrom(...WORDS), value, { maxKeys: 6 }), Metadata: value }, { requiredKeys: ['Type'] });
  const template = fc.record({
    Transform: fc.constant('AWS::Serverless-2016-10-31'),
    Globals: value,
    Resources: fc.dictionary(fc.constantFrom('Jobs', 'Fn', 'Worker', 'Dlq', '__proto__'), resource, { maxKeys: 5 }),
  });
  const serverless = fc.record({
    service: word,
    provider: fc.record({ name: fc.constant('aws'), runtime: word, tracing: value, environment: value, stage: value }),
    functions: fc.dictionary(fc.constantFrom('worker', 'api', '__proto__'), fc.record({
      handler: word,
      events: fc.array(fc.dictionary(fc.constantFrom('sqs', 'http', 'stream', 'sns', 'eventBridge', 'schedule'), value, { maxKeys: 1 }), { maxLength: 3 }),
      destinations: value,
    }), { maxKeys: 3 }),
    resources: fc.record({ Resources: fc.dictionary(fc.constantFrom('Jobs', 'Dlq'), resource, { maxKeys: 3 }) }),
    custom: value,
  });

  it.each([['template.json', template], ['serverless.json', serverless]] as const)('%s: lints without an exception', async (name, shape) => {
    const file = path.join(root, name);
    await fc.assert(
      fc.asyncProperty(shape as fc.Arbitrary<unknown>, async (doc) => {
        writeFileSync(file, JSON.stringify(doc));
        const { results } = await lintProject({ cwd: root, paths: [name] });
        for (const message of results.flatMap((r) => r.messages)) expect(message.line).toBeGreaterThanOrEqual(1);
        expectUnpolluted();
      }),
      { numRuns: 100 },
    );
  });
});
