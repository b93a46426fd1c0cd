import path from 'node:path';
import type * as TS from 'typescript';
import ts from '../../util/typescript.js';
import { isObject } from '../../util/objects.js';
import { skipWrappers } from '../../serverless/syntax.js';
import { HandlerResolver } from '../resolve-handler.js';
import { callLibraryBuiltin, callValueMethod, globalMember, globalRef, NOT_BUILTIN } from './builtins.js';
import {
  chainOf, connect, familyMember, isRelevantModuleClass, isStateFamily, libraryCall, libraryConstruct, libraryRole, libraryValue, methodOf,
} from './construct-table.js';
import type { HandlerContext } from './construct-types.js';
import { isCdkModule, libraryModule, namespaceModule } from './library.js';
import { findDeclaration, findExport } from './module-exports.js';
import type { TemplateRef } from '../types.js';
import { IN_PROGRESS, Scope, type ModuleBindings } from './scope.js';
import type { SourceFiles } from './sources.js';
import { refAt, StackBuild, type Unread } from './stack-build.js';
import {
  ArrayValue, ConstructValue, isArrayValue, isAttr, isConstruct, isLibRef, isObjectValue, isPrimitive, isUnknown,
  ObjectValue, refKey, SubValue, UNKNOWN,
  type ClassValue, type ConstructRole, type Entry, type FunctionValue, type LibRef, type Located, type Value,
} from './values.js';

/** Bounds on the work one app may cost: calls nested this deep, expressions nested this deep, loop iterations, evaluation steps. */
const MAX_DEPTH = 40;
const MAX_NESTING = 400;
const MAX_ITERATIONS = 200;
const MAX_STEPS = 2_000_000;

/** A name no program can write: the class whose constructor a scope runs. */
const CURRENT_CLASS = '\u0000class';

type Completion = undefined | { return: Value } | 'break' | 'continue';

/**
 * Walks a CDK app the way Node.js would run it, but only as far as the source says without
 * running anything: constructors, methods and helper functions of the project are followed,
 * library calls are kept symbolic, and the constructs the table knows become model nodes.
 * What needs the app to run (environment variables, context, lookups, tokens) is UNKNOWN.
 */
export class Interpreter implements HandlerContext {
  readonly stacks: StackBuild[] = [];
  private readonly unreadByKey = new Map<string, Unread>();
  private readonly modules = new Map<string, ModuleBindings>();
  private depth = 0;
  private nesting = 0;
  private steps = 0;

  readonly handlers: HandlerResolver;

  constructor(readonly root: string, readonly appDir: string, private readonly sources: SourceFiles) {
    this.handlers = new HandlerResolver(root);
  }

  get unreadList(): Unread[] {
    return [...this.unreadByKey.values()];
  }

  unread(at: Located | TemplateRef, what: string, kind: Unread['kind'] = 'setting'): void {
    const ref = 'source' in at ? refAt(at) : at;
    const key = `${ref.file}:${ref.line}:${ref.column}:${what}`;
    if (!this.unreadByKey.has(key)) this.unreadByKey.set(key, { at: ref, what, kind });
  }

