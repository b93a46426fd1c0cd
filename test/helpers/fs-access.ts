import ts from 'typescript';

/**
 * How a module touches the file system, as written in its source: what it imports from `node:fs`
 * (and `fs`, `fs/promises`), from a glob library or from `node:child_process`, and each
 * `ts.sys` member it uses (TypeScript's own file system, which reads anything, blocking), and
 * each call of ESLint's `lintFiles` (ESLint opening files itself). One entry per use:
 * `node:fs readFileSync`, `tinyglobby globSync`, `ts.sys readFile`, `eslint lintFiles`.
 */
export function fileSystemUses(file: string, text: string): string[] {
  const uses = new Set<string>();
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const module = moduleName(node.moduleSpecifier.text);
      const clause = node.importClause;
      if (module && clause && !clause.isTypeOnly) {
        if (clause.name) uses.add(`${module} default`);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) uses.add(`${module} *`);
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) if (!element.isTypeOnly) uses.add(`${module} ${(element.propertyName ?? element.name).text}`);
        }
      }
    }
    // require('fs'), import('fs'): the whole module.
    if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      const loads = (ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword;
      const module = loads ? moduleName((node.arguments[0] as ts.StringLiteral).text) : undefined;
      if (module) uses.add(`${module} *`);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.getText(source) === 'ts.sys') {
      uses.add(`ts.sys ${node.name.text}`);
    }
    // `...ts.sys`, `const sys = ts.sys`: the whole of it.
    if (ts.isPropertyAccessExpression(node) && node.getText(source) === 'ts.sys' && !ts.isPropertyAccessExpression(node.parent)) uses.add('ts.sys *');
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'lintFiles') uses.add('eslint lintFiles');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...uses].sort();
}

const FS_MODULES = new Map([
  ['node:fs', 'node:fs'], ['fs', 'node:fs'], ['node:fs/promises', 'node:fs/promises'], ['fs/promises', 'node:fs/promises'],
  ['node:child_process', 'node:child_process'], ['child_process', 'node:child_process'],
  ['tinyglobby', 'tinyglobby'], ['fast-glob', 'fast-glob'], ['globby', 'globby'], ['glob', 'glob'], ['fdir', 'fdir'],
]);

function moduleName(specifier: string): string | undefined {
  return FS_MODULES.get(specifier);
}
