import type * as TS from 'typescript';
import ts from '../util/typescript.js';
import { relativePath } from '../util/relative-path.js';
import { mutationsOf, type Mutation } from './script-mutations.js';
import type { ScriptModule, ScriptModules } from './script-modules.js';
import { accessChain, hasModifier, literalPropertyName, skipWrappers } from './syntax.js';

/** What a name stands for, found from the syntax alone. */
export type Binding =
  /** An expression to evaluate; `variable` when it is a top-level variable, which code may change later. */
  | { kind: 'value'; node: TS.Expression; module: ScriptModule; variable?: string }
  | { kind: 'function'; node: TS.SignatureDeclaration; module: ScriptModule }
  /** `import * as x`, or what `require()` gives for an ES module. */
  | { kind: 'namespace'; module: ScriptModule }
  /** A property of another binding: destructuring, or a named import of a CommonJS module. */
  | { kind: 'member'; of: Binding; key: string }
  | { kind: 'missing'; what: string };

/** Re-exports followed in a row before giving up: a cycle of `export *` cannot loop. */
const MAX_CHAIN = 32;

/**
 * Names, imports and exports of the modules a configuration reads: ES modules (`import`,
 * `export`, barrels re-exporting with `export { default as x } from` and `export * from`) and
 * CommonJS (`require`, `module.exports =`, `exports.x =`, `export =`), and JSON files.
 */
export class Bindings {
  private readonly mutations = new Map<string, Mutation[]>();

  constructor(private readonly modules: ScriptModules) {}

