import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Node } from '../code/ast.js';
import type { ModuleIndex, TypeDeclaration } from './module-index.js';
import type { ModuleLookup } from './value-resolver.js';

/** A declaration a type names (an interface, a type alias or a class), in the module that declares it. */
export interface TypeAt {
  index: ModuleIndex;
  decl: TypeDeclaration;
}

const MAX_DEPTH = 24;

/** The key of a declaration: its file and start, the same whichever module names it. */
export function typeKey(type: TypeAt): string {
  return `${type.index.file}#${type.decl.range[0]}`;
}

/**
 * The declaration a type name stands for (`InvoiceStore`, `ports.InvoiceStore`, or the same written
 * in `implements` or `extends`), in this module or through its imports and re-exports.
 */
export function typeDeclarationOf(modules: ModuleLookup, index: ModuleIndex, name: Node, depth = 0): TypeAt | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(name);
  if (node.type === 'Identifier') {
    const binding = index.decls.imports.get(node.name);
    if (!binding) {
      const decl = index.types.get(node.name);
      return decl ? { index, decl } : undefined;
    }
    const target = modules(index.file, binding.source);
    return target && binding.imported !== '*' ? exportedType(modules, target, binding.imported, depth + 1) : undefined;
  }
  // `ports.InvoiceStore`, with `import * as ports from './ports.js'`.
  const qualifier = node.type === 'TSQualifiedName' ? node.left : node.type === 'MemberExpression' ? node.object : undefined;
  const member = node.type === 'TSQualifiedName' ? node.right.name : node.type === 'MemberExpression' ? propertyName(node.property, node.computed) : undefined;
  if (qualifier?.type !== 'Identifier' || !member) return undefined;
  const binding = index.decls.imports.get(qualifier.name);
  const target = binding?.imported === '*' ? modules(index.file, binding.source) : undefined;
  return target ? exportedType(modules, target, member, depth + 1) : undefined;
}

function exportedType(modules: ModuleLookup, index: ModuleIndex, name: string, depth: number): TypeAt | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const entry = index.exports.get(name);
  if (entry?.kind === 'value') {
    const value = unwrap(entry.value);
    if (isTypeDeclaration(value)) return { index, decl: value };
    return value.type === 'Identifier' ? typeDeclarationOf(modules, index, value, depth + 1) : undefined;
  }
  if (entry?.kind === 'reexport') {
    const target = modules(index.file, entry.source);
    return target && entry.name !== '*' ? exportedType(modules, target, entry.name, depth + 1) : undefined;
  }
  if (name === 'default') return undefined;
  for (const star of index.starExports) {
    const target = modules(index.file, star);
    const found = target ? exportedType(modules, target, name, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

function isTypeDeclaration(node: Node): node is TypeDeclaration {
  return node.type === 'TSInterfaceDeclaration' || node.type === 'TSTypeAliasDeclaration' || node.type === 'ClassDeclaration' || node.type === 'ClassExpression';
}

/**
 * The type an interface or object type gives a property (`billing: BillingService`), looking
 * through the interfaces it extends; undefined for a method, or a property it does not declare.
 */
export function propertyTypeOf(modules: ModuleLookup, at: { index: ModuleIndex; members: readonly TSESTree.TypeElement[]; bases?: readonly TSESTree.TSInterfaceHeritage[] }, name: string, depth = 0): { index: ModuleIndex; type: TSESTree.TypeNode } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const member of at.members) {
    if (member.type === 'TSPropertySignature' && !member.computed && propertyName(member.key, false) === name) {
      return member.typeAnnotation ? { index: at.index, type: member.typeAnnotation.typeAnnotation } : undefined;
    }
  }
  for (const base of at.bases ?? []) {
    const found = typeDeclarationOf(modules, at.index, base.expression);
    if (found?.decl.type !== 'TSInterfaceDeclaration') continue;
    const type = propertyTypeOf(modules, { index: found.index, members: found.decl.body.body, bases: found.decl.extends }, name, depth + 1);
    if (type) return type;
  }
  return undefined;
}
