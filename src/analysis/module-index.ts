import type { TSESTree } from '@typescript-eslint/types';
import { innermostFunction, isFunctionNode, propertyName, unwrap, walk, type AstFunction, type Node } from '../code/ast.js';
import { getCodeFacts } from '../code/code-facts.js';
import type { Declarations } from '../code/declarations.js';
import { requireOf } from '../code/declarations.js';
import { SpanIndex } from '../code/spans.js';

export type ClassLike = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** A declaration a type annotation can name: an interface, a type alias or a class. */
export type TypeDeclaration = TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration | ClassLike;

/**
 * A name bound by a parameter: the function, the parameter's position, and the properties a
 * destructuring pattern takes from the argument on the way (`({ repo }) => ...` binds `repo` at
 * `['repo']`).
 */
export interface ParamRef {
  name: string;
  fn: AstFunction;
  position: number;
  path: readonly string[];
  /** The default written for the name itself (`{ repo = new Repo() }`), then for the whole parameter (`deps = makeDeps()`, at `path`). */
  defaults: readonly { value: Node; path: readonly string[] }[];
  /** The type annotation of the whole parameter, read at `path`. */
  type?: TSESTree.TypeNode;
}

/**
 * What a name or a call refers to, before the project resolves it: a value in this file, an export
 * of an imported module, a parameter, or (calls only) a member of the class around the call
 * (`this.repo.save()`). `path` is the chain of properties read from it (`deps.billing.issue` reads
 * `['billing', 'issue']` from `deps`); a call's `args` are its arguments, for the callee's parameters.
 */
export type NameRef =
  | { kind: 'local'; value: Node; path: readonly string[] }
  | { kind: 'import'; source: string; name: string; path: readonly string[] }
  | { kind: 'param'; param: ParamRef; path: readonly string[] };

