import path from 'node:path';
import type { ParsedTemplate } from '../template/parse-template.js';
import type { PathSegment } from '../template/source-location.js';
import { mergeSectionLists } from '../serverless/merge-lists.js';
import { resolveText, resolveVariables, type VariableProblem } from '../serverless/variables.js';
import { serverlessDomainsOf } from './api-domains.js';
import { buildCloudFormationStack } from './build-cloudformation.js';
import { eventFilter } from './event-routing.js';
import { applyEventSourceSettings, destinationOf, SERVERLESS_KEYS } from './event-source-settings.js';
import { asBoolean, asNumber, asString, CONFIGURED_TARGET, failureTargetOf, referencedId, referencedIds } from './intrinsics.js';
import type { CodeLocation } from './code-location.js';
import { HandlerResolver, type ResolverSettings } from './resolve-handler.js';
import { addPluginAlarms } from './serverless-alerts.js';
import { addLiftQueue, liftQueueIds, liftReferences } from './serverless-lift.js';
import { leadingOutput } from './stack-outputs.js';
import type { EnvironmentVariable, FunctionDefaults, FunctionNode, ResourceNode, Stack, TemplateRef, TracingSetting, Trigger, TriggerKind, Delivery } from './types.js';
import { isObject } from '../util/objects.js';

/** The Serverless Framework's own default, written into every function it deploys. */
export const SERVERLESS_DEFAULT_TIMEOUT = 6;

const EVENTS: Record<string, { kind: TriggerKind; delivery: Delivery }> = {
  http: { kind: 'Api', delivery: 'sync' },
  httpApi: { kind: 'HttpApi', delivery: 'sync' },
  alb: { kind: 'ALB', delivery: 'sync' },
  websocket: { kind: 'WebSocket', delivery: 'sync' },
  cognitoUserPool: { kind: 'Cognito', delivery: 'sync' },
  sns: { kind: 'SNS', delivery: 'async' },
  s3: { kind: 'S3', delivery: 'async' },
  schedule: { kind: 'Schedule', delivery: 'async' },
  eventBridge: { kind: 'EventBridge', delivery: 'async' },
  cloudwatchEvent: { kind: 'EventBridge', delivery: 'async' },
  cloudwatchLog: { kind: 'CloudWatchLogs', delivery: 'async' },
  iot: { kind: 'IoT', delivery: 'async' },
  sqs: { kind: 'SQS', delivery: 'queue' },
  stream: { kind: 'DynamoDB', delivery: 'stream' },
  kafka: { kind: 'Kafka', delivery: 'stream' },
  msk: { kind: 'Kafka', delivery: 'stream' },
};

export interface ServerlessBuild {
  stack: Stack;
  problems: (VariableProblem & { at: TemplateRef })[];
  includedFiles: string[];
}

/** A config for another provider than AWS (`provider.name: azure`): not read as AWS, its name said instead. */
export interface OtherProvider {
  otherProvider: string;
}

/**
 * Reads a serverless.yml (v3 or v4), variables resolved, into the same model as SAM. `params` are
 * the `${param:x}` values the service's serverless-compose.yml entry gives it. A config for another
 * provider (Azure, Google, OpenWhisk...) is not read as AWS: only the provider's name comes back.
 */
