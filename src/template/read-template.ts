import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import type { TemplateSyntaxError } from './parse-template.js';

/**
 * Templates larger than this are refused unread. CloudFormation takes at most 1 MB of template
 * body, so no deployable template comes near it; the yaml library reads about 1 MB a second
 * and holds about 100 MB of memory per MB of YAML, so the limit also bounds time and memory.
 */
export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; error: TemplateSyntaxError };

/**
 * The text of a template, an included snippet or a `${file()}` fragment: read once, whole, and
 * only when it is a regular file (a FIFO would block forever, a device never end) within the size
 * limit, and valid UTF-8. Never throws.
 */
export function readTemplateFile(file: string): ReadResult {
  let buffer: Buffer;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return failure('Not a regular file');
    if (stats.size > MAX_TEMPLATE_BYTES) return tooBig(stats.size);
    buffer = readFileSync(file);
  } catch (error) {
    return failure(`Cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // The file may have grown between stat and read.
  if (buffer.length > MAX_TEMPLATE_BYTES) return tooBig(buffer.length);
  const text = buffer.toString('utf8');
  if (!isUtf8(buffer)) {
    // Decoding put a U+FFFD where the first invalid byte was (or the file already had one earlier).
    return failure('File is not valid UTF-8 (a binary file, or another encoding)', text, text.indexOf('\uFFFD'));
  }
  return { ok: true, text };
}

function tooBig(bytes: number): ReadResult {
  return failure(`Template is ${megabytes(bytes)} MB, over the limit of ${megabytes(MAX_TEMPLATE_BYTES)} MB`);
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
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
