import path from 'node:path';
import ts from 'typescript';

/** One webpack entry: the bundle's name (its output file, without extension) and the source it starts from. */
export interface WebpackEntry {
  name: string;
  /** Absolute path of the entry module, as written (extension optional). */
  source: string;
}

/**
 * The entries of a webpack config, read from its text without running it: `entry` written as a
 * string, an array, or an object of those (or of `{ import }` descriptors), with sources given as
 * literals or as `path.resolve(__dirname, '…')`. Anything computed (`slsw.lib.entries`) reads as none.
 */
export function webpackEntries(configFile: string, text: string): WebpackEntry[] {
  const source = ts.createSourceFile(configFile, text, ts.ScriptTarget.Latest, false, /\.[cm]?ts$/.test(configFile) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const dir = path.dirname(configFile);
  const found: WebpackEntry[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'entry') found.push(...entriesOf(node.initializer, dir));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function entriesOf(value: ts.Expression, dir: string): WebpackEntry[] {
  const single = modulePath(value, dir);
  if (single) return [{ name: 'main', source: single }];
  if (!ts.isObjectLiteralExpression(value)) return [];
  return value.properties.flatMap((property) => {
    if (!ts.isPropertyAssignment(property)) return [];
    const name = propertyName(property.name);
    const source = modulePath(property.initializer, dir) ?? descriptorImport(property.initializer, dir);
    return name !== undefined && source ? [{ name, source }] : [];
  });
}

/** A webpack 5 entry descriptor: `{ import: './src/x.ts', dependOn: … }`. */
function descriptorImport(value: ts.Expression, dir: string): string | undefined {
  if (!ts.isObjectLiteralExpression(value)) return undefined;
  const property = value.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyName(p.name) === 'import');
  return property ? modulePath(property.initializer, dir) : undefined;
}

/** A string, the last of an array of them (the module webpack exports), or `path.resolve(__dirname, '…')`. */
function modulePath(value: ts.Expression, dir: string): string | undefined {
  if (ts.isStringLiteralLike(value)) return path.resolve(dir, value.text);
  if (ts.isArrayLiteralExpression(value)) {
    const last = value.elements.at(-1);
    return last && ts.isExpression(last) ? modulePath(last, dir) : undefined;
  }
  if (!ts.isCallExpression(value)) return undefined;
  const callee = ts.isPropertyAccessExpression(value.expression) ? value.expression.name.text : ts.isIdentifier(value.expression) ? value.expression.text : '';
  if (callee !== 'resolve' && callee !== 'join') return undefined;
  const [first, ...rest] = value.arguments;
  const parts = first && ts.isIdentifier(first) && first.text === '__dirname' ? rest : value.arguments;
  if (parts.length === 0 || !parts.every(ts.isStringLiteralLike)) return undefined;
  return path.resolve(dir, ...parts.map((p) => (p as ts.StringLiteralLike).text));
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}
