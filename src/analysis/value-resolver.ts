import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, type AstFunction, type Node } from '../code/ast.js';
import { sdkClientIn, type SdkClient } from '../code/code-facts.js';
import type { ImportBinding } from '../code/declarations.js';
import { isOwnFunctionName } from '../code/lambda-context.js';
import { classMember, isClass, isProcessEnv, type CalleeRef, type ModuleIndex } from './module-index.js';
import { packageReexportsOf } from './package-reexports.js';

/** The module an import specifier names, from the importing file; undefined when it is not found or does not parse. */
export type ModuleLookup = (fromFile: string, specifier: string) => ModuleIndex | undefined;

/** A function of a module, or the module's top level. */
export interface FunctionAt {
  index: ModuleIndex;
  fn: AstFunction | 'module';
}

type ClassAt = { index: ModuleIndex; cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression };
type ObjectAt = { index: ModuleIndex; node: TSESTree.ObjectExpression };

/** How many hops (names, members, imports) a value is followed before giving up: cycles end here. */
const MAX_DEPTH = 24;

/** The functions a call refers to, in this module or in the one it imports. */
export function resolveRef(modules: ModuleLookup, index: ModuleIndex, ref: CalleeRef): FunctionAt[] {
  if (ref.kind === 'local') return resolveValue(modules, index, ref.value, ref.member, 0);
  const target = modules(index.file, ref.source);
  if (!target) return [];
  return resolveExport(modules, target, ref.name, ref.member, 0);
}

/** The functions an export (or a member of it) stands for, through re-exports and `export *`. */
export function resolveExport(modules: ModuleLookup, index: ModuleIndex, name: string, member: string | undefined, depth: number): FunctionAt[] {
  if (depth > MAX_DEPTH) return [];
  if (name === '*') return member ? resolveExport(modules, index, member, undefined, depth + 1) : resolveExport(modules, index, 'default', undefined, depth + 1);
  const entry = index.exports.get(name);
  if (entry?.kind === 'value') return resolveValue(modules, index, entry.value, member, depth + 1);
  if (entry?.kind === 'reexport') {
    const target = modules(index.file, entry.source);
    return target ? resolveExport(modules, target, entry.name, member, depth + 1) : [];
  }
  if (name === 'default') return [];
  for (const star of index.starExports) {
    const target = modules(index.file, star);
    const found = target ? resolveExport(modules, target, name, member, depth + 1) : [];
    if (found.length > 0) return found;
  }
  return [];
}

function resolveValue(modules: ModuleLookup, index: ModuleIndex, value: Node, member: string | undefined, depth: number): FunctionAt[] {
  if (depth > MAX_DEPTH) return [];
  const node = unwrap(value);
  if (isFunctionNode(node)) return member === undefined ? [{ index, fn: node }] : [];
  switch (node.type) {
    case 'Identifier': {
      const binding = index.decls.imports.get(node.name);
      if (binding) {
        const target = modules(index.file, binding.source);
        return target ? resolveExport(modules, target, binding.imported, member, depth + 1) : [];
      }
      const local = index.decls.functionNamed(node.name) ?? index.classes.get(node.name) ?? index.decls.valueOf(node.name, node);
      return local ? resolveValue(modules, index, local, member, depth + 1) : [];
    }
    case 'ObjectExpression': {
      if (member === undefined) return [];
      for (const prop of node.properties) {
        if (prop.type === 'Property' && propertyName(prop.key, prop.computed) === member) return resolveValue(modules, index, prop.value, undefined, depth + 1);
      }
      return [];
    }
    case 'ClassDeclaration':
    case 'ClassExpression': {
      if (member === undefined) return [];
      const method = classMember(node, member);
      return method ? resolveValue(modules, index, method, undefined, depth + 1) : [];
    }
    case 'NewExpression': {
      if (member === undefined) return [];
      const classes = resolveClass(modules, index, node.callee, depth + 1);
      return classes.flatMap(({ index: at, cls }) => {
        const method = classMember(cls, member);
        return method ? resolveValue(modules, at, method, undefined, depth + 1) : [];
      });
    }
    case 'CallExpression': {
      if (member !== undefined) return [];
      // A wrapper (`middy(fn)`, `withLogging(fn)`) returns what it wraps, as far as reachability goes;
      // a chain on it (`middy(fn).use(a).use(b)`) configures the same wrapped function.
      const callee = unwrap(node.callee);
      const chained = callee.type === 'MemberExpression' && unwrap(callee.object).type === 'CallExpression'
        ? resolveValue(modules, index, callee.object, undefined, depth + 1) : [];
      return [...chained, ...node.arguments.flatMap((arg) => resolveValue(modules, index, arg, undefined, depth + 1))];
    }
    case 'AwaitExpression':
      return resolveValue(modules, index, node.argument, member, depth + 1);
    case 'MemberExpression': {
      // `impl.handler`, where `impl` is a whole imported module (`import * as impl`, `const impl = require(...)`).
      const owner = unwrap(node.object);
      const name = propertyName(node.property, node.computed);
      const binding = owner.type === 'Identifier' ? index.decls.imports.get(owner.name) : undefined;
      if (member !== undefined || !name || binding?.imported !== '*') return [];
      const target = modules(index.file, binding.source);
      return target ? resolveExport(modules, target, name, undefined, depth + 1) : [];
    }
    default:
      return [];
  }
}

function resolveClass(modules: ModuleLookup, index: ModuleIndex, callee: Node, depth: number): ClassAt[] {
  if (depth > MAX_DEPTH) return [];
  const node = unwrap(callee);
  if (isClass(node)) return [{ index, cls: node }];
  if (node.type !== 'Identifier') return [];
  const binding = index.decls.imports.get(node.name);
  if (binding) return followImport(modules, index, binding, depth + 1, resolveClass) ?? [];
  const local = index.classes.get(node.name) ?? index.decls.valueOf(node.name, node);
  return local ? resolveClass(modules, index, local, depth + 1) : [];
}

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
    return env ? { env } : followName(modules, index, node, depth + 1, staticSource);
  }
  if (node.type === 'MemberExpression') return followMember(modules, index, node, depth + 1, staticSource);
  return undefined;
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

/** The SDK client an expression stands for, built in this module or in one it imports (`export default new AWS.Lambda()`). */
export function clientOf(modules: ModuleLookup, index: ModuleIndex, expression: Node, depth: number): SdkClient | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const client = sdkClientIn(index.program, expression, packageReexportsOf(modules, index));
  if (client) return client;
  const node = unwrap(expression);
  return node.type === 'Identifier' ? followName(modules, index, node, depth + 1, clientOf) : undefined;
}

/** `Object.freeze(x)`, `Object.seal(x)`: calls that return their argument unchanged. */
function isObjectKeeper(node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Object' &&
    ['freeze', 'seal', 'preventExtensions'].includes(propertyName(callee.property, callee.computed) ?? '');
}
