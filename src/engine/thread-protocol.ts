import { createHash } from 'node:crypto';
import type { WireAnalysis } from '../analysis/stored-analysis.js';
import type { FunctionNode, ProjectModel, Stack } from '../model/types.js';
import type { LintResult } from '../results.js';
import type { SessionOptions } from '../session/session.js';

/**
 * What the main thread and a worker say to each other (src/engine/threads.ts, lint-worker.ts):
 * plain data only. Functions are named by their number in `functionList`, which both threads
 * compute from the same model.
 */
export type ThreadMessage =
  | { type: 'walk'; functions: number[] }
  | { type: 'done' }
  | { type: 'join'; records: WireAnalysis[] }
  | { type: 'lint'; files: string[] };

export type WorkerMessage =
  | { type: 'ready'; fingerprint: string }
  | { type: 'more' }
  | { type: 'records'; records: WireAnalysis }
  | { type: 'results'; results: LintResult[] }
  | { type: 'error'; kind: 'config' | 'usage' | 'internal'; message: string; stack?: string };

/** What a worker starts with: how to make the main thread's session, and how many threads share the run. */
export interface WorkerData {
  session: Omit<SessionOptions, 'buffers' | 'templates' | 'onDiscovered'>;
  threads: number;
}

export interface PlacedFunction {
  fn: FunctionNode;
  stack: Stack;
}

/** Every function of the model, stacks in order, each stack's functions in order. */
export function functionList(model: ProjectModel): PlacedFunction[] {
  return model.stacks.flatMap((stack) => stack.functions.map((fn) => ({ fn, stack })));
}

/** What both threads must agree on before numbers name functions: each function's template, id and handler. */
export function fingerprintOf(functions: readonly PlacedFunction[]): string {
  const hash = createHash('sha1');
  for (const { fn, stack } of functions) hash.update(`${stack.templatePath}\u0000${fn.logicalId}\u0000${fn.handler?.sourceFile ?? ''}\u0000${fn.handler?.exportName ?? ''}\n`);
  return hash.digest('hex');
}

/**
 * The walks cut into chunks, as the threads take them: a stack's functions stay together (they
 * share modules, which one thread then parses once), cut when a stack is bigger than a chunk.
 * About eight chunks per thread, so that a thread that starts late or walks slowly still gets its
 * part. Functions with no code of ours to walk are left out.
 */
export function chunksOf(functions: readonly PlacedFunction[], threads: number): number[][] {
  const walked = functions.flatMap((f, n) => (f.fn.handler?.sourceFile ? [n] : []));
  const size = Math.max(4, Math.ceil(walked.length / (threads * 8)));
  const chunks: number[][] = [];
  let current: number[] = [];
  let stack: Stack | undefined;
  for (const n of walked) {
    const own = functions[n]!.stack;
    if (current.length >= size || (own !== stack && current.length >= size / 2)) {
      chunks.push(current);
      current = [];
    }
    stack = own;
    current.push(n);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
