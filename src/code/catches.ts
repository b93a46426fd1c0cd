import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, nodesOfType, propertyName, unwrap, walk, type Node } from './ast.js';
import type { Declarations } from './declarations.js';

/** A place where code catches an error: a `try { } catch` clause or a promise's `.catch(handler)`. */
export interface CatchSite {
  kind: 'try' | 'promise';
  /** The CatchClause, or the `catch` member name of `.catch(...)`: where findings go. */
  node: TSESTree.CatchClause | TSESTree.Identifier;
  /** The code that handles the error: a block, or a concise arrow body. Absent when the handler cannot be read here. */
  body?: Node;
  /** The handler as passed when it is not a function in this file: `.catch(console.error)`, `.catch(captureException)`. */
  reference?: Node;
  /** The error's name (the catch parameter, or the handler's first parameter) when it is a plain identifier. */
  errorName?: string;
}

const cache = new WeakMap<TSESTree.Program, CatchSite[]>();

/** Every catch in the file, in source order; computed once per file. */
export function catchSites(program: TSESTree.Program, decls: Declarations): CatchSite[] {
  let sites = cache.get(program);
  if (!sites) {
    const found: CatchSite[] = [];
    for (const node of nodesOfType(program, 'CatchClause', 'CallExpression')) {
      if (node.type === 'CatchClause') {
        found.push({ kind: 'try', node, body: node.body, ...nameOf(node.param ?? undefined) });
      } else {
        const site = promiseCatch(node, decls);
        if (site) found.push(site);
      }
    }
    sites = found;
    cache.set(program, sites);
  }
  return sites;
}

function promiseCatch(call: TSESTree.CallExpression, decls: Declarations): CatchSite | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'catch') return undefined;
  const handler = call.arguments[0];
  if (!handler || handler.type === 'SpreadElement') return undefined;
  const node = callee.property;
  const target = unwrap(handler);
  const fn = isFunctionNode(target) ? target : target.type === 'Identifier' ? decls.functionNamed(target.name) : undefined;
  if (fn && fn.body) return { kind: 'promise', node, body: fn.body, ...nameOf(fn.params[0]) };
  return { kind: 'promise', node, reference: handler };
}

function nameOf(param: Node | undefined): { errorName?: string } {
  return param?.type === 'Identifier' ? { errorName: param.name } : {};
}

/** `Promise.reject(...)`. */
export function isPromiseReject(node: Node): boolean {
  return isPromiseMethod(node, 'reject');
}

export function isPromiseMethod(node: Node, method: string): node is TSESTree.CallExpression {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Promise' &&
    propertyName(callee.property, callee.computed) === method;
}
