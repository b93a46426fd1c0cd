import path from 'node:path';
import { isFile } from './fs-fence.js';

/** Extensions a relative import may leave out, in the order bundlers try them. */
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
/** A `.js` specifier in TypeScript names the `.ts` file it compiles from. */
const COMPILED_FROM: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

/** The file a relative specifier names (extension and `index` guessed as bundlers do); undefined when none exists. */
export function resolveLocal(fromDir: string, specifier: string, fileExists: (file: string) => boolean = isFile): string | undefined {
  const base = path.resolve(fromDir, specifier);
  const ext = path.extname(base);
  const candidates: string[] = [];
  if (SOURCE_EXTENSIONS.includes(ext)) {
    const stem = base.slice(0, -ext.length);
    candidates.push(...(COMPILED_FROM[ext] ?? []).map((e) => stem + e), base);
  }
  candidates.push(...SOURCE_EXTENSIONS.map((e) => base + e), ...SOURCE_EXTENSIONS.map((e) => path.join(base, `index${e}`)));
  return candidates.find(fileExists);
}
