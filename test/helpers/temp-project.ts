import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes files (paths relative to the project) into a new temporary folder, or into `root`, and returns the folder. */
export function writeProject(files: Record<string, string>, root = mkdtempSync(path.join(tmpdir(), 'sls-lint-test-'))): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/**
 * The smallest project with one known finding: a queue consumed by a function, without a
 * RedrivePolicy (sls/sqs-redrive-policy on the Jobs line, 13:3).
 */
export const QUEUE_TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: worker.handler
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
  Jobs:
    Type: AWS::SQS::Queue
`;