export type CalleeRef = (NameRef | { kind: 'this'; cls: ClassLike; path: readonly string[] }) & { args?: readonly Node[] };

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
  /** Every class, named or not, in source order. */
  readonly classList: ClassLike[] = [];
  /** Interfaces, type aliases and classes by name. */
  readonly types = new Map<string, TypeDeclaration>();
  /** `const { ORDERS_TABLE } = process.env`: local name to environment variable name. */
  readonly envBindings = new Map<string, string>();
  private readonly calls = new Map<AstFunction | 'module', CalleeRef[]>();
  private readonly nested = new Map<AstFunction, AstFunction[]>();
  private readonly names = new Map<AstFunction, string>();
  private readonly callsByRange = new Map<string, TSESTree.CallExpression>();
  /** Names bound by parameters and by destructuring, which the declarations leave without a value: by name, then by scope (the first one there). */
  private readonly params = new Map<string, Map<AstFunction, ParamRef>>();
  private readonly destructured = new Map<string, Map<AstFunction | undefined, { value: Node; path: readonly string[]; scope: AstFunction | undefined }>>();
  private readonly classSpans: SpanIndex<ClassLike>;
  /** `this.x = value` anywhere in a class's own code, by class and member. */
  private readonly memberAssignments = new Map<ClassLike, Map<string, Node[]>>();

  constructor(readonly file: string, readonly program: TSESTree.Program) {
    this.decls = getCodeFacts(program).declarations;
    walk(program, (node, ancestors) => this.visit(node, ancestors));
    this.classSpans = new SpanIndex(this.classList, (cls) => cls.range);
  }

  callsOf(fn: AstFunction | 'module'): CalleeRef[] {
    return this.calls.get(fn) ?? [];
  }

  /** What a call in this module refers to. */
  refOf(call: TSESTree.CallExpression): CalleeRef | undefined {
    const ref = this.calleeRef(call.callee, this.classAround(call));
    return ref ? { ...ref, args: call.arguments } : undefined;
  }

  /** What a name refers to where it is used (`at`): an import, a same-file value, or a parameter. */
  nameRef(name: string, at: Node): NameRef | undefined {
    const binding = this.decls.imports.get(name);
    if (binding) return { kind: 'import', source: binding.source, name: binding.imported === '*' ? '*' : binding.imported, path: [] };
    const value = this.decls.functionNamed(name) ?? this.classes.get(name) ?? this.decls.valueOf(name, at);
    if (value) return { kind: 'local', value, path: [] };
    // The declarations give parameters and destructured names no value: the innermost one around `at` says what the name is.
    const around = this.decls.tree.functions.around(at.range);
    const param = innermost(this.params.get(name), around);
    const part = innermost(this.destructured.get(name), around);
    if (part && (!param || (part.scope && part.scope.range[0] >= param.fn.range[0]))) return { kind: 'local', value: part.value, path: part.path };
    return param ? { kind: 'param', param, path: [] } : undefined;
  }

  /** The values a class assigns to `this.<member>` in its constructor and methods (a field's initialiser is the field's own). */
  assignedMember(cls: ClassLike, member: string): readonly Node[] {
    return this.memberAssignments.get(cls)?.get(member) ?? [];
  }

  /** The parameters of a function, as names bound at a position (`deps`, or `billing` of `{ billing }`). */
  paramsOf(fn: AstFunction): ParamRef[] {
    return fn.params.flatMap((param, position) => paramBindings(fn, param, position));
  }

  /** The innermost class around a node. */
  classAround(node: Node): ClassLike | undefined {
    return this.classSpans.innermost(node.range);
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
    return this.decls.tree.enclosingFunction(node) ?? 'module';
  }

  private visit(node: Node, ancestors: readonly Node[]): void {
    if (isFunctionNode(node)) {
      const owner = innermostFunction(ancestors);
      this.functions.push(node);
      // A function inside a function (a callback, a closure) runs when its parent does; one at the
      // top level runs only when something calls it.
      if (owner) push(this.nested, owner, node);
      this.names.set(node, nameFor(node, ancestors.at(-1), owner && this.names.get(owner)));
      for (const param of this.paramsOf(node)) addFirst(this.params, param.name, node, param);
      return;
    }
    switch (node.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.classList.push(node);
        if (node.id) {
          if (node.type === 'ClassDeclaration') this.classes.set(node.id.name, node);
          this.types.set(node.id.name, node);
        }
        return;
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
        this.types.set(node.id.name, node);
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
        } else if (node.id.type === 'ObjectPattern' && node.init && !requireOf(node.init)) {
          // `const { billing } = createDependencies()`: the name stands for a property of the value.
          const owner = innermostFunction(ancestors);
          for (const { name, path } of patternNames(node.id, [])) addFirst(this.destructured, name, owner, { value: node.init, path, scope: owner });
        }
        return;
      case 'AssignmentExpression': {
        this.commonJsExport(node);
        const left = node.left;
        const cls = left.type === 'MemberExpression' && left.object.type === 'ThisExpression' ? classIn(ancestors) : undefined;
        const member = cls && left.type === 'MemberExpression' ? propertyName(left.property, left.computed) : undefined;
        if (cls && member) {
          const members = this.memberAssignments.get(cls) ?? new Map<string, Node[]>();
          push(members, member, node.right);
          this.memberAssignments.set(cls, members);
        }
        return;
      }
      case 'CallExpression': {
        this.callsByRange.set(`${node.range[0]}:${node.range[1]}`, node);
        const required = requireOf(node);
        if (required) this.importSpecifiers.add(required.source);
        const key = innermostFunction(ancestors) ?? 'module';
        const cls = classIn(ancestors);
        const ref = this.calleeRef(node.callee, cls);
        if (ref) push(this.calls, key, { ...ref, args: node.arguments });
        // A function handed to a call (`records.map(processRecord)`, `Promise.all(items.map(save))`) is called by it.
        for (const arg of node.arguments) {
          const value = unwrap(arg);
          if (value.type !== 'Identifier' && value.type !== 'MemberExpression') continue;
          const passed = this.calleeRef(value, cls);
          if (passed) push(this.calls, key, passed);
        }
        return;
      }
      case 'NewExpression': {
        const ref = this.calleeRef(node.callee, classIn(ancestors));
        if (ref) push(this.calls, innermostFunction(ancestors) ?? 'module', { ...ref, path: [...ref.path, 'constructor'], args: node.arguments });
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
    if (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration' ||
      declaration?.type === 'TSInterfaceDeclaration' || declaration?.type === 'TSTypeAliasDeclaration') {
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

  /** What a callee expression refers to: a name and the properties read from it (`deps.billing.issue`), or a member of `this`. */
  private calleeRef(calleeNode: Node, cls: ClassLike | undefined): CalleeRef | undefined {
    const path: string[] = [];
    let node = unwrap(calleeNode);
    while (node.type === 'MemberExpression') {
      const member = propertyName(node.property, node.computed);
      if (!member) return undefined;
      path.unshift(member);
      node = unwrap(node.object);
    }
    if (node.type === 'Identifier') {
      const ref = this.nameRef(node.name, node);
      return ref ? { ...ref, path: [...ref.path, ...path] } : undefined;
    }
    // `new OrderService(repo).place()`, `getRepository().save()`: a member of what is built or returned there.
    if ((node.type === 'NewExpression' || node.type === 'CallExpression' || node.type === 'AwaitExpression') && path.length > 0) {
      return { kind: 'local', value: node, path };
    }
    if (node.type !== 'ThisExpression' || path.length === 0) return undefined;
    if (cls) return { kind: 'this', cls, path };
    // `this.repo.save()` outside a class (a constructor function): what `this.repo` was given anywhere in the file.
    const value = path.length > 1 ? this.decls.memberValue(path[0]!) : undefined;
    return value ? { kind: 'local', value, path: path.slice(1) } : undefined;
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

/**
 * A function's name: its own, its variable's or its property's. A function another one returns
 * (`makeHandler = (deps) => async (event) => ...`) takes the name of the one that makes it.
 */
function nameFor(fn: AstFunction, parent: Node | undefined, ownerName: string | undefined): string {
  const own = ownNameFor(fn, parent);
  const returned = parent?.type === 'ReturnStatement' || (parent !== undefined && isFunctionNode(parent) && parent.body === fn);
  return own === 'anonymous' && returned && ownerName && ownerName !== 'anonymous' ? ownerName : own;
}

function ownNameFor(fn: AstFunction, parent: Node | undefined): string {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id.name;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && !parent.computed) {
    return propertyName(parent.key, false) ?? 'anonymous';
  }
  if (parent?.type === 'ExportDefaultDeclaration') return 'default';
  return 'anonymous';
}

function classIn(ancestors: readonly Node[]): ClassLike | undefined {
  return ancestors.findLast((n): n is ClassLike => n.type === 'ClassDeclaration' || n.type === 'ClassExpression');
}

/** Of some bindings by scope, the one of the innermost scope around a place (`around`, innermost first), else the module's. */
function innermost<T>(byScope: ReadonlyMap<AstFunction | undefined, T> | undefined, around: readonly AstFunction[]): T | undefined {
  if (!byScope) return undefined;
  for (const fn of around) {
    const found = byScope.get(fn);
    if (found) return found;
  }
  return byScope.get(undefined);
}

/** The first binding of a name in a scope is the one that counts. */
function addFirst<S, T>(map: Map<string, Map<S, T>>, name: string, scope: S, item: T): void {
  const byScope = map.get(name) ?? new Map<S, T>();
  if (!byScope.has(scope)) byScope.set(scope, item);
  map.set(name, byScope);
}

/** The names a parameter binds, each with the property path it takes from the argument, its defaults and the parameter's type. */
function paramBindings(fn: AstFunction, param: TSESTree.Parameter, position: number): ParamRef[] {
  let pattern: Node = param.type === 'TSParameterProperty' ? param.parameter : param;
  const defaults: { value: Node; path: readonly string[] }[] = [];
  if (pattern.type === 'AssignmentPattern') {
    defaults.push({ value: pattern.right, path: [] });
    pattern = pattern.left;
  }
  const type = 'typeAnnotation' in pattern ? (pattern.typeAnnotation as TSESTree.TSTypeAnnotation | undefined)?.typeAnnotation : undefined;
  return patternNames(pattern, []).map(({ name, path, fallback }) => ({
    fn, position, path, name,
    defaults: [...(fallback ? [{ value: fallback, path: [] }] : []), ...defaults.map((d) => ({ value: d.value, path }))],
    ...(type ? { type } : {}),
  }));
}

/** The names an identifier or object pattern binds, with the property path to each, and a default written for it. */
function patternNames(pattern: Node, path: readonly string[]): { name: string; path: readonly string[]; fallback?: Node }[] {
  if (pattern.type === 'Identifier') return [{ name: pattern.name, path }];
  if (pattern.type === 'AssignmentPattern') {
    return patternNames(pattern.left, path).map((n) => (n.path.length === path.length ? { ...n, fallback: pattern.right } : n));
  }
  if (pattern.type !== 'ObjectPattern') return [];
  return pattern.properties.flatMap((prop) => {
    if (prop.type !== 'Property') return [];
    const key = propertyName(prop.key, prop.computed);
    return key ? patternNames(prop.value, [...path, key]) : [];
  });
}
