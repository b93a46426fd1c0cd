import type { SourceLocation } from '../template/source-location.js';

/**
 * The architecture model: one shape whatever the template format, so every rule and the
 * graph read the same thing. Paths are absolute; locations point into the stack's template.
 */
export interface ProjectModel {
  /** The project folder: stack paths in the graph and messages are relative to it. */
  root: string;
  /** The read fence (the repository root, or `--root`): nothing outside it is read. Defaults to `root`. */
  fence?: string;
  stacks: Stack[];
  /**
   * What the CDK apps read from source hold that only running them gives (src/model/cdk-source/):
   * constructs and settings left out of the model, never guessed at. Absent when there are none.
   */
  unread?: UnreadPart[];
}

/**
 * A part of a CDK app the reader could not read statically: a `construct` (a construct of a
 * third-party library, constructs made in a loop over values computed at synth time, a trigger of
 * an imported function...) or a `setting` of a construct it did read (props from
 * `this.node.tryGetContext()`, `process.env`...).
 */
export interface UnreadPart {
  at: TemplateRef;
  what: string;
  kind: 'construct' | 'setting';
}

export type TemplateFormat = 'sam' | 'cloudformation' | 'serverless' | 'cdk';

export interface Stack {
  /** Absolute path of the template this stack was read from. */
  templatePath: string;
  format: TemplateFormat;
  functions: FunctionNode[];
  resources: ResourceNode[];
  triggers: Trigger[];
  /** Events passed between resources with no function in between (an SNS topic to an SQS queue...). */
  links: ResourceLink[];
  /**
   * The REST API the platform creates with no resource in the template: SAM's `ServerlessRestApi`
   * (Api events without RestApiId), the Serverless Framework's `ApiGatewayRestApi` (`http` events).
   */
  implicitRestApi?: ImplicitApi;
  /** The one place settings for every function are written: Serverless `provider`, SAM `Globals.Function`. None in CloudFormation or CDK. */
  functionDefaults?: FunctionDefaults;
  /**
   * The name the stack is deployed under, when the configuration fixes it: a Serverless service's
   * `provider.stackName`, or `<service>-<stage>`. Other templates are named when deployed.
   */
  stackName?: string;
  /** The Serverless service's name (`service`): its stacks are named `<service>-<stage>`. */
  serviceName?: string;
  /**
   * What the stack gives other stacks: its `Outputs`, and for a Serverless service the ones the
   * framework adds (`ServiceEndpoint`, the URL of the service's REST API). Absent when there are none.
   */
  outputs?: StackOutput[];
  /**
   * The custom domain names the stack serves its APIs on (SAM `Domain`, `AWS::ApiGateway::DomainName`,
   * `AWS::ApiGatewayV2::DomainName`, serverless-domain-manager's `custom.customDomain`), when they are
   * written out. Absent when there are none.
   */
  apiDomains?: ApiDomain[];
  /**
   * Functions CodeDeploy runs as traffic hooks of another function's deployment, by logical id (SAM
   * `DeploymentPreference.Hooks`, an alias' `CodeDeployLambdaAliasUpdate` update policy,
   * serverless-plugin-canary-deployments' `deploymentSettings`). Absent when there are none.
   */
  trafficHooks?: string[];
  /**
   * The CloudWatch alarms the stack declares, and what makes one without a resource of its own in the
   * source (a CDK `createAlarm`, a monitoring plugin's setting): who is told when a failure happens.
   * In a CDK app, also the alarms another stack declares on this one's elements (a monitoring stack),
   * their metrics naming them by the logical ids they have here. Absent when there are none.
   */
  alarms?: AlarmNode[];
}

/**
 * A CloudWatch alarm: an `AWS::CloudWatch::Alarm`, a CDK `metric…().createAlarm()` or
 * `new cloudwatch.Alarm({ metric })`, or a monitoring plugin's setting (serverless-plugin-aws-alerts'
 * `functionErrors`). What it watches is kept as the metrics it reads, with what their dimensions name,
 * so a rule can tell which queue or function somebody is told about.
 */
export interface AlarmNode {
  /** Logical id of the alarm resource; for a plugin setting or a CDK alarm with none, an id unique in the stack; for one of another stack, its construct path. */
  logicalId: string;
  /** What people call it, when that is not the logical id (a CDK construct path, the plugin's alarm name). */
  name?: string;
  at: TemplateRef;
  /** Every metric the alarm reads: one for a metric alarm, each one of a math expression (`Metrics`). */
  metrics: AlarmMetric[];
  /** Set when a part of what the alarm watches could not be read (a parameter, a condition, a computed value). */
  unreadable?: boolean;
  /** Rule ids suppressed through the alarm's `Metadata.sls-lint.ignore`. */
  ignoredRules: string[];
}

