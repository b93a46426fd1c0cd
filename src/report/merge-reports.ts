import { fileURLToPath } from 'node:url';
import { mergeResults, type Finding, type LintResult, type SuppressedFinding } from '../results.js';

/**
 * `sls-lint merge`: the reports of the shards of a CI matrix (`--shard i/n`), put back together as
 * the one report an unsharded run writes. Pure: the CLI reads the files and writes the result.
 */

/** A report read back: ESLint's JSON results (what `--format json` writes), or a SARIF 2.1.0 log. */
export type ReadReport = { kind: 'json'; results: LintResult[] } | { kind: 'sarif'; log: SarifLog };

/** The parts of SARIF 2.1.0 that merging reads; the rest of each object is kept as it is. */
export interface SarifLog {
  version: string;
  $schema?: string;
  runs: SarifRun[];
  [key: string]: unknown;
}

interface SarifRun {
  tool: { driver: { name?: string; rules?: { id: string; [key: string]: unknown }[]; [key: string]: unknown }; [key: string]: unknown };
  originalUriBaseIds?: Record<string, { uri?: string }>;
  artifacts?: { location?: { uri?: string; uriBaseId?: string } }[];
  results?: SarifResult[];
  invocations?: unknown[];
  [key: string]: unknown;
}

interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  suppressions?: unknown[];
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string; index?: number }; region?: { startLine?: number; startColumn?: number } } }[];
  [key: string]: unknown;
}

/** The report in a text, or why it is none: it names what is wrong, for the CLI to say with the file's name. */
export function readReport(text: string): ReadReport | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'is not JSON: expected a report written with --format json or --format sarif' };
  }
  if (Array.isArray(value)) {
    const bad = value.findIndex((result) => !isResult(result));
    return bad === -1 ? { kind: 'json', results: value as LintResult[] } : { problem: `is no ESLint JSON report: item ${bad} is not a result with a filePath and messages` };
  }
  if (isObject(value) && value['version'] === '2.1.0' && Array.isArray(value['runs'])) {
    const runs = value['runs'] as unknown[];
    const bad = runs.findIndex((run) => !isObject(run) || !isObject(run['tool']) || !isObject(run['tool']['driver']) || !Array.isArray(run['results'] ?? []) ||
      !(run['results'] as unknown[] | undefined ?? []).every(isObject));
    if (runs.length === 0) return { problem: 'is a SARIF log with no run' };
    return bad === -1 ? { kind: 'sarif', log: value as SarifLog } : { problem: `is no SARIF log sls-lint can merge: runs[${bad}] has no tool.driver or results list` };
  }
  return { problem: 'is neither an ESLint JSON report (an array of results) nor a SARIF 2.1.0 log' };
}

/**
 * The results of several reports as one run gives them: one result per file, files sorted, each
 * file's messages (and suppressed messages) in source order, counts recomputed. A shard reports
 * each file it owns whole, so a file comes from one report and its messages keep their order.
 */
export function mergeJsonReports(reports: readonly (readonly LintResult[])[]): LintResult[] {
  const files = new Set<string>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const results of reports) {
    for (const result of results) {
      files.add(result.filePath);
      for (const message of result.messages) findings.push({ ...message, filePath: result.filePath });
      for (const message of result.suppressedMessages ?? []) suppressed.push({ ...message, filePath: result.filePath });
    }
  }
  return mergeResults([], findings, [...files], suppressed);
}

/**
 * One SARIF log with one run: the first run's tool and settings, the rules and artifacts of all
 * runs once each (rules by id, in the order sls-lint lists them; artifacts by URI, in the order of
 * their paths), every result with its indexes pointing into the merged lists and in the order a
 * run gives them (by file; in a file, findings then suppressed ones, each in source order), and
 * every run's invocation (each shard's account of what it covered).
 */
