import { describe, expect, it } from 'vitest';
import plugin from '../src/eslint-plugin.js';
import { codeRules, templateRules } from '../rules/index.js';
import { PACKAGE } from '../src/version.js';

describe('plugin object', () => {
  it('has meta from package.json and every code rule', () => {
    expect(plugin.meta).toEqual({ name: 'sls-lint', version: PACKAGE.version, namespace: 'sls' });
    expect(Object.keys(plugin.rules).sort()).toEqual([...new Set([...Object.keys(codeRules), ...Object.keys(templateRules)])].sort());
  });

  it.each(['recommended', 'strict'] as const)('configs.%s is a named flat config that registers the plugin as sls', (name) => {
    const config = plugin.configs[name];
    expect(config.name).toBe(`sls/${name}`);
    expect(config.plugins?.['sls']).toBe(plugin);
    expect(config.files).toEqual(['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs']);
    expect(config.languageOptions?.parser).toBeDefined();
    for (const id of Object.keys(config.rules ?? {})) expect(id).toMatch(/^sls\//);
  });

  it('strict sets every code rule to error', () => {
    expect(plugin.configs.strict.rules).toEqual(Object.fromEntries(Object.keys(codeRules).map((n) => [`sls/${n}`, 'error'])));
  });

  it('template rules exist as silent rules, so disable comments naming them are not errors', async () => {
    const { Linter } = await import('eslint');
    const linter = new Linter();
    const messages = linter.verify('// eslint-disable-next-line sls/sqs-redrive-policy\nexport const x = 1;\n', [plugin.configs.recommended], 'a.ts');
    // At most ESLint's own "unused directive" notice (the rule reports in the CLI): never "Definition for rule ... was not found".
    expect(messages.filter((m) => m.severity === 2)).toEqual([]);
    expect(messages.map((m) => m.message).join()).not.toContain('Definition for rule');
    expect(plugin.configs.recommended.rules?.['sls/sqs-redrive-policy']).toBeUndefined();
  });
});
