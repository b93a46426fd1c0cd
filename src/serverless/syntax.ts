import type * as TS from 'typescript';
import ts from '../util/typescript.js';

/** The expression under type assertions, `satisfies`, non-null marks and parentheses: none of them changes the value. */
export function skipWrappers(node: TS.Expression): TS.Expression {
  let current = node;
  while (
    ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current) ||
    ts.isTypeAssertionExpression(current) || ts.isNonNullExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** A property name known from the syntax alone (computed names need evaluating). */
export function literalPropertyName(name: TS.PropertyName | TS.ModuleExportName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** `a.b['c']` as its root name and the keys after it, when every key is written literally. */
export function accessChain(node: TS.Expression): { root: string; keys: string[] } | undefined {
  const keys: string[] = [];
  let current = skipWrappers(node);
  for (;;) {
    if (ts.isIdentifier(current)) return { root: current.text, keys: keys.reverse() };
    if (ts.isPropertyAccessExpression(current) && ts.isIdentifier(current.name)) keys.push(current.name.text);
    else if (ts.isElementAccessExpression(current) && (ts.isStringLiteral(current.argumentExpression) || ts.isNumericLiteral(current.argumentExpression))) {
      keys.push(current.argumentExpression.text);
    } else return undefined;
    current = skipWrappers(current.expression);
  }
}

/** The identifier an access chain starts from, whatever its keys (`a.b[c].d` → `a`). */
export function chainRoot(node: TS.Expression): string | undefined {
  let current = skipWrappers(node);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = skipWrappers(current.expression);
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** An expression as a reader would quote it: on one line, and short. */
export function quote(node: TS.Node, source: TS.SourceFile): string {
  const text = node.getText(source).replace(/\s+/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
}

export function hasModifier(node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** `require('x')` with a literal specifier. */
export function requiredSpecifier(node: TS.Expression): string | undefined {
  const call = skipWrappers(node);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'require') return undefined;
  const [argument] = call.arguments;
  return call.arguments.length === 1 && argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}
