import type { RuleSettings } from '../config/rule-settings.js';
import { RULES_BY_ID } from '../config/rule-registry.js';
import type { Finding, SuppressedFinding } from '../results.js';
import { readTemplateFile } from '../template/read-template.js';
import { suppressionComments, type SuppressionComment } from '../template/suppression-comments.js';

const REASON_ID = 'sls/suppression-reason';
const UNUSED_ID = 'sls/unused-suppression';

export interface SuppressionOptions {
  /** Report comments that suppress nothing (`--report-unused-suppressions`). */
  reportUnused?: boolean;
  /** The read fence: a file whose real path leaves it is not read for comments. */
  fence?: string;
}

/**
 * Applies the `sls-lint-disable` comments of templates, serverless.yml and CDK sources to the
 * findings reported outside ESLint (template rules and engine diagnostics), by file and line. A
 * suppressed finding is kept, with the comment's reason, as ESLint keeps the ones its own
 * comments suppress. Adds the findings about the comments themselves: one without a reason
 * (`sls/suppression-reason`, off unless the config turns it on, as `strict` does) and, when asked,
 * one that suppresses nothing (`sls/unused-suppression`).
 */
export function applySuppressions(
  findings: readonly Finding[], files: readonly string[], settings: RuleSettings, options: SuppressionOptions = {},
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const byFile = new Map<string, SuppressionComment[]>();
  for (const file of new Set([...files, ...findings.map((f) => f.filePath)])) {
    const read = readTemplateFile(file, options.fence ?? null);
    const comments = read.ok ? suppressionComments(file, read.text) : [];
    if (comments.length > 0) byFile.set(file, comments);
  }
  if (byFile.size === 0) return { findings: [...findings], suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Map<SuppressionComment, Set<string>>();
  for (const finding of findings) {
    const comments = byFile.get(finding.filePath) ?? [];
    const matching = comments.filter((c) => c.ruleIds.includes(finding.ruleId ?? '') && c.from <= finding.line && finding.line <= c.to);
    if (matching.length === 0) {
      kept.push(finding);
      continue;
    }
    for (const comment of matching) used.set(comment, (used.get(comment) ?? new Set()).add(finding.ruleId!));
    suppressed.push({ ...finding, suppressions: matching.map((c) => ({ kind: 'directive', justification: c.reason ?? '' })) });
  }
  for (const [file, comments] of byFile) {
    // As for any finding, the severity of the file the comment is in.
    const reasonSeverity = severityOf(settings, REASON_ID, file);
    const unusedSeverity = options.reportUnused ? severityOf(settings, UNUSED_ID, file) : undefined;
    for (const comment of comments) {
      const at = { filePath: file, line: comment.line, column: comment.column, endLine: comment.endLine, endColumn: comment.endColumn };
      if (reasonSeverity && comment.reason === undefined) {
        kept.push({
          ...at, ruleId: REASON_ID, severity: reasonSeverity, messageId: 'missingReason',
          message: 'This sls-lint-disable comment gives no reason: add one after " -- ", for whoever reads it next.',
        });
      }
      if (!unusedSeverity) continue;
      const problem = { ...at, ruleId: UNUSED_ID, severity: unusedSeverity };
      if (comment.ruleIds.length === 0) {
        kept.push({ ...problem, messageId: 'noRule', message: 'This sls-lint-disable comment names no rule, so it suppresses nothing: name each rule it is for.' });
      }
      for (const ruleId of comment.ruleIds) {
        if (used.get(comment)?.has(ruleId)) continue;
        kept.push(RULES_BY_ID.has(ruleId)
          ? { ...problem, messageId: 'unused', message: `Unused sls-lint-disable directive (no problems were reported from '${ruleId}').` }
          : { ...problem, messageId: 'unknownRule', message: `Unused sls-lint-disable directive: '${ruleId}' is not an sls-lint rule.` });
      }
    }
  }
  return { findings: kept, suppressed };
}

function severityOf(settings: RuleSettings, id: string, file: string): 1 | 2 | undefined {
  const severity = settings.severity(id, file);
  return severity === 'error' ? 2 : severity === 'warn' ? 1 : undefined;
}
