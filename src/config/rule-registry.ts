import { codeRules, templateRules } from '../../rules/index.js';
import { DIAGNOSTICS } from '../rule/diagnostics.js';
import { RULE_PREFIX, type RegisteredRule, type RuleLayer, type SlsRuleDocs } from '../rule/rule-docs.js';

export type { RegisteredRule, RuleLayer };

/** Every rule and engine diagnostic, in one list: what configs, SARIF and config validation read. */
export const RULES: readonly RegisteredRule[] = [
  ...Object.entries(codeRules).map(([name, rule]) => ({
    id: `${RULE_PREFIX}/${name}`, name, layer: name in templateRules ? 'cross-layer' as const : 'code' as const, type: rule.meta.type,
    docs: rule.meta.docs as unknown as SlsRuleDocs & { url: string }, hasOptions: (rule.meta.schema as unknown[]).length > 0,
    messages: rule.meta.messages,
  })),
  ...Object.entries(templateRules).filter(([name]) => !(name in codeRules)).map(([name, rule]) => ({
    id: `${RULE_PREFIX}/${name}`, name, layer: 'template' as const, type: rule.meta.type, docs: rule.meta.docs,
    hasOptions: rule.meta.schema.length > 0, messages: rule.meta.messages,
  })),
  ...Object.entries(DIAGNOSTICS).map(([name, meta]) => ({
    id: `${RULE_PREFIX}/${name}`, name, layer: 'engine' as const, type: meta.type, docs: meta.docs, hasOptions: false, messages: {},
  })),
];

export const RULES_BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export type Severity = 'off' | 'warn' | 'error';

/** Rules ESLint runs: code rules, and the code half of cross-layer rules. */
export function runsInEslint(rule: RegisteredRule): boolean {
  return rule.layer === 'code' || rule.layer === 'cross-layer';
}

/** `recommended`: each rule at the severity its harm deserves; `strict`: every rule at error. */
export function presetSeverities(preset: 'recommended' | 'strict', include: (rule: RegisteredRule) => boolean = () => true): Record<string, Severity> {
  const result: Record<string, Severity> = {};
  for (const rule of RULES) {
    if (!include(rule)) continue;
    if (preset === 'strict') result[rule.id] = 'error';
    else if (rule.docs.recommended) result[rule.id] = rule.docs.recommended;
  }
  return result;
}
