import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { ModuleIndex } from '../../src/analysis/module-index.js';
import { isFunctionNode, walk, type AstFunction, type Node } from '../../src/code/ast.js';
import { getCodeFacts } from '../../src/code/code-facts.js';
import { SpanIndex, type Span } from '../../src/code/spans.js';
import { TreeIndex } from '../../src/code/tree-index.js';

/**
 * The indexes answer what linear scans of every function (and walks of the whole tree) answered
 * before them: the scans are kept here as the reference, and run over code that nests, shadows and
 * hoists.
 */
const TRICKY = `
import { SQSClient } from '@aws-sdk/client-sqs';
const client = new SQSClient({});
let counter = 0;
counter = 1;
function outer(client, limit = DEFAULT) {
  const inner = () => client;
  function hoisted() { return limit; }
  const local = hoisted();
  {
    const local = 'block';
    use(local);
  }
  return inner() ?? local;
}
const DEFAULT = 10;
class Service {
  client = new SQSClient({ region: 'x' });
  handle = async (event) => {
    const client = makeClient(event);
    const send = (msg) => client.send(msg);
    this.last = event;
    return send(event) && this.client;
  };
  method(x = (() => counter)()) { return x + counter; }
}
export const handler = async (event) => {
  const client = event.client;
  for (const record of event.Records) use(record, client);
  const { body, ...rest } = event;
  const later = () => { const body = 'inner'; return body + rest; };
  payload.detail = body;
  return (function named(event) { payload.detail = event; return client ?? event ?? later(); })(body);
};
const arrow = (a) => (b = a) => (c) => a + b + c + counter;
export default function (client = new SQSClient({})) { try { return client; } catch (err) { return err; } }
`;

const program = parse(TRICKY, { range: true, loc: true }) as TSESTree.Program;

function allNodes(): { node: Node; ancestors: Node[] }[] {
  const found: { node: Node; ancestors: Node[] }[] = [];
  walk(program, (node, ancestors) => found.push({ node, ancestors: [...ancestors] }));
  return found;
}

/** The scan the index replaces: of the items whose span contains the range (the range itself excluded), the one that starts last. */
function scanInnermost<T>(items: readonly T[], spanOf: (item: T) => Span, range: Span): T | undefined {
  let best: T | undefined;
  let bestStart = -1;
  for (const item of items) {
    const [start, end] = spanOf(item);
    if (start <= range[0] && range[1] <= end && !(start === range[0] && end === range[1]) && start >= bestStart) {
      best = item;
      bestStart = start;
    }
  }
  return best;
}

const functions = allNodes().map(({ node }) => node).filter(isFunctionNode);
const classes = allNodes().map(({ node }) => node).filter((n): n is TSESTree.ClassDeclaration => n.type === 'ClassDeclaration');
/** The identifier `name` written between `before` and `after` (`at('return x + ', 'counter')`); the text must be unique. */
const at = (before: string, name: string, after = ''): TSESTree.Identifier => {
  const offset = TRICKY.indexOf(before + name + after) + before.length;
  if (TRICKY.indexOf(before + name + after, offset) !== -1) throw new Error(`${before}${name}${after} is not unique`);
  const found = allNodes().map(({ node }) => node)
    .find((n): n is TSESTree.Identifier => n.type === 'Identifier' && n.name === name && n.range[0] === offset);
  if (!found) throw new Error(`no ${name} after ${before}`);
  return found;
};
const text = (node: Node | undefined) => (node ? TRICKY.slice(node.range[0], node.range[1]) : undefined);

describe('SpanIndex', () => {
  it('finds the innermost function and class around every node as the linear scan did', () => {
    const fnIndex = new SpanIndex(functions, (fn) => fn.range);
    const classIndex = new SpanIndex(classes, (cls) => cls.range);
    expect(functions.length).toBeGreaterThan(12);
    for (const { node } of allNodes()) {
      expect(fnIndex.innermost(node.range)).toBe(scanInnermost(functions, (fn) => fn.range, node.range));
      expect(classIndex.innermost(node.range)).toBe(scanInnermost(classes, (cls) => cls.range, node.range));
    }
  });

  it('lists the spans around a range innermost first, and those within it by start', () => {
    const fnIndex = new SpanIndex(functions, (fn) => fn.range);
    for (const { node } of allNodes()) {
      const around = functions.filter((fn) => fn.range[0] <= node.range[0] && node.range[1] <= fn.range[1]).sort((a, b) => b.range[0] - a.range[0]);
      expect(fnIndex.around(node.range)).toEqual(around);
      const within = functions.filter((fn) => node.range[0] <= fn.range[0] && fn.range[1] <= node.range[1]).sort((a, b) => a.range[0] - b.range[0]);
      expect(fnIndex.within(node.range)).toEqual(within);
      expect(fnIndex.anyWithin(node.range)).toBe(within.length > 0);
    }
  });

  it('of equal spans, takes the later one as the scan did, and skips spans that end before the range', () => {
    const items = [{ id: 'a', span: [0, 10] as Span }, { id: 'b', span: [0, 10] as Span }, { id: 'c', span: [2, 4] as Span }, { id: 'd', span: [5, 9] as Span }];
    const index = new SpanIndex(items, (item) => item.span);
    for (const range of [[6, 7], [2, 4], [3, 3], [4, 5], [0, 10], [11, 12]] as Span[]) {
      expect(index.innermost(range)?.id, String(range)).toBe(scanInnermost(items, (item) => item.span, range)?.id);
    }
    expect(index.innermost([4, 5])?.id).toBe('b');
    expect(index.innermost([0, 10], false)?.id).toBe('b');
    expect(index.innermost([11, 12])).toBeUndefined();
  });
});

