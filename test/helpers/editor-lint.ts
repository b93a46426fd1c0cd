import { ESLint, type Linter } from 'eslint';
import { RULES, runsInEslint } from '../../src/config/rule-registry.js';
import plugin from '../../src/eslint-plugin.js';
import type { LintResult } from '../../src/results.js';
import { createSession } from '../../src/session/session.js';

/**
 * The rule entries the CLI's config gives every rule ESLint runs in `root` (from sls-lint.config.*,
 * or the recommended preset): what an editor needs besides the plugin's config to lint as the CLI does.
 */
export function cliEslintRules(root: string): Linter.RulesRecord {
  const { config } = createSession({ root });
  const rules: Linter.RulesRecord = {};
  for (const rule of RULES) {
    if (!runsInEslint(rule)) continue;
    const severity = config.severities[rule.id] ?? 'off';
    const options = config.options[rule.id];
    rules[rule.id] = options && severity !== 'off' ? [severity, ...options] : severity;
  }
  return rules;
}

/**
 * What an editor reports for `files` (absolute): ESLint's Node API with the plugin's recommended
 * config, ESLint's cwd at `root`, the user's eslint.config.* not read. The plugin's editor sessions
 * find the project from each file, as they do in an editor.
 */
export async function editorLint(root: string, files: readonly string[], rules: Linter.RulesRecord = {}): Promise<LintResult[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.recommended as Linter.Config, { rules }],
  });
  return (await eslint.lintFiles([...files])) as unknown as LintResult[];
}

/** The parts of a code finding the CLI and the editor must agree on. */
export interface CodeFinding {
  ruleId: string | null;
  line: number;
  column: number;
  endLine: number | undefined;
  endColumn: number | undefined;
  messageId: string | undefined;
  message: string;
}

/** The `sls/` findings of one result, in the order they are reported. */
export function slsFindings(result: LintResult | undefined): CodeFinding[] {
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('sls/'))
    .map(({ ruleId, line, column, endLine, endColumn, messageId, message }) => ({ ruleId, line, column, endLine, endColumn, messageId, message }));
}
