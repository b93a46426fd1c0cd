/** A source range, `[start, end)` offsets as typescript-estree gives them. */
export type Span = readonly [number, number];

/**
 * Items with nested source ranges (the functions or classes of one file), sorted once, so that the
 * innermost one around a range takes a binary search and a walk up the nesting, not a scan of all
 * of them. Ranges of one tree's nodes nest or are disjoint, which is what the walk up relies on.
 */
export class SpanIndex<T> {
  private readonly items: T[];
  private readonly starts: number[];
  private readonly ends: number[];
  /** Position of the innermost item around each item, -1 for none. */
  private readonly outer: number[];

  constructor(items: readonly T[], spanOf: (item: T) => Span) {
    // By start, the longer first at one start; the sort is stable, so of equal spans the later in
    // `items` nests in the earlier and is found first, as the linear scans this replaces chose it.
    const order = items.map((item, i) => ({ item, span: spanOf(item), i }))
      .sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1] || a.i - b.i);
    this.items = order.map((o) => o.item);
    this.starts = order.map((o) => o.span[0]);
    this.ends = order.map((o) => o.span[1]);
    this.outer = [];
    const open: number[] = [];
    for (let i = 0; i < order.length; i++) {
      while (open.length > 0 && this.ends[open.at(-1)!]! < this.ends[i]!) open.pop();
      this.outer.push(open.at(-1) ?? -1);
      open.push(i);
    }
  }

  /** The innermost item whose span contains `range`; with `strict`, a span equal to `range` does not count. */
  innermost(range: Span, strict = true): T | undefined {
    const found = this.innermostPosition(range, strict);
    return found === -1 ? undefined : this.items[found];
  }

  /** Every item whose span contains `range` (an equal span too), innermost first. */
  around(range: Span): T[] {
    const result: T[] = [];
    for (let i = this.innermostPosition(range, false); i !== -1; i = this.outer[i]!) result.push(this.items[i]!);
    return result;
  }

  /** The items inside `range` (an equal span too), by start. */
  within(range: Span): T[] {
    const result: T[] = [];
    for (let i = this.firstAfter(range[0] - 1); i < this.starts.length && this.starts[i]! <= range[1]; i++) {
      if (this.ends[i]! <= range[1]) result.push(this.items[i]!);
    }
    return result;
  }

  /** Whether any item lies inside `range` (an equal span too). */
  anyWithin(range: Span): boolean {
    for (let i = this.firstAfter(range[0] - 1); i < this.starts.length && this.starts[i]! <= range[1]; i++) {
      if (this.ends[i]! <= range[1]) return true;
    }
    return false;
  }

  /** The position of the first item that starts after `offset`. */
  private firstAfter(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private innermostPosition(range: Span, strict: boolean): number {
    // The last item that starts at or before the range: whatever contains the range contains it too.
    for (let i = this.firstAfter(range[0]) - 1; i !== -1; i = this.outer[i]!) {
      const start = this.starts[i]!;
      const end = this.ends[i]!;
      if (range[1] <= end && !(strict && start === range[0] && end === range[1])) return i;
    }
    return -1;
  }
}
