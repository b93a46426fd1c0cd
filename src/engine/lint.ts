import { existsSync, readFileSync } from 'node:fs';
import type { TSESTree } from '@typescript-eslint/types';
import path from 'node:path';
import picomatch from 'picomatch';
import { applyRuleFlag, CONFIG_FILE_NAMES, ConfigError, loadConfig, type ResolvedConfig } from '../config/load-config.js';
import type { ProjectModel } from '../model/types.js';
import { emptyResult, mergeResults, recount, type Finding, type LintResult } from '../results.js';
import { discover } from '../template/discover.js';
import { localImportClosure } from '../code/local-imports.js';
import { ProjectAnalysis } from '../analysis/analysis.js';
import { clearParses, keptOrParse, parseForAnalysis } from '../analysis/parse.js';
import { contextOf, hash, ResultCache } from './cache.js';
import { registerAnalysis } from '../analysis/project-context.js';
import { lintCode, type CodeFile } from './lint-code.js';
import { loadModel } from '../model/load-model.js';
import { runTemplateRules } from './run-template-rules.js';
import { isInside, realPath } from '../util/fs-fence.js';
import { ReviewError } from '../review/review-error.js';
import { reviewResults, type Review, type ReviewOptions } from '../review/review-results.js';

/** A mistake in how sls-lint was called: reported in one line, exit code 2. */
export class UsageError extends Error {}

/** With the review options (`changedSince`, `baseline`, `updateBaseline`, `quiet`), applied last. */
export interface LintOptions extends ReviewOptions {
  /** The project root: nothing outside it is read. Defaults to the current directory. */
  cwd?: string;
  /** Files and folders to lint, relative to cwd. Defaults to `.`. */
  paths?: string[];
  /** A config file to use instead of `sls-lint.config.*` at the root. */
  configFile?: string;
  /** `--rule` settings, applied over the config file. */
  rules?: string[];
  /**
   * Join templates with code (default). `false` skips the cross-layer analysis: code rules run
   * template-free and template rules see no code, as `--no-cross-layer` does (for comparison).
   */
  crossLayer?: boolean;
  /** Reuse the findings of files whose content and context did not change (`--cache`). */
  cache?: boolean;
  /** Where the cache lives: a file, or a folder for `.sls-lint-cache` (default: the root). */
  cacheLocation?: string;
}

export interface LintRun {
  results: LintResult[];
  model: ProjectModel;
  config: ResolvedConfig;
  analysis: ProjectAnalysis;
  /** With `cache`: the code files whose findings were reused, and those linted again. */
  cacheStats?: { reused: string[]; linted: string[] };
  /** What the review options produced besides the results: counts before `quiet`, fingerprints, the baseline written. */
  review: Omit<Review, 'results'>;
}

/** The programmatic API: ESLint-shaped results for templates and handler files. */
export async function lint(options: LintOptions = {}): Promise<LintResult[]> {
  return (await lintProject(options)).results;
}

export async function lintProject(options: LintOptions = {}): Promise<LintRun> {
  const run = await lintUnreviewed(options);
  try {
    const { results, ...review } = reviewResults(run.results, run.model, options);
    return { ...run, results, review };
  } catch (error) {
    // A bad git ref or an unreadable baseline is a mistake in the call.
    if (error instanceof ReviewError) throw new UsageError(error.message);
    throw error;
  }
}

