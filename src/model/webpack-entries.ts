import path from 'node:path';
import type * as TS from 'typescript';
import ts from '../util/typescript.js';

/** One webpack entry: the bundle's name (its output file, without extension) and the source it starts from. */
export interface WebpackEntry {
  name: string;
  /** Absolute path of the entry module, as written (extension optional). */
  source: string;
}

/** Where a config's paths start: `__dirname` is the config's folder, a bare path starts at webpack's `context`. */
interface Bases {
  configDir: string;
  context: string;
}

/**
 * The entries of a webpack config, read from its text without running it: `entry` written as a
 * string, an array, or an object of those (or of `{ import }` descriptors), with sources given as
 * literals or as `path.resolve(__dirname, '…')`. Anything computed (`slsw.lib.entries`) reads as none.
 * Bare paths are relative to the config's `context`, which defaults to the folder webpack runs in.
 */
export function webpackEntries(configFile: string, text: string, runsIn: string): WebpackEntry[] {
  const source = ts.createSourceFile(configFile, text, ts.ScriptTarget.Latest, false, /\.[cm]?ts$/.test(configFile) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const properties: TS.PropertyAssignment[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isPropertyAssignment(node)) properties.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const named = (name: string) => properties.filter((p) => propertyName(p.name) === name);
  const configDir = path.dirname(configFile);
  const context = named('context').map((p) => modulePath(p.initializer, { configDir, context: runsIn })).find((dir) => dir !== undefined);
  const bases = { configDir, context: context ?? runsIn };
  return named('entry').flatMap((p) => entriesOf(p.initializer, bases));
}

function entriesOf(value: TS.Expression, bases: Bases): WebpackEntry[] {
  const single = modulePath(value, bases);
  if (single) return [{ name: 'main', source: single }];
  if (!ts.isObjectLiteralExpression(value)) return [];
  return value.properties.flatMap((property) => {
    if (!ts.isPropertyAssignment(property)) return [];
    const name = propertyName(property.name);
    const source = modulePath(property.initializer, bases) ?? descriptorImport(property.initializer, bases);
    return name !== undefined && source ? [{ name, source }] : [];
  });
}

/** A webpack 5 entry descriptor: `{ import: './src/x.ts', dependOn: … }`. */
function descriptorImport(value: TS.Expression, bases: Bases): string | undefined {
  if (!ts.isObjectLiteralExpression(value)) return undefined;
  const property = value.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && propertyName(p.name) === 'import');
  return property ? modulePath(property.initializer, bases) : undefined;
}

/** A string, the last of an array of them (the module webpack exports), the config's folder, or `path.resolve(__dirname, '…')`. */
function modulePath(value: TS.Expression, bases: Bases): string | undefined {
  if (ts.isStringLiteralLike(value)) return path.resolve(bases.context, value.text);
  if (isConfigDir(value)) return bases.configDir;
  if (ts.isArrayLiteralExpression(value)) {
    const last = value.elements.at(-1);
    return last && ts.isExpression(last) ? modulePath(last, bases) : undefined;
  }
  if (!ts.isCallExpression(value)) return undefined;
  const callee = ts.isPropertyAccessExpression(value.expression) ? value.expression.name.text : ts.isIdentifier(value.expression) ? value.expression.text : '';
  if (callee !== 'resolve' && callee !== 'join') return undefined;
  const [first, ...rest] = value.arguments;
  const fromConfig = first !== undefined && isConfigDir(first);
  const parts = fromConfig ? rest : value.arguments;
  if (!parts.every(ts.isStringLiteralLike)) return undefined;
  return path.resolve(fromConfig ? bases.configDir : bases.context, ...parts.map((p) => (p as TS.StringLiteralLike).text));
}

/** `__dirname`, or `import.meta.dirname` in an ES module config. */
function isConfigDir(value: TS.Expression): boolean {
  if (ts.isIdentifier(value)) return value.text === '__dirname';
  return ts.isPropertyAccessExpression(value) && ts.isMetaProperty(value.expression) && value.name.text === 'dirname';
}

function propertyName(name: TS.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}
