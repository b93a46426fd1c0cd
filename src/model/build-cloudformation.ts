import path from 'node:path';
import { type ParsedTemplate } from '../template/parse-template.js';
import type { PathSegment } from '../template/source-location.js';
import { DEFAULT_BUS, eventFilter } from './event-routing.js';
import { applyEventSourceSettings, CLOUDFORMATION_KEYS } from './event-source-settings.js';
import { ignoredRules } from './ignored-rules.js';
import { asBoolean, asNumber, asString, idOrString, referencedId, referencedIds } from './intrinsics.js';
import { applyInvokeConfig } from './invoke-config.js';
import { resolveHandler } from './resolve-handler.js';
import { addSamEvent, type SamEventContext } from './sam-events.js';
import { mergeGlobals } from './sam-globals.js';
import { hasPath } from './template-paths.js';
import { functionTracing, resourceTracing } from './tracing.js';
import type {
  Delivery, EnvironmentVariable, EventFilter, FunctionNode, ResourceKind, ResourceLink, ResourceNode, Stack, TemplateFormat, TemplateRef,
  Trigger, TriggerKind,
} from './types.js';
import { defineOwn, isObject } from '../util/objects.js';

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

const RESOURCE_KINDS: Record<string, ResourceKind> = {
  'AWS::SQS::Queue': 'queue',
  'AWS::SNS::Topic': 'topic',
  'AWS::DynamoDB::Table': 'table',
  'AWS::DynamoDB::GlobalTable': 'table',
  'AWS::Serverless::SimpleTable': 'table',
  'AWS::Events::EventBus': 'bus',
  'AWS::S3::Bucket': 'bucket',
  'AWS::StepFunctions::StateMachine': 'stateMachine',
  'AWS::Serverless::StateMachine': 'stateMachine',
  'AWS::Kinesis::Stream': 'stream',
  'AWS::ApiGateway::RestApi': 'api',
  'AWS::ApiGatewayV2::Api': 'api',
  'AWS::Serverless::Api': 'api',
  'AWS::Serverless::HttpApi': 'api',
};

/** Services whose Lambda permission is the only trace of a trigger in plain CloudFormation. */
const PERMISSION_PRINCIPALS: Record<string, { kind: TriggerKind; delivery: Delivery }> = {
  's3.amazonaws.com': { kind: 'S3', delivery: 'async' },
  'logs.amazonaws.com': { kind: 'CloudWatchLogs', delivery: 'async' },
  'iot.amazonaws.com': { kind: 'IoT', delivery: 'async' },
  'apigateway.amazonaws.com': { kind: 'Api', delivery: 'sync' },
  'elasticloadbalancing.amazonaws.com': { kind: 'ALB', delivery: 'sync' },
  'cognito-idp.amazonaws.com': { kind: 'Cognito', delivery: 'sync' },
};

export interface BuildOptions {
  projectRoot: string;
  format?: TemplateFormat;
}

/** Reads a CloudFormation or SAM template (already parsed) into the architecture model. */
export function buildCloudFormationStack(template: ParsedTemplate, options: BuildOptions): Stack {
  return new CloudFormationReader(template, options).read();
}

export function detectFormat(value: unknown): TemplateFormat {
  if (!isObject(value)) return 'cloudformation';
  const transform = value['Transform'];
  const transforms = Array.isArray(transform) ? transform : [transform];
  if (transforms.includes(SAM_TRANSFORM)) return 'sam';
  const resources = isObject(value['Resources']) ? Object.values(value['Resources']) : [];
  if (resources.some((r) => isObject(r) && isObject(r['Metadata']) && 'aws:cdk:path' in r['Metadata'])) return 'cdk';
  return 'cloudformation';
}

