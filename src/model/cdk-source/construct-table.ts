import { ALARM_TYPES, CREATE_ALARM } from './alarms.js';
import { API_METHODS, API_TYPES, restApiMember } from './apis.js';
import { cfnConstruct } from './cfn-resources.js';
import type { ConstructType, HandlerContext, MethodHandler } from './construct-types.js';
import { FUNCTION_METHODS, FUNCTION_TYPES } from './functions.js';
import { MESSAGING_METHODS, MESSAGING_TYPES } from './messaging.js';
import { accountWideMetric, METRIC_CLASSES, METRIC_METHODS, METRIC_VALUE_METHODS } from './metrics.js';
import { SOLUTIONS_TYPES } from './solutions-constructs.js';
import { STATE_MACHINE_TYPES } from './state-machines.js';
import { refKey, type ConstructRole, type ConstructValue, type Entry, type LibRef, type Located, type Value } from './values.js';

export { chainOf, connect } from './state-machines.js';

/**
 * The construct table: one entry per library construct the reader models, by module and class
 * (`aws-lambda.Function`), whatever the CDK version or import style. docs/cdk.md lists it.
 */
const CONSTRUCTS: Record<string, ConstructType> = {
  ...FUNCTION_TYPES,
  ...MESSAGING_TYPES,
  ...API_TYPES,
  ...STATE_MACHINE_TYPES,
  ...SOLUTIONS_TYPES,
  ...ALARM_TYPES,
};

/** Methods by the family of the construct (or value) they are called on; a family's metric methods beside its others. */
const METHODS: Record<string, Record<string, MethodHandler>> = joinMethods(
  { function: FUNCTION_METHODS, ...MESSAGING_METHODS, ...API_METHODS, metric: { ...METRIC_VALUE_METHODS, ...CREATE_ALARM } },
  METRIC_METHODS,
);

function joinMethods(...tables: Record<string, Record<string, MethodHandler>>[]): Record<string, Record<string, MethodHandler>> {
  const joined: Record<string, Record<string, MethodHandler>> = {};
  for (const table of tables) for (const [family, methods] of Object.entries(table)) joined[family] = { ...joined[family], ...methods };
  return joined;
}

/** Library classes that make the tree itself: the app, stages, stacks, and plain constructs. */
const ROLES: Record<string, ConstructRole> = {
  'core.App': 'app',
  'core.Stage': 'stage',
  'core.Stack': 'stack',
  'core.NestedStack': 'nested-stack',
  'aws-cloudformation.NestedStack': 'nested-stack',
  'core.Construct': 'construct',
  'constructs.Construct': 'construct',
};

/**
 * Modules whose constructs can hold functions, triggers or the resources rules look at: a class
 * of theirs the table lacks is unknown. Other AWS modules (IAM, EC2, logs, KMS...) hold nothing
 * the rules read and are passed over.
 */
const RELEVANT_MODULES = new Set([
  'aws-lambda', 'aws-lambda-nodejs', 'aws-lambda-python', 'aws-lambda-go', 'aws-lambda-event-sources', 'aws-sqs', 'aws-sns',
  'aws-sns-subscriptions', 'aws-events', 'aws-events-targets', 'aws-s3', 'aws-s3-notifications', 'aws-dynamodb', 'aws-kinesis',
  'aws-apigateway', 'aws-apigatewayv2', 'aws-stepfunctions', 'aws-scheduler', 'aws-pipes',
]);

/** Classes of those modules that create nothing the model needs. */
const PASSED_OVER = new Set([
  'aws-lambda.LayerVersion', 'aws-lambda.Alias', 'aws-lambda.Version', 'aws-lambda.Permission', 'aws-lambda.CodeSigningConfig',
  'aws-sqs.QueuePolicy', 'aws-sns.TopicPolicy', 'aws-s3.BucketPolicy', 'aws-events.Archive', 'aws-events.Connection',
  'aws-events.ApiDestination', 'aws-apigateway.Deployment', 'aws-apigateway.Stage', 'aws-apigateway.Model',
  'aws-apigateway.RequestValidator', 'aws-apigateway.ApiKey', 'aws-apigateway.RateLimitedApiKey', 'aws-apigateway.UsagePlan',
  'aws-apigateway.DomainName', 'aws-apigateway.BasePathMapping', 'aws-apigateway.CognitoUserPoolsAuthorizer',
  'aws-apigateway.GatewayResponse', 'aws-apigateway.Method', 'aws-apigateway.Resource', 'aws-apigateway.VpcLink',
  'aws-apigatewayv2.HttpStage', 'aws-apigatewayv2.WebSocketStage', 'aws-apigatewayv2.DomainName', 'aws-apigatewayv2.ApiMapping',
  'aws-apigatewayv2.VpcLink', 'aws-apigatewayv2.HttpAuthorizer', 'aws-apigatewayv2.WebSocketAuthorizer', 'aws-stepfunctions.Activity',
  'aws-scheduler.ScheduleGroup',
]);

export function libraryConstruct(key: string): ConstructType | undefined {
  if (Object.hasOwn(CONSTRUCTS, key)) return CONSTRUCTS[key];
  // L1 classes (`aws-lambda.CfnFunction`): CloudFormation resources, read as a template's are.
  const dot = key.indexOf('.');
  const l1 = cfnConstruct(key.slice(0, dot), key.slice(dot + 1));
  if (l1) return l1;
  // Every task of aws-stepfunctions-tasks is a state; LambdaInvoke is in the table for the function it invokes.
  return key.startsWith('aws-stepfunctions-tasks.') ? { family: 'state' } : undefined;
}

/** A library object that is a value the reader computes with (a CloudWatch metric), not a construct; undefined for others. */
export function libraryValue(key: string, args: Entry[], at: Located, context: HandlerContext): Value | undefined {
  return Object.hasOwn(METRIC_CLASSES, key) ? METRIC_CLASSES[key]!(args, at, context) : undefined;
}

/** A static method of a library class with a value the reader computes (`lambda.Function.metricAllErrors()`); undefined for others. */
export function libraryCall(ref: LibRef, args: Entry[], context: HandlerContext): Value | undefined {
  const method = ref.path.at(-1);
  if (ref.path.length !== 2 || method === undefined) return undefined;
  return accountWideMetric(libraryConstruct(refKey({ ...ref, path: ref.path.slice(0, 1) }))?.family, method, args, context);
}

export function libraryRole(key: string): ConstructRole | undefined {
  return Object.hasOwn(ROLES, key) ? ROLES[key] : undefined;
}

export function methodOf(family: string, name: string): MethodHandler | undefined {
  const methods = Object.hasOwn(METHODS, family) ? METHODS[family]! : undefined;
  return methods && Object.hasOwn(methods, name) ? methods[name] : undefined;
}

/** Whether a class of a module with modelled services could hold what rules read, though the table lacks it. */
export function isRelevantModuleClass(module: string, name: string): boolean {
  if (!RELEVANT_MODULES.has(module) || PASSED_OVER.has(`${module}.${name}`)) return false;
  // L1 classes of these modules are in the table (cfn-resources.ts); the rest hold nothing the model reads.
  return !name.startsWith('Cfn');
}

export function isStateFamily(family: string | undefined): boolean {
  return family === 'state' || family === 'chain';
}

/** A member of a library construct with a meaning of its own: a REST API's `root`. Undefined for attributes. */
export function familyMember(construct: ConstructValue, name: string): Value | undefined {
  return restApiMember(construct, name);
}
