import path from 'node:path';
import type { ParsedTemplate } from '../../template/parse-template.js';
import type { PathSegment, SourceLocation } from '../../template/source-location.js';
import { defineOwn } from '../../util/objects.js';
import { buildCloudFormationStack } from '../build-cloudformation.js';
import type { FunctionNode, ResourceKind, Stack, TemplateRef } from '../types.js';
import type { ConstructType } from './construct-types.js';
import { runtimeName } from './functions.js';
import type { ReadContext } from './props.js';
import { environmentValue, silence, writtenAs } from './references.js';
import { refAt, type StackBuild } from './stack-build.js';
import {
  isArrayValue, isAttr, isLibRef, isObjectValue, isPrimitive, SubValue,
  type ConstructValue, type Entry, type Located, type Value,
} from './values.js';

/**
 * L1 constructs (`new lambda.CfnFunction(this, id, props)`, `new pipes.CfnPipe(...)`): CloudFormation
 * resources written in TypeScript. They are read as the CloudFormation reader reads a template,
 * once the app has run: their props are turned into template properties, located where the app
 * writes them, so every linker of the template reader (event source mappings, subscriptions,
 * rules, pipes...) applies, and their references reach the L2 constructs of the same stack.
 */

/** The CloudFormation namespace of each module whose L1 resources the model can hold. */
const NAMESPACES: Record<string, string> = {
  'aws-lambda': 'Lambda', 'aws-sqs': 'SQS', 'aws-sns': 'SNS', 'aws-events': 'Events', 'aws-s3': 'S3', 'aws-dynamodb': 'DynamoDB',
  'aws-kinesis': 'Kinesis', 'aws-apigateway': 'ApiGateway', 'aws-apigatewayv2': 'ApiGatewayV2', 'aws-stepfunctions': 'StepFunctions',
  'aws-scheduler': 'Scheduler', 'aws-pipes': 'Pipes', 'aws-logs': 'Logs', 'aws-iot': 'IoT', 'aws-cloudwatch': 'CloudWatch',
};

/** Modules of which only some L1 classes hold what the model reads: CloudWatch's alarms, not its dashboards. */
const ONLY: Record<string, string[]> = { 'aws-cloudwatch': ['CfnAlarm'] };

/** Families of L1 resources that L2 code may name as a source (`eventSourceArn: cfnQueue.attrArn`). */
const FAMILIES: Record<string, ResourceKind> = {
  'AWS::SQS::Queue': 'queue', 'AWS::DynamoDB::Table': 'table', 'AWS::DynamoDB::GlobalTable': 'table', 'AWS::Kinesis::Stream': 'stream',
};

/**
 * Properties whose value is data, not more properties: JSON documents (an event pattern, a filter
 * policy, an SQS redrive policy) and maps (environment variables). Their keys are kept as written.
 */
const VERBATIM = new Set([
  'Variables', 'EventPattern', 'FilterPolicy', 'RedrivePolicy', 'RedriveAllowPolicy', 'Definition', 'DefinitionSubstitutions',
  'Body', 'Policy', 'PolicyDocument', 'DeliveryPolicy', 'Attributes', 'Parameters', 'Metadata', 'StageVariables', 'Pattern',
]);

/** CloudFormation names CDK does not spell by capitalizing their first letter (its camel case lowers acronyms). */
const SPELLED_APART: Record<string, string> = {
  dynamoDbStreamParameters: 'DynamoDBStreamParameters',
  sseSpecification: 'SSESpecification',
};

/**
 * Rules that read a setting written under these property names: when what is written there is
 * computed when the app runs, they stay silent on what the resource makes.
 */
const SILENCED_BY: Record<string, string[]> = {
  Timeout: ['sls/sqs-visibility-timeout'],
  DeadLetterConfig: ['sls/async-failure-destination', 'sls/eventbridge-target-dlq', 'sls/stream-failure-destination'],
  DestinationConfig: ['sls/async-failure-destination', 'sls/stream-failure-destination'],
  BatchSize: ['sls/batch-partial-failure'],
  FunctionResponseTypes: ['sls/batch-partial-failure'],
  MaximumRetryAttempts: ['sls/stream-failure-destination'],
  MaximumRecordAgeInSeconds: ['sls/stream-failure-destination'],
  SourceParameters: ['sls/batch-partial-failure', 'sls/stream-failure-destination'],
  Targets: ['sls/eventbridge-target-dlq'],
  RedrivePolicy: ['sls/sqs-redrive-policy', 'sls/sns-redrive-policy'],
};

/** One L1 construct of a stack, waiting for the stack to be complete. */
export interface CfnResource {
  construct: ConstructValue;
  type: string;
  logicalId: string;
  props: Value;
  at: Located;
}

