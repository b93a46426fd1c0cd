import type { EventGraph } from '../graph/types.js';
import type { RegisteredRule } from '../rule/rule-docs.js';
import type { Coverage, LintResult } from '../results.js';

export interface FormatContext {
  /** Paths in the output are relative to this folder (the project root). */
  cwd: string;
  /**
   * For the formats GitHub reads (`sarif`, `github`): paths relative to this folder instead of `cwd`,
   * the repository root when sls-lint runs in a subfolder of it (the CLI passes `GITHUB_WORKSPACE`).
   */
  pathBase?: string;
  /** Metadata of every rule sls-lint knows, by full id. */
  rulesMeta: ReadonlyMap<string, RegisteredRule>;
  /** ANSI colours; the CLI turns them on only for a TTY. */
  color: boolean;
  toolVersion: string;
  /** The event flow around the findings, flagged (for the review comment); formats that draw nothing ignore it. */
  graph?: EventGraph;
  /** Stable fingerprints of messages (baseline and SARIF partialFingerprints), by message object. */
  fingerprints?: ReadonlyMap<object, string>;
  /**
   * What the run covered (templates, functions by status, code files linted), for the account each
   * format gives after its findings; `json` and `rdjson` have no place for it (the CLI prints it on stderr).
   */
  coverage?: Coverage;
  /** Where the files are browsable (a GitHub Actions run): the review comment links each location there. */
  sourceLink?: SourceLink;
}

/**
 * Where the files are browsable: the link of a location is `${url}/${path from root}#L${line}`.
 * `githubSourceLink` (markdown.ts) makes it from the environment of a GitHub Actions run.
 */
export interface SourceLink {
  /** `https://github.com/owner/repo/blob/<sha>`. */
  url: string;
  /** The local folder the URL stands for: the repository's root. */
  root: string;
}

/** A formatter is a pure function from results to text: no I/O, no clock, no environment. */
export type Formatter = (results: readonly LintResult[], context: FormatContext) => string;
