// Runs a script in this process and reports its peak RSS: the fallback of bench/run.mjs when
// /usr/bin/time is not there.
//
//   node bench/measure-child.mjs <script.mjs|.js> [args...]
//
// The script sees its own argv (process.argv[1] is the script). On exit one line goes to stderr:
//   BENCH_MEASURE {"maxRssKb":123456,"userMs":...,"systemMs":...,"exitCode":1}

import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node bench/measure-child.mjs <script> [args...]\n');
  process.exit(2);
}
const target = path.resolve(script);
process.argv = [process.argv[0], target, ...args];
process.on('exit', (code) => {
  const usage = process.resourceUsage();
  // maxRSS is in kilobytes on Linux and macOS.
  process.stderr.write(`\nBENCH_MEASURE ${JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, exitCode: code })}\n`);
});
await import(pathToFileURL(target).href);
