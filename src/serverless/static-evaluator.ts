import path from 'node:path';
import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import type { PathSegment, SourceLocation } from '../template/source-location.js';
import { defineOwn } from '../util/objects.js';
import { relativePath } from '../util/relative-path.js';
import { isCwdRelativeHelper } from './cwd-relative-helper.js';
import type { Binding, Bindings } from './script-bindings.js';
import type { ScriptModule } from './script-modules.js';
import { literalPropertyName, quote, requiredSpecifier, skipWrappers } from './syntax.js';
import { addUnreadPart, type ReadObject, Unread, UNREAD_PARTS } from './unread.js';

/** Bounds on one configuration: values evaluated, characters of text made, nesting. A hostile config meets them in about a second. */
const MAX_STEPS = 500_000;
const MAX_CHARS = 10_000_000;
const MAX_DEPTH = 160;
/** Findings locate template paths a few levels deep; deeper paths take the place of their ancestor, which keeps recording cheap. */
const MAX_LOCATED_DEPTH = 16;

export type Located = SourceLocation & { file?: string };

const ARITHMETIC = new Map<TS.SyntaxKind, (a: number, b: number) => number>([
  [ts.SyntaxKind.PlusToken, (a, b) => a + b],
  [ts.SyntaxKind.MinusToken, (a, b) => a - b],
  [ts.SyntaxKind.AsteriskToken, (a, b) => a * b],
  [ts.SyntaxKind.SlashToken, (a, b) => a / b],
  [ts.SyntaxKind.PercentToken, (a, b) => a % b],
]);

/**
 * Evaluates the expressions of a configuration script and the modules it imports, without running
 * any of it: literals, objects, arrays, spreads, computed keys, template strings, `+`, `||`, `??`,
 * conditions on known values, constants, imports and `require`, `__dirname`, and calls of a
 * helper that makes a folder relative to the service (see cwd-relative-helper.ts). What would need
 * the code to run becomes an `Unread` value that says what it is.
 */
export class StaticEvaluator {
  /** Where each configuration path is written (its key, or its value for array items). */
  readonly locations = new Map<string, Located>();
  /** Paths whose value is written as `{}`: empty on purpose, not for want of reading. */
  readonly emptyLiterals = new Set<string>();
  private steps = 0;
  private chars = 0;
  private readonly active = new Set<TS.Node>();

  constructor(
    private readonly bindings: Bindings,
    private readonly mainFile: string,
    /** The folder `serverless` runs in: the config's own folder. */
    private readonly serviceDir: string,
  ) {}

  evaluate(node: TS.Expression, module: ScriptModule, at: PathSegment[] | undefined, depth: number): unknown {
    if (at) this.record(at, node, module, false);
    if (++this.steps > MAX_STEPS) return this.limit(node, module, `the configuration expands to more than ${MAX_STEPS} values`);
    if (depth > MAX_DEPTH) return this.limit(node, module, `the configuration nests more than ${MAX_DEPTH} levels deep`);
    const expression = skipWrappers(node);
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return this.text(expression.text, expression, module);
    if (ts.isNumericLiteral(expression)) return Number(expression.text);
    if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (expression.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (expression.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isIdentifier(expression)) return this.identifier(expression, module, at, depth);
    if (ts.isTemplateExpression(expression)) return this.template(expression, module, depth);
    if (ts.isPrefixUnaryExpression(expression)) return this.unary(expression, module, depth);
    if (ts.isBinaryExpression(expression)) return this.binary(expression, module, at, depth);
    if (ts.isConditionalExpression(expression)) {
      const condition = this.evaluate(expression.condition, module, undefined, depth + 1);
      if (condition instanceof Unread) return condition;
      return this.evaluate(condition ? expression.whenTrue : expression.whenFalse, module, at, depth + 1);
    }
    if (ts.isArrayLiteralExpression(expression)) return this.array(expression, module, at, depth);
    if (ts.isObjectLiteralExpression(expression)) return this.object(expression, module, at, depth);
    if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) return this.member(expression, module, at, depth);
    if (ts.isCallExpression(expression)) return this.call(expression, module, at, depth);
    return this.unread(expression, module, `${quote(expression, module.source)} ${kindOf(expression)}`);
  }

