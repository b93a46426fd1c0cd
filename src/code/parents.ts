import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, parentMap, type AstFunction, type Node } from './ast.js';

/**
 * Each node's parent, computed once per file. `src/code` works on any typescript-estree AST,
 * where `node.parent` is only set when ESLint has set it, so we keep our own map.
 */
const cache = new WeakMap<TSESTree.Program, Map<Node, Node>>();

export function getParents(program: TSESTree.Program): Map<Node, Node> {
  let parents = cache.get(program);
  if (!parents) {
    parents = parentMap(program);
    cache.set(program, parents);
  }
  return parents;
}

/** The node's ancestors, innermost first. */
export function ancestorsOf(node: Node, parents: Map<Node, Node>): Node[] {
  const result: Node[] = [];
  for (let current = parents.get(node); current; current = parents.get(current)) result.push(current);
  return result;
}

/** The functions enclosing a node, innermost first. */
export function enclosingFunctions(node: Node, parents: Map<Node, Node>): AstFunction[] {
  return ancestorsOf(node, parents).filter(isFunctionNode);
}
