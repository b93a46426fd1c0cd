import path from 'node:path';
import { UsageError } from '../engine/lint.js';
import { RULES_BY_ID } from '../config/rule-registry.js';
import { FORMATS, formatResults, githubSourceLink, isFormatName } from '../report/index.js';
import { mergeJsonReports, mergeSarifLogs, readReport, sarifHasErrors, type ReadReport } from '../report/merge-reports.js';
import type { LintResult } from '../results.js';
import { fingerprintResults } from '../review/fingerprint.js';
import { describeReadProblem, readGated, readText } from '../util/fs-fence.js';
import { repositoryRootOf } from '../util/repository-root.js';
import { PACKAGE } from '../version.js';
import { reportPathBase } from './path-base.js';

export interface MergeRequest {
  reports: readonly string[];
  format: string | undefined;
  color: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * `sls-lint merge <report...>`: the reports of a run's shards as one. JSON reports merge into any
 * format, SARIF reports into SARIF. Returns the text and whether it holds an error-level finding
 * (the exit code is then 1, as for a run). A report that cannot be read, or of another kind than
 * the first, is a usage error naming it.
 */
export function mergeReports({ reports, format, color, cwd, env }: MergeRequest): { text: string; errors: boolean } {
  if (reports.length === 0) throw new UsageError('merge: name the reports to merge (sls-lint merge shard-1.json shard-2.json ...)');
  const read = reports.map((file) => ({ file, report: readOne(cwd, file) }));
  const kind = read[0]!.report.kind;
  const other = read.find((r) => r.report.kind !== kind);
  if (other) throw new UsageError(`merge: ${other.file} is a ${name(other.report.kind)} report, and ${read[0]!.file} a ${name(kind)} one: merge reports of one kind`);
  const wanted = format ?? kind;
  if (!isFormatName(wanted)) throw new UsageError(`unknown format "${wanted}" (expected ${Object.keys(FORMATS).join(', ')})`);

  if (kind === 'sarif') {
    if (wanted !== 'sarif') throw new UsageError(`merge: SARIF reports merge into SARIF only; merge the shards' JSON reports for --format ${wanted}`);
    const log = mergeSarifLogs(read.map((r) => (r.report as Extract<ReadReport, { kind: 'sarif' }>).log));
    return { text: `${JSON.stringify(log, null, 2)}\n`, errors: sarifHasErrors(log) };
  }
  const results = mergeJsonReports(read.map((r) => (r.report as Extract<ReadReport, { kind: 'json' }>).results));
  const pathBase = reportPathBase(cwd, env['GITHUB_WORKSPACE']);
  // As a run formats its results: SARIF fingerprints hash the source lines, read again here.
  const fingerprints = wanted === 'sarif' ? fingerprintResults(results, readText) : undefined;
  const text = formatResults(wanted, results, {
    cwd,
    ...(pathBase ? { pathBase } : {}),
    rulesMeta: RULES_BY_ID,
    color: color && wanted === 'stylish',
    toolVersion: PACKAGE.version,
    ...(fingerprints ? { fingerprints: new Map([...fingerprints].map(([m, fp]) => [m, fp.context])) } : {}),
    ...(wanted === 'markdown' ? { sourceLink: githubSourceLink(env, repositoryRootOf(cwd) ?? cwd) } : {}),
  });
  return { text, errors: results.some((r: LintResult) => r.messages.some((m) => m.severity === 2)) };
}

/** One report, read through the read gate as a file sls-lint wrote (no fence: the caller names it). */
function readOne(cwd: string, file: string): ReadReport {
  const read = readGated(path.resolve(cwd, file), { kind: 'state', fence: null });
  if (!read.ok) throw new UsageError(`merge: ${file}: ${describeReadProblem(read.problem)}`);
  const report = readReport(read.text);
  if ('problem' in report) throw new UsageError(`merge: ${file} ${report.problem}`);
  return report;
}

function name(kind: ReadReport['kind']): string {
  return kind === 'json' ? 'JSON' : 'SARIF';
}