class CloudFormationReader implements SamEventContext {
  private readonly file: string;
  private readonly resources: Record<string, unknown>;
  readonly stack: Stack;
  private readonly functions = new Map<string, FunctionNode>();
  /** SAM `Globals.Function`, merged into every AWS::Serverless::Function. */
  private readonly globalFunction: unknown;
  /** SAM `Globals`: Api and StateMachine apply to those resources, and Api to the implicit ServerlessRestApi. */
  readonly globals: Record<string, unknown>;

  constructor(private readonly template: ParsedTemplate, private readonly options: BuildOptions) {
    this.file = template.filePath;
    const value = isObject(template.value) ? template.value : {};
    this.resources = isObject(value['Resources']) ? value['Resources'] : {};
    this.globals = isObject(value['Globals']) ? value['Globals'] : {};
    this.globalFunction = this.globals['Function'];
    this.stack = {
      templatePath: template.filePath,
      format: options.format ?? detectFormat(value),
      functions: [],
      resources: [],
      triggers: [],
      links: [],
    };
  }

  read(): Stack {
    for (const [id, resource] of Object.entries(this.resources)) {
      if (!isObject(resource)) continue;
      const type = asString(resource['Type']);
      if (type === 'AWS::Serverless::Function') this.addFunction(id, resource, mergeGlobals(this.globalFunction, resource['Properties']), true);
      else if (type === 'AWS::Lambda::Function') this.addFunction(id, resource, resource['Properties'], false);
      else if (type) this.addResource(id, type, resource);
    }
    // Permissions last, whatever the template order: a bucket notification names the same trigger more precisely.
    const linked = Object.entries(this.resources).flatMap(([id, resource]) => (isObject(resource) ? [{ id, resource }] : []));
    const isPermission = ({ resource }: { resource: Record<string, unknown> }) => resource['Type'] === 'AWS::Lambda::Permission';
    for (const { id, resource } of [...linked.filter((r) => !isPermission(r)), ...linked.filter(isPermission)]) {
      const before = this.stack.triggers.length;
      this.linkResource(id, asString(resource['Type']) ?? '', props(resource));
      // The mapping, subscription or rule that declares a trigger can carry the suppression itself.
      const ignored = ignoredRules(resource);
      if (ignored.length > 0) for (const trigger of this.stack.triggers.slice(before)) trigger.ignoredRules = ignored;
    }
    return this.stack;
  }

  at(pathSegments: readonly PathSegment[]): TemplateRef {
    return { file: this.file, ...this.template.locate(pathSegments) };
  }

  private addResource(id: string, type: string, resource: Record<string, unknown>): void {
    const properties = props(resource);
    const node: ResourceNode = {
      logicalId: id,
      type,
      kind: RESOURCE_KINDS[type] ?? 'other',
      at: this.at(['Resources', id]),
      properties,
      ignoredRules: ignoredRules(resource),
    };
    if (type === 'AWS::SQS::Queue') {
      const redrive = properties['RedrivePolicy'];
      const target = isObject(redrive) ? idOrString(redrive['deadLetterTargetArn']) : undefined;
      node.queue = {
        hasRedrivePolicy: redrive !== undefined && redrive !== null,
        visibilityTimeout: asNumber(properties['VisibilityTimeout']),
        fifo: asBoolean(properties['FifoQueue']) === true,
        ...(target ? { deadLetterTarget: target } : {}),
      };
      if (properties['VisibilityTimeout'] !== undefined) node.queue.visibilityTimeoutAt = this.at(['Resources', id, 'Properties', 'VisibilityTimeout']);
    }
    const tracing = resourceTracing(this, id, type, properties);
    if (tracing) node.tracing = tracing;
    this.stack.resources.push(node);
  }

  /** Where a function property is written: on the function, or in SAM `Globals.Function` when only there. */
  private propertyAt(id: string, resource: Record<string, unknown>, sam: boolean, segments: PathSegment[]): TemplateRef {
    const fromGlobals = sam && !hasPath(props(resource), segments) && hasPath(this.globalFunction, segments);
    return this.at(fromGlobals ? ['Globals', 'Function', ...segments] : ['Resources', id, 'Properties', ...segments]);
  }

