import { createHash } from 'node:crypto';
import path from 'node:path';
import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import { readTemplateFile } from '../template/read-template.js';
import { isFile, isFolder, isInside, realPath, resolvedPath } from '../util/fs-fence.js';
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
  /** What each resolution asked the file system (by folder and specifier), and whether it read a tsconfig's options. */
  private readonly asked = new Map<string, ResolutionProbes>();
  /** What finding and reading the tsconfigs asked: every resolution through a tsconfig depends on all of it. */
  private readonly configProbes = new Map<string, Probe>();
  private readonly log = new ProbeLog();
  private readonly configs = new Map<string, TS.CompilerOptions | undefined>();
  /**
   * Aliases found where a tsconfig's `paths` map them, by the tsconfig's options: such a module
   * does not depend on the importing folder, so the same alias from a hundred folders is looked up once.
   */
  private readonly mapped = new WeakMap<TS.CompilerOptions, Map<string, { found: string; probes: Map<string, Probe> }>>();
  /** The tsconfigs other tsconfigs extend, read once (twenty services extending one base read it once). */
  private readonly extendedConfigs = new Map<string, TS.ExtendedConfigCacheEntry>();
  /** The canonical name of each module found (one realpath per module, whichever folder asks). */
  private readonly canonicals = new Map<string, { canonical: string; probes: Map<string, Probe> }>();
  private readonly realRoot: string;
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
    // The root's own real path is no question a resolution asks: the records' key holds it (reuse.ts).
    this.realRoot = realPath(root);
    this.host = fencedTsHost(root, (file) => {
      const result = readTemplateFile(file, root, 'config');
      if (result.ok) this.configsRead.add(path.resolve(file));
      this.log.note('read', path.resolve(file), result.ok ? digestOf(result.text) : '');
      return result.ok ? result.text : undefined;
    }, { isFile: this.isFile, isFolder: this.isFolder, realPath: this.realPath });
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    // Resolution depends on the importing file's folder only (its tsconfig, its relative base):
    // the ten handlers of a folder share one lookup per specifier.
    const key = `${path.dirname(fromFile)}\u0000${specifier}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const asked: ResolutionProbes = { probes: new Map(), configs: false };
    const inside = this.log.during(asked.probes, () => {
      const target = this.compute(fromFile, specifier, asked);
      return target && isInside(this.root, target) && !target.split(path.sep).includes('node_modules') ? this.canonical(target) : undefined;
    });
    this.cache.set(key, inside);
    this.asked.set(key, asked);
    return inside;
  }

  /**
   * What resolving an import (already resolved) asked the file system: when every question gets the
   * same answer again (`stillAnswers`), and the tsconfigs' questions too when `configs`, it leads to the
   * same module. Much cheaper than resolving again.
   */
  probesOf(fromFile: string, specifier: string): { probes: readonly Probe[]; configs: boolean } | undefined {
    const asked = this.asked.get(`${path.dirname(fromFile)}\u0000${specifier}`);
    if (!asked) return undefined;
    asked.list ??= [...asked.probes.values()];
    return { probes: asked.list, configs: asked.configs };
  }

  /** What finding and reading the tsconfigs asked, so far. */
  tsconfigProbes(): Probe[] {
    return [...this.configProbes.values()];
  }

  /** How the file system answers a question now. */
  answer(kind: ProbeKind, file: string): string {
    switch (kind) {
      case 'file':
        return isFile(file) ? '1' : '';
      case 'folder':
        return isFolder(file) ? '1' : '';
      case 'real':
        return realPath(file);
      case 'resolved':
        return resolvedPath(file) ?? '';
      case 'read': {
        const result = readTemplateFile(file, this.root, 'config');
        return result.ok ? digestOf(result.text) : '';
      }
      default:
        return '\u0000unknown';
    }
  }

  private readonly isFile = (file: string): boolean => this.noted('file', file, isFile(file) ? '1' : '') === '1';
  private readonly isFolder = (file: string): boolean => this.noted('folder', file, isFolder(file) ? '1' : '') === '1';
  private readonly realPath = (file: string): string => this.noted('real', file, realPath(file));

  private noted(kind: ProbeKind, file: string, answer: string): string {
    this.log.note(kind, path.resolve(file), answer);
    return answer;
  }

  private compute(fromFile: string, specifier: string, asked: ResolutionProbes): string | undefined {
    if (specifier.startsWith('.')) return resolveLocal(path.dirname(fromFile), specifier, this.isFile);
    if (specifier.startsWith('node:') || specifier.startsWith('@aws-sdk/') || specifier === 'aws-sdk') return undefined;
    asked.configs = true;
    const options = this.log.during(this.configProbes, () => this.compilerOptionsFor(path.dirname(fromFile)));
    if (!options || (!options.paths && !options.baseUrl)) return undefined;
    let mapped = this.mapped.get(options);
    if (!mapped) this.mapped.set(options, (mapped = new Map()));
    const known = mapped.get(specifier);
    if (known !== undefined) {
      this.log.include(known.probes);
      return known.found;
    }
    const probes = new Map<string, Probe>();
    const resolved = this.log.during(probes, () => ts.resolveModuleName(specifier, fromFile, options, this.host).resolvedModule);
    if (!resolved || resolved.isExternalLibraryImport) return undefined;
    // A .d.ts says nothing about what runs; its source twin may.
    const file = resolved.resolvedFileName;
    if (file.endsWith('.d.ts')) return undefined;
    const found = path.normalize(file);
    // TypeScript tries `paths` before anything that depends on the importing folder (node_modules
    // above it): a module where a mapping points is where the alias leads from any folder.
    if (mappedTo(options, specifier).some((target) => isTarget(target, found))) mapped.set(specifier, { found, probes });
    return found;
  }

  /**
   * A module reached through a symlinked folder (`src/libs -> ../../../libs`) is the module it links
   * to: one name for it, whichever service imports it, so it is read once and its findings are
   * where the repository keeps it. Inside the root only; a link out of it keeps the name it was
   * asked by, which the read fence then refuses.
   */
  private canonical(file: string): string {
    let known = this.canonicals.get(file);
    if (known === undefined) {
      const probes = new Map<string, Probe>();
      known = { canonical: this.log.during(probes, () => this.canonicalOf(file)), probes };
      this.canonicals.set(file, known);
    } else this.log.include(known.probes);
    return known.canonical;
  }

  private canonicalOf(file: string): string {
    const real = this.noted('resolved', file, resolvedPath(file) ?? '');
    if (real === '') return file;
    // The root itself may sit behind a link (macOS's /tmp): names stay under the root as given.
    return real !== file && isInside(this.realRoot, real) ? path.join(this.root, path.relative(this.realRoot, real)) : file;
  }

  /** The tsconfig files read so far, `extends` chains included: what an editor watches besides the modules. */
  configFiles(): string[] {
    return [...this.configsRead].sort();
  }

  /** Compiler options of the nearest tsconfig.json at or above a folder, up to the project root. */
  private compilerOptionsFor(dir: string): TS.CompilerOptions | undefined {
    if (this.configs.has(dir)) return this.configs.get(dir);
    let options: TS.CompilerOptions | undefined;
    const file = path.join(dir, 'tsconfig.json');
    if (this.host.fileExists(file)) {
      const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, this.host, this.extendedConfigs);
      options = parsed?.options;
    } else if (dir !== this.root && isInside(this.root, dir)) {
      options = this.compilerOptionsFor(path.dirname(dir));
    }
    this.configs.set(dir, options);
    return options;
  }
}

/** A question a resolution asked the file system: whether a file or a folder is there, where a path really leads, what a tsconfig says (its digest). */
export interface Probe {
  kind: ProbeKind;
  path: string;
  /** '1' or '' for `file` and `folder`; the path for `real` and `resolved` ('' for none); the digest for `read` ('' when unread). */
  answer: string;
}

export type ProbeKind = 'file' | 'folder' | 'real' | 'resolved' | 'read';

interface ResolutionProbes {
  probes: Map<string, Probe>;
  list?: Probe[];
  /** Whether it read a tsconfig's options (then it depends on every tsconfig question). */
  configs: boolean;
}

/** The resolutions under way (and what they use that was computed before): each question counts for all of them. */
class ProbeLog {
  private readonly open: Map<string, Probe>[] = [];

  during<T>(into: Map<string, Probe>, compute: () => T): T {
    this.open.push(into);
    try {
      return compute();
    } finally {
      this.open.pop();
    }
  }

  note(kind: ProbeKind, file: string, answer: string): void {
    if (this.open.length === 0) return;
    const key = `${kind}\u0000${file}`;
    for (const probes of this.open) if (!probes.has(key)) probes.set(key, { kind, path: file, answer });
  }

  include(probes: ReadonlyMap<string, Probe>): void {
    for (const open of this.open) if (open !== probes) for (const [key, probe] of probes) if (!open.has(key)) open.set(key, probe);
  }
}

function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Where a tsconfig's `paths` send a specifier (`@app/*` → `<base>/src/*`), most specific pattern first as TypeScript tries them. */
function mappedTo(options: TS.CompilerOptions, specifier: string): string[] {
  const base = (options as { pathsBasePath?: string }).pathsBasePath ?? options.baseUrl;
  if (!options.paths || !base) return [];
  const matches: { prefix: number; targets: string[] }[] = [];
  for (const [pattern, targets] of Object.entries(options.paths)) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) matches.push({ prefix: Infinity, targets });
      continue;
    }
    const [prefix, suffix] = [pattern.slice(0, star), pattern.slice(star + 1)];
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    const captured = specifier.slice(prefix.length, specifier.length - suffix.length);
    matches.push({ prefix: prefix.length, targets: targets.map((t) => t.replace('*', captured)) });
  }
  return matches.sort((a, b) => b.prefix - a.prefix).flatMap((m) => m.targets.map((t) => path.resolve(base, t)));
}

/** Whether a module found is the target of a mapping: the target itself, with an extension guessed or changed, or its folder's index. */
function isTarget(target: string, found: string): boolean {
  const stem = target.replace(/\.[cm]?[jt]sx?$/, '');
  return found === target || (found.startsWith(stem) && (/^\.[cm]?[jt]sx?$/.test(found.slice(stem.length)) || /^[\\/]index\.[cm]?[jt]sx?$/.test(found.slice(stem.length))));
}