/** One metric an alarm reads. */
export interface AlarmMetric {
  /** `AWS/SQS`, `AWS/Lambda`…; undefined when not written out. */
  namespace?: string;
  /** `ApproximateNumberOfMessagesVisible`, `ApproximateAgeOfOldestMessage`, `Errors`…; undefined when not written out. */
  metricName?: string;
  /** Its dimensions. None: the metric covers every queue or function of the account and region (a stack-wide alarm). */
  dimensions: AlarmDimension[];
}

export interface AlarmDimension {
  /** `QueueName`, `FunctionName`, `TopicName`… */
  name: string;
  /** Logical ids the value references (Ref, GetAtt, Sub variables; the construct in CDK). */
  references: string[];
  /** The value when it is a plain string (a deployed name, matched against `deployedName` or a queue's name). */
  value?: string;
}

/** One output of a stack. */
export interface StackOutput {
  name: string;
  /** The name it is exported under (`Export.Name`), when the template spells it out. */
  exportName?: string;
  value: unknown;
  /** Logical ids the value references (Ref, GetAtt, Sub variables). */
  references: string[];
  at: TemplateRef;
}

/** A custom domain name an API of the stack is served on. */
export interface ApiDomain {
  /** The host, lower case (`api.shop.example.com`). */
  host: string;
  /** The API it serves (logical id), or the domain name resource when no mapping in the stack names the API. */
  api: string;
  /** The domain name resource (`AWS::ApiGateway::DomainName`...), when one declares it: a reference to it is the host. */
  resource?: string;
  at: TemplateRef;
}

/**
 * A stack output a value is read from: `${cf:<stack>.<output>}` in a Serverless service, or
 * `Fn::ImportValue` of an export name (CloudFormation, SAM, or a Serverless service's resources).
 */
export type OutputRef = { stackName: string; output: string } | { exportName: string };

/**
 * The section every function of the stack inherits its settings from, so a rule can report a
 * setting missing on all of them once, where one line fixes them all.
 */
export interface FunctionDefaults {
  /**
   * The section's key: `provider` in serverless.yml; in SAM `Globals.Function`, or `Globals` when it
   * has no Function section, or `Transform` when the template has no Globals (Globals goes beside it).
   */
  at: TemplateRef;
  /**
   * Where the shared tracing mode is written (`provider.tracing.lambda`, the old `provider.tracing: true`,
   * `Globals.Function.Tracing`), or the `provider.tracing` section it belongs in; undefined when none is.
   */
  tracingAt?: TemplateRef;
  /** Logical ids of the functions that take their tracing mode from here: they write none of their own (in SAM, not AWS::Lambda::Function). */
  inheritTracing: string[];
}

/** An API the platform creates from events, with no resource of its own in the template. */
export interface ImplicitApi {
  /** The logical id the platform gives it. */
  logicalId: string;
  /** The first event that makes the platform create it. */
  at: TemplateRef;
  tracing: TracingSetting;
}

/** X-Ray tracing of an element that is not a function: a REST API stage, a state machine. */
export interface TracingSetting {
  /** False when the template leaves the default (off); undefined when it is set to something unreadable (a parameter, a condition). */
  enabled?: boolean;
  /** Where it is set (on the resource, in SAM Globals, in the Serverless provider); undefined when it is not. */
  at?: TemplateRef;
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
  /** The name the function is deployed under, when the template says (FunctionName, or the Serverless Framework's service-stage-key). */
  deployedName?: string;
  environment: Record<string, EnvironmentVariable>;
  tracing?: string;
  /**
   * Where the tracing mode is set: the function, SAM `Globals.Function`, or the Serverless provider;
   * undefined when it is not. Set while `tracing` is undefined: the value is unreadable (a parameter, a condition).
   */
  tracingAt?: TemplateRef;
  failure: FailureHandling;
  /** Where the function's code comes from, which decides whether sls-lint can read it. */
  codeKind: CodeKind;
  handler?: HandlerRef;
  /**
   * Rule ids suppressed through the resource's `Metadata.sls-lint.ignore`; for a CDK app read from
   * source, also the rules that would read a setting of it the app computes when it runs.
   */
  ignoredRules: string[];
}

/**
 * Where a function's code comes from. Only Node.js code is linted: `node`, `s3` and `artifact`
 * functions are looked for in the project (and reported by sls/handler-not-found when not found);
 * the others are known not to be Node.js code the project holds.
 */
