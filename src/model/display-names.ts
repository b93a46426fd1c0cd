import type { Stack } from './types.js';

/**
 * CDK elements are known by construct path (`OrdersStack/Billing/ChargeFunction`), which grows with
 * every level of nesting, and every message naming one grows with it: a finding's line in a
 * terminal, a review comment's row. Each is named instead by the shortest tail of its path that no
 * other element of its stack shares (`ChargeFunction`, or `Billing/ChargeFunction` when another
 * construct has that id too). The stack's own id, the first segment, is never needed in a stack.
 */
export function shortenConstructPaths(stack: Stack): void {
  const elements = [...stack.functions, ...stack.resources].filter((e) => e.name?.includes('/'));
  const paths = elements.map((e) => e.name!.split('/'));
  // How many paths end in each tail, by the tail's number of segments: counted once, not per element
  // (a stack of 20,000 constructs took a minute). A shorter path cannot end in a longer tail.
  const counts = new Map<number, Map<string, number>>();
  const countOf = (length: number, tail: string): number => {
    let byTail = counts.get(length);
    if (!byTail) {
      byTail = new Map();
      for (const path of paths) {
        if (path.length < length) continue;
        const key = path.slice(-length).join('/');
        byTail.set(key, (byTail.get(key) ?? 0) + 1);
      }
      counts.set(length, byTail);
    }
    return byTail.get(tail) ?? 0;
  };
  elements.forEach((element, i) => {
    const segments = paths[i]!;
    for (let length = 1; length < segments.length; length++) {
      const tail = segments.slice(-length).join('/');
      // The element's own path is one of the count.
      if (countOf(length, tail) === 1) {
        element.name = tail;
        return;
      }
    }
  });
}