  /** The value of a binding, for a use of it at `usage`. */
  bound(binding: Binding, usage: TS.Node, module: ScriptModule, at: PathSegment[] | undefined, depth: number): unknown {
    switch (binding.kind) {
      case 'missing':
        return this.unread(usage, module, binding.what);
      case 'function':
        return this.unread(usage, module, `${quote(usage, module.source)} is a function`);
      case 'namespace':
        return this.namespace(binding.module, usage, module, at, depth);
      case 'member':
        return this.property(this.bound(binding.of, usage, module, undefined, depth + 1), binding.key, usage, module);
      case 'value': {
        if (this.active.has(binding.node)) return this.unread(usage, module, `${quote(usage, module.source)} refers to itself`);
        this.active.add(binding.node);
        try {
          const value = this.evaluate(binding.node, binding.module, at, depth + 1);
          return binding.variable ? this.changed(value, binding.module, binding.variable, at, depth) : value;
        } finally {
          this.active.delete(binding.node);
        }
      }
    }
  }

  private identifier(node: TS.Identifier, module: ScriptModule, at: PathSegment[] | undefined, depth: number): unknown {
    if (node.text === '__dirname') return path.dirname(module.file);
    if (node.text === '__filename') return module.file;
    if (node.text === 'undefined') return undefined;
    return this.bound(this.bindings.ofName(module, node.text), node, module, at, depth);
  }

  /** `import * as x` of an ES module: its exports as an object; of a CommonJS module, its `module.exports`. */
  private namespace(target: ScriptModule, usage: TS.Node, module: ScriptModule, at: PathSegment[] | undefined, depth: number): unknown {
    const commonJs = this.bindings.commonJsExport(target);
    if (commonJs) return this.evaluate(commonJs, target, at, depth + 1);
    const result: ReadObject = {};
    for (const name of this.bindings.exportNames(target)) {
      const binding = this.bindings.ofExport(target, name);
      const value = binding.kind === 'function'
        ? this.unread(usage, module, `the export \`${name}\` of ${this.bindings.nameOf(target)} is a function`)
        : this.bound(binding, usage, module, at && [...at, name], depth + 1);
      if (value !== undefined) defineOwn(result, name, value);
    }
    return result;
  }

  /** Changes module-level code makes to a variable after declaring it. */
  private changed(value: unknown, module: ScriptModule, variable: string, at: PathSegment[] | undefined, depth: number): unknown {
    for (const change of this.bindings.mutationsOf(module, variable)) {
      if (value instanceof Unread) return value;
      if (change.kind === 'set') {
        const keys = change.keys;
        let target: unknown = value;
        for (const key of keys.slice(0, -1)) target = isContainer(target) && Object.hasOwn(target, key) ? target[key] : undefined;
        if (isContainer(target)) {
          defineOwn(target, keys.at(-1)!, this.evaluate(change.value, module, at && [...at, ...keys], depth + 1));
          continue;
        }
      }
      const node = change.kind === 'set' ? change.value.parent : change.node;
      const unread = this.unread(node, module, `${quote(node, module.source)} changes \`${variable}\` in a way only running the code would tell`);
      if (!isContainer(value)) return unread;
      addUnreadPart(value, unread);
    }
    return value;
  }

