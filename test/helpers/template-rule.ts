import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModel } from '../../src/model/load-model.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import type { Finding } from '../../src/results.js';

export interface RuleFinding {
  line: number;
  column: number;
  messageId: string;
  message: string;
}

/** Runs one template rule, alone and at error, over a template file (absolute) and returns its findings. */
export function runTemplateRule(ruleName: string, templateFile: string, options?: unknown[]): RuleFinding[] {
  const root = path.dirname(templateFile);
  const { model, findings: loadFindings } = loadModel(root, [templateFile]);
  const parseErrors = loadFindings.filter((f) => f.ruleId === 'sls/parse-error');
  if (parseErrors.length > 0) throw new Error(`fixture does not parse: ${parseErrors[0]!.message}`);
  const id = `sls/${ruleName}`;
  const findings: Finding[] = runTemplateRules(model, { severities: { [id]: 'error' }, options: options ? { [id]: options } : {}, ignores: [] });
  return findings.map((f) => ({ line: f.line, column: f.column, messageId: f.messageId!, message: f.message }));
}

/** The same, for a template given as text (written to a temporary folder). */
export function runTemplateRuleOnText(ruleName: string, text: string, fileName = 'template.yaml'): RuleFinding[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-rule-'));
  const file = path.join(dir, fileName);
  writeFileSync(file, text);
  return runTemplateRule(ruleName, file);
}
