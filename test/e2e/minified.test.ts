import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

/**
 * Minified and bundled handlers are build output: not linted by default, and said so. Each of the
 * three swallows an error, which the code rules report once they are linted (`lintMinified`).
 */
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Tracing: Active
Resources:
  Minified:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: dist/
      Handler: app.min.handler
  Mapped:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: build/
      Handler: mapped.handler
  OneLine:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: build/
      Handler: long.handler
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: plain.handler
`;

const SWALLOWS = 'exports.handler = async (event) => {\n  try {\n    await work(event);\n  } catch (err) {\n    return false;\n  }\n};\nfunction work() {}\n';

const project = (config?: unknown) => writeProject({
  'template.yaml': TEMPLATE,
  'dist/app.min.js': 'exports.handler=async e=>{try{await work(e)}catch(r){return false}};function work(){}\n',
  'build/mapped.js': `${SWALLOWS}//# sourceMappingURL=mapped.js.map\n`,
  // Generated at test time: one line of 6,000 characters (over the 5,000 a hand-written line has) in the file's head.
  'build/long.js': `const table = "${'x'.repeat(6_000)}";\n${SWALLOWS}`,
  'src/plain.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
  ...(config ? { 'sls-lint.config.json': JSON.stringify(config) } : {}),
});

const SWALLOWED = 'sls/no-swallowed-errors';

describe('minified and bundled code files', () => {
  it('are not linted by default, and the account says so: a .min.js name, a sourceMappingURL comment, a giant line', async () => {
    const root = project();
    const run = await runCli([], root);
    expect(run.stdout).toBe('1 template · 4 functions: 1 handler linted (1 module), 3 minified/bundled: not linted\n');
    expect(run.code).toBe(0);
  });

  it('are listed in the coverage (JSON, the API) and noted in SARIF', async () => {
    const root = project();
    const json = await runCli(['--format', 'json'], root);
    expect((JSON.parse(json.stdout) as { filePath: string; messages: unknown[] }[]).map((r) => [r.filePath.slice(root.length + 1), r.messages.length]))
      .toEqual([['src/plain.js', 0], ['template.yaml', 0]]);
    expect(json.stderr).toBe('1 template · 4 functions: 1 handler linted (1 module), 3 minified/bundled: not linted\n');
    const run = await lintProject({ cwd: root });
    expect(run.coverage.functions).toMatchObject({ linted: 1, minified: 3 });
    expect(run.coverage.minified).toEqual(['build/long.js', 'build/mapped.js', 'dist/app.min.js']);
    const sarif = await runCli(['--format', 'sarif'], root);
    const notes = JSON.parse(sarif.stdout).runs[0].invocations[0].toolExecutionNotifications as { descriptor: { id: string }; message: { text: string } }[];
    expect(notes.find((n) => n.descriptor.id === 'coverage/minified')?.message.text).toBe('3 of 4 functions: minified/bundled: not linted');
  });

  it('are linted with lintMinified: true, and their findings appear', async () => {
    const root = project({ lintMinified: true });
    const run = await runCli([], root);
    expect(run.code).toBe(1);
    expect(run.stdout.endsWith('\n1 template · 4 functions: 4 handlers linted (4 modules)\n')).toBe(true);
    const findings = flattenFindings((await lintProject({ cwd: root })).results, root).filter((f) => f.ruleId === SWALLOWED);
    expect(findings.map(({ file, line, column }) => ({ file, line, column }))).toEqual([
      { file: 'build/long.js', line: 5, column: 5 },
      { file: 'build/mapped.js', line: 4, column: 5 },
      { file: 'dist/app.min.js', line: 1, column: 45 },
    ]);
  });

  it('named alone, is no code file to lint: the run says it skipped it', async () => {
    const root = writeProject({ 'app.min.js': 'exports.handler=async()=>1;\n', 'plain.js': 'exports.handler = async () => 1;\n' });
    const alone = await runCli(['app.min.js'], root);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("(skipped app.min.js (minified or bundled; the config's lintMinified: true lints it); looked for templates");
    const beside = await runCli(['app.min.js', 'plain.js'], root);
    expect(beside.code).toBe(0);
    expect(beside.stdout).toBe('0 templates · 0 functions: no template found, 1 module linted, 1 code file minified/bundled: not linted\n');
  });

  it('a lintMinified that is not true or false is a config error', async () => {
    const root = project({ lintMinified: 'yes' });
    const run = await runCli([], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sls-lint: ${root}/sls-lint.config.json: "lintMinified" must be true or false\n`);
  });
});
