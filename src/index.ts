export { lint, lintProject, UsageError, type LintOptions, type LintRun } from './engine/lint.js';
export { ConfigError } from './config/load-config.js';
export type { LintResult, LintMessage } from './results.js';
export type * from './model/types.js';
export { formatResults, FORMATS, type FormatName } from './report/index.js';
