import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type AstFunction, type Node } from '../code/ast.js';
import { getCodeFacts } from '../code/code-facts.js';
import type { Declarations } from '../code/declarations.js';
import { requireOf } from '../code/declarations.js';
import { innermostAround } from './module-summary.js';

type ClassLike = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** What a call refers to, before the project resolves it: a value in this file, or an export of an imported module. */
export type CalleeRef =
  | { kind: 'local'; value: Node; member?: string }
  | { kind: 'import'; source: string; name: string; member?: string };

export type ExportEntry = { kind: 'value'; value: Node } | { kind: 'reexport'; source: string; name: string };

/**
 * One module, read for the cross-layer analysis: its functions, the calls each makes, its exports
 * and its imports. Built from the same AST (and the same declarations) as the code facts.
 */
export class ModuleIndex {
  readonly decls: Declarations;
  readonly functions: AstFunction[] = [];
  readonly exports = new Map<string, ExportEntry>();
  readonly starExports: string[] = [];
  readonly importSpecifiers = new Set<string>();
  readonly classes = new Map<string, ClassLike>();
  /** `const { ORDERS_TABLE } = process.env`: local name to environment variable name. */
  readonly envBindings = new Map<string, string>();
  private readonly calls = new Map<AstFunction | 'module', CalleeRef[]>();
  private readonly nested = new Map<AstFunction, AstFunction[]>();
  private readonly names = new Map<AstFunction, string>();
  private readonly callsByRange = new Map<string, TSESTree.CallExpression>();

  constructor(readonly file: string, readonly program: TSESTree.Program) {
    this.decls = getCodeFacts(program).declarations;
    walk(program, (node, ancestors) => this.visit(node, ancestors));
  }

  callsOf(fn: AstFunction | 'module'): CalleeRef[] {
    return this.calls.get(fn) ?? [];
  }

  /** What a call in this module refers to (`this.x()` aside, which needs the class around it). */
  refOf(call: TSESTree.CallExpression): CalleeRef | undefined {
    return this.calleeRef(call.callee, []);
  }

  /** This module's own node for a call at the same place (an editor's AST of the file is another object). */
  callAt(range: readonly [number, number]): TSESTree.CallExpression | undefined {
    return this.callsByRange.get(`${range[0]}:${range[1]}`);
  }

  /** A readable name for a function: its own, its variable's, or its property's. */
  nameOf(fn: AstFunction | 'module'): string {
    return fn === 'module' ? '(module)' : this.names.get(fn) ?? 'anonymous';
  }

  /** Functions defined directly inside another (callbacks, closures): assumed to run when it does. */
  nestedIn(fn: AstFunction | 'module'): AstFunction[] {
    return fn === 'module' ? [] : this.nested.get(fn) ?? [];
  }

  /** The innermost function around a node, or `module` for top-level code. */
  enclosingFunction(node: Node): AstFunction | 'module' {
    return innermostAround(this.functions, (fn) => fn.range, node.range) ?? 'module';
  }

  private visit(node: Node, ancestors: readonly Node[]): void {
    const owner = ancestors.findLast(isFunctionNode) as AstFunction | undefined;
    const key = owner ?? 'module';
    if (isFunctionNode(node)) {
      this.functions.push(node);
      // A function inside a function (a callback, a closure) runs when its parent does; one at the
      // top level runs only when something calls it.
      if (owner) push(this.nested, owner, node);
      this.names.set(node, nameFor(node, ancestors.at(-1)));
      return;
    }
    switch (node.type) {
      case 'ClassDeclaration':
        if (node.id) this.classes.set(node.id.name, node);
        return;
      case 'ImportDeclaration':
        this.importSpecifiers.add(node.source.value);
        return;
      case 'ExportAllDeclaration':
        this.importSpecifiers.add(node.source.value);
        if (node.exported) {
          const name = propertyName(node.exported, false);
          if (name) this.exports.set(name, { kind: 'reexport', source: node.source.value, name: '*' });
        } else this.starExports.push(node.source.value);
        return;
      case 'ExportNamedDeclaration':
        this.exportNamed(node);
        return;
      case 'ExportDefaultDeclaration':
        this.exports.set('default', { kind: 'value', value: node.declaration });
        return;
      case 'ImportExpression':
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') this.importSpecifiers.add(node.source.value);
        return;
      case 'VariableDeclarator':
        if (node.id.type === 'ObjectPattern' && node.init && isProcessEnv(unwrap(node.init))) {
          for (const prop of node.id.properties) {
            if (prop.type !== 'Property') continue;
            const envName = propertyName(prop.key, prop.computed);
            const local = prop.value.type === 'Identifier' ? prop.value.name
              : prop.value.type === 'AssignmentPattern' && prop.value.left.type === 'Identifier' ? prop.value.left.name : undefined;
            if (envName && local) this.envBindings.set(local, envName);
          }
        }
        return;
      case 'AssignmentExpression':
        this.commonJsExport(node);
        return;
      case 'CallExpression': {
        this.callsByRange.set(`${node.range[0]}:${node.range[1]}`, node);
        const required = requireOf(node);
        if (required) this.importSpecifiers.add(required.source);
        const ref = this.calleeRef(node.callee, ancestors);
        if (ref) push(this.calls, key, ref);
        // A function handed to a call (`records.map(processRecord)`, `Promise.all(items.map(save))`) is called by it.
        for (const arg of node.arguments) {
          const value = unwrap(arg);
          if (value.type !== 'Identifier' && value.type !== 'MemberExpression') continue;
          const passed = this.calleeRef(value, ancestors);
          if (passed) push(this.calls, key, passed);
        }
        return;
      }
      case 'NewExpression': {
        const ref = this.calleeRef(node.callee, ancestors);
        if (ref) push(this.calls, key, { ...ref, member: 'constructor' });
        return;
      }
      default:
        return;
    }
  }

