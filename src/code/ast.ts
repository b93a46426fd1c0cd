import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export type Node = TSESTree.Node;

/** Visits every node once, parents before children. Works on any ESTree from typescript-estree, with or without ESLint. */
export function walk(root: Node, enter: (node: Node, ancestors: readonly Node[]) => void): void {
  const ancestors: Node[] = [];
  const visit = (node: Node): void => {
    enter(node, ancestors);
    const keys = visitorKeys[node.type] ?? [];
    ancestors.push(node);
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) visit(item);
      } else if (isNode(child)) visit(child);
    }
    ancestors.pop();
  };
  visit(root);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Strips TypeScript-only wrappers (`x as T`, `x!`, `x satisfies T`) and parentheses' stand-ins. */
export function unwrap(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' || current.type === 'TSNonNullExpression' ||
    current.type === 'TSSatisfiesExpression' || current.type === 'TSTypeAssertion' || current.type === 'ChainExpression'
  ) {
    current = current.expression;
  }
  return current;
}

/** The name of a non-computed property key or member property (`a.b`, `{ b: 1 }`, `{ 'b': 1 }`). */
export function propertyName(node: Node, computed: boolean): string | undefined {
  if (node.type === 'Identifier' && !computed) return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** A function written in the code: a declaration, an expression or an arrow. */
export type AstFunction = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export function isFunctionNode(node: Node): node is AstFunction {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The name a parameter binds when it is a plain name (`x` or `x = default`); undefined for patterns. */
export function parameterName(param: TSESTree.Parameter): string | undefined {
  if (param.type === 'Identifier') return param.name;
  if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') return param.left.name;
  return undefined;
}
