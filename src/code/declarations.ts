import type { TSESTree } from '@typescript-eslint/types';
import { innermostFunction, isFunctionNode, propertyName, unwrap, walk, type AstFunction, type Node } from './ast.js';
import { TreeIndex } from './tree-index.js';

/**
 * What names stand for in one file: imports, requires, variables, functions and `this.x`
 * members. Scope-free on purpose: handler modules rarely shadow, and a name that is declared
 * twice is only resolved when one declaration encloses the use. Parameters and destructured
 * names are declarations whose value is unknown, so they hide same-named variables elsewhere.
 */
export interface ImportBinding {
  source: string;
  /** Exported name, `default`, or `*` for a namespace / whole-module require. */
  imported: string;
  node: Node;
  /** The project module the import names, when it only passes on `source` (see `PackageReexport`). */
  via?: string;
}

/**
 * What the project says about one import of a file: the module it names only passes a package
 * on (`module.exports = require('aws-sdk')`, `export { DynamoDBClient } from '@aws-sdk/client-dynamodb'`),
 * so the name stands for `imported` of `source`. Plain data: the cross-layer analysis finds it, and
 * any parse of the file applies it.
 */
export interface PackageReexport {
  /** The name the file binds. */
  local: string;
  /** The project module it imports it from, as written. */
  via: string;
  source: string;
  imported: string;
}

/** What a name was given in one scope: `init` is undefined where the value cannot be read here (a parameter, a destructured name). */
interface ValueEntry {
  init: Node | undefined;
  constant: boolean;
}

export class Declarations {
  readonly imports = new Map<string, ImportBinding>();
  /** The tree's functions, calls and loops indexed once, for the questions asked per node. */
  readonly tree: TreeIndex;
  /** By name, then by the function that declares it (undefined: the module); the last value given there. */
  private readonly values = new Map<string, Map<AstFunction | undefined, ValueEntry>>();
  /** How many values each name was given, anywhere. */
  private readonly valueCounts = new Map<string, number>();
  private readonly functions = new Map<string, TSESTree.FunctionLike>();
  private readonly classes = new Map<string, TSESTree.ClassDeclaration>();
  private readonly members = new Map<string, Node>();

  constructor(program: TSESTree.Program, reexports: readonly PackageReexport[] = [], tree?: TreeIndex) {
    this.tree = tree ?? new TreeIndex(program);
    walk(program, (node, ancestors) => this.record(node, ancestors));
    for (const { local, via, source, imported } of reexports) {
      const binding = this.imports.get(local);
      if (binding?.source === via) this.imports.set(local, { source, imported, node: binding.node, via });
    }
  }

