export { lint, lintProject, NothingToLintError, UsageError, type LintOptions, type LintRun } from './engine/lint.js';
export { ConfigError } from './config/load-config.js';
export type { LintResult, LintMessage, Coverage, FunctionStatus, NoFunctionsReason, SkippedTemplate } from './results.js';
export { DEFAULT_BASELINE, type Review, type ReviewOptions } from './review/review-results.js';
export type { Baseline, BaselineEntry } from './review/baseline.js';
export type { Fingerprint } from './review/fingerprint.js';
export type { Shard } from './review/shards.js';
export type * from './model/types.js';
export { coverageLine, formatResults, FORMATS, type FormatName } from './report/index.js';
