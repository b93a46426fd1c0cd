import { realpathSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate, type ParsedTemplate } from '../template/parse-template.js';
import { readTemplateFile } from '../template/read-template.js';
import type { PathSegment } from '../template/source-location.js';
import { isObject, defineOwn } from '../util/objects.js';
import { isInside } from '../util/fs-fence.js';

/**
 * Serverless Framework variables, resolved without side effects: `self:`, `sls:` and `param:`
 * (from the compose file and the document's `params`) are resolved, `opt:` and `env:` take their
 * defaults (the environment is never read), `file()` reads YAML/JSON inside the project root
 * only, and `ssm:`, `cf:`, `aws:`, `s3:` and the rest stay as written.
 */
export interface VariableProblem {
  kind: 'unsafe-include' | 'unreadable-include';
  message: string;
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
}

export function resolveVariables(ctx: VariableContext): ResolvedDocument {
  const resolver = new Resolver(ctx);
  const value = resolver.resolve(ctx.document, [], 0) as Record<string, unknown>;
  return { value, problems: resolver.problems, includedFiles: resolver.includedFiles(), origins: resolver.origins };
}

/**
 * One text of the document resolved as a value of it would be (`shop-${sls:stage}` is `shop-dev`):
 * for an address built from variables inside a variable the resolver leaves as written (`${cf:...}`).
 */
export function resolveText(ctx: VariableContext, text: string): unknown {
  return new Resolver(ctx).resolve(text, [], 0);
}

class Resolver {
  readonly problems: VariableProblem[] = [];
  private readonly files = new Map<string, unknown>();
  private readonly parsed = new Map<string, ParsedTemplate>();
  readonly origins: IncludeOrigin[] = [];
  private readonly activeSelf = new Set<string>();
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

