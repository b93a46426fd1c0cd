import type { SdkOperation } from '../code/code-facts.js';
import { inputsOf } from '../code/passed-inputs.js';
import { firstEntry, type SentEvent } from '../code/sent-event.js';
import type { ModelIndex, StackIndex } from '../model/stack-index.js';
import type { Stack } from '../model/types.js';
import type { ModuleIndex } from './module-index.js';
import type { ModuleSummary, OperationSummary } from './module-summary.js';
import { splitCodeKey, type Reach } from './reachability.js';
import { staticSource, type ModuleLookup, type StaticSource } from './value-resolver.js';

/** An SDK operation a function performs, with the model resource (or function) it targets when that resolves. */
export interface Emission {
  reach: Reach;
  op: OperationSummary;
  file: string;
  /** Logical id in the same stack: a resource, or a function for Lambda Invoke. */
  target?: string;
  /** Lambda Invoke: the invocation type, as the file says, or as the call on this path passed it. */
  invocationType?: string;
  /** What the call sends that event filters look at: as the file says, or as the calls on the way give it (PutEvents' source and detail type). */
  sent: SentEvent;
}

/** The input property that names the resource an operation targets, per service. */
const TARGET_PROPERTY: Record<string, string> = {
  DynamoDB: 'TableName', DynamoDBDocument: 'TableName', S3: 'Bucket', SQS: 'QueueUrl', SNS: 'TopicArn',
  EventBridge: 'EventBusName', CloudWatchEvents: 'EventBusName', Kinesis: 'StreamName', Firehose: 'DeliveryStreamName',
  StepFunctions: 'stateMachineArn', Lambda: 'FunctionName',
};

/**
 * Where the name of the resource an operation targets comes from, as far as the code shows. An input
 * passed to a same-file helper is read at the helper's calls, which must agree.
 */
export function targetSource(modules: ModuleLookup, index: ModuleIndex, op: SdkOperation): StaticSource | undefined {
  const property = TARGET_PROPERTY[op.entry.service];
  const inputs = property ? inputsOf(op, index) : undefined;
  if (!property || !inputs) return undefined;
  const sources = inputs.map((input) => {
    // PutEvents names its bus per entry; the first entry stands for the call.
    const valueNode = op.entry.service === 'EventBridge' || op.entry.service === 'CloudWatchEvents'
      ? firstEntry(input.properties.get('Entries'))?.get(property)
      : input.properties.get(property);
    return valueNode ? staticSource(modules, index, valueNode, 0) : undefined;
  });
  const first = JSON.stringify(sources[0]);
  return sources.every((source) => JSON.stringify(source) === first) ? sources[0] : undefined;
}

/** The input property that names an operation's resource, except where each entry names its own (PutEvents). */
export function targetProperty(op: SdkOperation): string | undefined {
  return op.entry.service === 'EventBridge' || op.entry.service === 'CloudWatchEvents' ? undefined : TARGET_PROPERTY[op.entry.service];
}

/**
 * One emission per SDK operation and deployed function that reaches it (`reaches` by `codeKey`).
 * Targets are looked up in the stacks' indexes: reaches × operations may be millions.
 */
export function emissionsOf(
  reaches: ReadonlyMap<string, readonly Reach[]>, summaries: ReadonlyMap<string, ModuleSummary | null>, stacks: ModelIndex,
): Emission[] {
  const emissions: Emission[] = [];
  // A literal name matched once per stack: many functions' calls spell the same one.
  const byName = new Map<string, string | undefined>();
  const lookup: NameLookup = (index, name) => {
    const k = `${index.stack.templatePath}\u0000${name}`;
    if (!byName.has(k)) byName.set(k, matchByName(index, name));
    return byName.get(k);
  };
  for (const [k, reachList] of reaches) {
    const [file, at] = splitCodeKey(k);
    const summary = summaries.get(file);
    if (!summary) continue;
    const owner = at === 'module' ? 'module' : Number(at);
    for (const op of summary.operations) {
      if (op.owner !== owner) continue;
      for (const reach of reachList) {
        const target = targetOf(stacks.of(reach.stack), reach, op, lookup);
        const passed = reach.passed?.[op.range[0]];
        const invocationType = passed?.invocationType ?? op.invocationType;
        const sent = passed?.sent ? { ...op.sent, ...passed.sent } : op.sent;
        emissions.push({ reach, op, file, sent, ...(target ? { target } : {}), ...(invocationType !== undefined ? { invocationType } : {}) });
      }
    }
  }
  return emissions;
}

