import type { LintMessage } from '../results.js';
import { coverageLine } from './coverage.js';
import type { Formatter } from './types.js';
import { relativePath } from '../util/relative-path.js';

/**
 * JUnit XML for CI dashboards: one test case per rule and file that has findings (failed), and
 * one passing case per clean file, so the count of files checked shows too. The account of what
 * was covered is a suite property (`coverage`): dashboards show properties, and it is no test.
 */
export const formatJunit: Formatter = (results, context) => {
  const cases: string[] = [];
  let failures = 0;
  for (const result of results) {
    const file = relativePath(context.cwd, result.filePath);
    const byRule = new Map<string, LintMessage[]>();
    for (const m of result.messages) byRule.set(m.ruleId ?? 'sls/parse-error', [...(byRule.get(m.ruleId ?? 'sls/parse-error') ?? []), m]);
    if (byRule.size === 0) {
      cases.push(`    <testcase classname="${xml(file)}" name="sls-lint" time="0"/>`);
      continue;
    }
    for (const [rule, messages] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
      failures++;
      const errors = messages.some((m) => m.severity === 2);
      const detail = messages.map((m) => `${file}:${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.message}`).join('\n');
      cases.push(
        `    <testcase classname="${xml(file)}" name="${xml(rule)}" time="0">`,
        `      <failure type="${errors ? 'error' : 'warning'}" message="${xml(`${messages.length} ${messages.length === 1 ? 'finding' : 'findings'}: ${messages[0]!.message}`)}">${xml(detail)}</failure>`,
        '    </testcase>',
      );
    }
  }
  const total = cases.filter((c) => c.startsWith('    <testcase')).length;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<testsuites name="sls-lint" tests="${total}" failures="${failures}">`,
    `  <testsuite name="sls-lint" tests="${total}" failures="${failures}" errors="0" skipped="0">`,
    ...(context.coverage ? ['    <properties>', `      <property name="coverage" value="${xml(coverageLine(context.coverage))}"/>`, '    </properties>'] : []),
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};

/** Text for XML attributes and content; characters XML 1.0 forbids are dropped. */
export function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- stripping what XML 1.0 cannot carry
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
