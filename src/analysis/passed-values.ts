import type { SdkOperation } from '../code/code-facts.js';
import { unwrap, type Node } from '../code/ast.js';
import { firstEntry, isPutEvents, type SentEvent } from '../code/sent-event.js';
import { resolveObject, staticString } from '../code/static-values.js';
import { possibleStrings, type CallSites } from './call-sites.js';
import type { FunctionAt } from './function-resolver.js';
import type { ModuleIndex } from './module-index.js';
import type { ModuleSummary, OperationSummary } from './module-summary.js';
import { argumentAt, type Bindings } from './parameter-bindings.js';
import { operationsOf } from './sdk-operations.js';
import { staticSource, type ModuleLookup, type StaticSource } from './value-resolver.js';

/** A value an SDK call takes from a parameter: the function (by start), the argument's position, and the properties read from it. */
export interface ParamPlace {
  fn: number;
  position: number;
  path: readonly string[];
}

/** Where an operation's resource name and invocation type come in through a parameter, when the file alone cannot tell them. */
export interface PassedInputs {
  target?: ParamPlace;
  invocationType?: ParamPlace;
}

/** What the calls the walk followed gave an operation. */
export interface PassedValue {
  /** The resource name, as the call on the path passed it. */
  source?: StaticSource;
  /** Lambda Invoke: the invocation type, as the call on the path passed it. */
  invocationType?: string;
  /** PutEvents: the sources and detail types the calls pass, when the file alone cannot tell them. */
  sent?: Pick<SentEvent, 'source' | 'detailType'>;
}

/** What the calls the walk followed gave the operations of some code, by the operation's start. */
export type PassedValues = Readonly<Record<number, PassedValue>>;

/** How many parameters a value is followed through, caller to caller. */
const MAX_HOPS = 8;

/**
 * Where a property of an operation's input comes from a parameter of a function around it: the
 * input is the parameter (`(params) => lambda.invoke(params)`), or the property's value is
 * (`(name) => lambda.invoke({ FunctionName: name })`). Plain data, for the module summary.
 */
export function paramPlaceOf(index: ModuleIndex, op: SdkOperation, property: string): ParamPlace | undefined {
  if (op.input) {
    const value = op.input.properties.get(property);
    return value ? placeOf(index, value, []) : undefined;
  }
  return op.inputNode ? placeOf(index, op.inputNode, [property]) : undefined;
}

function placeOf(index: ModuleIndex, value: Node, path: readonly string[]): ParamPlace | undefined {
  const node = unwrap(value);
  const ref = node.type === 'Identifier' ? index.nameRef(node.name, node) : undefined;
  return ref?.kind === 'param' ? { fn: ref.param.fn.range[0], position: ref.param.position, path: [...ref.param.path, ...path] } : undefined;
}

/**
 * What the walk's calls gave the operations of some code (`target`, reached with its bindings):
 * the resource name and the invocation type each operation takes from a parameter, read at the
 * call that passed it, and, through that caller's own parameters, further up; and the source and
 * detail type a PutEvents sends, read at every call the walk followed (`calls`).
 */
export function passedValuesOf(modules: ModuleLookup, summary: ModuleSummary, target: FunctionAt, calls: CallSites): PassedValues | undefined {
  const owner = target.fn === 'module' ? 'module' : target.fn.range[0];
  const bindings = target.bindings;
  let values: Record<number, PassedValue> | undefined;
  for (const op of summary.operations) {
    if (op.owner !== owner) continue;
    const targetNode = bindings && op.passed?.target && passedNode(summary.file, op.passed.target, bindings);
    const source = targetNode ? staticSource(modules, targetNode.index, targetNode.node, 0) : undefined;
    const type = bindings && op.passed?.invocationType && passedNode(summary.file, op.passed.invocationType, bindings);
    const invocationType = type ? (staticString(type.node, type.index.decls) ?? staticSource(modules, type.index, type.node, 0)?.literal)?.trim() : undefined;
    const sent = sentThroughCalls(modules, target.index, op, calls);
    if (!source && invocationType === undefined && !sent) continue;
    values ??= {};
    values[op.range[0]] = { ...(source ? { source } : {}), ...(invocationType !== undefined ? { invocationType } : {}), ...(sent ? { sent } : {}) };
  }
  return values;
}

/**
 * The sources and detail types a PutEvents whose entry the file cannot read (`DetailType:
 * detailType`, a helper's parameter) sends, read at every call the walk followed. A helper called
 * with several detail types sends each of them.
 */
function sentThroughCalls(modules: ModuleLookup, index: ModuleIndex, op: OperationSummary, calls: CallSites): PassedValue['sent'] {
  if (!isPutEvents(op) || (op.sent.source !== undefined && op.sent.detailType !== undefined)) return undefined;
  const call = operationsOf(modules, index).find((o) => o.node.range[0] === op.range[0] && o.node.range[1] === op.range[1]);
  if (!call) return undefined;
  const read = (property: string) => {
    const place = entryValue(call, property);
    return place ? possibleStrings(modules, calls, index, place.node, place.path) : undefined;
  };
  const source = op.sent.source === undefined ? read('Source') : undefined;
  const detailType = op.sent.detailType === undefined ? read('DetailType') : undefined;
  if (!source && !detailType) return undefined;
  return { ...(source ? { source } : {}), ...(detailType ? { detailType } : {}) };
}

/** Where the first entry of a PutEvents says `property`: the value written in the entry, or the entry's place in an input or list passed whole. */
function entryValue(op: SdkOperation, property: string): { node: Node; path: readonly string[] } | undefined {
  if (!op.input) return op.inputNode ? { node: op.inputNode, path: ['Entries', '0', property] } : undefined;
  const entries = op.input.properties.get('Entries');
  if (!entries) return undefined;
  const first = firstEntry(entries);
  if (!first) return { node: entries, path: ['0', property] };
  const value = first.get(property);
  return value ? { node: value, path: [] } : undefined;
}

/** The expression a call passed for a parameter (then the properties `path` reads from it), where it is written. */
function passedNode(file: string, place: ParamPlace, bindings: Bindings): { index: ModuleIndex; node: Node } | undefined {
  let passed = argumentAt(bindings, `${file}#${place.fn}`, place.position);
  let path = place.path;
  for (let hops = 0; passed && hops < MAX_HOPS; hops++) {
    // A caller that passes on its own parameter, or a property of it: read what its caller passed.
    const up = placeOf(passed.index, passed.value, path);
    if (up) {
      passed = passed.bindings ? argumentAt(passed.bindings, `${passed.index.file}#${up.fn}`, up.position) : undefined;
      path = up.path;
      continue;
    }
    let node: Node | undefined = passed.value;
    for (const key of path) node = node && resolveObject(node, passed.index.decls)?.properties.get(key);
    if (!node) return undefined;
    const further = placeOf(passed.index, node, []);
    if (!further) return { index: passed.index, node };
    passed = passed.bindings ? argumentAt(passed.bindings, `${passed.index.file}#${further.fn}`, further.position) : undefined;
    path = further.path;
  }
  return undefined;
}