  private addFunction(id: string, resource: Record<string, unknown>, merged: unknown, sam: boolean): void {
    const p = isObject(merged) ? merged : {};
    const environment: Record<string, EnvironmentVariable> = {};
    const variables = isObject(p['Environment']) ? p['Environment']['Variables'] : undefined;
    if (isObject(variables)) {
      for (const [name, value] of Object.entries(variables)) {
        const at = this.propertyAt(id, resource, sam, ['Environment', 'Variables', name]);
        defineOwn(environment, name, { value, references: referencedIds(value), at });
      }
    }
    const tracing = functionTracing(p, sam);
    const fn: FunctionNode = {
      logicalId: id,
      at: this.at(['Resources', id]),
      runtime: asString(p['Runtime']),
      timeout: asNumber(p['Timeout']),
      memorySize: asNumber(p['MemorySize']),
      ...(asString(p['FunctionName']) ? { deployedName: asString(p['FunctionName'])! } : {}),
      environment,
      tracing: tracing.mode,
      failure: {},
      ignoredRules: ignoredRules(resource),
    };
    if (tracing.path) fn.tracingAt = this.propertyAt(id, resource, sam, tracing.path);
    if (sam) this.readSamFailureHandling(fn, p);
    else if (isObject(p['DeadLetterConfig'])) {
      const target = idOrString(p['DeadLetterConfig']['TargetArn']);
      if (target) fn.failure.deadLetterTarget = target;
    }
    const handler = asString(p['Handler']);
    if (handler) fn.handler = this.resolveHandlerOf(resource, p, sam, handler, this.propertyAt(id, resource, sam, ['Handler']));
    this.functions.set(id, fn);
    this.stack.functions.push(fn);

    if (sam) {
      const events = isObject(p['Events']) ? p['Events'] : {};
      for (const [name, event] of Object.entries(events)) {
        if (isObject(event)) addSamEvent(this, id, name, event);
      }
      if (p['FunctionUrlConfig'] !== undefined) {
        const at = this.propertyAt(id, resource, sam, ['FunctionUrlConfig']);
        this.stack.triggers.push({ functionLogicalId: id, kind: 'FunctionUrl', delivery: 'sync', at });
      }
    }
  }

  private readSamFailureHandling(fn: FunctionNode, p: Record<string, unknown>): void {
    const dlq = p['DeadLetterQueue'];
    if (isObject(dlq)) {
      const target = idOrString(dlq['TargetArn']);
      if (target) fn.failure.deadLetterTarget = target;
    }
    const config = p['EventInvokeConfig'];
    if (isObject(config)) applyInvokeConfig(fn, config);
  }

  private resolveHandlerOf(resource: Record<string, unknown>, p: Record<string, unknown>, sam: boolean, handler: string, at: TemplateRef) {
    const code = sam ? p['CodeUri'] : p['Code'];
    const isImage = asString(p['PackageType']) === 'Image';
    const inline = sam ? p['InlineCode'] !== undefined : isObject(code) && 'ZipFile' in code;
    const localPath = typeof code === 'string' && !/^s3:\/\//i.test(code) ? code : undefined;
    // SAM defaults CodeUri to the template folder; CloudFormation has no such default.
    const codeIsLocal = !isImage && !inline && (localPath !== undefined || (sam && code === undefined));
    const metadata = isObject(resource['Metadata']) ? resource['Metadata'] : {};
    const build = isObject(metadata['BuildProperties']) ? metadata['BuildProperties'] : {};
    const entryPoints = Array.isArray(build['EntryPoints']) ? build['EntryPoints'].filter((e): e is string => typeof e === 'string') : undefined;
    return resolveHandler({
      projectRoot: this.options.projectRoot,
      baseDir: path.dirname(this.file),
      codeDir: localPath,
      codeIsLocal,
      handler,
      runtime: asString(p['Runtime']),
      entryPoints,
      at,
    });
  }

