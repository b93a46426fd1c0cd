import path from 'node:path';
import { ProjectAnalysis } from '../analysis/analysis.js';
import { importsHold } from '../analysis/reuse.js';
import { localImportClosure } from '../code/local-imports.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { ProjectModel } from '../model/types.js';
import { emptyResult, mergeResults, recount, type Coverage, type Finding, type LintResult } from '../results.js';
import { coverageOf, foundNothingToLint, nothingToLintMessage } from '../session/coverage.js';
import { applySeverity, createSession, type Session } from '../session/session.js';
import { ContextParts, contextOf, ResultCache } from './cache.js';
import { lintCode, type CodeFile } from './lint-code.js';
import { runTemplateRules } from './run-template-rules.js';
import { functionList } from './thread-protocol.js';
import { earlyThreadCount, threadCount, ThreadedRun, type Concurrency, type ThreadSessionOptions } from './threads.js';
import { applySuppressions } from './template-suppressions.js';
import { ReviewError } from '../review/review-error.js';
import { reviewResults, type Review, type ReviewOptions } from '../review/review-results.js';
import { shardInputOf } from '../review/shard-input.js';
import { functionsOf, ownerOf, planShards, type Shard, type ShardPlan } from '../review/shards.js';

import { UsageError } from '../session/session.js';
import { relativePath } from '../util/relative-path.js';

export { UsageError };

/** A run that found nothing to lint, with `errorOnUnmatchedPattern`: the CLI's exit code 2. */
export class NothingToLintError extends UsageError {}

/** With the review options (`changedSince`, `baseline`, `updateBaseline`, `quiet`), applied last. */
export interface LintOptions extends ReviewOptions {
  /** The project folder: config, paths and ignores start here. Defaults to the current directory. */
  cwd?: string;
  /**
   * The read fence (`--root`): nothing outside it is read. Defaults to the repository that holds
   * `cwd` (the nearest folder with `.git`), or `cwd` itself.
   */
  root?: string;
  /** Files and folders to lint, relative to cwd. Defaults to `.`. */
  paths?: string[];
  /** A config file to use instead of `sls-lint.config.*` at the root. */
  configFile?: string;
  /** `--rule` settings, applied over the config file. */
  rules?: string[];
  /** `--ignore-pattern` globs, relative to cwd: added to the config's `ignores` for this run. */
  ignorePatterns?: string[];
  /**
   * Join templates with code (default). `false` skips the cross-layer analysis: code rules run
   * template-free and template rules see no code, as `--no-cross-layer` does (for comparison).
   */
  crossLayer?: boolean;
  /** Reuse the findings of files whose content and context did not change (`--cache`). */
  cache?: boolean;
  /** Where the cache lives: a file, or a folder for `.sls-lint-cache` (default: the root). */
  cacheLocation?: string;
  /** Report `sls-lint-disable` comments that suppress nothing (`--report-unused-suppressions`). */
  reportUnusedSuppressions?: boolean;
  /**
   * Throw a `NothingToLintError` when the paths hold nothing to lint: no template, CDK app or code
   * file (`nothingToLint` says so either way). The CLI does, unless `--no-error-on-unmatched-pattern`;
   * the API does not unless asked.
   */
  errorOnUnmatchedPattern?: boolean;
  /**
   * Lint and report one share of the project (`--shard 2/3`): every template is read and the whole
   * analysis built, but only this shard's functions' code is linted, and only the findings in the
   * files it owns are reported, so the shards' reports merged (`sls-lint merge`) are the whole run's.
   */
  shard?: Shard;
  /**
   * How many threads lint (`--concurrency`): a number, `off` (this thread alone) or `auto` (the
   * default: half the cores, up to 4, once the project has 200 functions with code; one thread on
   * 2 cores). The findings are the same either way. A `--cache` run uses one thread.
   */
  concurrency?: Concurrency;
}

