/** How long a line of hand-written code gets, at most: a longer one in the head of a file is a minifier's. */
export const LONG_LINE = 5_000;
/** The head of a file searched for such a line, in characters (64 KB of ASCII). */
export const HEAD_CHARS = 64 * 1024;

/** Why a code file is taken for minified or bundled output: its name, a source map comment, or a line no one writes by hand. */
export type MinifiedSign = 'name' | 'source-map' | 'long-line';

const MINIFIED_NAME = /\.min\.[cm]?js$/i;
const SOURCE_MAP = /^[ \t]*\/\/[#@][ \t]*sourceMappingURL=/m;

/**
 * Whether a code file is minified or bundled: `app.min.js`, a `//# sourceMappingURL=` comment
 * (what bundlers and compilers write under their output), or a line over `LONG_LINE` characters
 * in its first `HEAD_CHARS`. Such a file is build output: its findings would point at code nobody
 * wrote, and a bundle costs the parse of every library in it. `text` is read only when the name
 * does not tell.
 */
export function minifiedSign(file: string, text: () => string | undefined): MinifiedSign | undefined {
  if (MINIFIED_NAME.test(file)) return 'name';
  const source = text();
  if (source === undefined) return undefined;
  if (SOURCE_MAP.test(source)) return 'source-map';
  return hasLongLine(source) ? 'long-line' : undefined;
}

function hasLongLine(text: string): boolean {
  const head = Math.min(text.length, HEAD_CHARS);
  for (let start = 0; start < head;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (end - start > LONG_LINE) return true;
    start = end + 1;
  }
  return false;
}
