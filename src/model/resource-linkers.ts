/**
 * Resources that attach triggers, resource-to-resource links or failure handling to functions defined
 * elsewhere in the template: one linker per resource type.
 */
import type { PathSegment } from '../template/source-location.js';
import { DEFAULT_BUS, eventFilter } from './event-routing.js';
import { applyEventSourceSettings, CLOUDFORMATION_KEYS, PIPE_KEYS } from './event-source-settings.js';
import { asString, CONFIGURED_TARGET, failureTargetOf, referencedId } from './intrinsics.js';
import { applyInvokeConfig } from './invoke-config.js';
import { mappingKind } from './mapping-kind.js';
import type { Delivery, EventFilter, FunctionNode, ResourceLink, Stack, TemplateRef, Trigger, TriggerKind } from './types.js';
import { isObject } from '../util/objects.js';

/** What every linker reads and adds to: the template as written, its functions, and the stack being built. */
export interface LinkContext {
  stack: Stack;
  /** The template's `Resources`. */
  resources: Record<string, unknown>;
  functions: ReadonlyMap<string, FunctionNode>;
  at(path: readonly PathSegment[]): TemplateRef;
}

/** The resource a linker reads: its logical id, its `Properties`, and its path in the template. */
export interface LinkedResource {
  id: string;
  p: Record<string, unknown>;
  base: PathSegment[];
}

type Linker = (resource: LinkedResource, context: LinkContext) => void;

/** Services whose Lambda permission is the only trace of a trigger in plain CloudFormation. */
const PERMISSION_PRINCIPALS: Record<string, { kind: TriggerKind; delivery: Delivery }> = {
  's3.amazonaws.com': { kind: 'S3', delivery: 'async' },
  'logs.amazonaws.com': { kind: 'CloudWatchLogs', delivery: 'async' },
  'iot.amazonaws.com': { kind: 'IoT', delivery: 'async' },
  'apigateway.amazonaws.com': { kind: 'Api', delivery: 'sync' },
  'elasticloadbalancing.amazonaws.com': { kind: 'ALB', delivery: 'sync' },
  'cognito-idp.amazonaws.com': { kind: 'Cognito', delivery: 'sync' },
};

