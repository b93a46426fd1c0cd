import { describe, expect, it } from 'vitest';
import { applyRuleFlag, ConfigError, resolveConfig } from '../../src/config/load-config.js';
import { ruleSettings } from '../../src/config/rule-settings.js';

const SOURCE = 'sls-lint.config.json';
const ROOT = '/project';

function configError(raw: unknown): string {
  try {
    resolveConfig(raw, SOURCE);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('config overrides: the shape', () => {
  it.each([
    [{ overrides: {} }, `${SOURCE}: "overrides" must be a list of { files, rules } objects`],
    [{ overrides: ['services/**'] }, `${SOURCE}: overrides[0] must be an object with "files" and "rules"`],
    [{ overrides: [{ files: ['a/**'], rules: {}, severity: 'off' }] }, `${SOURCE}: overrides[0]: unknown key "severity" (expected files, rules)`],
    [{ overrides: [{ rules: {} }] }, `${SOURCE}: overrides[0]: "files" must be a non-empty list of globs`],
    [{ overrides: [{ files: 'a/**', rules: {} }] }, `${SOURCE}: overrides[0]: "files" must be a non-empty list of globs`],
    [{ overrides: [{ files: [], rules: {} }] }, `${SOURCE}: overrides[0]: "files" must be a non-empty list of globs`],
    [{ overrides: [{ files: ['a/**', 3], rules: {} }] }, `${SOURCE}: overrides[0]: "files" must be a non-empty list of globs`],
    [{ overrides: [{ files: ['a/**'] }] }, `${SOURCE}: overrides[0]: "rules" must be an object`],
    [{ overrides: [{ files: ['a/**'], rules: { 'sls/no-scan': 'off' } }, { files: ['b/**'], rules: { 'sls/nope': 'off' } }] },
      `${SOURCE}: overrides[1]: unknown rule "sls/nope"`],
    [{ overrides: [{ files: ['a/**'], rules: { 'sls/no-scan': 'loud' } }] }, `${SOURCE}: overrides[0]: rule "sls/no-scan" needs a severity of off, warn or error`],
    [{ overrides: [{ files: ['a/**'], rules: { 'sls/sqs-redrive-policy': ['error', {}] } }] }, `${SOURCE}: overrides[0]: rule "sls/sqs-redrive-policy" takes no options`],
    [{ $comment: 3 }, `${SOURCE}: "$comment" must be a string`],
  ])('%j is a config error naming the file and the key', (raw, message) => {
    expect(configError(raw)).toBe(message);
  });

  it('keeps the overrides in order, with their severities and options', () => {
    const config = resolveConfig({
      $comment: 'a note',
      overrides: [
        { files: ['services/legacy/**'], rules: { 'sls/no-scan': 'off' } },
        { files: ['**/*.test.ts'], rules: { 'sls/no-unwrapped-sdk': ['warn', { wrappers: ['src/db/**'] }] } },
      ],
    }, SOURCE);
    expect(config.overrides).toEqual([
      { files: ['services/legacy/**'], severities: { 'sls/no-scan': 'off' }, options: {} },
      { files: ['**/*.test.ts'], severities: { 'sls/no-unwrapped-sdk': 'warn' }, options: { 'sls/no-unwrapped-sdk': [{ wrappers: ['src/db/**'] }] } },
    ]);
  });
});

describe('config overrides: the settings of a file', () => {
  const config = () => resolveConfig({
    rules: { 'sls/no-scan': ['warn', { ignoreFiles: ['scripts/**'] }], 'sls/suppression-reason': 'off' },
    overrides: [
      { files: ['services/**'], rules: { 'sls/no-scan': 'error', 'sls/suppression-reason': 'warn' } },
      { files: ['services/legacy/**', 'old/*.ts'], rules: { 'sls/no-scan': 'off' } },
      { files: ['services/legacy/jobs/**'], rules: { 'sls/no-scan': ['warn', { ignoreFiles: [] }] } },
    ],
  }, SOURCE);

  it('applies the matching overrides in order, the last one winning', () => {
    const settings = ruleSettings(config(), ROOT);
    expect(settings.severity('sls/no-scan', `${ROOT}/src/a.ts`)).toBe('warn');
    expect(settings.severity('sls/no-scan', `${ROOT}/services/orders/a.ts`)).toBe('error');
    expect(settings.severity('sls/no-scan', `${ROOT}/services/legacy/a.ts`)).toBe('off');
    expect(settings.severity('sls/no-scan', `${ROOT}/old/a.ts`)).toBe('off');
    expect(settings.severity('sls/no-scan', `${ROOT}/old/deeper/a.ts`)).toBe('warn');
    expect(settings.severity('sls/no-scan', `${ROOT}/services/legacy/jobs/a.ts`)).toBe('warn');
  });

  it('a severity alone keeps the options set before it, as in ESLint; options given replace them', () => {
    const settings = ruleSettings(config(), ROOT);
    expect(settings.options('sls/no-scan', `${ROOT}/services/orders/a.ts`)).toEqual([{ ignoreFiles: ['scripts/**'] }]);
    expect(settings.options('sls/no-scan', `${ROOT}/services/legacy/jobs/a.ts`)).toEqual([{ ignoreFiles: [] }]);
    expect(settings.optionVariants('sls/no-scan')).toEqual([[{ ignoreFiles: ['scripts/**'] }], [{ ignoreFiles: [] }]]);
  });

  it('a rule off in the config and on in an override is on somewhere, for those files only', () => {
    const settings = ruleSettings(config(), ROOT);
    expect(settings.onAnywhere('sls/suppression-reason')).toBe(true);
    expect(settings.severity('sls/suppression-reason', `${ROOT}/template.yaml`)).toBe('off');
    expect(settings.severity('sls/suppression-reason', `${ROOT}/services/a/template.yaml`)).toBe('warn');
    expect(ruleSettings(resolveConfig({ rules: { 'sls/no-scan': 'off' } }, SOURCE), ROOT).onAnywhere('sls/no-scan')).toBe(false);
  });

  it('globs are relative to the project root, and match dot files', () => {
    const settings = ruleSettings(resolveConfig({ overrides: [{ files: ['**/*.ts'], rules: { 'sls/no-scan': 'error' } }] }, SOURCE), ROOT);
    expect(settings.severity('sls/no-scan', `${ROOT}/.hidden/a.ts`)).toBe('error');
    expect(settings.severity('sls/no-scan', '/elsewhere/a.ts')).toBe('warn');
  });

  it('--rule comes last, over the overrides too; a severity alone keeps an override\'s options', () => {
    const flagged = config();
    applyRuleFlag(flagged, 'sls/no-scan: error');
    const settings = ruleSettings(flagged, ROOT);
    for (const file of ['src/a.ts', 'services/legacy/a.ts', 'services/legacy/jobs/a.ts']) {
      expect(settings.severity('sls/no-scan', `${ROOT}/${file}`)).toBe('error');
    }
    expect(settings.options('sls/no-scan', `${ROOT}/services/legacy/jobs/a.ts`)).toEqual([{ ignoreFiles: [] }]);
    applyRuleFlag(flagged, '{"sls/no-scan": ["warn", {"ignoreFiles": ["x/**"]}]}');
    expect(ruleSettings(flagged, ROOT).options('sls/no-scan', `${ROOT}/services/legacy/jobs/a.ts`)).toEqual([{ ignoreFiles: ['x/**'] }]);
  });
});
