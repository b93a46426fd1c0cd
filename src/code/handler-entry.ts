import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, type Node } from './ast.js';
import { requireOf, type Declarations } from './declarations.js';

/**
 * A function a module exports, seen through the wrappers Lambda code puts around handlers
 * (`middy(fn).use(...)`, `middy().handler(fn)`, Powertools `makeIdempotent(fn, ...)`, any `withX(fn)`).
 */
export interface ExportedFunction {
  /** The exported name (`handler`, `lambdaHandler`, ...). */
  name: string;
  /** Where the export is written: findings about "the handler" go here. */
  exportNode: Node;
  /** The function that runs per invocation, when it is in this file. */
  fn?: TSESTree.FunctionLike;
  /** Names of the calls wrapped around it, outermost first (`['middy']`, `['makeIdempotent']`). */
  wrappers: string[];
}

/** Handler export names assumed when neither the template nor settings say otherwise. */
export const DEFAULT_HANDLER_NAMES = ['handler', 'lambdaHandler'];

const MAX_HOPS = 8;

export function findExportedFunctions(program: TSESTree.Program, decls: Declarations): ExportedFunction[] {
  const found: ExportedFunction[] = [];
  const add = (name: string, exportNode: Node, value: Node | undefined) => {
    const target = value ? unwrapHandler(value, decls, [], 0) : { wrappers: [] };
    found.push({ name, exportNode, wrappers: target.wrappers, ...(target.fn ? { fn: target.fn } : {}) });
  };
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration;
      if (declaration?.type === 'FunctionDeclaration' && declaration.id) add(declaration.id.name, declaration, declaration);
      else if (declaration?.type === 'VariableDeclaration') {
        for (const d of declaration.declarations) if (d.id.type === 'Identifier') add(d.id.name, d, d.init ?? undefined);
      }
      for (const spec of statement.specifiers) {
        const exported = propertyName(spec.exported, false);
        const local = propertyName(spec.local, false);
        if (exported && local && !statement.source) add(exported, spec, localValue(local, decls));
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      // A module that a handler file re-exports as its handler (`export { default as handler } from './impl'`).
      add('default', statement, statement.declaration);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const { left, right } = statement.expression;
      const exportName = commonJsExport(left);
      if (exportName) add(exportName, statement, right);
      else if (isModuleExports(left)) {
        const object = unwrap(right);
        if (object.type === 'ObjectExpression') {
          for (const prop of object.properties) {
            if (prop.type !== 'Property') continue;
            const name = propertyName(prop.key, prop.computed);
            if (name) add(name, prop, prop.value);
          }
        } else if (!requireOf(object)) add('default', statement, right);
      }
    }
  }
  return found;
}

function localValue(name: string, decls: Declarations): Node | undefined {
  return decls.functionNamed(name) ?? decls.valueOf(name);
}

/** `exports.x = ...` or `module.exports.x = ...`. */
function commonJsExport(left: Node): string | undefined {
  if (left.type !== 'MemberExpression') return undefined;
  const name = propertyName(left.property, left.computed);
  const owner = left.object;
  if (owner.type === 'Identifier' && owner.name === 'exports') return name;
  return isModuleExports(owner) ? name : undefined;
}

function isModuleExports(node: Node): boolean {
  return node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'module' &&
    propertyName(node.property, node.computed) === 'exports';
}

function unwrapHandler(value: Node, decls: Declarations, wrappers: string[], hops: number): { fn?: TSESTree.FunctionLike; wrappers: string[] } {
  if (hops > MAX_HOPS) return { wrappers };
  const node = unwrap(value);
  if (isFunctionNode(node)) return { fn: node, wrappers };
  if (node.type === 'Identifier') {
    const local = localValue(node.name, decls);
    return local ? unwrapHandler(local, decls, wrappers, hops + 1) : { wrappers };
  }
  if (node.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    // middy(fn).use(a).use(b): the chain's methods configure; the innermost call holds the function.
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee.property, callee.computed);
      if (method === 'handler' && node.arguments[0]) {
        return unwrapHandler(node.arguments[0], decls, [...wrappers, calleeName(callee.object) ?? 'handler'], hops + 1);
      }
      if (unwrap(callee.object).type === 'CallExpression') return unwrapHandler(callee.object, decls, wrappers, hops + 1);
    }
    const name = calleeName(callee) ?? 'wrapper';
    for (const arg of node.arguments) {
      const inner = unwrapHandler(arg, decls, [...wrappers, name], hops + 1);
      if (inner.fn) return inner;
    }
    return { wrappers: [...wrappers, name] };
  }
  return { wrappers };
}

/** `middy`, `makeIdempotent`, `powertools.withX`: the name a reader would call the wrapper by. */
function calleeName(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression') return propertyName(n.property, n.computed);
  if (n.type === 'CallExpression') return calleeName(n.callee);
  return undefined;
}

/** The exported functions that are handlers under the given names. */
export function handlerEntries(exported: readonly ExportedFunction[], names: readonly string[] = DEFAULT_HANDLER_NAMES): ExportedFunction[] {
  return exported.filter((e) => names.includes(e.name));
}
