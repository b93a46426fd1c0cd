import path from 'node:path';
import { isFile, isFolder, isInside } from '../util/fs-fence.js';
import { BuildConfigs } from './build-configs.js';
import { buildOutputSources, buildOutputSplits, type BuildOutputSplit } from './build-output.js';
import type { CodeLocation } from './code-location.js';
import { splitVariables } from '../serverless/variables.js';
import { ArchiveSources } from './archive-sources.js';
import { LetterCaseLookup } from './letter-case.js';
import type { CodeKind, HandlerRef, TemplateRef } from './types.js';

/** Source extensions a Node.js handler module may have, in the order a bundler would try them. */
export const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

/** The kinds of code whose handler is looked for in the project, and reported when it is not there. */
export const SEARCHED_CODE: ReadonlySet<CodeKind> = new Set<CodeKind>(['node', 's3', 'artifact']);

/** A function's code once placed on disk. */
export interface LocatedCode {
  kind: CodeKind;
  /** Folders the handler path is relative to, in the order they are tried: the code folder, or for S3 and archives the template's, the package's and the archive's. */
  dirs: string[];
  /** The one file a code path names (`CodeUri: src/function.js`): the package holds that file alone. */
  file?: string;
  /** An S3 archive named statically (`functions/ListBooks.zip`): its name, and the project folders its key path may mirror. */
  archive?: { name: string; dirs: string[] };
}

export interface HandlerInput {
  handler: string;
  /** esbuild entry points (SAM Metadata.BuildProperties.EntryPoints), relative to the code folder. */
  entryPoints?: string[];
  at: TemplateRef;
  /** The handler still holds variables that did not resolve: whether a variable cycle is why (see HandlerRef.unresolved). */
  unresolved?: { cycle: boolean };
}

export interface ResolverSettings {
  /** The webpack config the project's bundler plugin names (Serverless `custom.webpack.webpackConfig`), and the folder it runs in. */
  webpackConfig?: { configFile: string; runsIn: string };
}

/**
 * Turns `Handler` + `CodeUri`/`Code` into a source file of the project, for the templates of one
 * model build (the bundler configs and folder listings it reads are read once).
 */
export class HandlerResolver {
  private readonly configs: BuildConfigs;
  private readonly letterCase: LetterCaseLookup;
  private readonly archiveSources: ArchiveSources;

  constructor(private readonly root: string, private readonly settings: ResolverSettings = {}) {
    this.configs = new BuildConfigs(root);
    this.letterCase = new LetterCaseLookup(root);
    this.archiveSources = new ArchiveSources(root);
  }

  /** Where a function's code is; `baseDir` is the template's folder, which code paths are relative to. */
  locate(baseDir: string, location: CodeLocation, runtime: string | undefined): LocatedCode {
    if (location.kind === 'folder') {
      const target = path.resolve(baseDir, location.path ?? '.');
      const file = namesFile(target) ? target : undefined;
      const dir = file ? path.dirname(target) : target;
      const kind = !isNode(runtime) ? 'other-runtime' : isInside(this.root, dir) ? 'node' : 'outside-root';
      return { kind, dirs: [dir], ...(file ? { file } : {}) };
    }
    if (location.kind === 'image' || location.kind === 'inline') return { kind: location.kind, dirs: [baseDir] };
    if (!isNode(runtime)) return { kind: 'other-runtime', dirs: [baseDir] };
    if (location.kind === 'staged-asset') return { kind: location.kind, dirs: [baseDir] };
    // Code with no folder of its own was built from one: the template's, its package's, or the archive's.
    const archiveDir = location.kind === 'artifact' ? path.dirname(path.resolve(baseDir, location.path)) : undefined;
    const packageDir = this.configs.packageFolder(baseDir);
    const more = [packageDir, archiveDir].filter((dir): dir is string => dir !== undefined && isInside(this.root, dir));
    const located: LocatedCode = { kind: location.kind, dirs: [...new Set([baseDir, ...more])] };
    if (location.kind === 's3' && location.key) {
      // A build script zips each function into an archive named after it, often under a key path that mirrors the source tree.
      const keyDir = path.posix.dirname(location.key);
      const name = path.posix.basename(location.key).replace(/\.(zip|jar)$/i, '');
      const dirs = [this.root, baseDir, packageDir].filter((dir): dir is string => dir !== undefined)
        .map((dir) => path.resolve(dir, keyDir)).filter((dir) => isInside(this.root, dir) && isFolder(dir));
      if (name && dirs.length > 0) located.archive = { name, dirs: [...new Set(dirs)] };
    }
    return located;
  }

