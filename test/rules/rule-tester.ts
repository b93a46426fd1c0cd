import { RuleTester, type RuleTesterConfig } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

// Wire the rule tester to vitest once, for every rule test that imports this helper.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;
RuleTester.itSkip = it.skip;

/**
 * A RuleTester running under vitest. The parser is typescript-eslint's (the rule tester's
 * default), so the same tester reads JavaScript and TypeScript; files are ES modules unless a
 * case says otherwise.
 */
export function createRuleTester(config: RuleTesterConfig = {}): RuleTester {
  return new RuleTester({
    ...config,
    languageOptions: {
      ...config.languageOptions,
      parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ...config.languageOptions?.parserOptions },
    },
  });
}

/** Source lines joined, so line numbers in the assertions can be read off the array. */
export function code(...lines: string[]): string {
  return lines.join('\n');
}

/** Where `snippet` (which must occur exactly once) is in `source`: the span a finding on it covers. */
export function at(source: string, snippet: string): { line: number; column: number; endLine: number; endColumn: number } {
  const start = source.indexOf(snippet);
  if (start === -1 || source.indexOf(snippet, start + 1) !== -1) throw new Error(`expected exactly one ${JSON.stringify(snippet)} in the test source`);
  const position = (offset: number) => {
    const before = source.slice(0, offset).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1 };
  };
  const end = position(start + snippet.length);
  return { ...position(start), endLine: end.line, endColumn: end.column };
}

/** CommonJS files: `require` and `module.exports` in scope. */
export const commonjs = { parserOptions: { sourceType: 'commonjs' } } as const;
