import path from 'node:path';
import type { LintResult } from '../../src/results.js';

export interface ExpectedFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: 1 | 2;
}

/** Results flattened to what an end-to-end test pins down: file (relative), position, rule, severity. */
export function flattenFindings(results: readonly LintResult[], root: string): ExpectedFinding[] {
  return results
    .flatMap((result) =>
      result.messages.map((m) => ({
        file: path.relative(root, result.filePath).split(path.sep).join('/'),
        line: m.line,
        column: m.column,
        ruleId: m.ruleId ?? '(none)',
        severity: m.severity,
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

/** What `--format json` prints on stderr when all is well: the account of what was covered, one line, and nothing else. */
export const ACCOUNT_ONLY = /^\d+ (templates?|compose files?|CDK apps?)(, \d+ (compose files?|CDK apps?))* · \d+ functions?: [^\n]+\n$/;
