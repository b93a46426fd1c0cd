import tsParser from '@typescript-eslint/parser';
import type { ESLint, Linter, Rule } from 'eslint';
import { codeRules, templateRules } from '../rules/index.js';
import { presetSeverities, runsInEslint } from './config/rule-registry.js';
import type { SessionRequest, SessionView, SlsParserServices } from './rule/services.js';
import { EditorSessions } from './session/editor-sessions.js';
import { PACKAGE } from './version.js';

/** Handler sources the configs lint: every module flavour of TypeScript and JavaScript. */
export const HANDLER_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'];

/**
 * Template rules run in the CLI, over the whole model. Their ids still exist here, as rules that
 * report nothing, so an `eslint-disable` comment or a config entry naming one is not an error in
 * the editor. (Cross-layer rules are here with their code half.)
 */
const templateRuleStubs = Object.fromEntries(
  Object.entries(templateRules).filter(([name]) => !(name in codeRules)).map(([name, rule]): [string, Rule.RuleModule] => [name, {
    meta: { type: rule.meta.type, docs: { description: `${rule.meta.docs.description} (reported by the sls-lint CLI)`, url: rule.meta.docs.url }, schema: [] },
    create: () => ({}),
  }]),
);

// typescript-eslint's RuleModule and ESLint 10's Rule.RuleModule differ only in context typings.
const rules = { ...templateRuleStubs, ...(codeRules as unknown as Record<string, Rule.RuleModule>) };

/**
 * typescript-eslint's parser, with the project's session in the parser services: the first rule
 * that asks for it (getSlsServices) finds the project of the file, and the answer holds for the
 * rest of that file's lint. Options pass through unchanged, so typed linting still works.
 */
function createParser(sessions: EditorSessions): Linter.Parser {
  return {
    meta: { name: 'sls-lint/parser', version: tsParser.version },
    parseForESLint(text: string, options?: Record<string, unknown>) {
      const result = tsParser.parseForESLint(text, options as never);
      let answer: { session: SessionView | undefined } | undefined;
      const services: SlsParserServices = {
        slsSession: (request: SessionRequest) => (answer ??= { session: sessions.forRequest(request) }).session,
      };
      return { ...result, services: { ...result.services, ...services } };
    },
  } as Linter.Parser;
}

function createPlugin() {
  // The editor's sessions belong to this plugin object, bounded by project roots (see EditorSessions).
  const parser = createParser(new EditorSessions());
  const plugin = {
    meta: { name: PACKAGE.name, version: PACKAGE.version, namespace: 'sls' },
    rules,
    parser,
    configs: {} as Record<'recommended' | 'strict', Linter.Config>,
  } satisfies ESLint.Plugin & { parser: Linter.Parser };
  const config = (name: 'recommended' | 'strict'): Linter.Config => ({
    name: `sls/${name}`,
    files: HANDLER_FILES,
    languageOptions: { parser, sourceType: 'module', ecmaVersion: 'latest' },
    plugins: { sls: plugin },
    rules: presetSeverities(name, runsInEslint),
  });
  plugin.configs.recommended = config('recommended');
  plugin.configs.strict = config('strict');
  return plugin;
}

const plugin = createPlugin();

export default plugin;
