import { ESLint, type Linter } from 'eslint';
import path from 'node:path';
import { ConfigError, type ResolvedConfig } from '../config/load-config.js';
import { DEFAULT_HANDLER_NAMES } from '../code/handler-entry.js';
import plugin, { HANDLER_FILES } from '../eslint-plugin.js';
import { cachingParser, keptParses } from '../analysis/parse.js';
import type { LintResult } from '../results.js';
import { RULE_PREFIX } from '../rule/rule-docs.js';
import { RULES } from '../config/rule-registry.js';

export interface CodeFile {
  file: string;
  /** Export names the templates give this file's handlers; empty for a module that is only imported. */
  handlerNames: readonly string[];
}

/**
 * Lints handler files with the plugin's code rules in-process. The user's eslint.config.* is
 * never read (`overrideConfigFile: true`): the CLI's findings depend only on sls-lint's config.
 */
export async function lintCode(root: string, files: readonly CodeFile[], config: ResolvedConfig, settings: Record<string, unknown> = {}): Promise<LintResult[]> {
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
    overrideConfig: [
      {
        ...plugin.configs.recommended,
        name: 'sls-lint/cli',
        files: HANDLER_FILES,
        // Reuses the parses the project analysis made: one parse per file.
        languageOptions: { ...plugin.configs.recommended.languageOptions, parser: cachingParser as Linter.Parser },
        rules,
        // Handlers carry directives for the team's other plugins; they are not ours to judge.
        linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
        settings,
      },
      ...handlerNameSettings(root, files),
    ],
    errorOnUnmatchedPattern: false,
    globInputPaths: false,
    warnIgnored: false,
  });
  let results: LintResult[];
  try {
    results = (await eslint.lintFiles(reuseOrder(files.map((f) => f.file)))) as unknown as LintResult[];
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
function reuseOrder(files: string[]): string[] {
  const wanted = new Set(files);
  const first = keptParses().filter((f) => wanted.has(f));
  const early = new Set(first);
  return [...first, ...files.filter((f) => !early.has(f))];
}

/**
 * Files whose template names a handler export outside the defaults (`app.lambdaHandler` is one
 * of them; `app.main` is not) get that name through `settings.sls.handlerNames`. Grouped by name
 * set, so a monorepo adds a handful of config objects, not one per file.
 */
function handlerNameSettings(root: string, files: readonly CodeFile[]): Linter.Config[] {
  const groups = new Map<string, string[]>();
  for (const { file, handlerNames } of files) {
    if (handlerNames.every((n) => DEFAULT_HANDLER_NAMES.includes(n))) continue;
    const key = [...new Set([...DEFAULT_HANDLER_NAMES, ...handlerNames])].sort().join(',');
    groups.set(key, [...(groups.get(key) ?? []), path.relative(root, file).split(path.sep).join('/')]);
  }
  return [...groups].map(([names, group]) => ({ files: group, settings: { sls: { handlerNames: names.split(',') } } }));
}
