import { exists, fileSize } from '../util/fs-fence.js';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeAnalysis, encodeAnalysis, mergeStoredAnalyses, type StoredAnalysis, type WireAnalysis } from '../analysis/stored-analysis.js';
import { ConfigError } from '../config/load-config.js';
import type { LintResult } from '../results.js';
import { UsageError, type Session } from '../session/session.js';
import { lintCode, type CodeFile } from './lint-code.js';
import { chunksOf, fingerprintOf, functionList, type ThreadMessage, type WorkerData, type WorkerMessage } from './thread-protocol.js';

/** `--concurrency`: how many threads lint (`off` is one, this one), as ESLint names the option. */
export type Concurrency = number | 'auto' | 'off';

/**
 * Below this many functions with code, `auto` stays on one thread: a thread costs about a second
 * of CPU to load ESLint, TypeScript and the rules, and reads the templates again.
 */
export const AUTO_MIN_FUNCTIONS = 200;
/** `auto` uses at most this many threads: each holds its own ESLint and its share of the parses. */
export const AUTO_MAX_THREADS = 4;

/**
 * The number of threads a run uses: 1 means this thread alone. `auto` takes half the cores, as
 * ESLint's `concurrency: "auto"` does: V8 gives each JavaScript thread its own garbage collector
 * and compiler threads, which keep about half a core busy beside it (docs/performance.md).
 */
export function threadCount(concurrency: Concurrency | undefined, functionsWithCode: number, cores: number = availableParallelism()): number {
  if (concurrency === undefined || concurrency === 'auto') {
    const threads = Math.min(Math.floor(cores / 2), AUTO_MAX_THREADS);
    return threads < 2 || functionsWithCode < AUTO_MIN_FUNCTIONS ? 1 : threads;
  }
  if (concurrency === 'off') return 1;
  return Math.max(1, Math.floor(concurrency));
}

/**
 * Whether `concurrency` may start threads, told only the templates found: then they start while
 * this thread reads the templates, not after. `auto` guesses from the templates' size (about a
 * kilobyte per function); the count of functions decides once they are read (`threadCount`).
 */
export function earlyThreadCount(concurrency: Concurrency | undefined, templates: readonly string[]): number {
  if (concurrency !== undefined && concurrency !== 'auto') return threadCount(concurrency, 0);
  const bytes = templates.reduce((sum, file) => sum + (fileSize(file) ?? 0), 0);
  return bytes >= AUTO_MIN_TEMPLATE_BYTES ? threadCount('auto', Infinity) : 1;
}

/** The templates' size from which `auto` starts threads before it knows the number of functions. */
export const AUTO_MIN_TEMPLATE_BYTES = 100_000;

/** What `--concurrency` accepts: a whole number from 1, `auto` or `off`; undefined for anything else. */
export function parseConcurrency(text: string): Concurrency | undefined {
  if (text === 'auto' || text === 'off') return text;
  if (!/^[1-9]\d{0,2}$/.test(text)) return undefined;
  return Number(text);
}

/** How a thread makes the same session as this one: the options of `createSession`, nothing else (plain data). */
export type ThreadSessionOptions = WorkerData['session'];

/**
 * One run over several threads. This thread and the workers each own a share of the work, in two passes:
 *
 * 1. **Walks.** The handlers are cut into chunks (a stack's functions together, so the modules they
 *    share are parsed by one thread), which every thread takes in turn as it gets free. Each walks
 *    its chunks with its own share of the analysis (`Session.shareAnalysis`), parsing and
 *    summarising the modules they reach, and keeps the trees (its share of the parse budget).
 * 2. **The join and the lint.** The records of every share (plain data: src/analysis/stored-analysis.ts)
 *    are merged, and each thread builds the whole analysis from them, as a `--cache` run builds it
 *    from the last run's: nothing is parsed again. Each thread then lints the modules it parsed
 *    with the trees it kept; the results come back as plain data.
 *
 * The analysis each thread builds is the one a single thread builds (the same walks, replayed in
 * the model's order), so the findings are the same (test/e2e/threads.test.ts).
 */
export class ThreadedRun {
  private readonly workers: LintWorker[] = [];
  /** Which files each thread summarised (index 0: this one): where a file's tree already is. */
  private readonly parsedBy: Set<string>[] = [];

  private constructor(readonly threads: number) {}