const RESOURCE_LINKERS: Record<string, Linker> = {
  'AWS::Lambda::EventSourceMapping': ({ p, base }, context) => {
    const fnId = functionId(context, p['FunctionName']);
    if (!fnId) return;
    const source = referencedId(p['EventSourceArn']);
    const sourceResource = source ? context.resources[source] : undefined;
    const kind = mappingKind(p, isObject(sourceResource) ? asString(sourceResource['Type']) : undefined);
    const trigger: Trigger = { functionLogicalId: fnId, kind, delivery: kind === 'SQS' || kind === 'MQ' ? 'queue' : 'stream', at: context.at(base) };
    if (source) trigger.source = source;
    applyEventSourceSettings(trigger, p, CLOUDFORMATION_KEYS);
    context.stack.triggers.push(trigger);
  },

  'AWS::SNS::Subscription': ({ p, base }, context) => {
    const protocol = asString(p['Protocol'])?.toLowerCase();
    const filter = eventFilter({ filterPolicy: p['FilterPolicy'] });
    if (protocol === 'sqs') addLink(context, 'SNS', p['TopicArn'], p['Endpoint'], filter, base);
    if (protocol === 'lambda') addSubscription(context, p['Endpoint'], p['TopicArn'], p['RedrivePolicy'], base, filter);
  },

  'AWS::SNS::Topic': ({ id, p, base }, context) => {
    const subscriptions = Array.isArray(p['Subscription']) ? p['Subscription'] : [];
    subscriptions.forEach((s, i) => {
      const protocol = isObject(s) ? asString(s['Protocol'])?.toLowerCase() : undefined;
      const at = [...base, 'Properties', 'Subscription', i];
      if (protocol === 'lambda') addSubscription(context, s['Endpoint'], { Ref: id }, undefined, at);
      if (protocol === 'sqs') addLink(context, 'SNS', { Ref: id }, s['Endpoint'], undefined, at);
    });
  },

  'AWS::Events::Rule': ({ p, base }, context) => {
    const targets = Array.isArray(p['Targets']) ? p['Targets'] : [];
    const kind: TriggerKind = p['ScheduleExpression'] !== undefined ? 'Schedule' : 'EventBridge';
    const bus = referencedId(p['EventBusName']);
    const filter = eventFilter({ pattern: p['EventPattern'] });
    targets.forEach((target, i) => {
      if (!isObject(target)) return;
      const at = [...base, 'Properties', 'Targets', i];
      const fnId = functionId(context, target['Arn']);
      if (!fnId) {
        // A queue, topic or bus as target: events flow on without a function.
        if (kind === 'EventBridge') addLink(context, 'EventBridge', bus ? { Ref: bus } : undefined, target['Arn'], filter, at, DEFAULT_BUS);
        return;
      }
      const trigger: Trigger = { functionLogicalId: fnId, kind, delivery: 'async', at: context.at(at) };
      if (bus) trigger.source = bus;
      if (filter) trigger.filter = filter;
      const dlq = isObject(target['DeadLetterConfig']) ? failureTargetOf(target['DeadLetterConfig']['Arn']) : undefined;
      if (dlq) trigger.deliveryDeadLetter = dlq;
      context.stack.triggers.push(trigger);
    });
  },

  'AWS::S3::Bucket': ({ id, p, base }, context) => {
    const notifications = isObject(p['NotificationConfiguration']) ? p['NotificationConfiguration'] : {};
    const notificationsAt = [...base, 'Properties', 'NotificationConfiguration'];
    const configs = Array.isArray(notifications['LambdaConfigurations']) ? notifications['LambdaConfigurations'] : [];
    configs.forEach((config, i) => {
      const fnId = isObject(config) ? functionId(context, config['Function']) : undefined;
      if (!fnId) return;
      const filter = eventFilter({ s3Filter: (config as Record<string, unknown>)['Filter'] });
      context.stack.triggers.push({
        functionLogicalId: fnId, kind: 'S3', delivery: 'async', source: id,
        at: context.at([...notificationsAt, 'LambdaConfigurations', i]),
        ...(filter ? { filter } : {}),
      });
    });
    for (const [list, key] of [['QueueConfigurations', 'Queue'], ['TopicConfigurations', 'Topic']] as const) {
      const entries = Array.isArray(notifications[list]) ? notifications[list] : [];
      entries.forEach((config, i) => {
        if (!isObject(config)) return;
        addLink(context, 'S3', { Ref: id }, config[key], eventFilter({ s3Filter: config['Filter'] }), [...notificationsAt, list, i]);
      });
    }
  },

  'AWS::Lambda::Permission': ({ p, base }, context) => {
    const fnId = functionId(context, p['FunctionName']);
    const principal = asString(p['Principal']);
    const known = principal ? PERMISSION_PRINCIPALS[principal] : undefined;
    if (!fnId || !known) return;
    // A SourceArn built from a parameter (`arn:aws:s3:::${BucketName}`) names no resource of this template.
    const referenced = referencedId(p['SourceArn']);
    const source = referenced && isObject(context.resources[referenced]) ? referenced : undefined;
    // The bucket notification (or API method) already gave this trigger a more precise line.
    if (context.stack.triggers.some((t) => t.functionLogicalId === fnId && t.kind === known.kind && (source === undefined || t.source === source))) return;
    const trigger: Trigger = { functionLogicalId: fnId, ...known, at: context.at(base) };
    if (source) trigger.source = source;
    context.stack.triggers.push(trigger);
  },

  'AWS::Lambda::Url': ({ p, base }, context) => {
    const fnId = functionId(context, p['TargetFunctionArn']);
    if (fnId) context.stack.triggers.push({ functionLogicalId: fnId, kind: 'FunctionUrl', delivery: 'sync', at: context.at(base) });
  },

  'AWS::Logs::SubscriptionFilter': ({ p, base }, context) => {
    const fnId = functionId(context, p['DestinationArn']);
    if (!fnId) return;
    const trigger: Trigger = { functionLogicalId: fnId, kind: 'CloudWatchLogs', delivery: 'async', at: context.at(base) };
    const source = referencedId(p['LogGroupName']);
    if (source) trigger.source = source;
    context.stack.triggers.push(trigger);
  },

  'AWS::IoT::TopicRule': ({ p, base }, context) => {
    const payload = isObject(p['TopicRulePayload']) ? p['TopicRulePayload'] : {};
    const actions = Array.isArray(payload['Actions']) ? payload['Actions'] : [];
    actions.forEach((action, i) => {
      const fnId = isObject(action) && isObject(action['Lambda']) ? functionId(context, action['Lambda']['FunctionArn']) : undefined;
      if (fnId) {
        context.stack.triggers.push({
          functionLogicalId: fnId, kind: 'IoT', delivery: 'async',
          at: context.at([...base, 'Properties', 'TopicRulePayload', 'Actions', i]),
        });
      }
    });
  },

  'AWS::Pipes::Pipe': ({ id, p, base }, context) => {
    // A pipe polls its source as an event source mapping would, and invokes a function target synchronously with the batch.
    const fnId = functionId(context, p['Target']);
    if (!fnId) return;
    const source = referencedId(p['Source']);
    const sourceResource = source ? context.resources[source] : undefined;
    const parameters = isObject(p['SourceParameters']) ? p['SourceParameters'] : {};
    const kind = mappingKind({ EventSourceArn: p['Source'] }, isObject(sourceResource) ? asString(sourceResource['Type']) : undefined);
    if (kind !== 'SQS' && kind !== 'Kinesis' && kind !== 'DynamoDB') return;
    const trigger: Trigger = { functionLogicalId: fnId, kind, delivery: kind === 'SQS' ? 'queue' : 'stream', at: context.at(base), pipe: id };
    if (source) trigger.source = source;
    const key = kind === 'SQS' ? 'SqsQueueParameters' : kind === 'Kinesis' ? 'KinesisStreamParameters' : 'DynamoDBStreamParameters';
    const settings = isObject(parameters[key]) ? parameters[key] : {};
    applyEventSourceSettings(trigger, settings, PIPE_KEYS);
    if (settings['OnPartialBatchItemFailure'] === 'AUTOMATIC_BISECT') trigger.bisectBatchOnFunctionError = true;
    context.stack.triggers.push(trigger);
  },

  'AWS::Lambda::EventInvokeConfig': ({ p }, context) => {
    const fnId = functionId(context, p['FunctionName']);
    const fn = fnId ? context.functions.get(fnId) : undefined;
    if (fn) applyInvokeConfig(fn, p);
  },
};

