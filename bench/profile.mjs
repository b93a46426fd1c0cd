// Where the time and memory of one cold sls-lint run go (see docs/performance.md).
//
//   npm run build && node bench/profile.mjs                 # 1,000 functions
//   node bench/profile.mjs --functions 5000 --top 40
//   node bench/profile.mjs --project <dir>                  # an existing project instead
//   node bench/profile.mjs --keep                           # keep the project and the .cpuprofile
//   node bench/profile.mjs --floor                          # profile the floor (bench/floor.mjs) instead
//   node bench/profile.mjs --no-memory                      # skip step 3 (it runs the analysis twice in one process)
//   node bench/profile.mjs --run prime|warm|edit            # profile a --cache run: the priming one, a warm
//                                                           # one (after an unprofiled priming run), or one
//                                                           # after a priming run and a one-line edit of a handler
//                                                           # (--edit-file <file> with --project)
//
// 1. `node --cpu-prof dist/src/cli/bin.js --format json --output-file /dev/null` in the project;
//    the profile's self time is summed by area (parsing, ESLint, our rules, the project analysis,
//    template loading, ...) and by function.
// 2. The sync phases' inclusive time from the same profile (loadModel, ProjectAnalysis, ...).
// 3. The phases again, in-process with --expose-gc, to see the heap each one leaves behind.

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';
import { YOUNG_GENERATION_FLAG } from './measure.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const CLI = path.join(REPO, 'dist/src/cli/bin.js');

const args = process.argv.slice(2);
const get = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

// ---------------------------------------------------------------------------------------------
// Phase 3 runs in a child of this script: `node --expose-gc bench/profile.mjs --memory-phases <root>`.
if (args[0] === '--memory-phases') {
  await memoryPhases(args[1]);
  process.exit(0);
}

const functions = Number(get('functions', '1000'));
const top = Number(get('top', '30'));
const keep = args.includes('--keep');
if (!existsSync(CLI)) {
  process.stderr.write('profile: dist/ is missing: run npm run build first\n');
  process.exit(2);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sls-lint-profile-'));
const floor = args.includes('--floor');
let root = get('project');
let manifestFile;
let generatedHandler;
if (root) {
  root = path.resolve(root);
  if (floor) {
    process.stderr.write('profile: --floor needs a generated project (leave out --project)\n');
    process.exit(2);
  }
} else {
  root = path.join(tmp, 'project');
  const manifest = generateProject({ functions, out: root, seed: Number(get('seed', '42')) });
  manifestFile = path.join(tmp, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  generatedHandler = manifest.handlerFiles[Math.floor(manifest.handlerFiles.length / 2)];
  process.stderr.write(`profile: ${manifest.functions} functions, ${manifest.codeFiles.length} code files, ${manifest.templates.length} templates in ${root}\n`);
}

const mode = get('run', 'cold');
if (!['cold', 'prime', 'warm', 'edit'].includes(mode)) {
  process.stderr.write('profile: --run takes cold, prime, warm or edit\n');
  process.exit(2);
}
const cacheArgs = mode === 'cold' ? [] : ['--cache', '--cache-location', path.join(tmp, 'sls-lint-cache')];
if (mode === 'warm' || mode === 'edit') {
  const prime = spawnSync(process.execPath, [CLI, '--format', 'json', '--output-file', '/dev/null', ...cacheArgs], { cwd: root, encoding: 'utf8' });
  if (prime.status !== 0 && prime.status !== 1) {
    process.stderr.write(`profile: the priming run exited with ${prime.status}: ${prime.stderr}\n`);
    process.exit(1);
  }
  if (mode === 'edit') {
    // The same edit as bench/run.mjs's: one line appended to one handler, so its content hash changes.
    const edited = get('edit-file') ? path.resolve(root, get('edit-file')) : generatedHandler;
    if (!edited) {
      process.stderr.write('profile: --run edit on an existing --project needs --edit-file <file>\n');
      process.exit(2);
    }
    appendFileSync(edited, '// edited by the profiler\n');
    process.stderr.write(`profile: edited ${path.relative(root, edited)}\n`);
  }
}
const profDir = path.join(tmp, 'prof');
const started = process.hrtime.bigint();
const target = floor ? [path.join(BENCH, 'floor.mjs'), manifestFile] : [CLI, '--format', 'json', '--output-file', '/dev/null', ...cacheArgs];
// The young generation the CLI would relaunch itself with (src/cli/relaunch.ts): given here, the run
// stays in the process profiled.
const heapArgs = floor ? [] : [YOUNG_GENERATION_FLAG];
const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, ...heapArgs, ...target], { cwd: root, encoding: 'utf8' });
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
if (run.status !== 0 && run.status !== 1) {
  process.stderr.write(`profile: sls-lint exited with ${run.status}: ${run.stderr}\n`);
  process.exit(1);
}
const profileFile = path.join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')));
const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
summarise(profile, wallMs);

