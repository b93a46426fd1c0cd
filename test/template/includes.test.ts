import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

const project = writeProject;

const WORKER = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Worker:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs20.x',
  '      Handler: worker.handler',
  '      Events:',
  '        Jobs:',
  '          Type: SQS',
  '          Properties:',
  '            Queue: !GetAtt Jobs.Arn',
];

describe('local includes in CloudFormation templates', () => {
  it('merges an AWS::Include snippet into Resources and points findings into the snippet', async () => {
    const root = project({
      'worker.ts': 'export const handler = async () => {};\n',
      'snippets/queues.yaml': '# shared queues\nJobs:\n  Type: AWS::SQS::Queue\n',
      'template.yaml': [...WORKER, '  Fn::Transform:', '    Name: AWS::Include', '    Parameters:', '      Location: ./snippets/queues.yaml', ''].join('\n'),
    });
    const run = await runCli(['--format', 'json', '--rule', 'sls/tracing-enabled: off', '--rule', 'sls/batch-partial-failure: off', '--rule', 'sls/error-alarm: off'], root);
    expect(flattenFindings(JSON.parse(run.stdout) as LintResult[], root)).toEqual([
      { file: 'snippets/queues.yaml', line: 2, column: 1, ruleId: 'sls/sqs-redrive-policy', severity: 2 },
    ]);
  });

  it('replaces a value with an Fn::Include file, and a snippet that is a template is not a stack of its own', () => {
    const root = project({
      'queue.template.yaml': 'Resources:\n  Ignored:\n    Type: AWS::SQS::Queue\n',
      'redrive.yaml': 'deadLetterTargetArn: !GetAtt JobsDlq.Arn\nmaxReceiveCount: 3\n',
      'template.yaml': [...WORKER, '  Jobs:', '    Type: AWS::SQS::Queue', '    Properties:', '      RedrivePolicy:', '        Fn::Include: ./redrive.yaml', '  JobsDlq:', '    Type: AWS::SQS::Queue', '  More:', '    Fn::Include: ./queue.template.yaml', ''].join('\n'),
    });
    const { model, findings } = loadModel(root, [path.join(root, 'queue.template.yaml'), path.join(root, 'template.yaml')]);
    expect(findings.filter((f) => f.ruleId !== 'sls/handler-not-found')).toEqual([]);
    expect(model.stacks.map((s) => path.basename(s.templatePath))).toEqual(['template.yaml']);
    expect(model.stacks[0]!.resources.find((r) => r.logicalId === 'Jobs')!.queue).toMatchObject({ hasRedrivePolicy: true, deadLetterTarget: 'JobsDlq' });
  });

  it.each([
    ['../outside.yaml', 'Include of ../outside.yaml refused: it is outside the project root.'],
    ['s3://bucket/snippet.yaml', 'Include of s3://bucket/snippet.yaml refused: sls-lint never fetches remote files.'],
    ['https://example.com/snippet.yaml', 'Include of https://example.com/snippet.yaml refused: sls-lint never fetches remote files.'],
  ])('refuses %s with sls/unsafe-include on its line', async (location, message) => {
    const outer = mkdtempSync(path.join(tmpdir(), 'sls-include-outer-'));
    project({ 'outside.yaml': 'Jobs:\n  Type: AWS::SQS::Queue\n' }, outer);
    const root = project({
      'worker.ts': 'export const handler = async () => {};\n',
      'template.yaml': [...WORKER, '  Fn::Transform:', '    Name: AWS::Include', '    Parameters:', `      Location: ${location}`, ''].join('\n'),
    }, path.join(outer, 'app'));
    const run = await runCli(['--format', 'json', '--rule', 'sls/tracing-enabled: off', '--rule', 'sls/batch-partial-failure: off', '--rule', 'sls/error-alarm: off'], root);
    const results = JSON.parse(run.stdout) as LintResult[];
    expect(flattenFindings(results, root)).toEqual([{ file: 'template.yaml', line: 13, column: 3, ruleId: 'sls/unsafe-include', severity: 2 }]);
    expect(results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([message]);
  });

  it('stops an include that includes itself', () => {
    const root = project({ 'template.yaml': 'Resources:\n  Loop:\n    Fn::Include: ./template.yaml\n' });
    const { findings } = loadModel(root, [path.join(root, 'template.yaml')]);
    expect(findings.map((f) => [f.ruleId, f.line, f.message])).toEqual([
      ['sls/parse-error', 3, 'Parsing error: Include of ./template.yaml refused: it includes itself.'],
    ]);
  });
});
