import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type AstFunction, type Node } from '../code/ast.js';
import { classMember, isClass, type CalleeRef, type ClassLike, type ModuleIndex, type NameRef, type ParamRef } from './module-index.js';
import { argumentOf, bindCall, type Bindings } from './parameter-bindings.js';
import { propertyTypeOf, typeDeclarationOf, type TypeAt } from './type-declarations.js';
import { isObjectKeeper, type ModuleLookup } from './value-resolver.js';

/** A function of a module, or the module's top level, with what the calls that led to it gave its parameters. */
export interface FunctionAt {
  index: ModuleIndex;
  fn: AstFunction | 'module';
  bindings?: Bindings | undefined;
}

export interface ClassAt {
  index: ModuleIndex;
  cls: ClassLike;
}

/** What resolving a call needs of the project: its modules, and which classes implement a type. */
export interface CodeProject {
  readonly modules: ModuleLookup;
  /** The classes of the deployed code that implement or extend a declared type (an abstract one stands for its own implementations). */
  implementationsOf(type: TypeAt): ClassAt[];
}

/** How many hops (names, members, imports, returns) a value is followed before giving up: cycles end here. */
const MAX_DEPTH = 24;
/** How many steps one resolution may take in all: code whose functions return each other stops here. */
const MAX_STEPS = 2000;

/** Wrappers of a type that keep what it has (`Readonly<Deps>`, `Awaited<ReturnType<typeof build>>`). */
const SAME_MEMBERS = new Set(['Awaited', 'Readonly', 'Required', 'NonNullable', 'Partial']);

/**
 * The functions a call refers to: in this module or one it imports, through what the walk's calls
 * gave parameters (`bindings`), objects and classes built or returned on the way, and the types
 * parameters and fields declare (an interface the deployed code implements once).
 */
export function resolveRef(project: CodeProject, index: ModuleIndex, ref: CalleeRef, bindings?: Bindings): FunctionAt[] {
  const resolution = new Resolution(project);
  return ref.kind === 'this' ? resolution.instance({ index, cls: ref.cls }, ref.path, bindings, 0) : resolution.named(index, ref, [], bindings, 0);
}

/** The functions an export (or a property path of it) stands for, through re-exports and `export *`. */
export function resolveExport(project: CodeProject, index: ModuleIndex, name: string, path: readonly string[]): FunctionAt[] {
  return new Resolution(project).exported(index, name, path, undefined, 0);
}

/** The classes an expression (a `new` callee, an `extends` clause) stands for. */
export function resolveClasses(project: CodeProject, index: ModuleIndex, expression: Node): ClassAt[] {
  return new Resolution(project).classes(index, expression, 0);
}

class Resolution {
  private steps = 0;

  constructor(private readonly project: CodeProject) {}

  private spend(depth: number): boolean {
    return depth <= MAX_DEPTH && ++this.steps <= MAX_STEPS;
  }

  named(index: ModuleIndex, ref: NameRef, path: readonly string[], bindings: Bindings | undefined, depth: number): FunctionAt[] {
    const full = [...ref.path, ...path];
    if (ref.kind === 'local') return this.value(index, ref.value, full, bindings, depth + 1);
    if (ref.kind === 'param') return this.param(index, ref.param, full, bindings, depth + 1);
    const target = this.project.modules(index.file, ref.source);
    return target ? this.exported(target, ref.name, full, bindings, depth + 1) : [];
  }

  exported(index: ModuleIndex, name: string, path: readonly string[], bindings: Bindings | undefined, depth: number): FunctionAt[] {
    if (!this.spend(depth)) return [];
    // A namespace import stands for the module: its first property is an export, and the module itself is its default export.
    if (name === '*') return path.length > 0 ? this.exported(index, path[0]!, path.slice(1), bindings, depth + 1) : this.exported(index, 'default', [], bindings, depth + 1);
    const entry = index.exports.get(name);
    if (entry?.kind === 'value') return this.value(index, entry.value, path, bindings, depth + 1);
    if (entry?.kind === 'reexport') {
      const target = this.project.modules(index.file, entry.source);
      return target ? this.exported(target, entry.name, path, bindings, depth + 1) : [];
    }
    if (name === 'default') return [];
    for (const star of index.starExports) {
      const target = this.project.modules(index.file, star);
      const found = target ? this.exported(target, name, path, bindings, depth + 1) : [];
      if (found.length > 0) return found;
    }
    return [];
  }

