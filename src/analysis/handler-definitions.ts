import { propertyName, unwrap } from '../code/ast.js';
import type { ModuleIndex } from './module-index.js';
import type { ModuleLookup } from './value-resolver.js';

/** The module that defines a handler, and the name it exports the handler under there. */
export interface HandlerDefinition {
  file: string;
  exportName: string;
}

/** Re-export hops followed before giving up: cycles end here. */
const MAX_HOPS = 16;

/**
 * Where the handler a module exports under `name` is written, through re-exports: `export {
 * default as handler } from './impl'`, `export * from './impl'`, `import { run } from './impl';
 * export { run as handler }`, `module.exports = require('./impl')`, `exports.handler =
 * require('./impl').handler`. The module itself when it defines the handler (or nothing shows
 * where it comes from): that module, not the one the template names, is where the handler's
 * code is, so the code rules that judge "the handler" must judge it there.
 */
export function handlerDefinition(modules: ModuleLookup, index: ModuleIndex, name: string): HandlerDefinition {
  return definedAt(modules, index, name, 0) ?? { file: index.file, exportName: name };
}

/** Undefined when the module exports no such name (so a star export looks further). */
function definedAt(modules: ModuleLookup, index: ModuleIndex, name: string, hops: number): HandlerDefinition | undefined {
  if (hops > MAX_HOPS) return undefined;
  const here = { file: index.file, exportName: name };
  const follow = (source: string, imported: string) => {
    const target = modules(index.file, source);
    // A namespace (`export * as handler`) is no function; a module not found leaves the handler here.
    return target && imported !== '*' ? definedAt(modules, target, imported, hops + 1) ?? here : here;
  };
  const entry = index.exports.get(name);
  if (entry?.kind === 'reexport') return follow(entry.source, entry.name);
  if (entry?.kind === 'value') {
    const value = unwrap(entry.value);
    if (value.type === 'Identifier') {
      const binding = index.decls.imports.get(value.name);
      return binding ? follow(binding.source, binding.imported) : here;
    }
    if (value.type === 'MemberExpression' && value.object.type === 'Identifier') {
      // `export const handler = impl.handler`, `impl` a whole imported module.
      const binding = index.decls.imports.get(value.object.name);
      const member = propertyName(value.property, value.computed);
      return binding?.imported === '*' && member ? follow(binding.source, member) : here;
    }
    return here;
  }
  if (name === 'default') return undefined;
  for (const star of index.starExports) {
    const target = modules(index.file, star);
    const found = target ? definedAt(modules, target, name, hops + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}
