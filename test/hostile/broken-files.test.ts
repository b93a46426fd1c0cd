import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/template/parse-template.js';
import { expectKnownFinding, findingsOf, hostileProject, lintFindings, VALID_TEMPLATE } from './project.js';

/** Deterministic "random" bytes (a linear congruential generator), with NULs sprinkled in. */
function binaryBytes(length: number, seed = 42): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    bytes[i] = i % 7 === 0 ? 0 : state >> 16;
  }
  return bytes;
}

const FUNCTION_TEMPLATE = (handler: string) => [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  `      Handler: ${handler}`,
  '',
].join('\n');

describe('broken files become findings that name the file and line, and the valid files are still linted', () => {
  it('a YAML syntax error', async () => {
    const root = hostileProject({ 'broken/template.yaml': 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n' });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'broken/template.yaml', 'sls/parse-error')).toMatchObject([{ line: 5, column: 1, severity: 2 }]);
    expect(findingsOf(findings, 'broken/template.yaml', 'sls/parse-error')[0]!.message).toMatch(/^Parsing error: Flow sequence/);
    expectKnownFinding(findings);
  });

  it('truncated JSON', async () => {
    const root = hostileProject({ 'truncated.template.json': '{\n  "Resources": {\n    "Queue": {"Type": "AWS::SQS::Queue"' });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'truncated.template.json', 'sls/parse-error')).toMatchObject([
      { line: 3, column: 40, severity: 2, message: "Parsing error: Expected ',' or '}' after property value" },
    ]);
    expectKnownFinding(findings);
  });

  it('a TypeScript syntax error in a handler', async () => {
    const root = hostileProject({
      'bad-code/template.yaml': FUNCTION_TEMPLATE('app.handler'),
      'bad-code/app.ts': 'import { x } from "./lib";\nexport const handler = async ( => {\n',
    });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'bad-code/app.ts', 'sls/parse-error')).toMatchObject([{ line: 2, column: 31, severity: 2 }]);
    expectKnownFinding(findings);
  });

  it('a handler file that does not exist', async () => {
    const root = hostileProject({ 'missing/template.yaml': FUNCTION_TEMPLATE('src/nowhere.handler') });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'missing/template.yaml', 'sls/handler-not-found')).toMatchObject([
      { line: 7, column: 7, message: "Handler 'src/nowhere.handler' of Fn resolves to no source file: looked for missing/src/nowhere.{ts,mts,cts,js,mjs,cjs}." },
    ]);
    expectKnownFinding(findings);
  });

  it('a binary file named template.yaml, and one named like data', async () => {
    const root = hostileProject({
      'binary/template.yaml': binaryBytes(64 * 1024),
      'binary/data.yaml': binaryBytes(4096, 7),
      // Valid UTF-8 that is still binary: the NUL is what gives it away.
      'nul/template.yaml': Buffer.from('Resources:\n  Queue:\0\0\0\n', 'utf8'),
    });
    const findings = await lintFindings(root);
    const binary = findingsOf(findings, 'binary/template.yaml', 'sls/parse-error');
    // Byte 0 is a NUL (valid UTF-8), byte 1 the first that is not.
    expect(binary).toMatchObject([{ line: 1, column: 2, severity: 2, message: 'Parsing error: File is not valid UTF-8 (a binary file, or another encoding)' }]);
    expect(findingsOf(findings, 'nul/template.yaml', 'sls/parse-error')).toMatchObject([
      { line: 2, column: 9, message: 'Parsing error: File contains a NUL byte: it is binary, not YAML or JSON' },
    ]);
    // Not named like a template and nothing like one inside: not a template, so no finding at all.
    expect(findings.filter((f) => f.file === 'binary/data.yaml')).toEqual([]);
    expectKnownFinding(findings);
  });

  it('invalid UTF-8, at the line of the first bad byte', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    const root = hostileProject({ 'latin1/template.yaml': latin1 });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'latin1/template.yaml', 'sls/parse-error')).toMatchObject([
      { line: 5, column: 21, severity: 2, message: 'Parsing error: File is not valid UTF-8 (a binary file, or another encoding)' },
    ]);
    expectKnownFinding(findings);
  });

  it('a UTF-8 byte-order mark parses fine, with unchanged lines', async () => {
    const root = hostileProject({
      'bom/template.yaml': `\uFEFF${VALID_TEMPLATE}`,
      'bom/worker.ts': 'export const handler = async () => {};\n',
      'bom-json/template.json': `\uFEFF${JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } })}`,
    });
    const findings = await lintFindings(root);
    expect(findings.filter((f) => f.ruleId === 'sls/parse-error')).toEqual([]);
    expect(findingsOf(findings, 'bom/template.yaml', 'sls/sqs-redrive-policy')).toMatchObject([{ line: 13, column: 3 }]);
    expectKnownFinding(findings);
  });
});

describe('YAML tags that ask for code', () => {
  const PAYLOAD = 'function () { globalThis.__slsLintPwned = true; return 1; }';
  const TAGGED = [
    `Fn: !!js/function "${PAYLOAD}"`,
    'Pattern: !!js/regexp /pwned/g',
    'Undefined: !!js/undefined ~',
    'Python: !!python/object/apply:os.system ["touch /tmp/sls-lint-pwned"]',
    'PythonName: !!python/name:os.system',
    'Unknown: !Bogus {a: 1}',
    'UnknownScalar: !<tag:example.com,2000:app/foo> bar',
    '',
  ].join('\n');

  it('keeps the tagged values as inert data and runs nothing', () => {
    const parsed = parseTemplate('template.yaml', TAGGED);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.template.value).toEqual({
      Fn: PAYLOAD,
      Pattern: '/pwned/g',
      Undefined: '~',
      Python: ['touch /tmp/sls-lint-pwned'],
      PythonName: '',
      Unknown: { a: 1 },
      UnknownScalar: 'bar',
    });
    expect((globalThis as Record<string, unknown>)['__slsLintPwned']).toBeUndefined();
  });

  it('lints a template that carries them, and the valid one beside it', async () => {
    const template = VALID_TEMPLATE.replace('Resources:', `Metadata:\n${TAGGED.split('\n').map((l) => `  ${l}`).join('\n')}\nResources:`);
    const root = hostileProject({ 'tags/template.yaml': template, 'tags/worker.ts': 'export const handler = async () => {};\n' });
    const findings = await lintFindings(root);
    expect(findings.filter((f) => f.ruleId === 'sls/parse-error')).toEqual([]);
    expect(findingsOf(findings, 'tags/template.yaml', 'sls/sqs-redrive-policy')).toMatchObject([{ line: 22 }]);
    expect((globalThis as Record<string, unknown>)['__slsLintPwned']).toBeUndefined();
    expectKnownFinding(findings);
  });
});
