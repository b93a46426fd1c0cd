import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type Node } from './ast.js';
import type { ClientConstruction } from './client-constructions.js';
import type { Declarations } from './declarations.js';
import { isValueReference } from './references.js';

/** A client a handler builds on every call, and the same-file helpers it is built in (outermost first; empty when in the handler itself). */
export interface PerInvocationClient {
  client: ClientConstruction;
  through: string[];
}

/** How deep into same-file helpers a handler's calls are followed. */
const MAX_HELPER_DEPTH = 4;

/**
 * The clients a handler builds on every call: inside its body, or (database connections only)
 * inside a same-file helper it calls, and neither
 *
 * - kept in a variable or object declared outside the function that builds it, directly
 *   (`client ??= new X()`, `if (!pool) pool = ...`) or through a local
 *   (`const client = await MongoClient.connect(uri); cachedDb = client.db()`), which builds the
 *   client once per container; nor built only when something kept outside says it is not built yet
 *   (`if (!cachedDb) ...`, `if (cached) return cached;` before it);
 * - nor configured from the invocation (`new ApiGatewayManagementApiClient({ endpoint: event.requestContext.domainName })`,
 *   credentials assumed for the caller's tenant, a helper's own parameters), which cannot be built before the event arrives.
 *
 * A helper call whose result the handler keeps outside itself (`pool ??= createPool()`) is cached the
 * same way. A client built as the argument of another (`DynamoDBDocumentClient.from(new DynamoDBClient())`)
 * is left to the outer one.
 */
export function perInvocationClients(
  fn: TSESTree.FunctionLike, clients: readonly ClientConstruction[], decls: Declarations,
): PerInvocationClient[] {
  const found: PerInvocationClient[] = [];
  const seen = new Set<Node>();
  const visit = (current: TSESTree.FunctionLike, through: string[]) => {
    const { built, helpers } = perCall(current, clients, decls);
    for (const client of built) {
      if (through.length > 0 && client.category !== 'database') continue;
      if (!seen.has(client.node)) found.push({ client, through });
      seen.add(client.node);
    }
    if (through.length >= MAX_HELPER_DEPTH) return;
    for (const helper of helpers) {
      if (seen.has(helper.fn)) continue;
      seen.add(helper.fn);
      visit(helper.fn, [...through, helper.name]);
    }
  };
  seen.add(fn);
  visit(fn, []);
  return found;
}

/** What one function builds on each of its calls, and the same-file functions it calls each time. */
function perCall(
  fn: TSESTree.FunctionLike, clients: readonly ClientConstruction[], decls: Declarations,
): { built: ClientConstruction[]; helpers: { fn: TSESTree.FunctionLike; name: string }[] } {
  const body = fn.body;
  if (!body) return { built: [], helpers: [] };
  const inside = (node: Node) => body.range[0] <= node.range[0] && node.range[1] <= body.range[1];
  const scope = functionScope(fn, decls);
  const byNode = new Map(clients.filter((c) => inside(c.node)).map((c) => [c.node as Node, c]));
  const built: ClientConstruction[] = [];
  const helpers: { fn: TSESTree.FunctionLike; name: string }[] = [];
  walk(body, (node, ancestors) => {
    const client = byNode.get(node);
    if (client) {
      if (!(client.within && inside(client.within.node)) && !scope.keeps(node, ancestors) &&
        !client.node.arguments.some((arg) => scope.dependsOnInvocation(arg))) built.push(client);
      return;
    }
    if (node.type !== 'CallExpression') return;
    const callee = unwrap(node.callee);
    const helper = callee.type === 'Identifier' && !scope.declared.has(callee.name) ? decls.functionNamed(callee.name) : undefined;
    if (helper && helper !== fn && !inside(helper) && !scope.keeps(node, ancestors)) helpers.push({ fn: helper, name: (callee as TSESTree.Identifier).name });
  });
  return { built, helpers };
}

interface FunctionScope {
  /** Every name declared in the function: its parameters, variables, nested functions and their parameters. */
  declared: Set<string>;
  /** Whether a value is computed from the invocation: the function's (or a nested function's) parameters, or locals assigned from them. */
  dependsOnInvocation(expression: Node): boolean;
  /** Whether what a node gives is kept outside the function, or given only while state kept outside says so: built once per container. */
  keeps(node: Node, ancestors: readonly Node[]): boolean;
}

