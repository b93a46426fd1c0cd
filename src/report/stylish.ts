import type { LintMessage, LintResult } from '../results.js';
import { coverageLine } from './coverage.js';
import type { Formatter } from './types.js';
import { relativePath } from '../util/relative-path.js';

const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[39m`;
const styles = { red: ansi(31), yellow: ansi(33), dim: (t: string) => `\u001b[2m${t}\u001b[22m`, underline: (t: string) => `\u001b[4m${t}\u001b[24m` };
const plain = (text: string) => text;

/**
 * ESLint's stylish layout (file, then `line:col  severity  message  rule`, then a summary), with
 * paths relative to the root; then the account of what was covered, on every run.
 */
export const formatStylish: Formatter = (results, context) => {
  const paint = context.color ? styles : { red: plain, yellow: plain, dim: plain, underline: plain };
  let errors = 0;
  let warnings = 0;
  const blocks: string[] = [];
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    const rows = result.messages.map((m: LintMessage) => [
      `${m.line}:${m.column}`,
      m.severity === 2 ? 'error' : 'warning',
      m.message.replace(/([^ ])\.$/, '$1'),
      m.ruleId ?? '',
    ]);
    const widths = [0, 1, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    // ESLint pads the message column to the longest message of the file; a message that would push a
    // line past MAX_LINE is wrapped under its column instead, so every line fits the width.
    const indent = 2 + widths[0]! + 2 + widths[1]! + 2;
    const room = Math.max(MIN_MESSAGE, MAX_LINE - indent - 2 - widths[2]!);
    const messageWidth = Math.min(room, Math.max(...rows.map((r) => r[2]!.length)));
    const lines = rows.map(([pos, severity, message, rule]) => {
      const sev = severity!.padEnd(widths[1]!);
      const [first, ...rest] = wrap(message!, messageWidth);
      const head = `  ${paint.dim(pos!.padEnd(widths[0]!))}  ${severity === 'error' ? paint.red(sev) : paint.yellow(sev)}  ${first!.padEnd(messageWidth)}  ${paint.dim(rule!)}`.trimEnd();
      return [head, ...rest.map((part) => `${' '.repeat(indent)}${part}`)].join('\n');
    });
    blocks.push(`${paint.underline(relativePath(context.cwd, result.filePath))}\n${lines.join('\n')}`);
  }
  const total = errors + warnings;
  const account = context.coverage ? `${coverageLine(context.coverage)}\n` : '';
  // Suppressed findings are not problems, but a reader should know they are there (the json and sarif formats list them).
  const suppressedCount = results.reduce((n, r) => n + (r.suppressedMessages?.length ?? 0), 0);
  const suppressed = suppressedCount > 0 ? ` (${suppressedCount} suppressed)` : '';
  if (total === 0) return suppressed ? `\n0 problems${suppressed}\n${account}` : account;
  const head = `\u2716 ${total} ${plural(total, 'problem')} (${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')})${suppressed}`;
  const summary = withRuleCounts(head, results);
  return `\n${blocks.join('\n\n')}\n\n${errors > 0 ? paint.red(summary) : paint.yellow(summary)}\n${account}`;
};

/** No line of a finding is wider than this: a longer message is wrapped under its column. */
export const MAX_LINE = 160;

/** The message column never gets narrower than this, however long the rule ids are. */
const MIN_MESSAGE = 40;

/**
 * `text` cut at spaces into lines of at most `width` characters; a word longer than that (a path)
 * is cut where the line ends.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line ? `${line} ${word}` : word;
    if (joined.length <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    line = rest;
  }
  lines.push(line);
  return lines;
}

/** The summary line is cut to this many characters: the counts by rule that do not fit are left to `…`. */
export const MAX_SUMMARY = 160;

/**
 * The summary with the count of each rule, most found first, the `sls/` prefix dropped: `✖ 38 problems
 * (20 errors, 18 warnings) — 12 stream-failure-destination, 9 conditional-writes, …`, at most MAX_SUMMARY long.
 */
function withRuleCounts(head: string, results: readonly LintResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const m of result.messages) {
      const rule = (m.ruleId ?? 'sls/parse-error').replace(/^sls\//, '');
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
    }
  }
  const parts = [...counts].sort(([a, n], [b, m]) => m - n || a.localeCompare(b)).map(([rule, n]) => `${n} ${rule}`);
  for (let shown = parts.length; shown > 0; shown--) {
    const line = `${head} \u2014 ${[...parts.slice(0, shown), ...(shown < parts.length ? ['\u2026'] : [])].join(', ')}`;
    if (line.length <= MAX_SUMMARY) return line;
  }
  return head;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
