// The sls-lint benchmark: synthetic projects at several sizes, each measurement a child process.
//
//   npm run bench                                  # build, then every size (1000, 10000: many minutes)
//   node bench/run.mjs --sizes 100,500             # smaller sizes, while developing
//   node bench/run.mjs --json bench-results.json   # also write the figures as JSON
//   npm run bench -- --hostile                     # build, then the hostile inputs instead of the sizes
//   node bench/run.mjs --hostile-case handler-2mb  # one hostile case
//
// Options:
//   --sizes <list>     function counts to generate and measure (default 1000,10000)
//   --json <file>      also write every figure, ratio and target as JSON
//   --seed <n>         the generator's seed (default 42): same seed, same projects
//   --repeat <n>       cold (auto), cold (--concurrency off) and floor n times each, alternating,
//                      the fastest kept (steadier on a busy machine, but slower)
//   --verify           write the reports to files and check that the --concurrency off and the
//                      cached runs report what cold does
//   --template-pass    measure sls-lint's template pass even without the cdk-nag peer
//   --cli <bin.js>     another build of sls-lint (e.g. a baseline checkout's dist/src/cli/bin.js)
//   --keep             leave the generated projects in the temporary folder
//   --no-time          peak RSS from bench/measure-child.mjs even when /usr/bin/time is there
//   --report <file>    print the tables of a --json file again (targets re-evaluated), run nothing
//   --hostile          run the hostile inputs of bench/hostile-cases.mjs instead (see below)
//   --hostile-case <name>  run one of them
//
// Hostile mode generates each case (a 2 MB template of 58,000 resources and 1,000 consumers, big
// and minified handlers, alias and variable bombs, deep nesting, loops...) in a temporary folder,
// runs the built CLI on it with `--format sarif -o <file>`, and prints, per case: wall and CPU time,
// peak RSS, exit code, findings, whether the SARIF log validates against the SARIF 2.1.0 schema, and
// PASS or FAIL against issue 18's targets (answered in under 20 s and 1 GB). --json, --keep,
// --no-time and --cli apply; a case still running after 120 s is killed and fails.
//
// At each size: sls-lint cold with the default --concurrency auto and again with --concurrency off
// (one thread), the floor (ESLint with no rules + yaml, one thread), then the --cache runs (prime,
// warm, one file edited, 1% touched). It prints each cold run as a ratio to the floor, the edit run
// as a ratio to cold, and judges issue 16's targets at 1,000 and 10,000 functions.
//
// Besides the sizes, it measures start-up: `sls-lint --version` and `--help`, which answer
// without loading the engine (the fastest and the median of 5 runs each).
//
// This is not a test: nothing here runs in CI. See docs/performance.md for how to read the figures.

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateProject, prng } from './generate.mjs';
import { runHostile } from './hostile.mjs';
import { HOSTILE_CASES } from './hostile-cases.mjs';
import { failureOf, fmtMs, fmtRss, hasGnuTime, measure, table } from './measure.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
let CLI = path.join(REPO, 'dist/src/cli/bin.js');
const FLOOR = path.join(BENCH, 'floor.mjs');
const TEMPLATE_PASS = path.join(BENCH, 'template-pass.mjs');
const PEER = path.join(BENCH, 'peers/nag.mjs');
const PEER_MODULES = path.join(BENCH, 'peers/node_modules');

const DEFAULT_SIZES = [1000, 10000];
const TOUCH_FRACTION = 0.01;
/** The `--cache` runs, in the order they run. */
const CACHED_RUNS = ['prime', 'warm', 'edit', 'touched'];
const GiB = 1024 ** 3;

// Targets from the issue "Hostile inputs and speed: a benchmark harness" and issue 16.
const TARGETS = {
  // Issue 16: with its threads, sls-lint cold takes no longer than the single-thread parse-only
  // floor; on one thread (--concurrency off), at most 1.4 times it.
  coldAutoVsFloor: { size: 1000, max: 1.0 },
  coldOffVsFloor: { size: 1000, max: 1.4 },
  warmVsCold: { max: 0.2, size: 1000 },
  // Issue 16: a run after a one-file edit, with --cache.
  editVsCold: { max: 0.15, size: 1000 },
  perFunctionGrowth: { small: 1000, large: 10000, max: 1.3 },
  peakRss: { size: 10000, maxBytes: 1.5 * GiB },
  startup: { maxMs: 500 },
};