  /** Runs the app's entry file statement by statement; the reason it could not, when it could not. */
  runApp(file: string): string | undefined {
    const module = this.module(file);
    if (typeof module === 'string') return module;
    const scope = new Scope(module);
    for (const statement of module.source.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          // A declaration read earlier through a hoisted reference keeps its value.
          if (ts.isIdentifier(declaration.name) && module.values.has(declaration.name.text)) continue;
          const value = declaration.initializer ? this.evaluate(declaration.initializer, scope) : undefined;
          this.bindModule(module, declaration.name, value);
        }
      } else if (!isDeclaration(statement)) {
        if (this.exec(statement, scope) !== undefined) break;
      }
    }
    return undefined;
  }

  child(scope: ConstructValue, id: string, type: string, props: Value, at: Located): ConstructValue {
    const args: Entry[] = [{ value: scope, at }, { value: id, at }, { value: props, at }];
    const made = this.newLibrary({ kind: 'lib', module: type.slice(0, type.indexOf('.')), path: type.slice(type.indexOf('.') + 1).split('.') }, args, at);
    return isConstruct(made) ? made : new ConstructValue('construct', type, [...scope.path, id], scope.stack, at);
  }

  // Modules

  private module(file: string): ModuleBindings | string {
    const known = this.modules.get(file);
    if (known) return known;
    const source = this.sources.load(file);
    if (typeof source === 'string') return source;
    const module: ModuleBindings = { file, source, values: new Map() };
    this.modules.set(file, module);
    return module;
  }

  /** A top-level name of a module, evaluated the first time it is read. */
  private moduleValue(module: ModuleBindings, name: string): Value {
    const cached = module.values.get(name);
    if (cached === IN_PROGRESS) return UNKNOWN;
    if (module.values.has(name)) return cached as Value;
    const declaration = findDeclaration(module.source, name);
    if (!declaration) return name === '__dirname' ? path.dirname(module.file) : name === '__filename' ? module.file : globalRef(name) ?? UNKNOWN;
    module.values.set(name, IN_PROGRESS);
    const scope = new Scope(module);
    let value: Value = UNKNOWN;
    switch (declaration.kind) {
      case 'function':
        value = { kind: 'function', decl: declaration.declaration, source: module.source, closure: scope };
        break;
      case 'class':
        value = { kind: 'class', decl: declaration.declaration, source: module.source, closure: scope };
        break;
      case 'import':
        value = this.importValue(module.file, declaration.specifier, declaration.imported, { source: module.source, node: declaration.statement });
        break;
      case 'variable': {
        const { declaration: variable } = declaration;
        const initial = variable.initializer ? this.evaluate(variable.initializer, scope) : undefined;
        module.values.delete(name);
        this.bindModule(module, variable.name, initial);
        return module.values.has(name) ? (module.values.get(name) as Value) : UNKNOWN;
      }
    }
    module.values.set(name, value);
    return value;
  }

  private bindModule(module: ModuleBindings, binding: TS.BindingName, value: Value): void {
    const scope = new Scope(module);
    this.bind(binding, value, scope);
    for (const name of boundNames(binding)) module.values.set(name, scope.get(name));
  }

  private importValue(fromFile: string, specifier: string, imported: string, at?: Located): Value {
    if (/\.json$/i.test(specifier) && at) {
      // `import config from './config.json'`: data the app reads, as the import's value.
      const data = this.sources.json(fromFile, specifier);
      return data === undefined ? UNKNOWN : fromData(imported === 'default' || imported === '*' || imported === 'require' ? data : isObject(data) ? data[imported] : undefined, at);
    }
    const file = this.sources.resolve(fromFile, specifier);
    if (file) return imported === '*' || imported === 'require' ? { kind: 'module', file } : this.exportValue(file, imported, 0);
    const module = libraryModule(specifier);
    if (!module) return UNKNOWN;
    if (imported === '*' || imported === 'require' || imported === 'default') return { kind: 'lib', module, path: [] };
    const namespace = namespaceModule(module, imported);
    return namespace ? { kind: 'lib', module: namespace, path: [] } : { kind: 'lib', module, path: [imported] };
  }

  private exportValue(file: string, name: string, hops: number): Value {
    const module = this.module(file);
    if (typeof module === 'string' || hops > 10) return UNKNOWN;
    const found = findExport(module.source, name);
    if (!found) return UNKNOWN;
    switch (found.kind) {
      case 'local': return this.moduleValue(module, found.name);
      case 'class': return { kind: 'class', decl: found.declaration, source: module.source, closure: new Scope(module) };
      case 'function': return { kind: 'function', decl: found.declaration, source: module.source, closure: new Scope(module) };
      case 'expression': return this.evaluate(found.expression, new Scope(module));
      case 'from': {
        const target = this.sources.resolve(file, found.specifier);
        return target ? this.exportValue(target, found.name, hops + 1) : this.importValue(file, found.specifier, found.name);
      }
      case 'star':
        for (const specifier of found.specifiers) {
          const target = this.sources.resolve(file, specifier);
          const value = target ? this.exportValue(target, name, hops + 1) : UNKNOWN;
          if (!isUnknown(value)) return value;
        }
        return UNKNOWN;
    }
  }

  // Statements

  private execBlock(statements: readonly TS.Statement[], scope: Scope): Completion {
    // Function declarations are hoisted within their block.
    for (const statement of statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
        scope.declare(statement.name.text, { kind: 'function', decl: statement, source: scope.module.source, closure: scope });
      }
    }
    for (const statement of statements) {
      const completion = this.exec(statement, scope);
      if (completion !== undefined) return completion;
    }
    return undefined;
  }

  private exec(statement: TS.Statement, scope: Scope): Completion {
    if (++this.steps > MAX_STEPS) return { return: UNKNOWN };
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        this.bind(declaration.name, declaration.initializer ? this.evaluate(declaration.initializer, scope) : undefined, scope);
      }
      return undefined;
    }
    if (ts.isExpressionStatement(statement)) {
      this.evaluate(statement.expression, scope);
      return undefined;
    }
    if (ts.isReturnStatement(statement)) return { return: statement.expression ? this.evaluate(statement.expression, scope) : undefined };
    if (ts.isBlock(statement)) return this.execBlock(statement.statements, scope.child());
    if (ts.isIfStatement(statement)) {
      const condition = truthy(this.evaluate(statement.expression, scope));
      if (condition === undefined) {
        if (createsConstructs(statement.thenStatement) || (statement.elseStatement && createsConstructs(statement.elseStatement))) {
          this.unread(this.at(statement.expression, scope), 'a condition the app decides when it runs', 'construct');
        }
        return undefined;
      }
      const branch = condition ? statement.thenStatement : statement.elseStatement;
      return branch ? this.exec(branch, scope.child()) : undefined;
    }
    if (ts.isForOfStatement(statement)) return this.forOf(statement, scope);
    if (ts.isTryStatement(statement)) return this.execBlock(statement.tryBlock.statements, scope.child());
    if (ts.isBreakStatement(statement)) return 'break';
    if (ts.isContinueStatement(statement)) return 'continue';
    if (ts.isThrowStatement(statement)) return { return: UNKNOWN };
    if (ts.isClassDeclaration(statement) && statement.name) {
      scope.declare(statement.name.text, { kind: 'class', decl: statement, source: scope.module.source, closure: scope });
      return undefined;
    }
    if (isDeclaration(statement) || ts.isEmptyStatement(statement)) return undefined;
    // A loop the reader cannot unroll (for, while, switch...): what it creates is unknown.
    if (createsConstructs(statement)) this.unread(this.at(statement, scope), 'a loop or branch the app decides when it runs', 'construct');
    return undefined;
  }

  private forOf(statement: TS.ForOfStatement, scope: Scope): Completion {
    const iterable = this.evaluate(statement.expression, scope);
    if (!isArrayValue(iterable) || iterable.items.length > MAX_ITERATIONS) {
      if (createsConstructs(statement.statement)) this.unread(this.at(statement.expression, scope), 'a loop over values the app computes when it runs', 'construct');
      return undefined;
    }
    const binding = ts.isVariableDeclarationList(statement.initializer) ? statement.initializer.declarations[0]?.name : undefined;
    for (const item of iterable.items) {
      const body = scope.child();
      if (binding) this.bind(binding, item.value, body);
      const completion = this.exec(statement.statement, body);
      if (completion === 'break') break;
      if (completion !== undefined && completion !== 'continue') return completion;
    }
    return undefined;
  }

  /** Binds a name or a destructuring pattern. */
  private bind(binding: TS.BindingName, value: Value, scope: Scope): void {
    if (ts.isIdentifier(binding)) {
      scope.declare(binding.text, value);
      return;
    }
    binding.elements.forEach((element, index) => {
      if (ts.isOmittedExpression(element)) return;
      let item: Value;
      if (element.dotDotDotToken) item = UNKNOWN;
      else if (ts.isArrayBindingPattern(binding)) item = isArrayValue(value) ? value.items[index]?.value : UNKNOWN;
      else {
        const key = element.propertyName ? propertyName(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
        item = key === undefined ? UNKNOWN : this.member(value, key);
      }
      if (item === undefined && element.initializer) item = this.evaluate(element.initializer, scope);
      this.bind(element.name, item, scope);
    });
  }

  // Expressions

  evaluate(node: TS.Expression, scope: Scope): Value {
    if (++this.steps > MAX_STEPS || this.nesting >= MAX_NESTING) return UNKNOWN;
    this.nesting++;
    try {
      return this.evaluateExpression(skipWrappers(node), scope);
    } finally {
      this.nesting--;
    }
  }

  private evaluateExpression(expression: TS.Expression, scope: Scope): Value {
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
    if (ts.isNumericLiteral(expression)) return Number(expression.text);
    switch (expression.kind) {
      case ts.SyntaxKind.TrueKeyword: return true;
      case ts.SyntaxKind.FalseKeyword: return false;
      case ts.SyntaxKind.NullKeyword: return null;
      case ts.SyntaxKind.ThisKeyword: return scope.thisValue();
      case ts.SyntaxKind.UndefinedKeyword: return undefined;
    }
    if (ts.isIdentifier(expression)) return this.identifier(expression.text, scope);
    if (ts.isTemplateExpression(expression)) return this.template(expression, scope);
    if (ts.isArrayLiteralExpression(expression)) return this.array(expression, scope);
    if (ts.isObjectLiteralExpression(expression)) return this.object(expression, scope);
    if (ts.isPropertyAccessExpression(expression)) {
      if (expression.expression.kind === ts.SyntaxKind.ImportKeyword || ts.isMetaProperty(expression.expression)) {
        return expression.name.text === 'url' ? `file://${scope.module.file}` : expression.name.text === 'dirname' ? path.dirname(scope.module.file) : UNKNOWN;
      }
      return this.member(this.evaluate(expression.expression, scope), expression.name.text);
    }
    if (ts.isElementAccessExpression(expression)) {
      const key = this.evaluate(expression.argumentExpression, scope);
      const object = this.evaluate(expression.expression, scope);
      return typeof key === 'string' || typeof key === 'number' ? this.member(object, String(key)) : UNKNOWN;
    }
    if (ts.isCallExpression(expression)) return this.call(expression, scope);
    if (ts.isNewExpression(expression)) return this.construct(expression, scope);
    if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) {
      return { kind: 'function', decl: expression, source: scope.module.source, closure: scope };
    }
    if (ts.isClassExpression(expression)) return { kind: 'class', decl: expression, source: scope.module.source, closure: scope };
    if (ts.isBinaryExpression(expression)) return this.binary(expression, scope);
    if (ts.isConditionalExpression(expression)) {
      const condition = truthy(this.evaluate(expression.condition, scope));
      if (condition === undefined) {
        if (createsConstructs(expression.whenTrue) || createsConstructs(expression.whenFalse)) {
          this.unread(this.at(expression.condition, scope), 'a condition the app decides when it runs', 'construct');
        }
        return UNKNOWN;
      }
      return this.evaluate(condition ? expression.whenTrue : expression.whenFalse, scope);
    }
    if (ts.isPrefixUnaryExpression(expression)) {
      const operand = this.evaluate(expression.operand, scope);
      if (expression.operator === ts.SyntaxKind.ExclamationToken) {
        const value = truthy(operand);
        return value === undefined ? UNKNOWN : !value;
      }
      if (expression.operator === ts.SyntaxKind.MinusToken) return typeof operand === 'number' ? -operand : UNKNOWN;
      return UNKNOWN;
    }
    if (ts.isAwaitExpression(expression)) return this.evaluate(expression.expression, scope);
    if (ts.isVoidExpression(expression)) {
      this.evaluate(expression.expression, scope);
      return undefined;
    }
    return UNKNOWN;
  }

  private at(node: TS.Node, scope: Scope): Located {
    return { source: scope.module.source, node };
  }

  private identifier(name: string, scope: Scope): Value {
    if (name === 'undefined') return undefined;
    if (scope.has(name)) return scope.get(name);
    return this.moduleValue(scope.module, name);
  }

  private template(expression: TS.TemplateExpression, scope: Scope): Value {
    const parts: (string | Value)[] = [expression.head.text];
    for (const span of expression.templateSpans) parts.push(this.evaluate(span.expression, scope), span.literal.text);
    return concat(parts);
  }

  private array(expression: TS.ArrayLiteralExpression, scope: Scope): Value {
    const items: Entry[] = [];
    for (const element of expression.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.evaluate(element.expression, scope);
        if (!isArrayValue(spread)) return UNKNOWN;
        items.push(...spread.items);
      } else {
        items.push({ value: this.evaluate(element, scope), at: this.at(element, scope) });
      }
    }
    return new ArrayValue(items);
  }

  private object(expression: TS.ObjectLiteralExpression, scope: Scope): ObjectValue {
    const result = new ObjectValue();
    for (const property of expression.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression, scope);
        if (isObjectValue(spread)) {
          for (const [key, entry] of spread.entries) result.entries.set(key, entry);
          if (spread.partial) result.partial = true;
        } else if (spread !== undefined && spread !== null) result.partial = true;
        continue;
      }
      const name = property.name ? propertyName(property.name, (e) => this.evaluate(e, scope)) : undefined;
      if (name === undefined) {
        result.partial = true;
        continue;
      }
      // A later key replaces an earlier one, a spread's included.
      result.entries.delete(name);
      const at = this.at(property, scope);
      if (ts.isPropertyAssignment(property)) result.entries.set(name, { value: this.evaluate(property.initializer, scope), at });
      else if (ts.isShorthandPropertyAssignment(property)) result.entries.set(name, { value: this.identifier(property.name.text, scope), at });
      else if (ts.isMethodDeclaration(property)) {
        result.entries.set(name, { value: { kind: 'function', decl: property, source: scope.module.source, closure: scope }, at });
      }
    }
    return result;
  }

  private binary(expression: TS.BinaryExpression, scope: Scope): Value {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.EqualsToken) {
      const value = this.evaluate(expression.right, scope);
      this.assign(expression.left, value, scope);
      return value;
    }
    const left = this.evaluate(expression.left, scope);
    switch (operator) {
      case ts.SyntaxKind.BarBarToken: {
        const test = truthy(left);
        return test === undefined ? UNKNOWN : test ? left : this.evaluate(expression.right, scope);
      }
      case ts.SyntaxKind.AmpersandAmpersandToken: {
        const test = truthy(left);
        return test === undefined ? UNKNOWN : test ? this.evaluate(expression.right, scope) : left;
      }
      case ts.SyntaxKind.QuestionQuestionToken:
        if (isUnknown(left)) return UNKNOWN;
        return left === undefined || left === null ? this.evaluate(expression.right, scope) : left;
    }
    const right = this.evaluate(expression.right, scope);
    if (operator === ts.SyntaxKind.PlusToken) {
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      return concat([left, right]);
    }
    if (operator === ts.SyntaxKind.PlusEqualsToken) {
      const value = typeof left === 'number' && typeof right === 'number' ? left + right : concat([left, right]);
      this.assign(expression.left, value, scope);
      return value;
    }
    if (!isPrimitive(left) || !isPrimitive(right)) return UNKNOWN;
    switch (operator) {
      case ts.SyntaxKind.EqualsEqualsEqualsToken: case ts.SyntaxKind.EqualsEqualsToken: return left === right;
      case ts.SyntaxKind.ExclamationEqualsEqualsToken: case ts.SyntaxKind.ExclamationEqualsToken: return left !== right;
    }
    if (typeof left !== 'number' || typeof right !== 'number') return UNKNOWN;
    switch (operator) {
      case ts.SyntaxKind.MinusToken: return left - right;
      case ts.SyntaxKind.AsteriskToken: return left * right;
      case ts.SyntaxKind.SlashToken: return left / right;
      case ts.SyntaxKind.LessThanToken: return left < right;
      case ts.SyntaxKind.GreaterThanToken: return left > right;
      case ts.SyntaxKind.LessThanEqualsToken: return left <= right;
      case ts.SyntaxKind.GreaterThanEqualsToken: return left >= right;
      default: return UNKNOWN;
    }
  }

  private assign(target: TS.Expression, value: Value, scope: Scope): void {
    const left = skipWrappers(target);
    if (ts.isIdentifier(left)) {
      if (!scope.assign(left.text, value)) scope.module.values.set(left.text, value);
      return;
    }
    if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) {
      const object = this.evaluate(left.expression, scope);
      const key = ts.isPropertyAccessExpression(left) ? left.name.text : this.evaluate(left.argumentExpression, scope);
      if (typeof key !== 'string' && typeof key !== 'number') return;
      if (isConstruct(object)) object.members.set(String(key), value);
      else if (isObjectValue(object)) object.entries.set(String(key), { value, at: this.at(left, scope) });
    }
  }

  /** A property of a value: data, a project construct's member or method, a library name, a construct attribute. */
  private member(object: Value, name: string): Value {
    if (object === undefined || object === null) return undefined;
    if (isUnknown(object)) return UNKNOWN;
    if (typeof object === 'string') return name === 'length' ? object.length : UNKNOWN;
    if (isObjectValue(object)) return object.entries.get(name)?.value ?? (object.partial ? UNKNOWN : undefined);
    if (isArrayValue(object)) {
      if (name === 'length') return object.items.length;
      return /^\d+$/.test(name) ? object.items[Number(name)]?.value : UNKNOWN;
    }
    if (isLibRef(object)) {
      if (object.module === 'global') return globalMember(object, name);
      const namespace = object.path.length === 0 ? namespaceModule(object.module, name) : undefined;
      return namespace ? { kind: 'lib', module: namespace, path: [] } : { kind: 'lib', module: object.module, path: [...object.path, name] };
    }
    if (typeof object !== 'object') return UNKNOWN;
    if (object.kind === 'module') return this.exportValue(object.file, name, 0);
    if (object.kind === 'class') {
      const found = this.classMember(object, name, true, 0);
      if (!found) return UNKNOWN;
      if (ts.isPropertyDeclaration(found.decl)) return found.decl.initializer ? this.evaluate(found.decl.initializer, found.owner.closure) : undefined;
      return { kind: 'function', decl: found.decl, source: found.owner.source, closure: found.owner.closure, boundThis: object };
    }
    if (isConstruct(object)) {
      if (object.members.has(name)) return object.members.get(name);
      const found = object.classValue ? this.classMember(object.classValue, name, false, 0) : undefined;
      if (found && !ts.isPropertyDeclaration(found.decl)) {
        const fn: FunctionValue = { kind: 'function', decl: found.decl, source: found.owner.source, closure: found.owner.closure, boundThis: object };
        return ts.isGetAccessorDeclaration(found.decl) ? this.invoke(fn, [], { source: found.owner.source, node: found.decl }) : fn;
      }
      if (object.role === 'object') return UNKNOWN;
      return familyMember(object, name) ?? { kind: 'attr', target: object, name };
    }
    return UNKNOWN;
  }

  private args(nodes: readonly TS.Expression[] | undefined, scope: Scope): Entry[] {
    const entries: Entry[] = [];
    for (const node of nodes ?? []) {
      if (ts.isSpreadElement(node)) {
        const spread = this.evaluate(node.expression, scope);
        if (isArrayValue(spread)) entries.push(...spread.items);
        else entries.push({ value: UNKNOWN, at: this.at(node, scope) });
      } else {
        entries.push({ value: this.evaluate(node, scope), at: this.at(node, scope) });
      }
    }
    return entries;
  }

  private call(expression: TS.CallExpression, scope: Scope): Value {
    const callee = skipWrappers(expression.expression);
    const at = this.at(expression, scope);
    if (callee.kind === ts.SyntaxKind.SuperKeyword) {
      const classValue = scope.get(CURRENT_CLASS);
      const args = this.args(expression.arguments, scope);
      if (typeof classValue === 'object' && classValue !== null && classValue.kind === 'class') this.callSuper(classValue, scope.thisValue(), args);
      return undefined;
    }
    if (ts.isIdentifier(callee) && callee.text === 'require' && !scope.has('require')) {
      const specifier = expression.arguments[0];
      return specifier && ts.isStringLiteral(specifier) ? this.importValue(scope.module.file, specifier.text, 'require', at) : UNKNOWN;
    }
    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      const receiver = this.evaluate(callee.expression, scope);
      const nameValue = ts.isPropertyAccessExpression(callee) ? callee.name.text : this.evaluate(callee.argumentExpression, scope);
      const args = this.args(expression.arguments, scope);
      return typeof nameValue === 'string' ? this.callMethod(receiver, nameValue, args, at) : UNKNOWN;
    }
    const fn = this.evaluate(callee, scope);
    const args = this.args(expression.arguments, scope);
    return this.callValue(fn, args, at);
  }

  private callMethod(receiver: Value, name: string, args: Entry[], at: Located): Value {
    if (isConstruct(receiver) || (typeof receiver === 'object' && receiver !== null && (receiver.kind === 'api-resource' || receiver.kind === 'chain' || receiver.kind === 'metric'))) {
      const own = isConstruct(receiver) ? this.member(receiver, name) : undefined;
      if (typeof own === 'object' && own !== null && own.kind === 'function') return this.invoke(own, args.map((a) => a.value), at);
      const family = isConstruct(receiver) ? receiver.family : receiver.kind;
      const handler = family ? methodOf(family, name) : undefined;
      if (handler) return handler(receiver, args, at, this);
      if (isStateFamily(family)) return connect(receiver, args);
      return UNKNOWN;
    }
    if (isLibRef(receiver)) return this.callLibrary({ ...receiver, path: [...receiver.path, name] }, args, at);
    if (isUnknown(receiver)) {
      // `regions.forEach((region) => new Function(...))` over values only the running app has: what the callback creates is unknown.
      const creates = args.some(({ value }) => typeof value === 'object' && value !== null && value.kind === 'function' && createsConstructs(value.decl));
      if (creates) this.unread(at, 'a loop over values the app computes when it runs', 'construct');
      return UNKNOWN;
    }
    const builtin = callValueMethod(receiver, name, args, at, (fn, values, where) => this.callValue(fn, values.map((value) => ({ value, at: where })), where));
    if (builtin !== NOT_BUILTIN) return builtin;
    return this.callValue(this.member(receiver, name), args, at);
  }

  private callValue(fn: Value, args: Entry[], at: Located): Value {
    if (typeof fn !== 'object' || fn === null) return UNKNOWN;
    if (fn.kind === 'function') return this.invoke(fn, args.map((a) => a.value), at);
    if (fn.kind === 'lib') return this.callLibrary(fn, args, at);
    return UNKNOWN;
  }

  private callLibrary(ref: LibRef, args: Entry[], at: Located): Value {
    const builtin = callLibraryBuiltin(ref, args, this.appDir);
    if (builtin !== NOT_BUILTIN) return builtin;
    const chain = ref.module === 'aws-stepfunctions' && ['Chain.start', 'DefinitionBody.fromChainable'].includes(ref.path.join('.'));
    if (chain) return chainOf(args);
    const computed = libraryCall(ref, args, this);
    if (computed !== undefined) return computed;
    // `Queue.fromQueueArn(this, 'Imported', arn)`: a construct of another stack or account, with no node here.
    const method = ref.path.at(-1) ?? '';
    if (ref.path.length === 2 && method.startsWith('from') && isConstruct(args[0]?.value)) {
      const scope = args[0].value;
      const id = typeof args[1]?.value === 'string' ? args[1].value : 'Imported';
      const imported = new ConstructValue('imported', refKey({ ...ref, path: ref.path.slice(0, 1) }), [...scope.path, id], scope.stack, at);
      imported.family = libraryConstruct(refKey({ ...ref, path: ref.path.slice(0, 1) }))?.family;
      imported.data.set('imported', { method, args: args.slice(2) });
      return imported;
    }
    return { kind: 'lib-call', ref, args, at };
  }

  /** Calls a project function or method: its body runs with the arguments bound. */
  private invoke(fn: FunctionValue, args: Value[], at: Located): Value {
    if (this.depth >= MAX_DEPTH) {
      this.unread(at, 'a call nested too deep to follow', 'construct');
      return UNKNOWN;
    }
    const arrow = ts.isArrowFunction(fn.decl);
    const scope = fn.closure.child(arrow ? undefined : { value: fn.boundThis });
    fn.decl.parameters.forEach((parameter, i) => {
      let value = parameter.dotDotDotToken ? new ArrayValue(args.slice(i).map((value) => ({ value, at }))) : args[i];
      if (value === undefined && parameter.initializer) value = this.evaluate(parameter.initializer, scope);
      this.bind(parameter.name, value, scope);
    });
    const body = fn.decl.body;
    if (!body) return UNKNOWN;
    this.depth++;
    try {
      if (!ts.isBlock(body)) return this.evaluate(body, scope);
      const completion = this.execBlock(body.statements, scope);
      return typeof completion === 'object' ? completion.return : undefined;
    } finally {
      this.depth--;
    }
  }

  /** A method, getter or static property of a project class or of its project base classes. */
  private classMember(
    classValue: ClassValue, name: string, wantStatic: boolean, hops: number,
  ): { decl: TS.MethodDeclaration | TS.GetAccessorDeclaration | TS.PropertyDeclaration; owner: ClassValue } | undefined {
    for (const member of classValue.decl.members) {
      if (!member.name || propertyName(member.name) !== name || isStatic(member) !== wantStatic) continue;
      if ((ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) && member.body) return { decl: member, owner: classValue };
      if (wantStatic && ts.isPropertyDeclaration(member)) return { decl: member, owner: classValue };
    }
    const heritage = classValue.decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const base = heritage && hops < 10 ? this.evaluate(heritage.expression, classValue.closure) : undefined;
    return typeof base === 'object' && base !== null && base.kind === 'class' ? this.classMember(base, name, wantStatic, hops + 1) : undefined;
  }

  // Constructs

  private construct(expression: TS.NewExpression, scope: Scope): Value {
    const callee = this.evaluate(expression.expression, scope);
    const args = this.args(expression.arguments, scope);
    const at = this.at(expression, scope);
    if (typeof callee === 'object' && callee !== null && callee.kind === 'class') return this.instantiate(callee, args, at);
    if (isLibRef(callee)) return this.newLibrary(callee, args, at);
    if (isConstruct(args[0]?.value)) this.unread(at, `new ${expression.expression.getText(scope.module.source)}`, 'construct');
    return UNKNOWN;
  }

  /** A construct's place in the tree: under its scope, in the stack that holds that scope. */
  private makeConstruct(role: ConstructRole, type: string, args: Entry[], at: Located, classValue?: ClassValue): ConstructValue {
    const scope = args[0]?.value;
    const parent = isConstruct(scope) ? scope : undefined;
    const idValue = args[1]?.value;
    const id = typeof idValue === 'string' ? idValue : args[1] ? sanitizeId(args[1].at) : type;
    const constructPath = role === 'app' || role === 'object' ? [] : [...(parent?.path ?? []), id];
    let stack: StackBuild | undefined;
    if (role === 'stack') {
      stack = new StackBuild(classValue ? classValue.source.fileName : at.source.fileName, constructPath);
      this.stacks.push(stack);
    } else if (role !== 'stage' && role !== 'app') stack = parent?.stack;
    return new ConstructValue(role, type, constructPath, stack, at, classValue);
  }

  private newLibrary(ref: LibRef, args: Entry[], at: Located): Value {
    const key = refKey(ref);
    const role = libraryRole(key);
    if (role) return this.makeConstruct(role, key, args, at);
    const type = libraryConstruct(key);
    // `new X(scope, 'Id', props)` is a construct; `new LambdaFunction(fn, props)` a target that only names one.
    const id = args[1]?.value;
    const hasScope = isConstruct(args[0]?.value) && (typeof id === 'string' || isUnknown(id) || id instanceof SubValue);
    if (type && hasScope) {
      const self = this.makeConstruct('construct', key, args, at);
      self.family = type.family;
      type.create?.(self, args, this);
      return self;
    }
    // A construct of a third-party package, or one of a modelled service the table lacks: it may hold functions or triggers.
    if (hasScope && !type && (!isCdkModule(ref.module) || isRelevantModuleClass(ref.module, ref.path.join('.')))) this.unread(at, `new ${key}`, 'construct');
    if (hasScope) return this.makeConstruct('construct', key, args, at);
    return libraryValue(key, args, at, this) ?? { kind: 'lib-instance', type: key, args, at };
  }

  private instantiate(classValue: ClassValue, args: Entry[], at: Located): ConstructValue {
    const base = this.baseOf(classValue, 0);
    const name = classValue.decl.name?.text ?? 'anonymous class';
    const self = this.makeConstruct(base.role, name, args, at, classValue);
    if (base.family) self.family = base.family;
    this.runConstructor(classValue, self, args);
    return self;
  }

  /** What a project class is at bottom: a stack, a stage, a construct (perhaps a library one), or a plain object. */
  private baseOf(classValue: ClassValue, hops: number): { role: ConstructRole; family?: string } {
    const heritage = classValue.decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage || hops > 10) return { role: 'object' };
    const base = this.evaluate(heritage.expression, classValue.closure);
    if (typeof base === 'object' && base !== null && base.kind === 'class') return this.baseOf(base, hops + 1);
    if (!isLibRef(base)) return { role: 'construct' };
    const key = refKey(base);
    const role = libraryRole(key);
    if (role) return { role };
    const type = libraryConstruct(key);
    if (!type && !isCdkModule(base.module)) {
      this.unread({ source: classValue.source, node: heritage }, `a class extending ${key}`, 'construct');
    }
    return { role: 'construct', ...(type ? { family: type.family } : {}) };
  }

  private runConstructor(classValue: ClassValue, self: ConstructValue, args: Entry[]): void {
    if (this.depth >= MAX_DEPTH) return;
    const constructor = classValue.decl.members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
    const scope = classValue.closure.child({ value: self });
    // `super(...)` in this body calls the base of this class, not of the instance's class.
    scope.declare(CURRENT_CLASS, classValue);
    if (!constructor) {
      this.callSuper(classValue, self, args);
      return;
    }
    constructor.parameters.forEach((parameter, i) => {
      let value = args[i]?.value;
      if (value === undefined && parameter.initializer) value = this.evaluate(parameter.initializer, scope);
      this.bind(parameter.name, value, scope);
      // `constructor(private readonly props: Props)` makes a member too.
      if (ts.isIdentifier(parameter.name) && ts.canHaveModifiers(parameter) && (ts.getModifiers(parameter) ?? []).length > 0) {
        self.members.set(parameter.name.text, value);
      }
    });
    const hasSuperCall = classValue.decl.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
    if (!hasSuperCall) this.initializeFields(classValue, self);
    this.depth++;
    try {
      this.execBlock(constructor.body!.statements, scope);
    } finally {
      this.depth--;
    }
  }

  /** `super(...)`: the base class's constructor, then this class's field initializers. */
  private callSuper(classValue: ClassValue | undefined, self: Value, args: Entry[]): void {
    if (!classValue || !isConstruct(self)) return;
    const heritage = classValue.decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const base = heritage ? this.evaluate(heritage.expression, classValue.closure) : undefined;
    if (typeof base === 'object' && base !== null && base.kind === 'class') this.runConstructor(base, self, args);
    else if (isLibRef(base)) {
      const type = libraryConstruct(refKey(base));
      // A project class that extends a library construct is that construct, written at the `new` of the class.
      if (type?.create && self.at) type.create(self, [args[0] ?? { value: undefined, at: self.at }, args[1] ?? { value: undefined, at: self.at }, ...args.slice(2)], this);
    }
    this.initializeFields(classValue, self);
  }

  private initializeFields(classValue: ClassValue, self: ConstructValue): void {
    const scope = classValue.closure.child({ value: self });
    for (const member of classValue.decl.members) {
      if (!ts.isPropertyDeclaration(member) || !member.initializer || isStatic(member)) continue;
      const name = propertyName(member.name);
      if (name !== undefined) self.members.set(name, this.evaluate(member.initializer, scope));
    }
  }
}

