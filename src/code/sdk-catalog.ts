/**
 * The AWS SDK surface sls-lint understands, as data. Every recogniser reads this one table,
 * so adding an operation here teaches every rule about it.
 */
export type OperationKind = 'read' | 'write' | 'emit' | 'invoke' | 'scan';

export interface ServiceEntry {
  /** Our name for the service (used in messages and the graph). */
  service: string;
  /** v3 package that exports the bare client and the commands. */
  v3Package: string;
  /** v3 bare client class, used with `client.send(new XCommand(...))`. */
  v3Client: string;
  /** v3 aggregated client class, whose methods are the operations in camelCase. */
  v3Aggregated: string;
  /** aws-sdk v2 client path under the `AWS` namespace (`DynamoDB.DocumentClient`). */
  v2Client: string;
  /** aws-sdk v2 per-service import (`aws-sdk/clients/lambda`). */
  v2Module?: string;
  operations: Record<string, OperationKind>;
}

function ops(groups: Partial<Record<OperationKind, string>>): Record<string, OperationKind> {
  const result: Record<string, OperationKind> = {};
  for (const [kind, names] of Object.entries(groups) as [OperationKind, string][]) {
    for (const name of names.split(/\s+/).filter(Boolean)) result[name] = kind;
  }
  return result;
}

export const SDK_CATALOG: readonly ServiceEntry[] = [
  {
    service: 'DynamoDB', v3Package: '@aws-sdk/client-dynamodb', v3Client: 'DynamoDBClient', v3Aggregated: 'DynamoDB',
    v2Client: 'DynamoDB', v2Module: 'aws-sdk/clients/dynamodb',
    operations: ops({
      read: 'GetItem BatchGetItem Query TransactGetItems DescribeTable ListTables ExecuteStatement BatchExecuteStatement',
      write: 'PutItem UpdateItem DeleteItem BatchWriteItem TransactWriteItems ExecuteTransaction',
      scan: 'Scan',
    }),
  },
  {
    service: 'DynamoDBDocument', v3Package: '@aws-sdk/lib-dynamodb', v3Client: 'DynamoDBDocumentClient', v3Aggregated: 'DynamoDBDocument',
    v2Client: 'DynamoDB.DocumentClient',
    operations: ops({
      read: 'Get BatchGet Query TransactGet ExecuteStatement BatchExecuteStatement',
      write: 'Put Update Delete BatchWrite TransactWrite ExecuteTransaction',
      scan: 'Scan',
    }),
  },
  {
    service: 'S3', v3Package: '@aws-sdk/client-s3', v3Client: 'S3Client', v3Aggregated: 'S3', v2Client: 'S3', v2Module: 'aws-sdk/clients/s3',
    operations: ops({
      read: 'GetObject HeadObject ListObjects ListObjectsV2 GetObjectAttributes GetObjectTagging HeadBucket',
      write: 'PutObject DeleteObject DeleteObjects CopyObject CreateMultipartUpload UploadPart CompleteMultipartUpload PutObjectTagging Upload',
    }),
  },
  {
    service: 'SQS', v3Package: '@aws-sdk/client-sqs', v3Client: 'SQSClient', v3Aggregated: 'SQS', v2Client: 'SQS', v2Module: 'aws-sdk/clients/sqs',
    operations: ops({
      emit: 'SendMessage SendMessageBatch',
      read: 'ReceiveMessage GetQueueAttributes GetQueueUrl ListQueues',
      write: 'DeleteMessage DeleteMessageBatch ChangeMessageVisibility ChangeMessageVisibilityBatch PurgeQueue',
    }),
  },
  {
    service: 'SNS', v3Package: '@aws-sdk/client-sns', v3Client: 'SNSClient', v3Aggregated: 'SNS', v2Client: 'SNS', v2Module: 'aws-sdk/clients/sns',
    operations: ops({ emit: 'Publish PublishBatch', read: 'ListTopics GetTopicAttributes ListSubscriptionsByTopic' }),
  },
  {
    service: 'EventBridge', v3Package: '@aws-sdk/client-eventbridge', v3Client: 'EventBridgeClient', v3Aggregated: 'EventBridge',
    v2Client: 'EventBridge', v2Module: 'aws-sdk/clients/eventbridge',
    operations: ops({ emit: 'PutEvents', read: 'DescribeRule ListRules DescribeEventBus' }),
  },
  {
    service: 'CloudWatchEvents', v3Package: '@aws-sdk/client-cloudwatch-events', v3Client: 'CloudWatchEventsClient', v3Aggregated: 'CloudWatchEvents',
    v2Client: 'CloudWatchEvents', v2Module: 'aws-sdk/clients/cloudwatchevents',
    operations: ops({ emit: 'PutEvents', read: 'DescribeRule ListRules' }),
  },
  {
    service: 'Kinesis', v3Package: '@aws-sdk/client-kinesis', v3Client: 'KinesisClient', v3Aggregated: 'Kinesis', v2Client: 'Kinesis', v2Module: 'aws-sdk/clients/kinesis',
    operations: ops({ emit: 'PutRecord PutRecords', read: 'GetRecords GetShardIterator DescribeStream DescribeStreamSummary ListShards' }),
  },
  {
    service: 'Firehose', v3Package: '@aws-sdk/client-firehose', v3Client: 'FirehoseClient', v3Aggregated: 'Firehose', v2Client: 'Firehose', v2Module: 'aws-sdk/clients/firehose',
    operations: ops({ emit: 'PutRecord PutRecordBatch', read: 'DescribeDeliveryStream ListDeliveryStreams' }),
  },
  {
    service: 'StepFunctions', v3Package: '@aws-sdk/client-sfn', v3Client: 'SFNClient', v3Aggregated: 'SFN', v2Client: 'StepFunctions', v2Module: 'aws-sdk/clients/stepfunctions',
    operations: ops({
      emit: 'StartExecution',
      invoke: 'StartSyncExecution',
      read: 'DescribeExecution GetExecutionHistory ListExecutions DescribeStateMachine',
      write: 'SendTaskSuccess SendTaskFailure SendTaskHeartbeat StopExecution',
    }),
  },
  {
    service: 'Lambda', v3Package: '@aws-sdk/client-lambda', v3Client: 'LambdaClient', v3Aggregated: 'Lambda', v2Client: 'Lambda', v2Module: 'aws-sdk/clients/lambda',
    operations: ops({ invoke: 'Invoke InvokeAsync InvokeWithResponseStream', read: 'GetFunction GetFunctionConfiguration ListFunctions' }),
  },
  {
    // Known for one call: a traffic hook reports its verdict with it (see no-sync-invoke).
    service: 'CodeDeploy', v3Package: '@aws-sdk/client-codedeploy', v3Client: 'CodeDeployClient', v3Aggregated: 'CodeDeploy',
    v2Client: 'CodeDeploy', v2Module: 'aws-sdk/clients/codedeploy',
    operations: ops({ write: 'PutLifecycleEventHookExecutionStatus' }),
  },
  // Known for the reads that tell whether a job is done: a loop that waits and reads one again polls (see no-polling).
  {
    service: 'Athena', v3Package: '@aws-sdk/client-athena', v3Client: 'AthenaClient', v3Aggregated: 'Athena', v2Client: 'Athena', v2Module: 'aws-sdk/clients/athena',
    operations: ops({ read: 'GetQueryExecution' }),
  },
  {
    service: 'Glue', v3Package: '@aws-sdk/client-glue', v3Client: 'GlueClient', v3Aggregated: 'Glue', v2Client: 'Glue', v2Module: 'aws-sdk/clients/glue',
    operations: ops({ read: 'GetJobRun GetCrawler' }),
  },
  {
    service: 'ECS', v3Package: '@aws-sdk/client-ecs', v3Client: 'ECSClient', v3Aggregated: 'ECS', v2Client: 'ECS', v2Module: 'aws-sdk/clients/ecs',
    operations: ops({ read: 'DescribeTasks' }),
  },
  {
    service: 'CodeBuild', v3Package: '@aws-sdk/client-codebuild', v3Client: 'CodeBuildClient', v3Aggregated: 'CodeBuild', v2Client: 'CodeBuild', v2Module: 'aws-sdk/clients/codebuild',
    operations: ops({ read: 'BatchGetBuilds' }),
  },
  {
    service: 'Batch', v3Package: '@aws-sdk/client-batch', v3Client: 'BatchClient', v3Aggregated: 'Batch', v2Client: 'Batch', v2Module: 'aws-sdk/clients/batch',
    operations: ops({ read: 'DescribeJobs' }),
  },
  {
    service: 'Transcribe', v3Package: '@aws-sdk/client-transcribe', v3Client: 'TranscribeClient', v3Aggregated: 'Transcribe',
    v2Client: 'TranscribeService', v2Module: 'aws-sdk/clients/transcribeservice',
    operations: ops({ read: 'GetTranscriptionJob' }),
  },
  {
    service: 'Textract', v3Package: '@aws-sdk/client-textract', v3Client: 'TextractClient', v3Aggregated: 'Textract', v2Client: 'Textract', v2Module: 'aws-sdk/clients/textract',
    operations: ops({ read: 'GetDocumentTextDetection GetDocumentAnalysis' }),
  },
  {
    service: 'Scheduler', v3Package: '@aws-sdk/client-scheduler', v3Client: 'SchedulerClient', v3Aggregated: 'Scheduler', v2Client: 'Scheduler', v2Module: 'aws-sdk/clients/scheduler',
    operations: ops({ write: 'CreateSchedule UpdateSchedule DeleteSchedule', read: 'GetSchedule ListSchedules' }),
  },
];

