import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import { Parser } from 'yaml';

/**
 * An `sls-lint-disable` comment in a template (YAML, serverless.yml) or in the source of a CDK app
 * or serverless.ts: the rules it names and the lines it covers. JSON has no comments: there,
 * `Metadata.sls-lint.ignore` is the only way.
 */
export interface SuppressionComment {
  kind: 'next-line' | 'block';
  /** The rules named, split at commas, `sls/` added where it was left out; none for a comment that names no rule. */
  ruleIds: string[];
  /** The text after ` -- `; undefined when there is none. */
  reason?: string;
  /** Where the comment is (1-based; the end exclusive, as ESLint's). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The lines it covers, both ends included; `to < from` covers none. */
  from: number;
  to: number;
}

const MARKER = 'sls-lint-disable';
const DIRECTIVE = /^sls-lint-disable(-next-line)?(?:\s+([\s\S]*))?$/;
const YAML_FILE = /\.ya?ml$/i;
const SCRIPT_FILE = /\.[cm]?[jt]sx?$/i;

/** The suppression comments of a file, read as its kind is read (YAML or TypeScript/JavaScript); none in any other file. */
export function suppressionComments(file: string, text: string): SuppressionComment[] {
  // Most files have none: those are not parsed again.
  if (!text.includes(MARKER)) return [];
  if (YAML_FILE.test(file)) return yamlSuppressions(text);
  if (SCRIPT_FILE.test(file)) return scriptSuppressions(file, text);
  return [];
}

interface Directive {
  kind: SuppressionComment['kind'];
  ruleIds: string[];
  reason?: string;
}

/** Reads `sls-lint-disable[-next-line] sls/a, sls/b -- reason` from a comment's text, as ESLint reads its own. */
export function parseDirective(body: string): Directive | undefined {
  const match = DIRECTIVE.exec(body.trim());
  if (!match) return undefined;
  // ESLint's separator: two or more dashes with white space around them; the reason is all after the first.
  const value = match[2] ?? '';
  const separator = /(?:^|\s)-{2,}(?:\s|$)/.exec(value);
  const names = separator ? value.slice(0, separator.index) : value;
  const reason = separator ? value.slice(separator.index + separator[0].length).trim() : '';
  const ruleIds = names.split(',').map((name) => name.trim()).filter((name) => name !== '').map((name) => (name.startsWith('sls/') ? name : `sls/${name}`));
  return { kind: match[1] ? 'next-line' : 'block', ruleIds, ...(reason ? { reason } : {}) };
}

/** Where each line starts, by offset. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset. */
function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/** What each line holds: nothing, only comments, or content (a key, a value, a scalar's text); and its indentation. */
interface LineShape {
  kind: 'blank' | 'comment' | 'content';
  indent: number;
}

/**
 * YAML: a comment's scope follows the indentation, as the document's structure does.
 * - `sls-lint-disable-next-line`: the next line that is neither blank nor only a comment.
 * - `sls-lint-disable` on a line of its own: the rest of the mapping or sequence it sits in, that
 *   is up to the next line indented less than the comment. As the first thing in a node (right
 *   under its key, or before any content at all), it covers the key's line too: the whole node,
 *   or the whole file at the top.
 * - `sls-lint-disable` after a key (`Queue: # sls-lint-disable ...`): that key and its value.
 * Comments are the parser's (a `#` in a string or a block scalar is not one).
 */
