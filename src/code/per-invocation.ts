import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, walk, type Node } from './ast.js';
import type { ClientConstruction } from './client-constructions.js';
import { isValueReference } from './references.js';

/**
 * The clients a function builds on every call: inside its body, and neither
 *
 * - kept in a variable or object declared outside it (`client ??= new X()`, `if (!pool) pool = ...`),
 *   which builds the client once per container;
 * - nor configured from the invocation (`new ApiGatewayManagementApiClient({ endpoint: event.requestContext.domainName })`,
 *   credentials assumed for the caller's tenant), which cannot be built before the event arrives.
 *
 * A client built as the argument of another (`DynamoDBDocumentClient.from(new DynamoDBClient())`)
 * is left to the outer one.
 */
export function perInvocationClients(fn: TSESTree.FunctionLike, clients: readonly ClientConstruction[]): ClientConstruction[] {
  const body = fn.body;
  if (!body) return [];
  const inside = (node: Node) => body.range[0] <= node.range[0] && node.range[1] <= body.range[1];
  const scope = functionScope(fn);
  return clients.filter((client) =>
    inside(client.node) &&
    !(client.within && inside(client.within.node)) &&
    !(client.storedIn && !scope.declared.has(client.storedIn)) &&
    !client.node.arguments.some((arg) => scope.dependsOnInvocation(arg)));
}

interface FunctionScope {
  /** Every name declared in the function: its parameters, variables, nested functions and their parameters. */
  declared: Set<string>;
  /** Whether a value is computed from the invocation: the function's (or a nested function's) parameters, or locals assigned from them. */
  dependsOnInvocation(expression: Node): boolean;
}

function functionScope(fn: TSESTree.FunctionLike): FunctionScope {
  const declared = new Set<string>();
  const perCall = new Set<string>();
  const values = new Map<string, Node[]>();
  const addValue = (pattern: Node, value: Node) => {
    for (const name of patternNames(pattern)) {
      declared.add(name);
      values.set(name, [...(values.get(name) ?? []), value]);
    }
  };
  walk(fn, (node) => {
    if (isFunctionNode(node)) {
      if (node !== fn && node.id) declared.add(node.id.name);
      for (const param of node.params) for (const name of patternNames(param)) {
        declared.add(name);
        perCall.add(name);
      }
    } else if (node.type === 'VariableDeclarator') {
      if (node.init) addValue(node.id, node.init);
      else for (const name of patternNames(node.id)) declared.add(name);
    } else if ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && node.left.type === 'VariableDeclaration') {
      for (const d of node.left.declarations) addValue(d.id, node.right);
    } else if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') {
      values.set(node.left.name, [...(values.get(node.left.name) ?? []), node.right]);
    } else if (node.type === 'CatchClause' && node.param) {
      for (const name of patternNames(node.param)) {
        declared.add(name);
        perCall.add(name);
      }
    }
  });

  const memo = new Map<string, boolean>();
  const nameDepends = (name: string): boolean => {
    if (perCall.has(name)) return true;
    if (!declared.has(name)) return false; // module scope, globals, imports
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, false); // cycles (`x = x + 1`) add nothing
    const result = (values.get(name) ?? []).some((value) => expressionDepends(value));
    memo.set(name, result);
    return result;
  };
  const expressionDepends = (expression: Node): boolean => {
    if (expression.type === 'Identifier') return nameDepends(expression.name);
    let found = false;
    walk(expression, (node, ancestors) => {
      if (!found && node.type === 'Identifier' && isValueReference(node, ancestors) && nameDepends(node.name)) found = true;
    });
    return found;
  };
  return { declared, dependsOnInvocation: expressionDepends };
}

function patternNames(pattern: Node): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'TSParameterProperty':
      return patternNames(pattern.parameter);
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternNames(element) : []));
    case 'ObjectPattern':
      return pattern.properties.flatMap((prop) => patternNames(prop.type === 'Property' ? prop.value : prop));
    default:
      return [];
  }
}
