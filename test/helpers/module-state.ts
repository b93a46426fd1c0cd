import ts from 'typescript';

/**
 * Finds module-level mutable state: state that outlives a run and leaks into the next one
 * (another CLI run in the same process, another file in an editor).
 */

/** One piece of module-level state: where it is declared, and why it counts. */
export interface ModuleState {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly why: string;
}

/**
 * Containers whose contents are state once code mutates them. A `WeakMap` is not among them: the
 * memo caches keyed by ASTs are WeakMaps, bounded by their keys' lifetime, so they cannot carry
 * anything from one run into the next.
 */
const CONTAINER_CLASSES = new Set(['Map', 'Set', 'WeakSet', 'WeightedLru']);

const MUTATING_METHODS = new Set(['set', 'add', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);

const ROOT = '/repo/';

/**
 * Top-level `let` and `var` declarations, and top-level containers (`new Map|Set|WeakSet|WeightedLru`,
 * array and object literals) that code inside a function mutates, in this file or any other: a
 * mutating method call, a property write or `delete`. A container filled at load time and only
 * read afterwards is a lookup table, not state.
 */
export function moduleState(sources: ReadonlyMap<string, string>): ModuleState[] {
  const program = ts.createProgram([...sources.keys()].map((file) => ROOT + file), {
    noLib: true, types: [], module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true,
  }, virtualHost(sources));
  const checker = program.getTypeChecker();
  const canonical = (symbol: ts.Symbol) => symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : checker.getExportSymbolOfSymbol(symbol);
  const sourceFiles = [...sources.keys()].map((file) => ({ file, source: program.getSourceFile(ROOT + file)! }));
  const lineOf = (source: ts.SourceFile, node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

  const found: ModuleState[] = [];
  const containers = new Map<ts.Symbol, Omit<ModuleState, 'why'> & { kind: string }>();
  for (const { file, source } of sourceFiles) {
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement) || statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
      const scope = statement.declarationList.flags & ts.NodeFlags.BlockScoped;
      for (const declaration of statement.declarationList.declarations) {
        if (scope === 0 || scope === ts.NodeFlags.Let) {
          const keyword = scope === 0 ? 'var' : 'let';
          for (const name of boundNames(declaration.name)) found.push({ file, line: lineOf(source, name), name: name.text, why: `top-level ${keyword}` });
          continue;
        }
        const kind = containerKind(declaration.initializer);
        const symbol = ts.isIdentifier(declaration.name) ? checker.getSymbolAtLocation(declaration.name) : undefined;
        if (kind && symbol) containers.set(canonical(symbol), { file, line: lineOf(source, declaration.name), name: declaration.name.getText(source), kind });
      }
    }
  }

  const reported = new Set<ts.Symbol>();
  for (const { file, source } of sourceFiles) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && isMutated(node) && insideFunction(node)) {
        const symbol = checker.getSymbolAtLocation(node);
        const container = symbol && containers.get(canonical(symbol));
        if (container && !reported.has(canonical(symbol))) {
          reported.add(canonical(symbol));
          const { kind, ...where } = container;
          found.push({ ...where, why: `top-level ${kind}, mutated at ${file}:${lineOf(source, node)}` });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function virtualHost(sources: ReadonlyMap<string, string>): ts.CompilerHost {
  const read = (name: string) => (name.startsWith(ROOT) ? sources.get(name.slice(ROOT.length)) : undefined);
  return {
    getSourceFile: (name, target) => {
      const text = read(name);
      return text === undefined ? undefined : ts.createSourceFile(name, text, target, true);
    },
    fileExists: (name) => read(name) !== undefined,
    readFile: read,
    getDefaultLibFileName: () => `${ROOT}lib.d.ts`,
    writeFile: () => undefined,
    getCurrentDirectory: () => ROOT,
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
}

function boundNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

function containerKind(initializer: ts.Expression | undefined): string | undefined {
  let value = initializer;
  while (value && (ts.isParenthesizedExpression(value) || ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isNonNullExpression(value) || ts.isTypeAssertionExpression(value))) {
    value = value.expression;
  }
  if (!value) return undefined;
  if (ts.isNewExpression(value) && ts.isIdentifier(value.expression) && CONTAINER_CLASSES.has(value.expression.text)) return `new ${value.expression.text}`;
  if (ts.isArrayLiteralExpression(value)) return 'array';
  if (ts.isObjectLiteralExpression(value)) return 'object';
  return undefined;
}

/** `x.set(…)`, `x.p = …`, `x[k] += …`, `x.p++`, `delete x[k]`, `Object.assign(x, …)`. */
function isMutated(identifier: ts.Identifier): boolean {
  let target: ts.Expression = identifier;
  while (ts.isParenthesizedExpression(target.parent) || ts.isNonNullExpression(target.parent)) target = target.parent;
  const parent = target.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === target) {
    const call = parent.parent;
    if (ts.isPropertyAccessExpression(parent) && ts.isCallExpression(call) && call.expression === parent && MUTATING_METHODS.has(parent.name.text)) return true;
    return isWritten(parent);
  }
  return ts.isCallExpression(parent) && parent.arguments[0] === target && parent.expression.getText() === 'Object.assign';
}

function isWritten(target: ts.Expression): boolean {
  const parent = target.parent;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    return parent.left === target && operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment;
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
  }
  return ts.isDeleteExpression(parent);
}

/** Code that runs after load: in a function, or in an instance field's initialiser. */
function insideFunction(node: ts.Node): boolean {
  for (let at = node.parent; !ts.isSourceFile(at); at = at.parent) {
    if (ts.isFunctionLike(at)) return true;
    if (ts.isPropertyDeclaration(at) && !at.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return true;
  }
  return false;
}