  /** Resources that attach triggers or failure handling to functions defined elsewhere in the template. */
  private linkResource(id: string, type: string, p: Record<string, unknown>): void {
    const base = ['Resources', id];
    switch (type) {
      case 'AWS::Lambda::EventSourceMapping': {
        const fnId = this.functionId(p['FunctionName']);
        if (!fnId) return;
        const source = referencedId(p['EventSourceArn']);
        const sourceType = source && isObject(this.resources[source]) ? asString(this.resources[source]['Type']) : undefined;
        const kind = mappingKind(p, sourceType);
        const trigger: Trigger = { functionLogicalId: fnId, kind, delivery: kind === 'SQS' || kind === 'MQ' ? 'queue' : 'stream', at: this.at(base) };
        if (source) trigger.source = source;
        applyEventSourceSettings(trigger, p, CLOUDFORMATION_KEYS);
        this.stack.triggers.push(trigger);
        return;
      }
      case 'AWS::SNS::Subscription': {
        const protocol = asString(p['Protocol'])?.toLowerCase();
        const filter = eventFilter({ filterPolicy: p['FilterPolicy'] });
        if (protocol === 'sqs') this.addLink('SNS', p['TopicArn'], p['Endpoint'], filter, base);
        if (protocol !== 'lambda') return;
        this.addSubscription(p['Endpoint'], p['TopicArn'], p['RedrivePolicy'], base, filter);
        return;
      }
      case 'AWS::SNS::Topic': {
        const subscriptions = Array.isArray(p['Subscription']) ? p['Subscription'] : [];
        subscriptions.forEach((s, i) => {
          const protocol = isObject(s) ? asString(s['Protocol'])?.toLowerCase() : undefined;
          if (protocol === 'lambda') this.addSubscription(s['Endpoint'], { Ref: id }, undefined, [...base, 'Properties', 'Subscription', i]);
          if (protocol === 'sqs') this.addLink('SNS', { Ref: id }, s['Endpoint'], undefined, [...base, 'Properties', 'Subscription', i]);
        });
        return;
      }
      case 'AWS::Events::Rule': {
        const targets = Array.isArray(p['Targets']) ? p['Targets'] : [];
        const kind: TriggerKind = p['ScheduleExpression'] !== undefined ? 'Schedule' : 'EventBridge';
        const bus = referencedId(p['EventBusName']);
        const filter = eventFilter({ pattern: p['EventPattern'] });
        targets.forEach((target, i) => {
          if (!isObject(target)) return;
          const fnId = this.functionId(target['Arn']);
          if (!fnId) {
            // A queue, topic or bus as target: events flow on without a function.
            if (kind === 'EventBridge') this.addLink('EventBridge', bus ? { Ref: bus } : undefined, target['Arn'], filter, [...base, 'Properties', 'Targets', i], DEFAULT_BUS);
            return;
          }
          const trigger: Trigger = { functionLogicalId: fnId, kind, delivery: 'async', at: this.at([...base, 'Properties', 'Targets', i]) };
          if (bus) trigger.source = bus;
          if (filter) trigger.filter = filter;
          const dlq = isObject(target['DeadLetterConfig']) ? idOrString(target['DeadLetterConfig']['Arn']) : undefined;
          if (dlq) trigger.deliveryDeadLetter = dlq;
          this.stack.triggers.push(trigger);
        });
        return;
      }
      case 'AWS::S3::Bucket': {
        const notifications = isObject(p['NotificationConfiguration']) ? p['NotificationConfiguration'] : {};
        const configs = Array.isArray(notifications['LambdaConfigurations']) ? notifications['LambdaConfigurations'] : [];
        configs.forEach((config, i) => {
          const fnId = isObject(config) ? this.functionId(config['Function']) : undefined;
          if (!fnId) return;
          const filter = eventFilter({ s3Filter: (config as Record<string, unknown>)['Filter'] });
          this.stack.triggers.push({
            functionLogicalId: fnId, kind: 'S3', delivery: 'async', source: id,
            at: this.at([...base, 'Properties', 'NotificationConfiguration', 'LambdaConfigurations', i]),
            ...(filter ? { filter } : {}),
          });
        });
        for (const [list, key] of [['QueueConfigurations', 'Queue'], ['TopicConfigurations', 'Topic']] as const) {
          const entries = Array.isArray(notifications[list]) ? notifications[list] : [];
          entries.forEach((config, i) => {
            if (!isObject(config)) return;
            this.addLink('S3', { Ref: id }, config[key], eventFilter({ s3Filter: config['Filter'] }), [...base, 'Properties', 'NotificationConfiguration', list, i]);
          });
        }
        return;
      }
      case 'AWS::Lambda::Permission': {
        const fnId = this.functionId(p['FunctionName']);
        const principal = asString(p['Principal']);
        const known = principal ? PERMISSION_PRINCIPALS[principal] : undefined;
        if (!fnId || !known) return;
        // A SourceArn built from a parameter (`arn:aws:s3:::${BucketName}`) names no resource of this template.
        const referenced = referencedId(p['SourceArn']);
        const source = referenced && isObject(this.resources[referenced]) ? referenced : undefined;
        // The bucket notification (or API method) already gave this trigger a more precise line.
        if (this.stack.triggers.some((t) => t.functionLogicalId === fnId && t.kind === known.kind && (source === undefined || t.source === source))) return;
        const trigger: Trigger = { functionLogicalId: fnId, ...known, at: this.at(base) };
        if (source) trigger.source = source;
        this.stack.triggers.push(trigger);
        return;
      }
      case 'AWS::Lambda::Url': {
        const fnId = this.functionId(p['TargetFunctionArn']);
        if (fnId) this.stack.triggers.push({ functionLogicalId: fnId, kind: 'FunctionUrl', delivery: 'sync', at: this.at(base) });
        return;
      }
      case 'AWS::Logs::SubscriptionFilter': {
        const fnId = this.functionId(p['DestinationArn']);
        if (!fnId) return;
        const trigger: Trigger = { functionLogicalId: fnId, kind: 'CloudWatchLogs', delivery: 'async', at: this.at(base) };
        const source = referencedId(p['LogGroupName']);
        if (source) trigger.source = source;
        this.stack.triggers.push(trigger);
        return;
      }
      case 'AWS::IoT::TopicRule': {
        const payload = isObject(p['TopicRulePayload']) ? p['TopicRulePayload'] : {};
        const actions = Array.isArray(payload['Actions']) ? payload['Actions'] : [];
        actions.forEach((action, i) => {
          const fnId = isObject(action) && isObject(action['Lambda']) ? this.functionId(action['Lambda']['FunctionArn']) : undefined;
          if (fnId) {
            this.stack.triggers.push({
              functionLogicalId: fnId, kind: 'IoT', delivery: 'async',
              at: this.at([...base, 'Properties', 'TopicRulePayload', 'Actions', i]),
            });
          }
        });
        return;
      }
      case 'AWS::Lambda::EventInvokeConfig': {
        const fnId = this.functionId(p['FunctionName']);
        const fn = fnId ? this.functions.get(fnId) : undefined;
        if (fn) applyInvokeConfig(fn, p);
        return;
      }
      default:
        return;
    }
  }