  resolve(value: unknown, at: PathSegment[], depth: number): unknown {
    if (!this.spend(1, 0, at)) return value;
    if (typeof value === 'string') return value.includes('${') ? this.resolveString(value, at, depth) : value;
    if (Array.isArray(value)) return value.map((item, i) => this.resolve(item, [...at, i], depth));
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) defineOwn(out, key, this.resolve(child, [...at, key], depth));
      return out;
    }
    return value;
  }

  /** A string that is one variable may resolve to any value; otherwise each variable is spliced in as text. */
  private resolveString(text: string, at: PathSegment[], depth: number): unknown {
    const parts = splitVariables(text);
    if (parts.length === 1 && typeof parts[0] !== 'string') {
      const resolved = this.evaluate(parts[0]!.expression, at, depth);
      return resolved === undefined ? text : resolved;
    }
    const spliced = parts.map((part) => {
      if (typeof part === 'string') return part;
      const resolved = this.evaluate(part.expression, at, depth);
      return resolved === undefined || (typeof resolved === 'object' && resolved !== null) ? part.raw : String(resolved);
    });
    const length = spliced.reduce((sum, part) => sum + part.length, 0);
    return this.spend(0, length, at) ? spliced.join('') : text;
  }

  /** `source:address, fallback, ...`: the first alternative that resolves wins. */
  private evaluate(expression: string, at: PathSegment[], depth: number): unknown {
    if (depth > MAX_DEPTH) return undefined;
    for (const alternative of splitTopLevel(expression)) {
      const value = this.evaluateOne(alternative.trim(), at, depth);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  }

  private evaluateOne(term: string, at: PathSegment[], depth: number): unknown {
    if (!this.spend(1, 0, at)) return undefined;
    const quoted = /^(['"])(.*)\1$/s.exec(term);
    if (quoted) return quoted[2];
    if (/^-?\d+(\.\d+)?$/.test(term)) return Number(term);
    if (term === 'true' || term === 'false') return term === 'true';
    if (term.startsWith('${') && splitVariables(term).length === 1) return this.resolve(term, at, depth + 1);
    if (term.includes('${')) {
      // `ssm:/orders/${sls:stage}/key`: the inner variables build the address of the outer one.
      const address = this.resolve(term, at, depth + 1);
      return typeof address === 'string' && !address.includes('${') ? this.evaluateOne(address, at, depth + 1) : undefined;
    }
    const file = /^file\((.+?)\)(?::(.+))?$/.exec(term);
    if (file) return this.fromFile(file[1]!.trim(), file[2]?.trim(), at, depth);
    const source = /^(\w+):(.*)$/.exec(term);
    if (!source) return undefined;
    const [, kind, address] = source;
    switch (kind) {
      case 'self': {
        // `a: ${self:b}` with `b: ${self:a}` has no value; the framework would fail, we leave both as written.
        if (this.activeSelf.has(address!)) return undefined;
        this.activeSelf.add(address!);
        try {
          const found = this.lookup(this.ctx.document, address!, at, depth);
          return typeof found === 'string' && found.includes('${') ? undefined : found;
        } finally {
          this.activeSelf.delete(address!);
        }
      }
      case 'sls':
        return address === 'stage' ? this.stage(at, depth) : undefined;
      case 'param':
        return this.param(address!.trim(), at, depth);
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
  private param(name: string, at: PathSegment[], depth: number): unknown {
    const given = this.ctx.params;
    if (given && Object.hasOwn(given, name)) return given[name];
    const params = this.ctx.document['params'];
    if (!isObject(params)) return undefined;
    const stage = this.stage(at, depth);
    for (const set of [typeof stage === 'string' ? params[stage] : undefined, params['default']]) {
      if (!isObject(set) || !Object.hasOwn(set, name)) continue;
      const value = this.resolve(set[name], at, depth + 1);
      return typeof value === 'string' && value.includes('${') ? undefined : value;
    }
    return undefined;
  }

  private stage(at: PathSegment[], depth: number): unknown {
    const provider = this.ctx.document['provider'];
    const stage = isObject(provider) ? provider['stage'] : undefined;
    const resolved = stage === undefined ? undefined : this.resolve(stage, at, depth + 1);
    return typeof resolved === 'string' && !resolved.includes('${') ? resolved : 'dev';
  }

  private lookup(root: unknown, address: string, at: PathSegment[], depth: number): unknown {
    let node: unknown = root;
    for (const key of address.split('.').filter(Boolean)) {
      // `custom: ${file(./custom.yml)}` must be resolved before `self:custom.x` can look inside it.
      if (typeof node === 'string' && node.includes('${')) node = this.resolve(node, at, depth + 1);
      if (!isObject(node) && !Array.isArray(node)) return undefined;
      // Own keys only: `self:__proto__` or `self:constructor` must not reach into Object.prototype.
      if (!Object.hasOwn(node, key)) return undefined;
      node = (node as Record<string, unknown>)[key];
      if (node === undefined) return undefined;
    }
    return this.resolve(node, at, depth + 1);
  }

  private fromFile(relative: string, address: string | undefined, at: PathSegment[], depth: number): unknown {
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
    const value = address ? this.lookup(content, address, at, depth) : this.resolve(content, at, depth + 1);
    const template = this.parsed.get(target);
    if (template && isObject(value)) this.origins.push({ path: at, template, innerPath: address ? address.split('.').filter(Boolean) : [] });
    return value;
  }

  private readFile(relative: string, target: string, at: PathSegment[]): unknown {
    if (!/\.(ya?ml|json)$/i.test(target)) return undefined; // .js/.ts files would have to run: never.
    try {
      // A symlink may still lead out of the root; check where it really is before reading.
      const real = realpathSync(target);
      if (!isInside(realpathSync(this.ctx.projectRoot), real)) {
        this.problems.push({ kind: 'unsafe-include', message: `\${file(${relative})} points outside the project root: not read.`, path: at });
        return undefined;
      }
      const read = readTemplateFile(real);
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