export function buildServerlessStack(template: ParsedTemplate, projectRoot: string, params?: Readonly<Record<string, unknown>>): ServerlessBuild | OtherProvider {
  const file = template.filePath;
  const document = isObject(template.value) ? template.value : {};
  const context = { projectRoot, baseDir: path.dirname(file), document, ...(params ? { params } : {}) };
  const resolved = resolveVariables(context);
  const { problems, includedFiles, origins } = resolved;
  const otherProvider = otherProviderOf(resolved.value);
  if (otherProvider) return { otherProvider };
  /** A path's place in serverless.yml as written, or in the `${file()}` fragment its value came from. */
  const atWritten = (p: readonly PathSegment[]): TemplateRef => {
    const origin = origins
      .filter((o) => o.path.length <= p.length && o.path.every((segment, i) => String(segment) === String(p[i])))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (!origin) return { file, ...template.locate(p) };
    return { file: origin.template.filePath, ...origin.template.locate([...origin.innerPath, ...p.slice(origin.path.length)]) };
  };
  const { value, writtenPath } = mergeSectionLists(resolved.value);
  /** The same for a path of the config with its `functions`/`resources` lists merged. */
  const at = (p: readonly PathSegment[]): TemplateRef => atWritten(writtenPath(p));

  const resources = isObject(value['resources']) && isObject(value['resources']['Resources']) ? value['resources']['Resources'] : {};
  const outputs = isObject(value['resources']) ? value['resources']['Outputs'] : undefined;
  const view: ParsedTemplate = {
    filePath: file,
    text: template.text,
    value: { Resources: resources, ...(outputs !== undefined ? { Outputs: outputs } : {}) },
    locate: (p) => at(['resources', ...p]),
  };
  const handlers = new HandlerResolver(projectRoot, bundlerSettings(value, path.dirname(file)));
  const provider = isObject(value['provider']) ? value['provider'] : {};
  const service = isObject(value['service']) ? asString(value['service']['name']) : asString(value['service']);
  /** A text of the config resolved, when nothing is left unresolved in it. */
  const resolveAddress = (text: string): string | undefined => {
    const resolvedText = resolveText(context, text);
    return typeof resolvedText === 'string' && !resolvedText.includes('${') ? resolvedText : undefined;
  };
  const stackName = stackNameOf(provider, service, resolveAddress);
  const stack = buildCloudFormationStack(view, { projectRoot, format: 'serverless', handlers, resolveAddress, ...(stackName ? { stackName } : {}) });
  if (service && !service.includes('${')) stack.serviceName = service;
  const stage = asString(provider['stage']) ?? 'dev';
  const namePrefix = service && !stage.includes('${') ? `${service}-${stage}` : undefined;
  const liftQueues = liftQueueIds(value);
  const metCycle = (p: readonly PathSegment[]) => resolved.metCycle(writtenPath(p));
  const reader = new ServerlessReader(stack, provider, handlers, path.dirname(file), at, namePrefix, artifactOf(value), liftQueues, resolveAddress, metCycle);
  stack.functionDefaults = reader.functionDefaults();

  const functions = isObject(value['functions']) ? value['functions'] : {};
  for (const [name, config] of Object.entries(functions)) {
    if (isObject(config)) reader.addFunction(name, config, ['functions', name]);
  }
  const constructs = isObject(value['constructs']) ? value['constructs'] : {};
  const lift = { stack, at, addFunction: reader.addFunction.bind(reader), defaultTimeout: SERVERLESS_DEFAULT_TIMEOUT };
  for (const id of liftQueues) addLiftQueue(lift, id, constructs[id] as Record<string, unknown>);
  reader.addImplicitRestApi();
  reader.addStackWide(isObject(value['custom']) ? value['custom'] : {});
  addPluginAlarms(stack, {
    config: value,
    writtenStage: isObject(document['provider']) ? document['provider']['stage'] : undefined,
    // The service's functions, Lift's workers among them; not the Lambda resources of `resources`.
    functionNames: stack.functions.map((f) => f.logicalId).filter((id) => !Object.hasOwn(resources, id)),
    ...(stackName ? { stackName } : {}),
    at,
  });
  /** A problem where its text is written (the reference that closes a cycle), else where its path leads. */
  const problemAt = (p: (typeof problems)[number]): TemplateRef => {
    if (!p.written) return atWritten(p.path);
    const written = p.written.template ?? template;
    return { file: written.filePath, ...written.locate(p.written.path) };
  };
  return { stack, problems: problems.map((p) => ({ ...p, at: problemAt(p) })), includedFiles };
}

/**
 * `provider.name` when it names another provider than `aws`; undefined for AWS, and when the name is
 * missing or not static (an unresolved variable): those are read as AWS, as before.
 */
