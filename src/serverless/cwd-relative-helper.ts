import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import { skipWrappers } from './syntax.js';

/** String methods that only tidy a relative path: drop the leading separator, turn `\` into `/`. */
const TIDYING = new Set(['substring', 'slice', 'substr', 'replace', 'replaceAll']);

/**
 * Whether a function of one parameter returns that parameter made relative to the working
 * folder, which is the service folder when the Framework loads its config:
 * `p.split(process.cwd())[1]` or `path.relative(process.cwd(), p)`, tidied by string methods.
 * This is the shape of the `handlerPath` helper of the aws-nodejs-typescript template and of its
 * variants, whatever they are called; calling one with `__dirname` gives the module's folder.
 */
export function isCwdRelativeHelper(fn: TS.SignatureDeclaration): boolean {
  const [parameter] = fn.parameters;
  if (fn.parameters.length !== 1 || !parameter || !ts.isIdentifier(parameter.name)) return false;
  const body = 'body' in fn ? fn.body : undefined;
  if (!body) return false;
  let returned: TS.Expression | undefined;
  if (ts.isBlock(body)) {
    const [only] = body.statements;
    if (body.statements.length !== 1 || !only || !ts.isReturnStatement(only)) return false;
    returned = only.expression;
  } else if (ts.isExpression(body)) returned = body;
  return returned !== undefined && isRelativeToCwd(returned, parameter.name.text);
}

function isRelativeToCwd(node: TS.Expression, parameter: string): boolean {
  const expression = skipWrappers(node);
  // `${x}` with nothing around it is x.
  if (ts.isTemplateExpression(expression)) {
    const [span] = expression.templateSpans;
    return expression.head.text === '' && expression.templateSpans.length === 1 && span!.literal.text === '' &&
      isRelativeToCwd(span!.expression, parameter);
  }
  if (ts.isElementAccessExpression(expression)) {
    // p.split(process.cwd())[1]
    const split = skipWrappers(expression.expression);
    return ts.isNumericLiteral(expression.argumentExpression) && expression.argumentExpression.text === '1' &&
      isMethodCall(split, 'split') && split.arguments.length === 1 && isCwd(split.arguments[0]!) &&
      isParameter(split.expression.expression, parameter);
  }
  if (!isMethodCall(expression)) return false;
  const method = expression.expression.name.text;
  const target = expression.expression.expression;
  if (method === 'relative') {
    // path.relative(process.cwd(), p)
    const [from, to] = expression.arguments;
    return expression.arguments.length === 2 && isCwd(from!) && isParameter(to!, parameter);
  }
  if (TIDYING.has(method)) return isRelativeToCwd(target, parameter);
  // .split(path.sep).join('/')
  const inner = skipWrappers(target);
  return method === 'join' && isMethodCall(inner, 'split') && isRelativeToCwd(inner.expression.expression, parameter);
}

type MethodCall = TS.CallExpression & { expression: TS.PropertyAccessExpression & { name: TS.Identifier } };

function isMethodCall(node: TS.Expression, name?: string): node is MethodCall {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.name) &&
    (name === undefined || node.expression.name.text === name);
}

function isCwd(node: TS.Expression): boolean {
  const call = skipWrappers(node);
  return isMethodCall(call, 'cwd') && call.arguments.length === 0 && ts.isIdentifier(call.expression.expression) &&
    call.expression.expression.text === 'process';
}

function isParameter(node: TS.Expression, parameter: string): boolean {
  const expression = skipWrappers(node);
  return ts.isIdentifier(expression) && expression.text === parameter;
}
