import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { type ParsedTemplate } from '../template/parse-template.js';
import type { PathSegment, SourceLocation } from '../template/source-location.js';
import { isInside, isReallyInside } from '../util/fs-fence.js';
import { defineOwn } from '../util/objects.js';
import { resolveLocal } from '../util/resolve-local.js';

/**
 * Reads a `serverless.ts` without running it: the exported object literal is evaluated
 * statically (literals, same-file constants, spreads, imports of other project modules, and the
 * `handlerPath(__dirname)` helper of the aws-nodejs-typescript template). Anything that needs the
 * code to run (calls, environment reads) is left out rather than guessed.
 */
export type ServerlessTsResult = { ok: true; template: ParsedTemplate } | { ok: false; reason: string };

const MAX_DEPTH = 64;

export function readServerlessTs(filePath: string, text: string, projectRoot: string): ServerlessTsResult {
  const reader = new StaticReader(projectRoot, filePath);
  const source = reader.sourceFile(filePath, text);
  const exported = findExportedValue(source);
  if (!exported) return { ok: false, reason: 'it does not export an object literal (export default, export =, or module.exports =)' };
  const value = reader.evaluate(exported, source, [], 0);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'its export could not be read without running code' };
  }
  const locations = reader.locations;
  const locate = (target: readonly PathSegment[]): SourceLocation => {
    for (let length = target.length; length >= 0; length--) {
      const found = locations.get(pathKey(target.slice(0, length)));
      if (found) return found;
    }
    return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  };
  return { ok: true, template: { filePath, text, value, locate } };
}

function pathKey(segments: readonly PathSegment[]): string {
  return segments.map(String).join('\u0000');
}

function findExportedValue(source: ts.SourceFile): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (ts.isExportAssignment(statement)) return statement.expression;
    if (
      ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      statement.expression.left.getText(source) === 'module.exports'
    ) {
      return statement.expression.right;
    }
  }
  return undefined;
}

class StaticReader {
  readonly locations = new Map<string, SourceLocation>();
  private readonly files = new Map<string, ts.SourceFile>();
  private readonly paths: { prefix: string; targets: string[] }[];

  constructor(private readonly root: string, private readonly mainFile: string) {
    this.paths = readTsconfigPaths(path.dirname(mainFile), root);
  }

