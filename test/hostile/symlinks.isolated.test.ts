import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { discover } from '../../src/template/discover.js';
import { runCli } from '../helpers/run-cli.js';
import { expectKnownFinding, findingsOf, hostileProject, lintFindings, VALID_TEMPLATE } from './project.js';

/** Every path sls-lint's own modules open or read: how the tests see that nothing outside the root is read. */
const reads = vi.hoisted(() => [] as string[]);

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const record = (file: unknown) => {
    if (typeof file === 'string' || file instanceof URL || Buffer.isBuffer(file)) reads.push(String(file));
  };
  const wrapped = {
    ...fs,
    readFileSync: ((file: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
      record(file);
      return (fs.readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
    }) as typeof fs.readFileSync,
    openSync: ((file: Parameters<typeof fs.openSync>[0], ...rest: unknown[]) => {
      record(file);
      return (fs.openSync as (...args: unknown[]) => number)(file, ...rest);
    }) as typeof fs.openSync,
  };
  return { ...wrapped, default: wrapped };
});

/**
 * parent/
 *   outside/      a template, a snippet, a fragment and a handler: none may be read
 *   app/          the project root
 *     sub/loop -> ..                   a folder symlink loop
 *     a.yaml -> b.yaml, b.yaml -> a.yaml, self.template.yaml -> self.template.yaml
 *     outlink -> ../outside            a folder that leaves the root
 *     leak.template.yaml -> ../outside/template.yaml
 */
function projectWithLinks(): { root: string; outside: string } {
  const parent = realpathSync(mkdtempSync(path.join(tmpdir(), 'sls-hostile-links-')));
  const outside = path.join(parent, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'template.yaml'), VALID_TEMPLATE);
  writeFileSync(path.join(outside, 'snippet.yaml'), 'Jobs:\n  Type: AWS::SQS::Queue\n');
  writeFileSync(path.join(outside, 'secret.yml'), 'password: hunter2\n');
  writeFileSync(path.join(outside, 'worker.ts'), 'export const handler = async () => {};\n');
  // Not a template by name: only a sniff of its head would tell.
  writeFileSync(path.join(outside, 'stack.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');

  const root = path.join(parent, 'app');
  const include = (location: string) => `Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: ${location}\n`;
  hostileProject({
    'sub/.keep': '',
    // Fn::Include through a folder symlink, and through a file symlink.
    'inc-folder/template.yaml': include('../outlink/snippet.yaml'),
    'inc-file/template.yaml': include('./snippet.yaml'),
    'sls/serverless.yml': [
      'service: links',
      'provider:',
      '  name: aws',
      'custom:',
      '  viaFolder: ${file(../outlink/secret.yml)}',
      '  viaFile: ${file(./secret.yml)}',
      '  upAndOut: ${file(../../outside/secret.yml)}',
      '',
    ].join('\n'),
    'handler/template.yaml': VALID_TEMPLATE.replace(/Jobs/g, 'Tasks'),
  }, root);
  symlinkSync('..', path.join(root, 'sub', 'loop'));
  symlinkSync('b.yaml', path.join(root, 'a.yaml'));
  symlinkSync('a.yaml', path.join(root, 'b.yaml'));
  symlinkSync('self.template.yaml', path.join(root, 'self.template.yaml'));
  symlinkSync('../outside', path.join(root, 'outlink'));
  symlinkSync('../outside/template.yaml', path.join(root, 'leak.template.yaml'));
  symlinkSync('../../outside/snippet.yaml', path.join(root, 'inc-file', 'snippet.yaml'));
  symlinkSync('../../outside/secret.yml', path.join(root, 'sls', 'secret.yml'));
  symlinkSync('../../outside/worker.ts', path.join(root, 'handler', 'worker.ts'));
  return { root, outside };
}

function readsOutside(outside: string): string[] {
  return reads.filter((file) => {
    let real = file;
    try {
      real = realpathSync(file);
    } catch {
      // a path that does not resolve was not read either
    }
    return real === outside || real.startsWith(outside + path.sep);
  });
}