/** The construct type of `module.CfnX`, when the module is one the model reads. */
export function cfnConstruct(module: string, name: string): ConstructType | undefined {
  const namespace = Object.hasOwn(NAMESPACES, module) ? NAMESPACES[module] : undefined;
  if (!namespace || !/^Cfn[A-Z]\w*$/.test(name)) return undefined;
  if (Object.hasOwn(ONLY, module) && !ONLY[module]!.includes(name)) return undefined;
  const type = `AWS::${namespace}::${name.slice(3)}`;
  return {
    family: Object.hasOwn(FAMILIES, type) ? FAMILIES[type]! : 'cfn',
    create: (self, args) => {
      const build = self.stack;
      if (!build || !self.at) return;
      const logicalId = build.logicalId(self.path);
      self.data.set('cfn', logicalId);
      build.cfnResources.push({ construct: self, type, logicalId, props: args[2]?.value, at: self.at });
    },
  };
}

/** The logical id of an L1 construct; undefined for any other value. */
export function cfnLogicalId(construct: ConstructValue): string | undefined {
  const id = construct.data.get('cfn');
  return typeof id === 'string' ? id : undefined;
}

/** `cfnQueue.ref` is its Ref, `cfnQueue.attrArn` its Arn attribute; undefined for other members. */
export function cfnAttribute(logicalId: string, name: string): { Ref: string } | { 'Fn::GetAtt': [string, string] } | undefined {
  if (name === 'ref') return { Ref: logicalId };
  return /^attr[A-Z]/.test(name) ? { 'Fn::GetAtt': [logicalId, name.slice(4)] } : undefined;
}

/** An L1 resource read into the made-up template: the rules its unknown properties silence, and where its properties are written. */
interface ReadResource {
  resource: CfnResource;
  silenced: string[];
  written: Set<string>;
}

/**
 * Reads the L1 resources of a stack into it, through the CloudFormation reader. The stack's L2
 * nodes stand beside them as plain resources, so references between the two resolve; only what
 * the L1 resources make is kept.
 */
export function readCfnResources(build: StackBuild, context: ReadContext): void {
  if (build.cfnResources.length === 0) return;
  const resources: Record<string, unknown> = {};
  const locations = new Map<string, Located>();
  const read: ReadResource[] = [];
  for (const resource of build.cfnResources) {
    const converter = new Converter(build, context, resource.logicalId);
    const properties = converter.properties(resource);
    if (properties === undefined) continue;
    defineOwn(resources, resource.logicalId, { Type: resource.type, Properties: properties });
    locations.set(key(['Resources', resource.logicalId]), resource.at);
    for (const [where, at] of converter.locations) locations.set(key(['Resources', resource.logicalId, 'Properties', ...where]), at);
    const silenced = converter.unknown.flatMap((where) => where.flatMap((s) => (typeof s === 'string' && Object.hasOwn(SILENCED_BY, s) ? SILENCED_BY[s]! : [])));
    const written = new Set([resource.at, ...converter.locations.map(([, at]) => at)].map((at) => refKey(refAt(at))));
    read.push({ resource, silenced: [...new Set(silenced)], written });
  }
  if (read.length === 0) return;
  const own = new Set(read.map((r) => r.resource.logicalId));
  for (const fn of build.stack.functions) {
    if (!own.has(fn.logicalId)) defineOwn(resources, fn.logicalId, { Type: 'AWS::Lambda::Function', Properties: fn.deployedName ? { FunctionName: fn.deployedName } : {} });
  }
  for (const node of build.stack.resources) {
    if (!own.has(node.logicalId)) defineOwn(resources, node.logicalId, { Type: node.type, Properties: node.properties });
  }
  const fallback = refAt(read[0]!.resource.at);
  const template: ParsedTemplate = {
    // Relative code paths of the app start at the folder of cdk.json, where the CDK CLI runs it.
    filePath: path.join(context.appDir, 'cdk.json'),
    text: '',
    value: { Resources: resources },
    locate: (segments) => locate(locations, segments, fallback),
  };
  merge(build, buildCloudFormationStack(template, { projectRoot: context.root, format: 'cdk', handlers: context.handlers }), read);
}

