import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Node } from '../code/ast.js';
import type { ModuleIndex } from './module-index.js';
import { bindingKey } from './parameter-bindings.js';
import { exportedValue, isObjectKeeper, type ModuleLookup } from './value-resolver.js';

/**
 * A call one deployed function's walk followed: where its arguments are written, and the
 * arguments. None are known for a function handed to another call (`records.map(save)`): the
 * caller chooses them at run time.
 */
export interface CallSite {
  index: ModuleIndex;
  args: readonly Node[] | undefined;
}

/** The calls of each function one walk followed, by `bindingKey`: every call, not only the first. */
export type CallSites = ReadonlyMap<string, readonly CallSite[]>;

/**
 * The arguments a call gives the function it reaches. A callee read as `x.call(...)` or
 * `x.apply(...)` may be the method of that name (`db.call('put', params)`) or Function's, which
 * shifts or packs the arguments: nothing is known of them then.
 */
export function argumentsGiven(path: readonly string[], args: readonly Node[] | undefined): readonly Node[] | undefined {
  const last = path.at(-1);
  return last === 'call' || last === 'apply' ? undefined : args;
}

/** How many names, members, calls and imports one answer follows, and how many values it keeps. */
const MAX_DEPTH = 16;
const MAX_STEPS = 2000;
const MAX_VALUES = 16;

/**
 * The strings a value may be, read at every call the walk followed of the functions its
 * parameters belong to: `putEvent(detail, 'OrderPlaced')` from one caller and
 * `putEvent(detail, TYPES.shipped)` from another give both. Follows same-file and imported
 * constants, object properties (`TYPES[kind]`, a destructured `{ detailType }`), a parameter's
 * default when the call leaves it out, and both sides of `?:`, `??` and `||`; then the properties
 * `path` reads from it. Undefined when any
 * way the value may come is unknown: something computed at run time, a parameter of a function
 * no followed call gave, or one the runtime calls (the handler's event).
 */
export function possibleStrings(modules: ModuleLookup, calls: CallSites, index: ModuleIndex, node: Node, path: readonly string[] = []): string[] | undefined {
  return new Possible(modules, calls).strings(index, node, path, 0);
}

class Possible {
  private steps = 0;

  constructor(private readonly modules: ModuleLookup, private readonly calls: CallSites) {}

  /** The strings `node`, then the properties `path` reads from it, may be. */
  strings(index: ModuleIndex, value: Node, path: readonly string[], depth: number): string[] | undefined {
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return undefined;
    const node = unwrap(value);
    switch (node.type) {
      case 'Literal':
        return path.length === 0 && typeof node.value === 'string' ? [node.value] : undefined;
      case 'TemplateLiteral':
        return path.length === 0 ? this.template(index, node, depth) : undefined;
      case 'Identifier':
        return this.name(index, node, path, depth);
      case 'MemberExpression': {
        const member = node.computed ? undefined : propertyName(node.property, false);
        const keys = node.computed ? this.strings(index, node.property, [], depth + 1) : member === undefined ? undefined : [member];
        return keys && union(keys.map((key) => this.strings(index, node.object, [key, ...path], depth + 1)));
      }
      case 'ObjectExpression':
        return this.property(index, node, path, depth);
      case 'ArrayExpression': {
        const at = path.length > 0 ? Number(path[0]) : NaN;
        const before = Number.isInteger(at) ? node.elements.slice(0, at + 1) : [];
        const element = node.elements[at];
        return before.some((e) => e?.type === 'SpreadElement') || !element ? undefined : this.strings(index, element, path.slice(1), depth + 1);
      }
      case 'ConditionalExpression':
        return union([this.strings(index, node.consequent, path, depth + 1), this.strings(index, node.alternate, path, depth + 1)]);
      case 'LogicalExpression':
        // Either side may be what is used: `type ?? DEFAULT_TYPE`.
        return union([this.strings(index, node.left, path, depth + 1), this.strings(index, node.right, path, depth + 1)]);
      case 'CallExpression':
        return isObjectKeeper(node) && node.arguments[0] ? this.strings(index, node.arguments[0], path, depth + 1) : undefined;
      default:
        return undefined;
    }
  }

