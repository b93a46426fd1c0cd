import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { RuleTester, type RuleTesterConfig } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import type { SlsParserServices } from '../../src/rule/services.js';
import { createSession, type Session } from '../../src/session/session.js';
import { writeProject } from '../helpers/temp-project.js';

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

/**
 * A project for the project mode of code rules: a temporary folder with `template.yaml` and
 * `files` (paths relative to it). Cases lint `file(name)`; their code is that file's editor buffer.
 */
export interface ProjectRuleTester {
  ruleTester: RuleTester;
  root: string;
  /** The absolute path of a file of the project: a case's `filename`. */
  file(name: string): string;
}

/**
 * A RuleTester whose parser is typescript-eslint's with sls-lint's `slsSession` added, as the
 * editor plugin's is: the session comes from `createSession` over the project, with the case's code
 * as the buffer of the file it lints (what is on disk for that file is never read). Files the
 * template names must exist for the handler to resolve; write a placeholder for them in `files`.
 */
export function createProjectRuleTester(template: string, files: Record<string, string> = {}, config: RuleTesterConfig = {}): ProjectRuleTester {
  const root = writeProject({ 'template.yaml': template, ...files });
  const parser = {
    meta: { name: 'sls-lint-test/session-parser' },
    parseForESLint(text: string, options?: Record<string, unknown>) {
      const result = tsParser.parseForESLint(text, options as never);
      let session: Session | undefined;
      const services: SlsParserServices = {
        slsSession: (request) => (session ??= createSession({ root, buffers: new Map([[path.resolve(request.cwd, request.filename), request.text]]) })),
      };
      return { ...result, services: { ...result.services, ...services } };
    },
  };
  const ruleTester = createRuleTester({ ...config, languageOptions: { ...config.languageOptions, parser } });
  return { ruleTester, root, file: (name) => path.join(root, name) };
}
