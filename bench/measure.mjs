// Measuring one child process, for bench/run.mjs (sizes and hostile mode): wall time, CPU time and
// peak RSS, from /usr/bin/time -v when it is there, else from bench/measure-child.mjs.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** The flag src/cli/relaunch.ts starts a run with (kept equal by hand: the bench may measure another build). */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';
const MEASURE_CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'measure-child.mjs');

export const hasGnuTime = (() => {
  if (!existsSync('/usr/bin/time')) return false;
  const probe = spawnSync('/usr/bin/time', ['-v', process.execPath, '-e', '0'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
})();

/**
 * Runs `node <script> ...args` in `cwd` and returns wall time (measured here, from spawn to exit,
 * so Node's start-up is included for every tool alike), peak RSS and exit code. With `timeoutMs`,
 * a run still going then is killed, with everything it started (`timedOut: true`).
 */
export function measure({ script, args = [], cwd, useTime, tmp, nodeArgs = [], timeoutMs }) {
  return new Promise((resolve) => {
    const timeFile = path.join(tmp, `time-${process.hrtime.bigint()}.txt`);
    // measure-child reads its own process's usage alone: sls-lint's CLI, which runs in a second
    // process unless started with a young generation size (src/cli/relaunch.ts), gets the size it
    // would give that process, so the run happens where it is measured. /usr/bin/time counts both.
    const inProcessArgs = /[\\/]cli[\\/]bin\.js$/.test(script) ? [...nodeArgs, YOUNG_GENERATION_FLAG] : nodeArgs;
    const [command, commandArgs] = useTime
      ? ['/usr/bin/time', ['-v', '-o', timeFile, process.execPath, ...nodeArgs, script, ...args]]
      : [process.execPath, [...inProcessArgs, MEASURE_CHILD, script, ...args]];
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.NODE_OPTIONS;
    const started = performance.now();
    // Its own process group, so that a timeout can end /usr/bin/time and the node under it together.
    const child = spawn(command, commandArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: timeoutMs !== undefined });
    let timedOut = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { if (stdout.length < 1e6) stdout += chunk; });
    child.stderr.on('data', (chunk) => { if (stderr.length < 1e6) stderr += chunk; });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const wallMs = performance.now() - started;
      let maxRssKb;
      let cpuMs;
      if (useTime) {
        const report = existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
        rmSync(timeFile, { force: true });
        maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1]);
        cpuMs = 1000 * (Number(/User time \(seconds\): ([\d.]+)/.exec(report)?.[1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(report)?.[1]));
      } else {
        const line = /BENCH_MEASURE (\{.*\})/.exec(stderr)?.[1];
        if (line) {
          const measured = JSON.parse(line);
          maxRssKb = measured.maxRssKb;
          cpuMs = measured.userMs + measured.systemMs;
        }
        stderr = stderr.replace(/\n?BENCH_MEASURE .*\n?/, '');
      }
      const finite = (n) => (Number.isFinite(n) ? n : undefined);
      const exitCode = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : undefined);
      resolve({ wallMs, cpuMs: finite(cpuMs), maxRssKb: finite(maxRssKb), exitCode, stdout, stderr, load: os.loadavg()[0], ...(timedOut ? { timedOut } : {}) });
    });
  });
}

function firstLine(text) {
  return text.trim().split('\n').find((l) => l.trim()) ?? '';
}

/** Why a run failed, in one line. */
export function failureOf(run) {
  if (run.timedOut) return 'timed out (killed)';
  if (/heap out of memory/.test(run.stderr)) return 'JavaScript heap out of memory';
  if (run.exitCode >= 128) return `killed by signal ${run.exitCode - 128}`;
  // Node's uncaught errors start with the source line; the "XxxError: message" line says more.
  const error = /^\s*(\w*Error\b[^\n]*)/m.exec(run.stderr)?.[1];
  return error ?? (firstLine(run.stderr) || `exit code ${run.exitCode}`);
}

export const fmtMs = (ms) => (ms === undefined ? 'n/a' : ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`);
export const fmtRss = (kb) => (kb === undefined ? 'n/a' : kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GB` : `${Math.round(kb / 1024)} MB`);

/** Rows as a plain-text table: the first row is the header; the first two columns left-aligned, the rest right-aligned. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r, n) => {
    const line = r.map((cell, i) => (i === 0 || i === 1 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
    return n === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}
