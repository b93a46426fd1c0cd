import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The file-level import graph of the TypeScript sources, and the checks the layering tests make
 * on it. Kept apart from the tests so each check can also be run on a small synthetic graph.
 */

/** One import written in a file: `target` is the repo-relative file it resolves to, absent for a package. */
export interface FileImport {
  readonly specifier: string;
  readonly line: number;
  readonly target?: string;
}

/** Repo-relative file (`/` separators) → what it imports. */
export type ImportGraph = ReadonlyMap<string, readonly FileImport[]>;

/** The `.ts` files under `folders` of `repo`, by repo-relative path. */
export function readSources(repo: string, folders: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const folder of folders) {
    for (const entry of readdirSync(path.join(repo, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      sources.set(path.relative(repo, file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
    }
  }
  return sources;
}

/**
 * Every module specifier a file names, type-only ones included: `import`/`export … from`,
 * `import x = require()`, dynamic `import()`, `import('…')` types and `require('…')`.
 */
export function moduleSpecifiers(file: string, text: string): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { specifier: string; line: number }[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) {
      found.push({ specifier: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isExternalModuleReference(node)) add(node.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node) && isImportOrRequire(node.expression)) add(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isImportOrRequire(callee: ts.Expression): boolean {
  return callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
}

/** The import graph of `sources`; a relative specifier that names no file in `sources` throws. */
export function importGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const graph = new Map<string, FileImport[]>();
  for (const [file, text] of sources) {
    graph.set(file, moduleSpecifiers(file, text).map(({ specifier, line }) => {
      if (!specifier.startsWith('.')) return { specifier, line };
      const target = resolveLocal(file, specifier, sources);
      if (!target) throw new Error(`${file}:${line} imports ${specifier}, which is not a source file`);
      return { specifier, line, target };
    }));
  }
  return graph;
}

/** NodeNext: `./x.js` is written for `./x.ts`. */
function resolveLocal(from: string, specifier: string, sources: ReadonlyMap<string, string>): string | undefined {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts'), base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((candidate) => sources.has(candidate));
}

/**
 * The unit a file belongs to: `rules`, a folder directly under `src/` (`src/util`), or a file
 * directly in `src/` (`src/results.ts`).
 */
export function unitOf(file: string): string {
  const [top, second, ...rest] = file.split('/');
  if (top === 'src' && second !== undefined) return rest.length === 0 ? file : `src/${second}`;
  return top ?? file;
}

/** One file-level import that crosses units, as a failure message shows it. */
export interface UnitImport {
  readonly from: string;
  readonly to: string;
  /** `src/report/sarif.ts:2 → src/rule/rule-docs.ts` */
  readonly site: string;
}

/** The imports between different units, grouped by importing unit then imported unit. */
function unitImports(graph: ImportGraph): Map<string, Map<string, UnitImport[]>> {
  const units = new Map<string, Map<string, UnitImport[]>>();
  for (const [file, imports] of graph) {
    const from = unitOf(file);
    const targets = units.get(from) ?? units.set(from, new Map()).get(from)!;
    for (const { target, line } of imports) {
      if (!target || unitOf(target) === from) continue;
      const to = unitOf(target);
      const sites = targets.get(to) ?? targets.set(to, []).get(to)!;
      sites.push({ from, to, site: `${file}:${line} → ${target}` });
    }
  }
  return units;
}

/**
 * The cycles between units: one per strongly connected component (Tarjan), each described by one
 * cycle through it and the file-level imports along that cycle.
 */
export function unitCycles(graph: ImportGraph): string[] {
  const edges = unitImports(graph);
  const next = (unit: string) => [...(edges.get(unit)?.keys() ?? [])].sort();
  return stronglyConnected([...edges.keys()].sort(), next)
    .filter((component) => component.length > 1)
    .map((component) => {
      const cycle = cycleThrough(component, next);
      const sites = cycle.slice(1).flatMap((to, i) => edges.get(cycle[i]!)!.get(to)!.map((s) => s.site));
      return `${cycle.join(' → ')}\n    ${sites.join('\n    ')}`;
    });
}

function stronglyConnected(nodes: readonly string[], next: (node: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next(node)) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    components.push(component.sort());
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components;
}

/** The shortest cycle from the component's first node back to it (breadth-first, inside the component). */
function cycleThrough(component: readonly string[], next: (node: string) => string[]): string[] {
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  for (const node of queue) {
    for (const to of next(node)) {
      if (!component.includes(to) || previous.has(to)) continue;
      previous.set(to, node);
      if (to === start) {
        const path = [start];
        for (let at = previous.get(start)!; at !== start; at = previous.get(at)!) path.unshift(at);
        return [start, ...path];
      }
      queue.push(to);
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/** Units from the lowest layer to the highest; units in one layer may import each other. */
export type Layers = readonly (readonly string[])[];

/** The units of the graph the table does not place. */
export function unplacedUnits(graph: ImportGraph, layers: Layers): string[] {
  const placed = new Set(layers.flat());
  return [...new Set([...graph.keys()].map(unitOf))].filter((unit) => !placed.has(unit)).sort();
}

/** Every import from a unit to a unit of a higher layer, sorted by site. */
export function upwardImports(graph: ImportGraph, layers: Layers): UnitImport[] {
  const layerOf = new Map(layers.flatMap((units, layer) => units.map((unit) => [unit, layer] as const)));
  return [...unitImports(graph).values()]
    .flatMap((targets) => [...targets.values()].flat())
    .filter(({ from, to }) => layerOf.has(from) && layerOf.has(to) && layerOf.get(to)! > layerOf.get(from)!)
    .sort((a, b) => a.site.localeCompare(b.site));
}

/** `eslint` and `eslint/…`, not `@typescript-eslint/…`. */
export function isEslint(specifier: string): boolean {
  return specifier === 'eslint' || specifier.startsWith('eslint/');
}

/** The imports of a package matching `isPackage`, by the files that write them. */
export function packageImporters(graph: ImportGraph, isPackage: (specifier: string) => boolean): { file: string; line: number; specifier: string }[] {
  return [...graph].flatMap(([file, imports]) =>
    imports.filter(({ target, specifier }) => !target && isPackage(specifier)).map(({ specifier, line }) => ({ file, line, specifier })));
}

/**
 * For each of `files` from which a package matching `isPackage` can be reached through local
 * imports, the shortest chain that reaches it: `a.ts → b.ts:3 → eslint`.
 */
export function packageReaches(graph: ImportGraph, files: readonly string[], isPackage: (specifier: string) => boolean): string[] {
  const chains: string[] = [];
  for (const start of files) {
    const via = new Map<string, string>([[start, start]]);
    const queue = [start];
    search: for (const file of queue) {
      for (const { target, specifier, line } of graph.get(file) ?? []) {
        if (!target && isPackage(specifier)) {
          const chain = [`${file}:${line} → ${specifier}`];
          for (let at = file; at !== start; at = via.get(at)!) chain.unshift(via.get(at)!);
          chains.push(chain.join(' → '));
          break search;
        }
        if (target && !via.has(target)) {
          via.set(target, file);
          queue.push(target);
        }
      }
    }
  }
  return chains;
}