  private exportNamed(node: TSESTree.ExportNamedDeclaration): void {
    if (node.source) {
      this.importSpecifiers.add(node.source.value);
      for (const spec of node.specifiers) {
        const exported = propertyName(spec.exported, false);
        const local = propertyName(spec.local, false);
        if (exported && local) this.exports.set(exported, { kind: 'reexport', source: node.source.value, name: local });
      }
      return;
    }
    const declaration = node.declaration;
    if (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') {
      if (declaration.id) this.exports.set(declaration.id.name, { kind: 'value', value: declaration });
    } else if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations) {
        if (d.id.type === 'Identifier' && d.init) this.exports.set(d.id.name, { kind: 'value', value: d.init });
      }
    }
    for (const spec of node.specifiers) {
      const exported = propertyName(spec.exported, false);
      const local = propertyName(spec.local, false);
      if (exported && local) this.exports.set(exported, { kind: 'value', value: spec.local });
    }
  }

  /** `module.exports = {...}`, `module.exports = x`, `exports.x = ...`, `module.exports.x = ...`. */
  private commonJsExport(node: TSESTree.AssignmentExpression): void {
    const left = node.left;
    if (left.type !== 'MemberExpression') return;
    const name = propertyName(left.property, left.computed);
    const object = left.object;
    const isModule = (n: Node) => n.type === 'Identifier' && n.name === 'module';
    const required = requireOf(node.right);
    if (isModule(object) && name === 'exports') {
      // `module.exports = require('./impl')`: this module is that one, every export of it included.
      if (required && !required.member) {
        this.starExports.push(required.source);
        this.exports.set('default', { kind: 'reexport', source: required.source, name: 'default' });
        return;
      }
      this.exports.set('default', { kind: 'value', value: node.right });
      const value = unwrap(node.right);
      if (value.type === 'ObjectExpression') {
        for (const prop of value.properties) {
          if (prop.type !== 'Property') continue;
          const key = propertyName(prop.key, prop.computed);
          if (key) this.exports.set(key, { kind: 'value', value: prop.value });
        }
      }
      return;
    }
    const isExports = (object.type === 'Identifier' && object.name === 'exports') ||
      (object.type === 'MemberExpression' && isModule(object.object) && propertyName(object.property, object.computed) === 'exports');
    if (!isExports || !name) return;
    // `exports.handler = require('./impl').handler`: a re-export, as `export { handler } from './impl'` is.
    if (required) this.exports.set(name, { kind: 'reexport', source: required.source, name: required.member ?? '*' });
    else this.exports.set(name, { kind: 'value', value: node.right });
  }

  private calleeRef(calleeNode: Node, ancestors: readonly Node[]): CalleeRef | undefined {
    const callee = unwrap(calleeNode);
    if (callee.type === 'Identifier') return this.nameRef(callee.name, callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const member = propertyName(callee.property, callee.computed);
    if (!member) return undefined;
    const object = unwrap(callee.object);
    if (object.type === 'Identifier') {
      const ref = this.nameRef(object.name, object);
      if (ref?.kind === 'import' && ref.name === '*') return { kind: 'import', source: ref.source, name: member };
      return ref ? { ...ref, member } : undefined;
    }
    if (object.type === 'ThisExpression') {
      const owner = ancestors.findLast((n): n is ClassLike => n.type === 'ClassDeclaration' || n.type === 'ClassExpression');
      return owner ? { kind: 'local', value: owner, member } : undefined;
    }
    if (object.type === 'MemberExpression' && unwrap(object.object).type === 'ThisExpression') {
      const field = propertyName(object.property, object.computed);
      const value = field ? this.decls.memberValue(field) : undefined;
      return value ? { kind: 'local', value, member } : undefined;
    }
    return undefined;
  }

  private nameRef(name: string, at: Node): CalleeRef | undefined {
    const binding = this.decls.imports.get(name);
    if (binding) return { kind: 'import', source: binding.source, name: binding.imported === '*' ? '*' : binding.imported };
    const value = this.decls.functionNamed(name) ?? this.classes.get(name) ?? this.decls.valueOf(name, at);
    return value ? { kind: 'local', value } : undefined;
  }
}

export function isProcessEnv(node: Node): boolean {
  return node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'process' &&
    propertyName(node.property, node.computed) === 'env';
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function classMember(cls: ClassLike, member: string): Node | undefined {
  for (const element of cls.body.body) {
    if ((element.type === 'MethodDefinition' || element.type === 'PropertyDefinition') && !element.computed &&
      propertyName(element.key, false) === member) {
      return element.value ?? undefined;
    }
  }
  return undefined;
}

export function isClass(node: Node): node is ClassLike {
  return node.type === 'ClassDeclaration' || node.type === 'ClassExpression';
}

function nameFor(fn: AstFunction, parent: Node | undefined): string {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id.name;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && !parent.computed) {
    return propertyName(parent.key, false) ?? 'anonymous';
  }
  if (parent?.type === 'ExportDefaultDeclaration') return 'default';
  return 'anonymous';
}
