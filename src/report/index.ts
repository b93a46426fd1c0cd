import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatRdjson } from './rdjson.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { FormatContext, Formatter } from './types.js';

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

export function formatResults(format: FormatName, ...args: Parameters<Formatter>): string {
  return FORMATS[format](...args);
}

export { coverageLine } from './coverage.js';
export { githubSourceLink } from './markdown.js';
export type { FormatContext, Formatter };