  /** The functions a value, then the properties `path` reads from it, stand for. */
  private value(index: ModuleIndex, value: Node, path: readonly string[], bindings: Bindings | undefined, depth: number): FunctionAt[] {
    if (!this.spend(depth)) return [];
    const node = unwrap(value);
    if (isFunctionNode(node)) return isCall(path) ? [{ index, fn: node, bindings }] : [];
    switch (node.type) {
      case 'Identifier': {
        const ref = index.nameRef(node.name, node);
        return ref ? this.named(index, ref, path, bindings, depth + 1) : [];
      }
      case 'MemberExpression': {
        const member = propertyName(node.property, node.computed);
        if (member === undefined) return [];
        if (unwrap(node.object).type !== 'ThisExpression') return this.value(index, node.object, [member, ...path], bindings, depth + 1);
        const cls = index.classAround(node);
        return cls ? this.instance({ index, cls }, [member, ...path], bindings, depth + 1) : [];
      }
      case 'ObjectExpression':
        return this.objectMember(index, node, path, bindings, depth + 1);
      case 'ClassDeclaration':
      case 'ClassExpression': {
        // The class itself (its static side): `Orders.place()`, or its constructor for `new Orders()`.
        const method = path.length > 0 ? classMember(node, path[0]!) : undefined;
        return method ? this.value(index, method, path.slice(1), bindings, depth + 1) : [];
      }
      case 'NewExpression': {
        if (path.length === 0) return [];
        return this.classes(index, node.callee, depth + 1).flatMap((at) => {
          // The constructor's parameters are what this `new` passed: the instance's injected fields.
          const constructor = constructorOf(at.cls);
          const own = constructor ? bindCall(at.index, constructor, node.arguments, index, bindings, bindings) : bindings;
          return this.instance(at, path, own, depth + 1);
        });
      }
      case 'CallExpression':
        return this.call(index, node, path, bindings, depth + 1);
      case 'AwaitExpression':
        return this.value(index, node.argument, path, bindings, depth + 1);
      case 'LogicalExpression': {
        // `injected ?? new DefaultRepo()`: what was injected when that is known, the default otherwise.
        if (node.operator === '&&') return [];
        const left = this.value(index, node.left, path, bindings, depth + 1);
        return left.length > 0 ? left : this.value(index, node.right, path, bindings, depth + 1);
      }
      default:
        return [];
    }
  }

  private call(index: ModuleIndex, node: TSESTree.CallExpression, path: readonly string[], bindings: Bindings | undefined, depth: number): FunctionAt[] {
    const callee = unwrap(node.callee);
    // `app.handle.bind(app)` is the method itself.
    if (callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'bind') {
      return this.value(index, callee.object, path, bindings, depth + 1);
    }
    // `Object.freeze({...})` and the like keep the object as it is.
    if (path.length > 0 && isObjectKeeper(node) && node.arguments[0]) return this.value(index, node.arguments[0], path, bindings, depth + 1);
    // What the called function returns: a handler a factory makes, the dependencies a composition root builds.
    const made = this.returned(index, node.callee, node.arguments, path, bindings, depth + 1);
    if (path.length > 0) return made;
    // A wrapper (`middy(fn)`, `withLogging(fn)`) returns what it wraps, as far as reachability goes;
    // a chain on it (`middy(fn).use(a).use(b)`) configures the same wrapped function.
    const chained = callee.type === 'MemberExpression' && unwrap(callee.object).type === 'CallExpression'
      ? this.value(index, callee.object, [], bindings, depth + 1) : [];
    return [...chained, ...node.arguments.flatMap((arg) => this.value(index, arg, [], bindings, depth + 1)), ...made];
  }

  /** What the functions a callee stands for return, called with `args`, then the properties `path` reads from it. */
  private returned(index: ModuleIndex, callee: Node, args: readonly Node[], path: readonly string[], bindings: Bindings | undefined, depth: number): FunctionAt[] {
    return this.value(index, callee, [], bindings, depth + 1).flatMap((made) => {
      if (made.fn === 'module') return [];
      const own = bindCall(made.index, made.fn, args, index, bindings, made.bindings);
      return returnsOf(made.fn).flatMap((returned) => this.value(made.index, returned, path, own, depth + 1));
    });
  }

  private objectMember(index: ModuleIndex, node: TSESTree.ObjectExpression, path: readonly string[], bindings: Bindings | undefined, depth: number): FunctionAt[] {
    if (path.length === 0) return [];
    // Later properties and spreads win, as at run time.
    for (const prop of [...node.properties].reverse()) {
      if (prop.type === 'SpreadElement') {
        const found = this.value(index, prop.argument, path, bindings, depth + 1);
        if (found.length > 0) return found;
      } else if (propertyName(prop.key, prop.computed) === path[0]) {
        return this.value(index, prop.value, path.slice(1), bindings, depth + 1);
      }
    }
    return [];
  }

