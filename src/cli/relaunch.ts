import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * The young generation the CLI's run gets. A run turns every module into a TypeScript tree, then an
 * ESTree one, and drops the first: short-lived garbage by the gigabyte. V8's default young
 * generation (16 MB semi-spaces) fills many times per file, and what is still live at each
 * scavenge (the tree being built) is copied and promoted to the old generation, whose collections
 * cost far more. With 64 MB semi-spaces a file's temporary trees mostly die young: about 10%
 * less wall time at 1,000 functions for about 130 MB more peak memory, a constant at any size
 * (docs/performance.md, "A larger young generation"). V8 sizes the young generation when the process
 * starts, so a running process cannot change it: the CLI starts itself once more with the flag.
 */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';

/** Set on the relaunched process, so it never relaunches again whatever its flags. */
const RELAUNCHED = 'SLS_LINT_RELAUNCHED';

/**
 * The flags to start the CLI again with, or undefined when this process should run it: it is the
 * relaunched one, or the user chose a young generation size themselves (`--max-semi-space-size` in
 * the node flags or NODE_OPTIONS), or asked for none (`SLS_LINT_RELAUNCH=0`).
 */
export function relaunchFlags(execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] | undefined {
  if (env[RELAUNCHED] || env['SLS_LINT_RELAUNCH'] === '0') return undefined;
  const chosen = [...execArgv, env['NODE_OPTIONS'] ?? ''].some((arg) => /semi[-_]space/.test(arg));
  return chosen ? undefined : [...execArgv, YOUNG_GENERATION_FLAG];
}

/**
 * Runs the CLI in a child process with `flags`, sharing this one's stdin, stdout and stderr, and
 * resolves with its exit code; signals sent to this process are passed on. Resolves undefined when
 * the child could not be started, so the caller runs the CLI itself instead.
 */
export function relaunch(script: string, argv: readonly string[], flags: readonly string[]): Promise<number | undefined> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(process.execPath, [...flags, script, ...argv], { stdio: 'inherit', env: { ...process.env, [RELAUNCHED]: '1' } });
    } catch {
      // Node's permission model without --allow-child-process: the run happens here, as it would have.
      resolve(undefined);
      return;
    }
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of signals) process.on(signal, forward);
    const done = (code: number | undefined) => {
      for (const signal of signals) process.off(signal, forward);
      resolve(code);
    };
    // Only a child that never started leaves the run to this process (a failed kill is no reason to run twice).
    child.on('error', () => {
      if (child.pid === undefined) done(undefined);
    });
    // A child ended by a signal: the shell's convention, 128 plus the signal's number (SIGINT → 130).
    child.once('exit', (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] ?? 0 : 0)));
  });
}
