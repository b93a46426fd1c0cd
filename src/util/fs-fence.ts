import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The read fence's small parts, shared by every layer that opens files: a path is read only when
 * it lies inside the project root once symbolic links on both sides are resolved.
 */

/** Where a path really leads (symlinks resolved); the path itself when it does not exist. */
export function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
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

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** A file's text, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
