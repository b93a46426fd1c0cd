import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from './create-rule.js';
import { createTemplateRule } from './create-template-rule.js';
import type { SlsRuleDocs } from './rule-docs.js';
import type { TemplateRule, TemplateRuleContext, TemplateRuleMeta } from './template-rule.js';

/**
 * A rule that needs both halves of the project and reports into both: one id, one docs page, one
 * severity. Where a finding points decides which half reports it. Findings in code come from the
 * code half, an ESLint rule, so they show in the editor, honour disable comments and are cached;
 * findings in templates come from the template half, run by the CLI over the model.
 */
export interface CrossLayerRuleDefinition<MessageIds extends string> {
  name: string;
  meta: Omit<TemplateRuleMeta<MessageIds, []>, 'docs' | 'schema' | 'defaultOptions'> & { docs: SlsRuleDocs };
  /** The code half: reports findings located in the file ESLint lints. */
  create(context: Readonly<TSESLint.RuleContext<MessageIds, []>>): TSESLint.RuleListener;
  /** The template half: reports findings located in templates. */
  check(context: TemplateRuleContext<MessageIds, []>): void;
}

export type CrossLayerRule<MessageIds extends string = string> = TSESLint.RuleModule<MessageIds, []> & TemplateRule<MessageIds, []>;

export function createCrossLayerRule<MessageIds extends string>(definition: CrossLayerRuleDefinition<MessageIds>): CrossLayerRule<MessageIds> {
  const { name, meta, create, check } = definition;
  const codeHalf = createRule<[], MessageIds>({ name, meta: { ...meta, schema: [] }, defaultOptions: [], create: (context) => create(context) });
  const templateHalf = createTemplateRule<MessageIds, []>({ name, meta: { ...meta, schema: [], defaultOptions: [] }, check });
  return Object.assign(codeHalf, { name, meta: { ...codeHalf.meta, ...templateHalf.meta }, check: templateHalf.check });
}
