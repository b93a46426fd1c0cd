import { templateRules } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { ProjectModel } from '../model/types.js';
import type { ProjectAnalysis } from '../analysis/analysis.js';
import type { Finding } from '../results.js';
import { RULE_PREFIX } from '../rule/rule-docs.js';

/** Runs each enabled template rule once over the whole model. */
export function runTemplateRules(model: ProjectModel, config: ResolvedConfig, project?: ProjectAnalysis): Finding[] {
  const findings: Finding[] = [];
  for (const [name, rule] of Object.entries(templateRules)) {
    const id = `${RULE_PREFIX}/${name}`;
    const severity = config.severities[id];
    if (!severity || severity === 'off') continue;
    const options = mergeOptions(rule.meta.defaultOptions, config.options[id]);
    rule.check({
      model,
      ...(project ? { project } : {}),
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

/** typescript-eslint's rule: user options are shallow-merged over each default object. */
function mergeOptions(defaults: readonly unknown[], user: readonly unknown[] | undefined): readonly unknown[] {
  if (!user) return defaults;
  return defaults.map((value, i) =>
    isPlainObject(value) && isPlainObject(user[i]) ? { ...value, ...(user[i] as object) } : user[i] ?? value,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}
