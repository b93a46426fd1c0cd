import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exists, isFolder } from './fs-fence.js';

/**
 * The one module that writes files: the report (`--output-file`), the baseline (`--update-baseline`)
 * and the cache (`--cache`), all at paths the caller chose. A folder is created only where one is
 * missing, one level at a time, so the work is bounded by the depth of the path: Node's recursive
 * mkdir can spin for ever under /proc. Nothing throws: a failure comes back as one line.
 */
export function writeFileMakingFolder(file: string, text: string, options: { atomic?: boolean } = {}): string | undefined {
  const target = path.resolve(file);
  const problem = makeFolder(path.dirname(target));
  if (problem) return problem;
  if (isFolder(target)) return `${target} is a folder`;
  const written = options.atomic ? `${target}.${process.pid}.tmp` : target;
  try {
    writeFileSync(written, text);
    if (written !== target) renameSync(written, target);
    return undefined;
  } catch (error) {
    return `cannot write ${target} (${codeOf(error)})`;
  }
}

/** Makes a folder and its missing parents; a problem (a file on the way, no permission) in one line. */
function makeFolder(dir: string): string | undefined {
  const missing: string[] = [];
  let current = dir;
  while (!exists(current)) {
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (exists(current) && !isFolder(current)) return `${current} is not a folder`;
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if (isFolder(folder)) continue; // made meanwhile
      return `cannot create the folder ${folder} (${codeOf(error)})`;
    }
  }
  return undefined;
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
