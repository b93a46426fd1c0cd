import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes files (paths relative to the project) into a new temporary folder, or into `root`, and returns the folder. */
export function writeProject(files: Record<string, string>, root = mkdtempSync(path.join(tmpdir(), 'sls-lint-test-'))): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}
