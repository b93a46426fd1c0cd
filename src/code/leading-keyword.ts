import type { TSESTree } from '@typescript-eslint/types';

/**
 * Where a statement's leading keyword is (`while`, `do`, `for`, `catch`): what a finding underlines
 * instead of the whole statement. Read from the node and the source text, not from ESLint's
 * tokens: the trees the CLI hands ESLint carry none (src/analysis/parse.ts).
 */
export function leadingKeywordLoc(node: TSESTree.Node, text: string): TSESTree.SourceLocation {
  const word = /^[A-Za-z]+/.exec(text.slice(node.range[0], node.range[0] + 16))?.[0] ?? '';
  const { start } = node.loc;
  return { start, end: { line: start.line, column: start.column + Math.max(word.length, 1) } };
}
