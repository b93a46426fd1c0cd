// The subpath, not the package: the package's index loads ESLint itself, which a run that lints nothing never needs.
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import { ruleDocsUrl, type SlsRuleDocs } from './rule-docs.js';

/** The one factory every code rule is made with, so each carries its docs URL and principle. */
export const createRule = ESLintUtils.RuleCreator<SlsRuleDocs>(ruleDocsUrl);
