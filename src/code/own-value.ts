import { unwrap, walk, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { forEachReference } from './names.js';

const MAX_NAMES = 24;

/**
 * Whether a value is made in its file from nothing that came in: followed through local variables
 * and `for (const x of ...)`, it reads no parameter, import or unknown name, only literals and what
 * calls return when given nothing that came in (`for (const row of await parseUpload()) send(row)`).
 * Such a value cannot carry the incoming correlation ID. A global used as a namespace (`JSON`, `Date`)
 * is not a value that came in.
 */
export function madeFromNothingIncoming(value: Node, decls: Declarations): boolean {
  const seen = new Set<string>();
  const pending: Node[] = [value];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const callees = calleesIn(node);
    let clean = true;
    forEachReference(node, (id) => {
      if (!clean || seen.has(id.name) || callees.has(id)) return;
      seen.add(id.name);
      const origin = originOf(id.name, id, decls);
      if (origin === 'global') return;
      if (!origin || seen.size > MAX_NAMES) clean = false;
      else pending.push(origin);
    });
    if (!clean) return false;
  }
  return true;
}

/** The expression a name's value comes from; `global` for a name nothing in the file declares. */
function originOf(name: string, at: Node, decls: Declarations): Node | 'global' | undefined {
  if (decls.imports.has(name)) return undefined;
  const init = decls.valueOf(name, at);
  if (init) return init;
  // The iterated expression of `for (const name of right)`.
  const loop = decls.tree.forOfBinding(name);
  if (loop) return loop.right;
  return decls.tree.binds(name) ? undefined : 'global';
}

/** `parseUpload` in `parseUpload()`: what a call runs is not a value passed in (its arguments are). */
function calleesIn(root: Node): Set<Node> {
  const callees = new Set<Node>();
  walk(root, (node) => {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') callees.add(unwrap(node.callee));
  });
  return callees;
}
