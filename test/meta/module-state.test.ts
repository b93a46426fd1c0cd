import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSources } from '../helpers/import-graph.js';
import { moduleState, type ModuleState } from '../helpers/module-state.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * State belongs to a session (src/session) or to an object its owner creates; top-level WeakMaps
 * are allowed (see module-state.ts): memo caches keyed by ASTs or option lists die with their keys.
 */

const describeState = ({ file, line, name, why }: ModuleState) => `${file}:${line} ${name} (${why})`;

describe('module-level mutable state', () => {
  it('src/ and rules/ have none', () => {
    const found = moduleState(readSources(REPO, ['src', 'rules']));
    expect(found.map(({ file, name }) => `${file} ${name}`).sort(), `found:\n${found.map(describeState).join('\n')}`).toEqual([]);
  });
});

describe('the module-state check can fail', () => {
  const check = (sources: Record<string, string>) => moduleState(new Map(Object.entries(sources))).map(describeState);

  it('reports top-level let and var, destructured names included', () => {
    expect(check({ 'a.ts': 'let count = 0;\nvar { x, y: [z] } = f();\nconst fixed = 1;' })).toEqual([
      'a.ts:1 count (top-level let)',
      'a.ts:2 x (top-level var)',
      'a.ts:2 z (top-level var)',
    ]);
  });

  it('reports containers a function mutates, by method, property write, delete or Object.assign', () => {
    expect(check({
      'a.ts': [
        'const cache = new Map<string, number>();',
        'const seen = new Set<string>();',
        'const state = { runs: 0 };',
        'const byName: Record<string, number> = {};',
        'const options = {} as { a?: number };',
        'export function run(name: string) { cache.set(name, 1); seen.add(name); state.runs++; delete byName[name]; }',
        'export const reset = () => Object.assign(options, { a: 1 });',
      ].join('\n'),
    })).toEqual([
      'a.ts:1 cache (top-level new Map, mutated at a.ts:6)',
      'a.ts:2 seen (top-level new Set, mutated at a.ts:6)',
      'a.ts:3 state (top-level object, mutated at a.ts:6)',
      'a.ts:4 byName (top-level object, mutated at a.ts:6)',
      'a.ts:5 options (top-level object, mutated at a.ts:7)',
    ]);
  });

  it('follows a container into the module that imports it', () => {
    expect(check({
      'a.ts': 'export const registry: string[] = [];',
      'b.ts': "import { registry as all } from './a.js';\nexport class Registrar { add(name: string) { all.push(name); } }",
    })).toEqual(['a.ts:1 registry (top-level array, mutated at b.ts:2)']);
  });

  it('allows lookup tables filled at load time, shadowing names, and WeakMap memo caches', () => {
    expect(check({
      'a.ts': [
        'const TABLE = new Map([["a", 1]]);',
        'TABLE.set("b", 2);',
        'const list: number[] = [];',
        'const memo = new WeakMap<object, number>();',
        'export function read(key: object) { const list = [1]; list.push(2); memo.set(key, 1); return TABLE.get("a"); }',
      ].join('\n'),
    })).toEqual([]);
  });
});
