import path from 'node:path';
import picomatch from 'picomatch';
import type { TSESTree } from '@typescript-eslint/types';
import { ProjectAnalysis, type AnalysisReuse } from '../analysis/analysis.js';
import { ParseCache } from '../analysis/parse.js';
import { projectBudget, sourceBudget } from '../analysis/lru.js';
import { minifiedSign } from '../code/minified.js';
import { applyRuleFlag, checkIgnoreGlobs, CONFIG_FILE_NAMES, ConfigError, loadConfig, type ResolvedConfig } from '../config/load-config.js';
import { ruleSettings, type RuleSettings } from '../config/rule-settings.js';
import { loadModel } from '../model/load-model.js';
import type { ProjectModel } from '../model/types.js';
import type { Finding, SkippedTemplate } from '../results.js';
import type { TemplateStore } from '../template/parse-template.js';
import type { SessionView, SlsParserServices } from '../rule/services.js';
import { discover } from '../template/discover.js';
import { exists, fileSize, isInside, readText, realPath } from '../util/fs-fence.js';
import { relativePath } from '../util/relative-path.js';
import { repositoryRootOf } from '../util/repository-root.js';

/** A mistake in how sls-lint was called: reported in one line, exit code 2. */
export class UsageError extends Error {}

export interface SessionOptions {
  /** The project folder: where the config is found, and what paths and ignores are relative to. */
  root: string;
  /**
   * The read fence: nothing outside it is read (`--root`). Defaults to the root of the repository
   * that holds the project folder (the nearest folder with `.git`), or the project folder itself.
   */
  fence?: string;
  /** Files and folders to look in, relative to the root. Defaults to `.`. */
  paths?: readonly string[];
  /** A config file to use instead of `sls-lint.config.*` at the root. */
  configFile?: string;
  /** `--rule` settings, applied over the config file. */
  rules?: readonly string[];
  /** `--ignore-pattern` globs, relative to the root: added to the config's `ignores` for this run. */
  ignorePatterns?: readonly string[];
  /** Join templates with code (default); `false` leaves the analysis out, as `--no-cross-layer` does. */
  crossLayer?: boolean;
  /** Texts to read instead of the disk's (an editor's unsaved buffer). */
  buffers?: ReadonlyMap<string, string>;
  /** Template parses kept from the last run (`--cache`): an unchanged YAML template is not parsed again. */
  templates?: TemplateStore;
  /** Told the templates found, before they are read (a run starts its worker threads then: src/engine/lint.ts). */
  onDiscovered?: (templates: readonly string[]) => void;
}

/** What `createSession` read, handed to the session it makes. */
export interface SessionParts {
  root: string;
  fence: string;
  config: ResolvedConfig;
  settings: RuleSettings;
  model: ProjectModel;
  templates: readonly string[];
  codeFiles: readonly string[];
  unsynthesizedCdkApps: readonly string[];
  findings: readonly Finding[];
  ignored: (file: string) => boolean;
  modelInputs: readonly string[];
  includedFiles: readonly string[];
  cdkAppsRead: readonly string[];
  skipped: readonly SkippedTemplate[];
}

/**
 * Everything one run knows about one project: its config, the read fence and ignores, the model
 * of its templates, the cross-layer analysis and the parses they share. The CLI, the programmatic
 * API and the editor plugin all make it with `createSession`, so the same file gets the same
 * findings in each. Rules reach it through the parser services (`getSlsServices`), never a global.
 */
export class Session implements SessionView {
  readonly parses: ParseCache;
  private joined: ProjectAnalysis | undefined;
  private readonly join: ((reuse?: AnalysisReuse, walkAll?: boolean) => ProjectAnalysis) | undefined;
  private readonly handlerNames = new Map<string, string[]>();
  private readonly allowed = new Map<string, boolean>();
  /** Code files looked at for minified or bundled output, and whether they are. */
  private readonly minifiedChecked = new Map<string, boolean>();
  private readonly buffers: ReadonlyMap<string, string>;
  private readonly realFence: string;

