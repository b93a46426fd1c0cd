import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
    runs: { using: string; steps: { id?: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> }[] };
    inputs: Record<string, { default?: string }>;
  };

  it('is a composite action that runs sls-lint with SARIF output and uploads it to code scanning', () => {
    expect(action.runs.using).toBe('composite');
    const lint = action.runs.steps.find((s) => s.id === 'lint')!;
    expect(lint.run).toContain('--format sarif --output-file "$SLS_LINT_SARIF"');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.['sarif_file']).toContain('${{ inputs.sarif-file }}');
    expect(Object.keys(action.inputs)).toEqual(['paths', 'working-directory', 'version', 'args', 'sarif-file', 'upload', 'fail-on-error']);
  });

  it('never splices an input into the script: inputs reach the shell as environment variables', () => {
    for (const step of action.runs.steps) if (step.run) expect(step.run).not.toMatch(/\$\{\{\s*inputs\./);
  });
});