const STARTUP_RUNS = 5;

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { sizes: DEFAULT_SIZES, json: undefined, seed: 42, keep: false, useTime: true, verify: false, report: undefined, repeat: 1, templatePass: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--sizes') {
      options.sizes = value().split(',').map((s) => Number(s.trim().replace(/_/g, '')));
      if (options.sizes.some((n) => !Number.isInteger(n) || n < 1)) fail('--sizes takes whole numbers, e.g. --sizes 100,500');
    } else if (arg === '--json') options.json = path.resolve(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--cli') CLI = path.resolve(value());
    else if (arg === '--report') options.report = path.resolve(value());
    else if (arg === '--template-pass') options.templatePass = true;
    else if (arg === '--hostile') options.hostile = true;
    else if (arg === '--hostile-case') {
      options.hostile = true;
      options.hostileCase = value();
      if (!HOSTILE_CASES.some((c) => c.name === options.hostileCase)) fail(`no hostile case ${options.hostileCase}; the cases: ${HOSTILE_CASES.map((c) => c.name).join(', ')}`);
    }
    else if (arg === '--repeat') {
      options.repeat = Number(value());
      if (!Number.isInteger(options.repeat) || options.repeat < 1) fail('--repeat takes a whole number of at least 1');
    }
    else if (arg === '--no-time') options.useTime = false;
    else if (arg === '--verify') options.verify = true;
    else if (arg === '-h' || arg === '--help') {
      const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
      const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
      process.stdout.write(`${header.map((l) => l.slice(3)).join('\n')}\n`);
      process.exit(0);
    } else fail(`unknown option ${arg} (see --help)`);
  }
  return options;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Measuring one child process

