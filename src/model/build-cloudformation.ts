import path from 'node:path';
import { type ParsedTemplate } from '../template/parse-template.js';
import type { PathSegment } from '../template/source-location.js';
import { ignoredRules } from './ignored-rules.js';
import { asBoolean, asNumber, asString, failureTargetOf, idOrString, referencedIds } from './intrinsics.js';
import { leadingOutput, readOutputs } from './stack-outputs.js';
import { applyInvokeConfig } from './invoke-config.js';
import { readCloudWatchAlarm } from './cloudwatch-alarms.js';
import { templateCodeLocation } from './code-location.js';
import { HandlerResolver } from './resolve-handler.js';
import { resourceLinker, type LinkContext } from './resource-linkers.js';
import { apiDomainsOf } from './api-domains.js';
import { addSamEvent, type SamEventContext } from './sam-events.js';
import { mergeGlobals } from './sam-globals.js';
import { hasPath } from './template-paths.js';
import { functionTracing, resourceTracing } from './tracing.js';
import type { EnvironmentVariable, FunctionDefaults, FunctionNode, ResourceKind, ResourceNode, Stack, TemplateFormat, TemplateRef } from './types.js';
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

export interface BuildOptions {
  projectRoot: string;
  format?: TemplateFormat;
  /** Shared by the templates of one model build; a new one otherwise. */
  handlers?: HandlerResolver;
  /** The name the stack is deployed under, when the configuration fixes it (a Serverless service's). */
  stackName?: string;
  /** The text a Serverless `${cf:...}` address built from other variables resolves to, when it does. */
  resolveAddress?: (text: string) => string | undefined;
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

class CloudFormationReader implements LinkContext, SamEventContext {
  private readonly file: string;
  readonly resources: Record<string, unknown>;
  readonly stack: Stack;
  readonly functions = new Map<string, FunctionNode>();
  /** SAM `Globals.Function`, merged into every AWS::Serverless::Function. */
  private readonly globalFunction: unknown;
  /** SAM `Globals`: Api and StateMachine apply to those resources, and Api to the implicit ServerlessRestApi. */
  readonly globals: Record<string, unknown>;
  private readonly handlers: HandlerResolver;
  /** Functions named as traffic hooks: a logical id, or the name a function is deployed under. */
  private readonly hookNames = new Set<string>();

  constructor(private readonly template: ParsedTemplate, private readonly options: BuildOptions) {
    this.file = template.filePath;
    this.handlers = options.handlers ?? new HandlerResolver(options.projectRoot);
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
    if (this.stack.format === 'sam') this.stack.functionDefaults = this.samFunctionDefaults(value);
  }

  /** SAM `Globals.Function`: where it is, or where it would go. */
  private samFunctionDefaults(value: Record<string, unknown>): FunctionDefaults {
    const section = hasPath(value, ['Globals', 'Function']) ? ['Globals', 'Function'] : hasPath(value, ['Globals']) ? ['Globals'] : ['Transform'];
    return {
      at: this.at(section),
      ...(hasPath(this.globalFunction, ['Tracing']) ? { tracingAt: this.at(['Globals', 'Function', 'Tracing']) } : {}),
      inheritTracing: [],
    };
  }

  /** A string the template gives literally or through `!FindInMap` with literal keys (the map is in the template itself). */
  private staticString(value: unknown): string | undefined {
    const literal = asString(value);
    if (literal !== undefined || !isObject(value)) return literal;
    const args = value['Fn::FindInMap'];
    if (!Array.isArray(args) || args.length < 3) return undefined;
    const keys = args.slice(0, 3).map((k) => asString(k));
    if (keys.some((k) => k === undefined)) return undefined;
    const mappings = isObject(this.template.value) ? this.template.value['Mappings'] : undefined;
    const [map, top, second] = keys as [string, string, string];
    const own = (o: unknown, key: string): unknown => (isObject(o) && Object.hasOwn(o, key) ? o[key] : undefined);
    return asString(own(own(own(mappings, map), top), second));
  }

  read(): Stack {
    for (const [id, resource] of Object.entries(this.resources)) {
      if (!isObject(resource)) continue;
      const type = asString(resource['Type']);
      if (type === 'AWS::Serverless::Function') this.addFunction(id, resource, mergeGlobals(this.globalFunction, resource['Properties']), true);
      else if (type === 'AWS::Lambda::Function') this.addFunction(id, resource, resource['Properties'], false);
      else if (type) this.addResource(id, type, resource);
      if (type === 'AWS::CloudWatch::Alarm') this.addAlarm(id, resource);
    }
    // Permissions last, whatever the template order: a bucket notification names the same trigger more precisely.
    const linked = Object.entries(this.resources).flatMap(([id, resource]) => (isObject(resource) ? [{ id, resource }] : []));
    const isPermission = ({ resource }: { resource: Record<string, unknown> }) => resource['Type'] === 'AWS::Lambda::Permission';
    for (const { id, resource } of [...linked.filter((r) => !isPermission(r)), ...linked.filter(isPermission)]) {
      const before = this.stack.triggers.length;
      resourceLinker(asString(resource['Type']) ?? '')?.({ id, p: props(resource), base: ['Resources', id] }, this);
      // The mapping, subscription or rule that declares a trigger can carry the suppression itself.
      const ignored = ignoredRules(resource);
      if (ignored.length > 0) for (const trigger of this.stack.triggers.slice(before)) trigger.ignoredRules = ignored;
    }
    this.readStackWide();
    return this.stack;
  }

