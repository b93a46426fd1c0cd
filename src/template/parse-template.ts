import { defineOwn } from '../util/objects.js';
import {
  Composer,
  CST,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
  Parser,
  Scalar,
  YAMLParseError,
  type Alias,
  type Document,
  type Node as YamlNode,
  type Pair,
  type Tags,
  type YAMLMap,
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
export const MAX_DEPTH = 256;
/** Node visits, counting alias expansions: a billion-laughs document hits this long before memory does. */
export const MAX_NODES = 2_000_000;

const DEPTH_MESSAGE = `Document nests deeper than ${MAX_DEPTH} levels`;
const BOMB_MESSAGE = `Document expands to more than ${MAX_NODES} nodes (alias bomb?)`;
const MERGE_MESSAGE = 'A merge key (<<) takes a mapping or a sequence of mappings';

/** A document sls-lint refuses to read (a duplicate key, a limit crossed), at an offset in its text. */
class TemplateRefusal extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Never throws: text that is not a template comes back as `{ ok: false }` with a 1-based position. */
export function parseTemplate(filePath: string, rawText: string): ParseResult {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  // YAML and JSON both forbid a raw NUL; one in a template means a binary file, not a broken one.
  const nul = text.indexOf('\0');
  if (nul !== -1) return refusal(text, 'File contains a NUL byte: it is binary, not YAML or JSON', nul);
  try {
    return /\.json$/i.test(filePath) ? parseJsonTemplate(filePath, text) : parseYamlTemplate(filePath, text);
  } catch (error) {
    // Stack or string exhaustion in the yaml library on input no limit above foresaw: still only a finding.
    if (error instanceof RangeError) return refusal(text, `Document is too complex to read (${firstLine(error.message)})`, 0);
    throw error;
  }
}

function refusal(text: string, message: string, offset: number): ParseResult {
  const lineCounter = new LineCounter();
  countLines(text, lineCounter);
  const pos = lineCounter.linePos(offset);
  return { ok: false, error: { message, line: pos.line, column: pos.col } };
}

function parseYamlTemplate(filePath: string, text: string): ParseResult {
  let lineCounter = new LineCounter();
  let doc = parseYamlDocument(text, lineCounter, new Lexer());
  if (typeof doc !== 'number' && doc.errors.length > 0) {
    // Read again as SAM and Serverless read quotes (one more linear pass, for broken documents only);
    // when that fails too, the strict errors say more.
    const lenientLines = new LineCounter();
    const lenient = parseYamlDocument(text, lenientLines, lenientQuotesLexer(text));
    if (typeof lenient !== 'number' && lenient.errors.length === 0) [doc, lineCounter] = [lenient, lenientLines];
  }
  if (typeof doc === 'number') {
    const pos = lineCounter.linePos(doc);
    return { ok: false, error: { message: DEPTH_MESSAGE, line: pos.line, column: pos.col } };
  }
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    // A stack overflow the library caught in its composer: not expected below MAX_DEPTH, but said the same way.
    const message = first.code === 'RESOURCE_EXHAUSTION' ? DEPTH_MESSAGE : firstLine(first.message);
    return { ok: false, error: { message, line: pos.line, column: pos.col } };
  }
  const aliases = aliasTargets(doc);
  // Counted before anything is built, so a billion laughs is refused in microseconds, not after 2M allocations.
  if (expandedSize(doc.contents, aliases) > MAX_NODES) return refusal(text, BOMB_MESSAGE, 0);
  let value: unknown;
  try {
    value = new YamlToValue(aliases).convert(doc.contents, 0);
  } catch (error) {
    if (!(error instanceof TemplateRefusal)) throw error;
    const pos = lineCounter.linePos(error.offset);
    return { ok: false, error: { message: error.message, line: pos.line, column: pos.col } };
  }
  const located = () => ({ doc, lineCounter, aliases });
  const template = { filePath, text, value, locate: makeLocator(text, located) };
  yamlSources.set(template, located);
  return { ok: true, template };
}

/** The document each YAML template's `locate` reads, for `storedTemplate`. */
const yamlSources = new WeakMap<ParsedTemplate, () => Located>();

/**
 * A parse kept between runs (`--cache`): the value, and every position `locate` can give, as a
 * tree that follows the value (a key's position and what is below it; an item's). Plain data.
 */
