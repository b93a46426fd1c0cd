import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/config/load-config.js';
import { discover } from '../../src/template/discover.js';
import { ignoresBelow, leavesRoot } from '../../src/util/root-globs.js';
import { runCli } from '../helpers/run-cli.js';
import { hostileProject, VALID_TEMPLATE } from './project.js';

describe('ignore globs that leave the root', () => {
  it.each([
    ['/etc/**'], ['../../**'], ['..'], ['../x.yaml'], ['src/../../**'], ['**/../../etc/**'], ['!../**'], ['{/etc,src}/**'],
    ['{src,../..}/**'], ['C:/Windows/**'], ['\\\\server\\share\\**'], ['..\\..\\**'],
  ])('%s leaves the root', (glob) => {
    expect(leavesRoot(glob)).toBe(true);
  });

  it.each([['**/node_modules/**'], ['src/**'], ['generated/*.yaml'], ['!src/keep.yaml'], ['**/*.template.json'], ['a..b/**'], ['..hidden/**'], ['{a,b}/**']])(
    '%s stays inside it',
    (glob) => {
      expect(leavesRoot(glob)).toBe(false);
    },
  );

  it.each([
    [['/etc/**'], '/etc/**'],
    [['src/**', '/etc/**', '../../**'], '/etc/**'],
    [['../../**'], '../../**'],
  ])('%j in a config is a config error naming the file and the glob', (ignores, glob) => {
    expect(() => resolveConfig({ ignores }, '/work/app/sls-lint.config.json')).toThrow(new ConfigError(
      `/work/app/sls-lint.config.json: ignore glob "${glob}" leaves the project root: globs are relative to the root (no absolute path, no "..")`,
    ));
  });

  it('the CLI exits 2 with that one line, instead of linting nothing (or listing /)', async () => {
    const root = hostileProject({ 'sls-lint.config.json': JSON.stringify({ ignores: ['/etc/**', '../../**'] }) });
    expect(await runCli(['--format', 'json'], root)).toEqual({
      code: 2, stdout: '',
      stderr: `sls-lint: ${path.join(root, 'sls-lint.config.json')}: ignore glob "/etc/**" leaves the project root: globs are relative to the root (no absolute path, no "..")\n`,
    });
  });

  it('discovery never hands such a glob to the walk: it cannot widen it, nor hide the root (it used to find nothing)', () => {
    // Two folders down: where `../../**` names the temp folder, not the file system's root.
    const root = hostileProject({}, path.join(realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-globs-'))), 'a', 'b', 'project'));
    expect(discover(root, ['.'], ['/etc/**', '../../**']).templates).toEqual([path.join(root, 'valid/template.yaml')]);
  });

  it('root-relative globs apply to a search below the root as the walk takes them', () => {
    expect(ignoresBelow('', ['src/**', '**/gen/**', '/etc/**', '!keep.yaml'])).toEqual(['src/**', '**/gen/**']);
    expect(ignoresBelow('services/a', ['services/a/build/**', 'services/b/**', '**/gen/**', '../x/**'])).toEqual(['build/**', '**/gen/**']);
  });

  it('ignores still apply when the path searched is a folder below the root', async () => {
    const root = hostileProject({
      'services/a/template.yaml': VALID_TEMPLATE.replace(/Jobs/g, 'ATasks'),
      'services/a/worker.ts': 'export const handler = async () => 1;\n',
      'services/a/build/template.yaml': VALID_TEMPLATE.replace(/Jobs/g, 'BuildTasks'),
      'services/a/build/worker.ts': 'export const handler = async () => 1;\n',
      'sls-lint.config.json': JSON.stringify({ ignores: ['services/*/build/**'] }),
    });
    const run = await runCli(['--format', 'json', 'services'], root);
    const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => path.relative(root, r.filePath).split(path.sep).join('/'));
    expect(files.filter((file) => file.endsWith('template.yaml'))).toEqual(['services/a/template.yaml']);
  });
});
