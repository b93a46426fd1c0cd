import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatRdjson } from './rdjson.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { FormatContext, Formatter } from './types.js';
import { positionedResults, type LintResult } from '../results.js';

/** The one map of output formats; `--format` and the docs read their names from here. */
export const FORMATS = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  markdown: formatMarkdown,
  junit: formatJunit,
  rdjson: formatRdjson,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATS;

/**
 * Formats whose output has no place for the account of what was covered: `json` is ESLint's result
 * array, unchanged, and `rdjson` is read by reviewdog as diagnostics only. The CLI prints it on stderr.
 */
export const ACCOUNT_ON_STDERR: readonly FormatName[] = ['json', 'rdjson'];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

/**
 * Every format goes through here: a message without a position (a parser that gave up with no
 * line) is placed at line 1, column 1 of its file, so no format prints `undefined` or a null line.
 */
export function formatResults(format: FormatName, results: readonly LintResult[], context: FormatContext): string {
  const placed = positionedResults(results);
  if (placed === results) return FORMATS[format](results, context);
  const { fingerprints } = context;
  if (!fingerprints) return FORMATS[format](placed, context);
  // Fingerprints are kept by message object: the placed copies keep theirs.
  const kept = new Map(fingerprints);
  results.forEach((result, i) => {
    const pairs = [[result.messages, placed[i]!.messages], [result.suppressedMessages ?? [], placed[i]!.suppressedMessages]] as const;
    for (const [before, after] of pairs) {
      before.forEach((message, j) => {
        const fingerprint = fingerprints.get(message);
        if (fingerprint !== undefined) kept.set(after[j]!, fingerprint);
      });
    }
  });
  return FORMATS[format](placed, { ...context, fingerprints: kept });
}

export { coverageLine } from './coverage.js';
export { githubSourceLink } from './markdown.js';
export type { FormatContext, Formatter };
