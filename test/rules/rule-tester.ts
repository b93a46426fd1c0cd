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
