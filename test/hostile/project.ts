import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/results.js';
import { QUEUE_TEMPLATE } from '../helpers/temp-project.js';

/**
 * Every hostile project also holds this valid template: a queue consumed by a function, without a
 * RedrivePolicy. Its one sls/sqs-redrive-policy finding must survive whatever the other files do.
 */
export const VALID_TEMPLATE = QUEUE_TEMPLATE;

export const VALID_FILES = {
  'valid/template.yaml': VALID_TEMPLATE,
  'valid/worker.ts': 'export const handler = async (event: unknown) => event;\n',
};

/** The known finding of VALID_TEMPLATE: the Jobs queue, line 13. */
export const KNOWN_FINDING = { file: 'valid/template.yaml', line: 13, column: 3, ruleId: 'sls/sqs-redrive-policy', severity: 2 };

/** A project in a fresh temp folder (its real path: macOS puts tmp behind a symlink), with the valid files. */
export function hostileProject(files: Record<string, string | Buffer>, parent?: string): string {
  const root = parent ?? realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-hostile-')));
  for (const [name, content] of Object.entries({ ...VALID_FILES, ...files })) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

export interface FlatFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: number;
  message: string;
}

export function flatten(results: readonly LintResult[], root: string): FlatFinding[] {
  return results
    .flatMap((result) => result.messages.map((m) => ({
      file: path.relative(root, result.filePath).split(path.sep).join('/'),
      line: m.line,
      column: m.column,
      ruleId: m.ruleId ?? '(none)',
      severity: m.severity,
      message: m.message,
    })))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

/** Lints the project in-process; other rules may add findings, so tests pick the ones they are about. */
export async function lintFindings(root: string, paths?: string[]): Promise<FlatFinding[]> {
  const { results } = await lintProject({ cwd: root, ...(paths ? { paths } : {}) });
  return flatten(results, root);
}

export function expectKnownFinding(findings: readonly FlatFinding[]): void {
  const known = findings.filter((f) => f.file === KNOWN_FINDING.file && f.ruleId === KNOWN_FINDING.ruleId);
  expect(known.map(({ message: _m, ...f }) => f)).toEqual([KNOWN_FINDING]);
}

/** The findings of one rule in one file, without the message. */
export function findingsOf(findings: readonly FlatFinding[], file: string, ruleId: string) {
  return findings.filter((f) => f.file === file && f.ruleId === ruleId);
}

/** Wall time of one call, in milliseconds, with its result. */
export function timed<T>(call: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = call();
  return { value, ms: performance.now() - started };
}
