import {
  closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent, type Stats,
} from 'node:fs';
import path from 'node:path';

/**
 * The read gate: the one module of sls-lint that reads the file system (test/meta/fs-gate.test.ts
 * holds every other module to that; writers are listed there). Every file sls-lint opens —
 * templates, includes, `${file()}` fragments, configs, tsconfig files and their `extends`, handlers
 * and the modules they import, baselines and caches, and whatever TypeScript's APIs ask for
 * (through the host in ts-host.ts) — is read by `readGated`, which opens a file only when
 *
 * - its real path (symlinks resolved on both sides) lies inside the fence, when there is one;
 * - it is a regular file: a FIFO would block the run forever, a device (`/dev/zero`) never end;
 * - it is within the size limit of its kind.
 *
 * It never blocks and never throws: the file is opened non-blocking and checked again once open
 * (it may have been swapped since the first look), and read up to the limit, never further.
 */

/** What a file is to sls-lint, which decides its size limit. */
export type FileKind = 'template' | 'code' | 'config' | 'state';

interface KindLimit {
  /** Default limit, in MB (2^20 bytes). */
  mb: number;
  /** The environment variable that changes it (a number of MB). */
  variable: string;
  /** How a finding names such a file. */
  noun: string;
}

/**
 * The size limits, one per kind of file. Templates: CloudFormation takes at most 1 MB of template
 * body, and the yaml library holds about 100 MB of memory per MB of YAML. Code: a handler or a
 * module it imports is source, not a bundle; parsing and linting a dense 1.5 MB module takes about
 * 16 s and 0.93 GB, ESLint's parse most of it (docs/security.md, "Why 1.5 MB for code"). Config: sls-lint.config.*, tsconfig.json and its
 * `extends`, sls-lint's own package.json. State: the `--baseline` and `--cache` files sls-lint writes.
 */
export const READ_LIMITS: Readonly<Record<FileKind, Readonly<KindLimit>>> = {
  template: { mb: 2, variable: 'SLS_LINT_MAX_TEMPLATE_MB', noun: 'Template' },
  code: { mb: 1.5, variable: 'SLS_LINT_MAX_CODE_MB', noun: 'Code file' },
  config: { mb: 1, variable: 'SLS_LINT_MAX_CONFIG_MB', noun: 'Config file' },
  state: { mb: 64, variable: 'SLS_LINT_MAX_STATE_MB', noun: 'File' },
};

/** The size limit of a kind of file, in bytes: its default, or the number of MB its variable sets. */
export function maxBytes(kind: FileKind): number {
  const { mb, variable } = READ_LIMITS[kind];
  const set = Number(process.env[variable]);
  return Math.floor((Number.isFinite(set) && set > 0 ? set : mb) * 1024 * 1024);
}

/** Why a file was not read. */
export type ReadProblem =
  | { type: 'outside' }
  | { type: 'not-regular'; what: string }
  | { type: 'too-big'; bytes: number; limit: number; kind: FileKind }
  | { type: 'error'; code: string };

export type GatedRead = { ok: true; text: string; buffer: Buffer } | { ok: false; problem: ReadProblem };

export interface GateOptions {
  kind: FileKind;
  /**
   * The folder the file's real path must lie in: the project's read fence. `null` only for a file
   * the caller named (`--config`, `--baseline`, `--cache-location`) or sls-lint's own files.
   */
  fence: string | null;
}

/** A file's bytes and text (UTF-8) through the gate; never throws, never blocks. */
export function readGated(file: string, options: GateOptions): GatedRead {
  return readWithin(file, options, maxBytes(options.kind));
}

/**
 * The first `bytes` of a file through the gate (fence, regular file), whatever its size: enough of
 * a file to recognise what it is.
 */
export function readHead(file: string, bytes: number, options: GateOptions): string | undefined {
  const read = readWithin(file, options, bytes, true);
  return read.ok ? read.text : undefined;
}

/** A file's text through the gate, or undefined when it cannot be read. */
export function readText(file: string, options: GateOptions = { kind: 'code', fence: null }): string | undefined {
  const read = readGated(file, options);
  return read.ok ? read.text : undefined;
}

