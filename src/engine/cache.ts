import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.js';
import type { AnalysisReuse, ProjectAnalysis, Reach, StoredAnalysis } from '../analysis/analysis.js';
import type { FunctionNode } from '../model/types.js';
import type { StoredTemplate, TemplateStore } from '../template/parse-template.js';
import type { Resolution } from '../analysis/dependencies.js';
import type { Probe } from '../analysis/module-resolver.js';
import { decodeAnalysis, decodeImports, encodeAnalysis, type WireAnalysis } from '../analysis/stored-analysis.js';
import { eventCyclesOf } from '../analysis/event-cycles.js';
import { deliveriesOf } from '../analysis/reach-queries.js';
import type { Coverage, LintMessage, LintResult, SuppressedMessage } from '../results.js';
import { PACKAGE } from '../version.js';
import { relativePath } from '../util/relative-path.js';
import { describeReadProblem, isFolder, readGated, readText } from '../util/fs-fence.js';
import { writeFileMakingFolder } from '../util/write-file.js';
import { UsageError } from '../session/session.js';

/**
 * `--cache`: a code file's findings are reused while nothing they depend on changed — the file's
 * content, what the templates say about the functions that reach it (its "context": which
 * functions, their triggers and environment, where its SDK calls lead), the code of the handlers
 * that reach it and of what they reach, the config and the sls-lint version. A changed template
 * therefore re-lints exactly the files of the functions it touches; template rules always run
 * (they are cheap). The cache also keeps the analysis' records (each module's summary, each
 * handler's walk, with what each read), so that a run after an edit parses only what the edit
 * touches (src/analysis/reuse.ts).
 */
export const DEFAULT_CACHE_FILE = '.sls-lint-cache';

/** The cache file's layout: a file of another format is an empty cache. 2: content digests of the bytes read, the analysis' records. */
export const CACHE_FORMAT = 2;

interface CacheEntry {
  content: string;
  context: string;
  messages: LintMessage[];
  /** What disable comments suppressed: kept, as the JSON output shows them. */
  suppressedMessages: SuppressedMessage[];
}

/** The run's options that change its results besides the config: a cached run is reused only under the same ones. */
export interface RunVariant {
  reportUnused: boolean;
  /** `--shard i/n`: a shard's run holds its share of the findings only. */
  shard?: string;
  crossLayer: boolean;
}

interface CacheFile {
  tool: 'sls-lint';
  format: number;
  version: string;
  config: string;
  entries: Record<string, CacheEntry>;
  /**
   * The whole last run: what it was asked to lint (its scope: templates, named code files, CDK apps
   * found), every file it read, by hash, its results (paths relative to the root) and what it covered.
   */
  run?: { scope?: string[]; variant?: string; inputs: Record<string, string>; results: LintResult[]; coverage?: Coverage };
  /** The analysis' records (src/analysis/stored-analysis.ts). */
  analysis?: WireAnalysis;
  /** YAML templates as parsed, by path, with the digest of the text they were parsed from (kept whatever the config). */
  templates?: Record<string, { text: string; stored: StoredTemplate }>;
}

export class ResultCache {
  private entries: Record<string, CacheEntry> = {};
  private readonly fresh: Record<string, CacheEntry> = {};
  private configHash = '';
  private fence: string;
  private lastRun: CacheFile['run'];
  private thisRun: CacheFile['run'];
  private lastAnalysis: unknown;
  private thisAnalysis: WireAnalysis | undefined;
  private readonly lastTemplates: NonNullable<CacheFile['templates']>;
  private readonly thisTemplates: NonNullable<CacheFile['templates']> = {};
  /** Each file's digest, read once per run. */
  private readonly digests = new Map<string, string | undefined>();