  /** A resource-to-resource flow; its ends must both be resources of this template (the default bus aside). */
  private addLink(kind: ResourceLink['kind'], from: unknown, to: unknown, filter: EventFilter | undefined, at: PathSegment[], fallbackFrom?: string): void {
    const fromId = referencedId(from) ?? fallbackFrom;
    const toId = referencedId(to);
    if (!fromId || !toId) return;
    this.stack.links.push({ from: fromId, to: toId, kind, at: this.at(at), ...(filter ? { filter } : {}) });
  }

  private addSubscription(endpoint: unknown, topic: unknown, redrive: unknown, at: PathSegment[], filter?: EventFilter): void {
    const fnId = this.functionId(endpoint);
    if (!fnId) return;
    const trigger: Trigger = { functionLogicalId: fnId, kind: 'SNS', delivery: 'async', at: this.at(at), ...(filter ? { filter } : {}) };
    const source = referencedId(topic);
    if (source) trigger.source = source;
    if (isObject(redrive)) trigger.deliveryDeadLetter = idOrString(redrive['deadLetterTargetArn']) ?? 'configured';
    this.stack.triggers.push(trigger);
  }

  /** The logical id of a function in this template named by a Ref, a GetAtt, a Sub, or its FunctionName. */
  private functionId(value: unknown): string | undefined {
    const id = referencedId(value);
    if (id && this.functions.has(id)) return id;
    // A name, an ARN, or an ARN built with only pseudo parameters (`!Sub arn:${AWS::Partition}:...:function:name`).
    const text = typeof value === 'string' ? value : isObject(value) ? asString(value['Fn::Sub']) : undefined;
    if (text !== undefined) {
      const name = text.split(':').at(-1);
      for (const [fnId] of this.functions) {
        const resource = this.resources[fnId];
        if (isObject(resource) && props(resource)['FunctionName'] === name) return fnId;
      }
    }
    return undefined;
  }
}