function isDeclaration(statement: TS.Statement): boolean {
  return ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isImportDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isModuleDeclaration(statement);
}

function isStatic(member: TS.ClassElement): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

function propertyName(name: TS.PropertyName, evaluate?: (e: TS.Expression) => Value): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && evaluate) {
    const key = evaluate(name.expression);
    return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
  }
  return undefined;
}

function boundNames(binding: TS.BindingName): string[] {
  if (ts.isIdentifier(binding)) return [binding.text];
  return binding.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)));
}

/** JSON data as values, each written where it was imported. */
function fromData(data: unknown, at: Located): Value {
  if (data === null || typeof data === 'string' || typeof data === 'number' || typeof data === 'boolean') return data;
  if (Array.isArray(data)) return new ArrayValue(data.map((item) => ({ value: fromData(item, at), at })));
  if (!isObject(data)) return UNKNOWN;
  const object = new ObjectValue();
  for (const [key, item] of Object.entries(data)) object.entries.set(key, { value: fromData(item, at), at });
  return object;
}

/** JavaScript truthiness, undefined when the value is unknown. */
function truthy(value: Value): boolean | undefined {
  if (isUnknown(value)) return undefined;
  if (isPrimitive(value)) return Boolean(value);
  return true;
}

/** Strings joined; construct attributes in them make a SubValue; anything unknown makes the whole unknown. */
function concat(parts: Value[]): Value {
  const pieces: (string | import('./values.js').AttrValue)[] = [];
  for (const part of parts) {
    if (typeof part === 'string' || typeof part === 'number' || typeof part === 'boolean') pieces.push(String(part));
    else if (isAttr(part)) pieces.push(part);
    else if (part instanceof SubValue) pieces.push(...part.parts);
    else return UNKNOWN;
  }
  if (pieces.every((p) => typeof p === 'string')) return pieces.join('');
  return new SubValue(pieces);
}

/** Whether running this code could create constructs: a `new` that is not an error. */
function createsConstructs(node: TS.Node): boolean {
  let found = false;
  const visit = (child: TS.Node): void => {
    if (found) return;
    if (ts.isNewExpression(child) && !/Error$/.test(child.expression.getText())) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** An id the app computes: named after its source text, so the path stays readable. */
function sanitizeId({ source, node }: Located): string {
  return node.getText(source).replace(/[^A-Za-z0-9]/g, '').slice(0, 40) || 'Id';
}
