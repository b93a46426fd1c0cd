import type { AstFunction, Node } from '../code/ast.js';
import { RESOURCE_NAME_KEYS } from '../code/resource-strings.js';
import type { ModuleIndex } from './module-index.js';
import { inside, parameterPlace, parameterUses, type ParameterUse, type ParameterUseKind, type ParameterUseLookup } from './parameter-flows.js';
import { operationsOf } from './sdk-operations.js';

/**
 * A resource name an SDK call takes from a parameter of a function (`(name) => sqs.send(new
 * GetQueueUrlCommand({ QueueName: name }))`). A call of the function that gives a literal there
 * names the resource in the code, as if it wrote the input.
 */
export interface ResourceParameter extends ParameterUse {
  /** The input property the SDK call reads it as (`QueueName`). */
  key: string;
  /** Where the SDK call is made (through further functions the name is passed on to, the last). */
  file: string;
  line: number;
}

/** A function whose resource parameters are asked for, and how they are remembered. */
export type ResourceParameterLookup = ParameterUseLookup<ResourceParameter>;

const RESOURCE_NAMES: ParameterUseKind<ResourceParameter> = {
  name: 'resource-parameters',
  own(index, fn, project) {
    const uses: ResourceParameter[] = [];
    const calls = new Set<Node>();
    for (const op of operationsOf(project.modules, index)) {
      if (!inside(fn, op.node)) continue;
      calls.add(op.node);
      const line = op.node.loc.start.line;
      if (op.input) {
        for (const [name, value] of op.input.properties) {
          const place = RESOURCE_NAME_KEYS.has(name) ? parameterPlace(index, fn, value) : undefined;
          if (place) uses.push({ ...place, key: name, file: index.file, line });
        }
        continue;
      }
      // The whole input is a parameter (`(params) => ddb.get(params).promise()`): its caller names the resource in it.
      const whole = op.inputNode ? parameterPlace(index, fn, op.inputNode) : undefined;
      if (whole) for (const name of RESOURCE_NAME_KEYS) uses.push({ position: whole.position, path: [...whole.path, name], key: name, file: index.file, line });
    }
    return { uses, calls };
  },
};

/**
 * The resource names the SDK calls of a function take from its parameters: its own calls', and
 * those of the functions it passes such a parameter on to (same-file and imported), up to a few
 * functions deep.
 */
export function resourceParameters(lookup: ResourceParameterLookup, index: ModuleIndex, fn: AstFunction): ResourceParameter[] {
  return parameterUses(RESOURCE_NAMES, lookup, index, fn);
}