function functionScope(fn: TSESTree.FunctionLike, decls: Declarations): FunctionScope {
  const declared = new Set<string>();
  const perCall = new Set<string>();
  const values = new Map<string, Node[]>();
  /** Assignments and `x.set(key, value)` calls whose target is declared outside the function: where a value escapes to. */
  const escapes: Node[] = [];
  /** `if (cached) return cached;`: the function's own early returns. */
  const earlyReturns: TSESTree.IfStatement[] = [];
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
  walk(fn, (node, ancestors) => {
    if (node.type === 'AssignmentExpression' || isSetCall(node)) escapes.push(node);
    else if (node.type === 'IfStatement' && endsInReturn(node.consequent) && ancestors.findLast(isFunctionNode) === fn) earlyReturns.push(node);
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
  const reads = (expression: Node, test: (name: string) => boolean): boolean => {
    if (expression.type === 'Identifier') return test(expression.name);
    let found = false;
    walk(expression, (node, ancestors) => {
      if (!found && node.type === 'Identifier' && isValueReference(node, ancestors) && test(node.name)) found = true;
    });
    return found;
  };
  const expressionDepends = (expression: Node): boolean => reads(expression, nameDepends);
  /** Where a value kept lives longer than the call: a module-scope variable, an import's object, `this`, a global. */
  const outlives = (name: string | undefined) => name !== undefined && !declared.has(name);
  /** State of the file kept outside the function: a module-scope variable or an import (not `process.env`). */
  const readsOuterState = (test: Node) => reads(test, (name) => !declared.has(name) && decls.declares(name));

  const keeps = (node: Node, ancestors: readonly Node[]): boolean => {
    const holder = holderOf(node, ancestors);
    if (holder?.kind === 'assigned' && outlives(holder.name)) return true;
    if (holder?.kind === 'declared' && escapes.some((e) => escapesTo(e, holder.name, reads, outlives))) return true;
    if (guardedByOuterState(node, ancestors, readsOuterState)) return true;
    return earlyReturns.some((guard) => guard.range[1] <= node.range[0] && readsOuterState(guard.test));
  };
  return { declared, dependsOnInvocation: expressionDepends, keeps };
}

/** `cachedDb = client.db(name)`, `cache.set(key, client)`: a value read from `local` stored in something declared outside. */
function escapesTo(
  node: Node, local: string, reads: (expression: Node, test: (name: string) => boolean) => boolean, outlives: (name: string | undefined) => boolean,
): boolean {
  if (node.type === 'AssignmentExpression') return outlives(rootName(node.left)) && reads(node.right, (name) => name === local);
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const value = node.arguments[1];
  return outlives(rootName(node.callee.object)) && value !== undefined && reads(value, (name) => name === local);
}

function isSetCall(node: Node): node is TSESTree.CallExpression {
  return node.type === 'CallExpression' && node.callee.type === 'MemberExpression' &&
    propertyName(node.callee.property, node.callee.computed) === 'set';
}

function endsInReturn(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement') return true;
  return statement.type === 'BlockStatement' && statement.body.at(-1)?.type === 'ReturnStatement';
}

/** Inside the branch of an `if`, `?:`, `&&`, `||` or `??` whose test reads state kept outside the function. */
function guardedByOuterState(node: Node, ancestors: readonly Node[], readsOuterState: (test: Node) => boolean): boolean {
  let child = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i]!;
    if (isFunctionNode(parent)) return false;
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== child && readsOuterState(parent.test)) return true;
    if (parent.type === 'LogicalExpression' && parent.right === child && readsOuterState(parent.left)) return true;
    child = parent;
  }
  return false;
}

/**
 * Where the value a node gives is kept: the root name of what it is assigned to (`client` for
 * `client ??= new X()` or `client = await connect()`, `cache` for `cache.db = ...` and
 * `cache.set(key, new X())`, `this` for `this.client = ...`), or the variable it initialises.
 */
function holderOf(node: Node, ancestors: readonly Node[]): { kind: 'assigned' | 'declared'; name: string } | undefined {
  let child: Node = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i]!;
    switch (parent.type) {
      case 'AwaitExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'ChainExpression':
      case 'LogicalExpression':
        break;
      case 'ConditionalExpression':
        if (parent.test === child) return undefined;
        break;
      case 'MemberExpression':
        // (await MongoClient.connect(uri)).db(name): the connection is kept through what it returns.
        if (parent.object !== child) return undefined;
        break;
      case 'CallExpression':
        if (parent.callee !== child) {
          // cache.set(key, new X())
          const name = isSetCall(parent) ? rootName((parent.callee as TSESTree.MemberExpression).object) : undefined;
          return name ? { kind: 'assigned', name } : undefined;
        }
        break;
      case 'AssignmentExpression': {
        const name = parent.right === child ? rootName(parent.left) : undefined;
        return name ? { kind: 'assigned', name } : undefined;
      }
      case 'VariableDeclarator':
        return parent.init === child && parent.id.type === 'Identifier' ? { kind: 'declared', name: parent.id.name } : undefined;
      default:
        return undefined;
    }
    child = parent;
  }
  return undefined;
}

function rootName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression') return rootName(node.object);
  if (node.type === 'TSNonNullExpression' || node.type === 'TSAsExpression') return rootName(node.expression);
  return undefined;
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