  sourceFile(file: string, text?: string): ts.SourceFile {
    let source = this.files.get(file);
    if (!source) {
      // Imports are resolved inside the root; their real path must be too (a symlink may lead out).
      if (text === undefined && !isReallyInside(this.root, file)) throw new Error(`${file} is outside the project`);
      source = ts.createSourceFile(file, text ?? readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      this.files.set(file, source);
    }
    return source;
  }

  evaluate(node: ts.Expression, source: ts.SourceFile, at: PathSegment[], depth: number): unknown {
    if (depth > MAX_DEPTH) return undefined;
    if (source.fileName === this.mainFile && !this.locations.has(pathKey(at))) this.record(at, node, source);
    const expression = skipWrappers(node);
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
    if (ts.isNumericLiteral(expression)) return Number(expression.text);
    if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (expression.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (expression.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(expression.operand)) {
      return -Number(expression.operand.text);
    }
    if (ts.isTemplateExpression(expression)) {
      let text = expression.head.text;
      for (const span of expression.templateSpans) {
        const part = this.evaluate(span.expression, source, at, depth + 1);
        if (typeof part !== 'string' && typeof part !== 'number') return undefined;
        text += String(part) + span.literal.text;
      }
      return text;
    }
    if (ts.isArrayLiteralExpression(expression)) {
      const items: unknown[] = [];
      for (const element of expression.elements) {
        if (ts.isSpreadElement(element)) {
          const spread = this.evaluate(element.expression, source, at, depth + 1);
          if (Array.isArray(spread)) items.push(...spread);
        } else {
          items.push(this.evaluate(element, source, [...at, items.length], depth + 1));
        }
      }
      return items;
    }
    if (ts.isObjectLiteralExpression(expression)) return this.object(expression, source, at, depth);
    if (ts.isIdentifier(expression)) {
      if (expression.text === '__dirname') return path.dirname(source.fileName);
      return this.identifier(expression.text, source, at, depth);
    }
    if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'handlerPath') {
      // aws-nodejs-typescript: handlerPath(__dirname) is that folder relative to the service.
      const dir = expression.arguments[0] ? this.evaluate(expression.arguments[0], source, at, depth + 1) : undefined;
      return typeof dir === 'string' ? path.relative(path.dirname(this.mainFile), dir).split(path.sep).join('/') : undefined;
    }
    return undefined;
  }

  private object(node: ts.ObjectLiteralExpression, source: ts.SourceFile, at: PathSegment[], depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression, source, at, depth + 1);
        if (typeof spread === 'object' && spread !== null && !Array.isArray(spread)) {
          for (const [key, value] of Object.entries(spread)) defineOwn(result, key, value);
        }
        continue;
      }
      const name = property.name ? propertyName(property.name) : undefined;
      if (name === undefined) continue;
      let value: unknown;
      // Findings point at the key, as they do in YAML templates.
      if (source.fileName === this.mainFile && !this.locations.has(pathKey([...at, name]))) this.record([...at, name], property.name, source);
      if (ts.isPropertyAssignment(property)) value = this.evaluate(property.initializer, source, [...at, name], depth + 1);
      else if (ts.isShorthandPropertyAssignment(property)) {
        value = this.identifier(property.name.text, source, [...at, name], depth + 1);
      } else continue;
      if (value !== undefined) defineOwn(result, name, value);
    }
    return result;
  }

  /** A same-file `const`, or an import of a project module (relative or through tsconfig `paths`). */
  private identifier(name: string, source: ts.SourceFile, at: PathSegment[], depth: number): unknown {
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) {
            return this.evaluate(declaration.initializer, source, at, depth + 1);
          }
        }
      }
      if (ts.isImportDeclaration(statement) && statement.importClause && ts.isStringLiteral(statement.moduleSpecifier)) {
        const clause = statement.importClause;
        const isDefault = clause.name?.text === name;
        const named = clause.namedBindings && ts.isNamedImports(clause.namedBindings)
          ? clause.namedBindings.elements.find((e) => e.name.text === name) : undefined;
        if (!isDefault && !named) continue;
        const target = this.resolveImport(path.dirname(source.fileName), statement.moduleSpecifier.text);
        if (!target) return undefined;
        let imported: ts.SourceFile;
        try {
          imported = this.sourceFile(target);
        } catch {
          return undefined;
        }
        const exportName = isDefault ? 'default' : (named!.propertyName?.text ?? named!.name.text);
        const expression = exportedExpression(imported, exportName);
        return expression ? this.evaluate(expression, imported, at, depth + 1) : undefined;
      }
    }
    return undefined;
  }

  private resolveImport(fromDir: string, specifier: string): string | undefined {
    let target: string | undefined;
    if (specifier.startsWith('.')) target = resolveLocal(fromDir, specifier);
    else {
      for (const alias of this.paths) {
        if (!specifier.startsWith(alias.prefix)) continue;
        const rest = specifier.slice(alias.prefix.length);
        for (const candidate of alias.targets) {
          target = resolveLocal(path.dirname(this.mainFile), `./${candidate.replace('*', rest)}`);
          if (target) break;
        }
        if (target) break;
      }
    }
    return target && isInside(this.root, target) ? target : undefined;
  }

  private record(at: PathSegment[], node: ts.Node, source: ts.SourceFile): void {
    const start = source.getLineAndCharacterOfPosition(node.getStart(source));
    const end = source.getLineAndCharacterOfPosition(node.getEnd());
    const sameLineEnd = end.line === start.line ? end.character : source.getLineEndOfPosition(node.getStart(source)) - source.getPositionOfLineAndCharacter(start.line, 0);
    this.locations.set(pathKey(at), { line: start.line + 1, column: start.character + 1, endLine: start.line + 1, endColumn: sameLineEnd + 1 });
  }
}

function skipWrappers(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current) || ts.isTypeAssertionExpression(current)) {
    current = current.expression;
  }
  return current;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteral(name.expression)) return name.expression.text;
  return undefined;
}

/** The expression a module exports under a name (`default` for `export default`). */
function exportedExpression(source: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (name === 'default' && ts.isExportAssignment(statement)) {
      const value = skipWrappers(statement.expression);
      return ts.isIdentifier(value) ? constInitializer(source, value.text) ?? value : value;
    }
    if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
      }
    }
  }
  return undefined;
}

function constInitializer(source: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}

/** `compilerOptions.paths` of the tsconfig next to serverless.ts, as prefix → target patterns. */
function readTsconfigPaths(dir: string, root: string): { prefix: string; targets: string[] }[] {
  try {
    const file = path.join(dir, 'tsconfig.json');
    // A tsconfig.json symlinked out of the project is not the project's to read.
    if (!isReallyInside(root, file)) return [];
    const { config } = ts.parseConfigFileTextToJson(file, readFileSync(file, 'utf8'));
    const options = (config as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } }).compilerOptions ?? {};
    const base = options.baseUrl ?? '.';
    return Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
      prefix: pattern.replace(/\*$/, ''),
      targets: targets.map((t) => path.join(base, t).split(path.sep).join('/')),
    }));
  } catch {
    return [];
  }
}
