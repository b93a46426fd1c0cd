import { formatMermaid } from '../graph/format-mermaid.js';
import type { LintMessage } from '../results.js';
import { accountOf } from './coverage.js';
import type { Coverage } from '../results.js';
import type { Formatter } from './types.js';
import { relativePath } from '../util/relative-path.js';

/** Above this many findings the table is folded: a review comment should open on the verdict. */
export const FOLD_AFTER = 10;
/** GitHub caps a comment at 65,536 characters; rows past this are counted, not listed. */
export const MAX_ROWS = 100;
/** A diagram larger than this no longer renders usefully in a comment. */
export const MAX_DIAGRAM_CHARS = 20_000;

/**
 * A pull-request review comment: a one-line verdict, a table of findings linking each rule's docs,
 * a Mermaid diagram of the event flow around what the findings touch (from `context.graph`), and
 * the account of what was covered, folded.
 */
export const formatMarkdown: Formatter = (results, context) => {
  const rows: { m: LintMessage; file: string }[] = [];
  for (const result of results) for (const m of result.messages) rows.push({ m, file: relativePath(context.cwd, result.filePath) });
  const errors = rows.filter((r) => r.m.severity === 2).length;
  const warnings = rows.length - errors;
  const files = new Set(rows.map((r) => r.file)).size;
  const account = context.coverage ? ['', ...accountSection(context.coverage)] : [];
  if (rows.length === 0) return `${['### sls-lint: ✅ no findings', ...account].join('\n')}\n`;

  const out = [
    `### sls-lint: ${errors > 0 ? '❌' : '⚠️'} ${count(errors, 'error')} and ${count(warnings, 'warning')} in ${count(files, 'file')}`,
    '',
  ];
  const table = [
    '| | Rule | Location | Message |',
    '| --- | --- | --- | --- |',
    ...rows.slice(0, MAX_ROWS).map(({ m, file }) => {
      const ruleId = m.ruleId ?? 'sls/parse-error';
      const url = context.rulesMeta.get(ruleId)?.docs.url;
      const rule = url ? `[\`${ruleId}\`](${url})` : `\`${ruleId}\``;
      return `| ${m.severity === 2 ? '❌' : '⚠️'} | ${rule} | \`${cell(file)}:${m.line}\` | ${cell(m.message)} |`;
    }),
  ];
  if (rows.length > MAX_ROWS) table.push('', `…and ${rows.length - MAX_ROWS} more, not listed here: run \`sls-lint\` locally for all of them.`);
  out.push(...fold(rows.length > FOLD_AFTER, `${count(rows.length, 'finding')}`, table));

  const graph = context.graph;
  if (graph && graph.nodes.length > 0) {
    const diagram = formatMermaid(graph);
    out.push('');
    if (diagram.length > MAX_DIAGRAM_CHARS) out.push('_The event-flow diagram is too large for a comment: run `sls-lint graph` to see it._');
    else out.push(...fold(rows.length > FOLD_AFTER, 'Event flow around these findings (flagged in red)', ['```mermaid', diagram.trimEnd(), '```'], 'Event flow around these findings (flagged in red):'));
  }
  out.push(...account);
  return `${out.join('\n')}\n`;
};

function fold(folded: boolean, summary: string, body: string[], heading?: string): string[] {
  if (!folded) return heading ? [heading, '', ...body] : body;
  return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

function accountSection(coverage: Coverage): string[] {
  const { head, items } = accountOf(coverage);
  return fold(true, `Coverage: ${head}`, items.map((item) => `- ${item.text}`));
}

function count(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
