import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { expectKnownFinding, flatten, hostileProject } from './project.js';

/**
 * A `CodeUri` (or `Code`) that names a file: the package holds that file alone, at its top, so the
 * handler's module must be the file's name. It is linted when it is; otherwise the finding says
 * why, in words, rather than listing paths no package could hold.
 */
const template = (codeUri: string, handler: string) => [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Fn:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Tracing: Active',
  `      CodeUri: ${codeUri}`,
  `      Handler: ${handler}`,
  '',
].join('\n');

const JS = 'exports.handler = async () => 1;\n';
const TS = 'export const handler = async () => 1;\n';

describe('a CodeUri that names a file', () => {
  it('is the handler module when the handler names it; a mismatch or a missing file is said plainly', async () => {
    const root = hostileProject({
      'named/template.yaml': template('src/function.js', 'function.handler'),
      'named/src/function.js': JS,
      // The .js the template names is build output of the .ts beside it.
      'built/template.yaml': template('src/function.js', 'function.handler'),
      'built/src/function.ts': TS,
      'other-module/template.yaml': template('src/function.js', 'index.handler'),
      'other-module/src/function.js': JS,
      'with-folder/template.yaml': template('./src/function.js', 'src/function.main'),
      'with-folder/src/function.js': JS,
      'missing/template.yaml': template('src/gone.js', 'gone.handler'),
    });
    const run = await lintProject({ cwd: root });
    const all = flatten(run.results, root);
    const findings = all.filter((f) => !f.file.startsWith('valid/'));
    expect(findings.map(({ severity: _s, ...f }) => f)).toEqual([
      {
        file: 'missing/template.yaml', line: 9, column: 7, ruleId: 'sls/handler-not-found',
        message: "Handler 'gone.handler' of Fn resolves to no source file: its code is the file missing/src/gone.js, which does not exist (nor missing/src/gone.{ts,mts,cts,js,mjs,cjs}).",
      },
      {
        file: 'other-module/template.yaml', line: 9, column: 7, ruleId: 'sls/handler-not-found',
        message: "Handler 'index.handler' of Fn names module index, but its code is the one file other-module/src/function.js, packaged alone as function.js, so Lambda cannot load it: the handler would be function.handler.",
      },
      {
        file: 'with-folder/template.yaml', line: 9, column: 7, ruleId: 'sls/handler-not-found',
        message: "Handler 'src/function.main' of Fn names module src/function, but its code is the one file with-folder/src/function.js, packaged alone as function.js, so Lambda cannot load it: the handler would be function.main.",
      },
    ]);
    // named, built and the valid project's worker are linted; the other three are not found.
    expect(run.coverage.functions).toMatchObject({ linted: 3, 'not-found': 3 });
    expectKnownFinding(all);
  });
});