  /** What a parameter stands for: what the call gave it, else its default, else the type it declares. */
  private param(index: ModuleIndex, param: ParamRef, path: readonly string[], bindings: Bindings | undefined, depth: number): FunctionAt[] {
    if (!this.spend(depth)) return [];
    const passed = argumentOf(bindings, index, param.fn, param.position);
    if (passed) {
      const found = this.value(passed.index, passed.value, [...param.path, ...path], passed.bindings, depth + 1);
      if (found.length > 0) return found;
    }
    for (const fallback of param.defaults) {
      const found = this.value(index, fallback.value, [...fallback.path, ...path], bindings, depth + 1);
      if (found.length > 0) return found;
    }
    return param.type ? this.typed(index, param.type, [...param.path, ...path], depth + 1) : [];
  }

  /**
   * The functions a property path of an instance of a class stands for: its methods, what its
   * fields are given (an initialiser, `this.x = ...`, a constructor parameter property), the type a
   * field declares, then its base class, and for an abstract class its one implementation.
   */
  instance(at: ClassAt, path: readonly string[], bindings: Bindings | undefined, depth: number): FunctionAt[] {
    if (path.length === 0 || !this.spend(depth)) return [];
    const [member, ...rest] = path as [string, ...string[]];
    const { index, cls } = at;
    const element = instanceElement(cls, member);
    if (element?.type === 'MethodDefinition') return isCall(rest) ? [{ index, fn: element.value as AstFunction, bindings }] : [];
    const found: FunctionAt[] = [];
    if (element?.type === 'PropertyDefinition' && element.value) found.push(...this.value(index, element.value, rest, bindings, depth + 1));
    for (const assigned of index.assignedMember(cls, member)) found.push(...this.value(index, assigned, rest, bindings, depth + 1));
    const constructor = constructorOf(cls);
    for (const param of constructor ? index.paramsOf(constructor) : []) {
      if (param.path.length === 0 && constructor!.params[param.position]?.type === 'TSParameterProperty' && paramNameOf(constructor!.params[param.position]!) === member) {
        found.push(...this.param(index, param, rest, bindings, depth + 1));
      }
    }
    if (found.length > 0) return found;
    const declared = element?.type === 'PropertyDefinition' ? element.typeAnnotation?.typeAnnotation : undefined;
    if (declared) return this.typed(index, declared, rest, depth + 1);
    if (cls.superClass && !element) {
      const inherited = this.classes(index, cls.superClass, depth + 1).flatMap((base) => this.instance(base, path, bindings, depth + 1));
      if (inherited.length > 0) return inherited;
    }
    if (cls.abstract) return this.implementation({ index, decl: cls }, path, depth + 1);
    return [];
  }

  /** The one class of the deployed code that implements a type, read at `path`; nothing when there are none or several. */
  private implementation(type: TypeAt, path: readonly string[], depth: number): FunctionAt[] {
    const classes = this.project.implementationsOf(type);
    return classes.length === 1 ? this.instance(classes[0]!, path, undefined, depth + 1) : [];
  }

  /** The functions a property path of a value of a declared type stands for. */
  private typed(index: ModuleIndex, type: TSESTree.TypeNode, path: readonly string[], depth: number): FunctionAt[] {
    if (path.length === 0 || !this.spend(depth)) return [];
    switch (type.type) {
      case 'TSTypeReference': {
        const name = type.typeName.type === 'Identifier' ? type.typeName.name : undefined;
        const first = type.typeArguments?.params[0];
        // `ReturnType<typeof createDependencies>`: what the function returns.
        if (name === 'ReturnType' && first?.type === 'TSTypeQuery') return this.returned(index, first.exprName, [], path, undefined, depth + 1);
        if (name && SAME_MEMBERS.has(name) && first) return this.typed(index, first, path, depth + 1);
        if (type.typeName.type === 'ThisExpression') return [];
        const declared = typeDeclarationOf(this.project.modules, index, type.typeName);
        return declared ? this.declaredType(declared, path, depth + 1) : [];
      }
      case 'TSTypeLiteral': {
        const property = propertyTypeOf(this.project.modules, { index, members: type.members }, path[0]!);
        return property ? this.typed(property.index, property.type, path.slice(1), depth + 1) : [];
      }
      case 'TSTypeQuery':
        return type.exprName.type === 'Identifier' ? this.value(index, type.exprName, path, undefined, depth + 1) : [];
      case 'TSUnionType': {
        // `Repo | undefined`: the one type that is there.
        const present = type.types.filter((t) => t.type !== 'TSUndefinedKeyword' && t.type !== 'TSNullKeyword');
        return present.length === 1 ? this.typed(index, present[0]!, path, depth + 1) : [];
      }
      case 'TSIntersectionType':
        for (const part of type.types) {
          const found = this.typed(index, part, path, depth + 1);
          if (found.length > 0) return found;
        }
        return [];
      default:
        return [];
    }
  }