  /** The project folder: config, paths, ignores and the report's relative paths start here. */
  readonly root: string;
  /** The read fence: the repository root (or `--root`); no file outside it is read. */
  readonly fence: string;
  readonly config: ResolvedConfig;
  /** The config's rule settings file by file, its `overrides` applied. */
  readonly settings: RuleSettings;
  readonly model: ProjectModel;
  readonly templates: readonly string[];
  /** Code files named in the paths: linted even when no template names them. */
  readonly codeFiles: readonly string[];
  /** The `cdk.json` of each CDK app found with no synthesized template (each has an `sls/cdk-not-synthesized` finding). */
  readonly unsynthesizedCdkApps: readonly string[];
  /** Engine findings from reading the templates, severities applied. */
  readonly findings: readonly Finding[];
  /** Matched by the config's `ignores` (globs relative to the root). */
  readonly ignored: (file: string) => boolean;
  /** Fragments read as part of a template (`${file()}`, `Fn::Include`, `AWS::Include`, a serverless script's modules, a CDK app's source), not as templates of their own. */
  readonly includedFiles: readonly string[];
  /** The CDK apps (their cdk.json) read from source. */
  readonly cdkAppsRead: readonly string[];
  /** Templates found and left out (not in `templates`): Serverless configs for other providers, packaged outputs beside their source. */
  readonly skipped: readonly SkippedTemplate[];
  /** Every file the model was read from: templates, included fragments, cdk.json files, the config file. */
  private readonly modelInputs: readonly string[];

  constructor(parts: SessionParts, options: Pick<SessionOptions, 'crossLayer' | 'buffers'>) {
    this.root = parts.root;
    this.fence = parts.fence;
    this.config = parts.config;
    this.settings = parts.settings;
    this.model = parts.model;
    this.templates = parts.templates;
    this.codeFiles = parts.codeFiles;
    this.unsynthesizedCdkApps = parts.unsynthesizedCdkApps;
    this.findings = parts.findings;
    this.ignored = parts.ignored;
    this.includedFiles = parts.includedFiles;
    this.modelInputs = parts.modelInputs;
    this.cdkAppsRead = parts.cdkAppsRead;
    this.skipped = parts.skipped;
    this.realFence = realPath(this.fence);
    for (const stack of this.model.stacks) {
      for (const fn of stack.functions) {
        const file = fn.handler?.sourceFile;
        if (file) this.handlerNames.set(file, [...new Set([...(this.handlerNames.get(file) ?? []), fn.handler!.exportName])]);
      }
    }
    // Sizes of the handlers inside the fence only: nothing outside it is looked at.
    const handlerBytes = [...this.handlerNames.keys()].reduce((sum, file) => sum + (this.readable(file) ? fileSize(file) ?? 0 : 0), 0);
    this.parses = new ParseCache(projectBudget(sourceBudget(), handlerBytes), this.fence);
    const buffers = options.buffers ?? new Map<string, string>();
    this.buffers = buffers;
    const parse = (file: string): TSESTree.Program | undefined => this.parses.keptOrParse(file, buffers.get(file));
    // Without a template there is nothing to join: code rules judge the code alone.
    const joins = options.crossLayer !== false && this.model.stacks.length > 0;
    // A minified or bundled module is neither linted nor analysed: calls into it stay unresolved.
    this.join = joins
      ? (reuse, walkAll) => new ProjectAnalysis(this.model, (file) => (this.readable(file) && !this.skipsMinified(file) ? parse(file) : undefined), reuse, undefined, walkAll)
      : undefined;
  }

  /**
   * The cross-layer analysis, built when first asked for (a cached run that changed nothing never
   * asks); undefined when templates and code are not joined: `crossLayer: false`, or no template.
   */
  get analysis(): ProjectAnalysis | undefined {
    if (!this.joined && this.join) this.joined = this.join();
    return this.joined;
  }

