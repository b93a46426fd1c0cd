/**
 * Results in ESLint's LintResult shape, so ESLint formatters, editors and bots read them as is.
 * Declared here rather than imported so the engine's core does not depend on ESLint.
 */
export interface LintSuggestion {
  desc: string;
  messageId?: string;
  fix: { range: [number, number]; text: string };
}

export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  suggestions?: LintSuggestion[];
  fix?: { range: [number, number]; text: string };
}

/** A finding a comment suppressed, with each comment's reason: ESLint's `kind: 'directive'` and `justification` (the text after ` -- `). */
export interface SuppressedMessage extends LintMessage {
  suppressions: { kind: string; justification: string }[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: SuppressedMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: { ruleId: string; replacedBy: string[] }[];
  source?: string;
}

/** A finding the engine raised outside ESLint, on a template or about one. */
export interface Finding extends LintMessage {
  filePath: string;
}

/** An engine finding an `sls-lint-disable` comment suppressed. */
export interface SuppressedFinding extends SuppressedMessage {
  filePath: string;
}

export function emptyResult(filePath: string): LintResult {
  return {
    filePath, messages: [], suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0,
    fixableErrorCount: 0, fixableWarningCount: 0, usedDeprecatedRules: [],
  };
}

/**
 * Merges ESLint's results with the engine's findings, and those its comments suppressed: one
 * result per file, messages in source order, counts recomputed.
 */
export function mergeResults(
  eslintResults: readonly LintResult[], findings: readonly Finding[], files: readonly string[], suppressed: readonly SuppressedFinding[] = [],
): LintResult[] {
  const byFile = new Map<string, LintResult>();
  for (const file of files) byFile.set(file, emptyResult(file));
  for (const result of eslintResults) {
    byFile.set(result.filePath, { ...emptyResult(result.filePath), ...result, messages: [...result.messages], suppressedMessages: [...(result.suppressedMessages ?? [])] });
  }
  const resultOf = (filePath: string) => {
    let result = byFile.get(filePath);
    if (!result) byFile.set(filePath, (result = emptyResult(filePath)));
    return result;
  };
  for (const { filePath, ...message } of findings) resultOf(filePath).messages.push(positioned(message));
  for (const { filePath, ...message } of suppressed) resultOf(filePath).suppressedMessages.push(positioned(message));
  const results = [...byFile.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  const inSourceOrder = (a: LintMessage, b: LintMessage) => a.line - b.line || a.column - b.column || String(a.ruleId).localeCompare(String(b.ruleId));
  for (const result of results) {
    result.messages.sort(inSourceOrder);
    result.suppressedMessages.sort(inSourceOrder);
    recount(result);
  }
  return results;
}

/** A line or column a reader can go to: a whole number from 1. */
function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/**
 * The message with a position every format can print: one a parser gave without any (ESLint's
 * parse error for a stack overflow on deeply nested code has neither line nor column) is placed at
 * line 1, column 1 of its file, and an end that is no position is dropped. The same object when
 * nothing is missing.
 */
export function positioned<M extends LintMessage>(message: M): M {
  const { line, column, endLine, endColumn } = message;
  const endValid = (endLine === undefined || isPosition(endLine)) && (endColumn === undefined || isPosition(endColumn));
  if (isPosition(line) && isPosition(column) && endValid) return message;
  const fixed: M = { ...message, line: isPosition(line) ? line : 1, column: isPosition(line) && isPosition(column) ? column : 1 };
  if (!endValid || !isPosition(line)) {
    delete fixed.endLine;
    delete fixed.endColumn;
  }
  return fixed;
}

/** The results with every message positioned (see `positioned`); the same array when none lacked a position. */
export function positionedResults(results: readonly LintResult[]): readonly LintResult[] {
  const fix = (result: LintResult): LintResult => {
    const messages = result.messages.map(positioned);
    const suppressedMessages = (result.suppressedMessages ?? []).map(positioned);
    const same = messages.every((m, i) => m === result.messages[i]) && suppressedMessages.every((m, i) => m === result.suppressedMessages?.[i]);
    return same ? result : { ...result, messages, suppressedMessages };
  };
  const fixed = results.map(fix);
  return fixed.every((r, i) => r === results[i]) ? results : fixed;
}

export function recount(result: LintResult): void {
  result.errorCount = result.messages.filter((m) => m.severity === 2).length;
  result.warningCount = result.messages.filter((m) => m.severity === 1).length;
  result.fatalErrorCount = result.messages.filter((m) => m.fatal).length;
  result.fixableErrorCount = result.messages.filter((m) => m.severity === 2 && m.fix).length;
  result.fixableWarningCount = result.messages.filter((m) => m.severity === 1 && m.fix).length;
}

/**
 * Why a function's code was linted or not. `linted`: a Node.js handler whose file ESLint linted;
 * `not-node`: another runtime, or a container image; `not-local`: Node.js code that is not a file
 * in the project (inline code, an S3 object, a CDK asset staged in cdk.out); `not-found`: a Node.js
 * handler that resolves to no file; `outside-root`: its file or code folder is outside the project
 * root, or a symlink out of it; `ignored`: its file matches the config's `ignores`, or is in
 * node_modules, which ESLint never lints; `unreadable`: a Node.js function whose handler is not a
 * plain string (a parameter, an intrinsic); `minified`: its handler file is minified or bundled
 * output (`app.min.js`, a source map comment, a very long line), not linted unless the config's `lintMinified`.
 */
export type FunctionStatus = 'linted' | 'not-node' | 'not-local' | 'not-found' | 'outside-root' | 'ignored' | 'unreadable' | 'minified';

/** Why a run found no function at all. */
export type NoFunctionsReason = 'no-templates' | 'cdk-not-synthesized' | 'unreadable-templates' | 'no-functions-declared';

/**
 * A template found and not linted, and why: `not-aws`, a Serverless Framework config for another
 * provider (`provider.name: azure`), which the AWS rules do not fit; `packaged-output`, the output
 * of `sam package` / `aws cloudformation package` (its code in S3) beside the `source` template it
 * was packaged from, which is linted instead (once, not twice). Paths are absolute in the model,
 * relative to the project folder (`/`-separated) in the coverage.
 */
export type SkippedTemplate =
  | { file: string; reason: 'not-aws'; provider: string }
  | { file: string; reason: 'packaged-output'; source: string };

/** What one run covered: plain data, the same for a cached run as for a fresh one. */
export interface Coverage {
  /** Templates read (each file discovery took as a template, readable or not), less the fragments other templates include. */
  templates: number;
  /** CDK apps read from their source (set when there are any). */
  cdkApps?: number;
  /** serverless-compose files read for their services (set when there are any); not counted as templates. */
  composeFiles?: number;
  /**
   * What those apps hold that only running them gives, left out of the model (set when there is any):
   * constructs (a third-party construct, constructs made in a loop over computed values...) and settings of constructs read.
   */
  cdkUnread?: { constructs: number; settings: number };
  /** Functions in every template, counted by status. */
  functions: Record<FunctionStatus, number>;
  /** Code files ESLint linted: handler files, the modules they reach, files named in the paths. */
  modules: number;
  /** Set when no function was found, and why. */
  noFunctions?: NoFunctionsReason;
  /** Templates found and not linted, and why (set when there are any); not counted in `templates`. */
  skipped?: SkippedTemplate[];
  /**
   * Set for one shard of a sharded run (`--shard 2/3`): which, and the functions and code files it
   * linted. The counts above are the whole project's, as the shards together cover it.
   */
  shard?: { index: number; count: number; functions: number; modules: number };
  /**
   * Code files not linted because they are minified or bundled (set when there are any; paths
   * relative to the project folder): handler files (their functions count as `minified`), modules
   * they import, files named in the paths. The config's `lintMinified: true` lints them.
   */
  minified?: string[];
}
