import { describe, expect, it } from 'vitest';
import { codeRules, templateRules } from '../../rules/index.js';
import { RULES } from '../../src/config/rule-registry.js';
import { interpolate } from '../../src/engine/run-template-rules.js';

/** The longest a message may be with each placeholder filled: a finding's line reads in a 100-column terminal. */
const MAX_MESSAGE = 120;
/** A typical name (`OrdersQueue1`, `ShipFunction`): what a placeholder is filled with to measure a message. */
const SAMPLE = 'x'.repeat(12);

/** Each placeholder of the template, filled with the sample. */
function filled(template: string): string {
  const data = Object.fromEntries([...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => [m[1]!, SAMPLE]));
  return interpolate(template, data);
}

describe('short messages, the fix apart', () => {
  for (const rule of RULES) {
    describe(rule.id, () => {
      it('says why a finding hurts and how to fix it, in plain text', () => {
        expect(rule.docs.why.trim().length, 'docs.why').toBeGreaterThan(20);
        expect(rule.docs.fix.trim().length, 'docs.fix').toBeGreaterThan(10);
        for (const text of [rule.docs.why, rule.docs.fix, ...Object.values(rule.docs.fixes ?? {})]) expect(text).not.toMatch(/\{\{/);
      });

      if (rule.layer === 'engine') return;
      const messages = rule.messages;

      it('the registry holds the messages the rule declares', () => {
        expect(messages).toBe(codeRules[rule.name]?.meta.messages ?? templateRules[rule.name]?.meta.messages);
      });

      it('has its own fixes only for message ids it has', () => {
        expect(Object.keys(messages).length).toBeGreaterThan(0);
        for (const id of Object.keys(rule.docs.fixes ?? {})) expect(Object.keys(messages)).toContain(id);
      });

      it.each(Object.entries(messages))(`message %s is at most ${MAX_MESSAGE} characters filled, in one sentence`, (_id, template) => {
        const text = filled(template);
        expect(text).not.toMatch(/\{\{/);
        expect(text.length, text).toBeLessThanOrEqual(MAX_MESSAGE);
        // The fix is no second sentence of the message: it is in docs.fix.
        expect(text.replace(/\.$/, '')).not.toMatch(/\. [A-Z]/);
      });
    });
  }

  it('the measure is real: a long message fails it', () => {
    expect(filled('{{a}} and {{b}}')).toBe(`${SAMPLE} and ${SAMPLE}`);
    expect(filled(`Queue {{queue}} ${'x'.repeat(MAX_MESSAGE)}`).length).toBeGreaterThan(MAX_MESSAGE);
  });
});
