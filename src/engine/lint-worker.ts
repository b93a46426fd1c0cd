import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ProjectAnalysis } from '../analysis/analysis.js';
import { decodeAnalysis, encodeAnalysis, mergeStoredAnalyses, type StoredAnalysis } from '../analysis/stored-analysis.js';
import { ConfigError } from '../config/load-config.js';
import { createSession, UsageError, type Session } from '../session/session.js';
import { lintCode } from './lint-code.js';
import { fingerprintOf, functionList, type PlacedFunction, type ThreadMessage, type WorkerData, type WorkerMessage } from './thread-protocol.js';

/**
 * A worker thread of a run with `--concurrency` (src/engine/threads.ts says how the work is shared):
 * it makes the same session as the main thread, walks the chunks of handlers it is handed, sends
 * its records, builds the whole analysis from everyone's, and lints the files it is given.
 */
/** This thread's part of the run, from its session to its results. */
class WorkerRun {
  private readonly functions: PlacedFunction[];
  private share: ProjectAnalysis | undefined;
  private own: StoredAnalysis | undefined;

  constructor(private readonly session: Session, private readonly send: (message: WorkerMessage) => void) {
    this.functions = functionList(session.model);
    this.share = session.shareAnalysis();
    send({ type: 'ready', fingerprint: fingerprintOf(this.functions) });
  }

  async receive(message: ThreadMessage): Promise<void> {
    switch (message.type) {
      case 'walk':
        this.share?.walk(message.functions.map((n) => this.functions[n]!));
        return this.send({ type: 'more' });
      case 'done': {
        this.own = this.share?.stored();
        this.share = undefined;
        const records = this.own ? encodeAnalysis(this.own, this.session.root) : undefined;
        return this.send({ type: 'records', records: records! });
      }
      case 'join': {
        const theirs = message.records.map((wire) => decodeAnalysis(wire, this.session.root));
        if (theirs.some((d) => d === undefined)) throw new Error('records from the main thread do not read back');
        const merged = mergeStoredAnalyses([...(this.own ? [this.own] : []), ...(theirs as StoredAnalysis[])]);
        this.own = undefined;
        if (merged) this.session.analysisReusing({ stored: merged, digest: () => '', sameRun: true });
        return;
      }
      case 'lint': {
        const results = await lintCode(this.session, message.files.map((file) => ({ file })));
        this.session.dispose();
        return this.send({ type: 'results', results });
      }
    }
  }
}

function errorMessage(error: unknown): WorkerMessage {
  const kind = error instanceof ConfigError ? 'config' : error instanceof UsageError ? 'usage' : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', kind, message, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}

/** Serves the main thread: one message at a time, in the order sent (the lint pass awaits, and nothing may overtake it). */
function serve(port: MessagePort, data: WorkerData): void {
  const send = (message: WorkerMessage) => port.postMessage(message);
  let run: WorkerRun | undefined;
  let queue = Promise.resolve();
  try {
    const session = createSession(data.session);
    // Each thread keeps its part of the parse budget: trees are most of the memory.
    session.parses.keepShare(1 / data.threads);
    run = new WorkerRun(session, send);
  } catch (error) {
    send(errorMessage(error));
  }
  port.on('message', (message: ThreadMessage) => {
    queue = queue.then(() => run?.receive(message)).catch((error: unknown) => send(errorMessage(error)));
  });
}

if (parentPort && workerData) serve(parentPort, workerData as WorkerData);