  /**
   * Starts `threads - 1` workers, each making the same session as `options` make and keeping its
   * part of the parse budget, as this thread does (trees are most of the memory: docs/performance.md
   * has the figures at 10,000 functions). `script`: the worker's (src/engine/lint-worker.ts built).
   */
  static start(options: ThreadSessionOptions, threads: number, script: string = workerScript()): ThreadedRun {
    const run = new ThreadedRun(threads);
    for (let i = 1; i < threads; i++) run.workers.push(new LintWorker(script, { session: options, threads }));
    return run;
  }

  /**
   * Pass 1 and the join: every handler walked by some thread, then the session's analysis (and
   * each worker's) built from the records of all. Without an analysis (nothing joined), nothing to do.
   */
  async analyse(session: Session): Promise<void> {
    // Every thread keeps its part of the parse budget: trees are most of the memory.
    session.parses.keepShare(1 / this.threads);
    const share = session.shareAnalysis();
    if (!share) {
      // Nothing joined: the workers only lint. One that does not start leaves its files to this thread.
      const started = await Promise.allSettled(this.workers.map((w) => w.ready));
      const live: LintWorker[] = [];
      for (const [i, outcome] of started.entries()) {
        if (outcome.status === 'fulfilled') live.push(this.workers[i]!);
        else {
          rethrowIfTheRuns(outcome.reason);
          await this.workers[i]!.stop();
        }
      }
      this.workers.splice(0, this.workers.length, ...live);
      return;
    }
    const functions = functionList(session.model);
    const fingerprint = fingerprintOf(functions);
    const queue = chunksOf(functions, this.workers.length + 1);
    const handed = new Map<LintWorker, number[][]>(this.workers.map((w) => [w, []]));
    const handOut = (worker: LintWorker) => {
      const chunk = queue.shift();
      if (chunk) handed.get(worker)!.push(chunk);
      worker.post(chunk ? { type: 'walk', functions: chunk } : { type: 'done' });
    };
    for (const worker of this.workers) {
      worker.onMore = () => handOut(worker);
      void worker.ready.then((theirs) => {
        if (theirs !== fingerprint) worker.fail(new Error('a worker thread read a different project (were files changing while sls-lint ran?)'));
        else handOut(worker);
      }, () => undefined);
    }
    // This thread walks too, letting the workers' requests in between chunks.
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
      share.walk(chunk.map((n) => functions[n]!));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // A worker that failed (not over the config: every thread would) leaves its chunks to this thread.
    const settled = await Promise.allSettled(this.workers.map(async (w) => {
      const wire = await w.records;
      return { wire, stored: decodeAnalysis(wire, session.root) };
    }));
    const theirs: { wire: WireAnalysis; stored: StoredAnalysis }[] = [];
    const live: LintWorker[] = [];
    for (const [i, outcome] of settled.entries()) {
      const worker = this.workers[i]!;
      if (outcome.status === 'fulfilled' && outcome.value.stored) {
        theirs.push({ wire: outcome.value.wire, stored: outcome.value.stored });
        live.push(worker);
        continue;
      }
      if (outcome.status === 'rejected') rethrowIfTheRuns(outcome.reason);
      await worker.stop();
      for (const chunk of handed.get(worker)!) share.walk(chunk.map((n) => functions[n]!));
    }
    this.workers.splice(0, this.workers.length, ...live);
    const own = share.stored()!;
    const all = [own, ...theirs.map((t) => t.stored)];
    this.parsedBy.push(...all.map((part) => new Set([...part.modules].filter(([, m]) => m.summary).map(([file]) => file))));
    // Each worker merges the others' records with its own: this thread's, encoded once, and the other workers' as they came.
    const wires = this.workers.length > 0 ? [encodeAnalysis(own, session.root), ...theirs.map((t) => t.wire)] : [];
    this.workers.forEach((worker, i) => worker.post({ type: 'join', records: wires.filter((_, j) => j !== i + 1) }));
    session.analysisReusing({ stored: mergeStoredAnalyses(all), digest: () => '', sameRun: true });
  }

