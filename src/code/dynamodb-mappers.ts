import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, walk, type Node } from './ast.js';
import type { SdkOperation } from './code-facts.js';
import type { Declarations } from './declarations.js';
import { modulePath } from './module-paths.js';
import { catalogIndex, type ServiceEntry } from './sdk-catalog.js';

/**
 * DynamoDB operations made through a document mapper (dynamoose, ElectroDB, DynamoDB Toolbox). The
 * library writes the request, so what the rules read off SDK parameters is read here off the
 * library's methods and options: whether the library or the caller adds a condition, and whether
 * an update changes a value relative to itself.
 */
export interface MapperOperation extends SdkOperation {
  library: string;
  /**
   * `not-exists` when the item must not exist yet (`create`, `overwrite: false`), `exists` when it
   * must (ElectroDB's `patch` and `remove`: no guard for an increment), `given` when the caller
   * passes a condition the rule does not read (`{ condition }`, `.where(...)`).
   */
  condition?: 'not-exists' | 'exists' | 'given';
  /** An update with `$ADD`, `$add(...)` or `.add(...)`. */
  increments: boolean;
}

type Holder = 'model' | 'document' | 'entity' | 'table';
type Action = 'Put' | 'Update' | 'Delete' | 'BatchWrite' | 'Scan';
interface Method {
  action: Action;
  condition?: 'not-exists' | 'exists';
  /** ElectroDB: `put([items])` and `delete([keys])` are batch writes. */
  arrayIsBatch?: true;
  /** Where the options begin among the method's arguments: after the item or key (1), or from the first (dynamoose's `save(settings)`). */
  optionsFrom?: 0;
}

interface MapperLibrary {
  library: string;
  sources: readonly string[];
  /** Module paths that make a holder: called (`dynamoose.model(...)`) or constructed (`new Entity(...)`). */
  makes: Readonly<Record<string, Holder>>;
  /** `new Model(item)`: what constructing a holder gives. */
  instances?: Partial<Record<Holder, Holder>>;
  methods: Partial<Record<Holder, Readonly<Record<string, Method>>>>;
  /** Operations reached through a property, run by the calls chained on it: ElectroDB's `entity.scan.go()`. */
  properties?: Partial<Record<Holder, Readonly<Record<string, Method>>>>;
}

const SCAN: Method = { action: 'Scan' };

const MAPPERS: readonly MapperLibrary[] = [
  {
    library: 'dynamoose', sources: ['dynamoose'], makes: { model: 'model' }, instances: { model: 'document' },
    methods: {
      model: {
        create: { action: 'Put', condition: 'not-exists' }, update: { action: 'Update' }, delete: { action: 'Delete' },
        batchPut: { action: 'BatchWrite' }, batchDelete: { action: 'BatchWrite' }, scan: SCAN,
      },
      document: { save: { action: 'Put', optionsFrom: 0 }, delete: { action: 'Delete', optionsFrom: 0 } },
    },
  },
  {
    library: 'ElectroDB', sources: ['electrodb'], makes: { Entity: 'entity' },
    methods: {
      entity: {
        put: { action: 'Put', arrayIsBatch: true }, upsert: { action: 'Put' }, create: { action: 'Put', condition: 'not-exists' },
        update: { action: 'Update' }, patch: { action: 'Update', condition: 'exists' },
        delete: { action: 'Delete', arrayIsBatch: true }, remove: { action: 'Delete', condition: 'exists' },
      },
    },
    properties: { entity: { scan: SCAN } },
  },
  {
    library: 'DynamoDB Toolbox', sources: ['dynamodb-toolbox'], makes: { Entity: 'entity', Table: 'table' },
    methods: {
      entity: { put: { action: 'Put' }, update: { action: 'Update' }, delete: { action: 'Delete' }, scan: SCAN },
      table: { scan: SCAN, batchWrite: { action: 'BatchWrite' } },
    },
  },
];

/** DynamoDB Toolbox v1 and later: `entity.build(PutItemCommand)...send()`. */
const TOOLBOX_COMMANDS: Readonly<Record<string, Action>> = {
  PutItemCommand: 'Put', UpdateItemCommand: 'Update', DeleteItemCommand: 'Delete', ScanCommand: 'Scan', BatchWriteCommand: 'BatchWrite',
};

/** Options by which a caller adds a condition: dynamoose's and Toolbox's `condition`, Toolbox v0's `conditions`. */
const CONDITION_KEYS = new Set(['condition', 'conditions', 'ConditionExpression']);
/** Chained calls that add a condition (ElectroDB) or change a value relative to itself (ElectroDB, Toolbox v1's `.item({ n: $add(1) })` aside). */
const CONDITION_CALLS = new Set(['where']);
const INCREMENT_CALLS = new Set(['add', 'subtract', 'append']);
/** Update values that count: dynamoose's `$ADD`, Toolbox v0's `{ n: { $add: 1 } }`, Toolbox v1's `$add(1)`. */
const INCREMENT_KEYS = new Set(['$ADD', '$add', '$append', '$subtract']);
const INCREMENT_FUNCTIONS = new Set(['$add', '$subtract', '$append']);

const MAX_HOPS = 8;

const DOCUMENT_CLIENT = catalogIndex.byV3Package.get('@aws-sdk/lib-dynamodb') as ServiceEntry;

