import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSources } from '../helpers/import-graph.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * The trees the CLI keeps and hands ESLint carry no tokens, and ESLint gets the scopes of an empty
 * program (src/analysis/parse.ts, KEPT): about a fifth of a run's time and memory. That holds only
 * while no rule, and nothing a rule calls, reads tokens or scopes: a rule that did would see
 * nothing in the CLI and work in the editor. Where a rule needs a keyword's place, it reads the
 * source text (src/code/leading-keyword.ts).
 */
const TOKEN_OR_SCOPE_API =
  /\.(getFirstTokens?|getLastTokens?|getTokens\w*|getToken\w*|getFirstTokenBetween|getLastTokenBetween|getComments(?:Before|After|Inside)|commentsExistBetween|isSpaceBetween|getScope|getDeclaredVariables|markVariableAsUsed)\s*\(|\bscopeManager\b/;

/** `file:line text` for each use of a token or scope API in `sources`. */
function tokenOrScopeUses(sources: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, text] of sources) {
    text.split('\n').forEach((line, index) => {
      if (TOKEN_OR_SCOPE_API.test(line)) found.push(`${file}:${index + 1} ${line.trim()}`);
    });
  }
  return found;
}

describe('rules read neither tokens nor scopes', () => {
  it('rules/ and src/ use none (the parser that builds lean trees is the one exception)', () => {
    const sources = readSources(REPO, ['rules', 'src']);
    sources.delete('src/analysis/parse.ts');
    expect(tokenOrScopeUses(sources)).toEqual([]);
  });

  it('the check can fail', () => {
    const uses = tokenOrScopeUses(new Map([
      ['a.ts', 'const t = context.sourceCode.getFirstToken(node)!;\nconst ok = node.loc;'],
      ['b.ts', 'const s = sourceCode.getScope(node);\nconst m = services.scopeManager;\nsource.getTokenAfter(x, { filter })'],
    ]));
    expect(uses).toEqual([
      'a.ts:1 const t = context.sourceCode.getFirstToken(node)!;',
      'b.ts:1 const s = sourceCode.getScope(node);',
      'b.ts:2 const m = services.scopeManager;',
      'b.ts:3 source.getTokenAfter(x, { filter })',
    ]);
  });
});
