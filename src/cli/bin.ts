#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { colorByDefault, quickAnswer } from './args.js';
import { relaunch, relaunchFlags } from './relaunch.js';

const argv = process.argv.slice(2);

// --help and --version answer from light modules: the engine (ESLint, TypeScript, the rules)
// takes about a second to load, and is loaded only for a run.
const quick = quickAnswer(argv);
// A run happens in a process started with a larger young generation (relaunch.ts), unless this is it.
const flags = quick === undefined ? relaunchFlags(process.execArgv, process.env) : undefined;
const relaunched = flags ? await relaunch(fileURLToPath(import.meta.url), argv, flags) : undefined;

if (quick !== undefined) {
  process.stdout.write(quick);
} else if (relaunched !== undefined) {
  process.exitCode = relaunched;
} else {
  // A run parses every module, keeps a bounded set of trees and drops the rest: garbage by the
  // gigabyte. Left to its defaults, V8 lets the heap grow to about four times what is live before
  // it collects (2.3 GB peak for 0.5 GB live at 5,000 functions); growing by half at most keeps the
  // peak near the live set (docs/performance.md). Only the CLI does this, and not when the user
  // chose a value: the programmatic API leaves its host's heap alone.
  const chosen = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((arg) => arg.includes('heap-growing-percent'));
  if (!chosen) setFlagsFromString('--heap-growing-percent=50');

  const { main } = await import('./main.js');
  process.exitCode = await main(argv, {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: colorByDefault(process.env, Boolean(process.stdout.isTTY)),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
  });
}