  /**
   * The analysis, built with the last run's records (`--cache`): those that still hold are used
   * instead of parsing. Asked before anything else asks for `analysis`.
   */
  analysisReusing(reuse: AnalysisReuse): ProjectAnalysis | undefined {
    if (this.joined) throw new Error('analysisReusing: the analysis is already built');
    if (this.join) this.joined = this.join(reuse);
    return this.joined;
  }

  /**
   * A thread's share of the analysis (src/engine/threads.ts): no handler walked until `walk` is
   * asked, and every summary and walk recorded, for the whole analysis to be built from the
   * records of every share (`analysisReusing`). Not the session's `analysis`; undefined when
   * nothing is joined.
   */
  shareAnalysis(): ProjectAnalysis | undefined {
    return this.join?.({ stored: undefined, digest: () => '', sameRun: true }, false);
  }

  /** Inside the fence once symlinks are resolved, and not ignored: a file the session may read as code. */
  readable(file: string): boolean {
    let ok = this.allowed.get(file);
    if (ok === undefined) this.allowed.set(file, (ok = isInside(this.realFence, realPath(file)) && !this.ignored(file)));
    return ok;
  }

  /** A code file that is minified or bundled, left out of the run (unless the config's `lintMinified`). */
  skipsMinified(file: string): boolean {
    if (this.config.lintMinified) return false;
    let minified = this.minifiedChecked.get(file);
    if (minified === undefined) {
      minified = minifiedSign(file, () => this.buffers.get(file) ?? readText(file, { kind: 'code', fence: this.fence })) !== undefined;
      this.minifiedChecked.set(file, minified);
    }
    return minified;
  }

  /** The code files this run left out as minified or bundled, sorted. */
  minifiedFiles(): string[] {
    return [...this.minifiedChecked].filter(([, minified]) => minified).map(([file]) => file).sort();
  }

  handlerNamesOf(file: string): readonly string[] {
    return this.handlerNames.get(file) ?? [];
  }

  /** Every file this session read: what an editor watches to know when to build it again. */
  inputs(): string[] {
    const analysis = this.analysis;
    // Handler files too: one that did not parse is in no analysis, and fixing it must be noticed.
    return [...new Set([...this.modelInputs, ...this.handlerNames.keys(), ...(analysis ? [...analysis.files(), ...analysis.configFiles()] : [])])];
  }

  /** The parser services that hand this session to the rules. */
  readonly parserServices: SlsParserServices = { slsSession: () => this };

  /** The ESLint parser for this session: the analysis' parses reused, the session in the parser services. */
  eslintParser(): ReturnType<ParseCache['eslintParser']> {
    return this.parses.eslintParser(() => ({ ...this.parserServices }));
  }

  /** Frees the parses (the model and the analysis' summaries stay). */
  dispose(): void {
    this.parses.clear();
  }
}

/** Config, the fence, discovery, the model and the analysis: the one way every entry point builds a session. */
export function createSession(options: SessionOptions): Session {
  const root = path.resolve(options.root);
  const fence = readFence(root, options.fence);
  const config = loadRunConfig(root, options);
  const settings = ruleSettings(config, root);
  const inputs = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  for (const input of inputs) {
    const absolute = path.resolve(root, input);
    if (!isInside(fence, absolute)) throw new UsageError(`${input} is outside the root ${fence}: nothing outside it is read (see --root)`);
    if (!exists(absolute)) throw new UsageError(`No such file or folder: ${input}`);
  }
  const realFence = realPath(fence);
  const ignored = ignoreMatcher(root, config.ignores);
  const found = discover(root, inputs, config.ignores, fence);
  const candidates = found.templates.filter((f) => !ignored(f) && isInside(realFence, realPath(f)));
  options.onDiscovered?.(candidates);
  const { model, findings, includedFiles, cdkAppsRead, skipped } = loadModel(root, candidates, found.cdkApps.filter((f) => !ignored(f)), fence, options.templates);
  const skippedFiles = new Set(skipped.map((s) => s.file));
  const templates = candidates.filter((f) => !skippedFiles.has(f));
  const modelInputs = [...candidates, ...found.cdkApps, ...includedFiles, ...(config.configFile ? [config.configFile] : [])];
  // Nothing to read for these: no synthesized template, and a source sls-lint could not read.
  const unsynthesizedCdkApps = found.unsynthesizedCdkApps.filter((app) => !ignored(app) && !cdkAppsRead.includes(app));
  const allFindings = [...findings, ...unsynthesizedCdkApps.map((file) => cdkNotSynthesized(file))];
  return new Session({
    root, fence, config, settings, model, templates, codeFiles: found.codeFiles, unsynthesizedCdkApps, findings: applySeverity(allFindings, settings), ignored, modelInputs, includedFiles,
    cdkAppsRead, skipped,
  }, options);
}

