import { ESLint, type Linter } from 'eslint';
import type { ResolvedConfig } from '../config/load-config.js';
import plugin, { HANDLER_FILES } from '../eslint-plugin.js';
import type { LintResult } from '../results.js';
import { RULES } from '../rule-registry.js';

/**
 * Lints handler files with the plugin's code rules in-process. The user's eslint.config.* is
 * never read (`overrideConfigFile: true`): the CLI's findings depend only on sls-lint's config.
 */
export async function lintCode(root: string, files: readonly string[], config: ResolvedConfig): Promise<LintResult[]> {
  if (files.length === 0) return [];
  const rules: Linter.RulesRecord = {};
  for (const rule of RULES) {
    if (rule.layer !== 'code') continue;
    const severity = config.severities[rule.id] ?? 'off';
    if (severity === 'off') continue;
    const options = config.options[rule.id];
    rules[rule.id] = options ? [severity, ...options] : severity;
  }
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ ...plugin.configs.recommended, name: 'sls-lint/cli', files: HANDLER_FILES, rules }],
    errorOnUnmatchedPattern: false,
    globInputPaths: false,
    warnIgnored: false,
  });
  const results = (await eslint.lintFiles([...files])) as unknown as LintResult[];
  // A handler that does not parse is the same kind of finding as a template that does not.
  for (const result of results) {
    for (const message of result.messages) if (message.fatal && message.ruleId === null) message.ruleId = 'sls/parse-error';
  }
  return results;
}
