/**
 * A map that keeps its most recently used entries up to a total weight, dropping the least
 * recently used first. The newest entry always stays, however heavy: a file larger than the whole
 * budget is still analysed, it just does not keep others company.
 */
export class WeightedLru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;
  /** The most recently used key: asked again (the analysis asks for one module many times in a row), it needs no move. */
  private newest: K | undefined;

  constructor(private budget: number) {}

  /** Keeps at most this much from now on (the least recently used entries beyond it are dropped). */
  resize(budget: number): void {
    this.budget = budget;
    for (const [k, entry] of this.entries) {
      if (this.total <= this.budget || this.entries.size === 1) break;
      this.entries.delete(k);
      this.total -= entry.weight;
    }
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (key === this.newest) return entry.value;
    // Map keeps insertion order: moving the entry to the end marks it most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.newest = key;
    return entry.value;
  }

  set(key: K, value: V, weight: number): void {
    this.delete(key);
    this.entries.set(key, { value, weight });
    this.newest = key;
    this.total += weight;
    for (const [k, entry] of this.entries) {
      if (this.total <= this.budget || k === key) break;
      this.entries.delete(k);
      this.total -= entry.weight;
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (key === this.newest) this.newest = undefined;
    this.total -= entry.weight;
  }

  clear(): void {
    this.entries.clear();
    this.newest = undefined;
    this.total = 0;
  }

  /** Keys from the most recently used to the least. */
  recentFirst(): K[] {
    return [...this.entries.keys()].reverse();
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.total;
  }
}

/**
 * How much source text (in UTF-16 code units) the parse cache and the analysis may each keep as
 * syntax trees. A tree takes about 100 times its source in memory, so 3 MB of source is about
 * 300 MB of trees: a project of some 2,000 modules keeps all of them (one parse per file), a
 * larger one parses the files it evicted again when it needs them (memory stays flat).
 * `SLS_LINT_SOURCE_BUDGET_MB` overrides it, for a machine with more or less memory.
 */
export function sourceBudget(): number {
  return (explicitBudgetMb() ?? DEFAULT_BUDGET_MB) * 1_000_000;
}

const DEFAULT_BUDGET_MB = 3;

function explicitBudgetMb(): number | undefined {
  const mb = Number(process.env['SLS_LINT_SOURCE_BUDGET_MB']);
  return Number.isFinite(mb) && mb > 0 ? mb : undefined;
}

/**
 * The budget for a project whose handler files alone weigh `handlerBytes`: when they outweigh the
 * budget, the project's code is several times what the cache can keep, most files are parsed
 * twice whatever it keeps, and keeping less costs no time but memory and garbage collection: half
 * the budget. At 10,000 functions (25 MB of code) a 1.5 MB budget ran as fast as 3 MB, with a peak
 * of 1.29 GB instead of 1.71 GB (docs/performance.md). A budget set with SLS_LINT_SOURCE_BUDGET_MB stays.
 */
export function projectBudget(budget: number, handlerBytes: number): number {
  return explicitBudgetMb() === undefined && handlerBytes > budget ? budget / 2 : budget;
}
