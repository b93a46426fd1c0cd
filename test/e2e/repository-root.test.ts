import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/results.js';
import { flattenFindings } from '../helpers/findings.js';
import { runCli } from '../helpers/run-cli.js';
import { writeProject } from '../helpers/temp-project.js';

/** A queue consumer whose code lives beside the service, in the repository's shared folder. */
const SERVICE_TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Tracing: Active
      CodeUri: ../../shared/orders/
      Handler: worker.handler
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 1
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDlq.Arn
        maxReceiveCount: 3
  JobsDlq:
    Type: AWS::SQS::Queue
  # Someone is told when a job fails for good.
  JobsDlqAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions: [{ Name: QueueName, Value: !GetAtt JobsDlq.QueueName }]
`;

/** Swallows every failure (sls/no-swallowed-errors on the catch), and imports a helper through a libs/ symlink. */
const WORKER = `import { save } from './libs/store';

export const handler = async (event: { Records: { body: string }[] }) => {
  try {
    await save(event.Records[0].body);
  } catch (error) {
    console.log(error);
  }
};
`;

function monorepo(): string {
  const repo = writeProject({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'services/orders/template.yaml': SERVICE_TEMPLATE,
    'shared/orders/worker.ts': WORKER,
    'libs/store.ts': 'export async function save(body: string): Promise<void> {\n  void body;\n}\n',
  });
  mkdirSync(path.join(repo, 'shared/orders'), { recursive: true });
  symlinkSync('../../libs', path.join(repo, 'shared/orders/libs'));
  return repo;
}

const findingsOf = (stdout: string, cwd: string) => flattenFindings(JSON.parse(stdout) as LintResult[], cwd);

describe('the read fence is the repository that holds the project', () => {
  it('reads code outside the project folder but inside the repository (`CodeUri: ../../shared`, a libs/ symlink)', async () => {
    const repo = monorepo();
    const service = path.join(repo, 'services/orders');
    const run = await runCli(['--format', 'json'], service);
    expect(run.stderr).toBe('1 template · 1 function: 1 handler linted (2 modules)\n');
    expect(findingsOf(run.stdout, service)).toEqual([
      { file: '../../shared/orders/worker.ts', line: 6, column: 5, ruleId: 'sls/no-swallowed-errors', severity: 2 },
    ]);
  });

  it('--root narrows the fence: the shared code is then outside it, and the finding says so', async () => {
    const repo = monorepo();
    const service = path.join(repo, 'services/orders');
    const run = await runCli(['--format', 'json', '--root', '.'], service);
    expect(run.stderr).toBe('1 template · 1 function: 1 outside the project root\n');
    const [result] = JSON.parse(run.stdout) as LintResult[];
    expect(result!.messages.map((m) => [m.line, m.ruleId, m.message])).toEqual([
      [9, 'sls/handler-not-found', "Handler 'worker.handler' of Worker is in ../../shared/orders, outside the project root: not read. " +
        'Pass --root <folder> with a folder that holds both the template and the code.'],
    ]);
  });

  it('a symlink out of the repository stays refused, and the finding says so', async () => {
    const repo = monorepo();
    const outside = writeProject({ 'worker.ts': WORKER });
    const service = path.join(repo, 'services/orders');
    rmSync(path.join(repo, 'shared/orders/worker.ts'));
    symlinkSync(path.join(outside, 'worker.ts'), path.join(repo, 'shared/orders/worker.ts'));
    const run = await runCli(['--format', 'json'], service);
    expect(run.stderr).toBe('1 template · 1 function: 1 outside the project root\n');
    const [result] = JSON.parse(run.stdout) as LintResult[];
    expect(result!.messages.map((m) => [m.line, m.ruleId, m.message])).toEqual([
      [9, 'sls/handler-not-found', "Handler 'worker.handler' of Worker resolves to ../../shared/orders/worker.ts, a symlink that leads outside the repository root (../..): not read."],
    ]);
  });

  it('without a repository, the fence is the project folder', async () => {
    const project = writeProject({ 'services/orders/template.yaml': SERVICE_TEMPLATE, 'shared/orders/worker.ts': WORKER });
    const run = await runCli(['--format', 'json'], path.join(project, 'services/orders'));
    expect(run.stderr).toBe('1 template · 1 function: 1 outside the project root\n');
  });
});
