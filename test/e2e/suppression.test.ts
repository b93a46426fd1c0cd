import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { directiveRuleIds } from '../../src/engine/blanket-suppressions.js';
import { lintProject } from '../../src/engine/lint.js';
import plugin from '../../src/eslint-plugin.js';
import type { LintResult } from '../../src/results.js';
import { writeProject } from '../helpers/temp-project.js';

const TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: api.handler',
  '',
].join('\n');

/** A handler whose `body` lines can scan (`scan`) and invoke synchronously (`invoke`); the first body line is line 5. */
function handler(body: string[]): string {
  return [
    "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
    "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
    'const db = new DynamoDBClient({}), lambda = new LambdaClient({});',
    'export const handler = async (table: string, fn: string) => {',
    ...body.map((line) => (line === 'scan' ? '  await db.send(new ScanCommand({ TableName: table }));' : line === 'invoke' ? '  await lambda.send(new InvokeCommand({ FunctionName: fn }));' : `  ${line}`)),
    '};',
    '',
  ].join('\n');
}

const RULES = ['sls/no-scan', 'sls/no-sync-invoke'];

interface Shown {
  shown: string[];
  suppressed: string[];
  result: LintResult;
}

/** What the CLI reports in the handler: `line rule` of the findings shown and of those suppressed. */
async function cli(body: string[]): Promise<Shown> {
  const root = writeProject({ 'template.yaml': TEMPLATE, 'api.ts': handler(body) });
  const { results } = await lintProject({ cwd: root });
  const result = results.find((r) => r.filePath === path.join(root, 'api.ts'))!;
  const lines = (messages: LintResult['messages']) => messages.filter((m) => RULES.includes(m.ruleId!)).map((m) => `${m.line} ${m.ruleId}`);
  return { shown: lines(result.messages), suppressed: lines(result.suppressedMessages), result };
}

describe('disable comments in the CLI', () => {
  it('a blanket /* eslint-disable */ does not hide sls findings', async () => {
    const { shown, suppressed, result } = await cli(['/* eslint-disable */', 'scan', 'invoke']);
    expect(shown).toEqual(['6 sls/no-scan', '7 sls/no-sync-invoke']);
    expect(suppressed).toEqual([]);
    expect(result.messages.find((m) => m.ruleId === 'sls/no-scan')).not.toHaveProperty('suppressions');
    // Counted again: no-scan warns, no-sync-invoke errs.
    expect(result.errorCount).toBe(result.messages.filter((m) => m.severity === 2).length);
    expect(result.warningCount).toBe(result.messages.filter((m) => m.severity === 1).length);
    expect(result.errorCount).toBeGreaterThan(0);
  });

  it('a blanket eslint-disable-next-line or eslint-disable-line does not either', async () => {
    const { shown, suppressed } = await cli([
      '// eslint-disable-next-line',
      'scan',
      'await db.send(new ScanCommand({ TableName: table })); // eslint-disable-line',
      '/* eslint-disable-next-line -- legacy */',
      'invoke',
    ]);
    expect(shown).toEqual(['6 sls/no-scan', '7 sls/no-scan', '9 sls/no-sync-invoke']);
    expect(suppressed).toEqual([]);
  });

  it('a directive naming the rule hides its finding, with its justification', async () => {
    const { shown, suppressed, result } = await cli([
      '// eslint-disable-next-line sls/no-scan -- nightly export of a small table',
      'scan',
      'await db.send(new ScanCommand({ TableName: table })); // eslint-disable-line sls/no-scan',
      'scan',
      '/* eslint-disable-next-line',
      '   "sls/no-scan" */',
      'scan',
    ]);
    expect(shown).toEqual(['8 sls/no-scan']);
    expect(suppressed).toEqual(['6 sls/no-scan', '7 sls/no-scan', '11 sls/no-scan']);
    expect(result.suppressedMessages[0]!.suppressions).toEqual([{ kind: 'directive', justification: 'nightly export of a small table' }]);
  });

  it('a directive naming the rule in a list hides that rule only', async () => {
    const { shown, suppressed } = await cli(['/* eslint-disable sls/no-scan, no-console */', 'scan', 'invoke']);
    expect(shown).toEqual(['7 sls/no-sync-invoke']);
    expect(suppressed).toEqual(['6 sls/no-scan']);
  });

  it('a named directive still hides its rule beside a blanket one', async () => {
    const { shown, suppressed } = await cli([
      '/* eslint-disable */',
      '// eslint-disable-next-line sls/no-sync-invoke',
      'invoke',
      'scan',
      '/* eslint-disable sls/no-scan */',
      'scan',
    ]);
    expect(shown).toEqual(['8 sls/no-scan']);
    expect(suppressed).toEqual(['7 sls/no-sync-invoke', '10 sls/no-scan']);
  });

  it('an eslint-enable ends a range, named or blanket, as in ESLint', async () => {
    const { shown, suppressed } = await cli([
      '/* eslint-disable sls/no-scan, sls/no-sync-invoke */',
      'scan',
      '/* eslint-enable sls/no-scan */',
      'scan',
      'invoke',
      '/* eslint-enable */',
      'invoke',
      '/* eslint-disable */',
      '/* eslint-enable sls/no-scan */',
      'scan',
    ]);
    expect(shown).toEqual(['8 sls/no-scan', '11 sls/no-sync-invoke', '14 sls/no-scan']);
    expect(suppressed).toEqual(['6 sls/no-scan', '9 sls/no-sync-invoke']);
  });

  it('takes no wildcard, as ESLint takes none: sls/* is reported as an unknown rule', async () => {
    const { shown, result } = await cli(['// eslint-disable-next-line sls/*', 'scan']);
    expect(shown).toEqual(['6 sls/no-scan']);
    expect(result.messages.map((m) => m.message)).toContain("Definition for rule 'sls/*' was not found.");
  });
});

describe('disable comments in the editor', () => {
  it('keep ESLint\'s behaviour: a blanket disable silences sls rules too', async () => {
    const root = writeProject({
      'template.yaml': TEMPLATE,
      'api.ts': handler(['/* eslint-disable */', 'scan', 'invoke']),
      'other.ts': handler(['// eslint-disable-next-line', 'scan', 'invoke']),
    });
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
    const results = await eslint.lintFiles(['api.ts', 'other.ts']);
    const lines = (messages: { line: number; ruleId: string | null }[]) =>
      messages.filter((m) => RULES.includes(m.ruleId!)).map((m) => `${m.line} ${m.ruleId}`);
    expect(results.map((r) => lines(r.messages))).toEqual([[], ['7 sls/no-sync-invoke']]);
    expect(results.map((r) => lines(r.suppressedMessages))).toEqual([['6 sls/no-scan', '7 sls/no-sync-invoke'], ['6 sls/no-scan']]);
  });
});

describe('directiveRuleIds', () => {
  it('splits a rule list as ESLint does', () => {
    expect(directiveRuleIds(' sls/no-scan ,no-console,, "sls/no-sync-invoke" ,\'x\'')).toEqual(['sls/no-scan', 'no-console', 'sls/no-sync-invoke', 'x']);
    expect(directiveRuleIds('')).toEqual([]);
    expect(directiveRuleIds('"sls/no-scan\'')).toEqual(['"sls/no-scan\'']);
  });
});
