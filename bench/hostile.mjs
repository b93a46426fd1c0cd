// The benchmark's hostile mode: each case of bench/hostile-cases.mjs generated in a temporary folder,
// the built CLI run on it as a child process (`--format sarif -o <file>`), and a table of wall time,
// peak RSS, exit code, findings and whether the SARIF log is valid, against the targets of issue 18:
// every case answered in under 20 s and under 1 GB. Run by `node bench/run.mjs --hostile`.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { HOSTILE_CASES } from './hostile-cases.mjs';
import { failureOf, fmtMs, fmtRss, measure, table } from './measure.mjs';

export const HOSTILE_TARGETS = { wallMs: 20_000, rssKb: 1024 * 1024 };
/** A case still running then is killed and fails. */
const TIMEOUT_MS = 120_000;

/**
 * The SARIF 2.1.0 schema validator the tests use (test/helpers/sarif-schema.ts): ajv-draft-04 with
 * the schema @microsoft/jest-sarif ships. Development dependencies: without them, validity is n/a.
 */
async function sarifValidator(repo) {
  try {
    const require = createRequire(path.join(repo, 'package.json'));
    const { default: AjvDraft04 } = await import(require.resolve('ajv-draft-04'));
    const { default: addFormats } = await import(require.resolve('ajv-formats'));
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile(schema);
  } catch (error) {
    process.stderr.write(`bench: SARIF validity not checked (${error.message.split('\n')[0]})\n`);
    return undefined;
  }
}

/** Findings in a SARIF log, and whether it is valid ('n/a' without the validator, 'missing' when it was not written). */
function readSarif(file, validate) {
  if (!existsSync(file)) return { findings: undefined, valid: 'missing' };
  let log;
  try {
    log = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { findings: undefined, valid: 'not JSON' };
  }
  const findings = (log.runs ?? []).reduce((n, run) => n + (run.results?.length ?? 0), 0);
  if (!validate) return { findings, valid: 'n/a' };
  const valid = validate(log);
  return { findings, valid: valid ? 'yes' : 'no', ...(valid ? {} : { schemaErrors: validate.errors.slice(0, 3).map((e) => `${e.instancePath} ${e.message}`) }) };
}

function commitOf(repo) {
  const run = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : 'unknown';
}

/** Runs the hostile cases (or the one named) and prints the table; returns the figures. */
export async function runHostile({ cli, repo, only, useTime, keep }) {
  const cases = only ? HOSTILE_CASES.filter((c) => c.name === only) : HOSTILE_CASES;
  if (cases.length === 0) throw new Error(`no hostile case ${only}; the cases: ${HOSTILE_CASES.map((c) => c.name).join(', ')}`);
  const validate = await sarifValidator(repo);
  const loadAtStart = os.loadavg()[0];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sls-lint-hostile-'));
  process.stderr.write(`bench: hostile cases under ${tmp}; peak RSS from ${useTime ? '/usr/bin/time -v' : 'bench/measure-child.mjs'}\n`);
  const results = [];
  try {
    for (const c of cases) {
      const dir = path.join(tmp, c.name);
      const root = path.join(dir, 'project');
      mkdirSync(root, { recursive: true });
      const generated = c.generate(root);
      const sarif = path.join(dir, 'report.sarif');
      const run = await measure({ script: cli, args: ['--format', 'sarif', '--output-file', sarif, '.'], cwd: root, useTime, tmp: dir, timeoutMs: TIMEOUT_MS });
      const { findings, valid, schemaErrors } = readSarif(sarif, validate);
      const answered = !run.timedOut && (run.exitCode === 0 || run.exitCode === 1);
      const within = run.wallMs < HOSTILE_TARGETS.wallMs && (run.maxRssKb === undefined || run.maxRssKb < HOSTILE_TARGETS.rssKb);
      const pass = answered && within && valid !== 'no' && valid !== 'missing' && valid !== 'not JSON';
      const result = {
        name: c.name, what: c.what, generated, wallMs: run.wallMs, cpuMs: run.cpuMs, maxRssKb: run.maxRssKb, exitCode: run.exitCode,
        findings, sarifValid: valid, verdict: pass ? 'PASS' : 'FAIL', loadAfter: run.load,
        ...(answered ? {} : { error: failureOf(run) }), ...(schemaErrors ? { schemaErrors } : {}),
      };
      results.push(result);
      process.stderr.write(`[hostile] ${c.name.padEnd(24)} ${fmtMs(run.wallMs).padStart(8)} wall ${fmtMs(run.cpuMs).padStart(8)} cpu ${fmtRss(run.maxRssKb).padStart(8)}  exit ${run.exitCode}  ${result.verdict}${result.error ? ` (${result.error})` : ''}\n`);
      if (!keep) rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    if (!keep) rmSync(tmp, { recursive: true, force: true });
  }
  const own = path.resolve(cli) === path.join(repo, 'dist/src/cli/bin.js');
  const out = {
    date: new Date().toISOString(), commit: own ? commitOf(repo) : `(another build: ${cli})`, loadAtStart, cores: os.availableParallelism?.() ?? os.cpus().length,
    targets: HOSTILE_TARGETS, cases: results, ...(keep ? { projects: tmp } : {}),
  };
  printHostile(out);
  return out;
}

export function printHostile(out) {
  const rows = [['case', 'what', 'wall', 'cpu', 'peak RSS', 'exit', 'findings', 'SARIF valid', 'verdict']];
  for (const r of out.cases) {
    rows.push([r.name, r.what, fmtMs(r.wallMs), fmtMs(r.cpuMs), fmtRss(r.maxRssKb), r.exitCode ?? 'n/a', r.findings ?? 'n/a', r.sarifValid, r.verdict]);
  }
  const lines = [
    `sls-lint hostile inputs, ${out.date.slice(0, 10)}, commit ${out.commit}, load average ${out.loadAtStart.toFixed(2)} on ${out.cores} cores at the start`,
    `Each case must answer (exit 0 or 1) in under ${out.targets.wallMs / 1000} s and ${fmtRss(out.targets.rssKb)}, with a SARIF log valid against the SARIF 2.1.0 schema.`,
    '',
    table(rows),
    '',
  ];
  for (const r of out.cases) {
    if (r.error) lines.push(`${r.name}: ${r.error}`);
    if (r.schemaErrors) lines.push(`${r.name}: SARIF schema: ${r.schemaErrors.join('; ')}`);
  }
  const failed = out.cases.filter((r) => r.verdict === 'FAIL').length;
  lines.push(`${out.cases.length - failed} of ${out.cases.length} cases pass.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
