import { version as parserVersion } from '@typescript-eslint/parser';
import { version as estreeVersion } from '@typescript-eslint/typescript-estree';
import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import type { ProjectModel } from '../model/types.js';
import { relativePath } from '../util/relative-path.js';
import type { Dependencies, Resolution } from './dependencies.js';
import { ModuleResolver, type Probe } from './module-resolver.js';
import { realPath } from '../util/fs-fence.js';
import { sameSummary, sameVisits, type StoredAnalysis, type StoredHandler, type StoredModule } from './stored-analysis.js';
import type { ModuleSummary } from './module-summary.js';
import type { HandlerDefinition } from './handler-definitions.js';

/** What lets an analysis reuse the last run's records (`--cache`). */
export interface AnalysisReuse {
  /** The last run's records; undefined when there are none. */
  stored: StoredAnalysis | undefined;
  /** A file's content digest now (undefined when it is gone): asked once per file, so the caller should remember. */
  digest(file: string): string | undefined;
  /**
   * The records were made by this same run (another thread's share of the walks, src/engine/threads.ts):
   * every one holds, with nothing to check, since no file changed in between.
   */
  sameRun?: boolean;
}

/**
 * Which of the last run's records still hold, and this run's records. A record holds when every
 * file it read has the same digest and every import it resolved leads to the same module; its key
 * holds the rest it depends on (the parser's and TypeScript's versions, the read fence). The
 * sls-lint version and the config are the cache's own key (src/engine/cache.ts).
 */
export class Reuse {
  readonly key: string;
  private readonly stored: StoredAnalysis | undefined;
  private readonly fileHolds = new Map<string, boolean>();
  private readonly resolutionHolds = new Map<string, boolean>();
  private readonly depsHold = new WeakMap<Dependencies, boolean>();
  private readonly answers: Answers;
  /** This run's walks, by `handlerKey`: made again, or reused. */
  readonly handlers = new Map<string, StoredHandler>();
  /** The handlers walked again this run, with no stored walk that still held. */
  readonly walkedAgain = new Set<string>();
  /** Whether some summary or walk made again this run came out different from the stored one (or there was none). */
  private differs = false;

  constructor(private readonly reuse: AnalysisReuse, model: ProjectModel, private readonly resolver: ModuleResolver) {
    this.key = analysisKey(model);
    this.stored = reuse.stored?.key === this.key ? reuse.stored : undefined;
    this.answers = new Answers(resolver, this.stored?.tsconfigProbes ?? []);
  }

  /** A summary made this run: noted when it differs from the last run's. */
  summarized(file: string, summary: ModuleSummary | null): void {
    const stored = this.stored?.modules.get(file);
    if (!stored || !sameSummary(stored.summary, summary)) this.differs = true;
  }

  /** A walk made this run: kept, and noted when it differs from the last run's. */
  walked(key: string, walk: StoredHandler): void {
    this.handlers.set(key, walk);
    this.walkedAgain.add(key);
    const stored = this.stored?.handlers.get(key);
    if (!stored || !sameVisits(stored.visits, walk.visits) || !sameDefinition(stored.definition, walk.definition)) this.differs = true;
  }

  /**
   * Whether the summaries and walks are those of the last run: every one reused, or made again and
   * found the same (an edit that moved no function and changed no call). Then whatever is computed
   * from them alone is what the last run computed.
   */
  sameAsStored(): boolean {
    return this.stored !== undefined && !this.differs;
  }

  /** The stored summary of a module, when what it was made from is unchanged. */
  module(file: string): StoredModule | undefined {
    const stored = this.stored?.modules.get(file);
    return stored && this.holds(stored.deps) ? stored : undefined;
  }

  /** The stored walk of a handler, when what it read is unchanged and every module it read has a summary that holds. */
  handler(key: string): StoredHandler | undefined {
    const stored = this.stored?.handlers.get(key);
    if (!stored || !this.holds(stored.deps)) return undefined;
    for (const file of stored.deps.files) if (!this.module(file)) return undefined;
    return stored;
  }

  /** The files the last run's walk of a handler reached (what its findings were about). */
  storedReach(key: string): string[] {
    return this.stored?.handlers.get(key)?.visits?.map((v) => v.file) ?? [];
  }

