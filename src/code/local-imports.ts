import path from 'node:path';
import { isInside, readText } from '../util/fs-fence.js';
import { resolveLocal } from '../util/resolve-local.js';

/**
 * The project modules a set of entry files reach through relative imports and requires: the
 * code a handler really runs, so the CLI lints what an editor would. A cheap textual scan; the
 * full resolution (tsconfig paths, re-exports) belongs to the cross-layer analysis.
 */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"\n]*)\1/gm;
const MAX_MODULES = 50_000;

export function localImportClosure(root: string, entries: readonly string[]): string[] {
  const seen = new Set(entries);
  const queue = [...entries];
  while (queue.length > 0 && seen.size < MAX_MODULES) {
    const file = queue.shift()!;
    // The path is inside the root; where a symlink leads must be too (the read gate checks).
    const text = readText(file, { kind: 'code', fence: root });
    if (text === undefined) continue;
    for (const match of text.matchAll(SPECIFIER)) {
      const target = resolveLocal(path.dirname(file), match[2]!);
      if (target && isInside(root, target) && !target.includes(`${path.sep}node_modules${path.sep}`) && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...seen];
}
