import path from 'node:path';
import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import { isFile, isInside, readText } from '../util/fs-fence.js';
import { webpackEntries, type WebpackEntry } from './webpack-entries.js';

const WEBPACK_CONFIGS = ['webpack.config.js', 'webpack.config.cjs', 'webpack.config.mjs', 'webpack.config.ts'];

/** Where `tsc` writes a project's output, and the folder it compiles from. */
export interface TsOutput {
  outDir: string;
  sourceDir: string;
}

/**
 * The project files that say where a handler's source is when the template names build output or
 * no folder at all: the nearest package.json, webpack config and tsconfig at or above a folder,
 * inside the root. Read statically, at most once each; one instance lives as long as one model build.
 */
export class BuildConfigs {
  private readonly nearestFiles = new Map<string, string | undefined>();
  private readonly entries = new Map<string, WebpackEntry[]>();
  private readonly tsOutputs = new Map<string, TsOutput | undefined>();

  constructor(private readonly root: string) {}

  /** The nearest folder at or above `dir` (inside the root) that holds a package.json. */
  packageFolder(dir: string): string | undefined {
    const file = this.nearest(dir, ['package.json']);
    return file && path.dirname(file);
  }

  /**
   * The entries of the webpack config a bundler plugin names (run from `runsIn`, the service folder),
   * or else of the nearest one at or above `dir` (run from its own folder).
   */
  webpackEntries(dir: string, named?: { configFile: string; runsIn: string }): WebpackEntry[] {
    const file = named?.configFile ?? this.nearest(dir, WEBPACK_CONFIGS);
    if (!file) return [];
    let entries = this.entries.get(file);
    if (!entries) {
      const text = this.readConfig(file);
      entries = text === undefined ? [] : webpackEntries(file, text, named?.runsIn ?? path.dirname(file));
      this.entries.set(file, entries);
    }
    return entries;
  }

  /** `compilerOptions.outDir` of the nearest tsconfig.json at or above `dir`, and the folder it compiles from. */
  tsOutput(dir: string): TsOutput | undefined {
    const file = this.nearest(dir, ['tsconfig.json']);
    if (!file) return undefined;
    if (!this.tsOutputs.has(file)) this.tsOutputs.set(file, this.readTsOutput(file));
    return this.tsOutputs.get(file);
  }

  private readTsOutput(file: string): TsOutput | undefined {
    const text = this.readConfig(file);
    if (text === undefined) return undefined;
    const { config } = ts.parseConfigFileTextToJson(file, text);
    const options = (config as { compilerOptions?: { outDir?: unknown; rootDir?: unknown }; include?: unknown } | undefined)?.compilerOptions ?? {};
    if (typeof options.outDir !== 'string') return undefined;
    const dir = path.dirname(file);
    return { outDir: path.resolve(dir, options.outDir), sourceDir: path.resolve(dir, typeof options.rootDir === 'string' ? options.rootDir : includedFolder(config) ?? '.') };
  }

  private readConfig(file: string): string | undefined {
    // A config symlinked out of the project is not the project's to read.
    return readText(file, { kind: 'config', fence: this.root });
  }

  private nearest(dir: string, names: readonly string[]): string | undefined {
    const key = `${dir}\u0000${names.join('\u0000')}`;
    if (this.nearestFiles.has(key)) return this.nearestFiles.get(key);
    let found: string | undefined;
    for (let current = dir; isInside(this.root, current); current = path.dirname(current)) {
      found = names.map((name) => path.join(current, name)).find(isFile);
      if (found || current === this.root) break;
    }
    this.nearestFiles.set(key, found);
    return found;
  }
}

/**
 * Without `rootDir`, tsc compiles from the folder its inputs share; `include: ["src"]` or
 * `["src/**\/*.ts"]` names it when every pattern starts in one folder.
 */
function includedFolder(config: unknown): string | undefined {
  const include = (config as { include?: unknown } | undefined)?.include;
  if (!Array.isArray(include) || include.length === 0) return undefined;
  const folders = new Set(include.map((pattern) => (typeof pattern === 'string' ? pattern.replace(/^\.[\\/]/, '').split(/[\\/]/)[0] : undefined)));
  const [folder] = folders;
  return folders.size === 1 && folder && !/[*?]/.test(folder) && !/\.[cm]?[jt]sx?$/.test(folder) ? folder : undefined;
}