export interface LintRun {
  results: LintResult[];
  model: ProjectModel;
  config: ResolvedConfig;
  analysis: ProjectAnalysis;
  /** What the run covered: templates read, each function's status (linted, not Node.js, not found…), code files linted. */
  coverage: Coverage;
  /** With `cache`: the code files whose findings were reused, those linted again, and the files parsed (by the analysis or for ESLint). */
  cacheStats?: CacheStats;
  /** What the review options produced besides the results: counts before `quiet`, fingerprints, the baseline written. */
  review: Omit<Review, 'results'>;
  /** Set when the paths held nothing to lint: what was looked for, in one line (`nothing to lint in .: …`). */
  nothingToLint?: string;
}

export interface CacheStats {
  reused: string[];
  linted: string[];
  /** Every code file this run parsed, sorted: a run after an edit parses what the edit touches, not the project. */
  parsed: string[];
}

/** The programmatic API: ESLint-shaped results for templates and handler files. */
export async function lint(options: LintOptions = {}): Promise<LintResult[]> {
  return (await lintProject(options)).results;
}

export async function lintProject(options: LintOptions = {}): Promise<LintRun> {
  checkShard(options);
  const { elsewhere, ...run } = await lintUnreviewed(options);
  // Judged before the review: a finding --quiet or a baseline hides was still found, and so was one another shard reports.
  const nothing = !elsewhere && foundNothingToLint(run.coverage, run.results)
    ? nothingToLintMessage(options.paths && options.paths.length > 0 ? options.paths : ['.'], run.coverage)
    : undefined;
  if (nothing && options.errorOnUnmatchedPattern) {
    throw new NothingToLintError(`${nothing}. Name code files to lint them without a template, or pass --no-error-on-unmatched-pattern to exit with 0`);
  }
  try {
    const { results, ...review } = reviewResults(run.results, run.model, options);
    return { ...run, results, review, ...(nothing ? { nothingToLint: nothing } : {}) };
  } catch (error) {
    // A bad git ref or an unreadable baseline is a mistake in the call.
    if (error instanceof ReviewError) throw new UsageError(error.message);
    throw error;
  }
}