/** The config of a run: the root's file (or `configFile`), then `--rule` flags and `--ignore-pattern` globs over it. */
export function loadRunConfig(root: string, options: Pick<SessionOptions, 'configFile' | 'rules' | 'ignorePatterns'>): ResolvedConfig {
  if (!options.configFile) refuseConfigLeavingRoot(root);
  const config = loadConfig(root, options.configFile);
  for (const flag of options.rules ?? []) applyRuleFlag(config, flag);
  if (options.ignorePatterns?.length) {
    checkIgnoreGlobs(options.ignorePatterns, '--ignore-pattern');
    config.ignores = [...config.ignores, ...options.ignorePatterns];
  }
  return config;
}

/**
 * The fence is `--root` when given (it must hold the project folder), else the repository that
 * holds the project folder, else the project folder itself.
 */
function readFence(root: string, explicit: string | undefined): string {
  if (explicit === undefined) return repositoryRootOf(root) ?? root;
  const fence = path.resolve(root, explicit);
  if (!exists(fence)) throw new UsageError(`--root ${explicit}: no such folder`);
  if (!isInside(realPath(fence), realPath(root))) throw new UsageError(`--root ${explicit} does not hold the project folder ${root}`);
  return fence;
}

/** On line 1 of the app's cdk.json: a CDK app with nothing synthesized would otherwise pass in silence. */
function cdkNotSynthesized(cdkJson: string): Finding {
  // The fix (run `cdk synth` first) is the rule's help, in --format json, SARIF and `sls-lint explain`.
  const message = 'CDK app with no cdk.out and source not read statically (see config-not-static): none of its functions is checked';
  return { filePath: cdkJson, ruleId: 'sls/cdk-not-synthesized', severity: 1, message, messageId: 'cdkNotSynthesized', line: 1, column: 1 };
}

function ignoreMatcher(root: string, ignores: readonly string[]): (file: string) => boolean {
  if (ignores.length === 0) return () => false;
  const matches = picomatch([...ignores], { dot: true });
  return (file) => matches(relativePath(root, file));
}

/**
 * The config file found in the root comes with the code under review: a symlink from it to a file
 * outside (a credentials file, /proc/self/environ) must not be read, or its parse error would quote
 * the secret into the CI log. A file given with --config is the caller's choice, not checked.
 */
function refuseConfigLeavingRoot(root: string): void {
  const file = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((f) => exists(f));
  if (file && !isInside(realPath(root), realPath(file))) {
    throw new ConfigError(`${path.basename(file)} is a symlink that leads outside the project root: not read`);
  }
}

/** Engine diagnostics take their severity from the config (and its overrides for the file) like rules do; `off` drops them. */
export function applySeverity(findings: readonly Finding[], settings: RuleSettings): Finding[] {
  return findings.flatMap((finding) => {
    const severity = settings.severity(finding.ruleId ?? '', finding.filePath);
    if (severity === 'off') return [];
    return [{ ...finding, severity: severity === 'warn' ? 1 : 2 } as Finding];
  });
}