/** What the L1 resources made, added to the stack: their nodes, the triggers and links they declare, and failure settings for L2 functions. */
function merge(build: StackBuild, made: Stack, read: ReadResource[]): void {
  const byId = new Map(read.map((r) => [r.resource.logicalId, r.resource]));
  for (const fn of made.functions) {
    const resource = byId.get(fn.logicalId);
    if (resource) {
      fn.name = resource.construct.pathName;
      resource.construct.node = fn;
      build.stack.functions.push(fn);
    } else {
      // An L1 EventInvokeConfig or dead-letter setting for an L2 function of the stack.
      const real = build.stack.functions.find((f) => f.logicalId === fn.logicalId);
      if (real) mergeFailure(real, fn);
    }
  }
  for (const node of made.resources) {
    const resource = byId.get(node.logicalId);
    if (!resource) continue;
    node.name = resource.construct.pathName;
    resource.construct.node = node;
    build.stack.resources.push(node);
  }
  build.stack.triggers.push(...made.triggers);
  build.stack.links.push(...made.links);
  // Alarms (`cloudwatch.CfnAlarm`): the template reader's, named by construct path.
  for (const alarm of made.alarms ?? []) {
    const resource = byId.get(alarm.logicalId);
    if (resource) (build.stack.alarms ??= []).push({ ...alarm, name: resource.construct.pathName });
  }
  // A trigger is the resource's when the reader placed it where the resource writes a property (a rule's target) or is the pipe itself.
  for (const { resource, silenced, written } of read) {
    if (silenced.length === 0) continue;
    const subjects: { ignoredRules?: string[] }[] = [
      ...build.stack.functions.filter((f) => f.logicalId === resource.logicalId),
      ...build.stack.resources.filter((r) => r.logicalId === resource.logicalId),
      ...made.triggers.filter((t) => t.pipe === resource.logicalId || written.has(refKey(t.at))),
    ];
    for (const subject of subjects) for (const rule of silenced) silence(subject, rule);
  }
}

function mergeFailure(real: FunctionNode, stub: FunctionNode): void {
  const { deadLetterTarget, onFailure, maximumRetryAttempts } = stub.failure;
  if (deadLetterTarget !== undefined) real.failure.deadLetterTarget ??= deadLetterTarget;
  if (onFailure !== undefined) real.failure.onFailure ??= onFailure;
  if (maximumRetryAttempts !== undefined) real.failure.maximumRetryAttempts ??= maximumRetryAttempts;
}

/** L1 props as template properties, with where each is written and which could not be read. */
class Converter {
  readonly locations: [PathSegment[], Located][] = [];
  readonly unknown: PathSegment[][] = [];

  constructor(private readonly build: StackBuild, private readonly context: Pick<ReadContext, 'unread'>, private readonly logicalId: string) {}

  /** The resource's Properties; undefined when the props cannot be read at all (what they hold is unknown). */
  properties(resource: CfnResource): Record<string, unknown> | undefined {
    const props = resource.props;
    if (props === undefined || props === null) return {};
    if (!isObjectValue(props) || props.partial) {
      this.context.unread(resource.at, `the props of ${resource.type}`, 'construct');
      return undefined;
    }
    return this.object(props.entries, [], false);
  }

  private object(entries: Map<string, Entry>, where: PathSegment[], verbatim: boolean): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [name, entry] of entries) {
      const property = verbatim ? name : cfnName(name);
      const path = [...where, property];
      this.locations.push([path, entry.at]);
      const value = this.value(entry.value, path, entry.at, verbatim || VERBATIM.has(property));
      if (value !== undefined) defineOwn(result, property, value);
    }
    return result;
  }

  private value(value: Value, where: PathSegment[], at: Located, verbatim: boolean): unknown {
    if (value === undefined || value === null) return undefined;
    if (isPrimitive(value)) return value;
    if (isObjectValue(value) && !value.partial) return this.object(value.entries, where, verbatim);
    if (isArrayValue(value)) {
      return value.items.map((item, i) => {
        this.locations.push([[...where, i], item.at]);
        return this.value(item.value, [...where, i], item.at, verbatim);
      });
    }
    if (isAttr(value)) {
      const id = cfnLogicalId(value.target);
      const intrinsic = id ? cfnAttribute(id, value.name) : environmentValue(value, this.build)?.value;
      if (intrinsic !== undefined) return intrinsic;
    }
    if (value instanceof SubValue) {
      const sub = environmentValue(value, this.build)?.value;
      if (sub !== undefined) return sub;
    }
    // `lambda.Runtime.NODEJS_20_X.name`: the runtime's identifier.
    if (isLibRef(value) && value.path[0] === 'Runtime' && value.path[2] === 'name') return runtimeName({ ...value, path: value.path.slice(0, 2) });
    // Only running the app gives it: a reference to nothing, as a template parameter would be, so the readers take it as set but unknown.
    this.unknown.push(where);
    this.context.unread(at, `${where.join('.')} of ${this.logicalId}`);
    return { Ref: writtenAs(at) };
  }
}

/** The CloudFormation name of an L1 prop: `tracingConfig` is `TracingConfig`. */
function cfnName(name: string): string {
  return Object.hasOwn(SPELLED_APART, name) ? SPELLED_APART[name]! : name.charAt(0).toUpperCase() + name.slice(1);
}

function key(segments: readonly PathSegment[]): string {
  return JSON.stringify(segments);
}

function refKey(at: TemplateRef): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** Where a path of the made-up template is written: the nearest ancestor the app writes. */
function locate(locations: Map<string, Located>, segments: readonly PathSegment[], fallback: TemplateRef): SourceLocation & { file?: string } {
  for (let n = segments.length; n > 0; n--) {
    const at = locations.get(key(segments.slice(0, n)));
    if (at) return refAt(at);
  }
  return fallback;
}