/** `elsewhere`: a shard left findings to the other shards (the project had something to lint, though this shard reports none of it). */
async function lintUnreviewed(options: LintOptions): Promise<Omit<LintRun, 'review'> & { elsewhere?: boolean }> {
  // Read first: the templates it kept parsed are read back while the session reads the templates.
  const kept = options.cache ? ResultCache.read(path.resolve(options.cwd ?? process.cwd()), options.cacheLocation) : undefined;
  const sessionOptions: ThreadSessionOptions = {
    root: options.cwd ?? process.cwd(),
    ...(options.root !== undefined ? { fence: options.root } : {}),
    ...(options.paths ? { paths: options.paths } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.ignorePatterns ? { ignorePatterns: options.ignorePatterns } : {}),
    crossLayer: options.crossLayer !== false,
  };
  // Worker threads start as soon as the templates are found, to be ready when this thread has read them.
  const mayThread = !kept && options.concurrency !== 'off';
  let threaded: ThreadedRun | undefined;
  const startThreads = (templates: readonly string[]) => {
    const early = earlyThreadCount(options.concurrency, templates);
    if (early > 1) threaded = ThreadedRun.start(sessionOptions, early);
  };
  let session: Session;
  try {
    session = createSession({ ...sessionOptions, ...(kept ? { templates: kept.templateStore() } : {}), ...(mayThread ? { onDiscovered: startThreads } : {}) });
  } catch (error) {
    await threaded?.close();
    throw error;
  }
  const { root, config, settings, model, templates } = session;
  kept?.start(config, session.fence);
  const cache = kept;
  const reportUnused = options.reportUnusedSuppressions === true;
  const { shard } = options;
  // A shard's cached run holds its share only: another shard's must not be reused.
  const variant = { reportUnused, crossLayer: options.crossLayer !== false, ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}) };
  // Nothing changed since the cached run: its results stand, nothing is parsed or linted again.
  // Skipped templates too: one that changes (its provider, its code back in the project) may be linted next time.
  const skipped = session.skipped.map((s) => s.file);
  const scope = [...templates, ...skipped, ...session.codeFiles, ...session.unsynthesizedCdkApps];
  const unchanged = cache?.unchangedRun(scope, variant, (imports) => importsHold(model, imports));
  if (cache && unchanged) {
    const { results, coverage } = unchanged;
    return { results, model, config, analysis: emptyAnalysis(root), coverage, cacheStats: { reused: results.map((r) => r.filePath), linted: [], parsed: [] } };
  }
  // More threads than this one: each walks a share of the handlers, then every thread has the whole analysis.
  const count = mayThread ? threadCount(options.concurrency, functionList(model).filter((f) => f.fn.handler?.sourceFile).length) : 1;
  if (threaded && threaded.threads !== count) {
    await threaded.close();
    threaded = undefined;
  }
  if (!threaded && count > 1) threaded = ThreadedRun.start(sessionOptions, count);
  let codeResults: LintResult[];
  try {
    await threaded?.analyse(session);
  } catch (error) {
    await threaded?.close();
    session.dispose();
    throw error;
  }
  // The last run's summaries and walks that still hold are used instead of parsing.
  const analysis = (cache ? session.analysisReusing(cache.analysisReuse()) : session.analysis) ?? emptyAnalysis(root);
  let cacheStats: LintRun['cacheStats'];
  let files: CodeFile[] = [];
  let plan: ShardPlan | undefined;
  // The files whose findings this run reports: all of them, or the shard's.
  const owns = (file: string) => !plan || ownerOf(plan, relativePath(root, file)) === shard!.index;
  try {
    files = codeFilesOf(session);
    if (shard) plan = planShards(shardInputOf(model, session.analysis, files.map((f) => f.file)), shard.count);
    const mine = files.filter((f) => owns(f.file));
    if (cache) {
      cacheStats = { reused: [], linted: [], parsed: [] };
      // When the templates and the analysis are those of the last run, so is every file's context.
      const contextsHold = analysis.walkedAgain().sameAsStored && cache.modelUnchanged(scope, variant, [...templates, ...skipped, ...session.includedFiles]);
      codeResults = await lintWithCache(session, mine, cache, analysis, cacheStats, contextsHold);
      cacheStats.parsed = session.parses.parsedSoFar();
    } else codeResults = threaded ? await threaded.lint(session, mine) : await lintCode(session, mine);
  } finally {
    await threaded?.close();
    session.dispose();
  }
  for (const result of codeResults) {
    result.messages = applySeverity(result.messages.map((m) => ({ ...m, filePath: result.filePath })), settings).map(({ filePath: _f, ...m }) => m);
  }
  // The files ESLint really linted (or whose findings the cache reused): a file ESLint ignores gets no result.
  const linted = codeResults.map((r) => r.filePath);
  // A shard accounts for the whole project (the other shards lint the rest), and says what its share was.
  const coverage = plan
    ? {
      ...coverageOf(session, [...linted, ...files.map((f) => f.file).filter((file) => !owns(file) && !inNodeModules(file))]),
      shard: { index: shard!.index, count: shard!.count, functions: functionsOf(plan, shard!.index).length, modules: linted.length },
    }
    : coverageOf(session, linted);
  const reported: Finding[] = [...session.findings, ...runTemplateRules(model, config, session.analysis, settings)];
  // The one place template-level findings meet the comments in templates and CDK sources.
  const { findings, suppressed } = applySuppressions(reported, [...templates, ...session.includedFiles], settings, { reportUnused, fence: session.fence });
  const results = mergeResults(codeResults, findings.filter((f) => owns(f.filePath)), templates.filter(owns), suppressed.filter((f) => owns(f.filePath)));
  if (cache) {
    // Included files too: a CDK app's source or a `${file()}` fragment holds findings and comments.
    const read = [...templates, ...skipped, ...session.includedFiles, ...codeResults.map((r) => r.filePath), ...analysis.files()];
    cache.recordRun(scope, read, results, coverage, variant);
    cache.storeAnalysis(session.analysis?.stored());
    cache.save();
  }
  const elsewhere = [...findings, ...suppressed].some((f) => !owns(f.filePath));
  return { results, model, config, analysis, coverage, ...(cacheStats ? { cacheStats } : {}), ...(elsewhere ? { elsewhere } : {}) };
}

