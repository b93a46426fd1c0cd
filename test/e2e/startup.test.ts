import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GRAPH_HELP, HELP, MERGE_HELP, DEFAULT_BASELINE as HELP_BASELINE, FORMAT_NAMES, GRAPH_FORMAT_NAMES } from '../../src/cli/help.js';
import { GRAPH_FORMATS } from '../../src/graph/index.js';
import { FORMATS } from '../../src/report/index.js';
import { DEFAULT_BASELINE } from '../../src/review/review-results.js';
import { PACKAGE } from '../../src/version.js';
import { runCli } from '../helpers/run-cli.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'dist/src/cli/bin.js');

/**
 * What loading `file` loads: its static imports, followed (type-only ones and dynamic `import()`
 * left out), as repo-relative files and package specifiers.
 */
function staticClosure(file: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (relative: string) => {
    if (files.has(relative)) return;
    files.add(relative);
    const source = ts.createSourceFile(relative, readFileSync(path.join(REPO, relative), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) specifier = statement.moduleSpecifier;
      if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      if (!specifier.text.startsWith('.')) packages.add(specifier.text);
      else visit(path.posix.join(path.posix.dirname(relative), specifier.text).replace(/\.js$/, '.ts'));
    }
  };
  visit(file);
  return { files: [...files].sort(), packages: [...packages].sort() };
}

describe('start-up: --version and --help', () => {
  it('bin.ts loads five small modules (the read gate reads package.json; relaunch.ts starts the run) and Node built-ins before it knows it must lint (the engine comes with import())', () => {
    const { files, packages } = staticClosure('src/cli/bin.ts');
    expect(files).toEqual(['src/cli/args.ts', 'src/cli/bin.ts', 'src/cli/help.ts', 'src/cli/relaunch.ts', 'src/util/fs-fence.ts', 'src/version.ts']);
    expect(packages.filter((p) => !p.startsWith('node:'))).toEqual([]);
    expect(readFileSync(path.join(REPO, 'src/cli/bin.ts'), 'utf8')).toContain("await import('./main.js')");
  });

  it('the help names every format, graph format and the default baseline the code has', () => {
    expect(FORMAT_NAMES).toEqual(Object.keys(FORMATS));
    expect(GRAPH_FORMAT_NAMES).toEqual(Object.keys(GRAPH_FORMATS));
    expect(HELP_BASELINE).toBe(DEFAULT_BASELINE);
    expect(HELP).toContain(`Output format: ${Object.keys(FORMATS).join(', ')} (default: stylish)`);
    expect(GRAPH_HELP).toContain(`${Object.keys(GRAPH_FORMATS).join(', ')} (default: mermaid)`);
  });

  it('the help lists every option the parser takes', async () => {
    const { LINT_OPTIONS, GRAPH_OPTIONS, MERGE_OPTIONS } = await import('../../src/cli/args.js');
    const listed = (text: string) => [...text.matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
    expect(Object.keys(LINT_OPTIONS).filter((name) => !listed(HELP).includes(name))).toEqual([]);
    expect(Object.keys(GRAPH_OPTIONS).filter((name) => !listed(GRAPH_HELP).includes(name))).toEqual([]);
    expect(Object.keys(MERGE_OPTIONS).filter((name) => !listed(MERGE_HELP).includes(name))).toEqual([]);
  });

  it('the built CLI answers --version, -v, --help, -h and graph --help from the same texts as main', async () => {
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8' });
    for (const flag of ['--version', '-v']) expect(run([flag])).toMatchObject({ status: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
    for (const flag of ['--help', '-h']) expect(run([flag])).toMatchObject({ status: 0, stdout: HELP, stderr: '' });
    expect(run(['graph', '--help'])).toMatchObject({ status: 0, stdout: GRAPH_HELP, stderr: '' });
    expect(run(['merge', '--help'])).toMatchObject({ status: 0, stdout: MERGE_HELP, stderr: '' });
    expect((await runCli(['--help'], REPO)).stdout).toBe(HELP);
    expect((await runCli(['graph', '-h'], REPO)).stdout).toBe(GRAPH_HELP);
    expect((await runCli(['merge', '-h'], REPO)).stdout).toBe(MERGE_HELP);
  });

  it('--help with a mistake beside it is the mistake (exit 2), in the built CLI too', () => {
    const run = spawnSync(process.execPath, [BIN, '--help', '--bogus'], { cwd: REPO, encoding: 'utf8' });
    expect(run).toMatchObject({ status: 2, stdout: '', stderr: "sls-lint: unknown option '--bogus' (see --help)\n" });
  });
});

describe('the help in the docs', () => {
  it('docs/configuration.md shows the help texts as they are', () => {
    const doc = readFileSync(path.join(REPO, 'docs/configuration.md'), 'utf8');
    expect(doc).toContain(`\`\`\`text\n${HELP}\`\`\``);
    expect(doc).toContain(`\`\`\`text\n${GRAPH_HELP}\`\`\``);
    expect(doc).toContain(`\`\`\`text\n${MERGE_HELP}\`\`\``);
  });
});
