import type { ProjectModel } from '../model/types.js';
import type { LintResult } from '../results.js';
import type { ChangedLines } from './changed-lines.js';
import { lastAtOrBefore } from '../util/sorted.js';
import { keepMessages } from './keep-messages.js';

/**
 * Keeps the findings a pull request is responsible for: in code, findings on changed lines; in
 * templates, findings on a resource whose block has a changed line (a resource is the unit a
 * template change is reviewed in).
 */
export function filterChanged(results: readonly LintResult[], changed: ChangedLines, model: ProjectModel): LintResult[] {
  const blocks = templateBlocks(model);
  return keepMessages(results, (m, result) => isChanged(m.line, changed.get(result.filePath), blocks.get(result.filePath)));
}

/** Whether a finding's line changed, or (in a template, whose block starts are given) a line of its block. */
function isChanged(line: number, lines: Set<number> | 'all' | undefined, starts: readonly number[] | undefined): boolean {
  if (!lines) return false;
  if (lines === 'all') return true;
  if (!starts) return lines.has(line);
  const index = lastAtOrBefore(starts, line, (start) => start);
  const from = index === -1 ? 1 : starts[index]!;
  const to = index + 1 < starts.length ? starts[index + 1]! - 1 : Number.POSITIVE_INFINITY;
  for (const n of lines) if (n >= from && n <= to) return true;
  return false;
}

/** Start lines of each function and resource, per template file, sorted. */
function templateBlocks(model: ProjectModel): Map<string, number[]> {
  const blocks = new Map<string, number[]>();
  for (const stack of model.stacks) {
    for (const element of [...stack.functions, ...stack.resources]) {
      const starts = blocks.get(element.at.file);
      if (starts) starts.push(element.at.line);
      else blocks.set(element.at.file, [element.at.line]);
    }
  }
  for (const starts of blocks.values()) starts.sort((a, b) => a - b);
  return blocks;
}
