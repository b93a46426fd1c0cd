import path from 'node:path';

/** A path relative to the root with forward slashes, as reports and SARIF URIs want it. */
export function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
