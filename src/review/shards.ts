import { createHash } from 'node:crypto';

/**
 * `--shard <i>/<n>`: a CI matrix splits one project's run over n jobs. Every job reads every
 * template and builds the whole analysis (cross-service edges stay known), and lints and reports
 * only its share, so that the n reports merged give every finding exactly once. The share is a
 * pure function of the project's files and functions: every job computes the same plan.
 */

/** One job's share: `--shard 2/3` is `{ index: 2, count: 3 }` (the index counts from 1, as Jest's and Playwright's do). */
export interface Shard {
  index: number;
  count: number;
}

/** What the plan is made from, as plain data; paths are relative to the project folder, `/`-separated. */
export interface ShardInput {
  /** Each template (a service: its stacks together) with the ids of its functions, in the template's order. */
  templates: { file: string; functions: string[] }[];
  /** Each code file the run lints, with the ids of the functions whose invocations reach it. */
  modules: { file: string; reachedBy: string[] }[];
}

export interface ShardPlan {
  count: number;
  /** The shard of each function, by id. */
  functions: Map<string, number>;
  /** The shard of each template and code file of the input. A file it does not name goes by its hash (`ownerOf`). */
  files: Map<string, number>;
}

/** `i/n` with whole numbers, 1 ≤ i ≤ n; undefined for anything else (`0/3`, `4/3`, `a/b`, `1/3/2`). */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || count < 1 || index > count) return undefined;
  return { index, count };
}

/**
 * Functions go to shards with their templates: templates are packed greedily, largest first (by
 * number of functions; equal sizes by path), each into the shard with the fewest functions so far
 * (the lowest index on a tie). A template with more functions than an even share is cut, in its
 * own order, into runs that fill the emptiest shards. A template belongs to the shard of its first
 * function (a template without functions, to the shard it was packed into); a code file to the
 * shard of the first function that reaches it, in the order of templates by path and functions in
 * template order; a code file no function reaches, to the shard its path hashes to.
 */
export function planShards(input: ShardInput, count: number): ShardPlan {
  const templates = mergedByFile(input.templates);
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const loads = new Array<number>(count).fill(0);
  const emptiest = () => loads.indexOf(Math.min(...loads));
  const total = templates.reduce((sum, t) => sum + t.functions.length, 0);
  const share = Math.ceil(total / count);
  const largestFirst = [...templates].sort((a, b) => b.functions.length - a.functions.length || compare(a.file, b.file));
  for (const template of largestFirst) {
    const all = template.functions;
    let at = 0;
    // Each run goes to the emptiest shard at its turn; a template without functions is one empty run.
    do {
      const shard = emptiest();
      // An even share or less stays whole; a bigger template is cut into runs of what the emptiest shard still holds.
      const run = all.slice(at, all.length <= share ? all.length : at + Math.max(1, share - loads[shard]!));
      if (at === 0) files.set(template.file, shard + 1);
      for (const id of run) functions.set(id, shard + 1);
      loads[shard]! += run.length;
      at += run.length;
    } while (at < all.length);
  }
  const rank = new Map<string, number>();
  for (const template of templates) for (const id of template.functions) if (!rank.has(id)) rank.set(id, rank.size);
  for (const module of [...input.modules].sort((a, b) => compare(a.file, b.file))) {
    if (files.has(module.file)) continue;
    let first: string | undefined;
    for (const id of module.reachedBy) if (rank.has(id) && (first === undefined || rank.get(id)! < rank.get(first)!)) first = id;
    files.set(module.file, first !== undefined ? functions.get(first)! : shardByHash(module.file, count));
  }
  return { count, functions, files };
}

/** The shard that reports a file's findings: its place in the plan, or its path's hash for a file the plan does not name (an included fragment, a cdk.json). */
export function ownerOf(plan: ShardPlan, file: string): number {
  return plan.files.get(file) ?? shardByHash(file, plan.count);
}

/** The functions a shard covers. */
export function functionsOf(plan: ShardPlan, index: number): string[] {
  return [...plan.functions].filter(([, shard]) => shard === index).map(([id]) => id);
}

/** A file's shard from its path alone: the same on every machine, whatever else the project holds. */
export function shardByHash(file: string, count: number): number {
  return (parseInt(createHash('sha1').update(file).digest('hex').slice(0, 8), 16) % count) + 1;
}

/** Templates sorted by path, one entry per file (a CDK source file may hold several stacks). */
function mergedByFile(templates: ShardInput['templates']): ShardInput['templates'] {
  const byFile = new Map<string, string[]>();
  for (const { file, functions } of templates) byFile.set(file, [...(byFile.get(file) ?? []), ...functions]);
  return [...byFile].sort(([a], [b]) => compare(a, b)).map(([file, functions]) => ({ file, functions }));
}

/** By code unit, not locale: the same order on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
