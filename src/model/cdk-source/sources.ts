import path from 'node:path';
import type * as TS from 'typescript';
import ts from '../../util/typescript.js';
import { readTemplateFile } from '../../template/read-template.js';
import { isReallyInside } from '../../util/fs-fence.js';
import { resolveLocal } from '../../util/resolve-local.js';

/** How many source files one app may pull in: a bound on time and memory, far above real apps. */
const MAX_FILES = 400;

/**
 * The app's source files, parsed once each with TypeScript's parser (never type-checked, never
 * run). Only files really inside the project root are read, with the size and encoding checks
 * templates get; a file that cannot be read is a reason, never an exception.
 */
export class SourceFiles {
  private readonly parsed = new Map<string, TS.SourceFile | string>();

  constructor(private readonly root: string) {}

  /** The parsed file, or why it was not read. */
  load(file: string): TS.SourceFile | string {
    const known = this.parsed.get(file);
    if (known !== undefined) return known;
    const result = this.read(file);
    this.parsed.set(file, result);
    return result;
  }

  /** The project file a relative specifier names; undefined for a package or a file outside the root. */
  resolve(fromFile: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const target = resolveLocal(path.dirname(fromFile), specifier);
    return target && isReallyInside(this.root, target) ? target : undefined;
  }

  /** A JSON file the app imports, parsed; undefined when it cannot be read. */
  json(fromFile: string, specifier: string): unknown {
    const file = path.resolve(path.dirname(fromFile), specifier);
    if (!specifier.startsWith('.') || !isReallyInside(this.root, file)) return undefined;
    const read = readTemplateFile(file, this.root);
    if (!read.ok) return undefined;
    try {
      return JSON.parse(read.text) as unknown;
    } catch {
      return undefined;
    }
  }

  private read(file: string): TS.SourceFile | string {
    if (this.parsed.size >= MAX_FILES) return `more than ${MAX_FILES} source files`;
    if (!isReallyInside(this.root, file)) return 'it is outside the project';
    const read = readTemplateFile(file, this.root);
    if (!read.ok) return read.error.message;
    const kind = /\.[cm]?jsx?$/i.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    return ts.createSourceFile(file, read.text, ts.ScriptTarget.Latest, true, kind);
  }
}
