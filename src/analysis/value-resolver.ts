import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Node } from '../code/ast.js';
import { sdkClientIn, type SdkClient } from '../code/code-facts.js';
import type { ImportBinding } from '../code/declarations.js';
import { isOwnFunctionName } from '../code/lambda-context.js';
import { argumentsFor } from '../code/passed-inputs.js';
import { isProcessEnv, type ModuleIndex } from './module-index.js';
import { packageReexportsOf } from './package-reexports.js';

/** The module an import specifier names, from the importing file; undefined when it is not found or does not parse. */
export type ModuleLookup = (fromFile: string, specifier: string) => ModuleIndex | undefined;

type ObjectAt = { index: ModuleIndex; node: TSESTree.ObjectExpression };

/** How many hops (names, members, imports) a value is followed before giving up: cycles end here. */
const MAX_DEPTH = 24;

/** Where a string comes from, as far as the code shows. */
export interface StaticSource {
  /** `process.env.NAME`. */
  env?: string;
  literal?: string;
  /** `context.functionName`, `context.invokedFunctionArn`: the function that runs the code. */
  self?: true;
  /** A text joined from literals and environment variables (`${process.env.PREFIX}orders`), at least one of them a variable. */
  parts?: SourcePart[];
}

export type SourcePart = { literal: string } | { env: string };

/**
 * Follows a value to `process.env.NAME`, a literal, the running function's own name, or a text
 * joined from literals and variables, across same-file constants and imported config modules.
 */
export function staticSource(modules: ModuleLookup, index: ModuleIndex, expression: Node, depth: number): StaticSource | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(expression);
  if (node.type === 'MemberExpression' && isProcessEnv(unwrap(node.object))) {
    const name = propertyName(node.property, node.computed);
    return name ? { env: name } : undefined;
  }
  if (isOwnFunctionName(node, index.program)) return { self: true };
  if (node.type === 'Literal' && typeof node.value === 'string') return { literal: node.value };
  if (node.type === 'TemplateLiteral') {
    const pieces = node.quasis.flatMap((quasi, i) => [{ literal: quasi.value.cooked ?? '' }, ...(node.expressions[i] ? [node.expressions[i]!] : [])]);
    return joined(modules, index, pieces, depth + 1);
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    return joined(modules, index, [node.left, node.right], depth + 1);
  }
  if (node.type === 'LogicalExpression') return staticSource(modules, index, node.left, depth + 1);
  if (node.type === 'Identifier') {
    const env = index.envBindings.get(node.name);
    return env ? { env } : followName(modules, index, node, depth + 1, staticSource) ?? passedSource(modules, index, node, depth + 1);
  }
  if (node.type === 'MemberExpression') return followMember(modules, index, node, depth + 1, staticSource);
  return undefined;
}

/** What a parameter of a same-file function is given, when every call in the file gives the same (a name, the running function's own). */
function passedSource(modules: ModuleLookup, index: ModuleIndex, name: TSESTree.Identifier, depth: number): StaticSource | undefined {
  const passed = argumentsFor(name, index.program);
  if (!passed || passed.length === 0) return undefined;
  const sources = passed.map((arg) => staticSource(modules, index, arg, depth + 1));
  const first = JSON.stringify(sources[0]);
  return sources.every((source) => source && JSON.stringify(source) === first) ? sources[0] : undefined;
}

/** A text joined from pieces, each a literal or an expression that must be one or a variable; undefined when any is unknown. */
function joined(modules: ModuleLookup, index: ModuleIndex, pieces: readonly (Node | { literal: string })[], depth: number): StaticSource | undefined {
  const parts: SourcePart[] = [];
  for (const piece of pieces) {
    const source: StaticSource | undefined = 'type' in piece ? staticSource(modules, index, piece, depth) : piece;
    const found = source?.parts ?? (source?.literal !== undefined ? [{ literal: source.literal }] : source?.env ? [{ env: source.env }] : undefined);
    if (!found) return undefined;
    for (const part of found) {
      const last = parts.at(-1);
      if ('literal' in part && last && 'literal' in last) parts[parts.length - 1] = { literal: last.literal + part.literal };
      else parts.push(part);
    }
  }
  if (parts.every((p): p is { literal: string } => 'literal' in p)) return { literal: parts.map((p) => p.literal).join('') };
  return { parts };
}

