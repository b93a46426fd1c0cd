import type { SourceLocation } from '../template/source-location.js';

/**
 * The architecture model: one shape whatever the template format, so every rule and the
 * graph read the same thing. Paths are absolute; locations point into the stack's template.
 */
export interface ProjectModel {
  root: string;
  stacks: Stack[];
}

export type TemplateFormat = 'sam' | 'cloudformation' | 'serverless' | 'cdk';

export interface Stack {
  /** Absolute path of the template this stack was read from. */
  templatePath: string;
  format: TemplateFormat;
  functions: FunctionNode[];
  resources: ResourceNode[];
  triggers: Trigger[];
}

/** A place in a template: the file and the most specific line a finding should point at. */
export interface TemplateRef extends SourceLocation {
  file: string;
}

/** How a trigger delivers events, which decides what failure handling a function needs. */
export type Delivery = 'sync' | 'async' | 'queue' | 'stream';

export interface FunctionNode {
  logicalId: string;
  /** What people call it, when that is not the logical id: the construct path in CDK output. */
  name?: string;
  at: TemplateRef;
  runtime?: string;
  /** Seconds; undefined when the template leaves the platform default. */
  timeout?: number;
  memorySize?: number;
  environment: Record<string, EnvironmentVariable>;
  tracing?: string;
  failure: FailureHandling;
  handler?: HandlerRef;
  /** Rule ids suppressed through the resource's `Metadata.sls-lint.ignore`. */
  ignoredRules: string[];
}

export interface EnvironmentVariable {
  value: unknown;
  /** Logical ids referenced through Ref, GetAtt or Sub. */
  references: string[];
  at: TemplateRef;
}

export interface FailureHandling {
  /** Logical id or ARN of the function's dead-letter queue or topic. */
  deadLetterTarget?: string;
  /** Logical id or ARN of the on-failure destination of asynchronous invocations. */
  onFailure?: string;
  maximumRetryAttempts?: number;
}

export interface HandlerRef {
  /** The handler string as written (`src/app.handler`). */
  value: string;
  exportName: string;
  /** Absolute path of the source file, when one exists. */
  sourceFile?: string;
  /** Candidate module path (absolute, without extension) that was searched. */
  modulePath: string;
  /** False when the code is not in this project (an S3 object, inline ZipFile, an image, a non-Node runtime). */
  resolvable: boolean;
  at: TemplateRef;
}

export type ResourceKind = 'queue' | 'topic' | 'table' | 'bus' | 'bucket' | 'stateMachine' | 'stream' | 'api' | 'other';

export interface ResourceNode {
  logicalId: string;
  /** What people call it, when that is not the logical id: the construct path in CDK output. */
  name?: string;
  type: string;
  kind: ResourceKind;
  at: TemplateRef;
  properties: Record<string, unknown>;
  ignoredRules: string[];
  queue?: QueueSettings;
}

export interface QueueSettings {
  /** Logical id (or ARN) of the dead-letter queue named by RedrivePolicy. */
  deadLetterTarget?: string;
  hasRedrivePolicy: boolean;
  /** Seconds; undefined means the SQS default of 30. */
  visibilityTimeout?: number;
  fifo: boolean;
}

export type TriggerKind =
  | 'Api' | 'HttpApi' | 'ALB' | 'FunctionUrl' | 'WebSocket'
  | 'S3' | 'SNS' | 'EventBridge' | 'Schedule' | 'CloudWatchLogs' | 'IoT'
  | 'SQS' | 'MQ' | 'Kinesis' | 'DynamoDB' | 'Kafka' | 'DocumentDB' | 'Cognito';

export interface Trigger {
  functionLogicalId: string;
  kind: TriggerKind;
  delivery: Delivery;
  /** Logical id of the resource the events come from, when it is in the template. */
  source?: string;
  at: TemplateRef;
  batchSize?: number;
  reportBatchItemFailures?: boolean;
  maximumRetryAttempts?: number;
  maximumRecordAgeInSeconds?: number;
  bisectBatchOnFunctionError?: boolean;
  onFailure?: string;
  /** Delivery-level DLQ (EventBridge target or SNS subscription); it does not catch the function's own errors. */
  deliveryDeadLetter?: string;
}