const MAPPING_SOURCE_TYPES: Record<string, TriggerKind> = {
  'AWS::SQS::Queue': 'SQS',
  'AWS::Kinesis::Stream': 'Kinesis',
  'AWS::DynamoDB::Table': 'DynamoDB',
  'AWS::DynamoDB::GlobalTable': 'DynamoDB',
  'AWS::MSK::Cluster': 'Kafka',
  'AWS::MSK::ServerlessCluster': 'Kafka',
  'AWS::AmazonMQ::Broker': 'MQ',
  'AWS::DocDB::DBCluster': 'DocumentDB',
};

const ARN_SERVICES: Record<string, TriggerKind> = {
  sqs: 'SQS', kinesis: 'Kinesis', dynamodb: 'DynamoDB', kafka: 'Kafka', mq: 'MQ', rds: 'DocumentDB',
};

/**
 * What an event source mapping reads: the resource its EventSourceArn names, else the service in the
 * ARN (`arn:${AWS::Partition}:kafka:...` too), else the settings only some sources take.
 */
function mappingKind(p: Record<string, unknown>, sourceType: string | undefined): TriggerKind {
  const fromType = sourceType ? MAPPING_SOURCE_TYPES[sourceType] : undefined;
  if (fromType) return fromType;
  const sub = isObject(p['EventSourceArn']) ? p['EventSourceArn']['Fn::Sub'] : undefined;
  const arn = asString(p['EventSourceArn']) ?? asString(Array.isArray(sub) ? sub[0] : sub);
  const service = arn && /^arn:(?:\$\{AWS::Partition\}|[\w-]+):([\w-]+):/.exec(arn)?.[1];
  const fromArn = service ? ARN_SERVICES[service] : undefined;
  if (fromArn) return fromArn;
  if (p['SelfManagedEventSource'] !== undefined || p['Topics'] !== undefined) return 'Kafka';
  if (p['Queues'] !== undefined) return 'MQ';
  if (p['DocumentDBEventSourceConfig'] !== undefined) return 'DocumentDB';
  return p['StartingPosition'] === undefined ? 'SQS' : 'Kinesis';
}

function props(resource: Record<string, unknown>): Record<string, unknown> {
  return isObject(resource['Properties']) ? resource['Properties'] : {};
}
