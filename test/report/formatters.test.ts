import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { buildGraph } from '../../src/graph/index.js';
import type { ProjectModel } from '../../src/model/types.js';
import { focusGraph } from '../../src/review/focus-graph.js';
import { coverageLine, FORMATS, formatResults, githubSourceLink, type FormatName } from '../../src/report/index.js';
import { MAX_COMMENT, MAX_ROWS } from '../../src/report/markdown.js';
import { emptyResult, recount, type Coverage, type LintMessage, type LintResult } from '../../src/results.js';
import { RULES, RULES_BY_ID } from '../../src/config/rule-registry.js';
import { sarifValidator } from '../helpers/sarif-schema.js';

const ORDERS = path.resolve(import.meta.dirname, '../../fixtures/sam-orders');
const GOLDEN = path.join(import.meta.dirname, 'golden');
const context = (color = false) => ({ cwd: ORDERS, rulesMeta: RULES_BY_ID, color, toolVersion: '0.0.0-test' });
/** An account made up for the formatters, with every kind of category. */
const ACCOUNT: Coverage = {
  templates: 12,
  functions: { linted: 131, 'not-node': 9, 'not-local': 0, 'not-found': 6, 'outside-root': 2, ignored: 0, unreadable: 0, minified: 0 },
  modules: 412,
};

