/**
 * The lint step of action.yml, run in the input `working-directory`: runs this action's own
 * sls-lint (built by install.sh) with SARIF output, and records the outcome as step outputs.
 *
 * The `args` and `paths` inputs arrive as environment variables (SLS_LINT_ARGS, SLS_LINT_PATHS) and
 * are split into words as a shell would, quotes respected, nothing expanded or run (shell-words.mjs);
 * sls-lint is then spawned with an argument array, never through a shell.
 *
 * Outputs: `exit-code` (sls-lint's), `sarif-file` (absolute path) and `sarif-written` (`true` when
 * the run finished, 0 or 1, and the file exists: the upload step runs only then). Exits 0 on 0 and
 * 1 (failing on findings is a later step, after the upload), and 2 on anything else.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShellWordsError, splitShellWords } from './shell-words.mjs';

const BIN = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const env = process.env;

/** Appends a step output to $GITHUB_OUTPUT (the heredoc form for a value with a line break). */
function setOutput(name, value) {
  if (!env.GITHUB_OUTPUT) return;
  if (/[\r\n]/.test(value)) {
    const delimiter = `sls_lint_${randomUUID()}`;
    appendFileSync(env.GITHUB_OUTPUT, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
  } else {
    appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
  }
}

function fail(message) {
  console.log(`::error title=sls-lint::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  setOutput('exit-code', '2');
  setOutput('sarif-written', 'false');
  process.exit(2);
}

function words(input, text) {
  try {
    return splitShellWords(text ?? '');
  } catch (error) {
    if (error instanceof ShellWordsError) fail(`the ${input} input: ${error.message}`);
    throw error;
  }
}

const args = words('args', env.SLS_LINT_ARGS);
const paths = words('paths', env.SLS_LINT_PATHS);
const sarif = env.SLS_LINT_SARIF || 'sls-lint.sarif';
const sarifPath = path.resolve(sarif);
if (!existsSync(BIN)) fail(`${BIN} is missing: the install step did not build sls-lint.`);

// `--` ends the flags: a path is never read as one.
const run = spawnSync(process.execPath, [BIN, '--format', 'sarif', '--output-file', sarifPath, ...args, '--', ...paths], { stdio: 'inherit' });
const code = run.status ?? 2;
if (run.error) console.log(`::error title=sls-lint::could not run sls-lint: ${run.error.message}`);

setOutput('exit-code', String(code));
setOutput('sarif-file', sarifPath);
setOutput('sarif-written', String(code <= 1 && existsSync(sarifPath)));
process.exit(code <= 1 ? 0 : code);
