/**
 * The index of the last item of `sorted` (ascending by `key`) whose key is at most `value`; -1 when
 * none is. A binary search: asked once per finding over every element of a template, a scan was quadratic.
 */
export function lastAtOrBefore<T>(sorted: readonly T[], value: number, key: (item: T) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (key(sorted[middle]!) <= value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
