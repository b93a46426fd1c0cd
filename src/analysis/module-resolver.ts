import path from 'node:path';
import ts from 'typescript';
import { readTemplateFile } from '../template/read-template.js';
import { isInside, realPath, resolvedPath } from '../util/fs-fence.js';
import { fencedTsHost, type FencedTsHost } from '../util/ts-host.js';
import { resolveLocal } from '../util/resolve-local.js';

/**
 * Where an import leads inside the project: relative specifiers (a `.js` specifier finds the `.ts`
 * it compiles from, a folder its index), and bare ones through the nearest tsconfig's `paths` and
 * `baseUrl`, resolved by TypeScript's own resolver. Packages (node_modules) and anything outside the
 * project root are not followed.
 */
export class ModuleResolver {
  private readonly cache = new Map<string, string | undefined>();
  private readonly configs = new Map<string, ts.CompilerOptions | undefined>();
  private realRoot: string | undefined;
  /** Every tsconfig read, `extends` chains included. */
  private readonly configsRead = new Set<string>();

  /**
   * TypeScript's file system, fenced (src/util/ts-host.ts): nothing outside the project root is
   * looked at, and a file is read only through the read gate (a regular file, within the config
   * size limit, real path inside the root), so a tsconfig (or an `extends` of it) that is a FIFO, a
   * device or a symlink out of the root is never opened.
   */
  private readonly host: FencedTsHost;

  constructor(private readonly root: string) {
    this.host = fencedTsHost(root, (file) => {
      const result = readTemplateFile(file, root, 'config');
      if (result.ok) this.configsRead.add(path.resolve(file));
      return result.ok ? result.text : undefined;
    });
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    // Resolution depends on the importing file's folder only (its tsconfig, its relative base):
    // the ten handlers of a folder share one lookup per specifier.
    const key = `${path.dirname(fromFile)}\u0000${specifier}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const target = this.compute(fromFile, specifier);
    const inside = target && isInside(this.root, target) && !target.split(path.sep).includes('node_modules') ? this.canonical(target) : undefined;
    this.cache.set(key, inside);
    return inside;
  }

  private compute(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('.')) return resolveLocal(path.dirname(fromFile), specifier);
    if (specifier.startsWith('node:') || specifier.startsWith('@aws-sdk/') || specifier === 'aws-sdk') return undefined;
    const options = this.compilerOptionsFor(path.dirname(fromFile));
    if (!options || (!options.paths && !options.baseUrl)) return undefined;
    const resolved = ts.resolveModuleName(specifier, fromFile, options, this.host).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) return undefined;
    // A .d.ts says nothing about what runs; its source twin may.
    const file = resolved.resolvedFileName;
    return file.endsWith('.d.ts') ? undefined : path.normalize(file);
  }

  /**
   * A module reached through a symlinked folder (`src/libs -> ../../../libs`) is the module it links
   * to: one name for it, whichever service imports it, so it is read once and its findings are
   * where the repository keeps it. Inside the root only; a link out of it keeps the name it was
   * asked by, which the read fence then refuses.
   */
  private canonical(file: string): string {
    const real = resolvedPath(file);
    if (real === undefined) return file;
    // The root itself may sit behind a link (macOS's /tmp): names stay under the root as given.
    this.realRoot ??= realPath(this.root);
    return real !== file && isInside(this.realRoot, real) ? path.join(this.root, path.relative(this.realRoot, real)) : file;
  }

  /** The tsconfig files read so far, `extends` chains included: what an editor watches besides the modules. */
  configFiles(): string[] {
    return [...this.configsRead].sort();
  }

  /** Compiler options of the nearest tsconfig.json at or above a folder, up to the project root. */
  private compilerOptionsFor(dir: string): ts.CompilerOptions | undefined {
    if (this.configs.has(dir)) return this.configs.get(dir);
    let options: ts.CompilerOptions | undefined;
    const file = path.join(dir, 'tsconfig.json');
    if (this.host.fileExists(file)) {
      const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, this.host);
      options = parsed?.options;
    } else if (dir !== this.root && isInside(this.root, dir)) {
      options = this.compilerOptionsFor(path.dirname(dir));
    }
    this.configs.set(dir, options);
    return options;
  }
}