async function lintUnreviewed(options: LintOptions): Promise<Omit<LintRun, 'review'>> {
  const project = await loadProject(options);
  const { root, config, model, templates, ignored } = project;
  // Parses left by an earlier run in this process (an editor's) are dropped, and the budget read again.
  clearParses();
  // Without a template there is nothing to join: code rules judge the code alone, as in an editor.
  const crossLayer = options.crossLayer !== false && model.stacks.length > 0;
  const cache = options.cache ? ResultCache.open(root, options.cacheLocation, config) : undefined;
  // Nothing changed since the cached run: its results stand, nothing is parsed or linted again.
  const unchanged = cache?.unchangedRun(templates);
  if (cache && unchanged) {
    const empty = new ProjectAnalysis({ root, stacks: [] }, () => undefined);
    return { results: unchanged, model, config, analysis: empty, cacheStats: { reused: unchanged.map((r) => r.filePath), linted: [] } };
  }
  const analysis = crossLayer
    ? analyseProject(project, cache ? parseForAnalysis : keptOrParse)
    : new ProjectAnalysis({ root, stacks: [] }, () => undefined);
  // Code rules ask the same analysis how their code is invoked (see src/project/project-context.ts).
  const unregister = registerAnalysis(analysis);
  let codeResults: LintResult[];
  let cacheStats: LintRun['cacheStats'];
  try {
    const files = codeFilesOf(model, analysis, project.codeFiles, ignored, crossLayer ? undefined : root);
    const settings = crossLayer ? {} : { sls: { project: false } };
    if (cache) {
      cacheStats = { reused: [], linted: [] };
      codeResults = await lintWithCache(root, files, config, settings, cache, analysis, cacheStats);
    } else codeResults = await lintCode(root, files, config, settings);
  } finally {
    unregister();
    clearParses();
  }
  for (const result of codeResults) {
    result.messages = applySeverity(result.messages.map((m) => ({ ...m, filePath: result.filePath })), config).map(({ filePath: _f, ...m }) => m);
  }
  const findings: Finding[] = [...project.findings, ...runTemplateRules(model, config, crossLayer ? analysis : undefined)];
  const results = mergeResults(codeResults, findings, templates);
  if (cache) {
    cache.recordRun([...templates, ...codeResults.map((r) => r.filePath), ...analysis.files()], results);
    cache.save();
  }
  return { results, model, config, analysis, ...(cacheStats ? { cacheStats } : {}) };
}

/** The cross-layer analysis of a loaded project; it reads only files inside the root (symlinks resolved). */
export function analyseProject(project: LoadedProject, parse: (file: string) => TSESTree.Program | undefined = keptOrParse): ProjectAnalysis {
  const realRoot = realPath(project.root);
  // The analysis asks for a module each time it needs it: resolve each path once.
  const allowed = new Map<string, boolean>();
  return new ProjectAnalysis(project.model, (file) => {
    let ok = allowed.get(file);
    if (ok === undefined) allowed.set(file, (ok = isInside(realRoot, realPath(file)) && !project.ignored(file)));
    return ok ? parse(file) : undefined;
  });
}

/** Lints only the files whose content or context changed since the cached run; reuses the rest. */
async function lintWithCache(
  root: string, files: CodeFile[], config: ResolvedConfig, settings: Record<string, unknown>, cache: ResultCache, analysis: ProjectAnalysis,
  stats: { reused: string[]; linted: string[] },
): Promise<LintResult[]> {
  const results: LintResult[] = [];
  const misses: (CodeFile & { content: string; context: string })[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file.file, 'utf8');
    } catch {
      misses.push({ ...file, content: '', context: '' });
      continue;
    }
    const content = hash(text);
    const context = contextOf(analysis, file.file, file.handlerNames);
    const cached = cache.lookup(file.file, content, context);
    if (cached) {
      const result = { ...emptyResult(file.file), messages: cached.map((m) => ({ ...m })) };
      recount(result);
      results.push(result);
      stats.reused.push(file.file);
    } else misses.push({ ...file, content, context });
  }
  stats.linted.push(...misses.map((m) => m.file));
  const linted = await lintCode(root, misses, config, settings);
  for (const result of linted) {
    const miss = misses.find((m) => m.file === result.filePath);
    if (miss?.content) cache.store(result.filePath, miss.content, miss.context, result.messages);
  }
  return [...results, ...linted];
}

