import { afterEach, describe, expect, it } from 'vitest';
import { projectBudget, sourceBudget, WeightedLru } from '../../src/analysis/lru.js';

describe('WeightedLru', () => {
  it('drops the least recently used entries once the total weight passes the budget', () => {
    const lru = new WeightedLru<string, number>(10);
    lru.set('a', 1, 4);
    lru.set('b', 2, 4);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3, 4);
    expect(lru.recentFirst()).toEqual(['c', 'a']);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.weight).toBe(8);
  });

  it('resized, drops the least recently used entries beyond the new budget, and keeps to it', () => {
    const lru = new WeightedLru<string, number>(12);
    lru.set('a', 1, 4);
    lru.set('b', 2, 4);
    lru.set('c', 3, 4);
    lru.get('a');
    lru.resize(8);
    expect(lru.recentFirst()).toEqual(['a', 'c']);
    lru.set('d', 4, 4);
    expect(lru.recentFirst()).toEqual(['d', 'a']);
    lru.resize(1);
    expect(lru.recentFirst()).toEqual(['d']);
  });

  it('keeps the newest entry even when it alone is heavier than the budget', () => {
    const lru = new WeightedLru<string, number>(10);
    lru.set('a', 1, 4);
    lru.set('huge', 2, 50);
    expect(lru.recentFirst()).toEqual(['huge']);
    expect(lru.weight).toBe(50);
  });

  it('keeps the order right when the most recent entry is asked again, deleted, or set again', () => {
    const lru = new WeightedLru<string, number>(100);
    lru.set('a', 1, 1);
    lru.set('b', 2, 1);
    expect(lru.get('b')).toBe(2);
    expect(lru.get('b')).toBe(2);
    expect(lru.recentFirst()).toEqual(['b', 'a']);
    lru.set('c', 3, 1);
    lru.delete('c');
    expect(lru.get('a')).toBe(1);
    expect(lru.recentFirst()).toEqual(['a', 'b']);
    lru.set('b', 4, 1);
    expect(lru.get('a')).toBe(1);
    expect(lru.recentFirst()).toEqual(['a', 'b']);
    lru.clear();
    lru.set('d', 5, 1);
    lru.set('a', 6, 1);
    expect(lru.get('d')).toBe(5);
    expect(lru.recentFirst()).toEqual(['d', 'a']);
  });

  it('replaces an entry set again, counting its new weight only', () => {
    const lru = new WeightedLru<string, number>(10);
    lru.set('a', 1, 6);
    lru.set('a', 2, 3);
    expect(lru.get('a')).toBe(2);
    expect(lru.weight).toBe(3);
    lru.delete('a');
    expect(lru.size).toBe(0);
    expect(lru.weight).toBe(0);
  });
});

describe('sourceBudget', () => {
  const saved = process.env['SLS_LINT_SOURCE_BUDGET_MB'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SLS_LINT_SOURCE_BUDGET_MB'];
    else process.env['SLS_LINT_SOURCE_BUDGET_MB'] = saved;
  });

  it('is 3 MB of source by default, and SLS_LINT_SOURCE_BUDGET_MB sets it', () => {
    delete process.env['SLS_LINT_SOURCE_BUDGET_MB'];
    expect(sourceBudget()).toBe(3_000_000);
    process.env['SLS_LINT_SOURCE_BUDGET_MB'] = '0.5';
    expect(sourceBudget()).toBe(500_000);
    process.env['SLS_LINT_SOURCE_BUDGET_MB'] = 'lots';
    expect(sourceBudget()).toBe(3_000_000);
  });

  it('is halved for a project whose handler files alone outweigh it, unless SLS_LINT_SOURCE_BUDGET_MB set it', () => {
    delete process.env['SLS_LINT_SOURCE_BUDGET_MB'];
    expect(projectBudget(3_000_000, 2_999_999)).toBe(3_000_000);
    expect(projectBudget(3_000_000, 3_000_001)).toBe(1_500_000);
    process.env['SLS_LINT_SOURCE_BUDGET_MB'] = '3';
    expect(projectBudget(3_000_000, 30_000_000)).toBe(3_000_000);
  });
});
