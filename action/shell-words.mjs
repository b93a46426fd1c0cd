/**
 * Splits a text into words the way a POSIX shell does before it runs a command, and does nothing
 * else: single quotes, double quotes and backslash escapes are honoured; `$VAR`, `$(…)`, backquotes,
 * globs, `~` and `#` are kept as they are, never expanded or run. The action passes its `args` and
 * `paths` inputs through this, so `--rule 'sls/no-scan: off'` reaches sls-lint as two arguments.
 */

/** A text that is not a list of shell words (an unterminated quote, a trailing backslash). */
export class ShellWordsError extends Error {}

const BLANK = new Set([' ', '\t', '\n', '\r']);
/** What a backslash escapes inside double quotes (POSIX); before anything else it stays. */
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`', '\n']);

/**
 * @param {string} text
 * @returns {string[]}
 */
export function splitShellWords(text) {
  const words = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (BLANK.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new ShellWordsError(`unterminated single quote at character ${i + 1}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const start = i;
      inWord = true;
      i += 1;
      for (;;) {
        if (i >= text.length) throw new ShellWordsError(`unterminated double quote at character ${start + 1}`);
        const d = text[i];
        if (d === '"') {
          i += 1;
          break;
        }
        if (d === '\\' && i + 1 < text.length && DOUBLE_QUOTE_ESCAPES.has(text[i + 1])) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i += 1;
        }
      }
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new ShellWordsError('a backslash at the end escapes nothing');
      // A backslash before a line break joins the lines; before anything else, it makes it literal.
      if (text[i + 1] !== '\n') {
        word += text[i + 1];
        inWord = true;
      }
      i += 2;
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}
