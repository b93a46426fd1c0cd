import path from 'node:path';
import { isFile, isInside } from '../../util/fs-fence.js';
import { defineOwn } from '../../util/objects.js';
import { relativePath } from '../../util/relative-path.js';
import { HANDLER_EXTENSIONS } from '../resolve-handler.js';
import type { CodeLocation } from '../code-location.js';
import type { CodeKind, FunctionNode, HandlerRef, TemplateRef } from '../types.js';
import type { ConstructType, HandlerContext, MethodHandler } from './construct-types.js';
import { addEventSource, addEventSourceMapping } from './event-sources.js';
import { asConstruct, asItems, asNumber, asSeconds, asString, asWritten, enumMember, Props, type Read } from './props.js';
import { destinationOf, environmentValue, refTo, silence, writtenAs } from './references.js';
import { addTrigger, functionOf, refAt, type StackBuild } from './stack-build.js';
import {
  isConstruct, isLibCall, isLibInstance, isLibRef, isObjectValue, ObjectValue,
  type ConstructValue, type Entry, type Located, type Value,
} from './values.js';

/** How a function type names its code: an asset folder and `file.export`, an esbuild entry, or an image. */
type CodeStyle = 'asset' | 'entry' | 'image' | 'other';

const TRACING: Record<string, string> = { ACTIVE: 'Active', PASS_THROUGH: 'PassThrough', DISABLED: 'PassThrough' };

export const FUNCTION_TYPES: Record<string, ConstructType> = {
  'aws-lambda.Function': { family: 'function', create: (self, args, context) => createFunction(self, args[2]?.value, context, 'asset') },
  'aws-lambda.SingletonFunction': { family: 'function', create: (self, args, context) => createFunction(self, args[2]?.value, context, 'asset') },
  'aws-lambda-nodejs.NodejsFunction': { family: 'function', create: (self, args, context) => createFunction(self, args[2]?.value, context, 'entry') },
  'aws-lambda.DockerImageFunction': { family: 'function', create: (self, args, context) => createFunction(self, args[2]?.value, context, 'image') },
  'aws-lambda-python.PythonFunction': { family: 'function', create: (self, args, context) => createFunction(self, args[2]?.value, context, 'other') },
  'aws-lambda-go.GoFunction': { family: 'function', create: (self, args, context) => createFunction(self, args[2]?.value, context, 'other') },
  'aws-lambda.EventInvokeConfig': { family: 'other', create: (self, args, context) => createInvokeConfig(self, args[2]?.value, context) },
  'aws-lambda.EventSourceMapping': {
    family: 'other',
    create: (self, args, context) => {
      const props = new Props(args[2]?.value, self.at!, context, self.type);
      const target = props.read('target', asConstruct);
      if (target.state === 'known') addEventSourceMapping(target.value, props, self.at!, context);
    },
  },
  'aws-lambda.FunctionUrl': {
    family: 'other',
    create: (self, args, context) => {
      const props = new Props(args[2]?.value, self.at!, context, self.type);
      const target = props.read('function', asConstruct);
      if (target.state === 'known') addTrigger(target.value, { kind: 'FunctionUrl', delivery: 'sync', at: refAt(self.at!) }, undefined, context);
    },
  },
};

export const FUNCTION_METHODS: Record<string, MethodHandler> = {
  addEventSource: (self, args, _at, context) => {
    if (isConstruct(self) && args[0]) addEventSource(self, args[0], context);
    return undefined;
  },
  addEventSourceMapping: (self, args, at, context) => {
    if (isConstruct(self)) addEventSourceMapping(self, new Props(args[1]?.value, at, context, 'an event source mapping'), at, context);
    return undefined;
  },
  configureAsyncInvoke: (self, args, at, context) => {
    const target = functionOf(self);
    if (target) applyAsyncSettings(target.fn, new Props(args[0]?.value, at, context, 'configureAsyncInvoke'), target.build);
    return undefined;
  },
  addEnvironment: (self, args, at) => {
    const target = functionOf(self);
    const key = args[0]?.value;
    if (target && typeof key === 'string') setVariable(target, key, args[1]?.value, refAt(at));
    return self;
  },
  addFunctionUrl: (self, _args, at, context) => {
    addTrigger(self, { kind: 'FunctionUrl', delivery: 'sync', at: refAt(at) }, undefined, context);
    return undefined;
  },
};