function otherProviderOf(config: Record<string, unknown>): string | undefined {
  const provider = config['provider'];
  const name = asString(isObject(provider) ? provider['name'] : provider)?.trim();
  if (!name || name.includes('${') || name.toLowerCase() === 'aws') return undefined;
  return name;
}

class ServerlessReader {
  /** The first `http` event: it makes the framework create the service's REST API. */
  private firstHttpEvent?: TemplateRef;

  constructor(
    private readonly stack: Stack,
    private readonly provider: Record<string, unknown>,
    private readonly handlers: HandlerResolver,
    private readonly baseDir: string,
    private readonly at: (p: readonly PathSegment[]) => TemplateRef,
    /** `service-stage`, the prefix the framework gives function names. */
    private readonly namePrefix: string | undefined,
    /** `package.artifact` of the service: every function deploys that archive unless it names its own. */
    private readonly serviceArtifact: string | undefined,
    /** The serverless-lift queue constructs, which `${construct:id.queueUrl}` variables name. */
    private readonly liftQueues: ReadonlySet<string>,
    /** Resolves the address of a `${cf:...}` built from other variables. */
    private readonly resolveAddress: (text: string) => string | undefined,
    /** Whether the value at a path of the config met a variable cycle while it was resolved. */
    private readonly metCycle: (p: readonly PathSegment[]) => boolean = () => false,
  ) {}

