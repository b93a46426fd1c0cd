import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load-config.js';
import { mergeStoredAnalyses } from '../../src/analysis/stored-analysis.js';
import { lintProject, type LintRun } from '../../src/engine/lint.js';
import { lintCode } from '../../src/engine/lint-code.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { chunksOf, functionList } from '../../src/engine/thread-protocol.js';
import { AUTO_MIN_FUNCTIONS, parseConcurrency, threadCount, ThreadedRun } from '../../src/engine/threads.js';
import { createSession } from '../../src/session/session.js';
import type { LintResult } from '../../src/results.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

// The worker threads run the built worker (dist/src/engine/lint-worker.js): `npm test` builds first.

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const projects = readdirSync(FIXTURES).filter((name) => existsSync(path.join(FIXTURES, name, 'expected-findings.json')));

/** What a run reports: every result and the account, as the formats would print them. */
function reported(run: LintRun) {
  return { results: run.results, coverage: run.coverage, review: run.review, nothingToLint: run.nothingToLint };
}

describe('worker threads give the findings of one thread, for every fixture project', () => {
  it('has the fixture projects to check', () => {
    expect(projects.length).toBeGreaterThanOrEqual(11);
  });

  for (const name of projects) {
    it(name, async () => {
      const cwd = path.join(FIXTURES, name);
      const one = await lintProject({ cwd, concurrency: 'off' });
      const two = await lintProject({ cwd, concurrency: 2 });
      expect(reported(two)).toEqual(reported(one));
      expect(one.results.length).toBeGreaterThan(0);
    });
  }

  it('three threads, and shards on top of them, give the same findings', async () => {
    const cwd = path.join(FIXTURES, 'cross-layer-orders');
    const one = await lintProject({ cwd, concurrency: 'off' });
    expect(reported(await lintProject({ cwd, concurrency: 3 }))).toEqual(reported(one));
    const shard = { index: 1, count: 2 };
    expect(reported(await lintProject({ cwd, concurrency: 2, shard }))).toEqual(reported(await lintProject({ cwd, concurrency: 'off', shard })));
  });
});

/**
 * The first pass split for sure (a worker may start after this thread walked a small project
 * alone): the handlers walked in two shares, every other chunk each, and the analysis built from
 * their merged records, as each thread builds it, must give the findings of the whole analysis.
 */
describe('the analysis built from two shares\' records is the whole analysis, for every fixture project', () => {
  for (const name of projects) {
    it(name, async () => {
      const root = path.join(FIXTURES, name);
      const whole = createSession({ root });
      const split = createSession({ root });
      const functions = functionList(split.model);
      const chunks = chunksOf(functions, 2);
      const shares = [split.shareAnalysis()!, createSession({ root }).shareAnalysis()!];
      chunks.forEach((chunk, i) => shares[i % 2]!.walk(chunk.map((n) => functions[n]!)));
      const merged = mergeStoredAnalyses(shares.map((s) => s.stored()!));
      split.analysisReusing({ stored: merged, digest: () => '', sameRun: true });
      const files = whole.analysis!.files().map((file) => ({ file }));
      expect(split.analysis!.files()).toEqual(files.map((f) => f.file));
      // lintCode lints the files whose trees are kept first; a run sorts its results.
      const sorted = (results: LintResult[]) => results.sort((a, b) => a.filePath.localeCompare(b.filePath));
      expect(sorted(await lintCode(split, files))).toEqual(sorted(await lintCode(whole, files)));
      const templateFindings = (s: typeof whole) => runTemplateRules(s.model, s.config, s.analysis, s.settings);
      expect(templateFindings(split)).toEqual(templateFindings(whole));
      expect(chunks.length).toBeGreaterThan(0);
    });
  }
});