export function mergeSarifLogs(logs: readonly SarifLog[]): SarifLog {
  const runs = logs.flatMap((log) => log.runs);
  const first = runs[0]!;
  const rules = new Map<string, { id: string; [key: string]: unknown }>();
  for (const run of runs) for (const rule of run.tool.driver.rules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  const ruleList = [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(ruleList.map((rule, index) => [rule.id, index]));

  // Artifacts are told apart by URI and base, and ordered by the path they stand for.
  const base = first.originalUriBaseIds ?? {};
  const keyOf = (uri: string, baseId: string | undefined) => `${baseId ?? ''}\u0000${uri}`;
  const artifacts = new Map<string, NonNullable<SarifRun['artifacts']>[number]>();
  for (const run of runs) {
    for (const artifact of run.artifacts ?? []) {
      const uri = artifact.location?.uri;
      if (uri !== undefined && !artifacts.has(keyOf(uri, artifact.location?.uriBaseId))) artifacts.set(keyOf(uri, artifact.location?.uriBaseId), artifact);
    }
  }
  const sortKey = (uri: string, baseId: string | undefined) => pathOf(uri, baseId === undefined ? undefined : base[baseId]?.uri);
  const artifactList = [...artifacts.values()].sort((a, b) => compare(sortKey(a.location!.uri!, a.location!.uriBaseId), sortKey(b.location!.uri!, b.location!.uriBaseId)));
  const artifactIndex = new Map(artifactList.map((artifact, index) => [keyOf(artifact.location!.uri!, artifact.location!.uriBaseId), index]));

  const placed = runs.flatMap((run) => (run.results ?? []).map((result) => {
    const location = result.locations?.[0]?.physicalLocation;
    const artifact = location?.artifactLocation;
    const index = artifact?.uri !== undefined ? artifactIndex.get(keyOf(artifact.uri, artifact.uriBaseId)) : undefined;
    const reindexed: SarifResult = { ...result };
    if (result.ruleId !== undefined && ruleIndex.has(result.ruleId)) reindexed.ruleIndex = ruleIndex.get(result.ruleId)!;
    else delete reindexed.ruleIndex;
    if (index !== undefined && artifact) {
      reindexed.locations = [
        { ...result.locations![0], physicalLocation: { ...location, artifactLocation: { ...artifact, index } } },
        ...result.locations!.slice(1),
      ];
    }
    return { result: reindexed, file: index ?? Number.MAX_SAFE_INTEGER, suppressed: (result.suppressions?.length ?? 0) > 0, region: location?.region };
  }));
  placed.sort((a, b) => a.file - b.file || Number(a.suppressed) - Number(b.suppressed) ||
    (a.region?.startLine ?? 0) - (b.region?.startLine ?? 0) || (a.region?.startColumn ?? 0) - (b.region?.startColumn ?? 0) ||
    String(a.result.ruleId).localeCompare(String(b.result.ruleId)));

  const invocations = runs.flatMap((run) => run.invocations ?? []);
  const { invocations: _firstInvocations, ...settings } = first;
  const run: SarifRun = {
    ...settings,
    tool: { ...first.tool, driver: { ...first.tool.driver, rules: ruleList } },
    artifacts: artifactList,
    results: placed.map((p) => p.result),
    ...(invocations.length > 0 ? { invocations } : {}),
  };
  return { ...logs[0]!, runs: [run] };
}

/** Whether a SARIF log holds an error that no comment suppressed: the merge's exit code 1, as a run's. */
export function sarifHasErrors(log: SarifLog): boolean {
  return log.runs.some((run) => (run.results ?? []).some((r) => (r.level ?? 'warning') === 'error' && (r.suppressions?.length ?? 0) === 0));
}

/** The path a URI stands for, resolved against its base when that is a file URL; the URI itself otherwise. */
function pathOf(uri: string, baseUri: string | undefined): string {
  try {
    const url = new URL(uri, baseUri);
    return url.protocol === 'file:' ? fileURLToPath(url) : url.href;
  } catch {
    return uri;
  }
}

function isResult(value: unknown): boolean {
  return isObject(value) && typeof value['filePath'] === 'string' && Array.isArray(value['messages']) &&
    (value['suppressedMessages'] === undefined || Array.isArray(value['suppressedMessages'])) &&
    [...(value['messages'] as unknown[]), ...((value['suppressedMessages'] as unknown[] | undefined) ?? [])].every(isMessage);
}

function isMessage(value: unknown): boolean {
  return isObject(value) && typeof value['message'] === 'string' && (value['severity'] === 1 || value['severity'] === 2) &&
    (typeof value['ruleId'] === 'string' || value['ruleId'] === null || value['ruleId'] === undefined);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** By code unit, as a run sorts its files. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