  /**
   * The output the framework adds for the service's REST API (`ServiceEndpoint`), the domains
   * serverless-domain-manager serves its APIs on, and the functions serverless-plugin-canary-deployments
   * runs as traffic hooks (`deploymentSettings.preTrafficHook`/`postTrafficHook`).
   */
  addStackWide(custom: Record<string, unknown>): void {
    const api = this.stack.implicitRestApi;
    if (api && !this.stack.outputs?.some((o) => o.name === 'ServiceEndpoint')) {
      // The REST API's URL (the framework adds the stage's path).
      const value = { 'Fn::Join': ['', ['https://', { Ref: api.logicalId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] };
      (this.stack.outputs ??= []).push({ name: 'ServiceEndpoint', value, references: [api.logicalId], at: api.at });
    }
    const domains = serverlessDomainsOf(custom, this.at(['custom']));
    if (domains.length > 0) this.stack.apiDomains = [...(this.stack.apiDomains ?? []), ...domains];
  }

  addFunction(name: string, config: Record<string, unknown>, base: PathSegment[]): FunctionNode {
    const environment: Record<string, EnvironmentVariable> = {};
    for (const [source, vars] of [[['provider'], this.provider['environment']], [base, config['environment']]] as const) {
      if (!isObject(vars)) continue;
      for (const [key, value] of Object.entries(vars)) {
        const references = [...new Set([...referencedIds(value), ...liftReferences(value, this.liftQueues)])];
        const output = leadingOutput(value, this.resolveAddress);
        environment[key] = { value, references, ...(output ? { output } : {}), at: this.at([...source, 'environment', key]) };
      }
    }
    const runtime = asString(config['runtime']) ?? asString(this.provider['runtime']);
    const deployedName = asString(config['name']) ?? (this.namePrefix ? `${this.namePrefix}-${name}` : undefined);
    const artifact = artifactOf(config) ?? this.serviceArtifact;
    const location: CodeLocation = config['image'] !== undefined ? { kind: 'image' } : artifact ? { kind: 'artifact', path: artifact } : { kind: 'folder' };
    const code = this.handlers.locate(this.baseDir, location, runtime ?? 'nodejs');
    const fn: FunctionNode = {
      logicalId: name,
      at: this.at(base),
      runtime,
      timeout: asNumber(config['timeout']) ?? asNumber(this.provider['timeout']) ?? SERVERLESS_DEFAULT_TIMEOUT,
      memorySize: asNumber(config['memorySize']) ?? asNumber(this.provider['memorySize']),
      ...(deployedName ? { deployedName } : {}),
      environment,
      tracing: this.tracing(config['tracing']),
      failure: {},
      codeKind: code.kind,
      ignoredRules: [],
    };
    const tracingAt = this.tracingAt(config['tracing'], base);
    if (tracingAt) fn.tracingAt = tracingAt;
    if (config['tracing'] === undefined) this.stack.functionDefaults?.inheritTracing.push(name);
    const onError = failureTargetOf(config['onError']);
    if (onError) fn.failure.deadLetterTarget = onError;
    const destinations = isObject(config['destinations']) ? config['destinations'] : {};
    const onFailure = destinationOf(destinations['onFailure']);
    if (onFailure) fn.failure.onFailure = onFailure;
    const retries = asNumber(config['maximumRetryAttempts']);
    if (retries !== undefined) fn.failure.maximumRetryAttempts = retries;
    const handler = asString(config['handler']);
    if (handler) {
      const unresolved = handler.includes('${') ? { unresolved: { cycle: this.metCycle([...base, 'handler']) } } : {};
      fn.handler = this.handlers.resolve(code, { handler, at: this.at([...base, 'handler']), ...unresolved });
    }
    this.stack.functions.push(fn);
    const deployment = isObject(config['deploymentSettings']) ? config['deploymentSettings'] : {};
    for (const hook of [deployment['preTrafficHook'], deployment['postTrafficHook']]) {
      const hookName = asString(hook);
      if (hookName && !this.stack.trafficHooks?.includes(hookName)) (this.stack.trafficHooks ??= []).push(hookName);
    }
    const events = Array.isArray(config['events']) ? config['events'] : [];
    events.forEach((event, i) => {
      if (!isObject(event)) return;
      const [type, settings] = Object.entries(event)[0] ?? [];
      if (type) this.addEvent(name, type, settings, [...base, 'events', i]);
    });
    return fn;
  }

  /** `tracing: Active` on the function, `provider.tracing.lambda: true`, or the old `provider.tracing: true`; false is Lambda's PassThrough. */
  private tracing(own: unknown): string | undefined {
    const normalise = (value: unknown) =>
      value === true || value === 'true' ? 'Active' : value === false || value === 'false' ? 'PassThrough' : asString(value);
    if (own !== undefined) return normalise(own);
    const tracing = this.provider['tracing'];
    return isObject(tracing) ? normalise(tracing['lambda']) : normalise(tracing);
  }

  /** `provider`, and its tracing setting for functions: `tracing.lambda`, or the `tracing` section (or old `tracing: true`). */
  functionDefaults(): FunctionDefaults {
    const tracing = this.provider['tracing'];
    const tracingPath = tracing === undefined ? undefined : isObject(tracing) && tracing['lambda'] !== undefined ? ['provider', 'tracing', 'lambda'] : ['provider', 'tracing'];
    return { at: this.at(['provider']), ...(tracingPath ? { tracingAt: this.at(tracingPath) } : {}), inheritTracing: [] };
  }

  private tracingAt(own: unknown, base: PathSegment[]): TemplateRef | undefined {
    if (own !== undefined) return this.at([...base, 'tracing']);
    const tracing = this.provider['tracing'];
    if (isObject(tracing)) return tracing['lambda'] !== undefined ? this.at(['provider', 'tracing', 'lambda']) : undefined;
    return tracing !== undefined ? this.at(['provider', 'tracing']) : undefined;
  }

  /** The REST API the framework creates for `http` events, unless they go to a shared one (`provider.apiGateway.restApiId`). */
  addImplicitRestApi(): void {
    const apiGateway = isObject(this.provider['apiGateway']) ? this.provider['apiGateway'] : {};
    if (!this.firstHttpEvent || apiGateway['restApiId'] !== undefined) return;
    const tracing = isObject(this.provider['tracing']) ? this.provider['tracing'] : {};
    let setting: TracingSetting = { enabled: false };
    if (tracing['apiGateway'] !== undefined) {
      const enabled = asBoolean(tracing['apiGateway']);
      setting = { ...(enabled !== undefined ? { enabled } : {}), at: this.at(['provider', 'tracing', 'apiGateway']) };
    }
    this.stack.implicitRestApi = { logicalId: 'ApiGatewayRestApi', at: this.firstHttpEvent, tracing: setting };
  }

  private addEvent(fnName: string, type: string, settings: unknown, at: PathSegment[]): void {
    const known = EVENTS[type];
    if (!known) return;
    const s = isObject(settings) ? settings : {};
    const trigger: Trigger = { functionLogicalId: fnName, kind: known.kind, delivery: known.delivery, at: this.at(at) };
    if (type === 'http') this.firstHttpEvent ??= trigger.at;
    const source = sourceOf(type, settings);
    if (source) trigger.source = source;
    if (type === 'stream') {
      const streamType = asString(s['type']) ?? (JSON.stringify(s['arn'] ?? settings).includes(':kinesis:') ? 'kinesis' : 'dynamodb');
      trigger.kind = streamType === 'kinesis' ? 'Kinesis' : 'DynamoDB';
    }
    applyEventSourceSettings(trigger, s, SERVERLESS_KEYS);
    const redrive = isObject(s['redrivePolicy']) ? s['redrivePolicy'] : undefined;
    const deliveryDeadLetter = redrive
      ? failureTargetOf(redrive['deadLetterTargetArn'] ?? redrive['deadLetterTargetRef'] ?? redrive['deadLetterTargetImport']) ?? CONFIGURED_TARGET
      : failureTargetOf(s['deadLetterQueueArn']);
    if (deliveryDeadLetter) trigger.deliveryDeadLetter = deliveryDeadLetter;
    const filter = eventFilter({ pattern: s['pattern'], filterPolicy: s['filterPolicy'], s3Rules: s['rules'] });
    if (filter) trigger.filter = filter;
    this.stack.triggers.push(trigger);
  }
}

/** `provider.stackName`, or the `<service>-<stage>` the framework names the stack; undefined when a part is not known. */
function stackNameOf(provider: Record<string, unknown>, service: string | undefined, resolve: (text: string) => string | undefined): string | undefined {
  const own = asString(provider['stackName']);
  if (own !== undefined) return own.includes('${') ? undefined : own;
  const stage = resolve('${sls:stage}');
  return service && stage && !service.includes('${') ? `${service}-${stage}` : undefined;
}

/** `package.artifact`: a prebuilt archive deployed instead of packaging the service folder. */
function artifactOf(config: Record<string, unknown>): string | undefined {
  return isObject(config['package']) ? asString(config['package']['artifact']) : undefined;
}

/** The webpack config serverless-webpack builds with (`custom.webpack.webpackConfig`), when it names one. */
function bundlerSettings(document: Record<string, unknown>, baseDir: string): ResolverSettings {
  const custom = isObject(document['custom']) ? document['custom'] : {};
  const webpack = isObject(custom['webpack']) ? asString(custom['webpack']['webpackConfig']) : undefined;
  return webpack ? { webpackConfig: { configFile: path.resolve(baseDir, webpack), runsIn: baseDir } } : {};
}

/** The resource an event comes from: a reference into `resources`, or the name in an ARN or shorthand. */
function sourceOf(type: string, settings: unknown): string | undefined {
  if (typeof settings === 'string') return type === 'sqs' || type === 'stream' || type === 'sns' ? nameFromArn(settings) : type === 's3' ? settings : undefined;
  if (!isObject(settings)) return undefined;
  const value = settings['arn'] ?? settings['bucket'] ?? settings['eventBus'] ?? settings['topicName'] ?? settings['queue'];
  return referencedId(value) ?? (typeof value === 'string' ? nameFromArn(value) : undefined);
}

function nameFromArn(value: string): string {
  // A DynamoDB stream ARN ends in `table/Orders/stream/<timestamp with colons>`: the table is the source.
  return value.startsWith('arn:') ? value.replace(/\/stream\/[^/]*$/, '').split(':').at(-1)!.split('/').at(-1)! : value;
}
