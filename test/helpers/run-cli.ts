import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process, as `sls-lint ...args` would from `cwd`. The environment it sees is only
 * what `env` gives (never the test runner's own, which may be a GitHub Actions run).
 */
export async function runCli(args: string[], cwd: string, env?: Readonly<Record<string, string>>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    color: false,
    ...(env ? { env } : {}),
  });
  return { code, stdout, stderr };
}