  private constructor(private readonly file: string, private readonly root: string, private readonly loaded: CacheFile | undefined) {
    this.fence = root;
    // Template parses depend on sls-lint (its yaml is pinned), not on the config.
    const sameBuild = loaded?.format === CACHE_FORMAT && loaded.version === PACKAGE.version;
    this.lastTemplates = sameBuild && typeof loaded.templates === 'object' && loaded.templates !== null ? loaded.templates : {};
  }

  /**
   * What the cache holds for this run's config (a different config starts the entries, the last run
   * and the analysis' records over), and the read fence files are hashed in.
   */
  start(config: ResolvedConfig, fence: string = this.root): void {
    this.fence = fence;
    this.configHash = hash(JSON.stringify([config.severities, config.options, config.ignores, ...(config.overrides ? [config.overrides] : [])]));
    const loaded = this.loaded;
    const usable = loaded && loaded.format === CACHE_FORMAT && loaded.version === PACKAGE.version && loaded.config === this.configHash;
    this.entries = usable ? loaded.entries : {};
    this.lastRun = usable ? loaded.run : undefined;
    this.lastAnalysis = usable ? loaded.analysis : undefined;
  }

  /** The template parses of the last run, for the session to read unchanged templates back (before the config is known). */
  templateStore(): TemplateStore {
    return {
      get: (file, text) => {
        const key = this.key(file);
        const kept = this.lastTemplates[key];
        if (!kept || kept.text !== hash(text) || !isStoredTemplate(kept.stored)) return undefined;
        this.thisTemplates[key] = kept;
        return kept.stored;
      },
      set: (file, text, stored) => {
        this.thisTemplates[this.key(file)] = { text: hash(text), stored };
      },
    };
  }

  /** A file's content digest this run (undefined when it is gone), read once. */
  digest(file: string): string | undefined {
    if (!this.digests.has(file)) this.digests.set(file, hashFile(file, this.fence));
    return this.digests.get(file);
  }

  /** What the analysis needs to reuse the last run's records: the records (unless broken or of another format) and the digests. */
  analysisReuse(): AnalysisReuse {
    return { stored: this.lastAnalysis === undefined ? undefined : decodeAnalysis(this.lastAnalysis, this.root), digest: (file) => this.digest(file) };
  }

  /** This run's analysis records, written with the cache. */
  storeAnalysis(stored: StoredAnalysis | undefined): void {
    this.thisAnalysis = stored ? encodeAnalysis(stored, this.root) : undefined;
  }

  /**
   * The last run's results when it had the same scope (a run over fewer paths must not get the
   * findings of more), not one file it read changed, and every import its analysis resolved still
   * leads to the same module (`importsHold`: a file added can change that): then nothing needs
   * parsing or linting again.
   */
  unchangedRun(
    scope: readonly string[], variant: RunVariant, importsHold: (imports: { key: string; resolutions: Resolution[]; tsconfigProbes: Probe[] }) => boolean,
  ): { results: LintResult[]; coverage: Coverage } | undefined {
    const run = this.lastRun;
    if (!run?.coverage || !run.scope || run.scope.join('\n') !== this.keys(scope).join('\n')) return undefined;
    if (run.variant !== JSON.stringify(variant)) return undefined;
    for (const [file, digest] of Object.entries(run.inputs)) if (this.digest(path.join(this.root, file)) !== digest) return undefined;
    if (this.lastAnalysis !== undefined) {
      const imports = decodeImports(this.lastAnalysis, this.root);
      if (!imports || !importsHold(imports)) return undefined;
    }
    const results = run.results.map((r) => ({ ...r, filePath: path.join(this.root, r.filePath), messages: r.messages.map((m) => ({ ...m })) }));
    return { results, coverage: structuredClone(run.coverage) };
  }

