import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Our own package.json, found from this file whether it runs from src/ (tests) or dist/src/ (installed), and the folder that holds it. */
function readOwnPackage(): { name: string; version: string; root?: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
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