describe('--concurrency', () => {
  it('takes a number from 1, auto or off; anything else is a usage error', async () => {
    expect(parseConcurrency('3')).toBe(3);
    expect(parseConcurrency('auto')).toBe('auto');
    expect(parseConcurrency('off')).toBe('off');
    for (const bad of ['0', '-1', '1.5', 'two', '', '1e3']) expect(parseConcurrency(bad), bad).toBeUndefined();
    const run = await runCli(['--concurrency', 'many'], path.join(FIXTURES, 'sam-orders'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--concurrency takes a number of threads from 1, auto or off (got many)');
  });

  it('runs the CLI on two threads with the findings of one', async () => {
    const cwd = path.join(FIXTURES, 'sam-orders');
    const off = await runCli(['--format', 'json', '--concurrency', 'off'], cwd);
    const two = await runCli(['--format', 'json', '--concurrency', '2'], cwd);
    expect(two).toEqual(off);
    expect(off.code).toBe(1);
  });

  it('auto takes half the cores, and stays on one thread for a small project; off is one thread', () => {
    expect(threadCount('off', 10_000)).toBe(1);
    expect(threadCount(1, 10_000)).toBe(1);
    expect(threadCount(3, 5)).toBe(3);
    expect(threadCount('auto', AUTO_MIN_FUNCTIONS - 1, 16)).toBe(1);
    expect(threadCount(undefined, 0, 16)).toBe(1);
    // Half the cores, at most 4: one thread on 2 or 3 cores.
    expect([2, 3, 4, 6, 8, 64].map((cores) => threadCount('auto', AUTO_MIN_FUNCTIONS, cores))).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it('a config error found in a worker is the config error of the run', async () => {
    const cwd = path.join(FIXTURES, 'sam-orders');
    await expect(lintProject({ cwd, concurrency: 2, rules: ['sls/no-hardcoded-resource: [error, { "nope": 1 }]'] })).rejects.toThrow(ConfigError);
  });
});

/** Two threads, the worker from `script`, against one thread: the same results and analysis. */
async function sameAsOneThread(script: string): Promise<void> {
  const root = path.join(FIXTURES, 'cross-layer-orders');
  const whole = createSession({ root });
  const session = createSession({ root });
  const run = ThreadedRun.start({ root }, 2, script);
  try {
    await run.analyse(session);
    const files = whole.analysis!.files().map((file) => ({ file }));
    expect(files.length).toBeGreaterThan(1);
    const sorted = (results: LintResult[]) => results.sort((a, b) => a.filePath.localeCompare(b.filePath));
    expect(sorted(await run.lint(session, files))).toEqual(sorted(await lintCode(whole, files)));
    expect(session.analysis!.files()).toEqual(whole.analysis!.files());
  } finally {
    await run.close();
  }
}

describe('a worker that fails', () => {
  it('leaves its walks and its files to the main thread, with the same findings', async () => {
    await sameAsOneThread(path.join(writeProject({ 'worker.mjs': 'throw new Error("this worker cannot start");\n' }), 'worker.mjs'));
  });

  it('with nothing joined (--no-cross-layer), leaves its files to the main thread', async () => {
    const root = path.join(FIXTURES, 'cross-layer-orders');
    const broken = path.join(writeProject({ 'worker.mjs': 'throw new Error("this worker cannot start");\n' }), 'worker.mjs');
    const alone = createSession({ root, crossLayer: false });
    const session = createSession({ root, crossLayer: false });
    const run = ThreadedRun.start({ root, crossLayer: false }, 2, broken);
    try {
      await run.analyse(session);
      const files = session.codeFiles.length > 0 ? session.codeFiles : [...new Set(session.model.stacks.flatMap((s) => s.functions.map((f) => f.handler!.sourceFile!)))];
      expect(files.length).toBeGreaterThan(1);
      const sorted = (results: LintResult[]) => results.sort((a, b) => a.filePath.localeCompare(b.filePath));
      const asked = files.map((file) => ({ file }));
      expect(sorted(await run.lint(session, asked))).toEqual(sorted(await lintCode(alone, asked)));
    } finally {
      await run.close();
    }
  });

  it('stopping while it lints, leaves its files to the main thread, with the same findings', async () => {
    const built = path.resolve(import.meta.dirname, '../../dist/src/engine/lint-worker.js');
    await sameAsOneThread(path.join(writeProject({
      'worker.mjs': [
        "import { parentPort } from 'node:worker_threads';",
        "parentPort.on('message', (message) => { if (message.type === 'lint') process.exit(3); });",
        `await import(${JSON.stringify(pathToFileURL(built).href)});`,
      ].join('\n'),
    }), 'worker.mjs'));
  });
});

describe('the chunks the threads take', () => {
  it('keeps a stack\'s functions together, covers every function with code once, and leaves out those without', () => {
    const root = writeProject({
      'a/template.yaml': sam(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']),
      'b/template.yaml': sam(['B1', 'B2']),
      'a/src/h.js': 'export const handler = async () => {};\n',
      'b/src/h.js': 'export const handler = async () => {};\n',
      'c/template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n',
    });
    const session = createSession({ root });
    const functions = functionList(session.model);
    const chunks = chunksOf(functions, 2);
    expect(chunks.flat().sort((x, y) => x - y)).toEqual(functions.map((_, n) => n));
    for (const chunk of chunks) expect(new Set(chunk.map((n) => functions[n]!.stack.templatePath)).size).toBe(1);
    expect(chunks.map((c) => c.map((n) => functions[n]!.fn.logicalId))).toEqual([['A1', 'A2', 'A3', 'A4'], ['A5', 'A6'], ['B1', 'B2']]);
  });
});

function sam(names: string[]): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    ...names.flatMap((name) => [`  ${name}:`, '    Type: AWS::Serverless::Function', '    Properties:', '      Runtime: nodejs20.x', '      CodeUri: src/', '      Handler: h.handler']),
  ].join('\n') + '\n';
}