export interface StoredTemplate {
  value: unknown;
  /** The document's own position, and the tree below it. */
  positions: [StoredLocation, PositionTree];
}

/** [line, column, endLine, endColumn], or 0 where the document gives none (the position above stands). */
export type StoredLocation = [number, number, number, number] | 0;
/** A mapping's keys, a sequence's items, or 0 below a scalar. */
export type PositionTree = { [key: string]: [StoredLocation, PositionTree] } | [StoredLocation, PositionTree][] | 0;

/**
 * A YAML template as plain data, to be read back with `templateFromStored` without parsing; undefined
 * for JSON (which parses fast), for a document with aliases (positions shared by several paths), and
 * for a value JSON cannot hold (`.nan`, `.inf`).
 */
export function storedTemplate(template: ParsedTemplate): StoredTemplate | undefined {
  const source = yamlSources.get(template)?.();
  if (!source || source.aliases.size > 0 || !jsonSafe(template.value, 0)) return undefined;
  const { doc, lineCounter, aliases } = source;
  const keys = keyIndex();
  const location = (node: unknown): StoredLocation => {
    const range = rangeOf(node);
    if (!range) return 0;
    const { line, column, endLine, endColumn } = locationAt(template.text, lineCounter, range);
    return [line, column, endLine, endColumn];
  };
  const tree = (node: unknown, depth: number): PositionTree => {
    if (depth > MAX_DEPTH) throw new TemplateRefusal(DEPTH_MESSAGE, 0);
    if (isMap(node)) {
      const out: Record<string, [StoredLocation, PositionTree]> = {};
      for (const [key, pair] of keys(node, aliases)) defineOwn(out, key, [location(pair.key), tree(pair.value, depth + 1)]);
      return out;
    }
    return isSeq(node) ? node.items.map((item) => [location(item), tree(item, depth + 1)]) : 0;
  };
  try {
    return { value: template.value, positions: [location(doc.contents), tree(doc.contents, 0)] };
  } catch {
    return undefined;
  }
}

/** A template read back from `storedTemplate`: the same value and positions, without parsing. */
export function templateFromStored(filePath: string, rawText: string, stored: StoredTemplate): ParsedTemplate {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const [rootLocation, rootTree] = stored.positions;
  // Read with care: the store may be a cache file that came from elsewhere.
  const locate = (path: readonly PathSegment[]): SourceLocation => {
    let location = isLocation(rootLocation) ? rootLocation : undefined;
    let tree: unknown = rootTree;
    for (const segment of path) {
      const next: unknown = Array.isArray(tree)
        ? (typeof segment === 'number' ? tree[segment] : undefined)
        : typeof tree === 'object' && tree !== null && Object.hasOwn(tree, String(segment)) ? (tree as Record<string, unknown>)[String(segment)] : undefined;
      if (!Array.isArray(next)) break;
      if (isLocation(next[0])) location = next[0];
      tree = next[1];
    }
    return location ? { line: location[0], column: location[1], endLine: location[2], endColumn: location[3] } : { line: 1, column: 1, endLine: 1, endColumn: 1 };
  };
  return { filePath, text, value: stored.value, locate };
}

function isLocation(value: unknown): value is [number, number, number, number] {
  return Array.isArray(value) && value.length === 4 && value.every((n) => Number.isInteger(n) && n > 0);
}