/** A valid shard, and no baseline written from one (it would hold that shard's findings alone). */
function checkShard({ shard, updateBaseline }: LintOptions): void {
  if (!shard) return;
  const { index, count } = shard;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || index > count) {
    throw new UsageError(`shard ${index}/${count}: expected whole numbers i/n with i from 1 to n`);
  }
  if (updateBaseline) throw new UsageError('--update-baseline writes every finding: run it without --shard');
}

/** ESLint never lints a file in node_modules, however it was reached: it gets no result. */
function inNodeModules(file: string): boolean {
  return /(^|[\\/])node_modules[\\/]/.test(file);
}

/** The analysis of a run that joins nothing: no stack, no module. */
function emptyAnalysis(root: string): ProjectAnalysis {
  return new ProjectAnalysis({ root, stacks: [] }, () => undefined);
}

/**
 * Lints only the files whose findings may have changed since the cached run; reuses the rest. A
 * file's findings may have changed when its content or context did, when it is reached by a handler
 * whose walk was made again (something that walk read changed: the handler, a module on the way), or
 * when no handler reaches it (then nothing records what its rules read).
 */
async function lintWithCache(
  session: Session, files: CodeFile[], cache: ResultCache, analysis: ProjectAnalysis, stats: CacheStats, contextsHold: boolean,
): Promise<LintResult[]> {
  const results: LintResult[] = [];
  const misses: (CodeFile & { content: string; context: string })[] = [];
  const walkedAgain = analysis.walkedAgain().files;
  const joined = session.analysis !== undefined;
  const parts = new ContextParts(analysis);
  for (const file of files) {
    const content = cache.digest(file.file);
    if (content === undefined) {
      misses.push({ ...file, content: '', context: '' });
      continue;
    }
    const stale = walkedAgain.has(file.file) || (joined && !analysis.knows(file.file));
    const same = !stale && contextsHold ? cache.lookupSameContext(file.file, content) : undefined;
    // When the contexts hold, a file linted again keeps the context it had.
    const context = same?.context ?? (contextsHold ? cache.contextOf(file.file) : undefined)
      ?? contextOf(analysis, file.file, [...session.handlerNamesOf(file.file), ...analysis.handlerNamesDefinedIn(file.file)], parts);
    const cached = same ?? (stale ? undefined : cache.lookup(file.file, content, context));
    if (cached) {
      const result = {
        ...emptyResult(file.file),
        messages: cached.messages.map((m) => ({ ...m })),
        suppressedMessages: cached.suppressedMessages.map((m) => ({ ...m, suppressions: m.suppressions.map((s) => ({ ...s })) })),
      };
      recount(result);
      results.push(result);
      stats.reused.push(file.file);
    } else misses.push({ ...file, content, context });
  }
  stats.linted.push(...misses.map((m) => m.file));
  const linted = await lintCode(session, misses);
  // By file, not searched per result: a priming run misses every file (28 s of 146 s at 10,000 functions).
  const missed = new Map(misses.map((m) => [m.file, m]));
  for (const result of linted) {
    const miss = missed.get(result.filePath);
    if (miss?.content) cache.store(result.filePath, miss.content, miss.context, result.messages, result.suppressedMessages);
  }
  return [...results, ...linted];
}

/**
 * What ESLint lints: every module the analysis reached from a handler (the code that really runs,
 * imports followed), every handler file, and the code files named in the paths.
 */
function codeFilesOf(session: Session): CodeFile[] {
  const files = new Set([...session.codeFiles, ...(session.analysis?.files() ?? [])]);
  // A handler that does not parse is not in the analysis, but ESLint must still report it.
  for (const stack of session.model.stacks) for (const fn of stack.functions) if (fn.handler?.sourceFile) files.add(fn.handler.sourceFile);
  // Without the analysis, relative imports (read as text) stand in for the modules handlers reach.
  if (!session.analysis) for (const file of localImportClosure(session.fence, [...files])) files.add(file);
  // Code files named in the paths and imports read as text may be symlinks out of the root; minified and bundled files are build output.
  return [...files].filter((file) => session.readable(file) && !session.skipsMinified(file)).sort().map((file) => ({ file }));
}