  /** What belongs to the stack as a whole: its outputs, its APIs' custom domains, the functions that are traffic hooks. */
  private readStackWide(): void {
    const value = isObject(this.template.value) ? this.template.value : {};
    if (this.options.stackName) this.stack.stackName = this.options.stackName;
    const outputs = readOutputs(value['Outputs'], (p) => this.at(p), this.options.stackName);
    if (outputs.length > 0) this.stack.outputs = outputs;
    const domains = apiDomainsOf(this.stack, this.globals);
    if (domains.length > 0) this.stack.apiDomains = domains;
    for (const resource of Object.values(this.resources)) {
      // An alias deployed by CodeDeploy names its hooks in its update policy (what SAM's DeploymentPreference becomes).
      const policy = isObject(resource) && resource['Type'] === 'AWS::Lambda::Alias' && isObject(resource['UpdatePolicy']) ? resource['UpdatePolicy']['CodeDeployLambdaAliasUpdate'] : undefined;
      if (isObject(policy)) this.addHooks([policy['BeforeAllowTrafficHook'], policy['AfterAllowTrafficHook']]);
    }
    const hooks = this.stack.functions.filter((fn) => this.hookNames.has(fn.logicalId) || (fn.deployedName !== undefined && this.hookNames.has(fn.deployedName)));
    if (hooks.length > 0) this.stack.trafficHooks = hooks.map((fn) => fn.logicalId);
  }

  /** Functions named as traffic hooks: by reference, or by name. */
  addHooks(values: readonly unknown[]): void {
    for (const value of values) {
      const id = idOrString(value);
      if (id) this.hookNames.add(id);
    }
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

  /** An alarm is a resource like any other, and also who is told when a failure happens. */
  private addAlarm(id: string, resource: Record<string, unknown>): void {
    // A Serverless service's `resources` reference what the framework generates too (`<Name>LambdaFunction`).
    const isResource = (ref: string) => this.stack.format === 'serverless' || Object.hasOwn(this.resources, ref);
    const context = { at: (p: readonly PathSegment[]) => this.at(p), isResource, staticString: (v: unknown) => this.staticString(v) };
    (this.stack.alarms ??= []).push(readCloudWatchAlarm(id, resource, context));
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
        const output = leadingOutput(value, this.options.resolveAddress);
        defineOwn(environment, name, { value, references: referencedIds(value), ...(output ? { output } : {}), at });
      }
    }
    const tracing = functionTracing(p, sam);
    const code = this.handlers.locate(path.dirname(this.file), templateCodeLocation(p, sam, (v) => this.staticString(v)), asString(p['Runtime']));
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
      codeKind: code.kind,
      ignoredRules: ignoredRules(resource),
    };
    if (tracing.path) fn.tracingAt = this.propertyAt(id, resource, sam, tracing.path);
    if (sam && !hasPath(props(resource), ['Tracing'])) this.stack.functionDefaults?.inheritTracing.push(id);
    if (sam) this.readSamFailureHandling(fn, p);
    // SAM's gradual deployment: the functions CodeDeploy runs before and after shifting traffic.
    const hooks = sam && isObject(p['DeploymentPreference']) ? p['DeploymentPreference']['Hooks'] : undefined;
    if (isObject(hooks)) this.addHooks([hooks['PreTraffic'], hooks['PostTraffic']]);
    else if (isObject(p['DeadLetterConfig'])) {
      const target = failureTargetOf(p['DeadLetterConfig']['TargetArn']);
      if (target) fn.failure.deadLetterTarget = target;
    }
    const handler = asString(p['Handler']);
    if (handler) fn.handler = this.handlers.resolve(code, { handler, entryPoints: esbuildEntryPoints(resource), at: this.propertyAt(id, resource, sam, ['Handler']) });
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
      const target = failureTargetOf(dlq['TargetArn']);
      if (target) fn.failure.deadLetterTarget = target;
    }
    const config = p['EventInvokeConfig'];
    if (isObject(config)) applyInvokeConfig(fn, config);
  }
}

function props(resource: Record<string, unknown>): Record<string, unknown> {
  return isObject(resource['Properties']) ? resource['Properties'] : {};
}

/** SAM `Metadata.BuildProperties.EntryPoints` of an esbuild-built function. */
function esbuildEntryPoints(resource: Record<string, unknown>): string[] | undefined {
  const metadata = isObject(resource['Metadata']) ? resource['Metadata'] : {};
  const build = isObject(metadata['BuildProperties']) ? metadata['BuildProperties'] : {};
  return Array.isArray(build['EntryPoints']) ? build['EntryPoints'].filter((e): e is string => typeof e === 'string') : undefined;
}
