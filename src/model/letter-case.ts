import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isFile, isInside } from '../util/fs-fence.js';

/**
 * The file a path (inside the root) names once letter case is ignored, spelled as on disk; undefined
 * when there is none, or when two entries of one folder differ only in case. A template written on a
 * case-insensitive file system (macOS, Windows) may spell a folder `Handlers` that is `handlers`.
 */
export function fileIgnoringCase(root: string, file: string): string | undefined {
  if (!isInside(root, file) || file === root) return undefined;
  let current = root;
  for (const segment of path.relative(root, file).split(path.sep)) {
    const names = entries(current);
    const lower = segment.toLowerCase();
    const matches = names.includes(segment) ? [segment] : names.filter((name) => name.toLowerCase() === lower);
    if (matches.length !== 1) return undefined;
    current = path.join(current, matches[0]!);
  }
  return isFile(current) ? current : undefined;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
