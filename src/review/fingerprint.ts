import { createHash } from 'node:crypto';
import type { LintMessage, LintResult } from '../results.js';

/**
 * Fingerprints that survive unrelated edits: they hash the rule and the normalised source line
 * (and, for the stricter one, its neighbours), never the line number, as SARIF's
 * partialFingerprints do. A file's path is kept beside them, not inside.
 */
export interface Fingerprint {
  /** Rule + the finding's line + the lines around it. */
  context: string;
  /** Rule + the finding's line alone: still matches when a neighbour changed. */
  line: string;
}

export function fingerprintResults(results: readonly LintResult[], readText: (file: string) => string | undefined): Map<LintMessage, Fingerprint> {
  const fingerprints = new Map<LintMessage, Fingerprint>();
  for (const result of results) {
    if (result.messages.length === 0) continue;
    const lines = (readText(result.filePath) ?? '').split(/\r?\n/);
    const at = (n: number) => normalise(lines[n - 1] ?? '');
    for (const m of result.messages) {
      const rule = m.ruleId ?? '';
      fingerprints.set(m, {
        context: hash([rule, at(m.line - 1), at(m.line), at(m.line + 1)]),
        line: hash([rule, at(m.line)]),
      });
    }
  }
  return fingerprints;
}

function normalise(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

function hash(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
}