export type CodeKind =
  /** Node.js code in a folder (or file) of the project: SAM `CodeUri`, CloudFormation `Code` as a path, a CDK source asset, a Serverless service. */
  | 'node'
  /** Node.js code from an S3 object or a location the template computes; the handler path is tried from the template's folder and the package's. */
  | 's3'
  /** Node.js code from a built archive (a `.zip`/`.jar` `CodeUri` or `Code`, Serverless `package.artifact`); looked for as `s3` is, and beside the archive. */
  | 'artifact'
  /** Node.js code CDK bundled into `cdk.out`: build output, not source. */
  | 'staged-asset'
  /** Node.js code in a folder outside the project root, which sls-lint never reads. */
  | 'outside-root'
  /** A runtime other than Node.js: Python, Java, Go, .NET, Ruby, a custom runtime. */
  | 'other-runtime'
  /** A container image (`PackageType: Image`, Serverless `image`). */
  | 'image'
  /** Code written in the template (SAM `InlineCode`, CloudFormation `Code.ZipFile`). */
  | 'inline';

export interface EnvironmentVariable {
  value: unknown;
  /** Logical ids referenced through Ref, GetAtt or Sub. */
  references: string[];
  /** The stack output the value starts with (`${cf:shop-dev.ServiceEndpoint}/v1`, `!ImportValue orders-api-url`), when it starts with one. */
  output?: OutputRef;
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
  /**
   * Every module path (absolute, without extension) the handler was tried at, when the code is an
   * S3 object or an artifact and so has no folder of its own: from the template's folder, the package's, the archive's.
   */
  searched?: string[];
  /**
   * False when the template places the code in no project folder (an S3 object, inline ZipFile, an image, a non-Node
   * runtime) or the handler is not `module.export`. An S3 or artifact handler may still have a `sourceFile`: see `searched`.
   */
  resolvable: boolean;
  /**
   * The path (absolute) the template spells, when `sourceFile` differs from it only in letter case: found on a
   * case-insensitive file system, missing on Lambda's.
   */
  caseMismatch?: string;
  /**
   * Set when the handler is written with variables sls-lint could not resolve (Serverless
   * `handler: ${self:custom.entry}`): their names (`self:custom.entry`), and whether a variable
   * cycle is why. No file is looked for: the string as written names none.
   */
  unresolved?: { variables: string[]; cycle: boolean };
  /** The one file the code path names (`CodeUri: src/function.js`), absolute: the package holds that file alone, so the handler's module must be it. */
  codeFile?: string;
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
  /** As on FunctionNode: suppressed through `Metadata.sls-lint.ignore`, or silenced by a setting only the running CDK app knows. */
  ignoredRules: string[];
  queue?: QueueSettings;
  /**
   * X-Ray tracing, on resources that can send traces: REST API stages (`AWS::Serverless::Api` with
   * SAM `Globals.Api`, `AWS::ApiGateway::Stage`, a Deployment's own `StageName`) and state machines.
   */
  tracing?: TracingSetting;
}

export interface QueueSettings {
  /** Logical id (or ARN) of the dead-letter queue named by RedrivePolicy. */
  deadLetterTarget?: string;
  hasRedrivePolicy: boolean;
  /** Seconds; undefined means the SQS default of 30. */
  visibilityTimeout?: number;
  /** Where VisibilityTimeout is written; set while `visibilityTimeout` is undefined when the value is unreadable. */
  visibilityTimeoutAt?: TemplateRef;
  fifo: boolean;
}

/**
 * What an event must look like to pass: an EventBridge pattern, an SNS filter policy, an S3 key
 * prefix or suffix. Checked against what code emits, so an edge that cannot fire is no cycle.
 */
export interface EventFilter {
  eventPattern?: Record<string, unknown>;
  snsFilterPolicy?: Record<string, unknown>;
  s3Prefix?: string;
  s3Suffix?: string;
}

export interface ResourceLink {
  from: string;
  to: string;
  kind: 'SNS' | 'EventBridge' | 'S3';
  filter?: EventFilter;
  at: TemplateRef;
}

export type TriggerKind =
  | 'Api' | 'HttpApi' | 'ALB' | 'FunctionUrl' | 'WebSocket'
  | 'S3' | 'SNS' | 'EventBridge' | 'Schedule' | 'CloudWatchLogs' | 'IoT'
  | 'SQS' | 'MQ' | 'Kinesis' | 'DynamoDB' | 'Kafka' | 'DocumentDB' | 'Cognito'
  /** A Step Functions task that invokes the function (read from CDK source). */
  | 'StepFunctions';

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
  /** Which events pass to the function, when the source filters them. */
  filter?: EventFilter;
  /**
   * Logical id of the EventBridge pipe that polls the source and invokes the function, when a pipe
   * does (rather than an event source mapping). Pipes act on returned batchItemFailures without any
   * ReportBatchItemFailures setting, and keep failed stream batches in their own DeadLetterConfig (`onFailure`).
   */
  pipe?: string;
  /**
   * Rule ids suppressed through `Metadata.sls-lint.ignore` of the resource that declares the trigger
   * (an EventSourceMapping, a subscription, an events rule), when it is not the function; absent when none.
   * For a CDK app read from source, also the rules that would read a setting the app computes when it runs.
   */
  ignoredRules?: string[];
}
