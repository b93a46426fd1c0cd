import type { SdkOperation } from '../code/code-facts.js';
import { unwrap, type Node } from '../code/ast.js';
import { resolveObject, staticString } from '../code/static-values.js';
import type { ModuleIndex } from './module-index.js';
import type { ModuleSummary } from './module-summary.js';
import { argumentAt, type Bindings } from './parameter-bindings.js';
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

/** What the calls on one path gave an operation, by the operation's start. */
export type PassedValues = Readonly<Record<number, { source?: StaticSource; invocationType?: string }>>;

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
 * What the walk's calls gave the operations of some code (a function reached with `bindings`):
 * the resource name and the invocation type each operation takes from a parameter, read at the
 * call that passed it, and, through that caller's own parameters, further up.
 */
export function passedValuesOf(modules: ModuleLookup, summary: ModuleSummary, owner: number | 'module', bindings: Bindings | undefined): PassedValues | undefined {
  if (!bindings) return undefined;
  let values: Record<number, { source?: StaticSource; invocationType?: string }> | undefined;
  for (const op of summary.operations) {
    if (op.owner !== owner || !op.passed) continue;
    const target = op.passed.target && passedNode(summary.file, op.passed.target, bindings);
    const source = target ? staticSource(modules, target.index, target.node, 0) : undefined;
    const type = op.passed.invocationType && passedNode(summary.file, op.passed.invocationType, bindings);
    const invocationType = type ? (staticString(type.node, type.index.decls) ?? staticSource(modules, type.index, type.node, 0)?.literal)?.trim() : undefined;
    if (!source && invocationType === undefined) continue;
    values ??= {};
    values[op.range[0]] = { ...(source ? { source } : {}), ...(invocationType !== undefined ? { invocationType } : {}) };
  }
  return values;
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