  private template(node: TS.TemplateExpression, module: ScriptModule, depth: number): unknown {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const part = this.evaluate(span.expression, module, undefined, depth + 1);
      if (part instanceof Unread) return part;
      if (typeof part !== 'string' && typeof part !== 'number' && typeof part !== 'boolean') {
        return this.unread(span.expression, module, `${quote(span.expression, module.source)} is not a string`);
      }
      text += String(part) + span.literal.text;
      if (text.length > MAX_CHARS) break;
    }
    return this.text(text, node, module);
  }

  private unary(node: TS.PrefixUnaryExpression, module: ScriptModule, depth: number): unknown {
    const operand = this.evaluate(node.operand, module, undefined, depth + 1);
    if (operand instanceof Unread) return operand;
    if (node.operator === ts.SyntaxKind.ExclamationToken) return !operand;
    if (typeof operand === 'number' && node.operator === ts.SyntaxKind.MinusToken) return -operand;
    if (typeof operand === 'number' && node.operator === ts.SyntaxKind.PlusToken) return operand;
    return this.unread(node, module, `${quote(node, module.source)} ${kindOf(node)}`);
  }

  private binary(node: TS.BinaryExpression, module: ScriptModule, at: PathSegment[] | undefined, depth: number): unknown {
    const operator = node.operatorToken.kind;
    const left = this.evaluate(node.left, module, undefined, depth + 1);
    if (left instanceof Unread) return left;
    // The right side is read only when the code would read it.
    if (operator === ts.SyntaxKind.BarBarToken) return left ? left : this.evaluate(node.right, module, at, depth + 1);
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return left ? this.evaluate(node.right, module, at, depth + 1) : left;
    if (operator === ts.SyntaxKind.QuestionQuestionToken) return left ?? this.evaluate(node.right, module, at, depth + 1);
    const right = this.evaluate(node.right, module, undefined, depth + 1);
    if (right instanceof Unread) return right;
    const primitive = (v: unknown) => v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v);
    if (primitive(left) && primitive(right)) {
      if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken) return left === right;
      if (operator === ts.SyntaxKind.ExclamationEqualsEqualsToken) return left !== right;
      if (typeof left === 'number' && typeof right === 'number') {
        // Sizes and durations are often written as products: `15 * 60`, `2 * 1024`.
        const arithmetic = ARITHMETIC.get(operator);
        if (arithmetic) return arithmetic(left, right);
      }
      if (operator === ts.SyntaxKind.PlusToken && (typeof left === 'string' || typeof right === 'string')) return this.text(`${String(left)}${String(right)}`, node, module);
    }
    return this.unread(node, module, `${quote(node, module.source)} ${kindOf(node)}`);
  }

  private array(node: TS.ArrayLiteralExpression, module: ScriptModule, at: PathSegment[] | undefined, depth: number): unknown[] {
    const items: unknown[] = [];
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.evaluate(element.expression, module, undefined, depth + 1);
        if (Array.isArray(spread)) for (const item of spread) items.push(item);
        else if (spread instanceof Unread) items.push(spread);
        else items.push(this.unread(element, module, `${quote(element, module.source)} spreads a value that is not an array`));
      } else if (ts.isOmittedExpression(element)) items.push(undefined);
      else items.push(this.evaluate(element, module, at && [...at, items.length], depth + 1));
    }
    return items;
  }

  private object(node: TS.ObjectLiteralExpression, module: ScriptModule, at: PathSegment[] | undefined, depth: number): ReadObject {
    const result: ReadObject = {};
    if (at && node.properties.length === 0) this.emptyLiterals.add(pathKey(at));
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression, module, at, depth + 1);
        if (spread instanceof Unread) addUnreadPart(result, spread);
        else if (isContainer(spread)) {
          for (const [key, value] of Object.entries(spread)) defineOwn(result, key, value);
          for (const unread of (spread as ReadObject)[UNREAD_PARTS] ?? []) addUnreadPart(result, unread);
        }
        continue;
      }
      if (!property.name || ts.isPrivateIdentifier(property.name)) continue;
      const name = this.key(property.name, module, depth);
      if (name instanceof Unread) {
        addUnreadPart(result, name);
        continue;
      }
      const where = at && [...at, name];
      // Findings point at the key, as in YAML templates; a later key wins, as when the code runs.
      if (where) this.record(where, property.name, module, true);
      let value: unknown;
      if (ts.isPropertyAssignment(property)) value = this.evaluate(property.initializer, module, where, depth + 1);
      else if (ts.isShorthandPropertyAssignment(property)) value = this.identifier(property.name, module, where, depth + 1);
      else value = this.unread(property, module, `${quote(property.name, module.source)} is a method`);
      if (value !== undefined) defineOwn(result, name, value);
    }
    return result;
  }

  private key(name: TS.PropertyName, module: ScriptModule, depth: number): string | Unread {
    const literal = literalPropertyName(name);
    if (literal !== undefined) return literal;
    if (!ts.isComputedPropertyName(name)) return this.unread(name, module, `${quote(name, module.source)} is not a key sls-lint reads`);
    const key = this.evaluate(name.expression, module, undefined, depth + 1);
    if (key instanceof Unread) return key;
    return typeof key === 'string' || typeof key === 'number' ? String(key) : this.unread(name, module, `the computed key ${quote(name, module.source)} is not a string`);
  }

  private member(node: TS.PropertyAccessExpression | TS.ElementAccessExpression, module: ScriptModule, at: PathSegment[] | undefined, depth: number): unknown {
    const owner = skipWrappers(node.expression);
    if (ts.isPropertyAccessExpression(owner) && ts.isIdentifier(owner.expression) && owner.expression.text === 'process') {
      return this.unread(node, module, `${quote(node, module.source)} is read from the running process`);
    }
    let key: unknown;
    if (ts.isPropertyAccessExpression(node)) key = node.name.text;
    else {
      key = this.evaluate(node.argumentExpression, module, undefined, depth + 1);
      if (key instanceof Unread) return key;
      if (typeof key !== 'string' && typeof key !== 'number') return this.unread(node, module, `${quote(node, module.source)} has a key that is not a string`);
    }
    const binding = ts.isIdentifier(owner) ? this.memberBinding(owner.text, String(key), module) : undefined;
    if (binding) return this.bound(binding, node, module, at, depth);
    return this.property(this.evaluate(node.expression, module, undefined, depth + 1), String(key), node, module);
  }

  /**
   * `ns.x` of a namespace import, or `obj.x` of a constant object written with plain keys: the
   * expression of `x` itself, so that what it holds is located where it is written.
   */
  private memberBinding(owner: string, key: string, module: ScriptModule): Binding | undefined {
    const binding = this.bindings.ofName(module, owner);
    if (binding.kind === 'namespace' && !this.bindings.commonJsExport(binding.module)) return this.bindings.ofExport(binding.module, key);
    if (binding.kind !== 'value' || (binding.variable && this.bindings.mutationsOf(binding.module, binding.variable).length > 0)) return undefined;
    const object = skipWrappers(binding.node);
    if (!ts.isObjectLiteralExpression(object)) return undefined;
    const plain = object.properties.every((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && literalPropertyName(p.name) !== undefined);
    const property = plain ? object.properties.find((p) => literalPropertyName(p.name!) === key) : undefined;
    if (!property) return undefined;
    return ts.isPropertyAssignment(property) ? { kind: 'value', node: property.initializer, module: binding.module } : this.bindings.ofName(binding.module, key);
  }

  private property(owner: unknown, key: string, usage: TS.Node, module: ScriptModule): unknown {
    if (owner instanceof Unread) return owner;
    if ((Array.isArray(owner) || typeof owner === 'string') && key === 'length') return owner.length;
    if (isContainer(owner)) {
      if (Object.hasOwn(owner, key)) return owner[key];
      // The key may be in the part that could not be read.
      return (owner as ReadObject)[UNREAD_PARTS]?.[0];
    }
    return this.unread(usage, module, `${quote(usage, module.source)} reads \`${key}\` of a value that is not an object`);
  }

  private call(node: TS.CallExpression, module: ScriptModule, at: PathSegment[] | undefined, depth: number): unknown {
    const specifier = requiredSpecifier(node);
    if (specifier !== undefined) return this.bound(this.bindings.ofRequire(module, specifier), node, module, at, depth);
    const [argument] = node.arguments;
    const helper = this.functionOf(node.expression, module);
    if (helper && argument && node.arguments.length === 1 && isCwdRelativeHelper(helper)) {
      const folder = this.evaluate(argument, module, undefined, depth + 1);
      if (folder instanceof Unread) return folder;
      if (typeof folder === 'string') return relativePath(this.serviceDir, path.resolve(this.serviceDir, folder));
    }
    return this.unread(node, module, `${quote(node, module.source)} is a call`);
  }

  /** The function a callee names, through constants, imports and re-exports. */
  private functionOf(callee: TS.Expression, module: ScriptModule): TS.SignatureDeclaration | undefined {
    const expression = skipWrappers(callee);
    let binding: Binding | undefined;
    if (ts.isIdentifier(expression)) binding = this.bindings.ofName(module, expression.text);
    else if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
      const owner = this.bindings.ofName(module, expression.expression.text);
      if (owner.kind === 'namespace') binding = this.bindings.ofExport(owner.module, expression.name.text);
    }
    for (let hops = 0; binding && hops < 8; hops++) {
      if (binding.kind === 'function') return binding.node;
      if (binding.kind !== 'value') return undefined;
      const node = skipWrappers(binding.node);
      if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node;
      binding = ts.isIdentifier(node) ? this.bindings.ofName(binding.module, node.text) : undefined;
    }
    return undefined;
  }

  private text(value: string, node: TS.Node, module: ScriptModule): string | Unread {
    this.chars += value.length;
    return this.chars > MAX_CHARS ? this.limit(node, module, `the configuration makes more than ${MAX_CHARS} characters of text`) : value;
  }

  private unread(node: TS.Node, module: ScriptModule, what: string): Unread {
    return new Unread(module.file, locationOf(node, module.source), what);
  }

  private limit(node: TS.Node, module: ScriptModule, what: string): Unread {
    return new Unread(module.file, locationOf(node, module.source), what, true);
  }

  private record(at: PathSegment[], node: TS.Node, module: ScriptModule, replace: boolean): void {
    if (at.length > MAX_LOCATED_DEPTH) return;
    const key = pathKey(at);
    if (!replace && this.locations.has(key)) return;
    const location = locationOf(node, module.source);
    this.locations.set(key, module.file === this.mainFile ? location : { ...location, file: module.file });
  }
}

export function pathKey(segments: readonly PathSegment[]): string {
  return segments.map(String).join('\u0000');
}

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Unread);
}

/** Where a node starts, to the end of its first line: findings underline the key, not a whole block. */
function locationOf(node: TS.Node, source: TS.SourceFile): SourceLocation {
  const startPosition = node.getStart(source);
  const start = source.getLineAndCharacterOfPosition(startPosition);
  const end = source.getLineAndCharacterOfPosition(node.getEnd());
  const endColumn = end.line === start.line ? end.character : source.getLineEndOfPosition(startPosition) - source.getPositionOfLineAndCharacter(start.line, 0);
  return { line: start.line + 1, column: start.character + 1, endLine: start.line + 1, endColumn: endColumn + 1 };
}

function kindOf(node: TS.Expression): string {
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return 'is a function';
  if (ts.isNewExpression(node)) return 'makes an object with `new`';
  if (ts.isAwaitExpression(node)) return 'waits for a promise';
  if (ts.isClassExpression(node)) return 'is a class';
  if (ts.isRegularExpressionLiteral(node)) return 'is a regular expression';
  return 'is an expression sls-lint does not evaluate';
}
