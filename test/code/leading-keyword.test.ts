import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { leadingKeywordLoc } from '../../src/code/leading-keyword.js';

/** The place a loop or catch finding underlines, read from the text since the CLI's trees carry no tokens. */

const TEXT = 'async function f() {\n  try { g(); }\n    catch (e) {}\n  do { h(); } while (x);\n  for (;;) {}\n}';
const program = parse(TEXT, { loc: true, range: true });
const [tryStatement, doWhile, forLoop] = (program.body[0] as TSESTree.FunctionDeclaration).body.body as [
  TSESTree.TryStatement, TSESTree.DoWhileStatement, TSESTree.ForStatement,
];

describe('leadingKeywordLoc', () => {
  it('underlines the keyword a statement starts with, not the statement', () => {
    expect(leadingKeywordLoc(doWhile, TEXT)).toEqual({ start: { line: 4, column: 2 }, end: { line: 4, column: 4 } });
    expect(leadingKeywordLoc(forLoop, TEXT)).toEqual({ start: { line: 5, column: 2 }, end: { line: 5, column: 5 } });
  });

  it('underlines `catch` of a catch clause on its own line', () => {
    expect(leadingKeywordLoc(tryStatement.handler!, TEXT)).toEqual({ start: { line: 3, column: 4 }, end: { line: 3, column: 9 } });
  });
});
