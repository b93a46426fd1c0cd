import type * as TS from 'typescript';
import ts from '../../util/typescript.js';

/**
 * Where a module declares a name: the statements the interpreter evaluates when the name is first
 * read. Only syntax is looked at; nothing here evaluates.
 */
export type Declaration =
  | { kind: 'variable'; declaration: TS.VariableDeclaration }
  | { kind: 'function'; declaration: TS.FunctionDeclaration }
  | { kind: 'class'; declaration: TS.ClassDeclaration }
  | { kind: 'import'; specifier: string; imported: string | '*' | 'default' | 'require'; statement: TS.Statement };

/** The top-level declaration of a name in a module, imports included. */
export function findDeclaration(source: TS.SourceFile, name: string): Declaration | undefined {
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (bindsName(declaration.name, name)) return { kind: 'variable', declaration };
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) {
      return { kind: 'function', declaration: statement };
    } else if (ts.isClassDeclaration(statement) && statement.name?.text === name) {
      return { kind: 'class', declaration: statement };
    } else if (ts.isImportDeclaration(statement) && statement.importClause && ts.isStringLiteral(statement.moduleSpecifier)) {
      const found = importedName(statement.importClause, name);
      if (found) return { kind: 'import', specifier: statement.moduleSpecifier.text, imported: found, statement };
    } else if (
      ts.isImportEqualsDeclaration(statement) && statement.name.text === name &&
      ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      return { kind: 'import', specifier: statement.moduleReference.expression.text, imported: 'require', statement };
    }
  }
  return undefined;
}

function importedName(clause: TS.ImportClause, name: string): string | undefined {
  if (clause.name?.text === name) return 'default';
  const bindings = clause.namedBindings;
  if (!bindings) return undefined;
  if (ts.isNamespaceImport(bindings)) return bindings.name.text === name ? '*' : undefined;
  const element = bindings.elements.find((e) => e.name.text === name);
  return element ? (element.propertyName?.text ?? element.name.text) : undefined;
}

/** Whether a binding (`x`, `{ a, b: c }`, `[d]`) declares the name. */
function bindsName(binding: TS.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, name));
}

/** How a module exports a name: a local declaration, or a re-export from another module. */
export type Export =
  | { kind: 'local'; name: string }
  | { kind: 'expression'; expression: TS.Expression }
  | { kind: 'class'; declaration: TS.ClassDeclaration }
  | { kind: 'function'; declaration: TS.FunctionDeclaration }
  | { kind: 'from'; specifier: string; name: string }
  | { kind: 'star'; specifiers: string[] };

const hasModifier = (node: TS.Node, kind: TS.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

/** The export of a name (`default` for the default export): ES module syntax and CommonJS `module.exports`. */
export function findExport(source: TS.SourceFile, name: string): Export | undefined {
  const stars: string[] = [];
  for (const statement of source.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (exported && (ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement))) {
      const matches = isDefault ? name === 'default' : statement.name?.text === name;
      if (matches) return ts.isClassDeclaration(statement) ? { kind: 'class', declaration: statement } : { kind: 'function', declaration: statement };
    }
    if (exported && ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => bindsName(d.name, name))) {
      return { kind: 'local', name };
    }
    if (ts.isExportAssignment(statement) && (name === 'default' || statement.isExportEquals)) {
      if (name === 'default') return { kind: 'expression', expression: statement.expression };
    }
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (!statement.exportClause) {
        if (from) stars.push(from);
      } else if (ts.isNamedExports(statement.exportClause)) {
        const element = statement.exportClause.elements.find((e) => e.name.text === name);
        if (element) {
          const local = element.propertyName?.text ?? element.name.text;
          return from ? { kind: 'from', specifier: from, name: local } : { kind: 'local', name: local };
        }
      }
    }
    const commonJs = commonJsExport(statement, name);
    if (commonJs) return commonJs;
  }
  return stars.length > 0 ? { kind: 'star', specifiers: stars } : undefined;
}

/** `module.exports = { A }`, `module.exports = A` (its default), `exports.A = ...`, `module.exports.A = ...`. */
function commonJsExport(statement: TS.Statement, name: string): Export | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return undefined;
  const { left, right, operatorToken } = statement.expression;
  if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) return undefined;
  const target = left.expression.getText();
  if (target === 'module' && left.name.text === 'exports') {
    if (name === 'default') return { kind: 'expression', expression: right };
    if (ts.isObjectLiteralExpression(right)) {
      for (const property of right.properties) {
        if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return { kind: 'local', name };
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === name) {
          return { kind: 'expression', expression: property.initializer };
        }
      }
    }
    return undefined;
  }
  if ((target === 'exports' || target === 'module.exports') && left.name.text === name) return { kind: 'expression', expression: right };
  return undefined;
}
