import path from 'node:path';
import type { ProjectModel } from '../model/types.js';
import type { LintMessage, LintResult } from '../results.js';
import { describeReadProblem, readGated, readText } from '../util/fs-fence.js';
import { writeFileMakingFolder } from '../util/write-file.js';
import { createBaseline, parseBaseline, subtractBaseline, type Baseline } from './baseline.js';
import { changedLinesSince } from './changed-lines.js';
import { filterChanged } from './filter-changed.js';
import { fingerprintResults, type Fingerprint } from './fingerprint.js';
import { keepMessages } from './keep-messages.js';
import { ReviewError } from './review-error.js';

export const DEFAULT_BASELINE = '.sls-lint-baseline.json';

/** How a run's findings are reviewed: each option is the CLI flag of the same name. */
export interface ReviewOptions {
  /** Only findings on lines changed since this git ref (`--changed-since`); in templates, on changed resources. */
  changedSince?: string;
  /**
   * A baseline file, relative to the root: the findings it accepts are dropped (`--baseline`).
   * With `updateBaseline`, the file written instead.
   */
  baseline?: string;
  /**
   * Write the findings to the baseline file (default `.sls-lint-baseline.json`) rather than
   * subtract it (`--update-baseline`); the results are then the findings written.
   */
  updateBaseline?: boolean;
  /** Errors only: warnings are dropped from the results (`--quiet`). */
  quiet?: boolean;
}

export interface Review {
  /** The findings the review keeps. */
  results: LintResult[];
  /** Counted before `quiet` drops warnings, as `--max-warnings` counts them. */
  errorCount: number;
  warningCount: number;
  /** The findings' fingerprints, when the baseline needed them (SARIF reuses them). */
  fingerprints?: Map<LintMessage, Fingerprint>;
  /** With `updateBaseline`: the baseline and the absolute path it was written to. */
  baselineWritten?: { file: string; baseline: Baseline };
}

/**
 * Applies the review options to a run's results, in the CLI's order: changed lines, then the
 * baseline, then `quiet`. Paths resolve from the model's root; git runs there.
 */
export function reviewResults(results: readonly LintResult[], model: ProjectModel, options: ReviewOptions): Review {
  const root = model.root;
  let reviewed = options.changedSince === undefined ? [...results] : filterChanged(results, changedLinesSince(root, options.changedSince), model);
  const useBaseline = options.baseline !== undefined || options.updateBaseline === true;
  const fingerprints = useBaseline ? fingerprintResults(reviewed, (file) => readText(file, { kind: 'code', fence: model.fence ?? root })) : undefined;
  let baselineWritten: Review['baselineWritten'];
  if (fingerprints && options.updateBaseline) {
    const file = path.resolve(root, options.baseline ?? DEFAULT_BASELINE);
    const baseline = createBaseline(reviewed, fingerprints, root);
    const problem = writeFileMakingFolder(file, `${JSON.stringify(baseline, null, 2)}\n`);
    if (problem) throw new ReviewError(`--update-baseline: ${problem}`);
    baselineWritten = { file, baseline };
  } else if (fingerprints && options.baseline !== undefined) {
    reviewed = subtractBaseline(reviewed, fingerprints, readBaseline(root, options.baseline), root);
  }
  const errorCount = reviewed.reduce((n, r) => n + r.errorCount, 0);
  const warningCount = reviewed.reduce((n, r) => n + r.warningCount, 0);
  if (options.quiet) reviewed = keepMessages(reviewed, (m) => m.severity === 2);
  return { results: reviewed, errorCount, warningCount, ...(fingerprints ? { fingerprints } : {}), ...(baselineWritten ? { baselineWritten } : {}) };
}

function readBaseline(root: string, file: string): Baseline {
  // The caller's file, not the project's: no fence, but a regular file within the state size limit.
  const read = readGated(path.resolve(root, file), { kind: 'state', fence: null });
  if (!read.ok) {
    const why = read.problem.type === 'error' && read.problem.code === 'ENOENT' ? 'write one with --update-baseline' : describeReadProblem(read.problem);
    throw new ReviewError(`cannot read baseline ${file} (${why})`);
  }
  const text = read.text;
  const baseline = parseBaseline(text);
  if (!baseline) throw new ReviewError(`${file} is not an sls-lint baseline`);
  return baseline;
}
