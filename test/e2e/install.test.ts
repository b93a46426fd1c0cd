import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string; scripts: Record<string, string> };
const TARBALL = `${pkg.name}-${pkg.version}.tgz`;

/**
 * The README's install route until sls-lint is on the registry: `npm pack` in a clone, then
 * `npm i -D <tarball>` in the service. The install itself needs the registry for the dependencies,
 * which tests never reach; npm places the tarball's content in node_modules/sls-lint, so the test
 * does that, with the repository's own dependencies beside it, and runs what the README runs.
 */
describe("the README's install route", () => {
  let service: string;
  beforeAll(() => {
    expect(existsSync(path.join(REPO, 'dist/src/cli/bin.js')), 'dist/ is missing: run npm run build (npm test does)').toBe(true);
    const temp = mkdtempSync(path.join(tmpdir(), 'sls-lint-install-'));
    // --ignore-scripts: prepack would build again; npm test has just built dist/.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', temp], { cwd: REPO, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    service = path.join(temp, 'my-service');
    const installed = path.join(service, 'node_modules', pkg.name);
    mkdirSync(installed, { recursive: true });
    expect(spawnSync('tar', ['-xzf', path.join(temp, TARBALL), '-C', installed, '--strip-components=1']).status).toBe(0);
    for (const entry of readdirSync(path.join(REPO, 'node_modules'))) {
      if (entry.startsWith('.')) continue;
      symlinkSync(path.join(REPO, 'node_modules', entry), path.join(service, 'node_modules', entry));
    }
    cpSync(path.join(REPO, 'fixtures/sam-orders'), path.join(service, 'app'), { recursive: true });
  });

  it('the README names the tarball npm pack writes', () => {
    expect(readFileSync(path.join(REPO, 'README.md'), 'utf8')).toContain(`npm i -D ../sls-lint/${TARBALL}`);
  });

  it('installing runs no script: the package has no install-time script, and holds the built CLI', () => {
    const packed = JSON.parse(readFileSync(path.join(service, 'node_modules', pkg.name, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; bin: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(packed.scripts?.[hook], hook).toBeUndefined();
    expect(existsSync(path.join(service, 'node_modules', pkg.name, packed.bin['sls-lint']!))).toBe(true);
    // Only what a user needs: no sources, tests or fixtures.
    expect(readdirSync(path.join(service, 'node_modules', pkg.name)).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'docs', 'package.json'].filter((f) => f !== 'LICENSE' || existsSync(path.join(REPO, 'LICENSE'))));
  });

  it('the installed CLI answers --version and lints a project: exit 1 on its findings', () => {
    const bin = path.join(service, 'node_modules', pkg.name, 'dist/src/cli/bin.js');
    const version = spawnSync(process.execPath, [bin, '--version'], { cwd: service, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(pkg.version);
    const env = { ...process.env, NO_COLOR: '1' };
    const run = spawnSync(process.execPath, [bin, 'app', '--format', 'json'], { cwd: service, encoding: 'utf8', env });
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[])
      .flatMap((r) => r.messages.map((m) => `${path.relative(service, r.filePath)}:${m.line} ${m.ruleId}`));
    expect(findings).toContain('app/template.yaml:63 sls/sqs-redrive-policy');
  });

  it('the ESLint plugin resolves from the installed package, as eslint.config.mjs imports it', () => {
    const probe = `import sls from '${pkg.name}/eslint-plugin'; console.log(Object.keys(sls.configs).sort().join(','), typeof sls.rules['no-sync-invoke']);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: service, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('recommended,strict object');
  });
});