  /** This run's records, for the next run: every module read (`summaries`, with what each read) and every walk. */
  snapshot(modules: ReadonlyMap<string, StoredModule>): StoredAnalysis {
    const digests = new Map<string, string | null>();
    const note = (deps: Dependencies) => {
      for (const file of deps.files) if (!digests.has(file)) digests.set(file, this.reuse.digest(file) ?? null);
    };
    for (const m of modules.values()) note(m.deps);
    for (const h of this.handlers.values()) note(h.deps);
    // The tsconfig questions of the records reused, as answered now (they held, or the records using them were made again), and this run's.
    const tsconfig = new Map<string, Probe>();
    for (const probe of [...(this.stored?.tsconfigProbes ?? []).map((p) => this.answers.asNow(p)), ...this.resolver.tsconfigProbes()]) {
      tsconfig.set(`${probe.kind}\u0000${probe.path}`, probe);
    }
    return { key: this.key, digests, modules: new Map(modules), handlers: new Map(this.handlers), tsconfigProbes: [...tsconfig.values()] };
  }

  private holds(deps: Dependencies): boolean {
    let holds = this.depsHold.get(deps);
    if (holds === undefined) this.depsHold.set(deps, (holds = this.check(deps)));
    return holds;
  }

  private check(deps: Dependencies): boolean {
    if (this.reuse.sameRun) return true;
    for (const file of deps.files) {
      let holds = this.fileHolds.get(file);
      if (holds === undefined) {
        const stored = this.stored?.digests.get(file);
        holds = stored !== undefined && stored === (this.reuse.digest(file) ?? null);
        this.fileHolds.set(file, holds);
      }
      if (!holds) return false;
    }
    for (const [key, resolution] of deps.resolutions) {
      let holds = this.resolutionHolds.get(key);
      if (holds === undefined) this.resolutionHolds.set(key, (holds = this.answers.stillLeads(resolution)));
      if (!holds) return false;
    }
    return true;
  }
}

/**
 * What every record depends on besides files and imports: the versions of the parser and of
 * TypeScript, the read fence, and where the fence really is (resolution compares real paths to it).
 */
export function analysisKey(model: ProjectModel): string {
  const fence = model.fence ?? model.root;
  return JSON.stringify({ parser: parserVersion, estree: estreeVersion, typescript: ts.version, fence: relativePath(model.root, fence), realFence: realPath(fence) });
}

/** Whether the records' key still holds and every import they resolved leads where it led (no parse). */
export function importsHold(model: ProjectModel, stored: { key: string; resolutions: readonly Resolution[]; tsconfigProbes: readonly Probe[] }): boolean {
  if (stored.key !== analysisKey(model)) return false;
  const answers = new Answers(new ModuleResolver(model.fence ?? model.root), stored.tsconfigProbes);
  return stored.resolutions.every((r) => answers.stillLeads(r));
}

/**
 * Whether imports still lead where they led: every question their resolution asked the file system
 * gets the same answer (each question asked once), the tsconfigs' questions too when it read their
 * options; resolved again when nothing says what it asked.
 */
class Answers {
  private readonly now = new Map<string, string>();
  private tsconfigs: boolean | undefined;

  constructor(private readonly resolver: ModuleResolver, private readonly tsconfigProbes: readonly Probe[]) {}

  stillLeads(resolution: Resolution): boolean {
    if (!resolution.asked) return this.resolver.resolve(resolution.from, resolution.specifier) === resolution.to;
    if (resolution.asked.configs && !(this.tsconfigs ??= this.tsconfigProbes.every((p) => this.same(p)))) return false;
    return resolution.asked.probes.every((p) => this.same(p));
  }

  /** The question, with the answer it gets now. */
  asNow(probe: Probe): Probe {
    return { ...probe, answer: this.current(probe) };
  }

  private same(probe: Probe): boolean {
    return this.current(probe) === probe.answer;
  }

  private current(probe: Probe): string {
    const key = `${probe.kind}\u0000${probe.path}`;
    let answer = this.now.get(key);
    if (answer === undefined) this.now.set(key, (answer = this.resolver.answer(probe.kind, probe.path)));
    return answer;
  }
}

function sameDefinition(a: HandlerDefinition | undefined, b: HandlerDefinition | undefined): boolean {
  return a?.file === b?.file && a?.exportName === b?.exportName;
}
