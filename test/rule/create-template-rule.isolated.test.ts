import { describe, expect, it, vi } from 'vitest';
import { templateRules } from '../../rules/index.js';
import { applyRuleFlag, ConfigError, resolveConfig } from '../../src/config/load-config.js';
import { runTemplateRules } from '../../src/engine/run-template-rules.js';
import { createTemplateRule } from '../../src/rule/create-template-rule.js';
import { ruleDocsUrl } from '../../src/rule/rule-docs.js';

const ID = 'sls/test-nested-options';

// No real template rule takes options yet: this one, registered beside them, has nested ones.
vi.mock('../../rules/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../rules/index.js')>();
  const { createTemplateRule: create } = await import('../../src/rule/create-template-rule.js');
  const rule = create({
    name: 'test-nested-options',
    meta: {
      type: 'problem',
      docs: { description: 'Reports the options it was given', principle: 'exactly-once', recommended: false, why: 'A test rule.', fix: 'None.' },
      messages: { options: 'options {{options}}' },
      schema: [
        {
          type: 'object',
          properties: {
            limits: { type: 'object', properties: { retries: { type: 'number' }, age: { type: 'number' } }, additionalProperties: false },
            kinds: { type: 'array', items: { type: 'string' } },
          },
          additionalProperties: false,
        },
      ],
      defaultOptions: [{ limits: { retries: 2, age: 60 }, kinds: ['SQS'] }],
    },
    check(context) {
      const at = { file: 'template.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 };
      context.report({ messageId: 'options', data: { options: JSON.stringify(context.options) }, at });
    },
  });
  return { ...original, templateRules: { ...original.templateRules, [rule.name]: rule } };
});

const SOURCE = 'sls-lint.config.json';
const withOptions = (...options: unknown[]) => ({ rules: { [ID]: ['error', ...options] } });

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('no ConfigError');
}

function optionsSeen(raw: unknown): unknown {
  const findings = runTemplateRules({ root: '/project', stacks: [] }, resolveConfig(raw, SOURCE));
  const message = findings.find((f) => f.ruleId === ID)?.message;
  return message && JSON.parse(message.slice('options '.length));
}

describe('createTemplateRule', () => {
  it('fills the docs URL from the name, and keeps the rest of the docs', () => {
    const rule = templateRules['test-nested-options']!;
    expect(rule.name).toBe('test-nested-options');
    expect(rule.meta.docs).toEqual({
      description: 'Reports the options it was given', principle: 'exactly-once', recommended: false, why: 'A test rule.', fix: 'None.',
      url: ruleDocsUrl('test-nested-options'),
    });
  });

  it('takes no docs URL: the name gives it', () => {
    const rule = createTemplateRule({
      name: 'named-once',
      meta: {
        type: 'suggestion',
        // @ts-expect-error -- the URL is not the rule's to write
        docs: { description: 'd', principle: 'exactly-once', recommended: false, why: 'w', fix: 'f', url: 'https://example.com/elsewhere' },
        messages: {},
        schema: [],
        defaultOptions: [],
      },
      check() {},
    });
    expect(rule.meta.docs.url).toBe(ruleDocsUrl('named-once'));
  });
});

describe('template rule options', () => {
  it('are deep-merged over the defaults, as typescript-eslint merges a code rule\'s', () => {
    expect(optionsSeen(withOptions({ limits: { age: 300 } }))).toEqual([{ limits: { retries: 2, age: 300 }, kinds: ['SQS'] }]);
    // Arrays replace, they do not append.
    expect(optionsSeen(withOptions({ kinds: ['Kinesis'] }))).toEqual([{ limits: { retries: 2, age: 60 }, kinds: ['Kinesis'] }]);
    expect(optionsSeen({ rules: { [ID]: 'error' } })).toEqual([{ limits: { retries: 2, age: 60 }, kinds: ['SQS'] }]);
    // The defaults themselves are left as they were.
    expect(templateRules['test-nested-options']!.meta.defaultOptions).toEqual([{ limits: { retries: 2, age: 60 }, kinds: ['SQS'] }]);
  });

  it.each([
    [[{ limits: { retries: 'three' } }], 'Value "three" at /0/limits/retries must be number.'],
    [[{ limits: { retry: 3 } }], 'Value {"retry":3} at /0/limits must NOT have additional properties. Unexpected property "retry". Expected properties: "retries", "age".'],
    [[{}, { extra: true }], 'Value [{},{"extra":true}] must NOT have more than 1 items.'],
  ])('that break the schema are a config error when the config is read: %j', (options, problem) => {
    expect(configError(() => resolveConfig(withOptions(...options), SOURCE))).toBe(`${SOURCE}: invalid rule options: Key "rules": Key "${ID}": ${problem}`);
  });

  it('given with --rule are checked too', () => {
    const config = resolveConfig({}, SOURCE);
    expect(configError(() => applyRuleFlag(config, JSON.stringify({ [ID]: ['warn', { kinds: 'SQS' }] }))))
      .toBe(`--rule: invalid rule options: Key "rules": Key "${ID}": Value "SQS" at /0/kinds must be array.`);
  });

  it('are not checked while the rule is off, as ESLint does, but are once it is turned on', () => {
    const config = resolveConfig({ rules: { [ID]: ['off', { limits: { retries: 'three' } }] } }, SOURCE);
    expect(config.severities[ID]).toBe('off');
    expect(configError(() => applyRuleFlag(config, `${ID}: warn`))).toContain('--rule: invalid rule options: Key "rules": Key "sls/test-nested-options": Value "three"');
  });
});
