import path from 'node:path';
import { isInside } from '../util/fs-fence.js';

/**
 * Folders that compilers and bundlers write to, as path segments, longest first where they share a
 * start. `*` stands for the one folder the tool names after the function or the service
 * (`.aws-sam/build/<Function>`, `.webpack/service`).
 */
const BUILD_OUTPUTS: readonly (readonly string[])[] = [
  ['.aws-sam', 'build', '*'],
  ['.webpack', '*'],
  ['.esbuild', '.build'],
  ['dist'], ['build'], ['.build'], ['out'], ['lib'], ['.esbuild'], ['.webpack'], ['.serverless'],
];

/** A module path cut where a build output folder sits: what comes before it, and the path inside it. */
export interface BuildOutputSplit {
  /** Absolute folder that holds the build output folder. */
  parent: string;
  /** Path segments inside the build output folder. */
  inside: string[];
}

/**
 * Every place a module path (absolute, inside the root) runs through a build output folder, innermost first:
 * a source folder may be called `lib` or `build` too, and the folder nearest the file is the likelier output.
 * `extraFolders` are output folders the project names itself (a bundler plugin's settings).
 */
export function buildOutputSplits(root: string, modulePath: string, extraFolders: readonly string[] = []): BuildOutputSplit[] {
  if (!isInside(root, modulePath)) return [];
  const parts = path.relative(root, modulePath).split(path.sep);
  const patterns = [...extraFolders.map((folder) => folder.split(/[\\/]/).filter((s) => s !== '' && s !== '.')), ...BUILD_OUTPUTS];
  const splits: BuildOutputSplit[] = [];
  for (let i = parts.length - 2; i >= 0; i--) {
    for (const pattern of patterns) {
      if (pattern.length === 0 || i + pattern.length >= parts.length) continue;
      if (!pattern.every((segment, j) => segment === '*' || segment === parts[i + j])) continue;
      splits.push({ parent: path.join(root, ...parts.slice(0, i)), inside: parts.slice(i + pattern.length) });
    }
  }
  return splits;
}

/** `dist/handlers/x` maps back to `src/handlers/x` or `handlers/x` when the build output is not checked in. */
export function buildOutputSources(splits: readonly BuildOutputSplit[]): string[] {
  return splits.flatMap(({ parent, inside }) => [path.join(parent, 'src', ...inside), path.join(parent, ...inside)]);
}
