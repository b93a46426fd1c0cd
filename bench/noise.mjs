#!/usr/bin/env node
// Signal over noise on real projects (issue 15): runs the built CLI in each project folder given,
// once with the default stylish output and once as JSON, and prints
//   - the share of the most frequent rule in all findings (the target: below 35 %),
//   - the widest stylish line (the target: 160 characters at most),
// with the counts per rule and per project. Nothing here is a test: the figures go to
// docs/accuracy.md with the date and the projects tried.
//
//   node bench/noise.mjs <project folder>...      (after npm run build)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist/src/cli/bin.js');
const folders = process.argv.slice(2);
if (folders.length === 0) {
  process.stderr.write('usage: node bench/noise.mjs <project folder>...\n');
  process.exit(2);
}

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const perRule = new Map();
let total = 0;
let widest = { width: 0, line: '', folder: '' };
for (const folder of folders) {
  const run = (args) => spawnSync(process.execPath, [BIN, ...args], { cwd: folder, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const json = run(['--format', 'json', '--no-error-on-unmatched-pattern']);
  let results = [];
  try {
    results = JSON.parse(json.stdout || '[]');
  } catch {
    process.stderr.write(`${folder}: no JSON (exit ${json.status})\n`);
    continue;
  }
  let here = 0;
  for (const result of results) {
    for (const message of result.messages) {
      const rule = message.ruleId ?? '(none)';
      perRule.set(rule, (perRule.get(rule) ?? 0) + 1);
      here++;
    }
  }
  total += here;
  const stylish = run(['--no-error-on-unmatched-pattern']);
  for (const line of `${stylish.stdout}\n${stylish.stderr}`.split('\n')) {
    const width = [...line].length;
    if (width > widest.width) widest = { width, line, folder };
  }
  process.stdout.write(`${String(here).padStart(5)}  ${folder}\n`);
}

const ranked = [...perRule].sort((a, b) => b[1] - a[1]);
process.stdout.write(`\n${total} findings over ${folders.length} projects\n`);
for (const [rule, count] of ranked) process.stdout.write(`${String(count).padStart(5)}  ${(100 * count / Math.max(total, 1)).toFixed(1).padStart(5)} %  ${rule}\n`);
const top = ranked[0];
process.stdout.write(`\nloudest rule: ${top ? `${top[0]} ${(100 * top[1] / total).toFixed(1)} %` : 'none'} (target < 35 %)\n`);
process.stdout.write(`widest stylish line: ${widest.width} characters (target <= 160)${widest.width ? ` in ${widest.folder}:\n  ${widest.line}` : ''}\n`);
