import { ESLintUtils } from '@typescript-eslint/utils';
import { templateRules } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { ProjectModel } from '../model/types.js';
import type { ProjectAnalysis } from '../analysis/analysis.js';
import type { Finding } from '../results.js';
import { RULE_PREFIX } from '../rule/rule-docs.js';

/** Runs each enabled template rule once over the whole model. */
export function runTemplateRules(model: ProjectModel, config: ResolvedConfig, analysis?: ProjectAnalysis): Finding[] {
  const findings: Finding[] = [];
  for (const [name, rule] of Object.entries(templateRules)) {
    const id = `${RULE_PREFIX}/${name}`;
    const severity = config.severities[id];
    if (!severity || severity === 'off') continue;
    // As code rules get them from typescript-eslint's RuleCreator; the config checked them against the schema.
    const options = ESLintUtils.applyDefault(rule.meta.defaultOptions, config.options[id] ?? null);
    rule.check({
      model,
      ...(analysis ? { analysis } : {}),
      options,
      report({ messageId, data, at, subjects }) {
        if (subjects?.some((s) => s.ignoredRules.includes(id))) return;
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
  return findings;
}

export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}