/** Machine paths differ; goldens hold `<root>` where the fixture's absolute path was. */
function portable(text: string): string {
  return text.split(ORDERS).join('<root>').split(JSON.stringify(ORDERS).slice(1, -1)).join('<root>');
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN']) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

let results: LintResult[];
let model: ProjectModel;
let coverage: Coverage;
beforeAll(async () => {
  const run = await lintProject({ cwd: ORDERS });
  results = run.results.map(({ source: _source, ...rest }) => rest);
  model = run.model;
  coverage = run.coverage;
});

describe('formatters', () => {
  it('are all listed in the one map', () => {
    expect(Object.keys(FORMATS)).toEqual(['stylish', 'json', 'sarif', 'github', 'markdown', 'junit', 'rdjson']);
  });

  const EXTENSIONS: Record<FormatName, string> = {
    stylish: 'txt', json: 'json', sarif: 'sarif', github: 'github.txt', markdown: 'md', junit: 'junit.xml', rdjson: 'rdjson',
  };
  it.each(Object.keys(EXTENSIONS) as FormatName[])('%s matches its golden file', (format) => {
    const graph = format === 'markdown' ? { graph: focusGraph(buildGraph(model), model, results) } : {};
    golden(`sam-orders.${EXTENSIONS[format]}`, portable(formatResults(format, results, { ...context(), ...graph, coverage })));
  });

  /** A result made up for one formatter property, independent of which rules fire on the fixture. */
  const made = (file: string, messages: Partial<LintMessage>[]): LintResult => {
    const full = messages.map((m) => ({ ruleId: 'sls/no-sync-invoke', severity: 2 as const, message: 'm', line: 3, column: 5, ...m }));
    const result = { ...emptyResult(path.join(ORDERS, file)), messages: full };
    recount(result);
    return result;
  };

  it('github escapes what would end a workflow command', () => {
    const text = formatResults('github', [made('a,b:c.ts', [{ message: '100% sure\nsecond line' }])], context());
    expect(text).toBe('::error file=a%2Cb%3Ac.ts,line=3,col=5,title=sls/no-sync-invoke::100%25 sure%0Asecond line\n');
  });

  it('markdown folds the table and the diagram when there are many findings', () => {
    const many = [made('src/handlers/create-order.ts', Array.from({ length: 11 }, (_, i) => ({ line: i + 1 }))), made('template.yaml', [{ line: 63, severity: 1 }])];
    const text = formatResults('markdown', many, { ...context(), graph: focusGraph(buildGraph(model), model, many) });
    expect(text.split('\n')[0]).toBe('### sls-lint: ❌ 11 errors and 1 warning in 2 files');
    expect(text.match(/<details>/g)).toHaveLength(2);
    expect(text).toContain('<details><summary>12 findings</summary>');
  });

  it('markdown draws an unwatched failure sink next to a finding in the flagged colour, though no finding is on it', () => {
    const onQueue = [made('template.yaml', [{ ruleId: 'sls/sqs-visibility-timeout', line: 68, severity: 1 }])];
    const text = formatResults('markdown', onQueue, { ...context(), graph: focusGraph(buildGraph(model), model, onQueue) });
    expect(text).toContain('  class ShipmentsQueue flagged\n');
    expect(text).toContain('  classDef unwatched stroke:#d73a49,stroke-width:2px\n  class ShipmentsDeadLetterQueue unwatched\n');
  });

  it('markdown says so when there is nothing to report', () => {
    expect(formatResults('markdown', [made('template.yaml', [])], context())).toBe('### sls-lint: ✅ no findings\n');
  });

  it('stylish prints nothing when there is nothing to report', () => {
    expect(formatResults('stylish', results.map((r) => ({ ...r, messages: [], errorCount: 0, warningCount: 0 })), context())).toBe('');
  });

  it('stylish colours only when asked', () => {
    expect(formatResults('stylish', results, context(true))).toContain('\u001b[31merror');
    expect(formatResults('stylish', results, context(false))).not.toContain('\u001b[');
  });

  it('every format but json and rdjson gives the account; it changes nothing else', () => {
    const line = '12 templates · 148 functions: 131 handlers linted (412 modules), 9 not Node.js, 6 not found, 2 outside the project root';
    const withAccount = (format: FormatName) => formatResults(format, results, { ...context(), coverage: ACCOUNT });
    expect(withAccount('stylish')).toBe(`${formatResults('stylish', results, context())}${line}\n`);
    expect(withAccount('github')).toBe(`${formatResults('github', results, context())}::notice title=sls-lint coverage::${line}\n`);
    expect(withAccount('junit')).toContain(`<property name="coverage" value="${line}"/>`);
    expect(withAccount('markdown')).toContain([
      '<details><summary>Coverage: 12 templates · 148 functions</summary>', '',
      '- 131 handlers linted (412 modules)', '- 9 not Node.js', '- 6 not found', '- 2 outside the project root', '', '</details>',
    ].join('\n'));
    expect(withAccount('json')).toBe(formatResults('json', results, context()));
    expect(withAccount('rdjson')).toBe(formatResults('rdjson', results, context()));
  });

  it('stylish and markdown give the account on a clean run too', () => {
    const clean = [made('template.yaml', [])];
    expect(formatResults('stylish', clean, { ...context(), coverage: ACCOUNT })).toBe(`${coverageLine(ACCOUNT)}\n`);
    expect(formatResults('markdown', clean, { ...context(), coverage: ACCOUNT })).toMatch(/^### sls-lint: ✅ no findings\n\n<details><summary>Coverage: /);
  });

  it('the account of a run with no function says why', () => {
    const none = (noFunctions: Coverage['noFunctions'], templates = 0, modules = 0) =>
      coverageLine({ templates, functions: { ...ACCOUNT.functions, linted: 0, 'not-node': 0, 'not-found': 0, 'outside-root': 0 }, modules, noFunctions });
    expect(none('no-templates')).toBe('0 templates · 0 functions: no template found');
    expect(none('no-templates', 0, 2)).toBe('0 templates · 0 functions: no template found, 2 modules linted');
    expect(none('cdk-not-synthesized')).toBe('0 templates · 0 functions: a CDK app has no synthesized templates (run `cdk synth` first)');
    expect(none('unreadable-templates', 2)).toBe('2 templates · 0 functions: no template could be read');
    expect(none('no-functions-declared', 1)).toBe('1 template · 0 functions: none found in the templates read');
  });

  it('the account of CDK apps says what they hold that only running them gives, apart from the functions', () => {
    const cdk = (cdkUnread: Coverage['cdkUnread']) =>
      coverageLine({ templates: 0, cdkApps: 1, functions: { ...ACCOUNT.functions, linted: 2, 'not-node': 0, 'not-found': 0, 'outside-root': 0 }, modules: 3, cdkUnread });
    expect(cdk(undefined)).toBe('1 CDK app · 2 functions: 2 handlers linted (3 modules)');
    expect(cdk({ constructs: 1, settings: 0 })).toBe('1 CDK app · 2 functions: 2 handlers linted (3 modules), 1 CDK construct not read statically');
    expect(cdk({ constructs: 3, settings: 2 })).toBe(
      '1 CDK app · 2 functions: 2 handlers linted (3 modules), 3 CDK constructs not read statically, 2 CDK settings not read statically',
    );
  });

  it('json is ESLint\'s result format', () => {
    const parsed = JSON.parse(formatResults('json', results, context())) as LintResult[];
    const template = parsed.find((r) => r.filePath.endsWith('template.yaml'))!;
    expect(template).toMatchObject({ filePath: path.join(ORDERS, 'template.yaml'), errorCount: 1, warningCount: 3 });
    expect(template.messages.find((m) => m.ruleId === 'sls/sqs-redrive-policy')).toMatchObject({
      ruleId: 'sls/sqs-redrive-policy', severity: 2, line: 63, column: 3, endLine: 63, endColumn: 14,
    });
  });
});

describe('sarif', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(formatResults('sarif', results, context()));
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('with the account: still valid, one note per category that is not zero, the run successful', () => {
    const log = JSON.parse(formatResults('sarif', results, { ...context(), coverage: ACCOUNT }));
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      { descriptor: { id: 'coverage/templates' }, level: 'note', message: { text: '12 templates read' } },
      { descriptor: { id: 'coverage/linted' }, level: 'note', message: { text: '131 of 148 functions linted (412 modules)' } },
      { descriptor: { id: 'coverage/not-node' }, level: 'note', message: { text: '9 of 148 functions: not Node.js' } },
      { descriptor: { id: 'coverage/not-found' }, level: 'note', message: { text: '6 of 148 functions: not found' } },
      { descriptor: { id: 'coverage/outside-root' }, level: 'note', message: { text: '2 of 148 functions: outside the project root' } },
    ]);
  });

  it('the schema check is real: a broken log fails it', () => {
    const log = JSON.parse(formatResults('sarif', results, context()));
    log.runs[0].results[0].level = 'catastrophic';
    expect(validate(log)).toBe(false);
  });

  it('names sls-lint, lists every rule with its docs, and points each result at its rule', () => {
    const run = JSON.parse(formatResults('sarif', results, context())).runs[0];
    expect(run.tool.driver.name).toBe('sls-lint');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id).sort());
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toMatch(/\/docs\/rules\/[a-z-]+\.md$/);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    const uris = run.results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) =>
      r.locations[0]!.physicalLocation.artifactLocation);
    const expected = results.flatMap((r, index) => r.messages.map(() => ({ uri: path.relative(ORDERS, r.filePath), uriBaseId: '%SRCROOT%', index })));
    expect(expected.map((e) => e.uri)).toContain('template.yaml');
    expect(uris).toEqual(expected);
  });
});

