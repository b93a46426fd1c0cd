import { describe, expect, it } from 'vitest';
import { functionsOf, ownerOf, parseShard, planShards, shardByHash, type ShardInput } from '../../src/review/shards.js';

const ids = (template: string, n: number) => Array.from({ length: n }, (_, i) => `${template}#0#Fn${i + 1}`);

/** Three services of 4, 3 and 2 functions, a module shared by the second and third, and one no function reaches. */
const SERVICES: ShardInput = {
  templates: [
    { file: 'services/orders/template.yaml', functions: ids('orders', 4) },
    { file: 'services/billing/template.yaml', functions: ids('billing', 3) },
    { file: 'services/audit/template.yaml', functions: ids('audit', 2) },
  ],
  modules: [
    { file: 'services/orders/src/create.ts', reachedBy: ['orders#0#Fn1'] },
    { file: 'shared/db.ts', reachedBy: ['billing#0#Fn2', 'audit#0#Fn1'] },
    { file: 'scripts/seed.ts', reachedBy: [] },
  ],
};

describe('parseShard', () => {
  it('reads i/n with whole numbers, i from 1 to n', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseShard('3/3')).toEqual({ index: 3, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  it('refuses a zero index, an index past the count, a zero count and anything not i/n', () => {
    for (const text of ['0/3', '4/3', '1/0', 'a/b', '1/3/2', '1.5/3', '-1/3', '1', '/3', '']) expect(parseShard(text), text).toBeUndefined();
  });
});

describe('planShards', () => {
  it('keeps each service whole when the sizes allow: largest first, each into the emptiest shard', () => {
    const plan = planShards(SERVICES, 3);
    // An even share is 3: orders (4) is cut, 3 to shard 1 and 1 to shard 2; billing (3) goes whole to the empty shard 3; audit (2) joins the 1 in shard 2.
    expect(functionsOf(plan, 1)).toEqual(['orders#0#Fn1', 'orders#0#Fn2', 'orders#0#Fn3']);
    expect(functionsOf(plan, 2)).toEqual(['orders#0#Fn4', 'audit#0#Fn1', 'audit#0#Fn2']);
    expect(functionsOf(plan, 3)).toEqual(['billing#0#Fn1', 'billing#0#Fn2', 'billing#0#Fn3']);
  });

  it('never cuts a service no bigger than an even share', () => {
    const plan = planShards(SERVICES, 2);
    // Share 5: orders (4) to shard 1, billing (3) to shard 2, audit (2) to the emptiest then, shard 2.
    expect(functionsOf(plan, 1)).toEqual(ids('orders', 4));
    expect(functionsOf(plan, 2)).toEqual([...ids('billing', 3), ...ids('audit', 2)]);
  });

  it('gives a template to the shard of its first function', () => {
    const plan = planShards(SERVICES, 3);
    expect(ownerOf(plan, 'services/orders/template.yaml')).toBe(1);
    expect(ownerOf(plan, 'services/billing/template.yaml')).toBe(3);
    expect(ownerOf(plan, 'services/audit/template.yaml')).toBe(2);
  });

  it('gives a module reached from several shards to the shard of the first function reaching it (templates by path, functions in order)', () => {
    const plan = planShards(SERVICES, 3);
    // audit sorts before billing: audit's Fn1 (shard 2) is the first reacher, not billing's Fn2 (shard 3).
    expect(ownerOf(plan, 'shared/db.ts')).toBe(2);
    expect(ownerOf(plan, 'services/orders/src/create.ts')).toBe(1);
  });

  it('gives a file no function reaches, and a file the plan does not name, the shard of its path\'s hash', () => {
    const plan = planShards(SERVICES, 3);
    expect(ownerOf(plan, 'scripts/seed.ts')).toBe(shardByHash('scripts/seed.ts', 3));
    expect(ownerOf(plan, 'cdk.json')).toBe(shardByHash('cdk.json', 3));
    expect(shardByHash('cdk.json', 3)).toBe(shardByHash('cdk.json', 3));
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((f) => shardByHash(`${f}.ts`, 3))).size).toBeGreaterThan(1);
  });

  it('puts every function in exactly one shard, and a template without functions in one too', () => {
    const input: ShardInput = { ...SERVICES, templates: [...SERVICES.templates, { file: 'infra/network.yaml', functions: [] }] };
    const plan = planShards(input, 4);
    const all = [1, 2, 3, 4].flatMap((i) => functionsOf(plan, i));
    expect(all.sort()).toEqual(SERVICES.templates.flatMap((t) => t.functions).sort());
    expect([1, 2, 3, 4]).toContain(ownerOf(plan, 'infra/network.yaml'));
  });

  it('is deterministic: the same input, in any order, gives the same plan', () => {
    const again = planShards(structuredClone(SERVICES), 3);
    const shuffled = planShards({ templates: [...SERVICES.templates].reverse(), modules: [...SERVICES.modules].reverse() }, 3);
    expect(again).toEqual(planShards(SERVICES, 3));
    expect(shuffled).toEqual(planShards(SERVICES, 3));
  });

  it('keeps the stacks of one file together (a CDK source file with two stacks)', () => {
    const plan = planShards({
      templates: [
        { file: 'lib/app.ts', functions: ['lib/app.ts#0#A'] },
        { file: 'lib/app.ts', functions: ['lib/app.ts#1#B'] },
        { file: 'lib/other.ts', functions: ['lib/other.ts#0#C'] },
      ],
      modules: [],
    }, 2);
    expect(functionsOf(plan, 1)).toEqual(['lib/app.ts#0#A', 'lib/app.ts#1#B']);
    expect(functionsOf(plan, 2)).toEqual(['lib/other.ts#0#C']);
  });

  it('with more shards than functions, leaves some shards empty', () => {
    const plan = planShards({ templates: [{ file: 't.yaml', functions: ['t#0#A'] }], modules: [{ file: 'a.ts', reachedBy: ['t#0#A'] }] }, 3);
    expect(functionsOf(plan, 1)).toEqual(['t#0#A']);
    expect(functionsOf(plan, 2)).toEqual([]);
    expect(ownerOf(plan, 'a.ts')).toBe(1);
  });
});
