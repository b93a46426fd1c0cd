import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { describe, expect, it } from 'vitest';
import { nodesOfType, parentMap, walk, type Node } from '../../src/code/ast.js';

/**
 * `walk` loops over a flattened copy of each Program it has seen; these tests hold it to what a
 * plain recursive walk by visitor keys gives: the same nodes in the same order with the same
 * ancestors, from the Program and from any node inside it, on the first walk and on later ones.
 */

const SOURCE = `
import { SQSClient } from '@aws-sdk/client-sqs';
const client = new SQSClient({});
export const handler = async (event: { Records: { body: string }[] }) => {
  for (const record of event.Records) {
    try {
      const message = \`got \${record.body} at \${Date.now()}\`;
      await client.send(message as never);
    } catch (err) {
      console.error(err);
    }
  }
  return [1, 2, 3].map((n) => n * 2).filter(Boolean);
};
@decorated
class Worker<T> { run(@param x: T = 1 as T): void { promise.catch(() => undefined); } }
`;

interface Visit {
  node: Node;
  ancestors: Node[];
}

function referenceWalk(root: Node): Visit[] {
  const visits: Visit[] = [];
  const visit = (node: Node, ancestors: Node[]): void => {
    visits.push({ node, ancestors });
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (typeof item === 'object' && item !== null && typeof (item as { type?: unknown }).type === 'string') visit(item as Node, [...ancestors, node]);
      }
    }
  };
  visit(root, []);
  return visits;
}

function walked(root: Node): Visit[] {
  const visits: Visit[] = [];
  walk(root, (node, ancestors) => visits.push({ node, ancestors: [...ancestors] }));
  return visits;
}

const program = (): TSESTree.Program => parse(SOURCE, { range: true, loc: true });

describe('walk', () => {
  it('visits what a recursive walk visits, with the same ancestors, from the Program and from every node in it', () => {
    const tree = program();
    const expected = referenceWalk(tree);
    expect(expected.length).toBeGreaterThan(100);
    expect(walked(tree)).toEqual(expected);
    // The second walk of the Program and the walks of its nodes use the flattened tree.
    expect(walked(tree)).toEqual(expected);
    for (const { node } of expected) expect(walked(node)).toEqual(referenceWalk(node));
  });

  it('walks a node before its Program has been walked as it does after', () => {
    const tree = program();
    const fn = referenceWalk(tree).find(({ node }) => node.type === 'ArrowFunctionExpression')!.node;
    const before = walked(fn);
    walk(tree, () => undefined);
    expect(walked(fn)).toEqual(before);
    expect(before).toEqual(referenceWalk(fn));
  });
});

describe('nodesOfType', () => {
  it('lists the nodes of the types asked for, in walk order', () => {
    const tree = program();
    const all = referenceWalk(tree).map(({ node }) => node);
    expect(nodesOfType(tree, 'CallExpression')).toEqual(all.filter((node) => node.type === 'CallExpression'));
    const mixed = nodesOfType(tree, 'CatchClause', 'CallExpression', 'Decorator');
    expect(mixed.map((node) => node.type)).toContain('Decorator');
    expect(mixed).toEqual(all.filter((node) => node.type === 'CatchClause' || node.type === 'CallExpression' || node.type === 'Decorator'));
    expect(nodesOfType(tree, 'WhileStatement')).toEqual([]);
  });
});

describe('parentMap', () => {
  it('gives every node but the Program the last of its ancestors', () => {
    const tree = program();
    const expected = new Map(referenceWalk(tree).filter(({ ancestors }) => ancestors.length > 0).map(({ node, ancestors }) => [node, ancestors.at(-1)]));
    expect(parentMap(tree)).toEqual(expected);
  });
});
