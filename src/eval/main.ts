#!/usr/bin/env node
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateFixtures, precision, recall, regressions, type Thresholds } from './evaluate.js';
import { readText } from '../util/fs-fence.js';
import { writeFileMakingFolder } from '../util/write-file.js';

/**
 * `npm run eval`: recall and precision per rule over the fixture projects, checked against the
 * figures recorded in eval/thresholds.json (`--record` writes the current figures there).
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const thresholdsFile = path.join(repo, 'eval/thresholds.json');
const thresholds = JSON.parse(readText(thresholdsFile, { kind: 'config', fence: repo }) ?? '') as Thresholds;
const evaluation = await evaluateFixtures(path.join(repo, 'fixtures'));

const format = (value: number | undefined) => (value === undefined ? '  n/a' : value.toFixed(3));
const rows = [...evaluation.rules].sort(([a], [b]) => a.localeCompare(b));
const width = Math.max(...rows.map(([rule]) => rule.length), 4);
console.log(`Fixture projects: ${evaluation.projects.join(', ')}\n`);
console.log(`${'rule'.padEnd(width)}  TP  FP  FN  precision  recall`);
for (const [rule, s] of rows) {
  console.log(`${rule.padEnd(width)}  ${String(s.truePositives).padStart(2)}  ${String(s.falsePositives).padStart(2)}  ${String(s.falseNegatives).padStart(2)}  ${format(precision(s)).padStart(9)}  ${format(recall(s)).padStart(6)}`);
}
for (const mistake of evaluation.mistakes) {
  const f = mistake.finding;
  console.log(`  ${mistake.kind}: ${mistake.project}/${f.file}:${f.line} ${f.ruleId}`);
}

if (process.argv.includes('--record')) {
  const recorded: Thresholds['rules'] = {};
  for (const [rule, s] of rows) {
    const p = precision(s);
    const r = recall(s);
    // Rounded down, so the recorded figure never exceeds what was measured (29/30 records 0.966).
    const floor = (x: number) => Math.floor(x * 1000) / 1000;
    recorded[rule] = { ...(p === undefined ? {} : { precision: floor(p) }), ...(r === undefined ? {} : { recall: floor(r) }) };
  }
  const problem = writeFileMakingFolder(thresholdsFile, `${JSON.stringify({ ...thresholds, rules: recorded }, null, 2)}\n`);
  if (problem) throw new Error(problem);
  console.log(`\nRecorded the figures in ${path.relative(repo, thresholdsFile)}.`);
}

const failures = regressions(evaluation, thresholds);
if (failures.length > 0) {
  console.log(`\n${failures.length} below the recorded figures:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`\nEvery rule is at or above its recorded precision and recall (minimum ${thresholds.minimum.precision} / ${thresholds.minimum.recall}).`);
}
