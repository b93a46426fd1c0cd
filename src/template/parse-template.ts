import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  type Alias,
  type Document,
  type Node as YamlNode,
  type Tags,
} from 'yaml';
import type { PathSegment, SourceLocation } from './source-location.js';

/**
 * A template parsed once: its plain value (intrinsics in long form, as CloudFormation
 * itself sees them) and a way back from any path in that value to a source position.
 */
export interface ParsedTemplate {
  filePath: string;
  text: string;
  value: unknown;
  /**
   * Position of the key at `path` (or of the value for sequence items), or the nearest ancestor
   * that exists; `file` is set when that position is in another file (an included fragment).
   */
  locate(path: readonly PathSegment[]): SourceLocation & { file?: string };
}

export interface TemplateSyntaxError {
  message: string;
  line: number;
  column: number;
}

export type ParseResult =
  | { ok: true; template: ParsedTemplate }
  | { ok: false; error: TemplateSyntaxError };

/** Short-form intrinsic tags; `!Ref` and `!Condition` keep their name, the rest become `Fn::X`. */
export const INTRINSIC_TAGS = [
  'Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not',
  'FindInMap', 'ImportValue', 'Base64', 'Cidr', 'GetAZs', 'Transform', 'Contains', 'EachMemberEquals',
  'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll', 'Length', 'ToJsonString', 'ForEach',
] as const;

const LONG_FORM = new Map<string, string>(
  INTRINSIC_TAGS.map((t) => [`!${t}`, t === 'Ref' || t === 'Condition' ? t : `Fn::${t}`]),
);

// Identity tags keep `node.tag` for the walk below, and silence "Unresolved tag" warnings.
const CUSTOM_TAGS: Tags = INTRINSIC_TAGS.flatMap((t) => [
  { tag: `!${t}`, resolve: (s: string) => s },
  { tag: `!${t}`, collection: 'seq' as const, resolve: (n: unknown) => n },
  { tag: `!${t}`, collection: 'map' as const, resolve: (n: unknown) => n },
]) as unknown as Tags;

/** Deeper than any real template; stops stack exhaustion on hostile input. */
const MAX_DEPTH = 256;
/** Node visits, counting alias expansions: a billion-laughs document hits this long before memory does. */
const MAX_NODES = 2_000_000;

class TemplateLimitError extends Error {}

export function parseTemplate(filePath: string, rawText: string): ParseResult {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  return /\.json$/i.test(filePath) ? parseJsonTemplate(filePath, text) : parseYamlTemplate(filePath, text);
}

function parseYamlTemplate(filePath: string, text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags: CUSTOM_TAGS, schema: 'core', uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    // The position is reported separately; drop the "at line 3, column 1:" the yaml library appends.
    const message = firstLine(first.message).replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, error: { message, line: pos.line, column: pos.col } };
  }
  let value: unknown;
  try {
    value = new YamlToValue(doc).convert(doc.contents, 0);
  } catch (error) {
    if (error instanceof TemplateLimitError) return { ok: false, error: { message: error.message, line: 1, column: 1 } };
    throw error;
  }
  return { ok: true, template: { filePath, text, value, locate: makeLocator(text, () => ({ doc, lineCounter })) } };
}

function parseJsonTemplate(filePath: string, text: string): ParseResult {
  let value: unknown;
  try {
    // JSON.parse defines "__proto__" as an own property, so no prototype pollution here.
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 gives a position for most errors, but "Unexpected token 'x', ..." only quotes the text around it.
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : jsonErrorOffset(text);
    const lineCounter = new LineCounter();
    countLines(text, lineCounter);
    const pos = lineCounter.linePos(offset);
    const short = message.replace(/ (?:in JSON )?at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
    return { ok: false, error: { message: short, line: pos.line, column: pos.col } };
  }
  // Positions are only needed for findings, so the position-keeping parse happens on first use.
  let cached: { doc: Document; lineCounter: LineCounter } | undefined;
  const load = () => {
    if (!cached) {
      const lineCounter = new LineCounter();
      cached = { doc: parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: false }), lineCounter };
    }
    return cached;
  };
  return { ok: true, template: { filePath, text, value, locate: makeLocator(text, load) } };
}

const JSON_STRING_PREFIX = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_LITERAL = /true|false|null/y;