  private record(node: Node, ancestors: readonly Node[]): void {
    if (isFunctionNode(node)) {
      // Parameters are declared in the function itself and shadow any same-named variable outside it.
      for (const param of node.params) for (const name of boundNames(param)) this.addValue(name, undefined, node, false);
    }
    switch (node.type) {
      case 'ImportDeclaration':
        for (const spec of node.specifiers) {
          const imported = spec.type === 'ImportDefaultSpecifier' ? 'default' : spec.type === 'ImportNamespaceSpecifier' ? '*'
            : propertyName(spec.imported, false) ?? spec.local.name;
          this.imports.set(spec.local.name, { source: node.source.value, imported, node });
        }
        return;
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference.type === 'TSExternalModuleReference' && node.moduleReference.expression.type === 'Literal') {
          this.imports.set(node.id.name, { source: String(node.moduleReference.expression.value), imported: '*', node });
        }
        return;
      case 'VariableDeclarator': {
        if (!node.init) return;
        const required = requireOf(node.init);
        if (required) {
          this.recordRequire(node, required);
          return;
        }
        const constant = (ancestors.at(-1) as TSESTree.VariableDeclaration | undefined)?.kind === 'const';
        const scope = innermostFunction(ancestors);
        if (node.id.type === 'Identifier') {
          this.addValue(node.id.name, node.init, scope, constant);
          if (isFunctionNode(unwrap(node.init))) this.functions.set(node.id.name, unwrap(node.init) as TSESTree.FunctionLike);
        } else {
          for (const name of boundNames(node.id)) this.addValue(name, undefined, scope, constant);
        }
        return;
      }
      case 'FunctionDeclaration':
        if (node.id) this.functions.set(node.id.name, node);
        return;
      case 'ClassDeclaration':
        if (node.id) this.classes.set(node.id.name, node);
        return;
      case 'AssignmentExpression':
        if (node.left.type === 'Identifier') this.addValue(node.left.name, node.right, innermostFunction(ancestors), false);
        else if (node.left.type === 'MemberExpression' && node.left.object.type === 'ThisExpression') {
          const name = propertyName(node.left.property, node.left.computed);
          if (name) this.members.set(name, node.right);
        }
        return;
      case 'PropertyDefinition':
        if (node.value) {
          const name = propertyName(node.key, node.computed);
          if (name) this.members.set(name, node.value);
        }
        return;
      default:
        return;
    }
  }

  private recordRequire(node: TSESTree.VariableDeclarator, required: { source: string; member?: string }): void {
    if (node.id.type === 'Identifier') {
      this.imports.set(node.id.name, { source: required.source, imported: required.member ?? '*', node });
    } else if (node.id.type === 'ObjectPattern') {
      for (const prop of node.id.properties) {
        if (prop.type !== 'Property') continue;
        const imported = propertyName(prop.key, prop.computed);
        const local = prop.value.type === 'Identifier' ? prop.value : prop.value.type === 'AssignmentPattern' && prop.value.left.type === 'Identifier' ? prop.value.left : undefined;
        if (imported && local) this.imports.set(local.name, { source: required.source, imported, node });
      }
    }
  }

  private addValue(name: string, init: Node | undefined, scope: AstFunction | undefined, constant: boolean): void {
    const byScope = this.values.get(name) ?? new Map<AstFunction | undefined, ValueEntry>();
    // A later value in the same scope replaces an earlier one: the last one given is the one read.
    byScope.set(scope, { init, constant });
    this.values.set(name, byScope);
    this.valueCounts.set(name, (this.valueCounts.get(name) ?? 0) + 1);
  }

  /** The expression a name was last given, preferring a declaration in a scope that encloses `at`. */
  valueOf(name: string, at?: Node): Node | undefined {
    const byScope = this.values.get(name);
    if (!byScope) return undefined;
    if (this.valueCounts.get(name) === 1) return byScope.values().next().value?.init;
    if (!at) return undefined;
    // The innermost enclosing declaration: the functions around `at` (itself included), then the module.
    for (const fn of this.tree.functions.around(at.range)) {
      const entry = byScope.get(fn);
      if (entry) return entry.init;
    }
    return byScope.get(undefined)?.init;
  }

  /** Whether the file declares `name` anywhere: import, variable, parameter, destructured name or function. */
  declares(name: string): boolean {
    return this.imports.has(name) || this.values.has(name) || this.functions.has(name);
  }

  functionNamed(name: string): TSESTree.FunctionLike | undefined {
    return this.functions.get(name);
  }

  /** A class declared by name in the file (`class OrdersClient extends DocumentClient {}`). */
  classNamed(name: string): TSESTree.ClassDeclaration | undefined {
    return this.classes.get(name);
  }

  memberValue(name: string): Node | undefined {
    return this.members.get(name);
  }
}

/** The names a parameter or destructuring pattern declares. */
export function boundNames(pattern: Node): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'AssignmentPattern':
      return boundNames(pattern.left);
    case 'RestElement':
      return boundNames(pattern.argument);
    case 'TSParameterProperty':
      return boundNames(pattern.parameter);
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? boundNames(element) : []));
    case 'ObjectPattern':
      return pattern.properties.flatMap((prop) => boundNames(prop.type === 'Property' ? prop.value : prop));
    default:
      return [];
  }
}

/** `require('x')` or `require('x').Member`. */
export function requireOf(expression: Node): { source: string; member?: string } | undefined {
  const node = unwrap(expression);
  if (node.type === 'MemberExpression') {
    const inner = requireOf(node.object);
    const member = propertyName(node.property, node.computed);
    return inner && !inner.member && member ? { source: inner.source, member } : undefined;
  }
  if (
    node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' &&
    node.arguments[0]?.type === 'Literal' && typeof node.arguments[0].value === 'string'
  ) {
    return { source: node.arguments[0].value };
  }
  return undefined;
}
