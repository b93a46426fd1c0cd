import { describe, expect, it } from 'vitest';
import { shortList, shortPath } from '../../src/rule/message-text.js';

describe('lists in messages', () => {
  it('names the first two items and counts the rest', () => {
    expect(shortList(['a', 'b'])).toBe('a, b');
    expect(shortList(['a', 'b', 'c', 'd'])).toBe('a, b and 2 more');
  });

  it('leaves out the middle of a path of more than four steps', () => {
    expect(shortPath(['A', 'Bus', 'B', 'Bus', 'A'])).toBe('A → Bus → B → Bus → A');
    expect(shortPath(['A', 'Bus', 'B', 'Bus', 'C', 'Bus', 'A'])).toBe('A → Bus → … → Bus → A');
  });
});
