import { ruleDocsUrl, type SlsRuleDocs } from './rule-docs.js';
import type { TemplateRule, TemplateRuleContext, TemplateRuleMeta } from './template-rule.js';

/** What a rule's file declares: its name once, and docs without the URL that name gives. */
export interface TemplateRuleDefinition<MessageIds extends string, Options extends readonly unknown[]> {
  name: string;
  meta: Omit<TemplateRuleMeta<MessageIds, Options>, 'docs'> & { docs: SlsRuleDocs };
  check(context: TemplateRuleContext<MessageIds, Options>): void;
}

/**
 * The one factory every template rule is made with, as `createRule` (typescript-eslint's
 * `RuleCreator`) is for code rules: the docs URL comes from the name, and message ids and
 * options stay typed where the rule is declared.
 */
export function createTemplateRule<MessageIds extends string, Options extends readonly unknown[]>(
  { name, meta, check }: TemplateRuleDefinition<MessageIds, Options>,
): TemplateRule<MessageIds, Options> {
  return { name, meta: { ...meta, docs: { ...meta.docs, url: ruleDocsUrl(name) } }, check };
}