  private declaredType(declared: TypeAt, path: readonly string[], depth: number): FunctionAt[] {
    const { index, decl } = declared;
    if (decl.type === 'TSTypeAliasDeclaration') return this.typed(index, decl.typeAnnotation, path, depth + 1);
    if (decl.type !== 'TSInterfaceDeclaration') return this.instance({ index, cls: decl }, path, undefined, depth + 1);
    // A bag of dependencies declares what each property is; a port (`save(): Promise<void>`) is implemented by a class.
    if (path.length > 1) {
      const property = propertyTypeOf(this.project.modules, { index, members: decl.body.body, bases: decl.extends }, path[0]!);
      const found = property ? this.typed(property.index, property.type, path.slice(1), depth + 1) : [];
      if (found.length > 0) return found;
    }
    return this.implementation(declared, path, depth + 1);
  }

  classes(index: ModuleIndex, expression: Node, depth: number): ClassAt[] {
    if (!this.spend(depth)) return [];
    const node = unwrap(expression);
    if (isClass(node)) return [{ index, cls: node }];
    if (node.type === 'Identifier') {
      const ref = index.nameRef(node.name, node);
      if (ref?.kind === 'local' && ref.path.length === 0) return this.classes(index, ref.value, depth + 1);
      if (ref?.kind !== 'import') return [];
      const target = this.project.modules(index.file, ref.source);
      return target ? this.exportedClasses(target, ref.name, depth + 1) : [];
    }
    // `new models.Order()`, with `import * as models from './models.js'`.
    if (node.type === 'MemberExpression' && unwrap(node.object).type === 'Identifier') {
      const ref = index.nameRef((unwrap(node.object) as TSESTree.Identifier).name, node);
      const member = propertyName(node.property, node.computed);
      const target = ref?.kind === 'import' && ref.name === '*' && member ? this.project.modules(index.file, ref.source) : undefined;
      return target ? this.exportedClasses(target, member!, depth + 1) : [];
    }
    return [];
  }

  private exportedClasses(index: ModuleIndex, name: string, depth: number): ClassAt[] {
    if (!this.spend(depth)) return [];
    const entry = index.exports.get(name);
    if (entry?.kind === 'value') return this.classes(index, entry.value, depth + 1);
    if (entry?.kind === 'reexport') {
      const target = this.project.modules(index.file, entry.source);
      return target && entry.name !== '*' ? this.exportedClasses(target, entry.name, depth + 1) : [];
    }
    if (name === 'default') return [];
    for (const star of index.starExports) {
      const target = this.project.modules(index.file, star);
      const found = target ? this.exportedClasses(target, name, depth + 1) : [];
      if (found.length > 0) return found;
    }
    return [];
  }
}

/** Whether what is left of a path calls the function it reached: nothing, or `.call(...)`/`.apply(...)`. */
function isCall(path: readonly string[]): boolean {
  return path.length === 0 || (path.length === 1 && (path[0] === 'call' || path[0] === 'apply'));
}

/** An instance member of a class, abstract ones included (static members and the constructor are the class's own). */
function instanceElement(cls: ClassLike, member: string): TSESTree.ClassElement | undefined {
  for (const element of cls.body.body) {
    if (element.type !== 'MethodDefinition' && element.type !== 'PropertyDefinition' &&
      element.type !== 'TSAbstractMethodDefinition' && element.type !== 'TSAbstractPropertyDefinition') continue;
    if (element.static || element.computed || propertyName(element.key, false) !== member) continue;
    if (element.type === 'MethodDefinition' && element.kind !== 'method') continue;
    return element;
  }
  return undefined;
}

function constructorOf(cls: ClassLike): AstFunction | undefined {
  const element = cls.body.body.find((e): e is TSESTree.MethodDefinition => e.type === 'MethodDefinition' && e.kind === 'constructor');
  return element?.value as AstFunction | undefined;
}

function paramNameOf(param: TSESTree.Parameter): string | undefined {
  const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
  const named = inner.type === 'AssignmentPattern' ? inner.left : inner;
  return named.type === 'Identifier' ? named.name : undefined;
}

const returnsCache = new WeakMap<AstFunction, Node[]>();

/** What a function returns: an arrow's expression body, or the values of its own `return` statements. */
function returnsOf(fn: AstFunction): Node[] {
  let returns = returnsCache.get(fn);
  if (!returns) {
    const found: Node[] = [];
    if (fn.body.type !== 'BlockStatement') found.push(fn.body);
    else {
      walk(fn.body, (node, ancestors) => {
        if (node.type === 'ReturnStatement' && node.argument && !ancestors.some(isFunctionNode)) found.push(node.argument);
      });
    }
    returns = found;
    returnsCache.set(fn, returns);
  }
  return returns;
}