  resolve(code: LocatedCode, input: HandlerInput): HandlerRef {
    const { handler, at } = input;
    if (input.unresolved) {
      // `${self:custom.entry}.handler` names no file: none is looked for, and no message shows the placeholder as a path.
      const unresolved = { variables: variableNames(handler), cycle: input.unresolved.cycle };
      return { value: handler, exportName: '', modulePath: code.dirs[0]!, resolvable: false, unresolved, at };
    }
    const dot = handler.lastIndexOf('.');
    const exportName = dot === -1 ? handler : handler.slice(dot + 1);
    const moduleName = dot === -1 ? handler : handler.slice(0, dot);
    const modulePaths = code.dirs.map((dir) => path.resolve(dir, moduleName));
    const ref: HandlerRef = {
      value: handler,
      exportName,
      modulePath: modulePaths[0]!,
      ...(code.kind === 's3' || code.kind === 'artifact' ? { searched: modulePaths } : {}),
      resolvable: code.kind === 'node' && dot > 0,
      ...(code.file ? { codeFile: code.file } : {}),
      at,
    };
    if (!SEARCHED_CODE.has(code.kind) || dot <= 0) return ref;

    const candidates = () => this.candidates(code, moduleName, modulePaths, input.entryPoints ?? []);
    for (const file of candidates()) if (isInside(this.root, file) && isFile(file)) return { ...ref, sourceFile: file };
    for (const file of candidates()) {
      const onDisk = this.letterCase.find(file);
      if (onDisk) return { ...ref, sourceFile: onDisk, caseMismatch: file };
    }
    const source = code.archive ? this.archiveSources.find(code.archive.name, code.archive.dirs) : undefined;
    return source ? { ...ref, sourceFile: source } : ref;
  }

  private *candidates(code: LocatedCode, moduleName: string, modulePaths: string[], entryPoints: string[]): Generator<string> {
    if (code.file) {
      // A package of one file has one module: a handler naming another cannot load.
      if (path.basename(code.file, path.extname(code.file)) !== moduleName) return;
      yield code.file;
    }
    if (code.kind === 'node') yield* entryPointsFor(moduleName, entryPoints.map((entry) => path.resolve(code.dirs[0]!, entry)));
    for (const modulePath of modulePaths) yield* withExtensions(modulePath);
    for (const modulePath of modulePaths) yield* this.builtFrom(modulePath);
  }

  /** The source a module that is build output was built from: through the compiler's or bundler's config, then by folder convention. */
  private *builtFrom(modulePath: string): Generator<string> {
    const dir = path.dirname(modulePath);
    const tsOutput = this.configs.tsOutput(dir);
    if (tsOutput && modulePath !== tsOutput.outDir && isInside(tsOutput.outDir, modulePath)) {
      yield* withExtensions(path.join(tsOutput.sourceDir, path.relative(tsOutput.outDir, modulePath)));
    }
    const splits = buildOutputSplits(this.root, modulePath);
    if (splits.length === 0) return;
    yield* this.webpackSources(dir, splits);
    for (const base of buildOutputSources(splits)) yield* withExtensions(base);
  }

  /**
   * webpack names each bundle after its entry: the path inside the output folder is the entry's name.
   * A single entry may be written to a file named after its source instead; any other single entry
   * (a web front end's, say) is not the handler's.
   */
  private *webpackSources(dir: string, splits: BuildOutputSplit[]): Generator<string> {
    const entries = this.configs.webpackEntries(dir, this.settings.webpackConfig);
    const [only] = entries.length === 1 ? entries : [];
    for (const { inside } of splits) {
      const entry = entries.find((e) => e.name === inside.join('/')) ??
        (only && path.basename(only.source, path.extname(only.source)) === inside.at(-1) ? only : undefined);
      if (entry) yield* path.extname(entry.source) ? [entry.source] : withExtensions(entry.source);
    }
  }
}

/**
 * The variables a string is written with, by name: `${self:custom.h}.handler` gives
 * `self:custom.h`; a variable inside another's address (`${ssm:/app/${sls:stage}/entry}`) is named
 * inside it without its braces (`ssm:/app/sls:stage/entry`).
 */
export function variableNames(text: string): string[] {
  const names: string[] = [];
  for (const part of splitVariables(text)) {
    if (typeof part === 'string') continue;
    let name = part.expression.trim();
    for (let previous = ''; previous !== name;) {
      previous = name;
      name = name.replace(/\$\{([^${}]*)\}/g, '$1');
    }
    names.push(name);
  }
  return [...new Set(names)];
}

function isNode(runtime: string | undefined): boolean {
  return runtime === undefined || runtime.startsWith('nodejs');
}

/** A code path ending in a module extension names a file, unless it is a folder. */
function namesFile(target: string): boolean {
  if (!(HANDLER_EXTENSIONS as readonly string[]).includes(path.extname(target))) return false;
  return !isFolder(target);
}

function withExtensions(modulePath: string): string[] {
  return HANDLER_EXTENSIONS.map((ext) => modulePath + ext);
}

/** esbuild names each bundle after its entry point, so with several entry points the handler's module picks one. */
function entryPointsFor(moduleName: string, entries: string[]): string[] {
  if (entries.length <= 1) return entries;
  const suffix = path.sep + path.normalize(moduleName);
  return entries.filter((entry) => entry.slice(0, entry.length - path.extname(entry).length).endsWith(suffix));
}