/** Offset of the first character at which `text` stops being JSON; text.length when it ends too early. */
export function jsonErrorOffset(text: string): number {
  const open: string[] = [];
  let expect: 'value' | 'key' | 'colon' | 'next' = 'value';
  let justOpened = false;
  for (let i = 0; ; ) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    if (i >= text.length) return text.length;
    const c = text[i]!;
    const close = open.at(-1) === '{' ? '}' : ']';
    if ((justOpened || expect === 'next') && open.length > 0 && c === close) {
      open.pop();
      expect = 'next';
    } else if (expect === 'next') {
      if (open.length === 0 || c !== ',') return i;
      expect = close === '}' ? 'key' : 'value';
    } else if (expect === 'colon') {
      if (c !== ':') return i;
      expect = 'value';
    } else if (expect === 'value' && (c === '{' || c === '[')) {
      open.push(c);
      expect = c === '{' ? 'key' : 'value';
    } else {
      if (expect === 'key' && c !== '"') return i;
      const pattern = c === '"' ? JSON_STRING_PREFIX : c === '-' || (c >= '0' && c <= '9') ? JSON_NUMBER : JSON_LITERAL;
      pattern.lastIndex = i;
      if (!pattern.test(text)) return i;
      i = pattern.lastIndex;
      if (c === '"' && text[i++] !== '"') return i - 1;
      expect = expect === 'key' ? 'colon' : 'next';
      justOpened = false;
      continue;
    }
    justOpened = c === '{' || c === '[';
    i++;
  }
}

function countLines(text: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

class YamlToValue {
  private visits = 0;
  /** `Alias.resolve` searches the whole document, so each alias is resolved once, not once per expansion. */
  private readonly targets = new Map<Alias, unknown>();
  constructor(private readonly doc: Document) {}

  convert(node: unknown, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new TemplateLimitError(`Document nests deeper than ${MAX_DEPTH} levels`);
    if (++this.visits > MAX_NODES) throw new TemplateLimitError(`Document expands to more than ${MAX_NODES} nodes (alias bomb?)`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (!this.targets.has(node)) this.targets.set(node, node.resolve(this.doc));
      return this.convert(this.targets.get(node), depth + 1);
    }
    let value: unknown;
    if (isScalar(node)) value = scalarValue(node);
    else if (isMap(node)) {
      const object: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(scalarValue(pair.key)) : String(this.convert(pair.key, depth + 1));
        defineOwn(object, key, this.convert(pair.value, depth + 1));
      }
      value = object;
    } else if (isSeq(node)) value = node.items.map((item) => this.convert(item, depth + 1));
    else value = null;
    const tag = (node as YamlNode).tag;
    const longForm = tag ? LONG_FORM.get(tag) : undefined;
    if (!longForm) return value;
    if (longForm === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      value = dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
    }
    return { [longForm]: value ?? '' };
  }
}

function scalarValue(node: Scalar): unknown {
  const { value } = node;
  // CloudFormation reads 012345678901 (a value or a Mappings key) as an account id, not the number 12345678901.
  if (typeof value === 'number' && node.type === Scalar.PLAIN && typeof node.source === 'string' && /^[+-]?0\d/.test(node.source)) {
    return node.source;
  }
  return value;
}

/** Assigns without ever invoking the `__proto__` setter. */
export function defineOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function makeLocator(text: string, load: () => { doc: Document; lineCounter: LineCounter }) {
  return (path: readonly PathSegment[]): SourceLocation => {
    const { doc, lineCounter } = load();
    let node: unknown = doc.contents;
    let range: [number, number] | undefined = rangeOf(node);
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        // findLast: JSON.parse keeps the last of duplicate keys (YAML rejects duplicates).
        const pair = node.items.findLast((p) => isScalar(p.key) && String(scalarValue(p.key)) === String(segment));
        if (!pair) break;
        range = rangeOf(pair.key) ?? range;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        range = rangeOf(node) ?? range;
      } else break;
    }
    if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const start = lineCounter.linePos(range[0]);
    // A collection spans many lines; its first line is what a reader wants highlighted.
    const lineEnd = text.indexOf('\n', range[0]);
    const endOffset = Math.min(range[1], lineEnd === -1 ? text.length : lineEnd);
    const end = lineCounter.linePos(Math.max(endOffset, range[0]));
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  };
}

function rangeOf(node: unknown): [number, number] | undefined {
  const range = (node as YamlNode | null)?.range;
  return range ? [range[0], range[1]] : undefined;
}
