import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeRules, templateRules } from '../../rules/index.js';
import plugin from '../../src/eslint-plugin.js';
import { PRINCIPLES, ruleDocsUrl } from '../../src/rule/rule-docs.js';
import { presetSeverities, RULES } from '../../src/config/rule-registry.js';
import { ruleOptionsProblems } from '../../src/rule/validate-rule-options.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const ruleFiles = readdirSync(path.join(REPO, 'rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));

describe('every rule is complete', () => {
  it('every file in rules/ is registered, and every registered rule has its file', () => {
    // A cross-layer rule is in both maps: a code half and a template half under one name.
    expect([...new Set([...Object.keys(codeRules), ...Object.keys(templateRules)])].sort()).toEqual(ruleFiles.sort());
  });

  it('every rule is registered under the name it declares', () => {
    for (const [key, rule] of [...Object.entries(codeRules), ...Object.entries(templateRules)]) expect(rule.name).toBe(key);
  });

  it("every template rule's default options satisfy its schema", () => {
    for (const rule of Object.values(templateRules)) expect(ruleOptionsProblems(rule.meta.schema, rule.meta.defaultOptions), rule.name).toBeUndefined();
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has a docs page with why, examples, options and when not to use it', () => {
        const doc = path.join(REPO, 'docs/rules', `${rule.name}.md`);
        expect(existsSync(doc), `${doc} missing`).toBe(true);
        const text = readFileSync(doc, 'utf8');
        expect(text).toContain(`# sls/${rule.name}`);
        expect(text).toContain(rule.docs.description);
        expect(text).toContain('## When not to use it');
        if (rule.layer !== 'engine') {
          expect(text).toMatch(/## Examples/);
          expect(text).toMatch(/## Options/);
        }
      });

      it('links its docs page and names a principle', () => {
        expect(rule.docs.url).toBe(ruleDocsUrl(rule.name));
        expect(Object.keys(PRINCIPLES)).toContain(rule.docs.principle);
      });

      if (rule.layer !== 'engine') {
        it('has a test file', () => {
          expect(existsSync(path.join(REPO, 'test/rules', `${rule.name}.test.ts`))).toBe(true);
        });
      }

      it('is in the configs: strict at error, recommended at its declared severity', () => {
        expect(presetSeverities('strict')[rule.id]).toBe('error');
        expect(presetSeverities('recommended')[rule.id]).toBe(rule.docs.recommended || undefined);
        if (rule.layer === 'code') {
          expect(plugin.configs.strict.rules?.[rule.id]).toBe('error');
          expect(plugin.configs.recommended.rules?.[rule.id]).toBe(rule.docs.recommended || undefined);
        }
      });

      it('is listed in README.md with its recommended severity', () => {
        const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
        const row = readme.split('\n').find((line) => line.includes(`[\`${rule.id}\`]`));
        expect(row, `README.md has no row for ${rule.id}`).toBeDefined();
        expect(row).toContain(rule.docs.recommended === false ? 'off' : rule.docs.recommended);
      });
    });
  }
});
