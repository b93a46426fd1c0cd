import { invocationTypeOf } from '../code/invocation-type.js';
import { namesBus, sentEventOf } from '../code/sent-event.js';
import { batchFactsOf } from './batch-responses.js';
import type { ModuleIndex } from './module-index.js';
import { copyLoc, type ModuleSummary, type OperationSummary } from './module-summary.js';
import { packageReexportsOf } from './package-reexports.js';
import { invocationScopeOf, operationsOf } from './sdk-operations.js';
import { paramPlaceOf } from './passed-values.js';
import { targetProperty, targetSource } from './targets.js';
import type { ModuleLookup } from './value-resolver.js';

/** The module's functions and SDK operations as plain data, with what its calls target and send. */
export function summarizeModule(modules: ModuleLookup, index: ModuleIndex): ModuleSummary {
  const batch = batchFactsOf(index.program);
  const functions = index.functions.map((fn) => ({
    start: fn.range[0], end: fn.range[1], line: fn.loc.start.line, name: index.nameOf(fn), ...batch.get(fn.range[0]),
  }));
  const scope = invocationScopeOf(modules, index);
  const operations = operationsOf(modules, index).map((op): OperationSummary => {
    const owner = index.enclosingFunction(op.node);
    const source = targetSource(modules, index, op);
    const invocationType = invocationTypeOf(op, scope);
    // What the file cannot tell may come in through a parameter: the walk reads it at each call it follows.
    const property = targetProperty(op);
    const target = !source && property ? paramPlaceOf(index, op, property) : undefined;
    const passedType = invocationType === undefined && op.entry.service === 'Lambda' && op.operation === 'Invoke' ? paramPlaceOf(index, op, 'InvocationType') : undefined;
    const passed = target || passedType ? { ...(target ? { target } : {}), ...(passedType ? { invocationType: passedType } : {}) } : undefined;
    return {
      service: op.entry.service, operation: op.operation, kind: op.kind,
      range: [op.node.range[0], op.node.range[1]], loc: copyLoc(op.node.loc), owner: owner === 'module' ? 'module' : owner.range[0],
      ...(source ? { source } : {}), ...(invocationType !== undefined ? { invocationType } : {}),
      sent: sentEventOf(op, index.decls), namesBus: namesBus(op), ...(passed ? { passed } : {}),
    };
  });
  return { file: index.file, functions, operations, packageReexports: packageReexportsOf(modules, index) };
}