describe('short messages and where the fix goes', () => {
  const made = (file: string, messages: Partial<LintMessage>[], suppressed: Partial<LintMessage>[] = []): LintResult => {
    const full = (m: Partial<LintMessage>) => ({ ruleId: 'sls/no-sync-invoke', severity: 2 as const, message: 'm', line: 3, column: 5, ...m });
    const result = {
      ...emptyResult(path.join(ORDERS, file)),
      messages: messages.map(full),
      suppressedMessages: suppressed.map((m) => ({ ...full(m), suppressions: [{ kind: 'directive', justification: '' }] })),
    };
    recount(result);
    return result;
  };
  const summaryOf = (text: string) => text.trimEnd().split('\n').at(-1)!;

  it('stylish counts the findings of each rule on the summary line, most first, without the sls/ prefix', () => {
    const text = formatResults('stylish', [
      made('template.yaml', [
        { ruleId: 'sls/sqs-redrive-policy' }, { ruleId: 'sls/stream-failure-destination', line: 9 }, { ruleId: 'sls/stream-failure-destination', line: 12 },
        { ruleId: null, line: 1, severity: 2, fatal: true },
      ]),
      made('src/a.ts', [{ ruleId: 'sls/no-scan', severity: 1 }, { ruleId: 'sls/stream-failure-destination', line: 7 }]),
    ], context());
    expect(summaryOf(text)).toBe('✖ 6 problems (5 errors, 1 warning) — 3 stream-failure-destination, 1 no-scan, 1 parse-error, 1 sqs-redrive-policy');
  });

  it('stylish keeps the summary line within 160 characters, the rules that do not fit left to …', () => {
    const rules = ['async-failure-destination', 'batch-partial-failure', 'conditional-writes', 'eventbridge-target-dlq', 'no-client-in-handler',
      'no-event-cycle', 'no-hardcoded-resource', 'no-polling', 'no-scan', 'no-swallowed-errors'];
    const messages = rules.flatMap((rule, i) => Array.from({ length: rules.length - i }, (_, n) => ({ ruleId: `sls/${rule}`, line: n + 1 })));
    const summary = summaryOf(formatResults('stylish', [made('src/a.ts', messages)], context()));
    expect(summary.length).toBeLessThanOrEqual(160);
    expect(summary).toMatch(/^✖ 55 problems \(55 errors, 0 warnings\) — 10 async-failure-destination, 9 batch-partial-failure, 8 conditional-writes, .*, …$/);
    expect(summary).not.toContain('no-swallowed-errors');
  });

  it('stylish wraps a message that would make its line wider than 160 characters under the message column', () => {
    const long = `Function ${'A'.repeat(40)}, invoked async by an Event invoke from ${'B'.repeat(40)}, has no DLQ or on-failure destination: a failed event is lost`;
    const text = formatResults('stylish', [made('template.yaml', [
      { ruleId: 'sls/async-failure-destination', message: long, line: 80, column: 3 },
      { ruleId: 'sls/no-scan', message: 'short', line: 120, column: 15, severity: 1 },
      { ruleId: 'sls/no-scan', message: `${'x'.repeat(200)} tail`, line: 130, column: 1, severity: 1 },
    ])], context());
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(160);
    const first = lines.findIndex((l) => l.startsWith('  80:3'));
    const column = '  120:15  warning  '.length;
    // The rule id stays on the first line, at the end; the rest of the message continues under its column.
    expect(lines[first]).toMatch(/^ {2}80:3 {4}error {4}Function A{40}, invoked async by an Event invoke from +sls\/async-failure-destination$/);
    expect(lines[first + 1]).toBe(`${' '.repeat(column)}B${'B'.repeat(39)}, has no DLQ or on-failure destination: a failed event is lost`);
    expect(lines[first + 2]).toMatch(/^ {2}120:15 {2}warning {2}short +sls\/no-scan$/);
    // A word longer than the column (a path) is cut where the line ends.
    const room = 160 - column - 2 - 'sls/async-failure-destination'.length;
    expect(lines[first + 3]).toBe(`  130:1   warning  ${'x'.repeat(room)}  sls/no-scan`);
    expect(lines[first + 4]).toBe(`${' '.repeat(column)}${'x'.repeat(200 - room)} tail`);
  });

  it('stylish counts suppressed findings on the summary line', () => {
    const suppressed = [{ ruleId: 'sls/no-scan' }, { ruleId: 'sls/no-scan', line: 8 }, { ruleId: 'sls/sqs-redrive-policy' }];
    expect(summaryOf(formatResults('stylish', [made('src/a.ts', [{ ruleId: 'sls/no-scan', severity: 1 }], suppressed)], context())))
      .toBe('✖ 1 problem (0 errors, 1 warning) (3 suppressed) — 1 no-scan');
    expect(formatResults('stylish', [made('src/a.ts', [], suppressed)], context())).toBe('\n0 problems (3 suppressed)\n');
  });

  it('json gives each message the fix of its message id (or of its rule) and the docs page; the message stays short', () => {
    const parsed = JSON.parse(formatResults('json', [made('template.yaml', [
      { ruleId: 'sls/stream-failure-destination', messageId: 'missingOnFailure', message: 'Kinesis stream S of F has no on-failure destination' },
      { ruleId: 'sls/stream-failure-destination', messageId: 'missingOnFailureAndRetryLimit', line: 9 },
      { ruleId: 'sls/not-a-rule', line: 12 },
    ], [{ ruleId: 'sls/no-scan', messageId: 'scan' }])], context())) as LintResult[];
    const [onFailure, both, unknown] = parsed[0]!.messages as (LintMessage & { help?: string; helpUri?: string })[];
    const rule = RULES_BY_ID.get('sls/stream-failure-destination')!;
    expect(onFailure).toMatchObject({ message: 'Kinesis stream S of F has no on-failure destination', help: rule.docs.fixes!['missingOnFailure'], helpUri: rule.docs.url });
    // The finding that names both problems gets the fix of both.
    expect(both!.help).toBe(rule.docs.fix);
    expect(both!.help).toMatch(/MaximumRetryAttempts.*DestinationConfig\.OnFailure/);
    expect(unknown).not.toHaveProperty('help');
    expect(parsed[0]!.suppressedMessages[0]).toMatchObject({ help: RULES_BY_ID.get('sls/no-scan')!.docs.fix });
  });

  it('sarif gives every rule its full description and its help, as text and markdown', () => {
    const rules = JSON.parse(formatResults('sarif', results, context())).runs[0].tool.driver.rules as {
      id: string; fullDescription: { text: string }; help: { text: string; markdown: string };
    }[];
    for (const rule of rules) {
      const docs = RULES_BY_ID.get(rule.id)!.docs;
      expect(rule.fullDescription.text).toBe(`${docs.description}. ${docs.why}`);
      expect(rule.help.text).toContain(`Fix: ${docs.fix}`);
      expect(rule.help.markdown).toContain(`**Fix.** ${docs.fix}`);
      expect(rule.help.markdown).toContain(`[Documentation](${docs.url})`);
      for (const fix of Object.values(docs.fixes ?? {})) expect(rule.help.markdown).toContain(fix);
    }
    const stream = rules.find((r) => r.id === 'sls/stream-failure-destination')!;
    expect(stream.help.markdown).toContain('- `missingOnFailure` (_… of … has no on-failure destination: a batch that runs out of retries is lost_): Add DestinationConfig.OnFailure');
  });
});

