import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES_BY_ID } from '../../src/config/rule-registry.js';
import { FORMATS, formatResults, type FormatName } from '../../src/report/index.js';
import { emptyResult, recount, type LintResult } from '../../src/results.js';
import { runCli } from '../helpers/run-cli.js';
import { sarifValidator } from '../helpers/sarif-schema.js';
import { expectKnownFinding, findingsOf, hostileProject, lintFindings } from './project.js';

/**
 * Every diagnostic has a position. Valid code nested a few hundred levels deep overflows the
 * parser's stack, and ESLint's parse error for it has neither line nor column: it is reported at
 * line 1, column 1 of its file, in every format, and the SARIF log stays valid.
 */

const FUNCTION_TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Tracing: Active',
  '      Handler: app.handler',
  '',
].join('\n');

/**
 * Valid TypeScript: one expression of `depth` chained additions, generated here rather than
 * committed. A hundred terms a line: one line of them all would be taken for minified code, and not linted.
 */
function chained(depth: number): string {
  const lines: string[] = [];
  for (let i = 0; i < depth; i += 100) lines.push(Array(Math.min(100, depth - i)).fill("'a'").join(' + '));
  return `export const handler = async () => ${lines.join(' +\n  ')};\n`;
}

const NESTS_TOO_DEEP = 'Parsing error: The code nests too deeply for the parser (its call stack overflowed): no code rule checked this file.';

/** What each format prints for the parse error of deep/app.ts, at line 1, column 1. */
const EXPECTED: Record<FormatName, (out: string) => void> = {
  stylish: (out) => expect(out).toContain(`deep/app.ts\n  1:1  error  ${NESTS_TOO_DEEP.replace(/\.$/, '')}  sls/parse-error`),
  json: (out) => {
    const app = (JSON.parse(out) as LintResult[]).find((r) => r.filePath.endsWith('app.ts'))!;
    expect(app.messages).toEqual([expect.objectContaining({ ruleId: 'sls/parse-error', fatal: true, severity: 2, message: NESTS_TOO_DEEP, line: 1, column: 1 })]);
    expect(app.messages[0]).toEqual(expect.objectContaining({ help: expect.any(String), helpUri: expect.stringContaining('parse-error.md') }));
  },
  sarif: (out) => {
    const log = JSON.parse(out);
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'sls/parse-error');
    expect(result.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'deep/app.ts' }, region: { startLine: 1, startColumn: 1 } });
  },
  github: (out) => expect(out).toContain(`::error file=deep/app.ts,line=1,col=1,title=sls/parse-error::${NESTS_TOO_DEEP}\n`),
  markdown: (out) => expect(out).toContain('| `deep/app.ts:1` |'),
  junit: (out) => expect(out).toContain(`>deep/app.ts:1:1 error ${NESTS_TOO_DEEP}</failure>`),
  rdjson: (out) => {
    const diagnostic = JSON.parse(out).diagnostics.find((d: { location: { path: string } }) => d.location.path === 'deep/app.ts');
    expect(diagnostic.location.range).toEqual({ start: { line: 1, column: 1 } });
  },
};

describe('a parse error without a position', () => {
  const formats = Object.keys(FORMATS) as FormatName[];

  it('covers every format', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...formats].sort());
  });

  // The case overflowed at 900; how deep the stack goes depends on how warm the JIT is (optimized frames are smaller), so far deeper here.
  it.each(formats)('code nested 20000 deep: %s reports it at line 1, column 1, never undefined or null', async (format) => {
    const root = hostileProject({ 'deep/template.yaml': FUNCTION_TEMPLATE, 'deep/app.ts': chained(20_000) });
    const { code, stdout } = await runCli(['--format', format, 'deep'], root);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/undefined|NaN|"startLine": null|line=,/);
    EXPECTED[format](stdout);
  });

  it('the same code a little less deep parses, and is linted', async () => {
    const root = hostileProject({ 'deep/template.yaml': FUNCTION_TEMPLATE, 'deep/app.ts': chained(300) });
    const { code, stdout } = await runCli(['--format', 'json', 'deep'], root);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as LintResult[]).flatMap((r) => r.messages)).toEqual([]);
  });

  /** A result made by hand, as an API user or an older cache could hand the formatters: no line, no column. */
  function unplaced(): LintResult[] {
    const result = emptyResult(path.join('/project', 'src', 'app.ts'));
    result.messages.push({ ruleId: 'sls/parse-error', severity: 2, fatal: true, message: 'Parsing error: Maximum call stack size exceeded' } as LintResult['messages'][number]);
    result.suppressedMessages.push({ ruleId: 'sls/parse-error', severity: 2, message: 'x', line: Number.NaN, column: 0, suppressions: [{ kind: 'directive', justification: '' }] });
    recount(result);
    return [result];
  }

  it.each(formats)('every format places a message given without a position at line 1, column 1: %s', (format) => {
    const results = unplaced();
    const message = results[0]!.messages[0]!;
    const fingerprints = new Map<object, string>([[message, 'f'.repeat(16)]]);
    const out = formatResults(format, results, { cwd: '/project', rulesMeta: RULES_BY_ID, color: false, toolVersion: '0.0.0-test', fingerprints });
    expect(out).not.toMatch(/undefined|NaN|null/);
    // The results handed in are not changed.
    expect(message).not.toHaveProperty('line');
    if (format === 'sarif') {
      const log = JSON.parse(out);
      const validate = sarifValidator();
      expect(validate(log)).toBe(true);
      expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
      // The fingerprint given for the message object is kept for its placed copy.
      expect(JSON.stringify(log.runs[0].results[0])).toContain('f'.repeat(16));
    }
    if (format === 'json') expect(JSON.parse(out)[0].messages[0]).toMatchObject({ line: 1, column: 1 });
  });
});

describe('a Serverless script nested deeper than the parser can follow', () => {
  it('is skipped with a finding at line 1, column 1, never an internal error', async () => {
    const depth = 20_000;
    const root = hostileProject({
      'deep-script/serverless.ts': `const x = ${'['.repeat(depth)}${']'.repeat(depth)};\n` +
        "export default { service: 's', provider: { name: 'aws', runtime: 'nodejs20.x' }, functions: { f: { handler: 'h.handler' } } };\n",
      'deep-script/h.ts': 'export const handler = async () => 1;\n',
    });
    const findings = await lintFindings(root);
    expect(findingsOf(findings, 'deep-script/serverless.ts', 'sls/config-not-static')).toEqual([{
      file: 'deep-script/serverless.ts', line: 1, column: 1, ruleId: 'sls/config-not-static', severity: 1,
      message: 'serverless.ts was skipped: it nests too deeply to be read (the call stack overflowed). sls-lint never runs configuration code.',
    }]);
    expectKnownFinding(findings);
  });
});
