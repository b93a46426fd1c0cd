import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/results.js';
import { QUEUE_TEMPLATE } from '../helpers/temp-project.js';

/**
 * Every hostile project also holds this valid template: a queue consumed by a function, without a
 * RedrivePolicy. Its one sls/sqs-redrive-policy finding must survive whatever the other files do.
 */
export const VALID_TEMPLATE = QUEUE_TEMPLATE;

export const VALID_FILES = {
  'valid/template.yaml': VALID_TEMPLATE,
  'valid/worker.ts': 'export const handler = async (event: unknown) => event;\n',
};

/** The known finding of VALID_TEMPLATE: the Jobs queue, line 13. */
export const KNOWN_FINDING = { file: 'valid/template.yaml', line: 13, column: 3, ruleId: 'sls/sqs-redrive-policy', severity: 2 };

/** A project in a fresh temp folder (its real path: macOS puts tmp behind a symlink), with the valid files. */
export function hostileProject(files: Record<string, string | Buffer>, parent?: string): string {
  const root = parent ?? realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-hostile-')));
  for (const [name, content] of Object.entries({ ...VALID_FILES, ...files })) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

export interface FlatFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: number;
  message: string;
}

export function flatten(results: readonly LintResult[], root: string): FlatFinding[] {
  return results
    .flatMap((result) => result.messages.map((m) => ({
      file: path.relative(root, result.filePath).split(path.sep).join('/'),
      line: m.line,
      column: m.column,
      ruleId: m.ruleId ?? '(none)',
      severity: m.severity,
      message: m.message,
    })))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

/** Lints the project in-process; other rules may add findings, so tests pick the ones they are about. */
export async function lintFindings(root: string, paths?: string[]): Promise<FlatFinding[]> {
  const { results } = await lintProject({ cwd: root, ...(paths ? { paths } : {}) });
  return flatten(results, root);
}

export function expectKnownFinding(findings: readonly FlatFinding[]): void {
  const known = findings.filter((f) => f.file === KNOWN_FINDING.file && f.ruleId === KNOWN_FINDING.ruleId);
  expect(known.map(({ message: _m, ...f }) => f)).toEqual([KNOWN_FINDING]);
}

/** The findings of one rule in one file, without the message. */
export function findingsOf(findings: readonly FlatFinding[], file: string, ruleId: string) {
  return findings.filter((f) => f.file === file && f.ruleId === ruleId);
}

/** Wall time of one call, in milliseconds, with its result. */
export function timed<T>(call: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = call();
  return { value, ms: performance.now() - started };
}

/** A module that scans a table: linted, it has an sls/no-scan finding, so it shows whether a tsconfig's alias to it was used. */
const SCANNING_MODULE = [
  "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  "export const save = async () => client.send(new ScanCommand({ TableName: 'orders' }));",
  '',
].join('\n');

/** `@lib/*` → `lib/*`: the alias every service's handler imports its module by. */
const ALIASES = JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib/*'] } } });

const SERVERLESS_TS = [
  "import { functions } from '@lib/functions';",
  "export default { service: 'svc', provider: { name: 'aws', runtime: 'nodejs20.x' }, functions };",
  '',
].join('\n');

/** How each service's tsconfig.json is made; `outside` is a folder beside the root, `link` makes a symlink. */
export type TsconfigMaker = (tsconfig: string, outside: string) => void;

/**
 * Services under one root, each with a handler that imports its one module through the tsconfig
 * alias `@lib/orders` (SAM services), or a serverless.ts whose functions come through `@lib/functions`.
 * Each service's tsconfig.json is made by its maker: a file, a symlink out of the root, a FIFO,
 * /dev/zero... A run that reads a service's tsconfig lints `lib/orders.ts` (an sls/no-scan finding)
 * or reads the functions of serverless.ts (else an sls/config-not-static finding says the alias is unknown).
 * Returns the root and the folder beside it that stands for "outside the root".
 */
export function tsconfigProject(sam: Record<string, TsconfigMaker>, serverlessTs: Record<string, TsconfigMaker>): { root: string; outside: string } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-tsconfig-')));
  const root = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  mkdirSync(outside);
  // What a symlink out of the root leads to: the very aliases, so that reading it would show.
  writeFileSync(path.join(outside, 'tsconfig.json'), ALIASES);
  mkdirSync(path.join(outside, 'shared'));
  writeFileSync(path.join(outside, 'shared', 'base.json'), JSON.stringify({ compilerOptions: { baseUrl: '..', paths: { '@lib/*': ['lib/*'] } } }));
  const files: Record<string, string> = {};
  for (const name of Object.keys(sam)) {
    files[`${name}/template.yaml`] = VALID_TEMPLATE;
    files[`${name}/worker.ts`] = "import { save } from '@lib/orders';\nexport const handler = async () => save();\n";
    files[`${name}/lib/orders.ts`] = SCANNING_MODULE;
  }
  for (const name of Object.keys(serverlessTs)) {
    files[`${name}/serverless.ts`] = SERVERLESS_TS;
    files[`${name}/lib/functions.ts`] = "export const functions = { worker: { handler: 'worker.handler' } };\n";
    files[`${name}/worker.ts`] = 'export const handler = async () => 1;\n';
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  for (const [name, make] of [...Object.entries(sam), ...Object.entries(serverlessTs)]) make(path.join(root, name, 'tsconfig.json'), outside);
  return { root, outside };
}

/** The makers: a plain file (the control), and the hostile ones. */
export const TSCONFIGS = {
  file: ((tsconfig) => writeFileSync(tsconfig, ALIASES)) as TsconfigMaker,
  /** A symlink to a file outside the root that holds the aliases (as /etc/shadow would hold secrets). */
  linkedOut: ((tsconfig, outside) => symlinkSync(path.join(outside, 'tsconfig.json'), tsconfig)) as TsconfigMaker,
  /** A symlink to a system file every user may read. */
  linkedTo: (target: string): TsconfigMaker => (tsconfig) => symlinkSync(target, tsconfig),
  /** `extends` through a symlinked folder that leads outside the root. */
  extendsThroughLink: ((tsconfig, outside) => {
    symlinkSync(path.join(outside, 'shared'), path.join(path.dirname(tsconfig), 'shared'));
    writeFileSync(tsconfig, JSON.stringify({ extends: './shared/base.json' }));
  }) as TsconfigMaker,
  /** A FIFO: opened, it would block the run until someone writes to it. */
  fifo: ((tsconfig) => execFileSync('mkfifo', [tsconfig])) as TsconfigMaker,
  /** A symlink to a FIFO outside the root. */
  fifoOutside: ((tsconfig, outside) => {
    const fifo = path.join(outside, `${path.basename(path.dirname(tsconfig))}.fifo`);
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, tsconfig);
  }) as TsconfigMaker,
};

