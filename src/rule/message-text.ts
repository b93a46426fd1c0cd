/**
 * Lists inside a finding's message stay short: a message is one line of a terminal report and one
 * row of a review comment. The whole list is in the graph (`sls-lint graph`) and in the template.
 */

/** `a, b and 3 more`: the first `max` items, and how many are left out. */
export function shortList(items: readonly string[], max = 2): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** `A → B → … → A`: a path with its middle left out when it has more than `max` steps. */
export function shortPath(steps: readonly string[], max = 4): string {
  if (steps.length <= max + 1) return steps.join(' → ');
  return [...steps.slice(0, 2), '…', ...steps.slice(-2)].join(' → ');
}