  /** The top-level meaning of a name in a module. */
  ofName(module: ScriptModule, name: string, depth = 0): Binding {
    for (const statement of module.source.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const found = declared(declaration, name, module);
          if (found) return found;
        }
      } else if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) {
        return { kind: 'function', node: statement, module };
      } else if (ts.isClassDeclaration(statement) && statement.name?.text === name) {
        return missing(`\`${name}\` is a class`);
      } else if (ts.isImportDeclaration(statement)) {
        const found = this.imported(module, statement, name, depth);
        if (found) return found;
      } else if (ts.isImportEqualsDeclaration(statement) && statement.name.text === name && ts.isExternalModuleReference(statement.moduleReference)) {
        const specifier = statement.moduleReference.expression;
        return ts.isStringLiteral(specifier) ? this.ofRequire(module, specifier.text, name) : missing(`\`${name}\` is required from a computed name`);
      }
    }
    return missing(`\`${name}\` is not a constant or an import of ${this.nameOf(module)}`);
  }

  /** What a module exports under a name (`default` for its default export). */
  ofExport(module: ScriptModule, name: string, depth = 0): Binding {
    if (depth > MAX_CHAIN) return missing(`\`${name}\` is re-exported through more than ${MAX_CHAIN} modules`);
    return this.findExport(module, name, depth, new Set()) ?? missing(`${this.nameOf(module)} has no export \`${name}\``);
  }

  /** What `require(specifier)` gives: `module.exports`, or the namespace of an ES module. */
  ofRequire(module: ScriptModule, specifier: string, name?: string): Binding {
    const subject = name === undefined ? `\`require('${specifier}')\` is not followed:` : `\`${name}\` is required, but`;
    return this.fromModule(module, specifier, subject, (target) => {
      const commonJs = commonJsExport(target);
      return commonJs ? { kind: 'value', node: commonJs, module: target } : { kind: 'namespace', module: target };
    });
  }

  /** The value a configuration file exports: `module.exports =`, `export =` or `export default`. */
  ofConfig(module: ScriptModule): Binding | undefined {
    const commonJs = commonJsExport(module);
    return commonJs ? { kind: 'value', node: commonJs, module } : this.findExport(module, 'default', 0, new Set());
  }

  /** The `module.exports` of a CommonJS module (or a JSON file), undefined for an ES module. */
  commonJsExport(module: ScriptModule): TS.Expression | undefined {
    return commonJsExport(module);
  }

  /** Every name an ES module exports, for its namespace object. */
  exportNames(module: ScriptModule, seen = new Set<string>()): string[] {
    const names = new Set<string>();
    // Each module once: barrels that re-export each other, or one module twice, cannot multiply the work.
    if (seen.has(module.file)) return [];
    seen.add(module.file);
    for (const statement of module.source.statements) {
      if (ts.isExportAssignment(statement) && !statement.isExportEquals) names.add('default');
      else if (ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of statement.declarationList.declarations) for (const name of boundNames(declaration.name)) names.add(name);
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        const name = hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? 'default' : statement.name?.text;
        if (name) names.add(name);
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
        const clause = statement.exportClause;
        if (clause && ts.isNamedExports(clause)) {
          for (const element of clause.elements) if (!element.isTypeOnly) names.add(literalPropertyName(element.name) ?? '');
        } else if (clause) names.add(literalPropertyName(clause.name) ?? '');
        else if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
          const target = this.modules.import(module, statement.moduleSpecifier.text);
          if (target.ok) for (const name of this.exportNames(target.value, seen)) if (name !== 'default') names.add(name);
        }
      } else {
        const assigned = exportsAssignment(statement);
        if (assigned?.name) names.add(assigned.name);
      }
    }
    names.delete('');
    return [...names];
  }

  /** A module as messages name it: its path in the project. */
  nameOf(module: ScriptModule): string {
    return relativePath(this.modules.root, module.file);
  }

  /** Changes top-level code makes to a module's variable after declaring it. */
  mutationsOf(module: ScriptModule, variable: string): Mutation[] {
    const key = `${module.file}\u0000${variable}`;
    let found = this.mutations.get(key);
    if (!found) this.mutations.set(key, (found = mutationsOf(module.source, variable)));
    return found;
  }

  private imported(module: ScriptModule, statement: TS.ImportDeclaration, name: string, depth: number): Binding | undefined {
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || !ts.isStringLiteral(statement.moduleSpecifier)) return undefined;
    const specifier = statement.moduleSpecifier.text;
    if (clause.name?.text === name) return this.fromModule(module, specifier, imported(name), (target) => this.ofExport(target, 'default', depth + 1));
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named) && named.name.text === name) {
      return this.fromModule(module, specifier, imported(name), (target) => ({ kind: 'namespace', module: target }));
    }
    if (!named || !ts.isNamedImports(named)) return undefined;
    const element = named.elements.find((e) => e.name.text === name && !e.isTypeOnly);
    if (!element) return undefined;
    const exported = element.propertyName ? literalPropertyName(element.propertyName) ?? name : name;
    return this.fromModule(module, specifier, imported(name), (target) => this.ofExport(target, exported, depth + 1));
  }

  /** The binding `then` finds in the module a specifier names; when there is none, `subject` and why. */
  private fromModule(module: ScriptModule, specifier: string, subject: string, then: (target: ScriptModule) => Binding): Binding {
    const target = this.modules.import(module, specifier);
    return target.ok ? then(target.value) : missing(`${subject} ${target.reason}`);
  }

  /** `seen`: the modules this lookup has been through by `export *`, each looked at once. */
  private findExport(module: ScriptModule, name: string, depth: number, seen: Set<string>): Binding | undefined {
    if (seen.has(module.file)) return undefined;
    seen.add(module.file);
    const commonJs = commonJsExport(module);
    if (commonJs) return name === 'default' ? { kind: 'value', node: commonJs, module } : { kind: 'member', of: { kind: 'value', node: commonJs, module }, key: name };
    const unreachable: string[] = [];
    for (const statement of module.source.statements) {
      if (ts.isExportAssignment(statement)) {
        if (name === 'default') return { kind: 'value', node: statement.expression, module };
      } else if (ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of statement.declarationList.declarations) {
          const found = declared(declaration, name, module);
          if (found) return found;
        }
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
        const exported = hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? 'default' : statement.name?.text;
        if (exported !== name) continue;
        return ts.isFunctionDeclaration(statement) ? { kind: 'function', node: statement, module } : missing(`\`${name}\` is a class`);
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
        const found = this.reexported(module, statement, name, depth, seen, unreachable);
        if (found) return found;
      } else {
        const assigned = exportsAssignment(statement);
        if (assigned?.name === name) return { kind: 'value', node: assigned.value, module };
      }
    }
    return unreachable.length > 0 ? missing(`\`${name}\` may come from \`export *\`, but ${unreachable[0]}`) : undefined;
  }

  /** `export { a as b }`, `export { default as b } from`, `export * as ns from`, `export * from`. */
  private reexported(
    module: ScriptModule, statement: TS.ExportDeclaration, name: string, depth: number, seen: Set<string>, unreachable: string[],
  ): Binding | undefined {
    const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    const clause = statement.exportClause;
    if (!clause) {
      if (!specifier || name === 'default') return undefined;
      const target = this.modules.import(module, specifier);
      if (!target.ok) {
        unreachable.push(target.reason);
        return undefined;
      }
      return this.findExport(target.value, name, depth, seen);
    }
    if (ts.isNamespaceExport(clause)) {
      if (literalPropertyName(clause.name) !== name || !specifier) return undefined;
      return this.fromModule(module, specifier, imported(name), (target) => ({ kind: 'namespace', module: target }));
    }
    const element = clause.elements.find((e) => !e.isTypeOnly && literalPropertyName(e.name) === name);
    if (!element) return undefined;
    const local = literalPropertyName(element.propertyName ?? element.name) ?? name;
    return specifier ? this.fromModule(module, specifier, imported(name), (target) => this.ofExport(target, local, depth + 1)) : this.ofName(module, local, depth + 1);
  }
}