/** The object literal an expression stands for (a config object), possibly in another module. */
function objectOf(modules: ModuleLookup, index: ModuleIndex, expression: Node, depth: number): ObjectAt | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(expression);
  if (node.type === 'ObjectExpression') return { index, node };
  // `Object.freeze({...})` and the like keep the object as it is.
  if (node.type === 'CallExpression' && isObjectKeeper(node) && node.arguments[0]) return objectOf(modules, index, node.arguments[0], depth + 1);
  if (node.type === 'Identifier') return followName(modules, index, node, depth + 1, objectOf);
  if (node.type === 'MemberExpression') return followMember(modules, index, node, depth + 1, objectOf);
  return undefined;
}

/**
 * The next step of a resolution, at a value in a module. The follow* helpers below take it to where
 * a value leads (undefined when that is nowhere known); it is handed on, not wrapped in a closure,
 * so a hop allocates nothing.
 */
type Follow<T> = (modules: ModuleLookup, index: ModuleIndex, value: Node, depth: number) => T;

/** At the value a name stands for: an import, or a same-file constant. */
function followName<T>(modules: ModuleLookup, index: ModuleIndex, name: TSESTree.Identifier, depth: number, follow: Follow<T>): T | undefined {
  const binding = index.decls.imports.get(name.name);
  if (binding) return followImport(modules, index, binding, depth, follow);
  const local = index.decls.valueOf(name.name, name);
  return local ? follow(modules, index, local, depth) : undefined;
}

/** At the value of `object.member`, when the object is an object literal (a config object). */
function followMember<T>(modules: ModuleLookup, index: ModuleIndex, node: TSESTree.MemberExpression, depth: number, follow: Follow<T>): T | undefined {
  const member = propertyName(node.property, node.computed);
  const owner = member ? objectOf(modules, index, node.object, depth) : undefined;
  const prop = owner?.node.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyName(p.key, p.computed) === member);
  return prop && owner ? follow(modules, owner.index, prop.value, depth) : undefined;
}

/** At the value an import brings in, in the module that exports it (a namespace import stands for the default export). */
function followImport<T>(modules: ModuleLookup, index: ModuleIndex, binding: ImportBinding, depth: number, follow: Follow<T>): T | undefined {
  const target = modules(index.file, binding.source);
  return target ? followExport(modules, target, binding.imported === '*' ? 'default' : binding.imported, depth, follow) : undefined;
}

/** The value an imported module exports under a name (through re-exports and `export *`), and the module it is written in. */
export function exportedValue(modules: ModuleLookup, index: ModuleIndex, source: string, name: string): { index: ModuleIndex; value: Node } | undefined {
  const target = modules(index.file, source);
  return target ? followExport(modules, target, name, 0, (_, at, value) => ({ index: at, value })) : undefined;
}

/** At the value a module exports under a name, through re-exports and `export *`. */
function followExport<T>(modules: ModuleLookup, index: ModuleIndex, name: string, depth: number, follow: Follow<T>): T | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const entry = index.exports.get(name);
  if (entry?.kind === 'value') return follow(modules, index, entry.value, depth);
  if (entry?.kind === 'reexport') {
    const target = modules(index.file, entry.source);
    return target && entry.name !== '*' ? followExport(modules, target, entry.name, depth + 1, follow) : undefined;
  }
  if (name === 'default') return undefined;
  for (const star of index.starExports) {
    const target = modules(index.file, star);
    const found = target ? followExport(modules, target, name, depth + 1, follow) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The SDK client an expression stands for, built in this module or in one it imports
 * (`export default new AWS.Lambda()`), also as a property of an object a module exports
 * (`module.exports = { documentClient: new DocumentClient() }`, read as `db.documentClient`).
 */
export function clientOf(modules: ModuleLookup, index: ModuleIndex, expression: Node, depth: number): SdkClient | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const client = sdkClientIn(index.program, expression, packageReexportsOf(modules, index));
  if (client) return client;
  const node = unwrap(expression);
  if (node.type === 'Identifier') return followName(modules, index, node, depth + 1, clientOf);
  if (node.type === 'MemberExpression') return followMember(modules, index, node, depth + 1, clientOf);
  return undefined;
}

/** `Object.freeze(x)`, `Object.seal(x)`: calls that return their argument unchanged. */
export function isObjectKeeper(node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Object' &&
    ['freeze', 'seal', 'preventExtensions'].includes(propertyName(callee.property, callee.computed) ?? '');
}
