import { describe, expect, it } from 'vitest';
import { mergeJsonReports, mergeSarifLogs, readReport, sarifHasErrors, type SarifLog } from '../../src/report/merge-reports.js';
import { emptyResult, type LintMessage, type LintResult } from '../../src/results.js';

const message = (ruleId: string, line: number, column: number, severity: 1 | 2 = 2): LintMessage => ({ ruleId, severity, message: `${ruleId} here`, line, column });

function result(filePath: string, messages: LintMessage[], suppressed: LintMessage[] = []): LintResult {
  return {
    ...emptyResult(filePath),
    messages,
    suppressedMessages: suppressed.map((m) => ({ ...m, suppressions: [{ kind: 'directive', justification: 'known' }] })),
    errorCount: 99,
  };
}

describe('readReport', () => {
  it('reads ESLint JSON results and SARIF 2.1.0 logs', () => {
    expect(readReport(JSON.stringify([result('/p/a.ts', [message('sls/no-scan', 1, 1)])]))).toMatchObject({ kind: 'json' });
    expect(readReport('[]')).toEqual({ kind: 'json', results: [] });
    expect(readReport(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'sls-lint' } }, results: [] }] }))).toMatchObject({ kind: 'sarif' });
  });

  it('says what is wrong with anything else', () => {
    expect(readReport('not json')).toEqual({ problem: 'is not JSON: expected a report written with --format json or --format sarif' });
    expect(readReport('{"a": 1}')).toEqual({ problem: 'is neither an ESLint JSON report (an array of results) nor a SARIF 2.1.0 log' });
    expect(readReport('[{"filePath": "/p/a.ts"}]')).toEqual({ problem: 'is no ESLint JSON report: item 0 is not a result with a filePath and messages' });
    expect(readReport('[{"filePath": "/p/a.ts", "messages": [{"line": 1}]}]')).toEqual({ problem: 'is no ESLint JSON report: item 0 is not a result with a filePath and messages' });
    expect(readReport('{"version": "2.1.0", "runs": []}')).toEqual({ problem: 'is a SARIF log with no run' });
    expect(readReport('{"version": "2.1.0", "runs": [{"results": []}]}')).toEqual({ problem: 'is no SARIF log sls-lint can merge: runs[0] has no tool.driver or results list' });
  });
});

describe('mergeJsonReports', () => {
  it('gives one result per file, files sorted, messages in source order, counts recomputed, suppressed messages kept', () => {
    const merged = mergeJsonReports([
      [result('/p/template.yaml', [message('sls/tracing-enabled', 9, 3, 1)]), result('/p/clean.yaml', [])],
      [result('/p/src/a.ts', [message('sls/no-scan', 4, 2, 1)], [message('sls/no-sync-invoke', 2, 1)]), result('/p/template.yaml', [message('sls/sqs-redrive-policy', 3, 3)])],
    ]);
    expect(merged.map((r) => r.filePath)).toEqual(['/p/clean.yaml', '/p/src/a.ts', '/p/template.yaml']);
    expect(merged[2]!.messages.map((m) => [m.ruleId, m.line])).toEqual([['sls/sqs-redrive-policy', 3], ['sls/tracing-enabled', 9]]);
    expect(merged[2]).toMatchObject({ errorCount: 1, warningCount: 1 });
    expect(merged[1]).toMatchObject({ errorCount: 0, warningCount: 1 });
    expect(merged[1]!.suppressedMessages).toEqual([{ ...message('sls/no-sync-invoke', 2, 1), suppressions: [{ kind: 'directive', justification: 'known' }] }]);
    expect(merged[0]).toEqual(emptyResult('/p/clean.yaml'));
  });
});

const rule = (id: string) => ({ id, name: id.slice(4), shortDescription: { text: id } });

function sarifResult(ruleId: string, uri: string, index: number, line: number, extra: Record<string, unknown> = {}) {
  return {
    ruleId, ruleIndex: 0, level: 'error', message: { text: ruleId },
    locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%', index }, region: { startLine: line, startColumn: 1 } } }],
    ...extra,
  };
}

function sarif(rules: string[], uris: string[], results: ReturnType<typeof sarifResult>[], invocation: string): SarifLog {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'sls-lint', version: '1.0.0', rules: rules.map(rule) } },
      originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///work/repo/' } },
      artifacts: uris.map((uri) => ({ location: { uri, uriBaseId: '%SRCROOT%' } })),
      results,
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ message: { text: invocation } }] }],
      columnKind: 'utf16CodeUnits',
    }],
  };
}

describe('mergeSarifLogs', () => {
  const one = sarif(['sls/no-scan'], ['src/b.ts', 'template.yaml'], [
    sarifResult('sls/no-scan', 'src/b.ts', 0, 7),
    sarifResult('sls/no-scan', 'src/b.ts', 0, 2, { suppressions: [{ kind: 'inSource' }] }),
  ], 'shard 1/2');
  const two = sarif(['sls/conditional-writes', 'sls/no-scan'], ['src/a.ts', 'template.yaml'], [
    sarifResult('sls/conditional-writes', 'src/a.ts', 0, 3),
    sarifResult('sls/no-scan', 'template.yaml', 1, 1, { level: 'warning' }),
  ], 'shard 2/2');
  const merged = mergeSarifLogs([one, two]);
  const run = merged.runs[0]!;

  it('makes one run: rules and artifacts once each, in order', () => {
    expect(merged.runs).toHaveLength(1);
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(['sls/conditional-writes', 'sls/no-scan']);
    expect(run.artifacts!.map((a) => a.location!.uri)).toEqual(['src/a.ts', 'src/b.ts', 'template.yaml']);
    expect(run['columnKind']).toBe('utf16CodeUnits');
  });

  it('points each result at the merged lists, in the order of a run: by file, findings then suppressed ones, by line', () => {
    const placed = run.results!.map((r) => [r.ruleId, r.ruleIndex, r.locations![0]!.physicalLocation!.artifactLocation!.index, r.locations![0]!.physicalLocation!.region!.startLine, Boolean(r.suppressions)]);
    expect(placed).toEqual([
      ['sls/conditional-writes', 0, 0, 3, false],
      ['sls/no-scan', 1, 1, 7, false],
      ['sls/no-scan', 1, 1, 2, true],
      ['sls/no-scan', 1, 2, 1, false],
    ]);
  });

  it('keeps every shard\'s invocation', () => {
    expect(run.invocations).toEqual([...one.runs[0]!.invocations!, ...two.runs[0]!.invocations!]);
  });

  it('has errors when an error-level result is not suppressed', () => {
    expect(sarifHasErrors(merged)).toBe(true);
    expect(sarifHasErrors(mergeSarifLogs([sarif([], ['src/b.ts'], [sarifResult('sls/no-scan', 'src/b.ts', 0, 2, { suppressions: [{ kind: 'inSource' }] })], 'x')]))).toBe(false);
    expect(sarifHasErrors(mergeSarifLogs([two]))).toBe(true);
    expect(sarifHasErrors(mergeSarifLogs([sarif([], ['t.yaml'], [sarifResult('sls/no-scan', 't.yaml', 0, 1, { level: 'warning' })], 'x')]))).toBe(false);
  });
});
