import type { Trigger } from '../types.js';
import type { ConstructType, HandlerContext } from './construct-types.js';
import { asBoolean, enumMember, Props } from './props.js';
import { addResource, addTrigger, functionOf, refAt, type StackBuild } from './stack-build.js';
import { isConstruct, isLibInstance, isObjectValue, type ChainValue, type ConstructValue, type Entry, type Value } from './values.js';

/** A state's Lambda invocations, waiting for the state machine that runs the state to become their source. */
interface PendingTrigger {
  trigger: Trigger;
  build: StackBuild;
}

const PENDING = 'triggers';

/** The states of `aws-stepfunctions` (tasks of `aws-stepfunctions-tasks` are states too, whatever their class). */
const STATES = ['Pass', 'Choice', 'Parallel', 'Map', 'DistributedMap', 'Wait', 'Succeed', 'Fail', 'CustomState'];

export const STATE_MACHINE_TYPES: Record<string, ConstructType> = {
  ...Object.fromEntries(STATES.map((name) => [`aws-stepfunctions.${name}`, { family: 'state' }])),
  // v1: `new sfn.Task(this, id, { task: new tasks.RunLambdaTask(fn) })`.
  'aws-stepfunctions.Task': { family: 'state', create: (self, args, context) => invokeFromTask(self, args, context) },
  'aws-stepfunctions-tasks.LambdaInvoke': { family: 'state', create: (self, args, context) => invokeFromProps(self, args, context) },
  'aws-stepfunctions.StateMachine': { family: 'stateMachine', create: createStateMachine },
};

/** A function a state machine invokes is a synchronous target (asynchronous with InvocationType EVENT). */
function invokeFromProps(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  const fn = props.entry('lambdaFunction')?.value;
  const invocation = props.read('invocationType', enumMember('LambdaInvocationType'));
  pend(self, fn, invocation.state === 'known' && invocation.value === 'EVENT' ? 'async' : 'sync', context);
}

function invokeFromTask(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  const task = props.entry('task')?.value;
  if (!isLibInstance(task) || !/\.(RunLambdaTask|InvokeFunction)$/.test(task.type)) return;
  const options = task.args[1]?.value;
  const invocation = isObjectValue(options) ? options.entries.get('invocationType')?.value : undefined;
  const isEvent = typeof invocation === 'object' && invocation !== null && invocation.kind === 'lib' && invocation.path.at(-1) === 'EVENT';
  pend(self, task.args[0]?.value, isEvent ? 'async' : 'sync', context);
}

function pend(state: ConstructValue, fn: Value, delivery: 'sync' | 'async', context: HandlerContext): void {
  const trigger = addTrigger(fn, { kind: 'StepFunctions', delivery, at: refAt(state.at!) }, undefined, context);
  const target = functionOf(fn);
  if (trigger && target) state.data.set(PENDING, [...((state.data.get(PENDING) as PendingTrigger[] | undefined) ?? []), { trigger, build: target.build }]);
}

function createStateMachine(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  const node = addResource(self, 'AWS::StepFunctions::StateMachine', 'stateMachine');
  if (!node) return;
  const tracing = props.read('tracingEnabled', asBoolean);
  node.tracing = tracing.state === 'absent'
    ? { enabled: false }
    : { ...(tracing.state === 'known' ? { enabled: tracing.value } : {}), at: refAt(tracing.at) };
  const definition = props.entry('definitionBody') ?? props.entry('definition');
  for (const state of definition ? chainOf([definition]).states : []) {
    for (const { trigger, build } of (state.data.get(PENDING) as PendingTrigger[] | undefined) ?? []) {
      const source = build.refOf(self);
      if (source && trigger.source === undefined) trigger.source = source;
    }
  }
}

const NEXT = 'next';

/**
 * A method of a state or chain (`.next(b)`, `.when(c, b)`, `.addCatch(h)`, `.branch(b)`): CDK
 * wires the states given into the receiver's, so they run whenever it does, whatever is done with
 * the returned chain.
 */
export function connect(receiver: Value, args: readonly { value: Value }[]): ChainValue {
  const from = chainOf([{ value: receiver }]).states;
  const to = chainOf(args).states;
  for (const state of from) {
    const next = (state.data.get(NEXT) as ConstructValue[] | undefined) ?? [];
    for (const target of to) if (!next.includes(target)) next.push(target);
    state.data.set(NEXT, next);
  }
  return chainOf([{ value: receiver }, ...args]);
}

/** The states in values, and every state they lead to: a state, a chain, the arguments of a chain method. */
export function chainOf(entries: readonly { value: Value }[]): ChainValue {
  const states: ConstructValue[] = [];
  const visit = (value: Value) => {
    if (isConstruct(value) && value.family === 'state' && !states.includes(value)) {
      states.push(value);
      for (const next of (value.data.get(NEXT) as ConstructValue[] | undefined) ?? []) visit(next);
    } else if (typeof value === 'object' && value !== null && value.kind === 'chain') for (const state of value.states) visit(state);
  };
  for (const entry of entries) visit(entry.value);
  return { kind: 'chain', states };
}