/** One line about a problem, for a finding or an error: "Template is 50 MB, over the limit of 2 MB (…)". */
export function describeReadProblem(problem: ReadProblem): string {
  switch (problem.type) {
    case 'outside': return 'The file leads outside the project root (a symbolic link): not read';
    case 'not-regular': return `Not a regular file (${problem.what})`;
    case 'too-big': {
      const { noun, variable } = READ_LIMITS[problem.kind];
      return `${noun} is ${megabytes(problem.bytes)} MB, over the limit of ${megabytes(problem.limit)} MB; ${variable} raises it`;
    }
    case 'error': return `Cannot read file: ${problem.code}`;
  }
}

function readWithin(file: string, { kind, fence }: GateOptions, limit: number, head = false): GatedRead {
  const real = resolvedPath(path.resolve(file));
  if (real === undefined) return { ok: false, problem: errorOf(file) };
  // A real path under the fence as given is under it (the fence's own path then has no link); else by the fence's real path.
  if (fence !== null && !isInside(path.resolve(fence), real) && !isInside(realPath(fence), real)) return { ok: false, problem: { type: 'outside' } };
  let fd: number | undefined;
  try {
    const stats = statSync(real);
    if (!stats.isFile()) return { ok: false, problem: { type: 'not-regular', what: entryType(stats) } };
    if (!head && stats.size > limit) return { ok: false, problem: { type: 'too-big', bytes: stats.size, limit, kind } };
    // Non-blocking, so that a file swapped for a FIFO since the stat cannot hold the run; not
    // through a symlink swapped in for the last part either.
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { ok: false, problem: { type: 'not-regular', what: entryType(opened) } };
    // Files in /proc and the like say 0 bytes and have more: read up to the limit, and one byte to tell.
    const wanted = head ? limit : limit + 1;
    // The size it says, and one byte more to see it end; a file that says 0 may be a /proc file.
    let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(wanted, opened.size > 0 ? opened.size + 1 : 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length >= wanted) break;
        const grown = Buffer.allocUnsafe(Math.min(wanted, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const count = readSync(fd, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
    }
    if (!head && length > limit) return { ok: false, problem: { type: 'too-big', bytes: Math.max(length, opened.size), limit, kind } };
    const bytes = buffer.subarray(0, length);
    return { ok: true, buffer: bytes, text: bytes.toString('utf8') };
  } catch (error) {
    return { ok: false, problem: { type: 'error', code: (error as NodeJS.ErrnoException).code ?? String(error) } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function errorOf(file: string): ReadProblem {
  try {
    realpathSync.native(path.resolve(file));
    return { type: 'error', code: 'ENOENT' };
  } catch (error) {
    return { type: 'error', code: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

function entryType(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

/** Where a path really leads (symlinks resolved); the path itself when it does not exist. */
export function realPath(file: string): string {
  return resolvedPath(file) ?? file;
}

/** Where a path really leads; undefined when it leads nowhere (missing, a dangling link, a symlink loop). */
export function resolvedPath(file: string): string | undefined {
  try {
    // The system's realpath: one call, where Node's own walks the path a part at a time.
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** Inside the root once symlinks on both sides are resolved: a link cannot lead the linter out. */
export function isReallyInside(root: string, file: string): boolean {
  return isInside(realPath(root), realPath(file));
}

/** Lexically inside the root (no symlink resolution): for paths already made real, or not yet existing. */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Whether anything is there (a symlink counts by where it leads). Looks, never opens. */
export function exists(file: string): boolean {
  return existsSync(file);
}

/** A regular file (through symlinks): never a FIFO, a device or a socket. */
export function isFile(file: string): boolean {
  return statOf(file)?.isFile() ?? false;
}

export function isFolder(file: string): boolean {
  return statOf(file)?.isDirectory() ?? false;
}

/** When a file last changed (ms), or undefined when it is not there. */
export function modifiedTime(file: string): number | undefined {
  return statOf(file)?.mtimeMs;
}

/** A file's size in bytes, or undefined when it is not there. */
export function fileSize(file: string): number | undefined {
  return statOf(file)?.size;
}

/** The entries of a folder, or none when it cannot be listed. Lists, never opens the entries. */
export function listFolder(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
