import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { writeProject } from '../helpers/temp-project.js';

/**
 * A DynamoDB stream consumer with neither an on-failure destination nor a retry limit, and nothing
 * else wrong: it traces, reports its failed records, its code returns them, and an alarm watches its
 * errors. Its event, Changes, is on line 10.
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
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Orders.StreamArn
            StartingPosition: TRIM_HORIZON
            FunctionResponseTypes: [ReportBatchItemFailures]
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
  ProjectorErrors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions: [{ Name: FunctionName, Value: !Ref Projector }]
`;

const HANDLER = `export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      JSON.stringify(record.dynamodb.NewImage);
    } catch (error) {
      console.error(error);
      batchItemFailures.push({ itemIdentifier: record.dynamodb.SequenceNumber });
    }
  }
  return { batchItemFailures };
};
`;

describe('one finding per problem: a stream source without an on-failure destination and with unbounded retries', () => {
  it('gets exactly one finding, whose message names both settings', async () => {
    const root = writeProject({ 'template.yaml': TEMPLATE, 'src/projector.js': HANDLER });
    const run = await lintProject({ cwd: root });
    const findings = run.results.flatMap((r) => r.messages.map((m) => ({ file: path.relative(root, r.filePath), line: m.line, ruleId: m.ruleId, messageId: m.messageId, message: m.message })));
    expect(findings).toEqual([{
      file: 'template.yaml',
      line: 10,
      ruleId: 'sls/stream-failure-destination',
      messageId: 'missingOnFailureAndRetryLimit',
      message: 'DynamoDB stream Orders of Projector has no OnFailure destination and no MaximumRetryAttempts: a bad record blocks, then is lost',
    }]);
  });
});
