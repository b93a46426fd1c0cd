import type { SdkOperation } from '../code/code-facts.js';
import { firstEntry } from '../code/sent-event.js';
import type { Stack } from '../model/types.js';
import type { ModuleIndex } from './module-index.js';
import type { ModuleSummary, OperationSummary } from './module-summary.js';
import { splitCodeKey, type Reach } from './reachability.js';
import { staticSource, type ModuleLookup } from './value-resolver.js';

/** An SDK operation a function performs, with the model resource (or function) it targets when that resolves. */
export interface Emission {
  reach: Reach;
  op: OperationSummary;
  file: string;
  /** Logical id in the same stack: a resource, or a function for Lambda Invoke. */
  target?: string;
}

/** The input property that names the resource an operation targets, per service. */
const TARGET_PROPERTY: Record<string, string> = {
  DynamoDB: 'TableName', DynamoDBDocument: 'TableName', S3: 'Bucket', SQS: 'QueueUrl', SNS: 'TopicArn',
  EventBridge: 'EventBusName', CloudWatchEvents: 'EventBusName', Kinesis: 'StreamName', Firehose: 'DeliveryStreamName',
  StepFunctions: 'stateMachineArn', Lambda: 'FunctionName',
};

/** Where the name of the resource an operation targets comes from, as far as the code shows. */
export function targetSource(modules: ModuleLookup, index: ModuleIndex, op: SdkOperation): { env?: string; literal?: string } | undefined {
  const property = TARGET_PROPERTY[op.entry.service];
  if (!property || !op.input) return undefined;
  // PutEvents names its bus per entry; the first entry stands for the call.
  const valueNode = op.entry.service === 'EventBridge' || op.entry.service === 'CloudWatchEvents'
    ? firstEntry(op.input.properties.get('Entries'))?.get(property)
    : op.input.properties.get(property);
  return valueNode ? staticSource(modules, index, valueNode, 0) : undefined;
}

/** One emission per SDK operation and deployed function that reaches it (`reaches` by `codeKey`). */
export function emissionsOf(reaches: ReadonlyMap<string, readonly Reach[]>, summaries: ReadonlyMap<string, ModuleSummary | null>): Emission[] {
  const emissions: Emission[] = [];
  for (const [k, reachList] of reaches) {
    const [file, at] = splitCodeKey(k);
    const summary = summaries.get(file);
    if (!summary) continue;
    const owner = at === 'module' ? 'module' : Number(at);
    for (const op of summary.operations) {
      if (op.owner !== owner) continue;
      for (const reach of reachList) {
        const target = targetOf(reach, op);
        emissions.push({ reach, op, file, ...(target ? { target } : {}) });
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
    if (!e.target || e.op.service !== 'Lambda' || e.op.invocationType !== 'Event') continue;
    addTo(byFunction, invokedKey(e.reach.stack, e.target), e);
  }
  return byFunction;
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

/** The logical id an operation targets: through `process.env.X` and the function's Environment, or a literal name. */
function targetOf(reach: Reach, op: OperationSummary): string | undefined {
  const value = op.source;
  if (!value) return undefined;
  const { stack, fn } = reach;
  const ids = new Set([...stack.functions.map((f) => f.logicalId), ...stack.resources.map((r) => r.logicalId)]);
  if (value.env) {
    const variable = fn.environment[value.env];
    const reference = variable?.references.find((r) => ids.has(r));
    if (reference) return reference;
    if (typeof variable?.value === 'string') return matchByName(stack, variable.value);
    return undefined;
  }
  return value.literal ? matchByName(stack, value.literal) : undefined;
}

/** A literal name or ARN matched to the resource that declares that name (QueueName, TableName, ...). */
function matchByName(stack: Stack, value: string): string | undefined {
  const name = value.startsWith('arn:') ? value.split(':').at(-1)!.split('/').at(-1)! : value.split('/').at(-1)!;
  for (const fn of stack.functions) if (fn.deployedName === name || fn.deployedName === value.split(':function:').at(-1)) return fn.logicalId;
  for (const resource of stack.resources) {
    const props = resource.properties;
    for (const key of ['QueueName', 'TopicName', 'TableName', 'BucketName', 'StateMachineName', 'Name', 'StreamName', 'DeliveryStreamName']) {
      if (props[key] === name) return resource.logicalId;
    }
  }
  return undefined;
}
