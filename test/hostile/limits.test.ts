import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Composer } from 'yaml';
import { loadModel } from '../../src/model/load-model.js';
import { MAX_DEPTH, parseTemplate } from '../../src/template/parse-template.js';
import { maxTemplateBytes } from '../../src/template/read-template.js';
import { expectKnownFinding, findingsOf, hostileProject, lintFindings, timed } from './project.js';

/** A hostile case must be refused within this; real runs take a fraction of it (this bounds, it does not benchmark). */
const REFUSAL_MS = 1000;
const DEEP = 10_000;

function billionLaughs(): string {
  const names = 'abcdefghi';
  let text = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < names.length; i++) {
    text += `${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
  }
  return text;
}

function blockMapping(depth: number): string {
  let text = '';
  for (let i = 0; i < depth; i++) text += `${' '.repeat(i)}k${i}:\n`;
  return `${text}${' '.repeat(depth)}leaf\n`;
}

const DEEP_DOCUMENTS: [string, string, string][] = [
  ['YAML flow sequences', 'template.yaml', `${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`],
  ['YAML flow mappings', 'template.yaml', `${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`],
  ['YAML block sequences', 'template.yaml', `${'- '.repeat(DEEP)}x\n`],
  // 10,000 indented levels are 50 MB of spaces (the size limit's case); 1,500 still overflow the library's stack.
  ['YAML block mappings', 'template.yaml', blockMapping(1500)],
  ['JSON arrays', 'template.json', `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`],
  ['JSON objects', 'template.json', `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`],
];

describe('an alias bomb', () => {
  it('is refused within a second, at the start of the document', () => {
    const { value, ms } = timed(() => parseTemplate('template.yaml', billionLaughs()));
    expect(value).toEqual({ ok: false, error: { message: 'Document expands to more than 2000000 nodes (alias bomb?)', line: 1, column: 1 } });
    expect(ms).toBeLessThan(REFUSAL_MS);
  });

  it('is an sls/parse-error on its file, and the valid template is still linted', async () => {
    const root = hostileProject({ 'bomb/template.yaml': billionLaughs() });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'bomb/template.yaml', 'sls/parse-error')).toMatchObject([
      { line: 1, column: 1, severity: 2, message: 'Parsing error: Document expands to more than 2000000 nodes (alias bomb?)' },
    ]);
    expectKnownFinding(findings);
  });

  it('many aliases to one anchor expand in linear time (alias resolution used to walk the document per alias)', () => {
    let text = 'Shared: &shared {Type: AWS::SQS::Queue}\nResources:\n';
    for (let i = 0; i < 20_000; i++) text += `  Queue${i}: *shared\n`;
    const { value, ms } = timed(() => parseTemplate('template.yaml', text));
    expect(value.ok).toBe(true);
    // Took three minutes before; about half a second now (the bound leaves room for a loaded CI machine).
    expect(ms).toBeLessThan(20_000);
  });
});

describe('deep nesting', () => {
  it.each(DEEP_DOCUMENTS)('%s, 10,000 deep, are refused within a second at a line', (_name, file, text) => {
    const { value, ms } = timed(() => parseTemplate(file, text));
    expect(value).toMatchObject({ ok: false, error: { message: `Document nests deeper than ${MAX_DEPTH} levels` } });
    if (!value.ok) {
      expect(value.error.line).toBeGreaterThanOrEqual(1);
      expect(value.error.column).toBeGreaterThanOrEqual(1);
    }
    expect(ms).toBeLessThan(REFUSAL_MS);
  });

  it.each([
    ['nested brackets', `${'['.repeat(2 ** 20 - 1)}${']'.repeat(2 ** 20 - 1)}`],
    ['- - - x', `${'- '.repeat(2 ** 20 - 1)}x`],
    ['? ? ? x', `${'? '.repeat(2 ** 20 - 1)}x`],
  ])('2 MB of %s is refused within a second too (the YAML parser takes about 10 µs a level)', (_name, text) => {
    const { value, ms } = timed(() => parseTemplate('template.yaml', text));
    expect(value).toMatchObject({ ok: false, error: { message: `Document nests deeper than ${MAX_DEPTH} levels`, line: 1 } });
    expect(ms).toBeLessThan(REFUSAL_MS);
  });

  describe('never reaches the composer, which recurses once a level', () => {
    // Near the end of the stack V8 may abort the process (a fatal "RegExpCompiler Allocation
    // failed") rather than throw: the yaml library's own catch of the overflow is not enough.
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it.each(DEEP_DOCUMENTS.filter(([, file]) => file.endsWith('.yaml')))('%s', (_name, file, text) => {
      const compose = vi.spyOn(Composer.prototype, 'compose');
      expect(parseTemplate(file, text).ok).toBe(false);
      expect(compose).not.toHaveBeenCalled();
    });

    it('while a document at the limit is composed', () => {
      const compose = vi.spyOn(Composer.prototype, 'compose');
      expect(parseTemplate('template.yaml', `${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`).ok).toBe(true);
      expect(parseTemplate('template.yaml', `${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`).ok).toBe(false);
      expect(compose).toHaveBeenCalledTimes(1);
    });
  });

  it('a depth real templates use is read', () => {
    expect(parseTemplate('template.yaml', `${'['.repeat(200)}${']'.repeat(200)}`).ok).toBe(true);
    expect(parseTemplate('template.yaml', blockMapping(200)).ok).toBe(true);
    expect(parseTemplate('template.json', `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`).ok).toBe(true);
  });

  it('JSON that nests too deep is refused at the bracket that crosses the limit', () => {
    const text = `{"Resources":\n${'['.repeat(MAX_DEPTH + 5)}${']'.repeat(MAX_DEPTH + 5)}}`;
    // Level 1 is the outer object; the bracket that opens level 257 is the 256th on line 2.
    expect(parseTemplate('template.json', text)).toEqual({
      ok: false,
      error: { message: `Document nests deeper than ${MAX_DEPTH} levels`, line: 2, column: MAX_DEPTH },
    });
  });

  it('every deep file is a finding on its file; the valid template is still linted', async () => {
    const files = Object.fromEntries(DEEP_DOCUMENTS.map(([, file, text], i) => [`deep${i}/${file}`, text]));
    const root = hostileProject(files);
    const findings = await lintFindings(root);
    for (const file of Object.keys(files)) {
      expect(findingsOf(findings, file, 'sls/parse-error'), file).toMatchObject([
        { severity: 2, message: `Parsing error: Document nests deeper than ${MAX_DEPTH} levels` },
      ]);
    }
    expectKnownFinding(findings);
  });
});

describe('size', () => {
  it(`a 50 MB template is refused unread, within a second, naming its size and the ${maxTemplateBytes() / 2 ** 20} MB limit`, () => {
    const root = hostileProject({});
    const file = path.join(root, 'huge', 'template.yaml');
    const resource = '  Queue%:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n';
    const chunk = `Resources:\n${Array.from({ length: 10_000 }, (_, i) => resource.replace('%', String(i))).join('')}`;
    const text = chunk + '#'.repeat(50 * 2 ** 20 - chunk.length - 1) + '\n';
    hostileProject({ 'huge/template.yaml': text }, root);
    expect(text.length).toBe(50 * 2 ** 20);

    const before = process.memoryUsage();
    const { value, ms } = timed(() => loadModel(root, [file, path.join(root, 'valid', 'template.yaml')]));
    const after = process.memoryUsage();
    expect(value.findings.filter((f) => f.ruleId === 'sls/parse-error')).toMatchObject([
      { filePath: file, line: 1, column: 1, message: 'Parsing error: Template is 50 MB, over the limit of 2 MB; SLS_LINT_MAX_TEMPLATE_MB raises it' },
    ]);
    expect(value.model.stacks.map((s) => path.relative(root, s.templatePath))).toEqual([path.join('valid', 'template.yaml')]);
    expect(ms).toBeLessThan(REFUSAL_MS);
    // Never read: holding its text alone would take 50 MB.
    expect(after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers)).toBeLessThan(25 * 2 ** 20);
  });

  it('the limit is exact: a file of the limit is read, one byte more is refused', () => {
    const root = hostileProject({});
    const head = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n';
    const atLimit = head + '#'.repeat(maxTemplateBytes() - head.length - 1) + '\n';
    hostileProject({ 'at/template.yaml': atLimit, 'over/template.yaml': `${atLimit}\n` }, root);
    const { findings, model } = loadModel(root, [path.join(root, 'at/template.yaml'), path.join(root, 'over/template.yaml')]);
    expect(findings.map((f) => [path.relative(root, f.filePath), f.message])).toEqual([
      [path.join('over', 'template.yaml'), 'Parsing error: Template is 2.0 MB, over the limit of 2 MB; SLS_LINT_MAX_TEMPLATE_MB raises it'],
    ]);
    expect(model.stacks.map((s) => path.relative(root, s.templatePath))).toEqual([path.join('at', 'template.yaml')]);
  });

  it('an included snippet or a ${file()} fragment over the limit is refused too', async () => {
    const big = `Queue:\n  Type: AWS::SQS::Queue\n${'#'.repeat(3 * 2 ** 20)}\n`;
    const root = hostileProject({
      'inc/big.yaml': big,
      'inc/template.yaml': 'Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: ./big.yaml\n',
      'sls/big.yml': big,
      'sls/serverless.yml': 'service: big\nprovider:\n  name: aws\ncustom: ${file(./big.yml)}\n',
    });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'inc/template.yaml', 'sls/parse-error')).toMatchObject([
      { line: 2, message: 'Parsing error: Include of ./big.yaml: Template is 3.0 MB, over the limit of 2 MB; SLS_LINT_MAX_TEMPLATE_MB raises it (line 1).' },
    ]);
    expect(findingsOf(findings, 'sls/serverless.yml', 'sls/parse-error')).toMatchObject([
      { line: 4, message: 'Parsing error: ${file(./big.yml)}: Template is 3.0 MB, over the limit of 2 MB; SLS_LINT_MAX_TEMPLATE_MB raises it (line 1).' },
    ]);
    expectKnownFinding(findings);
  });

  it('a map with many keys is read in linear time (the duplicate-key check used to compare every pair)', () => {
    let text = 'Resources:\n';
    for (let i = 0; i < 40_000; i++) text += `  Queue${i}: {Type: AWS::SQS::Queue}\n`;
    const { value, ms } = timed(() => parseTemplate('template.yaml', text));
    expect(value.ok).toBe(true);
    // Took 25 seconds before; under a second now (the bound leaves room for a loaded CI machine).
    expect(ms).toBeLessThan(20_000);
    expect(parseTemplate('template.yaml', `${text}  Queue7: {Type: AWS::SQS::Queue}\n`)).toEqual({
      ok: false,
      error: { message: 'Map keys must be unique', line: 40_002, column: 3 },
    });
  });
});

describe('expansion bombs across files', () => {
  it('snippets that include each other ten times over are stopped, as one finding', async () => {
    const files: Record<string, string> = { 'inc/s0.yaml': `[${Array(10).fill('x').join(', ')}]\n` };
    for (let level = 1; level <= 7; level++) {
      files[`inc/s${level}.yaml`] = Array.from({ length: 10 }, () => `- Fn::Include: ./s${level - 1}.yaml\n`).join('');
    }
    files['inc/template.yaml'] = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Metadata:\n      Fn::Include: ./s7.yaml\n';
    const root = hostileProject(files);
    const started = performance.now();
    const findings = await lintFindings(root);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(findingsOf(findings, 'inc/template.yaml', 'sls/parse-error')).toMatchObject([
      { line: 1, column: 1, message: 'Parsing error: Includes expand to more than 2000000 nodes: the rest are left as written.' },
    ]);
    expectKnownFinding(findings);
  });

  it('serverless variables that double at each step are stopped, as one finding', async () => {
    const names = 'abcdefghijklmnopqrstuvwxyz';
    const custom = [...names].map((name, i) => `  ${name}: ${i === names.length - 1 ? 'lol' : Array(6).fill(`\${self:custom.${names[i + 1]}}`).join('-')}`);
    const root = hostileProject({ 'sls/serverless.yml': `service: bomb\nprovider:\n  name: aws\ncustom:\n${custom.join('\n')}\n` });
    const started = performance.now();
    const findings = await lintFindings(root);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(findingsOf(findings, 'sls/serverless.yml', 'sls/parse-error')).toMatchObject([
      { message: expect.stringMatching(/^Parsing error: Variables expand to more than 1000000 values or 10000000 characters \(a variable bomb\?\)/) },
    ]);
    expectKnownFinding(findings);
  });

  it('a big object copied by ${self:} again and again is stopped too', () => {
    const root = hostileProject({});
    const big = Array.from({ length: 20_000 }, (_, i) => `    k${i}: ${i}`).join('\n');
    const refs = Array.from({ length: 2_000 }, () => '    - ${self:custom.big}').join('\n');
    writeFileSync(path.join(root, 'serverless.yml'), `service: copies\nprovider:\n  name: aws\ncustom:\n  big:\n${big}\n  refs:\n${refs}\n`);
    const { value, ms } = timed(() => loadModel(root, [path.join(root, 'serverless.yml')]));
    expect(value.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Parsing error: Variables expand to more than 1000000 values/),
    ]);
    // 40 million values before (83 seconds); stopped at a million now, in a second or two.
    expect(ms).toBeLessThan(20_000);
  });
});
