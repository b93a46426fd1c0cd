import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import { accessChain, chainRoot, skipWrappers } from './syntax.js';

/**
 * A change code makes to a variable after declaring it: `config.functions.hello = {...}` on a
 * line of its own is followed; anything else (a push, `Object.assign`, a change inside an `if`,
 * the variable handed to a function) cannot be known without running the code.
 */
export type Mutation =
  | { kind: 'set'; keys: string[]; value: TS.Expression }
  | { kind: 'unknown'; node: TS.Node };

/** Methods that change the array or object they are called on. */
const CHANGING_METHODS = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'sort', 'reverse', 'fill', 'copyWithin']);
const CHANGING_OBJECT_FUNCTIONS = new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf']);
/** Functions that read their arguments and change nothing. */
const READ_ONLY_NAMESPACES = new Set(['console', 'JSON', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Math']);

/** The changes module-level code makes to a top-level variable, in source order (function bodies run later, if ever). */
export function mutationsOf(source: TS.SourceFile, name: string): Mutation[] {
  const found: Mutation[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    const change = mutation(node, name, source);
    if (change) found.push(change);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}

function mutation(node: TS.Node, name: string, source: TS.SourceFile): Mutation | undefined {
  if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind) && chainRoot(node.left) === name) {
    const chain = accessChain(node.left);
    const onItsOwnLine = ts.isExpressionStatement(node.parent) && node.parent.parent === source;
    if (chain && chain.keys.length > 0 && onItsOwnLine && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      return { kind: 'set', keys: chain.keys, value: node.right };
    }
    return { kind: 'unknown', node };
  }
  if ((ts.isDeleteExpression(node) || ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && changesOperand(node, name)) {
    return { kind: 'unknown', node };
  }
  if (ts.isCallExpression(node) && changesByCall(node, name)) return { kind: 'unknown', node };
  return undefined;
}

function changesOperand(node: TS.DeleteExpression | TS.PrefixUnaryExpression | TS.PostfixUnaryExpression, name: string): boolean {
  if (ts.isDeleteExpression(node)) return chainRoot(node.expression) === name;
  const steps = [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken];
  return steps.includes(node.operator) && chainRoot(node.operand) === name;
}

function changesByCall(call: TS.CallExpression, name: string): boolean {
  const callee = skipWrappers(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const owner = skipWrappers(callee.expression);
    if (CHANGING_METHODS.has(callee.name.text) && chainRoot(owner) === name) return true;
    if (ts.isIdentifier(owner) && owner.text === 'Object' && CHANGING_OBJECT_FUNCTIONS.has(callee.name.text)) {
      return call.arguments[0] !== undefined && chainRoot(call.arguments[0]) === name;
    }
  }
  const namespace = chainRoot(callee);
  if (namespace !== undefined && READ_ONLY_NAMESPACES.has(namespace)) return false;
  // Handed to a function of the project's: it may change it.
  return call.arguments.some((argument) => chainRoot(argument) === name);
}

function isAssignment(kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