/**
 * One root with a service per hostile tsconfig.json (those this system can make): SAM services whose
 * handler imports `@lib/orders`, and serverless.ts services whose functions come through
 * `@lib/functions`. `control` and `ts-control` have a plain tsconfig.json: the run reads theirs.
 */
export function hostileTsconfigProject(): { root: string; outside: string } {
  const posix = process.platform !== 'win32';
  const makers: [string, TsconfigMaker, boolean][] = [
    ['control', TSCONFIGS.file, true],
    ['linked-out', TSCONFIGS.linkedOut, true],
    ['extends-link', TSCONFIGS.extendsThroughLink, true],
    ['passwd', TSCONFIGS.linkedTo('/etc/passwd'), existsSync('/etc/passwd')],
    ['zero', TSCONFIGS.linkedTo('/dev/zero'), existsSync('/dev/zero')],
    ['fifo', TSCONFIGS.fifo, posix],
    ['fifo-out', TSCONFIGS.fifoOutside, posix],
  ];
  const kept = makers.filter(([, , runs]) => runs);
  return tsconfigProject(Object.fromEntries(kept.map(([name, make]) => [name, make])), Object.fromEntries(kept.map(([name, make]) => [`ts-${name}`, make])));
}

/** Per service folder, its findings as `file ruleId` (the file within the service), sorted. */
export function findingsByService(findings: readonly FlatFinding[]): Record<string, string[]> {
  const byService: Record<string, string[]> = {};
  for (const { file, ruleId } of findings) {
    const [service, ...rest] = file.split('/');
    (byService[service!] ??= []).push(`${rest.join('/')} ${ruleId}`);
  }
  for (const list of Object.values(byService)) list.sort();
  return byService;
}

