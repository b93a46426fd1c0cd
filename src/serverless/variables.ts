import path from 'node:path';
import { parseTemplate, type ParsedTemplate } from '../template/parse-template.js';
import { readTemplateFile } from '../template/read-template.js';
import type { PathSegment } from '../template/source-location.js';
import { isObject, defineOwn } from '../util/objects.js';
import { isInside, realPath, resolvedPath } from '../util/fs-fence.js';

/**
 * Serverless Framework variables, resolved without side effects: `self:`, `sls:` and `param:`
 * (from the compose file and the document's `params`) are resolved, `opt:` and `env:` take their
 * defaults (the environment is never read), `file()` reads YAML/JSON inside the project root
 * only, and `ssm:`, `cf:`, `aws:`, `s3:` and the rest stay as written.
 *
 * A variable that needs its own value (`a: ${self:b}` with `b: ${self:a}`, a `file()` that
 * includes itself, `params` or `provider.stage` that name themselves) is a cycle the framework
 * cannot resolve: it stays as written, and is a problem said once per cycle, where the reference
 * that closes it is written. Lookups go only as deep as the framework's do (`self:custom.x` reads
 * `custom.x`, not the rest of `custom`), so that a value that merely sits beside a reference is
 * no cycle.
 */
export interface VariableProblem {
  kind: 'unsafe-include' | 'unreadable-include';
  message: string;
  path: PathSegment[];
  /** Where the text at fault is written, when `path` (a path of the resolved config) would not say: the reference that closes a cycle. */
  written?: WrittenAt;
}

/** Where a value is written: in the configuration itself (no `template`), or in a fragment `file()` read. */
export interface WrittenAt {
  template?: ParsedTemplate;
  path: PathSegment[];
}

export interface VariableContext {
  projectRoot: string;
  /** Folder of the serverless.yml: `file()` paths are relative to it. */
  baseDir: string;
  /** The whole document, for `self:` lookups (resolved lazily, as the framework does). */
  document: Record<string, unknown>;
  /**
   * `${param:x}` values given from outside the document, as `--param` gives them: the literal
   * `params` of the service's entry in serverless-compose.yml. They win over the document's own.
   */
  params?: Readonly<Record<string, unknown>>;
}

const MAX_DEPTH = 12;
/**
 * Values visited and variables evaluated in one document. `${self:x}` copies x each time, so
 * `a: ${self:b}-${self:b}`, `b: ${self:c}-${self:c}`... doubles at each step: without a budget a
 * short file resolves for hours. Real configs use a few thousand.
 */
export const MAX_RESOLVE_STEPS = 1_000_000;
/** Characters spliced into strings, all strings together: the same doubling grows text, not values. */
export const MAX_SPLICED_CHARS = 10_000_000;

/** Where a subtree of the resolved config was read from, so findings can point into the included file. */
export interface IncludeOrigin {
  path: PathSegment[];
  template: ParsedTemplate;
  innerPath: PathSegment[];
}

export interface ResolvedDocument {
  origins: IncludeOrigin[];
  value: Record<string, unknown>;
  problems: VariableProblem[];
  /** Files `file()` read: fragments of this config, not templates of their own. */
  includedFiles: string[];
  /** Whether the value at a path of the resolved config met a variable cycle while it was resolved (what is left unresolved there is why). */
  metCycle(path: readonly PathSegment[]): boolean;
}

export function resolveVariables(ctx: VariableContext): ResolvedDocument {
  const resolver = new Resolver(ctx);
  const value = resolver.resolve(ctx.document, [], MAIN, 0) as Record<string, unknown>;
  const met = resolver.metCycle;
  return { value, problems: resolver.problems, includedFiles: resolver.includedFiles(), origins: resolver.origins, metCycle: (p) => met.has(pathKey(p)) };
}

const MAIN: WrittenAt = { path: [] };

/** A value as written (its own variables not yet resolved), and where. */
interface Placed {
  value: unknown;
  written: WrittenAt;
}

function pathKey(segments: readonly PathSegment[]): string {
  return segments.map(String).join('\u0000');
}

function child(written: WrittenAt, key: PathSegment): WrittenAt {
  return { ...written, path: [...written.path, key] };
}

