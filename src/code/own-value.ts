import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, unwrap, walk, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { boundNames } from './event-derived.js';
import { forEachReference } from './names.js';

const MAX_NAMES = 24;

/**
 * Whether a value is made in its file from nothing that came in: followed through local variables
 * and `for (const x of ...)`, it reads no parameter, import or unknown name, only literals and what
 * calls return when given nothing that came in (`for (const row of await parseUpload()) send(row)`).
 * Such a value cannot carry the incoming correlation ID. A global used as a namespace (`JSON`, `Date`)
 * is not a value that came in.
 */
export function madeFromNothingIncoming(value: Node, program: TSESTree.Program, decls: Declarations): boolean {
  const seen = new Set<string>();
  const pending: Node[] = [value];
  while (pending.length > 0) {
    const node = pending.pop()!;
    let clean = true;
    forEachReference(node, (id) => {
      if (!clean || seen.has(id.name) || isCallee(id, node)) return;
      seen.add(id.name);
      const origin = originOf(id.name, id, program, decls);
      if (origin === 'global') return;
      if (!origin || seen.size > MAX_NAMES) clean = false;
      else pending.push(origin);
    });
    if (!clean) return false;
  }
  return true;
}

/** The expression a name's value comes from; `global` for a name nothing in the file declares. */
function originOf(name: string, at: Node, program: TSESTree.Program, decls: Declarations): Node | 'global' | undefined {
  if (decls.imports.has(name)) return undefined;
  const init = decls.valueOf(name, at);
  if (init) return init;
  const loop = loopOver(name, program);
  if (loop) return loop;
  return declared(name, program) ? undefined : 'global';
}

/** The iterated expression of `for (const name of right)`. */
function loopOver(name: string, program: TSESTree.Program): Node | undefined {
  let right: Node | undefined;
  walk(program, (node) => {
    if (right || node.type !== 'ForOfStatement') return;
    const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0]!.id : node.left;
    if (boundNames(left).includes(name)) right = node.right;
  });
  return right;
}

/** Whether the file binds the name anywhere: a parameter, a variable without a value, a catch clause. */
function declared(name: string, program: TSESTree.Program): boolean {
  let found = false;
  walk(program, (node) => {
    if (found) return;
    if (isFunctionNode(node)) found = node.params.some((p) => boundNames(p).includes(name));
    else if (node.type === 'VariableDeclarator') found = boundNames(node.id).includes(name);
    else if (node.type === 'CatchClause' && node.param) found = boundNames(node.param).includes(name);
  });
  return found;
}

/** `parseUpload` in `parseUpload()`: what a call runs is not a value passed in (its arguments are). */
function isCallee(id: TSESTree.Identifier, root: Node): boolean {
  let callee = false;
  walk(root, (node) => {
    if (!callee && (node.type === 'CallExpression' || node.type === 'NewExpression') && unwrap(node.callee) === id) callee = true;
  });
  return callee;
}