  /** Pass 2: the files linted, each by a thread that parsed it; results in no set order. */
  async lint(session: Session, files: readonly CodeFile[]): Promise<LintResult[]> {
    const shares = assign(files.map((f) => f.file), this.parsedBy, this.workers.length + 1);
    this.workers.forEach((worker, i) => worker.post({ type: 'lint', files: shares[i + 1]! }));
    const mine = await lintCode(session, shares[0]!.map((file) => ({ file })));
    const settled = await Promise.allSettled(this.workers.map((w) => w.results));
    const theirs: LintResult[] = [];
    for (const [i, outcome] of settled.entries()) {
      if (outcome.status === 'fulfilled') {
        theirs.push(...outcome.value);
        continue;
      }
      // A worker that failed: this thread lints its files (one that fails everywhere fails here too).
      rethrowIfTheRuns(outcome.reason);
      theirs.push(...(await lintCode(session, shares[i + 1]!.map((file) => ({ file })))));
    }
    return [...mine, ...theirs];
  }

  /** Stops the workers (after the run, or on an error). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

/**
 * A config or usage error found in a worker is the run's (this thread would find it too); any
 * other failure of a worker (a crash, a thread that cannot start) is not: its share is done here.
 */
function rethrowIfTheRuns(error: unknown): void {
  if (error instanceof ConfigError || error instanceof UsageError) throw error;
}

/**
 * Each file to a thread that parsed it (the one with the fewest so far, when several did), and a
 * file none parsed to the thread with the fewest: no tree is made twice. The first pass shared
 * the walks by speed (each thread took chunks as it got free), so this shares the lint the same way.
 */
function assign(files: readonly string[], parsedBy: readonly Set<string>[], threads: number): string[][] {
  const shares: string[][] = Array.from({ length: threads }, () => []);
  const fewest = (among: number[]) => among.reduce((best, t) => (shares[t]!.length < shares[best]!.length ? t : best), among[0]!);
  const every = shares.map((_, t) => t);
  for (const file of files) {
    const parsed = every.filter((t) => parsedBy[t]?.has(file));
    shares[parsed.length > 0 ? fewest(parsed) : fewest(every)]!.push(file);
  }
  return shares;
}

/** The worker's script: beside this module once built; from the TypeScript sources (the tests), the build's. */
function workerScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'lint-worker.js');
  if (exists(beside)) return beside;
  const built = path.resolve(here, '../../dist/src/engine/lint-worker.js');
  if (exists(built)) return built;
  throw new Error('--concurrency: the worker script is not built (npm run build)');
}

/** The main thread's end of one worker: its messages as promises. */
class LintWorker {
  readonly ready: Promise<string>;
  readonly records: Promise<WireAnalysis>;
  readonly results: Promise<LintResult[]>;
  onMore: () => void = () => undefined;
  private readonly worker: Worker;
  private readonly settle: { ready?: (f: string) => void; records?: (w: WireAnalysis) => void; results?: (r: LintResult[]) => void } = {};
  private failed: ((error: Error) => void)[] = [];
  private stopped = false;

  constructor(script: string, data: WorkerData) {
    const failure = new Promise<never>((_, reject) => this.failed.push(reject));
    failure.catch(() => undefined);
    this.ready = Promise.race([new Promise<string>((resolve) => (this.settle.ready = resolve)), failure]);
    this.records = Promise.race([new Promise<WireAnalysis>((resolve) => (this.settle.records = resolve)), failure]);
    this.results = Promise.race([new Promise<LintResult[]>((resolve) => (this.settle.results = resolve)), failure]);
    for (const p of [this.ready, this.records, this.results]) p.catch(() => undefined);
    // The main thread's stack size (V8's default), so that code nested too deep for one thread is too deep for every thread.
    this.worker = new Worker(script, { workerData: data, resourceLimits: { stackSizeMb: 1 }, stdout: false, stderr: false });
    this.worker.on('message', (message: WorkerMessage) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.stopped) this.fail(new Error(`a worker thread stopped early (exit code ${code})`));
    });
  }

  post(message: ThreadMessage): void {
    this.worker.postMessage(message);
  }

  fail(error: Error): void {
    for (const reject of this.failed) reject(error);
    this.failed = [];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }

  private receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'ready': return this.settle.ready?.(message.fingerprint);
      case 'more': return this.onMore();
      case 'records': return this.settle.records?.(message.records);
      case 'results': return this.settle.results?.(message.results);
      case 'error': return this.fail(rebuilt(message));
    }
  }
}

/** A worker's error as the main thread's own: a config or usage error keeps its kind (and its exit code). */
function rebuilt(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  if (message.kind === 'config') return new ConfigError(message.message);
  if (message.kind === 'usage') return new UsageError(message.message);
  const error = new Error(`in a worker thread: ${message.message}`);
  if (message.stack) error.stack = message.stack;
  return error;
}
