import type { AstFunction } from '../code/ast.js';
import type { FunctionNode, Stack } from '../model/types.js';
import type { ChainStep } from './call-chain.js';
import type { ModuleIndex } from './module-index.js';
import { resolveExport, resolveRef, type CodeProject, type FunctionAt } from './function-resolver.js';
import { argumentsGiven, type CallSite } from './call-sites.js';
import { bindCall, bindingKey } from './parameter-bindings.js';
import type { PassedValues } from './passed-values.js';

/** A deployed function whose invocations reach some code, and the call path that gets there. */
export interface Reach {
  fn: FunctionNode;
  stack: Stack;
  /** From the handler (first) to the function holding the code (last). */
  chain: ChainStep[];
  /** What the calls on this path passed the code's SDK calls through parameters: a resource name, an invocation type; and what every call the walk followed gives a PutEvents' source and detail type. */
  passed?: PassedValues;
}

/** A function (or a module's top level) some deployed function runs, and how many calls from its handler. */
export interface ReachedCode {
  file: string;
  /** The function's start offset, or `module` for the module's top level. */
  at: number | 'module';
  depth: number;
}

/** How many calls deep from a handler the walk still follows calls. */
const MAX_DEPTH = 24;

/**
 * Walks what a deployed function's invocations run, from its handler module (`handler`): the
 * handler, the functions it calls and defines, and the top level of every module entered, nearest
 * first. Adds the function's reach to `reaches` (by `codeKey`) at each code reached, and returns
 * that code. Once the walk is done, `passedTo` reads what the calls on the way gave each code's SDK
 * calls: with every call the walk followed (`calls`), not only the first one to reach a function.
 */
export function reachFrom(
  fn: FunctionNode, stack: Stack, handler: ModuleIndex, project: CodeProject, reaches: Map<string, Reach[]>,
  passedTo: (target: FunctionAt, calls: ReadonlyMap<string, readonly CallSite[]>) => PassedValues | undefined,
): ReachedCode[] {
  const visited = new Set<string>();
  const queue: { target: FunctionAt; chain: ChainStep[] }[] = [];
  const enqueue = (target: FunctionAt, chain: ChainStep[]) => {
    const k = codeKey(target.index.file, target.fn);
    if (visited.has(k)) return;
    visited.add(k);
    queue.push({ target, chain: [...chain, step(target)] });
  };
  enqueue({ index: handler, fn: 'module' }, []);
  for (const target of resolveExport(project, handler, fn.handler!.exportName, [])) enqueue(target, []);
  const reached: ReachedCode[] = [];
  const calls = new Map<string, CallSite[]>();
  const visits: { reach: Reach; target: FunctionAt }[] = [];
  while (queue.length > 0) {
    const { target, chain } = queue.shift()!;
    const k = codeKey(target.index.file, target.fn);
    const list = reaches.get(k) ?? [];
    const reach: Reach = { fn, stack, chain };
    list.push(reach);
    visits.push({ reach, target });
    reaches.set(k, list);
    reached.push({ file: target.index.file, at: target.fn === 'module' ? 'module' : target.fn.range[0], depth: chain.length - 1 });
    if (chain.length > MAX_DEPTH) continue;
    // A closure sees what its parent's parameters were given.
    for (const nested of target.index.nestedIn(target.fn)) enqueue({ index: target.index, fn: nested, bindings: target.bindings }, chain);
    for (const ref of target.index.callsOf(target.fn)) {
      for (const callee of resolveRef(project, target.index, ref, target.bindings)) {
        if (callee.fn !== 'module') addCall(calls, bindingKey(callee.index, callee.fn), { index: target.index, args: argumentsGiven(ref.path, ref.args) });
        // Entering a module runs its top level first.
        if (callee.index.file !== target.index.file) enqueue({ index: callee.index, fn: 'module' }, chain);
        // The callee's parameters are what this call passes.
        const bindings = ref.args && callee.fn !== 'module'
          ? bindCall(callee.index, callee.fn, ref.args, target.index, target.bindings, callee.bindings) : callee.bindings;
        enqueue({ ...callee, bindings }, chain);
      }
    }
    if (target.fn === 'module') {
      for (const specifier of target.index.importSpecifiers) {
        const imported = project.modules(target.index.file, specifier);
        if (imported) enqueue({ index: imported, fn: 'module' }, chain);
      }
    }
  }
  for (const { reach, target } of visits) {
    const passed = passedTo(target, calls);
    if (passed) reach.passed = passed;
  }
  return reached;
}

function addCall(calls: Map<string, CallSite[]>, key: string, site: CallSite): void {
  const list = calls.get(key);
  if (list) list.push(site);
  else calls.set(key, [site]);
}

/** The key of some code in `reaches`: its file and its function's start offset (or `module`). */
export function codeKey(file: string, fn: AstFunction | number | 'module'): string {
  return `${file}#${typeof fn === 'object' ? fn.range[0] : fn}`;
}

/** A `codeKey` back into its file and its start offset (or `module`), as text. */
export function splitCodeKey(k: string): [string, string] {
  const at = k.lastIndexOf('#');
  return [k.slice(0, at), k.slice(at + 1)];
}

function step(target: FunctionAt): ChainStep {
  const fn = target.fn;
  return { name: target.index.nameOf(fn), file: target.index.file, line: fn === 'module' ? 1 : fn.loc.start.line };
}