/** Emissions by the file of their SDK call. */
export function emissionsByFile(emissions: readonly Emission[]): Map<string, Emission[]> {
  const byFile = new Map<string, Emission[]>();
  for (const e of emissions) addTo(byFile, e.file, e);
  return byFile;
}

/** Lambda Invokes with `InvocationType: 'Event'`, by the function they invoke (`invokedKey`). */
export function eventInvokesOf(emissions: readonly Emission[]): Map<string, Emission[]> {
  const byFunction = new Map<string, Emission[]>();
  for (const e of emissions) {
    if (!e.target || e.op.service !== 'Lambda' || e.invocationType !== 'Event') continue;
    addTo(byFunction, invokedKey(e.reach.stack, e.target), e);
  }
  return byFunction;
}

/** Emissions by the stack of the function they leave, then by what they target there. */
export function emissionsByTarget(emissions: readonly Emission[]): Map<Stack, Map<string, Emission[]>> {
  const byStack = new Map<Stack, Map<string, Emission[]>>();
  for (const e of emissions) {
    if (!e.target) continue;
    let byTarget = byStack.get(e.reach.stack);
    if (!byTarget) byStack.set(e.reach.stack, (byTarget = new Map()));
    addTo(byTarget, e.target, e);
  }
  return byStack;
}

/** A function of a stack, as `eventInvokesOf` keys it. */
export function invokedKey(stack: Stack, logicalId: string): string {
  return `${stack.templatePath}#${logicalId}`;
}

function addTo(map: Map<string, Emission[]>, k: string, e: Emission): void {
  const list = map.get(k);
  if (list) list.push(e);
  else map.set(k, [e]);
}

/** The variable Lambda sets to the running function's name; a template cannot set it. */
const OWN_NAME_VARIABLE = 'AWS_LAMBDA_FUNCTION_NAME';

/**
 * The logical id an operation targets: through `process.env.X` and the function's Environment, a
 * literal name, a name joined from both, or, for a Lambda Invoke of `context.functionName` or
 * `AWS_LAMBDA_FUNCTION_NAME`, the function that runs the code.
 */
type NameLookup = (index: StackIndex, value: string) => string | undefined;

function targetOf(index: StackIndex, reach: Reach, op: OperationSummary, byName: NameLookup): string | undefined {
  const value = reach.passed?.[op.range[0]]?.source ?? op.source;
  if (!value) return undefined;
  const { fn } = reach;
  if (value.self || value.env === OWN_NAME_VARIABLE) return op.service === 'Lambda' ? fn.logicalId : undefined;
  if (value.env) {
    const variable = fn.environment[value.env];
    const reference = variable?.references.find((r) => index.has(r));
    if (reference) return reference;
    if (typeof variable?.value === 'string') return byName(index, variable.value);
    return undefined;
  }
  if (value.parts) {
    const texts = value.parts.map((part) => ('literal' in part ? part.literal : fn.environment[part.env]?.value));
    return texts.every((t): t is string => typeof t === 'string') ? byName(index, texts.join('')) : undefined;
  }
  return value.literal ? byName(index, value.literal) : undefined;
}

/** A literal name or ARN matched to the function deployed under it, or the resource that declares that name (QueueName, TableName, ...). */
function matchByName(index: StackIndex, value: string): string | undefined {
  const name = value.startsWith('arn:') ? value.split(':').at(-1)!.split('/').at(-1)! : value.split('/').at(-1)!;
  const fn = index.functionDeployedAs(name, value.split(':function:').at(-1)!);
  if (fn) return fn.logicalId;
  return index.resourceNamed(name)?.logicalId ?? matchUnresolved(index, name);
}

/**
 * A function name the template left partly unresolved (`app-${opt:stage}-orders`, from a variable
 * the framework fills at deploy time): each unresolved part stands for one or more characters of a
 * name, and exactly one function's deployed name must match.
 */
function matchUnresolved(index: StackIndex, name: string): string | undefined {
  const pieces = splitVariables(name);
  if (pieces.length < 2) return undefined;
  const pattern = new RegExp(`^${pieces.map(escapeRegExp).join('[^:/]+')}$`);
  const matches = index.concreteDeployedNames.filter((f) => pattern.test(f.deployedName!));
  return matches.length === 1 ? matches[0]!.logicalId : undefined;
}

/** The text around `${...}` variables (nested ones included): one piece more than there are variables. */
function splitVariables(text: string): string[] {
  const pieces = [''];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      if (depth === 0) pieces.push('');
      depth++;
      i++;
    } else if (depth > 0 && text[i] === '}') depth--;
    else if (depth === 0) pieces.push(pieces.pop()! + text[i]);
  }
  return depth === 0 ? pieces : [text];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
