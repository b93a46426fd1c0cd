import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { ACCOUNT_ONLY } from '../helpers/findings.js';
import { sarifValidator } from '../helpers/sarif-schema.js';
import { expectKnownFinding, flatten, hostileProject, VALID_TEMPLATE } from './project.js';

/** The CLI as users run it: built by `npm test` (npm run build) before vitest starts. */
const BIN = path.resolve(import.meta.dirname, '../../dist/src/cli/bin.js');

let built: string | undefined;

/** One project with every kind of hostile file at once (made once: the runs only read it). */
function everythingProject(): string {
  built ??= makeEverythingProject();
  return built;
}

function makeEverythingProject(): string {
  const deep = 10_000;
  let bomb = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (const [name, previous] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g'], ['i', 'h']]) {
    bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
  }
  const variables = [...'abcdefghijklmnopqrst'].map((name, i, all) => `  ${name}: ${i === all.length - 1 ? 'x' : Array(6).fill(`\${self:custom.${all[i + 1]}}`).join('')}`);
  const root = hostileProject({
    'yaml-error/template.yaml': 'Resources:\n  Queue: [unclosed\n',
    'truncated/template.json': '{"Resources": {"Queue": ',
    'code-error/template.yaml': VALID_TEMPLATE.replace(/Jobs/g, 'Tasks'),
    'code-error/worker.ts': 'export const handler = async ( => {\n',
    'no-handler/template.yaml': VALID_TEMPLATE.replace('worker.handler', 'gone.handler').replace(/Jobs/g, 'Tasks'),
    'bomb/template.yaml': bomb,
    'deep-yaml/template.yaml': `${'['.repeat(deep)}${']'.repeat(deep)}\n`,
    'deep-block/template.yaml': `${'- '.repeat(deep)}x\n`,
    'deep-json/template.json': `${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}`,
    'binary/template.yaml': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    'latin1/template.yaml': Buffer.from([...Buffer.from('Description: caf'), 0xe9, 0x0a]),
    'bom/template.yaml': `\uFEFF${VALID_TEMPLATE.replace(/Jobs/g, 'BomJobs')}`,
    'bom/worker.ts': 'export const handler = async () => {};\n',
    'proto/template.json': '{"__proto__": {"polluted": 1}, "Resources": {"constructor": {"Type": "AWS::SQS::Queue"}}}',
    'proto/serverless.yml': 'service: p\n__proto__: {polluted: 1}\nprovider: {name: aws}\ncustom: {a: "${self:__proto__.polluted}"}\n',
    'tags/template.yaml': 'Metadata:\n  Fn: !!js/function "function () { process.exit(3) }"\n  Py: !!python/object/apply:os.system ["exit 3"]\nResources: {}\n',
    'includes/template.yaml': 'Resources:\n  A:\n    Fn::Include: ../../outside.yaml\n  B:\n    Fn::Include: https://example.com/x.yaml\n',
    // Once the budget is spent everything else stays as written, so the file() comes first.
    'vars/serverless.yml': `service: v\nprovider: {name: aws}\ncustom:\n  out: \${file(../../outside.yml)}\n${variables.join('\n')}\n`,
  });
  // 50 MB exactly, a YAML template in form all the way.
  const huge = path.join(root, 'huge', 'template.yaml');
  mkdirSync(path.dirname(huge));
  const head = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n';
  writeFileSync(huge, `${head}${'#'.repeat(50 * 2 ** 20 - head.length - 1)}\n`);
  // A FIFO would block a reader until someone writes to it: it must not be opened at all.
  mkdirSync(path.join(root, 'fifo'));
  spawnSync('mkfifo', [path.join(root, 'fifo', 'template.yaml'), path.join(root, 'fifo', 'stack.yaml')]);
  mkdirSync(path.join(root, 'links'));
  symlinkSync('..', path.join(root, 'links', 'loop'));
  symlinkSync('/', path.join(root, 'links', 'filesystem-root'));
  symlinkSync('/etc/hostname', path.join(root, 'links', 'etc.template.yaml'));
  return root;
}