describe('TreeIndex', () => {
  const tree = new TreeIndex(program);

  it('gives every node the function its nearest function ancestor is', () => {
    for (const { node, ancestors } of allNodes()) {
      expect(tree.enclosingFunction(node)).toBe(ancestors.findLast(isFunctionNode));
    }
  });

  it('finds the calls given a name, for...of bindings, bound names and member writes as whole-tree walks did', () => {
    const nodes = allNodes();
    const names = [...new Set(nodes.flatMap(({ node }) => (node.type === 'Identifier' ? [node.name] : [])))];
    for (const name of names) {
      const calls = nodes.map(({ node }) => node).filter((n) => (n.type === 'CallExpression' || n.type === 'NewExpression') &&
        n.arguments.some((a) => a.type === 'Identifier' && a.name === name));
      expect(tree.callsGiven(name), name).toEqual(calls);
    }
    expect(text(tree.forOfBinding('record')?.right)).toBe('event.Records');
    expect(tree.forOfBinding('event')).toBeUndefined();
    for (const name of ['client', 'limit', 'rest', 'body', 'err', 'record', 'a', 'b', 'c', 'msg']) expect(tree.binds(name), name).toBe(true);
    for (const name of ['use', 'payload', 'makeClient', 'SQSClient']) expect(tree.binds(name), name).toBe(false);
    const handler = functions.find((fn) => fn.loc.start.line === 27)!;
    const handle = functions.find((fn) => fn.loc.start.line === 19)!;
    const named = functions.find((fn) => fn.type === 'FunctionExpression' && fn.id?.name === 'named')!;
    expect(tree.memberWrites(handler, 'payload', 'detail').map(text)).toEqual(['payload.detail = body']);
    expect(tree.memberWrites(named, 'payload', 'detail').map(text)).toEqual(['payload.detail = event']);
    expect(tree.memberWrites(named, 'payload', 'other')).toEqual([]);
    // `this.last = event` is a member of the class, not a name's property.
    expect(tree.memberWrites(handle, 'this', 'last')).toEqual([]);
    expect(tree.memberWrites(undefined, 'payload', 'detail')).toEqual([]);
  });
});

describe('declarations and module index by scope', () => {
  const decls = getCodeFacts(program).declarations;
  const index = new ModuleIndex('tricky.ts', program);
  const enclosing = (node: Node) => {
    const fn = index.enclosingFunction(node);
    return fn === 'module' ? 'module' : `${index.nameOf(fn)}@${fn.loc.start.line}`;
  };
  const param = (node: TSESTree.Identifier) => {
    const ref = index.nameRef(node.name, node);
    return ref?.kind === 'param' ? `${ref.param.name}@${(ref.param.fn as AstFunction).loc.start.line}:${ref.param.fn.loc.start.column}` : ref?.kind;
  };

  it('reads a name as the innermost declaration around its use', () => {
    // Module-level reassignment: the last value given.
    expect(text(decls.valueOf('counter', at('return x + ', 'counter')))).toBe('1');
    // A default parameter reads the module constant declared after the function (hoisting is not ordering here).
    expect(text(decls.valueOf('DEFAULT', at('limit = ', 'DEFAULT')))).toBe('10');
    // A block inside the same function is the function's scope: the later `local` wins, as before.
    expect(text(decls.valueOf('local', at('inner() ?? ', 'local')))).toBe("'block'");
    // An arrow in a class field: its own `client`, not the module's or the field's.
    expect(text(decls.valueOf('client', at('(msg) => ', 'client')))).toBe('makeClient(event)');
    // The handler's `client` shadows the module's, in a nested function expression too.
    expect(text(decls.valueOf('client', at('return ', 'client', ' ?? event')))).toBe('event.client');
    // A nested function's own `body` shadows the handler's destructured one.
    expect(text(decls.valueOf('body', at('return ', 'body', ' + rest')))).toBe("'inner'");
    // A parameter hides the module's value: nothing to read.
    expect(decls.valueOf('client', at('inner = () => ', 'client'))).toBeUndefined();
    expect(decls.valueOf('client', at('try { return ', 'client'))).toBeUndefined();
    // Outside every function that declares it, the module's.
    expect(text(decls.valueOf('client', at('const ', 'client', ' = new')))).toBe('new SQSClient({})');
  });

  it('finds the function around a node and the parameter a name is', () => {
    expect(enclosing(at('inner = () => ', 'client'))).toBe('inner@7');
    expect(enclosing(at('hoisted() { return ', 'limit'))).toBe('hoisted@8');
    expect(enclosing(at('client.send(', 'msg'))).toBe('send@21');
    expect(enclosing(at('makeClient(', 'event'))).toBe('handle@19');
    expect(enclosing(at('(() => ', 'counter'))).toBe('anonymous@25');
    expect(enclosing(at('})(', 'body'))).toBe('handler@27');
    expect(enclosing(at('  ', 'client', ' = new SQSClient({ region'))).toBe('module');
    // The parameter of the innermost function that has one by that name.
    expect(param(at('inner = () => ', 'client'))).toBe('client@6:0');
    expect(param(at('hoisted() { return ', 'limit'))).toBe('limit@6:0');
    expect(param(at('client ?? ', 'event'))).toBe('event@33:10');
    expect(param(at('of ', 'event'))).toBe('event@27:23');
    // A default parameter's value reads the outer parameter; the innermost arrows their own.
    expect(param(at('(b = ', 'a'))).toBe('a@35:14');
    expect(param(at('a + ', 'b'))).toBe('b@35:21');
    expect(param(at('b + ', 'c'))).toBe('c@35:32');
    expect(index.classAround(at('(msg) => ', 'client'))?.id?.name).toBe('Service');
    expect(index.classAround(at('  const ', 'client', ' = event'))).toBeUndefined();
  });
});