/** Whether JSON gives the value back as it is: plain objects and arrays, strings, booleans, null and finite numbers. */
function jsonSafe(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every((item) => item !== undefined && jsonSafe(item, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every((v) => v !== undefined && jsonSafe(v, depth + 1));
  return false;
}

/**
 * `parseDocument`, in its three steps, with nesting checked before the one that recurses. The
 * composer recurses once per level; near the stack's end V8 may abort the whole process (a fatal
 * "RegExpCompiler Allocation failed" when a regexp compiles there) instead of throwing, so a
 * document deeper than MAX_DEPTH must never reach it. Returns the offset where nesting crosses
 * the limit instead of a document.
 */
function parseYamlDocument(text: string, lineCounter: LineCounter, lexer: Lexer): Document | number {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  // The parser takes ~10 µs a level on deep input, so the two cheap ways to nest, brackets and
  // `- - - x`, are stopped while lexing; whatever else is deep is found in the parser's tokens.
  let flow = 0;
  let compact = 0;
  let lineStart = true;
  let atScalar = false;
  for (const lexeme of lexer.lex(text)) {
    // After the scalar marker comes the scalar's text, whatever it looks like (as in Parser.next).
    const type: string | null = atScalar ? 'scalar-text' : CST.tokenType(lexeme);
    atScalar = type === 'scalar';
    if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    if (type === 'newline') {
      lineStart = true;
      compact = 0;
    } else if (lineStart && flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind')) compact++;
    else if (type !== 'space' && type !== 'doc-mode' && type !== 'byte-order-mark' && type !== 'flow-error-end') lineStart = false;
    // Each bracket still open, and each `- ` in a row, is one more collection: a lower bound of the depth.
    if (flow > MAX_DEPTH || compact > MAX_DEPTH) return parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  const deep = cstDepthOffset(tokens);
  if (deep !== -1) return deep;
  // uniqueKeys is checked in YamlToValue: the library's check compares each key with every other (quadratic).
  const composer = new Composer({ customTags: CUSTOM_TAGS, schema: 'core', uniqueKeys: false });
  let doc: Document | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  // compose(..., forceDoc = true) always yields a document, an empty one for empty text.
  return doc!;
}

/** The two steps of the yaml library's lexer that decide where a quoted scalar ends. */
interface QuotedScalarSteps {
  parseQuotedScalar(this: Lexer): Generator<string, string>;
  continueScalar(this: Lexer, offset: number): number;
}

/**
 * A lexer that continues a quoted scalar on any line up to its closing quote, however indented
 * (tabs too), as PyYAML (SAM, cfn-lint) and js-yaml (Serverless) do; YAML 1.2 wants those lines
 * indented past the scalar's parent. Only a document marker ends the scalar early, as in PyYAML.
 * The library has no option for this: its lexer asks `continueScalar` whether the next line still
 * belongs to the scalar, so that step is answered here while a quoted scalar is being lexed.
 */
function lenientQuotesLexer(text: string): Lexer {
  const lexer = new Lexer();
  const steps = lexer as unknown as QuotedScalarSteps;
  const { parseQuotedScalar, continueScalar } = steps;
  let inQuotes = false;
  steps.parseQuotedScalar = function* (this: Lexer) {
    inQuotes = true;
    try {
      return yield* parseQuotedScalar.call(this);
    } finally {
      inQuotes = false;
    }
  };
  steps.continueScalar = function (this: Lexer, offset: number) {
    if (!inQuotes) return continueScalar.call(this, offset);
    const marker = text.slice(offset, offset + 3);
    return (marker === '---' || marker === '...') && ' \t\r\n'.includes(text.charAt(offset + 3)) ? -1 : offset;
  };
  return lexer;
}

/** Offset of the first collection nested deeper than MAX_DEPTH in the parser's tokens, or -1. Iterative: they may be deep. */
function cstDepthOffset(tokens: readonly CST.Token[]): number {
  // Children are pushed last first, so they are visited in document order.
  const stack: [CST.Token, number][] = tokens.map((token): [CST.Token, number] => [token, 0]).reverse();
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth >= MAX_DEPTH) return token.offset;
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i]!;
        if (item.value) stack.push([item.value, depth + 1]);
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
      }
    }
  }
  return -1;
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
  // JSON.parse itself takes any depth; the code that walks the value afterwards would not.
  const deep = jsonDepthOffset(text, MAX_DEPTH);
  if (deep !== -1) return refusal(text, DEPTH_MESSAGE, deep);
  // Positions are only needed for findings, so the position-keeping parse happens on first use.
  let cached: Located | undefined;
  const load = () => {
    if (!cached) {
      const lineCounter = new LineCounter();
      cached = { doc: parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: false }), lineCounter, aliases: new Map() };
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

/** Offset of the bracket that opens level `limit + 1` of valid JSON `text`, or -1 when it nests no deeper. */
function jsonDepthOffset(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string: the text is valid JSON, so it ends at the first quote not escaped.
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

function countLines(text: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/**
 * The node each alias stands for: the last node with its anchor before it in document order, as
 * `Alias.resolve` finds it, but for all aliases in one walk (`resolve` walks the whole document
 * per call, quadratic in the number of aliases). Iterative: the document may be deep.
 */
function aliasTargets(doc: Document): Map<Alias, YamlNode | undefined> {
  const targets = new Map<Alias, YamlNode | undefined>();
  const anchors = new Map<string, YamlNode>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source));
      continue;
    }
    if (!isNode(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!.value, node.items[i]!.key);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return targets;
}

