import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ReviewError } from './review-error.js';

/** Lines changed since a git ref, per absolute file path; `all` for files git does not track yet. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

export class GitError extends ReviewError {}

/** Runs git without a shell (the ref is an argument, never interpreted), from the project root. */
export function changedLinesSince(root: string, ref: string): ChangedLines {
  if (ref.startsWith('-')) throw new GitError(`--changed-since takes a git ref, not an option: ${ref}`);
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
      throw new GitError(`git ${args[0]} failed${stderr ? `: ${stderr}` : ''}`);
    }
  };
  const top = git(['rev-parse', '--show-toplevel']).trim();
  const changed: ChangedLines = new Map();
  let file: string | undefined;
  for (const line of git(['diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames', ref, '--', '.']).split('\n')) {
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      file = name === '/dev/null' ? undefined : path.join(top, name.replace(/^b\//, ''));
      if (file && !changed.has(file)) changed.set(file, new Set());
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && file) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      const lines = changed.get(file);
      if (lines instanceof Set) {
        for (let n = start; n < start + count; n++) lines.add(n);
        // A pure deletion changes the place where lines went missing.
        if (count === 0) lines.add(Math.max(1, start));
      }
    }
  }
  for (const name of git(['ls-files', '--others', '--exclude-standard', '--', '.']).split('\n').filter(Boolean)) {
    changed.set(path.join(root, name), 'all');
  }
  return changed;
}
