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
  elements.forEach((element, i) => {
    const segments = paths[i]!;
    for (let length = 1; length < segments.length; length++) {
      const tail = segments.slice(-length).join('/');
      const shared = paths.some((other, j) => j !== i && other.slice(-length).join('/') === tail);
      if (!shared) {
        element.name = tail;
        return;
      }
    }
  });
}