describe('symlinks', () => {
  it('discovery terminates on loops, and drops what leaves the root without reading it', async () => {
    const { root, outside } = projectWithLinks();
    reads.length = 0;
    const found = await discover(root, ['.', 'outlink', 'leak.template.yaml', 'sub/loop'], []);
    expect(found.templates.map((f) => path.relative(root, f)).filter((f) => !f.startsWith('sub'))).toEqual([
      path.join('handler', 'template.yaml'),
      path.join('inc-file', 'template.yaml'),
      path.join('inc-folder', 'template.yaml'),
      path.join('sls', 'serverless.yml'),
      path.join('valid', 'template.yaml'),
    ]);
    expect(readsOutside(outside)).toEqual([]);
  });

  it('a whole run reads nothing outside the root and says what it refused', async () => {
    const { root, outside } = projectWithLinks();
    reads.length = 0;
    const findings = await lintFindings(root);
    expect(readsOutside(outside)).toEqual([]);
    expect(reads.length).toBeGreaterThan(0);

    expect(findingsOf(findings, 'inc-folder/template.yaml', 'sls/unsafe-include')).toMatchObject([
      { line: 2, message: 'Include of ../outlink/snippet.yaml refused: it is outside the project root.' },
    ]);
    expect(findingsOf(findings, 'inc-file/template.yaml', 'sls/unsafe-include')).toMatchObject([
      { line: 2, message: 'Include of ./snippet.yaml refused: it is outside the project root.' },
    ]);
    expect(findingsOf(findings, 'sls/serverless.yml', 'sls/unsafe-include').map((f) => [f.line, f.message])).toEqual([
      [5, '${file(../outlink/secret.yml)} points outside the project root: not read.'],
      [6, '${file(./secret.yml)} points outside the project root: not read.'],
      [7, '${file(../../outside/secret.yml)} points outside the project root: not read.'],
    ]);
    expect(findingsOf(findings, 'handler/template.yaml', 'sls/handler-not-found')).toMatchObject([
      { line: 7, message: "Handler 'worker.handler' of Worker resolves to handler/worker.ts, a symlink that leads outside the project root: not read." },
    ]);
    // The template behind leak.template.yaml is outside: not linted, so none of its findings.
    expect(findings.filter((f) => f.file.includes('leak') || f.file.startsWith('..') || f.file.includes('outside'))).toEqual([]);
    expectKnownFinding(findings);
  });

  it('naming a folder symlink that leaves the root lints nothing there, and reads nothing', async () => {
    const { root, outside } = projectWithLinks();
    reads.length = 0;
    expect(await lintFindings(root, ['outlink'])).toEqual([]);
    expect(await lintFindings(root, ['leak.template.yaml'])).toEqual([]);
    expect(readsOutside(outside)).toEqual([]);
  });

  it('a config file that is a symlink out of the root is refused unread: its parse error would quote the secret', async () => {
    for (const name of ['sls-lint.config.json', 'sls-lint.config.yml']) {
      const { root, outside } = projectWithLinks();
      writeFileSync(path.join(outside, 'credentials'), 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n');
      symlinkSync('../outside/credentials', path.join(root, name));
      reads.length = 0;
      const run = await runCli([], root);
      expect(run).toEqual({ code: 2, stdout: '', stderr: `sls-lint: ${name} is a symlink that leads outside the project root: not read\n` });
      expect(readsOutside(outside)).toEqual([]);
    }
  });

  it('a handler import that is a symlink out of the root is not linted, with or without the cross-layer analysis', async () => {
    const { root, outside } = projectWithLinks();
    // Something a code rule would report, so linting it would show.
    writeFileSync(path.join(outside, 'lib.ts'), [
      "import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';",
      'export const call = () => new LambdaClient({}).send(new InvokeCommand({ FunctionName: "other", InvocationType: "RequestResponse" }));',
      '',
    ].join('\n'));
    writeFileSync(path.join(root, 'valid', 'worker.ts'), "import { call } from './lib';\nexport const handler = async () => call();\n");
    symlinkSync('../../outside/lib.ts', path.join(root, 'valid', 'lib.ts'));
    for (const crossLayer of [true, false]) {
      const { results } = await lintProject({ cwd: root, crossLayer });
      const linted = results.map((r) => path.relative(root, r.filePath));
      expect(linted, `crossLayer: ${crossLayer}`).not.toContain(path.join('valid', 'lib.ts'));
      expect(linted.filter((f) => f.startsWith('..'))).toEqual([]);
    }
  });
});
