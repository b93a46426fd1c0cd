import type { TSESTree } from '@typescript-eslint/types';
import { parameterName, propertyName, unwrap, type Node } from './ast.js';
import type { Declarations, ImportBinding } from './declarations.js';

/**
 * An object argument read without running anything: inline, from a same-file variable,
 * merged from spreads, or returned by a same-file factory function.
 */
export interface StaticObject {
  /** Property name to the expression that gives its value; later properties and spreads win, as at run time. */
  properties: Map<string, Node>;
  /**
   * False when a spread, computed key or call could add properties we cannot see. Such a spread
   * or key may also override what came before it, so properties before it are left out.
   */
  complete: boolean;
  /** The object literal a fix would edit (the outermost one found). */
  literal?: TSESTree.ObjectExpression;
}

const MAX_HOPS = 8;

export function resolveObject(expression: Node | undefined, decls: Declarations, hops = 0): StaticObject | undefined {
  if (!expression || hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  if (node.type === 'ObjectExpression') {
    const result: StaticObject = { properties: new Map(), complete: true, literal: node };
    for (const prop of node.properties) {
      if (prop.type === 'SpreadElement') {
        const spread = resolveObject(prop.argument, decls, hops + 1);
        // What we cannot see may override anything set before it.
        if (!spread?.complete) unknownFromHere(result);
        if (spread) for (const [key, value] of spread.properties) result.properties.set(key, value);
        continue;
      }
      const key = propertyName(prop.key, prop.computed);
      if (key === undefined) unknownFromHere(result);
      else result.properties.set(key, prop.value);
    }
    return result;
  }
  if (node.type === 'Identifier') return resolveObject(decls.valueOf(node.name, node), decls, hops + 1);
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
    const fn = decls.functionNamed(node.callee.name);
    const returned = fn ? returnedExpression(fn) : undefined;
    const result = resolveObject(returned, decls, hops + 1);
    if (!result || !fn) return undefined;
    // A property the factory fills from a parameter has, at this call, the value this call passes.
    const properties = new Map([...result.properties].map(([key, value]) => [key, passedFor(fn, value, node) ?? value]));
    // The factory's object literal is not this call site's to edit.
    return { properties, complete: result.complete };
  }
  return undefined;
}

/** The value at a property path of an object read statically (`['options', 'table']`); the value itself for no path. */
export function valueAtPath(value: Node, path: readonly string[], decls: Declarations): Node | undefined {
  let node: Node | undefined = value;
  for (const key of path) node = node && resolveObject(node, decls)?.properties.get(key);
  return node;
}

/** What a call passes for a parameter of the function it calls, when `value` (inside the function) is that parameter; else its default. */
function passedFor(fn: TSESTree.FunctionLike, value: Node, call: TSESTree.CallExpression): Node | undefined {
  const node = unwrap(value);
  if (node.type !== 'Identifier' || node.range[0] < fn.range[0] || node.range[1] > fn.range[1]) return undefined;
  const position = fn.params.findIndex((p) => parameterName(p) === node.name);
  if (position === -1 || call.arguments.slice(0, position + 1).some((a) => a.type === 'SpreadElement')) return undefined;
  const param = fn.params[position]!;
  return call.arguments[position] ?? (param.type === 'AssignmentPattern' ? param.right : undefined);
}

/** A spread or computed key we cannot read: it may add any property or override any set so far. */
function unknownFromHere(result: StaticObject): void {
  result.complete = false;
  result.properties.clear();
}

function returnedExpression(fn: TSESTree.FunctionLike): Node | undefined {
  if (!fn.body) return undefined;
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const returns = fn.body.body.filter((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
  return returns.length === 1 ? returns[0]!.argument ?? undefined : undefined;
}

/**
 * A string known without running code: a literal, a template without expressions, a same-file
 * constant, or an SDK enum member such as `InvocationType.Event`.
 */
export function staticString(expression: Node | undefined, decls: Declarations, hops = 0): string | undefined {
  if (!expression || hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : undefined;
  if (node.type === 'TemplateLiteral') return node.expressions.length === 0 ? node.quasis[0]?.value.cooked ?? undefined : undefined;
  if (node.type === 'Identifier') return staticString(decls.valueOf(node.name, node), decls, hops + 1);
  if (node.type === 'MemberExpression' && node.object.type === 'Identifier' && isSdkEnum(decls.imports.get(node.object.name))) {
    return propertyName(node.property, node.computed);
  }
  return undefined;
}

/** A named import from an AWS SDK v3 package, whose enums' members are their own values. */
function isSdkEnum(binding: ImportBinding | undefined): boolean {
  return !!binding && binding.source.startsWith('@aws-sdk/') && binding.imported !== '*' && binding.imported !== 'default';
}
