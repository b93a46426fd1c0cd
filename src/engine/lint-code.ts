import { ESLint, type Linter } from 'eslint';
import { ConfigError } from '../config/load-config.js';
import { RULES, runsInEslint } from '../config/rule-registry.js';
import plugin, { HANDLER_FILES } from '../eslint-plugin.js';
import type { LintResult } from '../results.js';
import { RULE_PREFIX } from '../rule/rule-docs.js';
import type { Session } from '../session/session.js';

export interface CodeFile {
  file: string;
}

/**
 * Lints handler files with the plugin's code rules in-process. The user's eslint.config.* is
 * never read (`overrideConfigFile: true`): the CLI's findings depend only on sls-lint's config.
 */
export async function lintCode(session: Session, files: readonly CodeFile[]): Promise<LintResult[]> {
  if (files.length === 0) return [];
  const { root, config } = session;
  const rules: Linter.RulesRecord = {};
  for (const rule of RULES) {
    if (!runsInEslint(rule)) continue;
    const severity = config.severities[rule.id] ?? 'off';
    if (severity === 'off') continue;
    const options = config.options[rule.id];
    rules[rule.id] = options ? [severity, ...options] : severity;
  }
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        ...plugin.configs.recommended,
        name: 'sls-lint/cli',
        files: HANDLER_FILES,
        // Reuses the parses the analysis made (one parse per file), and hands rules the session.
        languageOptions: { ...plugin.configs.recommended.languageOptions, parser: session.eslintParser() as Linter.Parser },
        rules,
        // Handlers carry directives for the team's other plugins; they are not ours to judge.
        linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      },
    ],
    errorOnUnmatchedPattern: false,
    globInputPaths: false,
    warnIgnored: false,
  });
  let results: LintResult[];
  try {
    results = (await eslint.lintFiles(reuseOrder(session, files.map((f) => f.file)))) as unknown as LintResult[];
  } catch (error) {
    // ESLint validates rule options against each rule's schema: a wrong option is the config's fault.
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('Key "rules"')) throw new ConfigError(`invalid rule options: ${message.replace(/\s+/g, ' ').trim()}`);
    throw error;
  }
  for (const result of results) {
    // A handler that does not parse is the same kind of finding as a template that does not.
    for (const message of result.messages) if (message.fatal && message.ruleId === null) message.ruleId = `${RULE_PREFIX}/parse-error`;
    // "Definition for rule '@typescript-eslint/x' was not found": a directive for a plugin we do not load.
    result.messages = result.messages.filter((m) => m.ruleId?.startsWith(`${RULE_PREFIX}/`));
    // Not kept: a cached run could not give it back, and every consumer has the file anyway.
    delete result.source;
  }
  return results;
}

/**
 * The files whose parses the analysis still keeps go first, most recent first, so ESLint reuses
 * them before they are evicted; the rest are parsed as they come. Results are sorted afterwards.
 */
function reuseOrder(session: Session, files: string[]): string[] {
  const wanted = new Set(files);
  const first = session.parses.keptFiles().filter((f) => wanted.has(f));
  const early = new Set(first);
  return [...first, ...files.filter((f) => !early.has(f))];
}