/** The mapper operation a call makes, read with the calls chained on it (`ancestors` of the call, innermost last). */
export function mapperOperationOf(node: TSESTree.CallExpression, ancestors: readonly Node[], decls: Declarations): MapperOperation | undefined {
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const name = propertyName(callee.property, callee.computed);
  if (!name) return undefined;
  const found = name === 'build' ? toolboxCommand(node, decls) : methodOf(callee.object, name, decls);
  if (!found) return undefined;
  const { library, method } = found;
  const chain = chainedCalls(node, ancestors);
  const calls = [node, ...chain];
  const batch = method.arrayIsBatch && unwrap(node.arguments[0] ?? node).type === 'ArrayExpression';
  const action = batch ? 'BatchWrite' : method.action;
  // The item or key an operation is given may have attributes of any name; options come after it, or in chained calls.
  const options = [...node.arguments.slice(method.optionsFrom ?? 1), ...chain.flatMap((call) => call.arguments)];
  const overwrite = booleanOption(options, 'overwrite');
  const given = options.some((arg) => hasKey(arg, CONDITION_KEYS)) || chain.some((call) => CONDITION_CALLS.has(calledName(call) ?? ''));
  const condition = given ? 'given' : overwrite === false ? 'not-exists' : overwrite === true ? undefined : method.condition;
  const increments = action === 'Update' &&
    (chain.some((call) => INCREMENT_CALLS.has(calledName(call) ?? '')) || calls.some((call) => call.arguments.some(countsInPlace)));
  return {
    entry: DOCUMENT_CLIENT, operation: action, kind: action === 'Scan' ? 'scan' : 'write', sdk: 'v3', node,
    library, increments, ...(condition ? { condition } : {}),
  };
}

/** `Model.create(...)`, `entity.put(...)`, or ElectroDB's `entity.scan.go()` (reported on the first call chained on `scan`). */
function methodOf(receiver: Node, name: string, decls: Declarations): { library: string; method: Method } | undefined {
  const holder = holderOf(receiver, decls);
  const method = holder?.lib.methods[holder.kind]?.[name];
  if (holder && method) return { library: holder.lib.library, method };
  const object = unwrap(receiver);
  if (object.type !== 'MemberExpression') return undefined;
  const property = propertyName(object.property, object.computed);
  const owner = property ? holderOf(object.object, decls) : undefined;
  const viaProperty = owner?.lib.properties?.[owner.kind]?.[property!];
  return owner && viaProperty ? { library: owner.lib.library, method: viaProperty } : undefined;
}

function toolboxCommand(node: TSESTree.CallExpression, decls: Declarations): { library: string; method: Method } | undefined {
  const command = node.arguments[0] && modulePath(node.arguments[0], decls);
  if (!command?.source.startsWith('dynamodb-toolbox') || command.path.length !== 1) return undefined;
  const action = TOOLBOX_COMMANDS[command.path[0]!];
  return action ? { library: 'DynamoDB Toolbox', method: { action } } : undefined;
}

/** What a value made by a mapper library is: a dynamoose model or document, an entity, a table. */
function holderOf(expression: Node, decls: Declarations, hops = 0): { lib: MapperLibrary; kind: Holder } | undefined {
  if (hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  if (node.type === 'Identifier') {
    const value = decls.valueOf(node.name, node);
    return value ? holderOf(value, decls, hops + 1) : undefined;
  }
  if (node.type === 'AwaitExpression') return holderOf(node.argument, decls, hops + 1);
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return undefined;
  const target = modulePath(node.callee, decls);
  const lib = target && MAPPERS.find((m) => m.sources.includes(target.source));
  const made = lib ? lib.makes[target!.path.join('.')] : undefined;
  if (lib && made) return { lib, kind: made };
  if (node.type !== 'NewExpression') return undefined;
  // new Model(item): a dynamoose document.
  const model = holderOf(node.callee, decls, hops + 1);
  const instance = model ? model.lib.instances?.[model.kind] : undefined;
  return model && instance ? { lib: model.lib, kind: instance } : undefined;
}

/** `x.put(item).where(...).go()`: the calls chained on a call, innermost first. */
function chainedCalls(node: TSESTree.CallExpression, ancestors: readonly Node[]): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  let child: Node = node;
  for (let i = ancestors.length - 1; i >= 1; i -= 2) {
    const member = ancestors[i]!;
    const call = ancestors[i - 1]!;
    if (member.type !== 'MemberExpression' || member.object !== child || call.type !== 'CallExpression' || call.callee !== member) break;
    calls.push(call);
    child = call;
  }
  return calls;
}

function calledName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
}

/** An object literal argument with one of `keys` (an options object). */
function hasKey(arg: Node, keys: ReadonlySet<string>): boolean {
  const node = unwrap(arg);
  return node.type === 'ObjectExpression' &&
    node.properties.some((p) => p.type === 'Property' && keys.has(propertyName(p.key, p.computed) ?? ''));
}

/** The literal value of an option in an object literal argument: dynamoose's `{ overwrite: false }`. */
function booleanOption(args: readonly Node[], key: string): boolean | undefined {
  for (const arg of args) {
    const node = unwrap(arg);
    if (node.type !== 'ObjectExpression') continue;
    for (const p of node.properties) {
      if (p.type === 'Property' && propertyName(p.key, p.computed) === key && p.value.type === 'Literal' && typeof p.value.value === 'boolean') {
        return p.value.value;
      }
    }
  }
  return undefined;
}

/** Whether an update argument counts in place: an `$ADD`-style key or a `$add(...)` call anywhere in it. */
function countsInPlace(arg: Node): boolean {
  let found = false;
  walk(arg, (node) => {
    if (found) return;
    if (node.type === 'Property' && INCREMENT_KEYS.has(propertyName(node.key, node.computed) ?? '')) found = true;
    else if (node.type === 'CallExpression' && unwrap(node.callee).type === 'Identifier' && INCREMENT_FUNCTIONS.has((unwrap(node.callee) as TSESTree.Identifier).name)) found = true;
  });
  return found;
}
