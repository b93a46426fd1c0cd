import * as tsParser from '@typescript-eslint/parser';
import { analyze } from '@typescript-eslint/scope-manager';
import { parseAndGenerateServices } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { sourceBudget, WeightedLru } from './lru.js';
import { readText } from '../util/fs-fence.js';
import type { TSESTree } from '@typescript-eslint/types';

/**
 * One parse per file. The analysis parses handler modules before ESLint runs; ESLint then asks the
 * session's parser for the same file and gets the same AST back, so code facts (cached on the AST)
 * are computed once and shared by the analysis and every rule.
 */
export type ParseResult = ReturnType<typeof tsParser.parseForESLint>;

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

/**
 * What the trees we keep also leave out. The CLI's ESLint runs only sls-lint's rules, and none of
 * them reads tokens or scopes (test/meta/lean-trees.test.ts keeps it so): tokens are as many
 * objects as the tree's nodes again, and ESLint's scope analysis of a file costs about what its
 * conversion to ESTree does. ESLint gets an empty token list and the scopes of an empty program.
 */
const KEPT = { tokens: false };

/** The scopes of an empty module, without the standard library's globals: what ESLint needs to run rules that read none. */
function emptyScopes(ast: ParseResult['ast']): ParseResult['scopeManager'] {
  const program = { type: 'Program', body: [], sourceType: 'module', range: [0, 0], loc: ast.loc, comments: [], tokens: [] };
  return analyze(program as never, { sourceType: 'module', lib: [] });
}

/** A kept parse: ESLint's, with comments (for disable directives) but no tokens, and `services`. */
type Parse = { text: string; ecmaVersion: unknown; ast: ParseResult['ast']; services: ParseResult['services'] };

/** The services every parse hands ESLint's rules beside typescript-estree's own (see getSlsServices). */
export type ExtraServices = () => Record<string, unknown>;

/**
 * The parses of the files used last, without tokens or scope analysis (KEPT). Bounded by source
 * size, so memory does not grow with the project. One cache belongs to one session: nothing is
 * shared between runs.
 */
export class ParseCache {
  private readonly parsed: WeightedLru<string, Parse>;
  /** The ecmaVersion ESLint passes for `ecmaVersion: 'latest'`: learned from its first call, used for later parses. */
  private ecmaVersion: unknown = 'latest';
  /** Every file parsed at least once (an evicted parse made again counts once): what a `--cache` run had to read. */
  private readonly parsedFiles = new Set<string>();

  /** `fence`: the read fence files are read within (through the read gate); none in unit tests. */
  constructor(private readonly budget: number = sourceBudget(), private readonly fence: string | null = null) {
    this.parsed = new WeightedLru<string, Parse>(budget);
  }

  /** A code file's text through the read gate (real path in the fence, a regular file, the code size limit). */
  private read(file: string): string | undefined {
    return readText(file, { kind: 'code', fence: this.fence });
  }

  /**
   * Parses a file as ESLint would, or returns the parse already made of the same text; undefined
   * when it does not parse. `rawText` is the text to use (an editor's unsaved buffer); by default the file is read.
   */
  parseFile(file: string, rawText?: string): TSESTree.Program | undefined {
    const raw = rawText ?? this.read(file);
    if (raw === undefined) return undefined;
    const text = asEslintSees(raw);
    const cached = this.parsed.get(file);
    if (cached?.text === text) return cached.ast as TSESTree.Program;
    try {
      return this.parseAndKeep(file, text).ast as TSESTree.Program;
    } catch {
      this.parsed.delete(file);
      return undefined;
    }
  }

  /**
   * The kept parse of a file, without reading it again (within one session files do not change);
   * parsed when it is not kept. For the analysis, which asks for modules over and over.
   */
  keptOrParse(file: string, rawText?: string): TSESTree.Program | undefined {
    return (this.parsed.get(file)?.ast as TSESTree.Program | undefined) ?? this.parseFile(file, rawText);
  }

  /** The files parsed so far, sorted. */
  parsedSoFar(): string[] {
    return [...this.parsedFiles].sort();
  }

  /** The files whose parses are kept, most recently used first: linting them first reuses them. */
  keptFiles(): string[] {
    return this.parsed.recentFirst();
  }

