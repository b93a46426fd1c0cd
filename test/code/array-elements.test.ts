import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/code/ast.js';
import { arrayElements, iteratedArray } from '../../src/code/array-elements.js';
import { Declarations } from '../../src/code/declarations.js';
import { argumentsFor } from '../../src/code/passed-inputs.js';

/** The source text of each element the array a callback's parameter `name` walks holds, or undefined. */
function elementsWalkedBy(source: string, name: string): string[] | undefined {
  const program = parse(source, { range: true, loc: true });
  const scope = { program, decls: new Declarations(program) };
  let param: TSESTree.Identifier | undefined;
  walk(program, (node) => {
    if (!param && node.type === 'Identifier' && node.name === name) param = node;
  });
  const array = param ? iteratedArray(param, program) : undefined;
  const elements = array ? arrayElements(array, scope, (p) => argumentsFor(p, program)) : undefined;
  return elements?.map((e) => source.slice(e.range[0], e.range[1]));
}

describe('arrayElements', () => {
  it('follows a parameter to its callers, an awaited helper, Promise.all and an async map callback to what it returns', () => {
    const source = [
      'const build = (id) => ({ id });',
      'async function collect(ids) {',
      '  return Promise.all(ids.map(async (id) => { await tick(); return build(id); }));',
      '}',
      'const send = (jobs) => jobs.forEach((job) => post(job));',
      'export async function main(ids) { const jobs = await collect(ids); send(jobs.filter(Boolean)); }',
    ].join('\n');
    expect(elementsWalkedBy(source, 'job')).toEqual(['build(id)']);
  });

  it('reads literal arrays and spreads, and every return of a map callback', () => {
    const source = [
      'const extra = [{ b: 2 }];',
      'const all = [{ a: 1 }, ...extra].map((x) => { if (x.a) return { ...x, first: true }; return x; });',
      'all.forEach((entry) => post(entry));',
    ].join('\n');
    expect(elementsWalkedBy(source, 'entry')).toEqual(['{ ...x, first: true }', 'x']);
  });

  it('gives up on what it cannot read: an unknown array, a helper with a bare return, an index parameter', () => {
    expect(elementsWalkedBy('export const f = (xs) => xs.map((x) => post(x));', 'x')).toBeUndefined();
    expect(elementsWalkedBy('function g() { if (a) return; return [1]; }\ng().map((y) => post(y));', 'y')).toBeUndefined();
    expect(elementsWalkedBy('[{ a: 1 }].map((v, i) => post(i));', 'i')).toBeUndefined();
  });
});