/** `custom.a..b.` as the framework reads it: `custom.a.b`. */
function addressKeys(address: string): string[] {
  return address.split('.').filter(Boolean);
}

const FILE_TERM = /^file\((.+?)\)(?::(.+))?$/;

/**
 * One text of the document resolved as a value of it would be (`shop-${sls:stage}` is `shop-dev`):
 * for an address built from variables inside a variable the resolver leaves as written (`${cf:...}`).
 */
export function resolveText(ctx: VariableContext, text: string): unknown {
  return new Resolver(ctx).resolve(text, [], MAIN, 0);
}

class Resolver {
  readonly problems: VariableProblem[] = [];
  private readonly files = new Map<string, unknown>();
  private readonly parsed = new Map<string, ParsedTemplate>();
  readonly origins: IncludeOrigin[] = [];
  /** The variables being evaluated, outermost first: one met again is a cycle. */
  private readonly active: { key: string; label: string }[] = [];
  /** Cycles said, by their members: each once, wherever it is entered from. */
  private readonly cyclesSaid = new Set<string>();
  /** The members of the cycle each cycle problem says, to take it back (see `unsay`). */
  private readonly cycleKeys = new Map<VariableProblem, string>();
  /** Paths of the resolved config whose resolution met a cycle. */
  readonly metCycle = new Set<string>();
  /** Above zero while the alternatives after an `opt:` or `env:` are tried: a cycle there needs the option left out, so it is not said. */
  private guarded = 0;
  private steps = 0;
  private chars = 0;
  private exhausted = false;

  constructor(private readonly ctx: VariableContext) {}

  /** False once the budget is spent: from then on everything stays as written, with one problem said. */
  private spend(steps: number, chars: number, at: PathSegment[]): boolean {
    this.steps += steps;
    this.chars += chars;
    if (this.steps <= MAX_RESOLVE_STEPS && this.chars <= MAX_SPLICED_CHARS) return true;
    if (!this.exhausted) {
      this.exhausted = true;
      this.problems.push({
        kind: 'unreadable-include',
        message: `Variables expand to more than ${MAX_RESOLVE_STEPS} values or ${MAX_SPLICED_CHARS} characters (a variable bomb?): the rest are left as written.`,
        path: at,
      });
    }
    return false;
  }

  includedFiles(): string[] {
    return [...this.files].filter(([, content]) => content !== undefined).map(([file]) => file);
  }

