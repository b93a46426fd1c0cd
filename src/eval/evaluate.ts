import path from 'node:path';
import { exists, listFolder, readText } from '../util/fs-fence.js';
import { lintProject } from '../engine/lint.js';
import { relativePath } from '../util/relative-path.js';

/**
 * Recall and precision per rule over the fixture projects: each `fixtures/<project>` with an
 * `expected-findings.json` (what a careful reviewer says is wrong there) is linted, and every
 * finding is matched to an expected one by file, line and rule.
 */
export interface ExpectedFinding {
  file: string;
  line: number;
  column?: number;
  ruleId: string;
  severity?: 1 | 2;
}

export interface RuleScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Evaluation {
  projects: string[];
  rules: Map<string, RuleScore>;
  /** Each miss and false alarm, for the report. */
  mistakes: { project: string; kind: 'false positive' | 'false negative'; finding: ExpectedFinding }[];
}

export async function evaluateFixtures(fixturesDir: string): Promise<Evaluation> {
  const projects = listFolder(fixturesDir).map((entry) => entry.name).filter((name) => exists(path.join(fixturesDir, name, 'expected-findings.json'))).sort();
  const rules = new Map<string, RuleScore>();
  const mistakes: Evaluation['mistakes'] = [];
  const score = (rule: string) => {
    let s = rules.get(rule);
    if (!s) rules.set(rule, (s = { truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return s;
  };
  for (const project of projects) {
    const root = path.join(fixturesDir, project);
    const expected = JSON.parse(readText(path.join(root, 'expected-findings.json'), { kind: 'state', fence: root }) ?? '') as ExpectedFinding[];
    const { results } = await lintProject({ cwd: root });
    const actual: ExpectedFinding[] = results.flatMap((r) =>
      r.messages.map((m) => ({ file: relativePath(root, r.filePath), line: m.line, column: m.column, ruleId: m.ruleId ?? '' })));
    const unmatched = [...expected];
    for (const finding of actual) {
      const index = unmatched.findIndex((e) => e.ruleId === finding.ruleId && e.file === finding.file && e.line === finding.line);
      if (index === -1) {
        score(finding.ruleId).falsePositives++;
        mistakes.push({ project, kind: 'false positive', finding });
      } else {
        unmatched.splice(index, 1);
        score(finding.ruleId).truePositives++;
      }
    }
    for (const missed of unmatched) {
      score(missed.ruleId).falseNegatives++;
      mistakes.push({ project, kind: 'false negative', finding: missed });
    }
  }
  return { projects, rules, mistakes };
}

/** Undefined when the rule had nothing to find (recall) or reported nothing (precision). */
export function precision(s: RuleScore): number | undefined {
  const reported = s.truePositives + s.falsePositives;
  return reported === 0 ? undefined : s.truePositives / reported;
}

export function recall(s: RuleScore): number | undefined {
  const relevant = s.truePositives + s.falseNegatives;
  return relevant === 0 ? undefined : s.truePositives / relevant;
}

export interface Thresholds {
  /** Applied to every rule that has data. */
  minimum: { precision: number; recall: number };
  /** Figures recorded per rule: a rule may not drop below them. */
  rules: Record<string, { precision?: number; recall?: number }>;
}

/** The rules (and measures) below the minimum or their recorded figure. */
export function regressions(evaluation: Evaluation, thresholds: Thresholds): string[] {
  const failures: string[] = [];
  for (const [rule, s] of evaluation.rules) {
    for (const [measure, value] of [['precision', precision(s)], ['recall', recall(s)]] as const) {
      if (value === undefined) continue;
      const floor = Math.max(thresholds.minimum[measure], thresholds.rules[rule]?.[measure] ?? 0);
      if (value < floor) failures.push(`${rule}: ${measure} ${value.toFixed(3)} is below ${floor.toFixed(3)}`);
    }
  }
  return failures;
}
