import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isEslintWarning, withoutEslintWarnings } from '../../src/engine/eslint-warnings.js';
import { QUEUE_TEMPLATE, writeProject } from '../helpers/temp-project.js';

const BIN = path.resolve(import.meta.dirname, '../../dist/src/cli/bin.js');

describe("ESLint's own warnings", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never reach stderr: a legacy .eslintignore in the project says nothing (the built CLI)', () => {
    const root = writeProject({
      'template.yaml': QUEUE_TEMPLATE,
      'worker.ts': 'export const handler = async () => {};\n',
      '.eslintignore': 'dist\n',
    });
    const env = { ...process.env };
    for (const name of ['NODE_OPTIONS', 'NODE_NO_WARNINGS', 'SLS_LINT_DEBUG']) delete env[name];
    const run = spawnSync(process.execPath, [BIN, '--format', 'json'], { cwd: root, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    // The account of what was linted, and nothing else: no ESLintIgnoreWarning.
    expect(run.stderr).toBe('1 template · 1 function: 1 handler linted (1 module)\n');
    expect(JSON.parse(run.stdout)).toHaveLength(2);
  });

  it('are told apart by their kind, however emitWarning is called', () => {
    expect(isEslintWarning('The ".eslintignore" file is no longer supported.', 'ESLintIgnoreWarning')).toBe(true);
    expect(isEslintWarning('x', { type: 'ESLintEmptyConfigWarning' })).toBe(true);
    expect(isEslintWarning(Object.assign(new Error('x'), { name: 'ESLintInactiveFlag_x' }), undefined)).toBe(true);
    expect(isEslintWarning('x', 'DeprecationWarning')).toBe(false);
    expect(isEslintWarning('x', undefined)).toBe(false);
    expect(isEslintWarning(new Error('x'), { code: 'X' })).toBe(false);
  });

  it('are dropped by the emitWarning the wrapped code finds, and it keeps it; other warnings pass, and the process gets its own back', () => {
    const emitted = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const original = process.emitWarning;
    const kept = withoutEslintWarnings(() => process.emitWarning);
    expect(process.emitWarning).toBe(original);
    kept('The ".eslintignore" file is no longer supported.', 'ESLintIgnoreWarning');
    kept('Buffer() is deprecated', 'DeprecationWarning');
    kept('plain');
    expect(emitted.mock.calls).toEqual([['Buffer() is deprecated', 'DeprecationWarning'], ['plain']]);
  });

  it('the process gets its emitWarning back when the wrapped code throws', () => {
    const original = process.emitWarning;
    expect(() => withoutEslintWarnings(() => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(process.emitWarning).toBe(original);
  });
});