function imported(name: string): string {
  return `\`${name}\` is imported, but`;
}

function missing(what: string): Binding {
  return { kind: 'missing', what };
}

/** What a declaration binds to a name: the initializer, or a part of it when destructured. */
function declared(declaration: TS.VariableDeclaration, name: string, module: ScriptModule): Binding | undefined {
  const pattern = declaration.name;
  if (ts.isIdentifier(pattern)) {
    if (pattern.text !== name) return undefined;
    return declaration.initializer ? { kind: 'value', node: declaration.initializer, module, variable: name } : missing(`\`${name}\` is declared without a value`);
  }
  if (!declaration.initializer) return undefined;
  const whole: Binding = { kind: 'value', node: declaration.initializer, module };
  for (const [index, element] of pattern.elements.entries()) {
    if (ts.isOmittedExpression(element) || !ts.isIdentifier(element.name) || element.name.text !== name) continue;
    if (element.dotDotDotToken) return missing(`\`${name}\` is the rest of a destructuring`);
    if (ts.isArrayBindingPattern(pattern)) return { kind: 'member', of: whole, key: String(index) };
    const key = element.propertyName ? literalPropertyName(element.propertyName) : name;
    return key === undefined ? missing(`\`${name}\` is destructured with a computed key`) : { kind: 'member', of: whole, key };
  }
  return undefined;
}

function boundNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** `module.exports = x` / `export = x` (the last one wins, as when the module runs); a JSON file's document. */
function commonJsExport(module: ScriptModule): TS.Expression | undefined {
  if (/\.json$/i.test(module.file)) {
    const [document] = module.source.statements;
    return document && ts.isExpressionStatement(document) ? document.expression : undefined;
  }
  let found: TS.Expression | undefined;
  for (const statement of module.source.statements) {
    if (ts.isExportAssignment(statement) && statement.isExportEquals) found = statement.expression;
    const assigned = exportsAssignment(statement);
    if (assigned && assigned.name === undefined) found = assigned.value;
  }
  return found;
}

/** `module.exports = x` (no name), `module.exports.name = x` or `exports.name = x`. */
function exportsAssignment(statement: TS.Statement): { name?: string; value: TS.Expression } | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const expression = skipWrappers(statement.expression);
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const chain = accessChain(expression.left);
  if (!chain) return undefined;
  // A bare `exports = x` only rebinds a local name: it exports nothing.
  const keys = chain.root === 'module' && chain.keys[0] === 'exports' ? chain.keys.slice(1)
    : chain.root === 'exports' && chain.keys.length === 1 ? chain.keys : undefined;
  if (!keys || keys.length > 1) return undefined;
  return keys.length === 0 ? { value: expression.right } : { name: keys[0]!, value: expression.right };
}
