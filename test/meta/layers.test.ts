import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  importGraph, isEslint, moduleSpecifiers, packageImporters, packageReaches, readSources, unitCycles, unitOf, unplacedUnits, upwardImports,
  type Layers, type UnitImport,
} from '../helpers/import-graph.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * The layers, lowest first: a unit may import units of its own layer or of lower ones, never of a
 * higher one. docs/architecture.md shows the same table (checked below).
 */
const LAYERS: Layers = [
  ['src/util'],
  ['src/results.ts', 'src/version.ts'],
  ['src/template'],
  ['src/serverless'],
  ['src/model'],
  ['src/code'],
  ['src/analysis'],
  ['src/graph'],
  ['src/review'],
  ['src/rule'],
  ['rules', 'src/report'],
  ['src/config'],
  ['src/session'],
  ['src/engine', 'src/eslint-plugin.ts'],
  ['src/cli', 'src/index.ts', 'src/eval'],
];

/** Where the `eslint` package itself may be imported (tests may too). */
const ESLINT_UNITS = new Set(['src/engine', 'src/eslint-plugin.ts']);

/** The core: no ESLint, not even through the modules it imports. */
const CORE_UNITS = new Set([
  'src/util', 'src/template', 'src/serverless', 'src/model', 'src/code', 'src/analysis', 'src/graph', 'src/review', 'src/report', 'src/results.ts',
]);

/** The application: nothing in a lower layer may import these. */
const APPLICATION_UNITS = new Set(['src/engine', 'src/cli', 'src/config']);

const graph = importGraph(readSources(REPO, ['src', 'rules']));

const describeImport = ({ file, line, specifier }: { file: string; line: number; specifier: string }) => `${file}:${line} ${specifier}`;
const describeUpward = ({ from, to, site }: UnitImport) => `${site} (${from} is below ${to})`;

describe('the layers of src/ and rules/', () => {
  it('the table places every unit once, and every unit it places exists', () => {
    const placed = LAYERS.flat();
    const present = new Set([...graph.keys()].map(unitOf));
    expect(placed.length).toBe(new Set(placed).size);
    expect(placed.filter((unit) => !present.has(unit))).toEqual([]);
    expect(unplacedUnits(graph, LAYERS)).toEqual([]);
  });

  it('no import cycle between units', () => {
    expect(unitCycles(graph)).toEqual([]);
  });

  it('no unit imports a unit of a higher layer', () => {
    expect(upwardImports(graph, LAYERS).map(describeUpward)).toEqual([]);
  });

  it('nothing below src/config, src/engine or src/cli imports them', () => {
    expect(upwardImports(graph, LAYERS).filter(({ to }) => APPLICATION_UNITS.has(to)).map(describeUpward)).toEqual([]);
  });

  it('the eslint package is imported only by src/engine and src/eslint-plugin.ts', () => {
    const importers = packageImporters(graph, isEslint);
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter(({ file }) => !ESLINT_UNITS.has(unitOf(file))).map(describeImport)).toEqual([]);
  });

  it('the core reaches no eslint import, directly or through the modules it imports', () => {
    const core = [...graph.keys()].filter((file) => CORE_UNITS.has(unitOf(file)));
    expect(new Set(core.map(unitOf))).toEqual(CORE_UNITS);
    expect(packageReaches(graph, core, isEslint)).toEqual([]);
  });

  it('docs/architecture.md shows this table', () => {
    const doc = readFileSync(path.join(REPO, 'docs/architecture.md'), 'utf8');
    const table = layerTable(LAYERS);
    expect(doc.includes(table), `docs/architecture.md should show:\n${table}`).toBe(true);
  });
});

/** The Markdown table of the layers, lowest first, as docs/architecture.md shows it. */
function layerTable(layers: Layers): string {
  const rows = layers.map((units, layer) => `| ${layer} | ${units.map((unit) => `\`${unit}\``).join(', ')} |`);
  return ['| layer | units |', '| --- | --- |', ...rows].join('\n');
}

describe('the layer checks can fail', () => {
  const synthetic = (sources: Record<string, string>) => importGraph(new Map(Object.entries(sources)));
  const TWO_LAYERS: Layers = [['src/low'], ['src/high']];

  it('reads static, type-only, re-exported, dynamic and required specifiers', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import e = require('./e.js');",
      "type F = typeof import('./f.js');",
      "async function g() { return import('./g.js'); }",
      "const h = require('./h.js');",
    ].join('\n');
    expect(moduleSpecifiers('x.ts', text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((name, i) => ({ specifier: `./${name}.js`, line: i + 1 })));
  });

  it('a relative import of no source file throws', () => {
    expect(() => synthetic({ 'src/low/a.ts': "import './gone.js';" })).toThrow(/src\/low\/a\.ts:1 imports \.\/gone\.js/);
  });

  it('names a cycle between units and the imports that make it', () => {
    const cycles = unitCycles(synthetic({
      'src/low/a.ts': "import { b } from '../high/b.js';",
      'src/high/b.ts': "export const b = 1;\nimport type { C } from '../low/c.js';",
      'src/low/c.ts': 'export type C = 1;',
    }));
    expect(cycles).toEqual(['src/high → src/low → src/high\n    src/high/b.ts:2 → src/low/c.ts\n    src/low/a.ts:1 → src/high/b.ts']);
  });

  it('names an upward import, and a unit the table does not place', () => {
    const layered = synthetic({
      'src/low/a.ts': "export { b } from '../high/b.js';",
      'src/high/b.ts': "import('../low/a.js');",
      'src/other.ts': '',
    });
    expect(upwardImports(layered, TWO_LAYERS).map(describeUpward)).toEqual(['src/low/a.ts:1 → src/high/b.ts (src/low is below src/high)']);
    expect(unplacedUnits(layered, TWO_LAYERS)).toEqual(['src/other.ts']);
  });

  it('names an eslint import, and the chain that reaches it from another file', () => {
    const eslintGraph = synthetic({
      'src/low/a.ts': "import { b } from '../high/b.js';",
      'src/high/b.ts': "import type { Linter } from 'eslint/use-at-your-own-risk';\nimport '@typescript-eslint/utils';",
      'src/low/clean.ts': "import '@typescript-eslint/utils';",
    });
    expect(packageImporters(eslintGraph, isEslint).map(describeImport)).toEqual(['src/high/b.ts:1 eslint/use-at-your-own-risk']);
    expect(packageReaches(eslintGraph, ['src/low/a.ts', 'src/low/clean.ts'], isEslint))
      .toEqual(['src/low/a.ts → src/high/b.ts:1 → eslint/use-at-your-own-risk']);
  });
});