/**
 * What a run over hostileTsconfigProject finds when only the plain tsconfig files are read: the
 * control's module is linted (its alias resolved) and its serverless.ts read whole; every other
 * service's alias stays unknown.
 */
export function expectedTsconfigFindings(root: string): Record<string, string[]> {
  const template = ['template.yaml sls/batch-partial-failure', 'template.yaml sls/error-alarm', 'template.yaml sls/sqs-redrive-policy', 'template.yaml sls/tracing-enabled'];
  const expected: Record<string, string[]> = {};
  for (const service of readdirSync(root).sort()) {
    if (service === 'control') expected[service] = ['lib/orders.ts sls/no-hardcoded-resource', 'lib/orders.ts sls/no-scan', ...template];
    else if (service === 'ts-control') expected[service] = ['serverless.ts sls/tracing-enabled'];
    else if (service.startsWith('ts-')) expected[service] = ['serverless.ts sls/config-not-static', 'serverless.ts sls/config-not-static'];
    else expected[service] = template;
  }
  return expected;
}

/**
 * A project whose files a reader could block on: a handler, an included snippet, a `${file()}`
 * fragment, an imported module and the cache are FIFOs. (POSIX only: it needs mkfifo.)
 */
export function fifoProject(): string {
  const root = hostileProject({
    'fifo-handler/template.yaml': VALID_TEMPLATE.replace(/Jobs/g, 'HandlerJobs'),
    'fifo-include/template.yaml': 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Included:\n    Fn::Include: ./snippet.yaml\n',
    'fifo-file/serverless.yml': 'service: f\nprovider: {name: aws}\ncustom:\n  fragment: ${file(./fragment.yml)}\n',
    'fifo-import/template.yaml': VALID_TEMPLATE.replace(/Jobs/g, 'ImportJobs'),
    'fifo-import/worker.ts': "import { save } from './lib';\nexport const handler = async () => save();\n",
  });
  execFileSync('mkfifo', ['fifo-handler/worker.ts', 'fifo-include/snippet.yaml', 'fifo-file/fragment.yml', 'fifo-import/lib.ts', '.sls-lint-cache']
    .map((file) => path.join(root, file)));
  return root;
}

/** fifoProject's findings, as `file:line ruleId`: each FIFO passed over, nothing blocked. */
export const FIFO_PROJECT_FINDINGS = [
  'fifo-file/serverless.yml:4 sls/parse-error',
  'fifo-handler/template.yaml:1 sls/tracing-enabled',
  'fifo-handler/template.yaml:3 sls/error-alarm',
  'fifo-handler/template.yaml:7 sls/handler-not-found',
  'fifo-handler/template.yaml:9 sls/batch-partial-failure',
  'fifo-handler/template.yaml:13 sls/sqs-redrive-policy',
  'fifo-import/template.yaml:1 sls/tracing-enabled',
  'fifo-import/template.yaml:3 sls/error-alarm',
  'fifo-import/template.yaml:9 sls/batch-partial-failure',
  'fifo-import/template.yaml:13 sls/sqs-redrive-policy',
  'fifo-include/template.yaml:5 sls/parse-error',
  'valid/template.yaml:1 sls/tracing-enabled',
  'valid/template.yaml:3 sls/error-alarm',
  'valid/template.yaml:9 sls/batch-partial-failure',
  'valid/template.yaml:13 sls/sqs-redrive-policy',
];

export function findingLines(findings: readonly FlatFinding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
}