/** The linker of a resource type; undefined for types that link nothing. */
export function resourceLinker(type: string): Linker | undefined {
  return Object.hasOwn(RESOURCE_LINKERS, type) ? RESOURCE_LINKERS[type] : undefined;
}

/** A resource-to-resource flow; its ends must both be resources of this template (the default bus aside). */
function addLink(
  context: LinkContext, kind: ResourceLink['kind'], from: unknown, to: unknown, filter: EventFilter | undefined, at: PathSegment[], fallbackFrom?: string,
): void {
  const fromId = referencedId(from) ?? fallbackFrom;
  const toId = referencedId(to);
  if (!fromId || !toId) return;
  context.stack.links.push({ from: fromId, to: toId, kind, at: context.at(at), ...(filter ? { filter } : {}) });
}

function addSubscription(context: LinkContext, endpoint: unknown, topic: unknown, redrive: unknown, at: PathSegment[], filter?: EventFilter): void {
  const fnId = functionId(context, endpoint);
  if (!fnId) return;
  const trigger: Trigger = { functionLogicalId: fnId, kind: 'SNS', delivery: 'async', at: context.at(at), ...(filter ? { filter } : {}) };
  const source = referencedId(topic);
  if (source) trigger.source = source;
  if (isObject(redrive)) trigger.deliveryDeadLetter = failureTargetOf(redrive['deadLetterTargetArn']) ?? CONFIGURED_TARGET;
  context.stack.triggers.push(trigger);
}

/** The logical id of a function in this template named by a Ref, a GetAtt, a Sub, or its FunctionName. */
function functionId(context: LinkContext, value: unknown): string | undefined {
  const id = referencedId(value);
  if (id && context.functions.has(id)) return id;
  // A name, an ARN, or an ARN built with only pseudo parameters (`!Sub arn:${AWS::Partition}:...:function:name`).
  const text = typeof value === 'string' ? value : isObject(value) ? asString(value['Fn::Sub']) : undefined;
  if (text === undefined) return undefined;
  const name = text.split(':').at(-1);
  for (const fnId of context.functions.keys()) {
    const resource = context.resources[fnId];
    if (isObject(resource) && isObject(resource['Properties']) && resource['Properties']['FunctionName'] === name) return fnId;
  }
  return undefined;
}
