import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readText } from './util/fs-fence.js';

/** Our own package.json, found from this file whether it runs from src/ (tests) or dist/src/ (installed), and the folder that holds it. */
function readOwnPackage(): { name: string; version: string; root?: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      // sls-lint's own file, not the project's: no fence.
      const pkg = JSON.parse(readText(path.join(dir, 'package.json'), { kind: 'config', fence: null }) ?? '') as { name?: string; version?: string };
      if (pkg.name === 'sls-lint' && pkg.version) return { name: pkg.name, version: pkg.version, root: dir };
    } catch {
      // keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { name: 'sls-lint', version: '0.0.0' };
    dir = parent;
  }
}

export const PACKAGE = readOwnPackage();
