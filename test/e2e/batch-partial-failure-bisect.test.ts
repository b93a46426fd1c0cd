import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { writeProject } from '../helpers/temp-project.js';

/**
 * A Kinesis consumer that bisects a failing batch, bounds its retries and keeps what fails: poison
 * records are isolated. Its event, Changes, is on line 10.
 */
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Projector:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Tracing: Active
      Handler: src/projector.handler
      Events:
        Changes:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Changes.Arn
            StartingPosition: LATEST
            BisectBatchOnFunctionError: true
            MaximumRetryAttempts: 3
            DestinationConfig:
              OnFailure:
                Destination: !GetAtt Failed.Arn
  Changes:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  Failed:
    Type: AWS::SQS::Queue
`;

/** Only computes: a re-run half batch repeats nothing anyone sees. */
const PURE = `export const handler = async (event) => {
  for (const record of event.Records) JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString());
};
`;

/** Publishes per record: each re-run half publishes again for the records that had succeeded. */
const PUBLISHES = `import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler = async (event) => {
  try {
    for (const record of event.Records) {
      await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: record.kinesis.data }));
    }
  } catch (error) {
    console.error(error);
    throw error;
  }
};
`;

async function batchFindings(code: string) {
  const root = writeProject({ 'template.yaml': TEMPLATE, 'src/projector.js': code });
  const run = await lintProject({ cwd: root });
  return run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'sls/batch-partial-failure')
    .map((m) => [path.relative(root, r.filePath), m.line, m.messageId]));
}

describe('sls/batch-partial-failure: a stream that bisects, bounds retries and keeps what fails', () => {
  it('is not reported when the handler has no side effect to repeat', async () => {
    expect(await batchFindings(PURE)).toEqual([]);
  });

  it('is reported when the handler publishes per record: bisecting re-runs records that had succeeded', async () => {
    expect(await batchFindings(PUBLISHES)).toEqual([['template.yaml', 10, 'streamWithoutPartialFailure']]);
  });
});
