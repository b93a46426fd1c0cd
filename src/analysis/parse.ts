import { readFileSync } from 'node:fs';
import * as tsParser from '@typescript-eslint/parser';
import { analyze } from '@typescript-eslint/scope-manager';
import { parse as parseEstree, parseAndGenerateServices } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { sourceBudget, WeightedLru } from './lru.js';
import type { TSESTree } from '@typescript-eslint/types';

/**
 * One parse per file. The project analysis parses handler modules before ESLint runs; ESLint then
 * asks this parser for the same file and gets the same AST back, so code facts (cached on the AST)
 * are computed once and shared by the analysis and every rule.
 */
type ParseResult = ReturnType<typeof tsParser.parseForESLint>;

/** ESLint's own parser options for our configs (see eslint/lib/languages/js/index.js `parse`). */
const ESLINT_OPTIONS = {
  sourceType: 'module' as const,
  loc: true,
  range: true,
  tokens: true,
  comment: true,
  eslintVisitorKeys: true,
  eslintScopeManager: true,
};

/**
 * Added to every parse we make (ours, and ESLint's through this parser): no rule reads
 * TypeScript's node maps, which are about a third of a parse's memory.
 */
const LEAN = { preserveNodeMaps: false };

/** A kept parse: ESLint's (with tokens and comments, and `services`), or a light one for the analysis alone. */
type Parse = { text: string; ecmaVersion: unknown; ast: ParseResult['ast']; services?: ParseResult['services'] };

/**
 * The parses of the files used last, without their scope analysis: scopes are what ESLint needs
 * for one file at a time, so they are built when ESLint lints the file, not kept for the whole
 * project. Bounded by source size, so memory does not grow with the project.
 */
let parsed = new WeightedLru<string, Parse>(sourceBudget());

/** The ecmaVersion ESLint passes for `ecmaVersion: 'latest'`: learned from its first call, used for later parses. */
let eslintEcmaVersion: unknown = 'latest';

/** ESLint strips a BOM and turns a shebang into a comment before parsing; so do we, to parse the same text. */
function asEslintSees(raw: string): string {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return text.replace(/^#!([^\r\n]*)/u, '//$1');
}

/**
 * Parses a file as ESLint would, or returns the parse already made of the same text; undefined
 * when it does not parse. `rawText` is the text to use (an editor's unsaved buffer); by default the file is read.
 */
export function parseFile(file: string, rawText?: string): TSESTree.Program | undefined {
  let text: string;
  try {
    text = asEslintSees(rawText ?? readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const cached = parsed.get(file);
  if (cached?.text === text) return cached.ast as TSESTree.Program;
  try {
    return parseAndKeep(file, text).ast as TSESTree.Program;
  } catch {
    parsed.delete(file);
    return undefined;
  }
}

/** What typescript-eslint's parseForESLint does, less the scope analysis (see cachingParser); kept for reuse. Throws on a syntax error. */
function parseAndKeep(file: string, text: string): Parse {
  const { ast, services } = parseAndGenerateServices(text, {
    jsx: false, ...ESLINT_OPTIONS, ...LEAN, ecmaVersion: eslintEcmaVersion as never, filePath: file,
    errorOnTypeScriptSyntacticAndSemanticIssues: false,
  } as never);
  (ast as { sourceType?: string }).sourceType = ESLINT_OPTIONS.sourceType;
  const parse = { text, ecmaVersion: eslintEcmaVersion, ast: ast as ParseResult['ast'], services: services as ParseResult['services'] };
  parsed.set(file, parse, text.length);
  return parse;
}

/**
 * The kept parse of a file, without reading it again (within one CLI run files do not change);
 * parsed when it is not kept. For the project analysis, which asks for modules over and over.
 */
export function keptOrParse(file: string): TSESTree.Program | undefined {
  return (parsed.get(file)?.ast as TSESTree.Program | undefined) ?? parseFile(file);
}

/** Drops every parse kept for ESLint (after a run, so memory does not grow across runs). */
export function clearParses(): void {
  parsed = new WeightedLru<string, Parse>(sourceBudget());
}

/** The files whose parses are kept, most recently used first: linting them first reuses them. */
export function keptParses(): string[] {
  return parsed.recentFirst();
}

/** The parser object our ESLint configs use: typescript-eslint's, with the analysis' parses reused. */
export const cachingParser = {
  meta: { name: 'sls-lint/caching-parser', version: tsParser.version },
  parseForESLint(text: string, options: Record<string, unknown> & { filePath?: string; ecmaVersion?: unknown }): ParseResult {
    eslintEcmaVersion = options.ecmaVersion ?? eslintEcmaVersion;
    const file = options.filePath;
    const cached = file ? parsed.get(file) : undefined;
    const ours = sameOptions(options, cached?.ecmaVersion ?? eslintEcmaVersion);
    if (cached?.services && cached.text === text && ours) {
      const services = cached.services as ParseResult['services'] & Record<string, unknown>;
      services['emitDecoratorMetadata'] ??= false;
      services['experimentalDecorators'] ??= false;
      services['isolatedDeclarations'] ??= false;
      const scopeManager = analyze(cached.ast, { sourceType: cached.ast.sourceType ?? 'module' });
      return { ast: cached.ast, scopeManager, services, visitorKeys };
    }
    // Not kept (or evicted): parsed here and kept, so rules asking the analysis about this file get the same tree.
    if (file && ours) {
      let parse: Parse | undefined;
      try {
        parse = parseAndKeep(file, text);
      } catch {
        // A syntax error: typescript-eslint's own parser reports it the way ESLint expects.
      }
      if (parse) return cachingParser.parseForESLint(text, options);
    }
    return tsParser.parseForESLint(text, { ...options, ...LEAN } as never);
  },
};

function sameOptions(options: Record<string, unknown>, ecmaVersion: unknown): boolean {
  if (options['ecmaVersion'] !== ecmaVersion && ecmaVersion !== 'latest') return false;
  for (const [key, value] of Object.entries(ESLINT_OPTIONS)) if (options[key] !== value) return false;
  // Anything a user config adds (project, jsx settings...) changes the parse: then parse again.
  const known = new Set([...Object.keys(ESLINT_OPTIONS), 'ecmaVersion', 'filePath']);
  return Object.keys(options).every((key) => known.has(key));
}

/**
 * A lighter parse for the analysis alone (no tokens, comments or scope analysis), used when most
 * files will not reach ESLint at all (a warm `--cache` run); undefined when it does not parse.
 */
export function parseForAnalysis(file: string): TSESTree.Program | undefined {
  // Any kept parse will do, ESLint's too; a light one shares the same budget.
  const kept = parsed.get(file);
  if (kept) return kept.ast as TSESTree.Program;
  try {
    const text = asEslintSees(readFileSync(file, 'utf8'));
    const program = parseEstree(text, { range: true, loc: true, filePath: file, jsx: /\.[jt]sx$/i.test(file) }) as TSESTree.Program;
    parsed.set(file, { text, ecmaVersion: eslintEcmaVersion, ast: program as ParseResult['ast'] }, text.length);
    return program;
  } catch {
    return undefined;
  }
}