  /**
   * Whether the templates say what they said in the last run: the same scope and run options, and
   * every file the model is read from (templates, the ones left out, included fragments and CDK
   * sources) has the digest it had then.
   */
  modelUnchanged(scope: readonly string[], variant: RunVariant, modelFiles: readonly string[]): boolean {
    const run = this.lastRun;
    if (!run?.scope || run.scope.join('\n') !== this.keys(scope).join('\n') || run.variant !== JSON.stringify(variant)) return false;
    return modelFiles.every((file) => {
      const digest = this.digest(file);
      return digest !== undefined && run.inputs[this.key(file)] === digest;
    });
  }

  /** Remembers this run whole: its scope, the files it read (templates and code), its results and what it covered. */
  recordRun(scope: readonly string[], files: readonly string[], results: readonly LintResult[], coverage: Coverage, variant: RunVariant): void {
    const inputs: Record<string, string> = {};
    for (const file of files) {
      const digest = this.digest(file);
      if (digest) inputs[this.key(file)] = digest;
    }
    this.thisRun = { scope: this.keys(scope), variant: JSON.stringify(variant), inputs, results: results.map((r) => ({ ...r, filePath: this.key(r.filePath) })), coverage };
  }

  /**
   * Reads the cache at `location` (a file, or a folder to hold `.sls-lint-cache`), before the config
   * is known; `start` must follow. A missing or broken cache is empty. The files it names are hashed
   * only inside the fence `start` gives (the cache may come with the pull request).
   */
  static read(root: string, location: string | undefined): ResultCache {
    let file = path.resolve(root, location ?? DEFAULT_CACHE_FILE);
    // A folder, existing or named as one (`.cache/`), holds the cache file.
    if (location !== undefined && /[\\/]$/.test(location)) file = path.join(file, DEFAULT_CACHE_FILE);
    else if (isFolder(file)) file = path.join(file, DEFAULT_CACHE_FILE);
    let loaded: CacheFile | undefined;
    try {
      // The caller's file, not the project's: no fence; a FIFO, a device or a huge file is an empty cache.
      const value = JSON.parse(readText(file, { kind: 'state', fence: null }) ?? '') as CacheFile;
      if (value.tool === 'sls-lint' && typeof value.entries === 'object' && value.entries !== null) loaded = value;
    } catch {
      loaded = undefined;
    }
    return new ResultCache(file, root, loaded);
  }

  /** The cached messages for a file, when its content and context are unchanged. */
  lookup(file: string, content: string, context: string): Pick<CacheEntry, 'messages' | 'suppressedMessages' | 'context'> | undefined {
    const key = this.key(file);
    const entry = this.entries[key];
    if (!entry || entry.content !== content || entry.context !== context) return undefined;
    // An entry written before suppressed messages were kept cannot give them back: linted again.
    if (!Array.isArray(entry.suppressedMessages)) return undefined;
    this.fresh[key] = entry;
    return entry;
  }

  /**
   * The cached messages for a file whose content is unchanged, its context taken as unchanged too:
   * only when nothing the contexts are computed from changed (the model, and the analysis' walks and summaries).
   */
  lookupSameContext(file: string, content: string): Pick<CacheEntry, 'messages' | 'suppressedMessages' | 'context'> | undefined {
    const entry = this.entries[this.key(file)];
    return entry ? this.lookup(file, content, entry.context) : undefined;
  }

  /** The context the last run computed for a file. */
  contextOf(file: string): string | undefined {
    return this.entries[this.key(file)]?.context;
  }

  store(file: string, content: string, context: string, messages: LintMessage[], suppressedMessages: SuppressedMessage[]): void {
    this.fresh[this.key(file)] = { content, context, messages, suppressedMessages };
  }

  /** Writes what this run used or produced (entries of files no longer linted are dropped). */
  save(): void {
    const value: CacheFile = {
      tool: 'sls-lint', format: CACHE_FORMAT, version: PACKAGE.version, config: this.configHash, entries: this.fresh,
      ...(this.thisRun ? { run: this.thisRun } : {}), ...(this.thisAnalysis ? { analysis: this.thisAnalysis } : {}), templates: this.thisTemplates,
    };
    const problem = writeFileMakingFolder(this.file, JSON.stringify(value), { atomic: true });
    if (problem) throw new UsageError(`--cache: ${problem}`);
  }

