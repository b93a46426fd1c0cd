// The subpath, not the package: the package's index loads ESLint itself, which a run that lints nothing never needs.
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import { templateRules } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { isOn, ruleSettings, type RuleSettings } from '../config/rule-settings.js';
import { ModelIndex } from '../model/stack-index.js';
import type { ProjectModel } from '../model/types.js';
import type { ProjectAnalysis } from '../analysis/analysis.js';
import type { Finding } from '../results.js';
import { RULE_PREFIX } from '../rule/rule-docs.js';

/**
 * Runs each template rule that is on (in the config or in an override) once over the whole model,
 * or once for each options list the overrides give it. A finding takes the severity and options
 * of its file: the config's, with the overrides whose globs match the file.
 */
export function runTemplateRules(
  model: ProjectModel, config: ResolvedConfig, analysis?: ProjectAnalysis, settings: RuleSettings = ruleSettings(config, model.root),
): Finding[] {
  const findings: Finding[] = [];
  // The analysis' lookups when there is one: built once per run, shared with the code rules.
  const stacks = analysis?.stacks ?? new ModelIndex(model);
  for (const [name, rule] of Object.entries(templateRules)) {
    const id = `${RULE_PREFIX}/${name}`;
    if (!settings.onAnywhere(id)) continue;
    for (const variant of new Set(settings.optionVariants(id))) {
      runRule(rule, id, variant);
    }
  }
  return findings;

  function runRule(rule: (typeof templateRules)[string], id: string, variant: unknown[] | undefined): void {
    // As code rules get them from typescript-eslint's RuleCreator; the config checked them against the schema.
    const options = ESLintUtils.applyDefault(rule.meta.defaultOptions, variant ?? null);
    rule.check({
      model,
      stacks,
      ...(analysis ? { analysis } : {}),
      options,
      report({ messageId, data, at, subjects }) {
        if (subjects?.some((s) => s.ignoredRules.includes(id))) return;
        const severity = settings.severity(id, at.file);
        // Each file's findings come from the run with its own options.
        if (!isOn(severity) || settings.options(id, at.file) !== variant) return;
        findings.push({
          filePath: at.file,
          ruleId: id,
          severity: severity === 'error' ? 2 : 1,
          message: interpolate(rule.meta.messages[messageId] ?? messageId, data),
          messageId,
          line: at.line,
          column: at.column,
          endLine: at.endLine,
          endColumn: at.endColumn,
        });
      },
    });
  }
}

export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}