if (!floor && mode === 'cold' && !args.includes('--no-memory')) {
  const memory = spawnSync(process.execPath, ['--expose-gc', ...heapArgs, fileURLToPath(import.meta.url), '--memory-phases', root], { cwd: root, encoding: 'utf8' });
  process.stdout.write(`\n${memory.stdout}`);
  if (memory.status !== 0) process.stderr.write(memory.stderr);
}

if (keep) process.stderr.write(`profile: kept ${tmp} (profile: ${profileFile})\n`);
else rmSync(tmp, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------

/** Which part of the run a profile node's code belongs to, from its script URL. */
function areaOf(node) {
  const url = node.callFrame.url;
  const name = node.callFrame.functionName;
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(program)' || name === '(idle)' || name === '(root)') return 'V8 / native (program)';
  if (!url) return 'V8 / native (program)';
  if (url.startsWith('node:')) return 'Node internals (fs, module loading)';
  const rel = url.replace(/^file:\/\//, '');
  if (rel.includes('/node_modules/')) {
    const after = rel.slice(rel.lastIndexOf('/node_modules/') + '/node_modules/'.length);
    const pkg = after.startsWith('@') ? after.split('/').slice(0, 2).join('/') : after.split('/')[0];
    if (pkg === 'typescript') return 'parsing: TypeScript scanner/parser (typescript-estree)';
    if (pkg === '@typescript-eslint/typescript-estree' || pkg === 'ts-api-utils') return 'parsing: ESTree conversion (typescript-estree)';
    if (pkg === '@typescript-eslint/scope-manager') return 'parsing: scope analysis (@typescript-eslint/scope-manager)';
    if (pkg === '@typescript-eslint/visitor-keys' || pkg === 'eslint-visitor-keys') return 'ESLint traversal';
    if (pkg === 'eslint' || pkg === 'esquery' || pkg === 'eslint-scope' || pkg === '@eslint/core' || pkg === '@eslint/js' || pkg === '@eslint/plugin-kit' || pkg === '@eslint/config-array' || pkg === '@humanwhocodes/retry') {
      if (/\/eslint\/lib\/(linter|languages|source-code|rules\/utils|shared\/traverser)/.test(rel) || pkg === 'esquery') return 'ESLint traversal';
      return 'ESLint (config, file handling, other)';
    }
    if (pkg === 'yaml') return 'template loading: YAML parsing';
    if (pkg === 'tinyglobby' || pkg === 'fdir' || pkg === 'picomatch') return 'discovery and globs (tinyglobby, picomatch)';
    if (pkg === 'ajv' || pkg === 'fast-deep-equal' || pkg === 'json-schema-traverse' || pkg === 'uri-js') return 'ESLint (config, file handling, other)';
    return `other dependencies (${pkg})`;
  }
  const inRepo = rel.startsWith(REPO) ? rel.slice(REPO.length + 1) : rel;
  if (inRepo.startsWith('dist/rules/')) return 'our rules (rules/*.ts)';
  if (inRepo.startsWith('dist/src/code/')) return 'our rules: code facts (src/code)';
  if (inRepo.startsWith('dist/src/analysis/')) return 'project analysis (src/analysis)';
  if (/^dist\/src\/(template|model|serverless)\//.test(inRepo) || inRepo === 'dist/src/model/load-model.js') return 'template loading: model (src/template, src/model, src/serverless)';
  if (inRepo.startsWith('dist/src/report/') || inRepo.startsWith('dist/src/results')) return 'report and results';
  if (inRepo.startsWith('dist/src/')) return `sls-lint other (${inRepo.split('/').slice(2, 4).join('/')})`;
  return `other (${inRepo})`;
}

function summarise(profile, wallMs) {
  const { nodes, samples, timeDeltas } = profile;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);

  const areas = new Map();
  const fns = new Map();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    const area = areaOf(node);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}\u0000${where}`;
    const entry = fns.get(key) ?? { name: functionName || '(anonymous)', where, area, ms: 0 };
    entry.ms += ms;
    fns.set(key, entry);
  }
  const pct = (ms) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%`;
  const out = [];
  out.push(`${floor ? 'Floor (bench/floor.mjs)' : mode === 'cold' ? 'Cold run' : ({ prime: '--cache priming run', warm: '--cache warm run', edit: '--cache run after a one-file edit' })[mode]}: ${(wallMs / 1000).toFixed(2)} s wall, ${(totalMs / 1000).toFixed(2)} s profiled (main thread).`, '', 'Self time by area:');
  for (const [area, ms] of [...areas].sort((a, b) => b[1] - a[1])) out.push(`  ${pct(ms)}  ${(ms / 1000).toFixed(2).padStart(7)} s  ${area}`);
  out.push('', `Top ${top} functions by self time:`);
  for (const f of [...fns.values()].sort((a, b) => b.ms - a.ms).slice(0, top)) {
    out.push(`  ${pct(f.ms)}  ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}  ${f.where}  [${f.area}]`);
  }

  // Inclusive time of the synchronous phases (async ones are split across ticks and cannot be summed this way).
  const children = new Map(nodes.map((n) => [n.id, n.children ?? []]));
  const inclusive = (id) => (self.get(id) ?? 0) + children.get(id).reduce((n, c) => n + inclusive(c), 0);
  const PHASES = [
    ['loadConfig', 'config'], ['discover', 'discovery (sync part)'], ['loadModel', 'template loading (parse, model, handlers)'],
    ['ProjectAnalysis', 'project analysis (parse every module, index, resolve, reach)'], ['runTemplateRules', 'template rules'],
    ['formatResults', 'report formatting'], ['mergeResults', 'merging results'],
  ];
  const phaseMs = new Map();
  const visit = (id, inside) => {
    const node = byId.get(id);
    const phase = PHASES.find(([fn]) => node.callFrame.functionName === fn && node.callFrame.url.includes('/dist/'));
    if (phase && !inside.has(phase[0])) {
      phaseMs.set(phase[0], (phaseMs.get(phase[0]) ?? 0) + inclusive(id));
      inside = new Set([...inside, phase[0]]);
    }
    for (const c of children.get(id)) visit(c, inside);
  };
  visit(nodes[0].id, new Set());
  // Details: inclusive time of some functions wherever they are called (not counting recursion twice).
  const DETAILS = [
    ['parseForESLint', '@typescript-eslint/parser/', 'parsing (parseForESLint: TypeScript parse, ESTree conversion, scope analysis)'],
    ['getCodeFacts', '/dist/src/code/code-facts.js', 'code facts (getCodeFacts, once per module)'],
    ['ModuleIndex', '/dist/src/analysis/module-index.js', 'module indexes (new ModuleIndex, once per module)'],
    ['compute', '/dist/src/analysis/module-resolver.js', 'import resolution (ModuleResolver: relative and tsconfig paths)'],
    ['reachFrom', '/dist/src/analysis/analysis.js', 'reachability from each handler (reachFrom)'],
    ['parseTemplate', '/dist/src/template/parse-template.js', 'template parsing (parseTemplate, yaml)'],
    ['buildServerlessStack', '/dist/src/model/build-serverless.js', 'Serverless model (variables resolved, buildServerlessStack)'],
    ['buildCloudFormationStack', '/dist/src/model/build-cloudformation.js', 'CloudFormation/SAM model (buildCloudFormationStack)'],
  ];
  const detailMs = new Map();
  const visitDetail = (id, inside) => {
    const node = byId.get(id);
    const detail = DETAILS.find(([fn, where]) => node.callFrame.functionName === fn && node.callFrame.url.includes(where));
    if (detail && !inside.has(detail[0])) {
      detailMs.set(detail[0], (detailMs.get(detail[0]) ?? 0) + inclusive(id));
      inside = new Set([...inside, detail[0]]);
    }
    for (const c of children.get(id)) visitDetail(c, inside);
  };
  visitDetail(nodes[0].id, new Set());
  out.push('', 'Inclusive time of the synchronous phases:');
  for (const [fn, label] of PHASES) {
    if (phaseMs.has(fn)) out.push(`  ${pct(phaseMs.get(fn))}  ${(phaseMs.get(fn) / 1000).toFixed(2).padStart(7)} s  ${label} [${fn}]`);
  }
  const known = [...phaseMs.values()].reduce((a, b) => a + b, 0);
  out.push(`  ${pct(totalMs - known)}  ${((totalMs - known) / 1000).toFixed(2).padStart(7)} s  everything else: module loading, ESLint's lintFiles (traversal, rules), garbage collection`);
  out.push('', 'Inclusive time of some functions, wherever called (overlapping the phases above):');
  for (const [fn, , label] of DETAILS) if (detailMs.has(fn)) out.push(`  ${pct(detailMs.get(fn))}  ${(detailMs.get(fn) / 1000).toFixed(2).padStart(7)} s  ${label}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function shortUrl(url) {
  const rel = url.replace(/^file:\/\//, '');
  const nm = rel.lastIndexOf('/node_modules/');
  if (nm >= 0) return rel.slice(nm + '/node_modules/'.length);
  return rel.startsWith(REPO) ? rel.slice(REPO.length + 1) : rel;
}

// ---------------------------------------------------------------------------------------------

/** The phases of lintProject, in-process, with the heap measured (after a full GC) at each step. */
async function memoryPhases(projectRoot) {
  const { lintProject } = await import('../dist/src/engine/lint.js');
  const { createSession } = await import('../dist/src/session/session.js');
  const mb = (n) => `${Math.round(n / 1024 / 1024)} MB`;
  const heap = () => {
    globalThis.gc();
    const m = process.memoryUsage();
    return { heapUsed: m.heapUsed, rss: m.rss };
  };
  const lines = ['Heap retained after each phase (in-process, after a full GC):'];
  const base = heap();
  lines.push(`  ${'modules loaded'.padEnd(34)} heap ${mb(base.heapUsed).padStart(8)}   rss ${mb(base.rss).padStart(8)}`);
  let t = performance.now();
  let session = createSession({ root: projectRoot });
  const loaded = heap();
  lines.push(`  ${'templates loaded (model)'.padEnd(34)} heap ${mb(loaded.heapUsed).padStart(8)}   rss ${mb(loaded.rss).padStart(8)}   ${((performance.now() - t) / 1000).toFixed(2)} s`);
  t = performance.now();
  const modules = session.analysis.files().length;
  const analysed = heap();
  lines.push(`  ${`project analysis (${modules} modules)`.padEnd(34)} heap ${mb(analysed.heapUsed).padStart(8)}   rss ${mb(analysed.rss).padStart(8)}   ${((performance.now() - t) / 1000).toFixed(2)} s`);
  lines.push(`  ${'  per module'.padEnd(34)} heap ${`${Math.round((analysed.heapUsed - loaded.heapUsed) / modules / 1024)} KB`.padStart(8)}`);
  // What the parse cache (every AST, with tokens, comments and scopes, kept for ESLint) holds.
  session.dispose();
  const withoutParses = heap();
  lines.push(`  ${'  of which the parse cache'.padEnd(34)} heap ${mb(analysed.heapUsed - withoutParses.heapUsed).padStart(8)}   (freed by session.dispose(): trees, indexes and code facts; the analysis keeps summaries)`);
  session = undefined;
  const dropped = heap();
  lines.push(`  ${'  analysis dropped too'.padEnd(34)} heap ${mb(dropped.heapUsed).padStart(8)}`);
  // The real run, end to end: its peak is the process's peak RSS.
  t = performance.now();
  const run = await lintProject({ cwd: projectRoot });
  const after = process.memoryUsage();
  lines.push(`  ${'full lintProject (again)'.padEnd(34)} heap ${mb(after.heapUsed).padStart(8)}   rss ${mb(after.rss).padStart(8)}   ${((performance.now() - t) / 1000).toFixed(2)} s   (before GC; ${run.results.length} results; peak RSS of the process ${mb(process.resourceUsage().maxRSS * 1024)})`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