  private keys(files: readonly string[]): string[] {
    return [...new Set(files.map((file) => this.key(file)))].sort();
  }

  private key(file: string): string {
    return relativePath(this.root, file);
  }
}

export function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * A file's digest, read through the read gate; a file the gate refuses has the refusal for digest
 * (its size included), so that it changing is noticed too. Undefined when it is gone.
 */
function hashFile(file: string, fence: string): string | undefined {
  // Only hashed, never parsed: the state limit, the largest, so a template or code file is never cut short.
  const read = readGated(file, { kind: 'state', fence });
  if (read.ok) return createHash('sha1').update(read.buffer).digest('hex');
  if (read.problem.type === 'error' && read.problem.code === 'ENOENT') return undefined;
  return `unread: ${describeReadProblem(read.problem)}`;
}

/**
 * Everything outside a file that its findings depend on: the deployed functions that reach each
 * of its functions (with their triggers and their batch settings, environment, names and ignored
 * rules), where its SDK calls lead, and the event cycles its calls close. `parts` keeps what the
 * files of one run share (each function's part): a module every handler reaches has a thousand
 * reaches, of a few dozen functions.
 */
export function contextOf(analysis: ProjectAnalysis, file: string, handlerNames: readonly string[], parts: ContextParts = new ContextParts(analysis)): string {
  const summary = analysis.summaryOf(file);
  if (!summary) return hash(JSON.stringify(['no-analysis', handlerNames]));
  const digest = createHash('sha1').update(JSON.stringify(handlerNames));
  for (const at of [...summary.functions.map((fn) => fn.start), 'module' as const]) {
    digest.update(`\n${at === 'module' ? -1 : at}:`);
    for (const r of analysis.reachesOf(file, at)) digest.update(parts.functionPart(r)).update(JSON.stringify(r.chain));
  }
  const emissions = analysis.emissionsIn(file).map((e) => [e.op.range[0], e.reach.fn.logicalId, e.target ?? '', e.invocationType ?? '']);
  const cycles = eventCyclesOf(analysis).filter((c) => c.emission.file === file).map((c) => c.path);
  // What the modules it imports pass on decides what its names are (`const AWS = require('./lib/aws')`).
  return digest.update(JSON.stringify([emissions, cycles, summary.packageReexports])).digest('hex');
}

/** The part of a context that belongs to a deployed function, whichever file it reaches: computed once per run. */
export class ContextParts {
  private readonly functions = new Map<FunctionNode, string>();

  constructor(private readonly analysis: ProjectAnalysis) {}

  functionPart(r: Reach): string {
    let part = this.functions.get(r.fn);
    if (part === undefined) {
      part = JSON.stringify([
        r.stack.templatePath, r.fn.logicalId, r.fn.name ?? '', deliveriesOf(this.analysis, r),
        this.analysis.stackIndex(r.stack).triggersOf(r.fn.logicalId)
          .map((t) => [t.kind, t.source ?? '', t.batchSize ?? -1, t.reportBatchItemFailures ?? null, t.ignoredRules ?? [], t.at.file, t.at.line]),
        Object.entries(r.fn.environment).map(([k, v]) => [k, v.references]), this.analysis.asyncInvokers(r.fn, r.stack).length, r.fn.ignoredRules,
      ]);
      this.functions.set(r.fn, part);
    }
    return part;
  }
}

/** The outline of a stored template parse; a forged one with another shape is parsed again (its positions are read with care too). */
function isStoredTemplate(value: unknown): value is StoredTemplate {
  const positions = (value as StoredTemplate | null)?.positions;
  return typeof value === 'object' && value !== null && 'value' in value && Array.isArray(positions) && positions.length === 2;
}
