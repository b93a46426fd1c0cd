import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Node } from './ast.js';
import { requireOf, type Declarations } from './declarations.js';

/**
 * What an expression is, as a path into an imported module: `new pg.Pool()` has the callee
 * `{ source: 'pg', path: ['Pool'] }`, `axios.create` is `{ source: 'axios', path: ['create'] }`,
 * and a default or whole-module import is the empty path (`import axios from 'axios'`,
 * `const axios = require('axios')`, `import * as pg from 'pg'` all give `path: []`).
 */
export interface ModulePath {
  source: string;
  path: string[];
}

const MAX_HOPS = 8;

export function modulePath(expression: Node, decls: Declarations, hops = 0): ModulePath | undefined {
  if (hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  const required = requireOf(node);
  if (required) return { source: required.source, path: required.member && required.member !== 'default' ? [required.member] : [] };
  if (node.type === 'Identifier') {
    const binding = decls.imports.get(node.name);
    if (binding) {
      return { source: binding.source, path: binding.imported === '*' || binding.imported === 'default' ? [] : [binding.imported] };
    }
    // `const Pool = pg.Pool`: one more hop. A name whose value is a call or `new` is not a module path.
    const init = decls.valueOf(node.name, node);
    return init ? modulePath(init, decls, hops + 1) : undefined;
  }
  if (node.type === 'CallExpression' && isTracingPassThrough(node) && node.arguments[0]) return modulePath(node.arguments[0], decls, hops + 1);
  if (node.type === 'MemberExpression') {
    const name = propertyName(node.property, node.computed);
    if (!name) return undefined;
    const owner = modulePath(node.object, decls, hops + 1);
    if (!owner) return undefined;
    // `pg.default.Pool` and `require('pg').default` are the CommonJS face of the default export.
    if (name === 'default' && owner.path.length === 0) return owner;
    return { source: owner.source, path: [...owner.path, name] };
  }
  return undefined;
}

/** `fetch` with no import or declaration of its own in the file: the global one. */
export function isGlobal(expression: Node, name: string, decls: Declarations): boolean {
  const node = unwrap(expression);
  if (node.type === 'Identifier') return node.name === name && !decls.declares(name);
  if (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'globalThis') {
    return propertyName(node.property, node.computed) === name;
  }
  return false;
}

/**
 * X-Ray and Powertools Tracer calls that return the module (or client) they are given, instrumented:
 * the SDK, and the X-Ray SDK's `mysql`, `pg` and `https` captures.
 */
const TRACING_PASS_THROUGH = new Set(['captureAWS', 'captureAWSClient', 'captureAWSv3Client', 'captureMySQL', 'capturePostgres', 'captureHTTPs']);

/** `AWSXRay.captureAWS(require('aws-sdk'))`, `tracer.captureAWSv3Client(new S3Client({}))`, `captureMySQL(require('mysql'))`. */
export function isTracingPassThrough(node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
  return name !== undefined && TRACING_PASS_THROUGH.has(name);
}