export const V2_PACKAGE = 'aws-sdk';

/** `aws-sdk`, `aws-sdk/clients/x`, `@aws-sdk/x`: a package of the AWS SDK itself. */
export function isAwsSdkSource(source: string): boolean {
  return source === V2_PACKAGE || source.startsWith(`${V2_PACKAGE}/`) || source.startsWith('@aws-sdk/');
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Lookups built once from the catalog. */
export const catalogIndex = (() => {
  const byV3Package = new Map<string, ServiceEntry>();
  const byV2Client = new Map<string, ServiceEntry>();
  const byV2Module = new Map<string, ServiceEntry>();
  for (const entry of SDK_CATALOG) {
    // Two services may share a package only if we listed it twice by mistake; first one wins.
    if (!byV3Package.has(entry.v3Package)) byV3Package.set(entry.v3Package, entry);
    byV2Client.set(entry.v2Client, entry);
    if (entry.v2Module) byV2Module.set(entry.v2Module, entry);
  }
  return { byV3Package, byV2Client, byV2Module };
})();

/** The operation name for a v2 or aggregated-v3 method (`putItem` → `PutItem`), if the service has it. */
export function operationForMethod(entry: ServiceEntry, method: string): string | undefined {
  const name = upperFirst(method);
  return name in entry.operations ? name : undefined;
}

/** The operation name for a v3 command class (`PutItemCommand` → `PutItem`), if the service has it. */
export function operationForCommand(entry: ServiceEntry, command: string): string | undefined {
  if (!command.endsWith('Command')) return undefined;
  const name = command.slice(0, -'Command'.length);
  return name in entry.operations ? name : undefined;
}
