import type { LintMessage, LintResult } from '../results.js';
import type { Fingerprint } from './fingerprint.js';
import { keepMessages } from './keep-messages.js';
import { relativePath } from '../util/relative-path.js';

/**
 * A baseline records the findings a team has accepted, so a new adopter sees only what it adds.
 * Entries match by rule, file and fingerprint (the stricter context hash first, then the line
 * hash), each entry at most once, so a second copy of a baselined problem is still reported.
 */
export interface BaselineEntry {
  ruleId: string;
  file: string;
  context: string;
  line: string;
  message: string;
}

export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

export function createBaseline(results: readonly LintResult[], fingerprints: ReadonlyMap<LintMessage, Fingerprint>, root: string): Baseline {
  const findings: BaselineEntry[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      const fp = fingerprints.get(m);
      if (fp) findings.push({ ruleId: m.ruleId ?? '', file: relativePath(root, result.filePath), context: fp.context, line: fp.line, message: m.message });
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.line.localeCompare(b.line) || a.context.localeCompare(b.context));
  return { version: 1, findings };
}

export function parseBaseline(text: string): Baseline | undefined {
  try {
    const value = JSON.parse(text) as Partial<Baseline>;
    if (value.version !== 1 || !Array.isArray(value.findings)) return undefined;
    const valid = value.findings.every((f) => typeof f?.ruleId === 'string' && typeof f.file === 'string' && typeof f.line === 'string' && typeof f.context === 'string');
    return valid ? (value as Baseline) : undefined;
  } catch {
    return undefined;
  }
}

/** The results without the findings the baseline accepts. */
export function subtractBaseline(
  results: readonly LintResult[], fingerprints: ReadonlyMap<LintMessage, Fingerprint>, baseline: Baseline, root: string,
): LintResult[] {
  const unused = [...baseline.findings];
  const take = (predicate: (entry: BaselineEntry) => boolean) => {
    const index = unused.findIndex(predicate);
    if (index === -1) return false;
    unused.splice(index, 1);
    return true;
  };
  const candidates = results.flatMap((result) => result.messages.map((m) => ({ result, m, file: relativePath(root, result.filePath) })));
  const accepted = new Set<LintMessage>();
  // Exact context matches first, so a looser line match cannot steal an entry another finding fits better.
  for (const { m, file } of candidates) {
    const fp = fingerprints.get(m);
    if (fp && take((e) => e.ruleId === m.ruleId && e.file === file && e.context === fp.context)) accepted.add(m);
  }
  for (const { m, file } of candidates) {
    const fp = fingerprints.get(m);
    if (fp && !accepted.has(m) && take((e) => e.ruleId === m.ruleId && e.file === file && e.line === fp.line)) accepted.add(m);
  }
  return keepMessages(results, (m) => !accepted.has(m));
}
