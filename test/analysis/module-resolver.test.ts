import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModuleResolver } from '../../src/analysis/module-resolver.js';

/** A project whose handler imports `@lib/orders` through tsconfig `paths`, with the tsconfig made by `writeConfig`. */
function project(writeConfig: (file: string, text: string) => void) {
  const base = mkdtempSync(path.join(tmpdir(), 'sls-resolver-'));
  const root = path.join(base, 'project');
  mkdirSync(path.join(root, 'src/lib'), { recursive: true });
  writeFileSync(path.join(root, 'src/handler.ts'), "import { save } from '@lib/orders';\n");
  writeFileSync(path.join(root, 'src/lib/orders.ts'), 'export const save = () => 1;\n');
  const config = JSON.stringify({ compilerOptions: { baseUrl: root, paths: { '@lib/*': ['src/lib/*'] } } });
  writeConfig(path.join(root, 'tsconfig.json'), config);
  return { base, root, handler: path.join(root, 'src/handler.ts'), target: path.join(root, 'src/lib/orders.ts') };
}

describe('ModuleResolver reads tsconfig through the read fence', () => {
  it('follows tsconfig paths when the tsconfig is a file inside the root', () => {
    const { root, handler, target } = project((file, text) => writeFileSync(file, text));
    expect(new ModuleResolver(root).resolve(handler, '@lib/orders')).toBe(target);
  });

  it('never reads a tsconfig that is a symlink leading outside the root', () => {
    const { root, handler } = project((file, text) => {
      const outside = path.join(path.dirname(path.dirname(file)), 'secret-tsconfig.json');
      writeFileSync(outside, text);
      symlinkSync(outside, file);
    });
    expect(new ModuleResolver(root).resolve(handler, '@lib/orders')).toBeUndefined();
  });

  it('passes over a tsconfig that is a FIFO instead of blocking on it', () => {
    const { root, handler } = project((file) => execFileSync('mkfifo', [file]));
    expect(new ModuleResolver(root).resolve(handler, '@lib/orders')).toBeUndefined();
  });
});

describe('ModuleResolver names a module by where it really is', () => {
  it('a module reached through a symlinked folder inside the root is named by its real place', () => {
    const { root, handler, target } = project((file, text) => writeFileSync(file, text));
    symlinkSync('lib', path.join(root, 'src/linked'));
    const resolver = new ModuleResolver(root);
    expect(resolver.resolve(handler, './linked/orders')).toBe(target);
    expect(resolver.resolve(handler, './lib/orders')).toBe(target);
  });

  it('a symlink out of the root keeps the name it was asked by (the read fence refuses it)', () => {
    const { base, root, handler } = project((file, text) => writeFileSync(file, text));
    mkdirSync(path.join(base, 'elsewhere'));
    writeFileSync(path.join(base, 'elsewhere/orders.ts'), 'export const save = () => 2;\n');
    symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'src/outside'));
    expect(new ModuleResolver(root).resolve(handler, './outside/orders')).toBe(path.join(root, 'src/outside/orders.ts'));
  });
});

describe('what a resolution asked the file system (the records of --cache)', () => {
  /** Whether every question a resolution asked, the tsconfigs' too when it read them, still gets its answer. */
  const stillAnswered = (resolver: ModuleResolver, from: string, specifier: string) => {
    const asked = resolver.probesOf(from, specifier)!;
    const fresh = new ModuleResolver(path.dirname(path.dirname(from)));
    return [...asked.probes, ...(asked.configs ? resolver.tsconfigProbes() : [])].every((p) => fresh.answer(p.kind, p.path) === p.answer);
  };

  it('an alias: answered the same until the tsconfig maps it elsewhere', () => {
    const { root, handler, target } = project((file, text) => writeFileSync(file, text));
    const resolver = new ModuleResolver(root);
    expect(resolver.resolve(handler, '@lib/orders')).toBe(target);
    expect(resolver.probesOf(handler, '@lib/orders')!.configs).toBe(true);
    expect(stillAnswered(resolver, handler, '@lib/orders')).toBe(true);
    writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: root, paths: { '@lib/*': ['src/other/*'] } } }));
    expect(stillAnswered(resolver, handler, '@lib/orders')).toBe(false);
  });

  it('a relative import: no longer answered the same once a file it looked for appears', () => {
    const { root, handler } = project((file, text) => writeFileSync(file, text));
    mkdirSync(path.join(root, 'src/util'));
    writeFileSync(path.join(root, 'src/util/index.ts'), 'export {};\n');
    const resolver = new ModuleResolver(root);
    expect(resolver.resolve(handler, './util')).toBe(path.join(root, 'src/util/index.ts'));
    expect(resolver.probesOf(handler, './util')!.configs).toBe(false);
    expect(stillAnswered(resolver, handler, './util')).toBe(true);
    writeFileSync(path.join(root, 'src/util.ts'), 'export {};\n');
    expect(stillAnswered(resolver, handler, './util')).toBe(false);
    expect(new ModuleResolver(root).resolve(handler, './util')).toBe(path.join(root, 'src/util.ts'));
  });

  it('a module behind a symlinked folder: no longer answered the same once the link leads elsewhere', () => {
    const { root, handler } = project((file, text) => writeFileSync(file, text));
    for (const dir of ['shared-a', 'shared-b']) {
      mkdirSync(path.join(root, dir));
      writeFileSync(path.join(root, dir, 'index.ts'), 'export {};\n');
    }
    symlinkSync(path.join(root, 'shared-a'), path.join(root, 'src/shared'));
    const resolver = new ModuleResolver(root);
    expect(resolver.resolve(handler, './shared')).toBe(path.join(root, 'shared-a/index.ts'));
    expect(stillAnswered(resolver, handler, './shared')).toBe(true);
    execFileSync('ln', ['-sfn', path.join(root, 'shared-b'), path.join(root, 'src/shared')]);
    expect(stillAnswered(resolver, handler, './shared')).toBe(false);
  });
});