/**
 * How many nodes YamlToValue will visit (aliases expanded), in one pass over the document: each
 * node's count is kept, so a billion laughs costs its few lines. Below MAX_DEPTH only: deeper, or
 * in an alias cycle, YamlToValue refuses the document for its depth anyway.
 */
function expandedSize(root: unknown, aliases: Map<Alias, YamlNode | undefined>): number {
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  const size = (node: unknown, depth: number): number => {
    if (depth > MAX_DEPTH || open.has(node)) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    open.add(node);
    let total = 1;
    if (isAlias(node)) total += size(aliases.get(node), depth + 1);
    else if (isMap(node)) {
      for (const pair of node.items) total += (isScalar(pair.key) ? 0 : size(pair.key, depth + 1)) + size(pair.value, depth + 1);
    } else if (isSeq(node)) {
      for (const item of node.items) total += size(item, depth + 1);
    }
    open.delete(node);
    // Capped, so that sums of sums stay exact numbers.
    total = Math.min(total, MAX_NODES + 1);
    if (node !== null && node !== undefined) sizes.set(node, total);
    return total;
  };
  return size(root, 0);
}

class YamlToValue {
  private visits = 0;
  constructor(private readonly aliases: Map<Alias, YamlNode | undefined>) {}

  convert(node: unknown, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new TemplateRefusal(DEPTH_MESSAGE, rangeOf(node)?.[0] ?? 0);
    // No one line is to blame for an expansion: it is reported at the start of the document.
    if (++this.visits > MAX_NODES) throw new TemplateRefusal(BOMB_MESSAGE, 0);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.convert(this.aliases.get(node), depth + 1);
    let value: unknown;
    if (isScalar(node)) value = scalarValue(node);
    else if (isMap(node)) value = this.mapping(node, depth);
    else if (isSeq(node)) value = node.items.map((item) => this.convert(item, depth + 1));
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

  private mapping(node: YAMLMap, depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const keys = new Set<string>();
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        this.merge(object, pair.value, depth);
        continue;
      }
      const key = isScalar(pair.key) ? String(scalarValue(pair.key)) : String(this.convert(pair.key, depth + 1));
      // Keys that read the same would overwrite each other; CloudFormation refuses them too.
      if (keys.has(key)) throw new TemplateRefusal('Map keys must be unique', rangeOf(pair.key)?.[0] ?? rangeOf(node)?.[0] ?? 0);
      keys.add(key);
      // A key merged in before it is overwritten: the mapping's own keys win.
      defineOwn(object, key, this.convert(pair.value, depth + 1));
    }
    return object;
  }

  /**
   * Adds the keys of the mappings a merge key names that `object` does not have yet, so that its
   * own keys and earlier merges win. Each mapping is converted like any value, so merged nodes
   * count against MAX_NODES (and expandedSize counted them as the merge key's value).
   */
  private merge(object: Record<string, unknown>, value: unknown, depth: number): void {
    const sources = mergeSources(value, this.aliases);
    if (!sources) throw new TemplateRefusal(MERGE_MESSAGE, rangeOf(value)?.[0] ?? 0);
    for (const source of sources) {
      const merged = this.convert(source, depth + 1) as Record<string, unknown>;
      for (const key of Object.keys(merged)) if (!Object.hasOwn(object, key)) defineOwn(object, key, merged[key]);
    }
  }
}

/** YAML 1.1's merge key, a plain `<<`: YAML 1.2 dropped it, but PyYAML (SAM, cfn-lint) and js-yaml (Serverless) apply it. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === Scalar.PLAIN && !key.tag && key.source === '<<';
}

/** The mappings a merge key's value names (one, or a sequence of them), aliases resolved; undefined when it names anything else. */
function mergeSources(value: unknown, aliases: Map<Alias, YamlNode | undefined>): YAMLMap[] | undefined {
  const resolve = (node: unknown) => (isAlias(node) ? aliases.get(node) : node);
  const target = resolve(value);
  const items = isSeq(target) && !target.tag ? target.items.map(resolve) : [target];
  const maps = items.filter((item): item is YAMLMap => isMap(item) && !(item.tag && LONG_FORM.has(item.tag)));
  return maps.length === items.length ? maps : undefined;
}

