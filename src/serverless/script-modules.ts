import path from 'node:path';
import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import { maxTemplateBytes, readTemplateFile } from '../template/read-template.js';
import { isFile, isInside, isReallyInside } from '../util/fs-fence.js';
import { fencedTsHost, type FencedTsHost } from '../util/ts-host.js';
import { relativePath } from '../util/relative-path.js';
import { resolveLocal } from '../util/resolve-local.js';

/** How many modules one configuration may pull in, and how many bytes in all: a hostile config cannot make the reader walk a repository. */
const MAX_MODULES = 256;
const MAX_TOTAL_TEMPLATES = 8;

export interface ScriptModule {
  file: string;
  source: TS.SourceFile;
}

export type Found<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * The modules a Serverless configuration script imports, read without running them: relative
 * specifiers, and bare ones through the `paths`/`baseUrl` of the nearest tsconfig.json (its
 * `extends` chain included), resolved by TypeScript's own resolver. Every file, tsconfig files
 * included, is read only inside the project root once symlinks are resolved, within the template
 * size limit, and never from node_modules.
 */
export class ScriptModules {
  private readonly modules = new Map<string, Found<ScriptModule>>();
  private readonly compilerOptions = new Map<string, TS.CompilerOptions | undefined>();
  private readonly read = new Set<string>();
  private bytes = 0;
  private readonly host: FencedTsHost;

  constructor(readonly root: string) {
    this.host = fencedTsHost(root, (file) => {
      const text = this.readText(file, 'config');
      return text.ok ? text.value : undefined;
    });
  }

  /** Every file read besides the configuration itself: modules and tsconfig files. */
  files(): string[] {
    return [...this.read].sort();
  }

  /** The configuration itself, whose text the caller already read. */
  main(file: string, text: string): ScriptModule {
    const module = { file, source: parse(file, text) };
    this.modules.set(file, { ok: true, value: module });
    return module;
  }

  /** The module an import in `from` names, parsed. */
  import(from: ScriptModule, specifier: string): Found<ScriptModule> {
    const target = this.resolve(from.file, specifier);
    if (!target.ok) return target;
    const known = this.modules.get(target.value);
    if (known) return known;
    const loaded = this.load(target.value);
    this.modules.set(target.value, loaded);
    return loaded;
  }

  private load(file: string): Found<ScriptModule> {
    if (this.modules.size >= MAX_MODULES) return { ok: false, reason: `more than ${MAX_MODULES} modules would be read` };
    const text = this.readText(file);
    return text.ok ? { ok: true, value: { file, source: parse(file, text.value) } } : text;
  }

  private resolve(fromFile: string, specifier: string): Found<string> {
    const fromDir = path.dirname(fromFile);
    let target: string | undefined;
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
      const named = path.resolve(fromDir, specifier);
      if (!isInside(this.root, named)) return { ok: false, reason: `'${specifier}' is outside the project` };
      target = resolveLocal(fromDir, specifier) ?? (/\.json$/i.test(named) && isFile(named) ? named : undefined);
      if (!target) return { ok: false, reason: `'${specifier}' resolves to no file` };
    } else {
      const options = this.optionsFor(fromDir);
      const resolved = options && (options.paths || options.baseUrl)
        ? ts.resolveModuleName(specifier, fromFile, options, this.host).resolvedModule : undefined;
      if (!resolved || resolved.isExternalLibraryImport || resolved.resolvedFileName.endsWith('.d.ts')) {
        return { ok: false, reason: `'${specifier}' is a package (or an alias no tsconfig.json maps to a project file)` };
      }
      target = path.normalize(resolved.resolvedFileName);
    }
    if (!this.readable(target) || target.split(path.sep).includes('node_modules')) {
      return { ok: false, reason: `'${specifier}' leads outside the project` };
    }
    return { ok: true, value: target };
  }

  /** Compiler options of the nearest tsconfig.json at or above a folder, up to the project root. */
  private optionsFor(dir: string): TS.CompilerOptions | undefined {
    if (this.compilerOptions.has(dir)) return this.compilerOptions.get(dir);
    let options: TS.CompilerOptions | undefined;
    const file = path.join(dir, 'tsconfig.json');
    if (this.host.fileExists(file)) {
      const text = this.host.readFile(file);
      const json = text === undefined ? undefined : ts.parseConfigFileTextToJson(file, text).config;
      options = json ? ts.parseJsonConfigFileContent(json, this.host, dir, undefined, file).options : undefined;
    } else if (dir !== this.root && isInside(this.root, dir)) {
      options = this.optionsFor(path.dirname(dir));
    }
    this.compilerOptions.set(dir, options);
    return options;
  }

  private readable(file: string): boolean {
    return isReallyInside(this.root, path.resolve(file));
  }

  /** A file's text through the read gate (fence, file type, the size limit of its kind), counted towards the total. */
  private readText(file: string, kind: 'template' | 'config' = 'template'): Found<string> {
    const absolute = path.resolve(file);
    const name = relativePath(this.root, absolute);
    if (!this.readable(absolute)) return { ok: false, reason: `${name} leads outside the project` };
    const total = MAX_TOTAL_TEMPLATES * maxTemplateBytes();
    if (this.bytes > total) return { ok: false, reason: `the modules read add up to more than ${total / (1024 * 1024)} MB` };
    const read = readTemplateFile(absolute, this.root, kind);
    if (!read.ok) return { ok: false, reason: `${name} could not be read (${read.error.message})` };
    this.bytes += read.text.length;
    this.read.add(absolute);
    return { ok: true, value: read.text };
  }
}

function parse(file: string, text: string): TS.SourceFile {
  if (/\.json$/i.test(file)) return ts.parseJsonText(file, text);
  const kind = /\.[cm]?jsx?$/i.test(file) ? (file.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS)
    : file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
}