/** A function construct as a FunctionNode: settings, environment, failure handling, handler source, events. */
function createFunction(self: ConstructValue, propsValue: Value, context: HandlerContext, style: CodeStyle): void {
  const build = self.stack;
  if (!build || !self.at) return;
  const props = new Props(propsValue, self.at, context, self.type);
  const fn: FunctionNode = {
    logicalId: build.logicalId(self.path), name: self.pathName, at: refAt(self.at), environment: {}, failure: {}, ignoredRules: [], codeKind: 'node',
  };
  const runtime = props.read('runtime', runtimeName);
  if (runtime.state === 'known') fn.runtime = runtime.value;
  const timeout = props.read('timeout', asSeconds);
  if (timeout.state === 'known') fn.timeout = timeout.value;
  if (timeout.state === 'unknown') silence(fn, 'sls/sqs-visibility-timeout');
  const memory = props.read('memorySize', asNumber);
  if (memory.state === 'known') fn.memorySize = memory.value;
  const name = props.read('functionName', asString);
  if (name.state === 'known') fn.deployedName = name.value;
  const tracing = props.read('tracing', enumMember('Tracing'));
  // Unreadable: the rule stays silent, as it does for a tracing mode written as a parameter.
  if (tracing.state !== 'absent') fn.tracingAt = refAt(tracing.at);
  if (tracing.state === 'known') fn.tracing = TRACING[tracing.value];
  self.node = fn;
  const variables = props.nested('environment', 'the environment');
  const environment = variables?.whole;
  if (isObjectValue(environment)) {
    for (const [key, entry] of environment.entries) setVariable({ fn, build }, key, entry.value, refAt(entry.at), entry.at, context);
  }
  readFailureHandling(self, fn, props, context);
  const code = readCode(self, props, style, fn.runtime, context);
  fn.codeKind = code.kind;
  if (code.handler) fn.handler = code.handler;
  build.stack.functions.push(fn);
  for (const entry of asItems(props.entry('events')?.value) ?? []) addEventSource(self, entry, context);
}

function setVariable(
  target: { fn: FunctionNode; build: StackBuild }, key: string, value: Value, at: TemplateRef, written?: Located, context?: HandlerContext,
): void {
  const read = environmentValue(value, target.build);
  if (!read && written) context?.unread(written, `environment variable ${key}`);
  defineOwn(target.fn.environment, key, { value: read?.value, references: read?.references ?? [], at });
}

function readFailureHandling(self: ConstructValue, fn: FunctionNode, props: Props, context: HandlerContext): void {
  const build = self.stack!;
  for (const key of ['deadLetterQueue', 'deadLetterTopic']) {
    const target = props.read(key, asWritten);
    if (target.state === 'unknown') silence(fn, 'sls/async-failure-destination');
    if (target.state !== 'known') continue;
    const id = refTo(target.value, build) ?? writtenAs(target.at);
    fn.failure.deadLetterTarget = id;
    // `fn.deadLetterQueue.metric…()`: an alarm on it is an alarm on the queue given.
    self.members.set(key, target.value);
  }
  const enabled = props.read('deadLetterQueueEnabled', (v) => (typeof v === 'boolean' ? v : undefined));
  if (enabled.state === 'unknown') silence(fn, 'sls/async-failure-destination');
  if (enabled.state === 'known' && enabled.value && !fn.failure.deadLetterTarget) {
    // CDK creates the queue as the function's child `DeadLetterQueue`.
    const queue = context.child(self, 'DeadLetterQueue', 'aws-sqs.Queue', new ObjectValue(), self.at!);
    fn.failure.deadLetterTarget = refTo(queue, build) ?? `${fn.logicalId}DeadLetterQueue`;
    self.members.set('deadLetterQueue', queue);
  }
  applyAsyncSettings(fn, props, build);
}

/** `onFailure` and `retryAttempts`, on the function or through configureAsyncInvoke / EventInvokeConfig. */
function applyAsyncSettings(fn: FunctionNode, props: Props, build: StackBuild): void {
  const onFailure = props.read('onFailure', asWritten);
  if (onFailure.state === 'unknown') silence(fn, 'sls/async-failure-destination');
  if (onFailure.state === 'known') fn.failure.onFailure = refTo(destinationOf(onFailure.value), build) ?? writtenAs(onFailure.at);
  const retries = props.read('retryAttempts', asNumber);
  if (retries.state === 'known') fn.failure.maximumRetryAttempts = retries.value;
}

function createInvokeConfig(self: ConstructValue, propsValue: Value, context: HandlerContext): void {
  const props = new Props(propsValue, self.at!, context, self.type);
  const target = props.read('function', asConstruct);
  const found = target.state === 'known' ? functionOf(target.value) : undefined;
  if (found) applyAsyncSettings(found.fn, props, found.build);
}

/** `lambda.Runtime.NODEJS_20_X` is `nodejs20.x`; `new lambda.Runtime('nodejs22.x')` is what it says. */
export function runtimeName(value: Value): string | undefined {
  if (isLibInstance(value) && value.type === 'aws-lambda.Runtime') return asString(value.args[0]?.value);
  if (!isLibRef(value) || value.path[0] !== 'Runtime' || value.path.length !== 2) return undefined;
  const member = value.path[1]!;
  const versioned = /^(NODEJS|PYTHON|JAVA|DOTNET|RUBY|GO)_(\d+)(?:_(\d+))?(?:_X)?$/.exec(member);
  if (member === 'NODEJS_LATEST') return 'nodejs';
  if (versioned) {
    const [, language, major, minor] = versioned;
    const base = language!.toLowerCase() + major + (minor !== undefined ? `.${minor}` : '');
    return language === 'NODEJS' || language === 'GO' ? `${base}.x` : base;
  }
  return member.toLowerCase().replace(/_/g, '.');
}

