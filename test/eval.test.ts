import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFixtures, precision, recall, regressions, type Thresholds } from '../src/eval/evaluate.js';

const REPO = path.resolve(import.meta.dirname, '..');

describe('npm run eval, enforced in CI', () => {
  it('no rule drops below the precision and recall recorded in eval/thresholds.json (minimum 0.95)', async () => {
    const thresholds = JSON.parse(readFileSync(path.join(REPO, 'eval/thresholds.json'), 'utf8')) as Thresholds;
    expect(thresholds.minimum).toEqual({ precision: 0.95, recall: 0.95 });
    const evaluation = await evaluateFixtures(path.join(REPO, 'fixtures'));
    expect(evaluation.projects.length).toBeGreaterThanOrEqual(6);
    expect(regressions(evaluation, thresholds)).toEqual([]);
  });

  it('scores a false positive and a false negative as such', () => {
    const s = { truePositives: 3, falsePositives: 1, falseNegatives: 1 };
    expect(precision(s)).toBe(0.75);
    expect(recall(s)).toBe(0.75);
    const evaluation = { projects: [], mistakes: [], rules: new Map([['sls/x', s]]) };
    expect(regressions(evaluation, { minimum: { precision: 0.95, recall: 0.5 }, rules: {} })).toEqual(['sls/x: precision 0.750 is below 0.950']);
  });
});
