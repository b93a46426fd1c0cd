import path from 'node:path';
import { exists } from './fs-fence.js';

/**
 * The root of the repository that holds a folder: the nearest folder, the folder itself included,
 * with a `.git` entry (a folder in a clone, a file in a worktree or submodule). Monorepos keep
 * shared code beside the service that uses it (`CodeUri: ../shared`, a `libs/` symlink), so the
 * read fence is the repository, not the folder sls-lint was started in. Undefined outside any.
 */
export function repositoryRootOf(folder: string): string | undefined {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    if (exists(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}