function yamlSuppressions(text: string): SuppressionComment[] {
  const comments: { offset: number; source: string }[] = [];
  // The concrete syntax tree, walked without recursion: a hostile nesting depth must not overflow the stack.
  const pending: unknown[] = [...new Parser().parse(text)];
  while (pending.length > 0) {
    const item = pending.pop();
    if (Array.isArray(item)) pending.push(...(item as unknown[]));
    else if (item !== null && typeof item === 'object') {
      const token = item as { type?: unknown; offset?: unknown; source?: unknown };
      if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
        comments.push({ offset: token.offset, source: token.source });
        continue;
      }
      for (const [key, value] of Object.entries(item)) if (key !== 'source' && value !== null && typeof value === 'object') pending.push(value);
    }
  }
  if (comments.length === 0) return [];
  const starts = lineStarts(text);
  const commentStarts = new Set(comments.map((c) => c.offset));
  const shapes: LineShape[] = starts.map((start, index) => {
    const end = index + 1 < starts.length ? starts[index + 1]! : text.length;
    let first = start;
    while (first < end && (text[first] === ' ' || text[first] === '\t')) first++;
    const indent = first - start;
    if (first >= end || text[first] === '\n' || text[first] === '\r') return { kind: 'blank', indent };
    return { kind: commentStarts.has(first) ? 'comment' : 'content', indent };
  });
  const contentAfter = (line: number) => {
    for (let n = line + 1; n <= shapes.length; n++) if (shapes[n - 1]!.kind === 'content') return n;
    return undefined;
  };
  const contentBefore = (line: number) => {
    for (let n = line - 1; n >= 1; n--) if (shapes[n - 1]!.kind === 'content') return n;
    return undefined;
  };
  /** The last content line before the next one indented less than `indent` (or as much, with `orEqual`). */
  const blockEnd = (line: number, indent: number, orEqual: boolean) => {
    let last = line;
    for (let n = contentAfter(line); n !== undefined; n = contentAfter(n)) {
      const shape = shapes[n - 1]!;
      if (shape.indent < indent || (orEqual && shape.indent === indent)) break;
      last = n;
    }
    return last;
  };
  const found: SuppressionComment[] = [];
  for (const comment of comments.sort((a, b) => a.offset - b.offset)) {
    const directive = parseDirective(comment.source.replace(/^#/, ''));
    if (!directive) continue;
    const { line, column } = positionOf(starts, comment.offset);
    const shape = shapes[line - 1]!;
    const ownLine = shape.kind === 'comment';
    let from: number;
    let to: number;
    if (directive.kind === 'next-line') {
      const target = contentAfter(line);
      [from, to] = target === undefined ? [line + 1, line] : [target, target];
    } else if (!ownLine) {
      from = line;
      to = blockEnd(line, shape.indent, true);
    } else {
      const before = contentBefore(line);
      const opens = before === undefined || shapes[before - 1]!.indent < shape.indent;
      from = before === undefined ? 1 : opens ? before : line;
      to = blockEnd(line, shape.indent, false);
    }
    found.push({ ...directive, line, column, endLine: line, endColumn: column + comment.source.length, from, to });
  }
  return found;
}

/**
 * TypeScript and JavaScript (a CDK app, serverless.ts), as ESLint scopes its own comments:
 * `sls-lint-disable-next-line` covers the next line that is neither blank nor only a comment;
 * `sls-lint-disable` covers the rest of the file. Comments are the parser's, in `//` or `/* *\/`.
 */
function scriptSuppressions(file: string, text: string): SuppressionComment[] {
  const kind = /\.[cm]?jsx?$/i.test(file) ? ts.ScriptKind.JS : /x$/i.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  // Every run of trivia comes before a token (the end of the file is one): its comments are read there.
  const ranges = new Map<number, TS.CommentRange>();
  const pending: TS.Node[] = [source];
  while (pending.length > 0) {
    const node = pending.pop()!;
    // TypeScript calls the comments on the line a run starts "trailing", the rest "leading".
    for (const range of [...ts.getTrailingCommentRanges(text, node.pos) ?? [], ...ts.getLeadingCommentRanges(text, node.pos) ?? []]) ranges.set(range.pos, range);
    // With the tokens (punctuation included) that the syntax tree leaves out.
    pending.push(...node.getChildren(source));
  }
  const sorted = [...ranges.values()].sort((a, b) => a.pos - b.pos);
  const starts = lineStarts(text);
  const lineCount = starts.length;
  // Which lines hold code, that is anything but white space and comments.
  const hasCode = new Array<boolean>(lineCount + 2).fill(false);
  let line = 1;
  let next = 0;
  for (let offset = 0; offset < text.length; offset++) {
    const char = text[offset]!;
    if (char === '\n') line++;
    const inComment = next < sorted.length && offset >= sorted[next]!.pos;
    if (inComment) {
      if (offset === sorted[next]!.end - 1) next++;
    } else if (char.trim() !== '') hasCode[line] = true;
  }
  const nextCodeLine = (after: number) => {
    let n = after + 1;
    while (n <= lineCount && !hasCode[n]) n++;
    return n;
  };
  const found: { range: TS.CommentRange; directive: Directive }[] = [];
  for (const range of sorted) {
    const raw = text.slice(range.pos, range.end);
    const directive = parseDirective(range.kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, -2));
    if (directive) found.push({ range, directive });
  }
  return found.map(({ range, directive }) => {
    const start = positionOf(starts, range.pos);
    const end = positionOf(starts, range.end);
    const target = nextCodeLine(end.line);
    const [from, to] = directive.kind === 'next-line' ? [target, Math.min(target, lineCount)] : [start.line, lineCount];
    return { ...directive, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, from, to };
  });
}
