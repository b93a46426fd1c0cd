import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type AstFunction, type Node } from './ast.js';
import { boundNames } from './event-derived.js';
import { SpanIndex } from './spans.js';

export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/**
 * What questions about one tree need from all of it, gathered in one walk: the functions by span,
 * calls by the names they are given, `for...of` loops by the names they bind, and `x.key = value`
 * writes by the function they run in. Questions asked per node (per operation, per message) then
 * cost a lookup, not another walk of the whole file: a handler of thousands of functions stays linear.
 */
export class TreeIndex {
  /** Every function of the tree, by span: the innermost around a node is a binary search away. */
  readonly functions: SpanIndex<AstFunction>;
  private readonly callsByArgument = new Map<string, CallLike[]>();
  private readonly forOfByName = new Map<string, TSESTree.ForOfStatement>();
  private readonly bound = new Set<string>();
  /** By the function they run in, then by `name.key`. */
  private readonly memberWritesByFunction = new Map<AstFunction | undefined, Map<string, TSESTree.AssignmentExpression[]>>();

  constructor(program: TSESTree.Program) {
    const functions: AstFunction[] = [];
    walk(program, (node, ancestors) => {
      if (isFunctionNode(node)) {
        functions.push(node);
        for (const param of node.params) for (const name of boundNames(param)) this.bound.add(name);
        return;
      }
      switch (node.type) {
        case 'CallExpression':
        case 'NewExpression':
          for (const name of new Set(node.arguments.map(argumentName))) if (name !== undefined) push(this.callsByArgument, name, node);
          return;
        case 'ForOfStatement': {
          const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0]!.id : node.left;
          for (const name of boundNames(left)) if (!this.forOfByName.has(name)) this.forOfByName.set(name, node);
          return;
        }
        case 'VariableDeclarator':
          for (const name of boundNames(node.id)) this.bound.add(name);
          return;
        case 'CatchClause':
          if (node.param) for (const name of boundNames(node.param)) this.bound.add(name);
          return;
        case 'AssignmentExpression':
          if (node.operator === '=' && node.left.type === 'MemberExpression') {
            const object = unwrap(node.left.object);
            const key = propertyName(node.left.property, node.left.computed);
            if (object.type !== 'Identifier' || key === undefined) return;
            const fn = ancestors.findLast(isFunctionNode);
            const byName = this.memberWritesByFunction.get(fn) ?? new Map<string, TSESTree.AssignmentExpression[]>();
            this.memberWritesByFunction.set(fn, byName);
            push(byName, `${object.name}.${key}`, node);
          }
          return;
        default:
          return;
      }
    });
    this.functions = new SpanIndex(functions, (fn) => fn.range);
  }

  /** The innermost function around a node (the node itself excluded), undefined for top-level code. */
  enclosingFunction(node: Node): AstFunction | undefined {
    return this.functions.innermost(node.range);
  }

  /** Calls and constructions, in source order, one of whose arguments is the name itself (`f(x)`, `new C(a, x)`). */
  callsGiven(name: string): readonly CallLike[] {
    return this.callsByArgument.get(name) ?? [];
  }

  /** The first `for (const name of right)` (or a pattern binding the name) of the tree. */
  forOfBinding(name: string): TSESTree.ForOfStatement | undefined {
    return this.forOfByName.get(name);
  }

  /** Whether the tree binds the name anywhere: a parameter, a variable (with a value or not), a catch clause. */
  binds(name: string): boolean {
    return this.bound.has(name);
  }

  /** `name.key = value` written in a function's own code (not in functions nested in it; `fn` undefined: top-level code), in source order. */
  memberWrites(fn: AstFunction | undefined, name: string, key: string): readonly TSESTree.AssignmentExpression[] {
    return this.memberWritesByFunction.get(fn)?.get(`${name}.${key}`) ?? [];
  }
}

function argumentName(arg: TSESTree.CallExpressionArgument): string | undefined {
  const value = unwrap(arg);
  return value.type === 'Identifier' ? value.name : undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