  /** Keeps this share of the budget from now on: one of several threads of a run (src/engine/threads.ts). */
  keepShare(share: number): void {
    this.parsed.resize(this.budget * share);
  }

  /** Drops every kept parse (after a run, so memory does not outlive it). */
  clear(): void {
    this.parsed.clear();
  }

  /**
   * An ESLint parser that hands back the parses this cache keeps (one parse per file: code facts,
   * cached on the AST, are shared by the analysis and every rule), and adds `services()` to the
   * parser services, which is how rules reach the session (typescript-eslint's way to the type checker).
   */
  eslintParser(services: ExtraServices): { meta: { name: string; version: string }; parseForESLint(text: string, options: ParserOptions): ParseResult } {
    const parseForESLint = (text: string, options: ParserOptions): ParseResult => {
      this.ecmaVersion = options.ecmaVersion ?? this.ecmaVersion;
      const file = options.filePath;
      const cached = file ? this.parsed.get(file) : undefined;
      const ours = sameOptions(options, cached?.ecmaVersion ?? this.ecmaVersion);
      if (cached && cached.text === text && ours) {
        const kept = cached.services as ParseResult['services'] & Record<string, unknown>;
        kept['emitDecoratorMetadata'] ??= false;
        kept['experimentalDecorators'] ??= false;
        kept['isolatedDeclarations'] ??= false;
        return { ast: cached.ast, scopeManager: emptyScopes(cached.ast), services: { ...kept, ...services() } as ParseResult['services'], visitorKeys };
      }
      // Not kept (or evicted): parsed here and kept, so rules asking the analysis about this file get the same tree.
      if (file && ours) {
        let parse: Parse | undefined;
        try {
          parse = this.parseAndKeep(file, text);
        } catch {
          // A syntax error: typescript-eslint's own parser reports it the way ESLint expects.
        }
        if (parse) return parseForESLint(text, options);
      }
      if (file) this.parsedFiles.add(file);
      const result = tsParser.parseForESLint(text, { ...options, ...LEAN } as never);
      return { ...result, services: { ...result.services, ...services() } as ParseResult['services'] };
    };
    return { meta: { name: 'sls-lint/caching-parser', version: tsParser.version }, parseForESLint };
  }

  /** What typescript-eslint's parseForESLint does, less tokens and scope analysis (KEPT); kept for reuse. Throws on a syntax error. */
  private parseAndKeep(file: string, text: string): Parse {
    this.parsedFiles.add(file);
    const { ast, services } = parseAndGenerateServices(text, {
      jsx: false, ...ESLINT_OPTIONS, ...LEAN, ...KEPT, ecmaVersion: this.ecmaVersion as never, filePath: file,
      errorOnTypeScriptSyntacticAndSemanticIssues: false,
    } as never);
    (ast as { sourceType?: string }).sourceType = ESLINT_OPTIONS.sourceType;
    // ESLint's SourceCode wants a token list; an empty one costs nothing (KEPT).
    (ast as { tokens?: unknown[] }).tokens = [];
    const parse = { text, ecmaVersion: this.ecmaVersion, ast: ast as ParseResult['ast'], services: services as ParseResult['services'] };
    this.parsed.set(file, parse, text.length);
    return parse;
  }
}

type ParserOptions = Record<string, unknown> & { filePath?: string; ecmaVersion?: unknown };

/** ESLint strips a BOM and turns a shebang into a comment before parsing; so do we, to parse the same text. */
function asEslintSees(raw: string): string {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return text.replace(/^#!([^\r\n]*)/u, '//$1');
}

function sameOptions(options: Record<string, unknown>, ecmaVersion: unknown): boolean {
  if (options['ecmaVersion'] !== ecmaVersion && ecmaVersion !== 'latest') return false;
  for (const [key, value] of Object.entries(ESLINT_OPTIONS)) if (options[key] !== value) return false;
  // Anything a user config adds (project, jsx settings...) changes the parse: then parse again.
  const known = new Set([...Object.keys(ESLINT_OPTIONS), 'ecmaVersion', 'filePath']);
  return Object.keys(options).every((key) => known.has(key));
}