function run(args: string[], cwd: string) {
  const env = { ...process.env };
  delete env['SLS_LINT_DEBUG'];
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 2 ** 20 });
  return { ...result, ms: performance.now() - started };
}

describe('the built CLI on a project of hostile files', () => {
  it('is built', () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build (npm test does)`).toBe(true);
  });

  it('reports findings (exit 1), never a stack trace or an internal error, in bounded time', () => {
    const root = everythingProject();
    const { status, signal, stdout, stderr, ms } = run(['--format', 'json'], root);
    expect(signal).toBeNull();
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('internal error');
    expect(stderr).toMatch(ACCOUNT_ONLY);
    expect(status).toBe(1);
    expect(ms).toBeLessThan(60_000);

    const findings = flatten(JSON.parse(stdout) as LintResult[], realpathSync(root));
    const rulesOf = (file: string) => [...new Set(findings.filter((f) => f.file === file).map((f) => f.ruleId))].sort();
    for (const file of [
      'yaml-error/template.yaml', 'truncated/template.json', 'code-error/worker.ts', 'bomb/template.yaml', 'deep-yaml/template.yaml',
      'deep-block/template.yaml', 'deep-json/template.json', 'huge/template.yaml', 'binary/template.yaml', 'latin1/template.yaml',
    ]) {
      expect(rulesOf(file), file).toContain('sls/parse-error');
    }
    expect(rulesOf('no-handler/template.yaml')).toContain('sls/handler-not-found');
    // Discovery lists regular files only: the FIFOs were passed over, not opened (or the run would still be waiting).
    expect(findings.filter((f) => f.file.startsWith('fifo/'))).toEqual([]);
    expect(rulesOf('includes/template.yaml')).toEqual(['sls/unsafe-include']);
    expect(rulesOf('vars/serverless.yml')).toEqual(['sls/parse-error', 'sls/unsafe-include']);
    expect(findings.find((f) => f.file === 'huge/template.yaml')?.message).toBe('Parsing error: Template is 50 MB, over the limit of 2 MB; SLS_LINT_MAX_TEMPLATE_MB raises it');
    expect(findings.filter((f) => f.file.startsWith('bom/') || f.file.startsWith('proto/') || f.file.startsWith('tags/'))
      .filter((f) => f.ruleId === 'sls/parse-error')).toEqual([]);
    expect(findings.filter((f) => f.file.startsWith('links/') || f.file.startsWith('..'))).toEqual([]);
    expectKnownFinding(findings);
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema, every finding placed', () => {
    const { status, stdout } = run(['--format', 'sarif'], everythingProject());
    expect(status).toBe(1);
    const log = JSON.parse(stdout);
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const regions = log.runs[0].results.map((r: { locations: { physicalLocation: { region: { startLine: number } } }[] }) => r.locations[0]!.physicalLocation.region);
    expect(regions.length).toBeGreaterThan(10);
    for (const region of regions) expect(region.startLine).toBeGreaterThanOrEqual(1);
  });

  it('a FIFO named on the command line is passed over, not opened', () => {
    const root = everythingProject();
    if (!existsSync(path.join(root, 'fifo', 'template.yaml'))) return; // no mkfifo here
    const { status, signal, stderr } = run(['fifo/template.yaml', 'fifo/stack.yaml', 'valid'], root);
    expect(signal).toBeNull();
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });

  it('sls-lint graph on the same project: what could not be read on stderr, one line each, exit 1', () => {
    const root = everythingProject();
    const { status, signal, stderr, stdout } = run(['graph'], root);
    expect(signal).toBeNull();
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('internal error');
    expect(stderr).toMatch(/^huge\/template\.yaml:1:1: Parsing error: Template is 50 MB, over the limit of 2 MB; SLS_LINT_MAX_TEMPLATE_MB raises it \(sls\/parse-error\)$/m);
    expect(stdout).toContain('Worker');
    expect(status).toBe(1);
  });
});