/** The last JSON line a helper script printed. */
function jsonOut(run) {
  const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  try {
    return line ? JSON.parse(line) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Start-up

/** `sls-lint --version` and `--help`, each STARTUP_RUNS times: the fastest and the median wall time. */
async function benchStartup(options, tmp) {
  const out = {};
  for (const flag of ['--version', '--help']) {
    const walls = [];
    let failed;
    for (let i = 0; i < STARTUP_RUNS; i++) {
      const run = await measure({ script: CLI, args: [flag], cwd: tmp, useTime: options.useTime, tmp });
      if (run.exitCode !== 0) failed = failureOf(run);
      walls.push(run.wallMs);
    }
    walls.sort((a, b) => a - b);
    out[flag.slice(2)] = failed ? { error: failed } : { fastestMs: walls[0], medianMs: walls[Math.floor(walls.length / 2)], runs: walls.length };
    process.stderr.write(`[start-up] ${flag.padEnd(9)} ${failed ? `failed: ${failed}` : `${fmtMs(walls[0])} fastest, ${fmtMs(walls[Math.floor(walls.length / 2)])} median of ${walls.length}`}\n`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One size

async function benchSize(size, options, tmp, capabilities) {
  const dir = path.join(tmp, String(size));
  const root = path.join(dir, 'project');
  const say = (text) => process.stderr.write(`[${size}] ${text}\n`);
  const genStarted = performance.now();
  const manifest = generateProject({ functions: size, out: root, seed: options.seed });
  const manifestFile = path.join(dir, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const generateMs = performance.now() - genStarted;
  say(`generated ${manifest.functions} functions, ${manifest.codeFiles.length} code files, ${manifest.templates.length} templates in ${fmtMs(generateMs)}`);

  const common = { cwd: root, useTime: options.useTime, tmp: dir };
  const report = (name) => (options.verify ? path.join(dir, `${name}.json`) : '/dev/null');
  const cliArgs = (name, extra = []) => ['--format', 'json', '--output-file', report(name), ...extra];
  const runs = {};
  const record = (name, run, extra = {}) => {
    runs[name] = { wallMs: run.wallMs, cpuMs: run.cpuMs, maxRssKb: run.maxRssKb, exitCode: run.exitCode, loadAfter: run.load, ...extra };
    say(`${name.padEnd(13)} ${fmtMs(run.wallMs).padStart(9)} wall ${fmtMs(run.cpuMs).padStart(9)} cpu ${fmtRss(run.maxRssKb).padStart(9)}  exit ${run.exitCode}  (load ${run.load.toFixed(2)})`);
    return runs[name];
  };
  const lintOk = (run) => run.exitCode === 0 || run.exitCode === 1;

  // 1. sls-lint, cold: no cache, a fresh process, the default --concurrency (auto). 2. The same on
  // one thread (--concurrency off), to see what the threads bring. 3. The floor: ESLint with no rules
  // over the same files, and the templates through `yaml`, on one thread. With --repeat n, the
  // fastest of n alternating runs of each, so that a busy moment of the machine hits all three alike.
  let cold;
  let coldOff;
  let floor;
  const fastest = (best, run, ok) => (!best || (ok(run) && run.wallMs < best.wallMs) ? run : best);
  for (let i = 0; i < options.repeat; i++) {
    const c = await measure({ ...common, script: CLI, args: cliArgs('cold') });
    cold = fastest(cold, c, lintOk);
    const o = capabilities.concurrency ? await measure({ ...common, script: CLI, args: cliArgs('cold-off', ['--concurrency', 'off']) }) : undefined;
    if (o) coldOff = fastest(coldOff, o, lintOk);
    const f = await measure({ ...common, script: FLOOR, args: [manifestFile] });
    floor = fastest(floor, f, (run) => run.exitCode === 0);
    if (!lintOk(c) || (o && !lintOk(o)) || f.exitCode !== 0) break;
  }
  const repeated = options.repeat > 1 ? { fastestOf: options.repeat } : {};
  record('cold', cold, repeated);
  if (!lintOk(cold)) {
    runs.cold.error = failureOf(cold);
    say(`sls-lint failed: ${runs.cold.error}`);
  }
  if (coldOff) {
    record('cold-off', coldOff, lintOk(coldOff) ? repeated : { ...repeated, error: failureOf(coldOff) });
  } else runs['cold-off'] = { na: capabilities.concurrencyReason };
  record('floor', floor, jsonOut(floor) ?? { error: failureOf(floor) });

  // 4. sls-lint's template pass alone, for the comparison with cdk-nag (or with --template-pass).
  if (capabilities.peer || options.templatePass) {
    const templatePass = await measure({ ...common, script: TEMPLATE_PASS });
    record('template-pass', templatePass, jsonOut(templatePass) ?? { error: failureOf(templatePass) });
  }

  // 5. --cache (default --concurrency): priming run, warm run (nothing changed), one handler edited, then 1% of the handlers touched.
  if (capabilities.cache) {
    const cacheArgs = ['--cache', '--cache-location', path.join(dir, 'sls-lint-cache')];
    const prime = await measure({ ...common, script: CLI, args: cliArgs('prime', cacheArgs) });
    record('prime', prime);
    if (!lintOk(prime)) {
      const reason = failureOf(prime);
      for (const name of CACHED_RUNS) runs[name] = { na: `--cache run failed: ${reason}` };
      say(`--cache failed: ${reason}`);
    } else {
      const warm = await measure({ ...common, script: CLI, args: cliArgs('warm', cacheArgs) });
      record('warm', warm, lintOk(warm) ? {} : { error: failureOf(warm) });
      const edited = editOne(manifest, options.seed);
      const edit = await measure({ ...common, script: CLI, args: cliArgs('edit', cacheArgs) });
      record('edit', edit, { fileEdited: path.relative(root, edited), ...(lintOk(edit) ? {} : { error: failureOf(edit) }) });
      const filesTouched = touch(manifest, options.seed);
      const touched = await measure({ ...common, script: CLI, args: cliArgs('touched', cacheArgs) });
      record('touched', touched, { filesTouched, ...(lintOk(touched) ? {} : { error: failureOf(touched) }) });
    }
  } else {
    for (const name of CACHED_RUNS) runs[name] = { na: capabilities.cacheReason };
  }

  // 6. The peer, when installed.
  if (capabilities.peer) {
    const peer = await measure({ ...common, script: PEER, args: [manifestFile] });
    record('cdk-nag', peer, jsonOut(peer) ?? { error: failureOf(peer) });
  } else runs['cdk-nag'] = { na: 'peer: not installed' };

  if (options.verify) runs.verify = verify(dir, runs);
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
  return {
    size, functions: manifest.functions, codeFiles: manifest.codeFiles.length, handlerFiles: manifest.handlerFiles.length,
    templates: manifest.templates.length, sam: manifest.sam, serverless: manifest.serverless, generateMs, runs,
  };
}

/** Appends a line to ONE handler file (a pull request that edits one file), so its content hash changes. */
function editOne(manifest, seed) {
  const rand = prng(seed + manifest.functions + 1);
  const file = manifest.handlerFiles[Math.floor(rand.next() * manifest.handlerFiles.length)];
  appendFileSync(file, '// edited by the benchmark\n');
  return file;
}

/** Appends a comment line to 1% of the handler files (at least one), so their content hashes change. */
function touch(manifest, seed) {
  const rand = prng(seed + manifest.functions);
  const files = [...manifest.handlerFiles];
  const count = Math.max(1, Math.round(files.length * TOUCH_FRACTION));
  for (let i = 0; i < count; i++) {
    const [file] = files.splice(Math.floor(rand.next() * files.length), 1);
    appendFileSync(file, `// touched by the benchmark (${i})\n`);
  }
  return count;
}

/** --verify: the one-thread and the cached runs must report exactly what the cold run reports. */
function verify(dir, runs) {
  const read = (name) => {
    try {
      const results = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
      return results.map((r) => `${r.filePath}\n${r.messages.map((m) => `${m.ruleId}:${m.line}:${m.column}:${m.message}`).join('\n')}`).sort().join('\n');
    } catch {
      return undefined;
    }
  };
  const cold = read('cold');
  const out = {};
  for (const name of ['cold-off', ...CACHED_RUNS]) {
    if (!runs[name] || runs[name].na) continue;
    out[name] = cold !== undefined && read(name) === cold ? 'same findings as cold' : 'DIFFERENT findings from cold';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures, ratios and targets

const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
const fmtRatio = (r) => (r === undefined ? 'n/a' : `${r.toFixed(2)}×`);

/** Ratios of wall times (what the targets are about), or of CPU times (user+sys: steadier on a busy machine). */
function ratiosOf(s, metric = 'wallMs') {
  const r = s.runs;
  const t = (name) => (r[name]?.na || r[name]?.error ? undefined : r[name]?.[metric]);
  return {
    slsVsFloor: ratio(t('cold'), t('floor')),
    offVsFloor: ratio(t('cold-off'), t('floor')),
    warmVsCold: ratio(t('warm'), t('cold')),
    editVsCold: ratio(t('edit'), t('cold')),
    touchedVsCold: ratio(t('touched'), t('cold')),
    templatePassVsPeer: ratio(t('template-pass'), t('cdk-nag')),
    msPerFunction: ratio(t('cold'), s.functions),
  };
}

/** (T(b) - T(a)) / (b - a) between consecutive sizes: the cost of one more function, without Node's start-up. */
function marginalCosts(sizes) {
  const ok = sizes.filter((s) => !s.runs.cold.error && s.runs.cold.wallMs !== undefined);
  const out = [];
  for (let i = 1; i < ok.length; i++) {
    const [a, b] = [ok[i - 1], ok[i]];
    out.push({
      from: a.functions, to: b.functions,
      wallMsPerFunction: (b.runs.cold.wallMs - a.runs.cold.wallMs) / (b.functions - a.functions),
      cpuMsPerFunction: ((b.runs.cold.cpuMs ?? NaN) - (a.runs.cold.cpuMs ?? NaN)) / (b.functions - a.functions),
    });
  }
  return out;
}

function targetsOf(sizes, startup) {
  const bySize = new Map(sizes.map((s) => [s.size, s]));
  const verdict = (value, max, detail) =>
    value === undefined ? { status: 'n/a', detail } : { status: value <= max ? 'PASS' : 'FAIL', value, detail };
  const out = [];

  // Cold against the floor, with the default threads (auto) and on one thread (off).
  for (const [target, run, key, label] of [
    [TARGETS.coldAutoVsFloor, 'cold', 'slsVsFloor', 'cold with --concurrency auto'],
    [TARGETS.coldOffVsFloor, 'cold-off', 'offVsFloor', 'cold with --concurrency off'],
  ]) {
    const at = bySize.get(target.size);
    const value = at && ratiosOf(at)[key];
    const detail = !at ? `size ${target.size} not run`
      : value === undefined ? (!at.runs[run] ? `${run} not measured` : at.runs[run].na ?? at.runs[run].error ?? at.runs.floor?.error ?? 'failed')
        : `${fmtRatio(value)} (${fmtMs(at.runs[run].wallMs)} vs ${fmtMs(at.runs.floor.wallMs)}; cpu ${fmtRatio(ratiosOf(at, 'cpuMs')[key])})`;
    out.push({ name: `${label} ≤ ${target.max}× floor at ${target.size.toLocaleString('en')} functions`, ...verdict(value, target.max, detail) });
  }

  // Judged at the issue's size; the other sizes are shown, where Node's start-up weighs more.
  const w = TARGETS.warmVsCold;
  const atW = bySize.get(w.size);
  const warm = sizes.map((s) => [s.size, ratiosOf(s).warmVsCold, ratiosOf(s, 'cpuMs').warmVsCold]);
  const known = warm.filter(([, v]) => v !== undefined);
  out.push({ name: `warm (no change) ≤ ${w.max}× cold at ${w.size.toLocaleString('en')} functions`,
    ...verdict(atW && ratiosOf(atW).warmVsCold, w.max, known.length ? warm.map(([n, v, cpu]) => `${n}: ${fmtRatio(v)} (cpu ${fmtRatio(cpu)})`).join(', ') : sizes[0]?.runs.warm?.na ?? 'no size run') });

  const e = TARGETS.editVsCold;
  const atE = bySize.get(e.size);
  const edits = sizes.map((s) => [s.size, ratiosOf(s).editVsCold, ratiosOf(s, 'cpuMs').editVsCold]).filter(([, v]) => v !== undefined);
  out.push({ name: `one-file edit ≤ ${e.max}× cold at ${e.size.toLocaleString('en')} functions`,
    ...verdict(atE && ratiosOf(atE).editVsCold, e.max, edits.length ? edits.map(([n, v, cpu]) => `${n}: ${fmtRatio(v)} (cpu ${fmtRatio(cpu)})`).join(', ') : sizes[0]?.runs.edit?.na ?? 'no size run') });

  const g = TARGETS.perFunctionGrowth;
  const small = bySize.get(g.small);
  const large = bySize.get(g.large);
  const growthOf = (metric) => (small && large ? ratio(ratiosOf(large, metric).msPerFunction, ratiosOf(small, metric).msPerFunction) : undefined);
  const growth = growthOf('wallMs');
  out.push({ name: `time per function (cold, auto) at ${g.large.toLocaleString('en')} ≤ ${g.max}× that at ${g.small.toLocaleString('en')}`,
    ...verdict(growth, g.max, small && large && growth !== undefined
      ? `${fmtRatio(growth)} (${ratiosOf(large).msPerFunction.toFixed(1)} ms vs ${ratiosOf(small).msPerFunction.toFixed(1)} ms per function; cpu ${fmtRatio(growthOf('cpuMs'))})`
      : `sizes ${g.small} and ${g.large} not both run, or a run failed`) });

  const m = TARGETS.peakRss;
  const atM = bySize.get(m.size);
  const rssRuns = atM ? ['cold', 'cold-off', ...CACHED_RUNS].map((n) => atM.runs[n]?.maxRssKb).filter((v) => v !== undefined) : [];
  const peak = rssRuns.length ? Math.max(...rssRuns) * 1024 : undefined;
  const detail = atM ? `${fmtRss(peak && peak / 1024)} (highest of the sls-lint runs; cold ${fmtRss(atM.runs.cold.maxRssKb)})` : `size ${m.size} not run`;
  out.push({ name: `peak RSS < 1.5 GB at ${m.size.toLocaleString('en')} functions`,
    ...(peak === undefined ? { status: 'n/a', detail } : { status: peak < m.maxBytes ? 'PASS' : 'FAIL', value: peak, detail }) });

  const s = TARGETS.startup;
  const version = startup?.version;
  out.push({ name: `--version answers in < ${s.maxMs} ms`,
    ...(version?.fastestMs === undefined
      ? { status: 'n/a', detail: version?.error ?? 'not measured' }
      : { status: version.medianMs < s.maxMs ? 'PASS' : 'FAIL', value: version.medianMs, detail: `median ${fmtMs(version.medianMs)}, fastest ${fmtMs(version.fastestMs)} of ${version.runs}` }) });
  return out;
}

function printReport(result) {
  const out = [];
  out.push(`sls-lint ${result.version} benchmark  (${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memory} RAM, Node ${result.machine.node}, peak RSS from ${result.rssSource})`, '');
  const LABELS = { cold: 'sls-lint cold (--concurrency auto)', 'cold-off': 'sls-lint cold, --concurrency off', floor: 'floor (ESLint + yaml)', 'template-pass': 'sls-lint template pass', prime: 'sls-lint --cache, priming', warm: 'sls-lint --cache, warm', edit: 'sls-lint --cache, one file edited', touched: 'sls-lint --cache, 1% touched', 'cdk-nag': 'cdk-nag ServerlessChecks' };
  const rows = [['functions', 'run', 'wall', 'cpu (user+sys)', 'functions/s', 'ms/function', 'peak RSS']];
  for (const s of result.sizes) {
    let first = true;
    for (const [name, label] of Object.entries(LABELS)) {
      const r = s.runs[name];
      if (!r) continue;
      const size = first ? s.functions.toLocaleString('en') : '';
      first = false;
      if (r.na) rows.push([size, label, 'n/a', '', '', '', r.na === 'peer: not installed' ? 'peer: not installed' : '']);
      else rows.push([size, label + (r.error ? ' (failed)' : ''), fmtMs(r.wallMs), fmtMs(r.cpuMs), (s.functions / (r.wallMs / 1000)).toFixed(0), (r.wallMs / s.functions).toFixed(2), fmtRss(r.maxRssKb)]);
    }
  }
  out.push(table(rows), '');
  for (const s of result.sizes) {
    for (const [name, r] of Object.entries(s.runs)) if (r?.error) out.push(`${s.functions} functions, ${LABELS[name] ?? name} failed: ${r.error}`);
  }
  const cacheNa = result.sizes.find((s) => s.runs.warm?.na)?.runs.warm.na;
  if (cacheNa) out.push(`--cache rows: n/a (${cacheNa})`, '');
  const offNa = result.sizes.find((s) => s.runs['cold-off']?.na)?.runs['cold-off'].na;
  if (offNa) out.push(`--concurrency off rows: n/a (${offNa})`, '');

  const ratioRows = [['functions', 'files', 'auto / floor', 'off / floor', 'warm / cold', 'one edit / cold', 'touched / cold', 'template pass / cdk-nag']];
  const both = (a, b) => (a === undefined ? 'n/a' : `${fmtRatio(a)} (cpu ${fmtRatio(b)})`);
  for (const s of result.sizes) {
    const r = ratiosOf(s);
    const c = ratiosOf(s, 'cpuMs');
    ratioRows.push([s.functions.toLocaleString('en'), `${s.codeFiles} code, ${s.templates} templates`, both(r.slsVsFloor, c.slsVsFloor), both(r.offVsFloor, c.offVsFloor), both(r.warmVsCold, c.warmVsCold),
      both(r.editVsCold, c.editVsCold), both(r.touchedVsCold, c.touchedVsCold), s.runs['cdk-nag']?.na ? 'n/a (peer: not installed)' : both(r.templatePassVsPeer, c.templatePassVsPeer)]);
  }
  out.push(table(ratioRows), '');
  if (result.startup) {
    const line = (name) => {
      const r = result.startup[name];
      return r?.error ? `--${name} failed: ${r.error}` : r ? `--${name} ${fmtMs(r.fastestMs)} (median ${fmtMs(r.medianMs)} of ${r.runs})` : `--${name} n/a`;
    };
    out.push(`Start-up, fastest wall time: ${line('version')}, ${line('help')}`, '');
  }
  const marginal = marginalCosts(result.sizes);
  if (marginal.length > 0) {
    out.push(`Marginal cost of a function, cold (start-up excluded): ${marginal.map((m) => `${m.from}→${m.to}: ${m.wallMsPerFunction.toFixed(1)} ms wall, ${m.cpuMsPerFunction.toFixed(1)} ms cpu`).join('; ')}`, '');
  }
  out.push('Targets:');
  for (const t of result.targets) out.push(`  ${t.status.padEnd(4)}  ${t.name}: ${t.detail}`);
  if (result.sizes.some((s) => s.runs.verify)) {
    out.push('', 'Verify:');
    for (const s of result.sizes) if (s.runs.verify) out.push(`  ${s.functions}: ${Object.entries(s.runs.verify).map(([k, v]) => `${k} ${v}`).join('; ') || 'no cached runs'}`);
  }
  out.push('', `Total ${fmtMs(result.totalMs)}.`);
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${(os.totalmem() / GiB).toFixed(1)} GB`,
    node: process.versions.node,
    platform: `${os.platform()} ${os.release()}`,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.report) {
    const saved = JSON.parse(readFileSync(options.report, 'utf8'));
    saved.targets = targetsOf(saved.sizes, saved.startup);
    printReport(saved);
    return;
  }
  if (!existsSync(CLI)) fail(`${path.relative(process.cwd(), CLI)} is missing: run npm run build (npm run bench does)`);
  const useTime = options.useTime && hasGnuTime;
  options.useTime = useTime;
  if (options.hostile) {
    const result = await runHostile({ cli: CLI, repo: REPO, only: options.hostileCase, useTime, keep: options.keep });
    if (options.json) {
      writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
      process.stderr.write(`bench: figures written to ${options.json}\n`);
    }
    // A failed case is a finding of the benchmark, not an error of it.
    return;
  }
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout ?? '';
  const capabilities = {
    cache: /--cache\b/.test(help) && /--cache-location\b/.test(help),
    cacheReason: 'sls-lint has no --cache/--cache-location flag yet',
    // An older build (--cli) may have no threads: its cold run is then the one-thread run.
    concurrency: /--concurrency\b/.test(help),
    concurrencyReason: 'sls-lint has no --concurrency flag',
    peer: existsSync(PEER_MODULES),
  };
  const version = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sls-lint-bench-'));
  process.stderr.write(`bench: projects under ${tmp}; peak RSS from ${useTime ? '/usr/bin/time -v' : 'bench/measure-child.mjs'}; ` +
    `--cache ${capabilities.cache ? 'available' : 'not available (n/a rows)'}; ${capabilities.peer ? 'peer: cdk-nag' : 'peer: not installed'}\n`);
  const load = os.loadavg()[0];
  if (load > 0.5) process.stderr.write(`bench: warning: load average is ${load.toFixed(2)} on ${os.availableParallelism?.() ?? os.cpus().length} cores; other processes will slow the figures down (see the cpu column)\n`);
  const started = performance.now();
  const sizes = [];
  let startup;
  try {
    startup = await benchStartup(options, tmp);
    for (const size of [...options.sizes].sort((a, b) => a - b)) sizes.push(await benchSize(size, options, tmp, capabilities));
  } finally {
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  }
  const result = {
    version, date: new Date().toISOString(), machine: machine(), loadAtStart: load, rssSource: useTime ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS',
    seed: options.seed, startup, sizes, targets: targetsOf(sizes, startup), totalMs: performance.now() - started,
    ...(options.keep ? { projects: tmp } : {}),
  };
  result.sizes.forEach((s) => { s.ratios = ratiosOf(s); s.cpuRatios = ratiosOf(s, 'cpuMs'); });
  result.marginal = marginalCosts(sizes);
  printReport(result);
  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(`bench: figures written to ${options.json}\n`);
  }
  // A failed target is a finding of the benchmark, not an error of it; a run that could not finish is.
  const broken = sizes.some((s) => s.runs.cold.error || s.runs.floor.error);
  process.exitCode = broken ? 1 : 0;
}

await main();
