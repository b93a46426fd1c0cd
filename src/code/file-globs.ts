import path from 'node:path';
import picomatch from 'picomatch';

/** Modules where talking to AWS and HTTP endpoints directly is the point: the wrappers themselves. */
export const DEFAULT_WRAPPER_GLOBS: readonly string[] = [
  '**/adapters/**', '**/clients/**', '**/services/**', '**/repositories/**', '**/gateways/**', '**/infrastructure/**',
  '**/*.repository.*', '**/*.adapter.*', '**/*.client.*', '**/*.gateway.*', '**/*.service.*',
];

/** Test code: sample events, fixtures and table clean-ups are not application code. */
export const DEFAULT_TEST_GLOBS: readonly string[] = [
  '**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/__mocks__/**', '**/test/**', '**/tests/**',
];

/** One matcher per glob list: option arrays live as long as their ESLint config, so the cache dies with it. */
const matchers = new WeakMap<readonly string[], (file: string) => boolean>();

/**
 * Whether a file matches any of the globs (picomatch, dot files included), as a path relative
 * to `cwd` with `/` separators. A file outside `cwd` is matched by its absolute path.
 */
export function matchesFile(filename: string, cwd: string, globs: readonly string[]): boolean {
  if (globs.length === 0 || !filename || filename.startsWith('<')) return false;
  let matcher = matchers.get(globs);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    matchers.set(globs, matcher);
  }
  const absolute = path.resolve(cwd, filename);
  const relative = path.relative(cwd, absolute);
  const candidate = relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return matcher(candidate.split(path.sep).join('/'));
}

/** The JSON schema of a rule option that lists file globs, relative to the project folder (`SlsServices.globRoot`). */
export function globListSchema(purpose: string) {
  return {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    description: `Globs (relative to the ESLint working directory) of ${purpose}.`,
  } as const;
}
