import { ESLintUtils } from '@typescript-eslint/utils';
import { ruleDocsUrl, type SlsRuleDocs } from './rule-docs.js';

/** The one factory every code rule is made with, so each carries its docs URL and principle. */
export const createRule = ESLintUtils.RuleCreator<SlsRuleDocs>(ruleDocsUrl);
