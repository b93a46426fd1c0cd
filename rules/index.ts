import type { TSESLint } from '@typescript-eslint/utils';
import type { TemplateRule } from '../src/template-rule.js';
import noSyncInvoke from './no-sync-invoke.js';
import sqsRedrivePolicy from './sqs-redrive-policy.js';

/** Rules over handler code: ESLint rules, run by the plugin in editors and by the CLI in-process. */
export const codeRules: Record<string, TSESLint.RuleModule<string, readonly unknown[]>> = {
  'no-sync-invoke': noSyncInvoke,
};

/** Rules over the architecture model, run by the CLI. */
export const templateRules: Record<string, TemplateRule> = {
  'sqs-redrive-policy': sqsRedrivePolicy as unknown as TemplateRule,
};
