import { formatMermaid } from '../graph/format-mermaid.js';
import type { LintMessage } from '../results.js';
import { accountOf } from './coverage.js';
import type { Coverage } from '../results.js';
import type { Formatter, SourceLink } from './types.js';
import { relativePath } from '../util/relative-path.js';

/** Above this many findings the table is folded: a review comment should open on the verdict. */
export const FOLD_AFTER = 10;
/** Rows past this many are counted, not listed: a review comment is read, not searched. */
export const MAX_ROWS = 100;
/** GitHub's limit on a comment's body, in characters; the comment stays under it, rows past it counted, not listed. */
export const MAX_COMMENT = 65_536;
/** A diagram larger than this no longer renders usefully in a comment. */
export const MAX_DIAGRAM_CHARS = 20_000;
/** A message longer than this is cut in its cell (a parser's message can quote a whole line). */
const MAX_CELL = 500;

/**
 * The link base of a GitHub Actions run (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`),
 * for files under `root`; undefined outside one. The CLI passes `process.env`: formatters read no environment.
 */
export function githubSourceLink(env: Readonly<Record<string, string | undefined>>, root: string): SourceLink | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (!server || !repository || !sha) return undefined;
  return { url: `${server.replace(/\/+$/, '')}/${repository}/blob/${sha}`, root };
}

/**
 * A pull-request review comment: a one-line verdict, a table of findings (errors first, then by
 * file and line) linking each rule's docs and, in a GitHub Actions run, each location, a Mermaid
 * diagram of the event flow around what the findings touch (from `context.graph`), and the account
 * of what was covered, folded. It stays under GitHub's limit on a comment: the rows that do not
 * fit are counted.
 */
export const formatMarkdown: Formatter = (results, context) => {
  const rows: { m: LintMessage; file: string; path: string }[] = [];
  for (const result of results) for (const m of result.messages) rows.push({ m, file: relativePath(context.cwd, result.filePath), path: result.filePath });
  rows.sort((a, b) => b.m.severity - a.m.severity || compare(a.file, b.file) || a.m.line - b.m.line || a.m.column - b.m.column);
  const errors = rows.filter((r) => r.m.severity === 2).length;
  const warnings = rows.length - errors;
  const files = new Set(rows.map((r) => r.file)).size;
  const account = context.coverage ? ['', ...accountSection(context.coverage)] : [];
  if (rows.length === 0) return `${['### sls-lint: ✅ no findings', ...account].join('\n')}\n`;

  const folded = rows.length > FOLD_AFTER;
  const head = [`### sls-lint: ${errors > 0 ? '❌' : '⚠️'} ${count(errors, 'error')} and ${count(warnings, 'warning')} in ${count(files, 'file')}`, ''];
  const diagramSection: string[] = [];
  const graph = context.graph;
  if (graph && graph.nodes.length > 0) {
    const diagram = formatMermaid(graph);
    diagramSection.push('');
    if (diagram.length > MAX_DIAGRAM_CHARS) diagramSection.push('_The event-flow diagram is too large for a comment: run `sls-lint graph` to see it._');
    else diagramSection.push(...fold(folded, 'Event flow around these findings (flagged in red)', ['```mermaid', diagram.trimEnd(), '```'], 'Event flow around these findings (flagged in red):'));
  }
  const lines = rows.map(({ m, file, path: absolute }) => {
    const ruleId = m.ruleId ?? 'sls/parse-error';
    const url = context.rulesMeta.get(ruleId)?.docs.url;
    const rule = url ? `[\`${ruleId}\`](${url})` : `\`${ruleId}\``;
    const location = `\`${cell(file)}:${m.line}\``;
    const link = context.sourceLink ? sourceUrl(context.sourceLink, absolute, m.line) : undefined;
    return `| ${m.severity === 2 ? '❌' : '⚠️'} | ${rule} | ${link ? `[${location}](${link})` : location} | ${cell(m.message)} |`;
  });
  const render = (shown: number) => {
    const table = ['| | Rule | Location | Message |', '| --- | --- | --- | --- |', ...lines.slice(0, shown)];
    const hidden = rows.length - shown;
    if (hidden > 0) table.push('', `**${count(hidden, 'more finding')} not shown**: run \`sls-lint\` locally for all of them.`);
    return `${[...head, ...fold(folded, count(rows.length, 'finding'), table), ...diagramSection, ...account].join('\n')}\n`;
  };
  let shown = Math.min(lines.length, MAX_ROWS);
  let text = render(shown);
  // Over the limit: leave out as many of the last rows as the excess takes, and count them instead.
  while (text.length > MAX_COMMENT && shown > 0) {
    let excess = text.length - MAX_COMMENT;
    while (shown > 0 && excess > 0) excess -= lines[--shown]!.length + 1;
    text = render(shown);
  }
  return text;
};

/** The link of a line of a file under the source link's root; none for a file outside it. */
function sourceUrl(link: SourceLink, file: string, line: number): string | undefined {
  const relative = relativePath(link.root, file);
  if (relative === '' || relative.startsWith('../') || relative === '..' || /^[a-zA-Z]:|^\//.test(relative)) return undefined;
  return `${link.url}/${relative.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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

/** Text safe inside a Markdown table cell, cut at MAX_CELL characters. */
function cell(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  return (flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat).replace(/\|/g, '\\|');
}
