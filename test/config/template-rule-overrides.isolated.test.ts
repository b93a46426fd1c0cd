import { describe, expect, it, vi } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/config/load-config.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';

const ID = 'sls/test-override-options';
const ROOT = '/project';

// No real template rule takes options yet: this one reports once in each of three templates, with the options it ran with.
vi.mock('../../rules/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../rules/index.js')>();
  const { createTemplateRule } = await import('../../src/rule/create-template-rule.js');
  const rule = createTemplateRule({
    name: 'test-override-options',
    meta: {
      type: 'problem',
      docs: { description: 'Reports the options it was given', principle: 'exactly-once', recommended: false, why: 'A test rule.', fix: 'None.' },
      messages: { options: '{{options}}' },
      schema: [{ type: 'object', properties: { limit: { type: 'number' } }, additionalProperties: false }],
      defaultOptions: [{ limit: 1 }],
    },
    check(context) {
      for (const file of ['services/orders/template.yaml', 'services/legacy/template.yaml', 'template.yaml']) {
        const at = { file: `/project/${file}`, line: 1, column: 1, endLine: 1, endColumn: 2 };
        context.report({ messageId: 'options', data: { options: JSON.stringify(context.options) }, at });
      }
    },
  });
  return { ...original, templateRules: { [rule.name]: rule } };
});

function seen(raw: unknown): Record<string, string> {
  const findings = runTemplateRules({ root: ROOT, stacks: [] }, resolveConfig(raw, 'sls-lint.config.json'));
  return Object.fromEntries(findings.map((f) => [f.filePath.slice(ROOT.length + 1), `${f.severity} ${f.message}`]));
}

describe('overrides of a template rule', () => {
  it('give each file its severity and options: the rule runs once per options list', () => {
    expect(seen({
      rules: { [ID]: ['warn', { limit: 5 }] },
      overrides: [
        { files: ['services/**'], rules: { [ID]: 'error' } },
        { files: ['services/legacy/**'], rules: { [ID]: ['warn', { limit: 9 }] } },
      ],
    })).toEqual({
      'services/orders/template.yaml': '2 [{"limit":5}]',
      'services/legacy/template.yaml': '1 [{"limit":9}]',
      'template.yaml': '1 [{"limit":5}]',
    });
  });

  it('turn a rule on for their files only, and off', () => {
    expect(seen({ overrides: [{ files: ['services/legacy/**'], rules: { [ID]: 'error' } }] })).toEqual({ 'services/legacy/template.yaml': '2 [{"limit":1}]' });
    expect(seen({ rules: { [ID]: 'warn' }, overrides: [{ files: ['services/**'], rules: { [ID]: 0 } }] })).toEqual({ 'template.yaml': '1 [{"limit":1}]' });
  });

  it('options that break the schema are a config error naming the override', () => {
    const error = (raw: unknown) => {
      try {
        resolveConfig(raw, 'sls-lint.config.json');
      } catch (e) {
        if (e instanceof ConfigError) return e.message;
        throw e;
      }
      return 'no error';
    };
    expect(error({ overrides: [{ files: ['a/**'], rules: { [ID]: ['error', { limit: 'x' }] } }] }))
      .toBe(`sls-lint.config.json: overrides[0]: invalid rule options: Key "rules": Key "${ID}": Value "x" at /0/limit must be number.`);
    // Off in the config, options unchecked; turned on by an override, they are checked.
    expect(error({ rules: { [ID]: ['off', { limit: 'x' }] }, overrides: [{ files: ['a/**'], rules: { [ID]: 'warn' } }] }))
      .toContain('sls-lint.config.json: overrides[0]: invalid rule options');
  });
});
