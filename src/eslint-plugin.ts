import tsParser from '@typescript-eslint/parser';
import type { ESLint, Linter, Rule } from 'eslint';
import { codeRules, templateRules } from '../rules/index.js';
import { presetSeverities } from './config/rule-registry.js';
import { PACKAGE } from './version.js';

/** Handler sources the configs lint: every module flavour of TypeScript and JavaScript. */
export const HANDLER_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'];

/**
 * Template and cross-layer rules run in the CLI, where the whole project is known. Their ids still
 * exist here, as rules that report nothing, so an `eslint-disable` comment or a config entry naming
 * one is not an error in the editor.
 */
const templateRuleStubs = Object.fromEntries(
  Object.entries(templateRules).map(([name, rule]): [string, Rule.RuleModule] => [name, {
    meta: { type: rule.meta.type, docs: { description: `${rule.meta.docs.description} (reported by the sls-lint CLI)`, url: rule.meta.docs.url }, schema: [] },
    create: () => ({}),
  }]),
);

// typescript-eslint's RuleModule and ESLint 10's Rule.RuleModule differ only in context typings.
const rules = { ...templateRuleStubs, ...(codeRules as unknown as Record<string, Rule.RuleModule>) };

const plugin = {
  meta: { name: PACKAGE.name, version: PACKAGE.version, namespace: 'sls' },
  rules,
  configs: {} as Record<'recommended' | 'strict', Linter.Config>,
} satisfies ESLint.Plugin;

function config(name: 'recommended' | 'strict'): Linter.Config {
  return {
    name: `sls/${name}`,
    files: HANDLER_FILES,
    languageOptions: { parser: tsParser as Linter.Parser, sourceType: 'module', ecmaVersion: 'latest' },
    plugins: { sls: plugin },
    rules: presetSeverities(name, 'code'),
  };
}

plugin.configs.recommended = config('recommended');
plugin.configs.strict = config('strict');

export default plugin;