  private name(index: ModuleIndex, node: TSESTree.Identifier, path: readonly string[], depth: number): string[] | undefined {
    const ref = index.nameRef(node.name, node);
    if (!ref) return undefined;
    if (ref.kind === 'local') return this.strings(index, ref.value, [...ref.path, ...path], depth + 1);
    if (ref.kind === 'import') {
      // A namespace import stands for the module: its first property is an export.
      const [name, rest] = ref.name === '*' && path.length > 0 ? [path[0]!, path.slice(1)] : [ref.name === '*' ? 'default' : ref.name, path];
      const at = exportedValue(this.modules, index, ref.source, name);
      return at ? this.strings(at.index, at.value, rest, depth + 1) : undefined;
    }
    const { param } = ref;
    const sites = this.calls.get(bindingKey(index, param.fn));
    if (!sites || sites.length === 0) return undefined;
    const wanted = [...param.path, ...path];
    // The default written for the name itself (`{ types = TYPES }`), then the one for the whole parameter (`= {}`).
    const own = param.path.length > 0 ? param.defaults.find((d) => d.path.length === 0) : undefined;
    const whole = param.defaults.find((d) => d.path.length === param.path.length);
    return union(sites.map((site) => {
      if (!site.args || site.args.slice(0, param.position + 1).some((a) => a.type === 'SpreadElement')) return undefined;
      const arg = site.args[param.position];
      const given = arg ? { index: site.index, value: arg } : whole ? { index, value: whole.value } : undefined;
      // What is given, unless it provably leaves the name out: then the name's own default.
      if (given && !(own && lacks(given.value, param.path))) return this.strings(given.index, given.value, wanted, depth + 1);
      return own ? this.strings(index, own.value, path, depth + 1) : undefined;
    }));
  }

  /** A property of an object literal; unknown when a spread or a computed key written after it may replace it. */
  private property(index: ModuleIndex, node: TSESTree.ObjectExpression, path: readonly string[], depth: number): string[] | undefined {
    if (path.length === 0) return undefined;
    let found: Node | undefined;
    let replaceable = false;
    for (const p of node.properties) {
      const key = p.type === 'Property' ? propertyName(p.key, p.computed) : undefined;
      if (p.type === 'Property' && key === path[0]) {
        found = p.value;
        replaceable = false;
      } else if (key === undefined) replaceable = true;
    }
    return found && !replaceable ? this.strings(index, found, path.slice(1), depth + 1) : undefined;
  }

  /** Every joining of the values of a template's expressions. */
  private template(index: ModuleIndex, node: TSESTree.TemplateLiteral, depth: number): string[] | undefined {
    let texts = [node.quasis[0]?.value.cooked ?? ''];
    for (const [i, expression] of node.expressions.entries()) {
      const values = this.strings(index, expression, [], depth + 1);
      if (!values) return undefined;
      const tail = node.quasis[i + 1]?.value.cooked ?? '';
      texts = texts.flatMap((text) => values.map((v) => text + v + tail));
      if (texts.length > MAX_VALUES) return undefined;
    }
    return texts;
  }
}

/** Whether an object literal (nested ones along `path`) provably has no property at `path`: none of that name, and no spread. */
function lacks(value: Node, path: readonly string[]): boolean {
  const node = unwrap(value);
  if (path.length === 0 || node.type !== 'ObjectExpression') return false;
  let found: Node | undefined;
  for (const p of node.properties) {
    const key = p.type === 'Property' ? propertyName(p.key, p.computed) : undefined;
    if (key === undefined) return false;
    if (key === path[0]) found = (p as TSESTree.Property).value;
  }
  return found ? lacks(found, path.slice(1)) : true;
}

/** Every value of the lists, once; unknown when one is unknown, or when there are too many to check. */
function union(lists: readonly (readonly string[] | undefined)[]): string[] | undefined {
  const all = new Set<string>();
  for (const list of lists) {
    if (!list) return undefined;
    for (const value of list) all.add(value);
  }
  return all.size > MAX_VALUES ? undefined : [...all];
}