describe('markdown review comment', () => {
  const made = (file: string, messages: Partial<LintMessage>[]): LintResult => {
    const full = messages.map((m) => ({ ruleId: 'sls/no-scan', severity: 1 as const, message: 'm', line: 3, column: 5, ...m }));
    const result = { ...emptyResult(path.join(ORDERS, file)), messages: full };
    recount(result);
    return result;
  };
  const rowsOf = (text: string) => text.split('\n').filter((line) => /^\| (❌|⚠️) \|/.test(line));

  it('lists errors first, then by file and line', () => {
    const text = formatResults('markdown', [
      made('src/a.ts', [{ line: 9 }, { line: 2, severity: 2, ruleId: 'sls/no-sync-invoke' }]),
      made('template.yaml', [{ line: 1, severity: 2, ruleId: 'sls/sqs-redrive-policy' }, { line: 4 }]),
    ], context());
    expect(rowsOf(text).map((row) => row.split(' | ').slice(0, 3).join(' | '))).toEqual([
      '| ❌ | [`sls/no-sync-invoke`](https://github.com/sls-lint/sls-lint/blob/main/docs/rules/no-sync-invoke.md) | `src/a.ts:2`',
      '| ❌ | [`sls/sqs-redrive-policy`](https://github.com/sls-lint/sls-lint/blob/main/docs/rules/sqs-redrive-policy.md) | `template.yaml:1`',
      '| ⚠️ | [`sls/no-scan`](https://github.com/sls-lint/sls-lint/blob/main/docs/rules/no-scan.md) | `src/a.ts:9`',
      '| ⚠️ | [`sls/no-scan`](https://github.com/sls-lint/sls-lint/blob/main/docs/rules/no-scan.md) | `template.yaml:4`',
    ]);
  });

  it('links each location to its line at the commit when given a source link; a file outside its root is not linked', () => {
    const sourceLink = githubSourceLink({ GITHUB_SERVER_URL: 'https://github.example.com/', GITHUB_REPOSITORY: 'acme/orders', GITHUB_SHA: 'abc123' }, path.dirname(ORDERS))!;
    expect(sourceLink).toEqual({ url: 'https://github.example.com/acme/orders/blob/abc123', root: path.dirname(ORDERS) });
    const outside = { ...made('x', [{ line: 2 }]), filePath: path.join(path.dirname(path.dirname(ORDERS)), 'elsewhere', 'my file.ts') };
    const text = formatResults('markdown', [made('src/my handler.ts', [{ line: 7 }]), outside], { ...context(), sourceLink });
    const rows = rowsOf(text).map((row) => row.split(' | ')[2]);
    expect(rows).toEqual([
      '`../../elsewhere/my file.ts:2`',
      '[`src/my handler.ts:7`](https://github.example.com/acme/orders/blob/abc123/sam-orders/src/my%20handler.ts#L7)',
    ]);
  });

  it('takes the link from the environment of a GitHub Actions run only', () => {
    expect(githubSourceLink({}, ORDERS)).toBeUndefined();
    expect(githubSourceLink({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/orders' }, ORDERS)).toBeUndefined();
  });

  it(`lists at most ${MAX_ROWS} findings, and counts the others`, () => {
    const text = formatResults('markdown', [made('src/a.ts', Array.from({ length: MAX_ROWS + 7 }, (_, i) => ({ line: i + 1 })))], context());
    expect(rowsOf(text)).toHaveLength(MAX_ROWS);
    expect(text).toContain('**7 more findings not shown**: run `sls-lint` locally for all of them.');
  });

  it(`stays under GitHub's limit of ${MAX_COMMENT} characters, however long the findings, and says how many it left out`, () => {
    const long = 'x'.repeat(480);
    const many = Array.from({ length: 20 }, (_, f) => made(`src/${'deep/'.repeat(20)}file-${f}.ts`, Array.from({ length: MAX_ROWS }, (_, i) => ({ line: i + 1, message: long }))));
    const text = formatResults('markdown', many, { ...context(), graph: focusGraph(buildGraph(model), model, many) });
    expect(text.length).toBeLessThanOrEqual(MAX_COMMENT);
    const shown = rowsOf(text).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(MAX_ROWS);
    expect(text).toContain(`**${20 * MAX_ROWS - shown} more findings not shown**`);
    expect(text.split('\n')[0]).toBe(`### sls-lint: ⚠️ 0 errors and ${20 * MAX_ROWS} warnings in 20 files`);
  });
});