/** Where the function's code is (its kind), and its handler's source: `Code.fromAsset(dir)` and `file.export`, or a NodejsFunction's entry. */
function readCode(self: ConstructValue, props: Props, style: CodeStyle, runtime: string | undefined, context: HandlerContext): { kind: CodeKind; handler?: HandlerRef } {
  if (style === 'image') return { kind: 'image' };
  if (runtime !== undefined && !runtime.startsWith('nodejs')) return { kind: 'other-runtime' };
  if (style === 'other') return { kind: 'node' };
  const handler = props.read('handler', asString);
  if (handler.state === 'unknown') return { kind: 'node' };
  if (style === 'entry') return entryHandler(self, props, handler, runtime, context);
  if (handler.state !== 'known') return { kind: 'node' };
  const code = props.read('code', codeOf);
  // Code the app computes: nothing known to read.
  if (code.state !== 'known') return { kind: 's3' };
  const resolver = context.handlers;
  const location: CodeLocation = code.value.dir !== undefined ? { kind: 'folder', path: code.value.dir } : { kind: code.value.kind ?? 's3' };
  const located = resolver.locate(context.appDir, location, runtime);
  return { kind: located.kind, handler: resolver.resolve(located, { handler: handler.value, at: refAt(handler.at) }) };
}

/** The local folder of `Code.fromAsset(dir)` (`new AssetCode(dir)`, v1's `Code.asset(dir)`); no folder for other code. */
function codeOf(value: Value): { dir?: string; kind?: 'inline' | 's3' } | undefined {
  if (isLibInstance(value) && value.type === 'aws-lambda.AssetCode') return dirOf(value.args[0]);
  // `new InlineCode(...)`, `new S3Code(...)`: code that is not a local folder.
  if (isLibInstance(value) && value.type === 'aws-lambda.InlineCode') return { kind: 'inline' };
  if (isLibInstance(value) && /^aws-lambda\.\w+Code$/.test(value.type)) return { kind: 's3' };
  // `Code.fromAsset(dir)`, and the same static methods through a subclass (`AssetCode.fromAsset(dir)`).
  if (!isLibCall(value) || !/^\w*Code$/.test(value.ref.path[0] ?? '')) return undefined;
  const method = value.ref.path[1];
  if (method === 'fromAsset' || method === 'asset') return dirOf(value.args[0]);
  return { kind: method === 'fromInline' || method === 'inline' ? 'inline' : 's3' };
}

function dirOf(entry: Entry | undefined): { dir: string } | undefined {
  return typeof entry?.value === 'string' ? { dir: entry.value } : undefined;
}

/**
 * A NodejsFunction's handler: `entry` (relative to the folder of cdk.json, where the CDK CLI runs
 * the app), or by default `<defining file>.<id>.ts` next to the file that creates it; the export is
 * `handler` unless said otherwise.
 */
function entryHandler(self: ConstructValue, props: Props, handler: Read<string>, runtime: string | undefined, context: HandlerContext): { kind: CodeKind; handler?: HandlerRef } {
  const entry = props.read('entry', asString);
  if (entry.state === 'unknown') return { kind: 'node' };
  const written = handler.state === 'known' ? handler.value : 'handler';
  const exportName = written.slice(written.lastIndexOf('.') + 1);
  let candidates: string[];
  let at: TemplateRef;
  if (entry.state === 'known') {
    candidates = [path.resolve(context.appDir, entry.value)];
    at = refAt(entry.at);
  } else {
    const definingFile = self.at!.source.fileName;
    const stem = `${definingFile.slice(0, definingFile.length - path.extname(definingFile).length)}.${self.path.at(-1)}`;
    candidates = HANDLER_EXTENSIONS.map((ext) => stem + ext);
    at = refAt(self.at!);
  }
  const first = candidates[0]!;
  const modulePath = first.slice(0, first.length - path.extname(first).length);
  const inside = isInside(context.root, first);
  // Named as a SAM handler would name it (`handlers/orders.main`), so a message about it says which file it is.
  const value = `${relativePath(context.appDir, modulePath)}.${exportName}`;
  const ref: HandlerRef = { value, exportName, modulePath, resolvable: inside, at };
  const sourceFile = inside ? candidates.find((file) => isInside(context.root, file) && isFile(file)) : undefined;
  return { kind: inside ? 'node' : 'outside-root', handler: sourceFile ? { ...ref, sourceFile } : ref };
}
