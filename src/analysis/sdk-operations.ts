import { getCodeFacts, sdkOperation, type SdkOperation } from '../code/code-facts.js';
import type { InvocationScope } from '../code/invocation-type.js';
import { operationForMethod } from '../code/sdk-catalog.js';
import type { ModuleIndex } from './module-index.js';
import { packageReexportsOf } from './package-reexports.js';
import { clientOf, staticSource, type ModuleLookup } from './value-resolver.js';

/**
 * The SDK calls of a module, in source order: those its code facts see (with the SDK that project
 * modules it imports only pass on: `const AWS = require('./lib/aws')`), and those on a client
 * another project module builds and exports (`import lambda from './lib/lambda'; lambda.invoke(...)`),
 * which the file alone cannot tell from any other method call. v3 commands need no such help: their
 * classes name the operation wherever the client comes from.
 */
export function operationsOf(modules: ModuleLookup, index: ModuleIndex): SdkOperation[] {
  const facts = getCodeFacts(index.program, packageReexportsOf(modules, index));
  const imported = facts.importedReceiverCalls.flatMap((call) => {
    const client = clientOf(modules, index, call.receiver, 0);
    const name = client && client.style !== 'v3-bare' ? operationForMethod(client.entry, call.method) : undefined;
    return client && name ? [sdkOperation(client.entry, name, client.style === 'v2' ? 'v2' : 'v3', call.node, call.node.arguments[0], index.decls)] : [];
  });
  return imported.length === 0 ? facts.operations : [...facts.operations, ...imported].sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** A module as an invoke's input is read in it, with the strings it imports from project modules (`INVOCATION_EVENT`). */
export function invocationScopeOf(modules: ModuleLookup, index: ModuleIndex): InvocationScope {
  return { program: index.program, decls: index.decls, imported: (value) => staticSource(modules, index, value, 0)?.literal };
}