function scalarValue(node: Scalar): unknown {
  const { value } = node;
  // CloudFormation reads 012345678901 (a value or a Mappings key) as an account id, not the number 12345678901.
  if (typeof value === 'number' && node.type === Scalar.PLAIN && typeof node.source === 'string' && /^[+-]?0\d/.test(node.source)) {
    return node.source;
  }
  return value;
}


interface Located {
  doc: Document;
  lineCounter: LineCounter;
  aliases: Map<Alias, YamlNode | undefined>;
}

function makeLocator(text: string, load: () => Located) {
  const indexOf = keyIndex();
  const pairOf = (map: YAMLMap, key: string, aliases: Located['aliases']): Pair | undefined => indexOf(map, aliases).get(key);
  return (path: readonly PathSegment[]): SourceLocation => {
    const { doc, lineCounter, aliases } = load();
    let node: unknown = doc.contents;
    let range: [number, number] | undefined = rangeOf(node);
    for (const segment of path) {
      if (isAlias(node)) node = aliases.get(node);
      if (isMap(node)) {
        const pair = pairOf(node, String(segment), aliases);
        if (!pair) break;
        range = rangeOf(pair.key) ?? range;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        range = rangeOf(node) ?? range;
      } else break;
    }
    if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return locationAt(text, lineCounter, range);
  };
}

/** Where a range starts, and where it ends on its first line: a collection spans many lines, and its first line is what a reader wants highlighted. */
function locationAt(text: string, lineCounter: LineCounter, range: [number, number]): SourceLocation {
  const start = lineCounter.linePos(range[0]);
  const lineEnd = text.indexOf('\n', range[0]);
  const endOffset = Math.min(range[1], lineEnd === -1 ? text.length : lineEnd);
  const end = lineCounter.linePos(Math.max(endOffset, range[0]));
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

/** A mapping's keys to their pairs, merges (`<<`) included as the value has them. */
function keyIndex(): (map: YAMLMap, aliases: Located['aliases']) => Map<string, Pair> {
  // Each map's keys, indexed on first use: one finding per resource must not scan Resources each time.
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const indexOf = (map: YAMLMap, aliases: Located['aliases']): Map<string, Pair> => {
    let index = indexes.get(map);
    if (index) return index;
    index = new Map();
    let merged: YAMLMap[] = [];
    for (const pair of map.items) {
      if (isMergeKey(pair.key)) merged = merged.concat(mergeSources(pair.value, aliases) ?? []);
      // Later pairs win: JSON.parse keeps the last of duplicate keys (YAML rejects duplicates).
      else if (isScalar(pair.key)) index.set(String(scalarValue(pair.key)), pair as Pair);
    }
    // A merged key is located where the mapping that brought it defines it; the first merge wins, as in
    // YamlToValue. Built once per map from its sources' indexes: less work than converting the merges was.
    for (const source of merged) for (const [key, pair] of indexOf(source, aliases)) if (!index.has(key)) index.set(key, pair);
    indexes.set(map, index);
    return index;
  };
  return indexOf;
}

function rangeOf(node: unknown): [number, number] | undefined {
  const range = (node as YamlNode | null)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** Parses kept between runs, by file and text (`--cache`); how they are kept is the caller's. */
export interface TemplateStore {
  /** The stored parse of a file with exactly this text. */
  get(file: string, text: string): StoredTemplate | undefined;
  set(file: string, text: string, stored: StoredTemplate): void;
}

/** `parseTemplate`, through a store: a YAML template whose text is unchanged is read back, not parsed. */
export function parseTemplateKept(store: TemplateStore | undefined, filePath: string, rawText: string): ParseResult {
  const kept = store?.get(filePath, rawText);
  if (kept) return { ok: true, template: templateFromStored(filePath, rawText, kept) };
  const parsed = parseTemplate(filePath, rawText);
  const stored = store && parsed.ok ? storedTemplate(parsed.template) : undefined;
  if (stored) store!.set(filePath, rawText, stored);
  return parsed;
}