export interface LoadedProject {
  root: string;
  config: ResolvedConfig;
  model: ProjectModel;
  templates: string[];
  /** Code files named on the command line. */
  codeFiles: string[];
  /** Engine findings from reading the templates, severities applied. */
  findings: Finding[];
  ignored: (file: string) => boolean;
}

/** Config, discovery and the model: everything before any rule runs (what `sls-lint graph` needs). */
export async function loadProject(options: LintOptions = {}): Promise<LoadedProject> {
  const root = path.resolve(options.cwd ?? process.cwd());
  if (!options.configFile) refuseConfigLeavingRoot(root);
  const config = loadConfig(root, options.configFile);
  for (const flag of options.rules ?? []) applyRuleFlag(config, flag);
  const inputs = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  for (const input of inputs) {
    const absolute = path.resolve(root, input);
    if (!isInside(root, absolute)) throw new UsageError(`${input} is outside the project root ${root}`);
    if (!existsSync(absolute)) throw new UsageError(`No such file or folder: ${input}`);
  }

  const realRoot = realPath(root);
  const isIgnored = picomatch(config.ignores, { dot: true });
  const ignored = (file: string) => config.ignores.length > 0 && isIgnored(path.relative(root, file).split(path.sep).join('/'));
  const found = await discover(root, inputs, config.ignores);
  const templates = found.templates.filter((f) => !ignored(f) && isInside(realRoot, realPath(f)));
  const { model, findings } = loadModel(root, templates);
  return { root, config, model, templates, codeFiles: found.codeFiles, findings: applySeverity(findings, config), ignored };
}

/**
 * What ESLint lints: every module the analysis reached from a handler (the code that really runs,
 * imports followed), with the export names the templates give handler files, plus code files named
 * on the command line.
 */
function codeFilesOf(
  model: ProjectModel, analysis: ProjectAnalysis, named: readonly string[], ignored: (file: string) => boolean, withoutAnalysis?: string,
): CodeFile[] {
  const handlerNames = new Map<string, Set<string>>();
  for (const file of [...named, ...analysis.files()]) handlerNames.set(file, handlerNames.get(file) ?? new Set());
  const realRoot = realPath(model.root);
  for (const stack of model.stacks) {
    for (const fn of stack.functions) {
      const file = fn.handler?.sourceFile;
      // A handler that does not parse is not in the analysis, but ESLint must still report it.
      if (!file || !isInside(realRoot, realPath(file))) continue;
      const names = handlerNames.get(file) ?? new Set<string>();
      names.add(fn.handler!.exportName);
      handlerNames.set(file, names);
    }
  }
  // Without the analysis, relative imports (read as text) stand in for the modules handlers reach.
  if (withoutAnalysis) for (const file of localImportClosure(withoutAnalysis, [...handlerNames.keys()])) if (!handlerNames.has(file)) handlerNames.set(file, new Set());
  return [...handlerNames.keys()]
    // Code files named on the command line and imports read as text may be symlinks out of the root.
    .filter((file) => !ignored(file) && isInside(realRoot, realPath(file)))
    .sort()
    .map((file) => ({ file, handlerNames: [...handlerNames.get(file)!] }));
}

/**
 * The config file found in the root comes with the code under review: a symlink from it to a file
 * outside (a credentials file, /proc/self/environ) must not be read, or its parse error would quote
 * the secret into the CI log. A file given with --config is the caller's choice, not checked.
 */
function refuseConfigLeavingRoot(root: string): void {
  const file = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((f) => existsSync(f));
  if (file && !isInside(realPath(root), realPath(file))) {
    throw new ConfigError(`${path.basename(file)} is a symlink that leads outside the project root: not read`);
  }
}


/** Engine diagnostics take their severity from the config like rules do; `off` drops them. */
function applySeverity(findings: Finding[], config: ResolvedConfig): Finding[] {
  return findings.flatMap((finding) => {
    const severity = config.severities[finding.ruleId ?? ''];
    if (severity === 'off') return [];
    return [{ ...finding, severity: severity === 'warn' ? 1 : 2 } as Finding];
  });
}