  resolve(value: unknown, at: PathSegment[], written: WrittenAt, depth: number): unknown {
    if (!this.spend(1, 0, at)) return value;
    if (typeof value === 'string') return value.includes('${') ? this.resolveString(value, at, written, depth) : value;
    if (Array.isArray(value)) return value.map((item, i) => this.resolve(item, [...at, i], child(written, i), depth));
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) defineOwn(out, key, this.resolve(item, [...at, key], child(written, key), depth));
      return out;
    }
    return value;
  }

  /**
   * Evaluates a variable with `key` marked as being evaluated. Met again inside, it is a cycle:
   * said once (unless an `opt:` or `env:` before it may stand in), where the reference that closes
   * it is `written`, and undefined (left as written).
   */
  private within<T>(key: string, label: string, written: WrittenAt, at: PathSegment[], evaluate: () => T): T | undefined {
    const index = this.active.findIndex((entry) => entry.key === key);
    if (index !== -1) {
      this.metCycle.add(pathKey(at));
      const members = this.active.slice(index);
      const said = members.map((m) => m.key).sort().join('\u0000');
      if (this.guarded === 0 && !this.cyclesSaid.has(said)) {
        this.cyclesSaid.add(said);
        const chain = [...members.map((m) => m.label), label].join(' → ');
        const what = members.every((m) => /^(raw:)?file:/.test(m.key)) ? 'Include cycle' : 'Variable cycle';
        const problem: VariableProblem = {
          kind: 'unreadable-include',
          message: `${what}: ${chain}. The framework cannot resolve a value that needs itself: it is left as written, and what depends on it is not checked.`,
          path: at,
          written,
        };
        this.problems.push(problem);
        this.cycleKeys.set(problem, said);
      }
      return undefined;
    }
    this.active.push({ key, label });
    try {
      return evaluate();
    } finally {
      this.active.pop();
    }
  }

  /** A string that is one variable may resolve to any value; otherwise each variable is spliced in as text. */
  private resolveString(text: string, at: PathSegment[], written: WrittenAt, depth: number): unknown {
    const parts = splitVariables(text);
    if (parts.length === 1 && typeof parts[0] !== 'string') {
      const resolved = this.evaluate(parts[0]!.expression, at, written, depth);
      return resolved === undefined ? text : resolved;
    }
    const spliced = parts.map((part) => {
      if (typeof part === 'string') return part;
      const resolved = this.evaluate(part.expression, at, written, depth);
      return resolved === undefined || (typeof resolved === 'object' && resolved !== null) ? part.raw : String(resolved);
    });
    const length = spliced.reduce((sum, part) => sum + part.length, 0);
    return this.spend(0, length, at) ? spliced.join('') : text;
  }

  /** `source:address, fallback, ...`: the first alternative that resolves wins. */
  private evaluate(expression: string, at: PathSegment[], written: WrittenAt, depth: number): unknown {
    if (depth > MAX_DEPTH) return undefined;
    return this.firstAlternative(expression, (term) => {
      const value = this.evaluateOne(term, at, written, depth);
      return value === undefined || value === null ? undefined : value;
    });
  }

  /** The first alternative of `a, b, ...` that gives a value; those after an `opt:` or `env:` are tried guarded (see `guarded`). */
  private firstAlternative<T>(expression: string, evaluate: (term: string) => T | undefined): T | undefined {
    const before = this.guarded;
    const said = this.problems.length;
    try {
      for (const [i, alternative] of splitTopLevel(expression).entries()) {
        const term = alternative.trim();
        const value = evaluate(term);
        if (value !== undefined) {
          // A fallback that resolves stands in: the cycles met in the alternatives before it are not said.
          if (i > 0) this.unsay(said);
          return value;
        }
        if (/^(opt|env):/.test(term)) this.guarded = before + 1;
      }
      return undefined;
    } finally {
      this.guarded = before;
    }
  }

  /** Takes back the cycles said since problem `from`; other problems stay. */
  private unsay(from: number): void {
    const kept = this.problems.slice(from).filter((problem) => {
      const key = this.cycleKeys.get(problem);
      if (key === undefined) return true;
      this.cyclesSaid.delete(key);
      return false;
    });
    this.problems.splice(from, this.problems.length - from, ...kept);
  }

  private evaluateOne(term: string, at: PathSegment[], written: WrittenAt, depth: number): unknown {
    if (!this.spend(1, 0, at)) return undefined;
    const quoted = /^(['"])(.*)\1$/s.exec(term);
    if (quoted) return quoted[2];
    if (/^-?\d+(\.\d+)?$/.test(term)) return Number(term);
    if (term === 'true' || term === 'false') return term === 'true';
    if (term.startsWith('${') && splitVariables(term).length === 1) return this.resolve(term, at, written, depth + 1);
    if (term.includes('${')) {
      // `ssm:/orders/${sls:stage}/key`: the inner variables build the address of the outer one.
      const address = this.resolve(term, at, written, depth + 1);
      return typeof address === 'string' && !address.includes('${') ? this.evaluateOne(address, at, written, depth + 1) : undefined;
    }
    const file = FILE_TERM.exec(term);
    if (file) return this.fromFile(file[1]!.trim(), file[2]?.trim(), at, written, depth);
    const source = /^(\w+):(.*)$/.exec(term);
    if (!source) return undefined;
    const [, kind, address] = source;
    switch (kind) {
      case 'self': {
        // `a: ${self:b}` with `b: ${self:a}` has no value; the framework would fail, we leave both as written.
        const keys = addressKeys(address!);
        return this.within(`self:${keys.join('.')}`, `self:${address!.trim()}`, written, at, () => {
          const found = this.descend({ value: this.ctx.document, written: MAIN }, keys, at, depth);
          if (!found) return undefined;
          const value = this.resolve(found.value, at, found.written, depth + 1);
          if (found.written.template && isObject(value)) this.origins.push({ path: at, template: found.written.template, innerPath: found.written.path });
          return typeof value === 'string' && value.includes('${') ? undefined : value;
        });
      }
      case 'sls':
        return address === 'stage' ? this.stage(at, written, depth) : undefined;
      case 'param':
        return this.param(address!.trim(), at, written, depth);
      default:
        // opt (no command line here: fallbacks stand in), env (never read), ssm, cf, aws, s3
        // and custom resolvers stay unresolved.
        return undefined;
    }
  }

  /**
   * `${param:x}` as the framework looks it up: given from outside (the compose file), then the
   * document's `params.<stage>`, then `params.default`. A parameter found nowhere (one kept in
   * the Serverless Dashboard, or taken from another service's outputs) stays unresolved.
   */
  private param(name: string, at: PathSegment[], written: WrittenAt, depth: number): unknown {
    const given = this.ctx.params;
    if (given && Object.hasOwn(given, name)) return given[name];
    const params = this.ctx.document['params'];
    if (!isObject(params)) return undefined;
    return this.within(`param:${name}`, `param:${name}`, written, at, () => {
      const stage = this.stage(at, written, depth);
      for (const set of [typeof stage === 'string' ? stage : undefined, 'default']) {
        const values = set === undefined || !Object.hasOwn(params, set) ? undefined : params[set];
        if (!isObject(values) || !Object.hasOwn(values, name)) continue;
        const value = this.resolve(values[name], at, { path: ['params', set!, name] }, depth + 1);
        return typeof value === 'string' && value.includes('${') ? undefined : value;
      }
      return undefined;
    });
  }

  private stage(at: PathSegment[], written: WrittenAt, depth: number): unknown {
    const provider = this.ctx.document['provider'];
    const stage = isObject(provider) ? provider['stage'] : undefined;
    const resolved = stage === undefined ? undefined
      : this.within('sls:stage', 'sls:stage', written, at, () => this.resolve(stage, at, { path: ['provider', 'stage'] }, depth + 1));
    return typeof resolved === 'string' && !resolved.includes('${') ? resolved : 'dev';
  }

  /**
   * The node at `keys` below a value, as written. A string on the way that is one variable
   * (`custom: ${file(./custom.yml)}`) is followed to what it names, itself unresolved: the
   * framework resolves only what a lookup reaches, so a sibling's variables are not evaluated.
   */
  private descend(from: Placed, keys: readonly string[], at: PathSegment[], depth: number): Placed | undefined {
    let place = from;
    for (const key of keys) {
      const opened = this.open(place, at, depth);
      if (!opened) return undefined;
      const node = opened.value;
      if (!isObject(node) && !Array.isArray(node)) return undefined;
      // Own keys only: `self:__proto__` or `self:constructor` must not reach into Object.prototype.
      if (!Object.hasOwn(node, key)) return undefined;
      const value = (node as Record<string, unknown>)[key];
      if (value === undefined) return undefined;
      place = { value, written: child(opened.written, key) };
    }
    return place;
  }

  /**
   * A value to look inside: a string that is one variable is followed, unresolved, to what it
   * names; other strings are resolved. Following is not evaluating, so it has cycles of its own
   * (`raw:` keys): reading `custom` as written while `custom` is being evaluated is no cycle.
   */
  private open(place: Placed, at: PathSegment[], depth: number): Placed | undefined {
    const { value, written } = place;
    if (typeof value !== 'string' || !value.includes('${')) return place;
    if (depth > MAX_DEPTH) return undefined;
    const parts = splitVariables(value);
    if (parts.length !== 1 || typeof parts[0] === 'string') return { value: this.resolve(value, at, written, depth + 1), written };
    return this.firstAlternative(parts[0]!.expression, (term) => {
      if (!term.includes('${')) {
        const self = /^self:(.*)$/s.exec(term);
        if (self) {
          const keys = addressKeys(self[1]!);
          return this.within(`raw:self:${keys.join('.')}`, `self:${self[1]!.trim()}`, written, at, () => {
            const found = this.descend({ value: this.ctx.document, written: MAIN }, keys, at, depth + 1);
            return found && this.open(found, at, depth + 1);
          });
        }
        const file = FILE_TERM.exec(term);
        if (file) {
          const content = this.fileContent(file[1]!.trim(), at);
          if (!content) return undefined;
          const keys = addressKeys(file[2] ?? '');
          return this.within(`raw:${content.key(keys)}`, content.label(file[2]), written, at, () => {
            const found = this.descend(content.root, keys, at, depth + 1);
            return found && this.open(found, at, depth + 1);
          });
        }
      }
      const resolved = this.evaluateOne(term, at, written, depth + 1);
      return resolved === undefined || resolved === null ? undefined : { value: resolved, written };
    });
  }

  private fromFile(relative: string, address: string | undefined, at: PathSegment[], written: WrittenAt, depth: number): unknown {
    const content = this.fileContent(relative, at);
    if (!content) return undefined;
    const keys = addressKeys(address ?? '');
    return this.within(content.key(keys), content.label(address), written, at, () => {
      const found = keys.length > 0 ? this.descend(content.root, keys, at, depth) : content.root;
      if (!found) return undefined;
      const value = this.resolve(found.value, at, found.written, depth + 1);
      if (found.written.template && isObject(value)) this.origins.push({ path: at, template: found.written.template, innerPath: found.written.path });
      return value;
    });
  }

  /** A `file()` fragment, read once, with its key for cycles: undefined (and a problem said) when it cannot or must not be read. */
  private fileContent(relative: string, at: PathSegment[]) {
    const target = path.resolve(this.ctx.baseDir, relative.replace(/^['"]|['"]$/g, ''));
    if (/^[a-z]+:\/\//i.test(relative) || !isInside(this.ctx.projectRoot, target)) {
      this.problems.push({ kind: 'unsafe-include', message: `\${file(${relative})} points outside the project root: not read.`, path: at });
      return undefined;
    }
    let content = this.files.get(target);
    if (!this.files.has(target)) {
      content = this.readFile(relative, target, at);
      this.files.set(target, content);
    }
    if (content === undefined) return undefined;
    const template = this.parsed.get(target);
    return {
      root: { value: content, written: { ...(template ? { template } : {}), path: [] } } as Placed,
      key: (keys: readonly string[]) => `file:${target}:${keys.join('.')}`,
      label: (address: string | undefined) => `file(${relative})${address ? `:${address}` : ''}`,
    };
  }

  private readFile(relative: string, target: string, at: PathSegment[]): unknown {
    if (!/\.(ya?ml|json)$/i.test(target)) return undefined; // .js/.ts files would have to run: never.
    try {
      // A symlink may still lead out of the root; check where it really is before reading.
      const real = resolvedPath(target);
      if (real === undefined) throw new Error('unreadable');
      if (!isInside(realPath(this.ctx.projectRoot), real)) {
        this.problems.push({ kind: 'unsafe-include', message: `\${file(${relative})} points outside the project root: not read.`, path: at });
        return undefined;
      }
      const read = readTemplateFile(real, this.ctx.projectRoot);
      if (!read.ok) {
        this.problems.push({ kind: 'unreadable-include', message: `\${file(${relative})}: ${read.error.message} (line ${read.error.line}).`, path: at });
        return undefined;
      }
      const parsed = parseTemplate(target, read.text);
      if (parsed.ok) {
        this.parsed.set(target, parsed.template);
        return parsed.template.value;
      }
      this.problems.push({ kind: 'unreadable-include', message: `\${file(${relative})}: ${parsed.error.message} (line ${parsed.error.line}).`, path: at });
    } catch {
      this.problems.push({ kind: 'unreadable-include', message: `\${file(${relative})} cannot be read.`, path: at });
    }
    return undefined;
  }
}

type Part = string | { expression: string; raw: string };

/** Splits `a-${x, ${y}}-b` into text and top-level `${...}` parts, minding nesting and quotes. */
export function splitVariables(text: string): Part[] {
  const parts: Part[] = [];
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    if (start === -1) break;
    const end = matchingBrace(text, start + 2);
    if (end === -1) break;
    if (start > index) parts.push(text.slice(index, start));
    parts.push({ expression: text.slice(start + 2, end), raw: text.slice(start, end + 1) });
    index = end + 1;
  }
  if (index < text.length) parts.push(text.slice(index));
  return parts;
}

function matchingBrace(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '$' && expression[i + 1] === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}
