import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { ModelIndex, NAME_PROPERTIES, StackIndex } from '../../src/model/stack-index.js';
import type { FunctionNode, ProjectModel, ResourceKind, ResourceNode, Stack, Trigger } from '../../src/model/types.js';

/**
 * The stack index answers what a scan of the stack's lists in order answers (the scans the analysis
 * and the rules made per reach, per SDK call, per trigger), on the fixture projects' models and on
 * a stack built to have ties: ids repeated, names shared, deployed names left unresolved.
 */

const REPO = path.resolve(import.meta.dirname, '../..');
const FIXTURE_TEMPLATES = [
  'sam-orders/template.yaml', 'payments-sam/template.yaml', 'cross-layer-orders/template.yaml', 'editor-project/template.yaml',
  'cloudformation-orders/template.json', 'analytics-cloudformation/template.json', 'cdk-orders/cdk.out/OrdersStack.template.json',
  'serverless-orders/serverless.yml', 'inventory-serverless/serverless.yml',
];

function fixtureModel(): ProjectModel {
  const root = path.join(REPO, 'fixtures');
  return loadModel(root, FIXTURE_TEMPLATES.map((t) => path.join(root, t))).model;
}

const at = { file: '/p/template.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 };
const fn = (logicalId: string, extra: Partial<FunctionNode> = {}): FunctionNode =>
  ({ logicalId, at, environment: {}, failure: {}, codeKind: 'node', ignoredRules: [], ...extra });
const resource = (logicalId: string, kind: ResourceKind, properties: Record<string, unknown> = {}, name?: string): ResourceNode =>
  ({ logicalId, type: 'AWS::SQS::Queue', kind, at, properties, ignoredRules: [], ...(name ? { name } : {}) });
const trigger = (functionLogicalId: string, source?: string, kind: Trigger['kind'] = 'SQS'): Trigger =>
  ({ functionLogicalId, kind, delivery: 'queue', at, ...(source ? { source } : {}) });

/** Ties on purpose: a repeated function id, an id both a function and a resource have, names two resources declare. */
function tiedStack(templatePath: string, stackName?: string): Stack {
  return {
    templatePath, format: 'cloudformation', links: [],
    functions: [
      fn('Orders', { deployedName: 'shop-orders', name: 'Shop/Orders' }), fn('Billing', { deployedName: 'shop-${opt:stage}-billing' }),
      fn('Orders', { deployedName: 'shop-orders-2' }), fn('Shared', { deployedName: 'shop-orders' }), fn('Lonely'),
    ],
    resources: [
      resource('Jobs', 'queue', { QueueName: 'jobs' }), resource('Shared', 'topic', { TopicName: 'events' }, 'Shop/Shared'),
      resource('Table', 'table', { TableName: 'jobs', Name: 'table-name' }), resource('Jobs', 'queue', { QueueName: 'jobs-2' }),
      resource('Param', 'other', { Name: { Ref: 'X' } }),
    ],
    triggers: [trigger('Orders', 'Jobs'), trigger('Billing', 'Jobs'), trigger('Orders'), trigger('Orders', 'Shared', 'SNS'), trigger('Ghost', 'Nowhere')],
    outputs: [
      { name: 'Url', value: 'x', references: [], at, exportName: 'shop-url' },
      { name: 'Url', value: 'y', references: [], at, exportName: 'shop-url-2' },
    ],
    apiDomains: [{ host: 'api.shop.example', api: 'Api', resource: 'Domain', at }, { host: 'api.shop.example', api: 'Api2', at }],
    ...(stackName ? { stackName, serviceName: stackName.split('-')[0] } : {}),
  };
}

// The scans the index replaces, as the analysis and the rules wrote them.
const scan = {
  function: (s: Stack, id: string) => s.functions.find((f) => f.logicalId === id),
  resource: (s: Stack, id: string) => s.resources.find((r) => r.logicalId === id),
  element: (s: Stack, id: string) => [...s.functions, ...s.resources].find((e) => e.logicalId === id),
  has: (s: Stack, id: string) => new Set([...s.functions.map((f) => f.logicalId), ...s.resources.map((r) => r.logicalId)]).has(id),
  triggersOf: (s: Stack, id: string) => s.triggers.filter((t) => t.functionLogicalId === id),
  triggersFrom: (s: Stack, id: string) => s.triggers.filter((t) => t.source === id),
  functionsWithIds: (s: Stack, ids: string[]) => s.functions.filter((f) => ids.includes(f.logicalId)),
  functionDeployedAs: (s: Stack, a: string, b: string) => s.functions.find((f) => f.deployedName === a || f.deployedName === b),
  resourceNamed: (s: Stack, name: string) => s.resources.find((r) => NAME_PROPERTIES.some((key) => r.properties[key] === name)),
  kind: (s: Stack, kind: ResourceKind) => s.resources.filter((r) => r.kind === kind),
  concrete: (s: Stack) => s.functions.filter((f) => f.deployedName !== undefined && !f.deployedName.includes('${')),
};

/** Every id, name and value the stack holds, and some it does not. */
function probesOf(stack: Stack): { ids: string[]; names: string[] } {
  const ids = new Set(['Nowhere', 'constructor', '__proto__', '']);
  for (const e of [...stack.functions, ...stack.resources]) ids.add(e.logicalId);
  for (const t of stack.triggers) {
    ids.add(t.functionLogicalId);
    if (t.source) ids.add(t.source);
  }
  const names = new Set(['no-such-name', 'toString']);
  for (const f of stack.functions) if (f.deployedName) names.add(f.deployedName);
  for (const r of stack.resources) for (const key of NAME_PROPERTIES) if (typeof r.properties[key] === 'string') names.add(r.properties[key] as string);
  return { ids: [...ids], names: [...names] };
}

function expectSameAsScans(stack: Stack): void {
  const index = new StackIndex(stack);
  const { ids, names } = probesOf(stack);
  for (const id of ids) {
    expect(index.function(id), `function ${id}`).toBe(scan.function(stack, id));
    expect(index.resource(id), `resource ${id}`).toBe(scan.resource(stack, id));
    expect(index.element(id), `element ${id}`).toBe(scan.element(stack, id));
    expect(index.has(id), `has ${id}`).toBe(scan.has(stack, id));
    expect(index.nameOf(id), `nameOf ${id}`).toBe(scan.element(stack, id)?.name ?? id);
    expect(index.triggersOf(id), `triggersOf ${id}`).toEqual(scan.triggersOf(stack, id));
    expect(index.triggersFrom(id), `triggersFrom ${id}`).toEqual(scan.triggersFrom(stack, id));
  }
  for (let i = 0; i < ids.length; i++) {
    const some = [ids[i]!, ids[(i * 7 + 3) % ids.length]!];
    expect(index.functionsWithIds(some), `functionsWithIds ${some}`).toEqual(scan.functionsWithIds(stack, some));
  }
  for (const a of names) {
    expect(index.resourceNamed(a), `resourceNamed ${a}`).toBe(scan.resourceNamed(stack, a));
    for (const b of names) expect(index.functionDeployedAs(a, b), `functionDeployedAs ${a} ${b}`).toBe(scan.functionDeployedAs(stack, a, b));
  }
  for (const kind of ['queue', 'topic', 'table', 'bus', 'bucket', 'stateMachine', 'stream', 'api', 'other'] as const) {
    expect(index.resourcesOfKind(kind), kind).toEqual(scan.kind(stack, kind));
  }
  expect(index.concreteDeployedNames).toEqual(scan.concrete(stack));
  for (const output of stack.outputs ?? []) expect(index.output(output.name)).toBe(stack.outputs!.find((o) => o.name === output.name));
  for (const id of ids) expect(index.domainOf(id), `domainOf ${id}`).toBe(stack.apiDomains?.find((d) => d.resource === id));
}

describe('StackIndex', () => {
  const model = fixtureModel();

  it('reads the fixture projects (so the comparison below has something to compare)', () => {
    expect(model.stacks.map((s) => path.relative(model.root, s.templatePath)).sort()).toEqual([...FIXTURE_TEMPLATES].sort());
    expect(model.stacks.reduce((n, s) => n + s.functions.length, 0)).toBeGreaterThan(20);
    expect(model.stacks.reduce((n, s) => n + s.triggers.length, 0)).toBeGreaterThan(20);
  });

  it.each(FIXTURE_TEMPLATES)('answers as the scans do on %s', (template) => {
    expectSameAsScans(model.stacks.find((s) => s.templatePath.endsWith(template))!);
  });

  it('answers as the scans do when ids and names are tied: the first in the stack\'s order wins', () => {
    const stack = tiedStack('/p/template.yaml');
    expectSameAsScans(stack);
    const index = new StackIndex(stack);
    // Spelled out, so that a scan written wrong above cannot hide a wrong index.
    expect(index.function('Orders')).toBe(stack.functions[0]);
    expect(index.element('Shared')).toBe(stack.functions[3]);
    expect(index.nameOf('Shared')).toBe('Shared');
    expect(index.resourceNamed('jobs')).toBe(stack.resources[0]);
    expect(index.functionDeployedAs('shop-orders-2', 'shop-orders')).toBe(stack.functions[0]);
    expect(index.functionsWithIds(['Shared', 'Orders'])).toEqual([stack.functions[0], stack.functions[2], stack.functions[3]]);
    expect(index.triggersOf('Orders')).toEqual([stack.triggers[0], stack.triggers[2], stack.triggers[3]]);
    expect(index.concreteDeployedNames.map((f) => f.deployedName)).toEqual(['shop-orders', 'shop-orders-2', 'shop-orders']);
  });
});

describe('ModelIndex', () => {
  it('builds each stack\'s index once, and answers across stacks as the scans do, in the model\'s order', () => {
    const a = tiedStack('/p/a.yaml', 'shop-dev');
    const b = tiedStack('/p/b.yaml', 'shop-prod');
    const c = tiedStack('/p/c.yaml', 'shop-dev');
    const model: ProjectModel = { root: '/p', stacks: [a, b, c] };
    const index = new ModelIndex(model);
    expect(index.of(b)).toBe(index.of(b));
    expect(index.of(b).stack).toBe(b);
    expect(index.stackNamed('shop-dev')).toBe(model.stacks.find((s) => s.stackName === 'shop-dev'));
    expect(index.stackNamed('shop-dev')).toBe(a);
    expect(index.serviceNamed('shop')).toBe(a);
    expect(index.stackNamed('other')).toBeUndefined();
    expect(index.exported('shop-url-2')).toEqual({ stack: a, output: a.outputs![1] });
    expect(index.exported('missing')).toBeUndefined();
    expect(index.domainsOn('api.shop.example').map((d) => [d.stack, d.domain])).toEqual(
      model.stacks.flatMap((s) => s.apiDomains!.filter((d) => d.host === 'api.shop.example').map((d) => [s, d])),
    );
  });
});
