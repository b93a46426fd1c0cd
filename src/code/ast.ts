import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export type Node = TSESTree.Node;

/**
 * A tree in pre-order, flattened once: the analyses walk each file some twenty times, and reading
 * the children of nodes of every shape by key is what made those walks cost; a loop over an array
 * does not. `depths[i]` is node i's depth: its subtree is the run of deeper nodes after it.
 */
interface Flat {
  readonly nodes: readonly Node[];
  readonly depths: readonly number[];
  /** Each node type's positions in `nodes`, ascending; filled on the first `nodesOfType`. */
  byType?: Map<string, number[]>;
}

/** Where a node starts in a flattened tree. */
interface FlatEntry {
  readonly flat: Flat;
  readonly index: number;
}

/**
 * By walk root: each Program walked, and inside it every subtree of at least SLICE_MIN nodes (the
 * functions, bodies and expressions the analyses walk again), so that their walks reuse the
 * program's array. Smaller subtrees are walked directly: an entry for each would cost the garbage
 * collector more than it saves. Keyed by the tree's own nodes: an entry dies with its tree.
 */
const flatEntries = new WeakMap<Node, FlatEntry>();
const SLICE_MIN = 32;

/**
 * Visits every node once, parents before children, children in visitor-key order; `ancestors` is
 * the chain from the walk's root to the node's parent (empty for the root). Works on any ESTree
 * from typescript-estree, with or without ESLint.
 */
export function walk(root: Node, enter: (node: Node, ancestors: readonly Node[]) => void): void {
  const entry = flatEntries.get(root) ?? (root.type === 'Program' ? flatten(root) : undefined);
  if (!entry) {
    walkRecursively(root, enter);
    return;
  }
  const { flat: { nodes, depths }, index } = entry;
  const ancestors: Node[] = [];
  const base = depths[index]!;
  for (let i = index; i < nodes.length; i++) {
    const depth = depths[i]! - base;
    if (depth <= 0 && i > index) break;
    while (ancestors.length > depth) ancestors.pop();
    const node = nodes[i]!;
    enter(node, ancestors);
    ancestors.push(node);
  }
}

type NodeType = `${Node['type']}`;
type NodeOfType<T extends NodeType> = Extract<Node, { type: T }>;

/** Each node of the program but the Program itself with its parent, in walk order: `walk` without a callback per node that needs only the parent. */
export function parentMap(program: TSESTree.Program): Map<Node, Node> {
  const { flat: { nodes, depths } } = flatEntries.get(program) ?? flatten(program);
  const parents = new Map<Node, Node>();
  // The open chain of ancestors: the parent of a node at depth d is the last node seen at depth d - 1.
  const chain: Node[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const depth = depths[i]!;
    if (depth > 0) parents.set(node, chain[depth - 1]!);
    chain[depth] = node;
  }
  return parents;
}

/**
 * The program's nodes of the given types, in the order `walk(program)` visits them: for the
 * questions that look at one or two kinds of node, without a callback for every node of the file.
 */
export function nodesOfType<T extends NodeType>(program: TSESTree.Program, ...types: T[]): NodeOfType<T>[] {
  const { flat } = flatEntries.get(program) ?? flatten(program);
  const byType = flat.byType ?? indexTypes(flat);
  const lists = types.map((type) => byType.get(type) ?? []);
  const positions = lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => a - b);
  return positions.map((i) => flat.nodes[i] as NodeOfType<T>);
}

function indexTypes(flat: Flat): Map<string, number[]> {
  const byType = new Map<string, number[]>();
  const { nodes } = flat;
  for (let i = 0; i < nodes.length; i++) {
    const type = nodes[i]!.type;
    const list = byType.get(type);
    if (list) list.push(i);
    else byType.set(type, [i]);
  }
  flat.byType = byType;
  return byType;
}

function flatten(program: TSESTree.Program): FlatEntry {
  const nodes: Node[] = [];
  const depths: number[] = [];
  const slices: number[] = [];
  const visit = (node: Node, depth: number): void => {
    const at = nodes.length;
    nodes.push(node);
    depths.push(depth);
    const keys = visitorKeys[node.type] ?? [];
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) visit(item, depth + 1);
      } else if (isNode(child)) visit(child, depth + 1);
    }
    if (at > 0 && nodes.length - at >= SLICE_MIN) slices.push(at);
  };
  visit(program, 0);
  const flat: Flat = { nodes, depths };
  const entry: FlatEntry = { flat, index: 0 };
  flatEntries.set(program, entry);
  for (const index of slices) flatEntries.set(nodes[index]!, { flat, index });
  return entry;
}

function walkRecursively(root: Node, enter: (node: Node, ancestors: readonly Node[]) => void): void {
  const ancestors: Node[] = [];
  const visit = (node: Node): void => {
    enter(node, ancestors);
    const keys = visitorKeys[node.type] ?? [];
    ancestors.push(node);
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) visit(item);
      } else if (isNode(child)) visit(child);
    }
    ancestors.pop();
  };
  visit(root);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Strips TypeScript-only wrappers (`x as T`, `x!`, `x satisfies T`) and parentheses' stand-ins. */
export function unwrap(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' || current.type === 'TSNonNullExpression' ||
    current.type === 'TSSatisfiesExpression' || current.type === 'TSTypeAssertion' || current.type === 'ChainExpression'
  ) {
    current = current.expression;
  }
  return current;
}

/** The name of a non-computed property key or member property (`a.b`, `{ b: 1 }`, `{ 'b': 1 }`). */
export function propertyName(node: Node, computed: boolean): string | undefined {
  if (node.type === 'Identifier' && !computed) return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** A function written in the code: a declaration, an expression or an arrow. */
export type AstFunction = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/**
 * The innermost function of a walk's `ancestors`, undefined outside any. Callbacks ask it only for
 * the kinds of node that need it: asked for every node, it was a good part of a walk's cost.
 */
export function innermostFunction(ancestors: readonly Node[]): AstFunction | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (isFunctionNode(node)) return node;
  }
  return undefined;
}

export function isFunctionNode(node: Node): node is AstFunction {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The name a parameter binds when it is a plain name (`x` or `x = default`); undefined for patterns. */
export function parameterName(param: TSESTree.Parameter): string | undefined {
  if (param.type === 'Identifier') return param.name;
  if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') return param.left.name;
  return undefined;
}
