import { describe, expect, it } from 'vitest';
import { shortenConstructPaths } from '../../src/model/display-names.js';
import type { Stack } from '../../src/model/types.js';

const element = (logicalId: string, name?: string) => ({ logicalId, ...(name ? { name } : {}) });

describe('shortenConstructPaths', () => {
  it('names each CDK element by the shortest tail of its construct path no other element of the stack shares', () => {
    const stack = {
      functions: [element('A1', 'Shop/Billing/Handler'), element('B1', 'Shop/Orders/Handler'), element('C1', 'Shop/Orders/Worker')],
      resources: [element('Q1', 'Shop/Orders/Queue'), element('T1')],
    } as unknown as Stack;
    shortenConstructPaths(stack);
    expect([...stack.functions, ...stack.resources].map((e) => e.name ?? e.logicalId)).toEqual([
      'Billing/Handler', 'Orders/Handler', 'Worker', 'Queue', 'T1',
    ]);
  });

  it('keeps the whole path when even that is shared (two stacks of one app read as one)', () => {
    const stack = { functions: [element('A1', 'Shop/Handler'), element('A2', 'Shop/Handler')], resources: [] } as unknown as Stack;
    shortenConstructPaths(stack);
    expect(stack.functions.map((e) => e.name)).toEqual(['Shop/Handler', 'Shop/Handler']);
  });
});
