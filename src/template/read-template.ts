import { isUtf8 } from 'node:buffer';
import { describeReadProblem, maxBytes, readGated, type FileKind } from '../util/fs-fence.js';
import type { TemplateSyntaxError } from './parse-template.js';

/**
 * The default size limit of templates (see READ_LIMITS in src/util/fs-fence.ts, and
 * `SLS_LINT_MAX_TEMPLATE_MB`): CloudFormation takes at most 1 MB of template body, so no deployable
 * template comes near it; the yaml library reads about 1 MB a second and holds about 100 MB of
 * memory per MB of YAML, so the limit also bounds time and memory.
 */
export function maxTemplateBytes(): number {
  return maxBytes('template');
}

export type ReadResult = { ok: true; text: string } | { ok: false; error: TemplateSyntaxError };

/**
 * The text of a template, an included snippet, a `${file()}` fragment or a config: read once,
 * whole, through the read gate (real path inside the fence, a regular file — a FIFO would block
 * forever, a device never end — within the size limit of its kind), and valid UTF-8. Never throws.
 * `fence` is null only for a file the caller named (`--config`).
 */
export function readTemplateFile(file: string, fence: string | null, kind: FileKind = 'template'): ReadResult {
  const read = readGated(file, { kind, fence });
  if (!read.ok) return failure(describeReadProblem(read.problem));
  const { buffer, text } = read;
  if (!isUtf8(buffer)) {
    // Decoding put a U+FFFD where the first invalid byte was (or the file already had one earlier).
    return failure('File is not valid UTF-8 (a binary file, or another encoding)', text, text.indexOf('\uFFFD'));
  }
  return { ok: true, text };
}

function failure(message: string, text = '', offset = 0): ReadResult {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { ok: false, error: { message, line, column: Math.max(offset, 0) - lineStart + 1 } };
}
