import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Node } from './ast.js';
import type { CodeFacts, SdkOperation } from './code-facts.js';
import type { MapperOperation } from './dynamodb-mappers.js';
import type { Declarations } from './declarations.js';
import { expressionText, isIncrement, preventsReplay, updatedAttributes } from './dynamodb-expressions.js';
import { boundNames } from './declarations.js';
import { enclosingFunctions, getParents } from './parents.js';
import { resolveObject, type StaticObject } from './static-values.js';

/**
 * One DynamoDB item write: a Put/Update/Delete call, a BatchWrite, one item of a TransactWrite, or
 * a whole TransactWrite whose items cannot be read (`Transact`).
 */
export interface DynamoWrite {
  op: SdkOperation;
  action: 'Put' | 'Update' | 'Delete' | 'BatchWrite' | 'Transact';
  /** Where a finding goes: the operation, or the transact item's `Put`/`Update`/`Delete` key. */
  node: Node;
  /** The write's parameters read statically (for a transact item, the item's inner object). */
  params?: StaticObject;
  /** A transact item whose transaction fails on a replay anyway: another item's condition stops it. */
  guardedByTransaction?: boolean;
  /** A write through a document mapper: the library's method and options say what the parameters would. */
  mapper?: MapperOperation;
}

const ACTIONS: Record<string, Record<string, DynamoWrite['action']>> = {
  DynamoDB: { PutItem: 'Put', UpdateItem: 'Update', DeleteItem: 'Delete', BatchWriteItem: 'BatchWrite', TransactWriteItems: 'Transact' },
  DynamoDBDocument: { Put: 'Put', Update: 'Update', Delete: 'Delete', BatchWrite: 'BatchWrite', TransactWrite: 'Transact' },
};

const cache = new WeakMap<CodeFacts, Map<string, DynamoWrite[]>>();

/** Every DynamoDB item write in the file, through the SDK or a wrapper module, computed once per file (and set of version words). */
export function dynamoWrites(program: TSESTree.Program, facts: CodeFacts, versionWords: readonly string[]): DynamoWrite[] {
  const byWords = cache.get(facts) ?? new Map<string, DynamoWrite[]>();
  cache.set(facts, byWords);
  const key = versionWords.join('\0');
  let writes = byWords.get(key);
  if (!writes) {
    writes = [...facts.operations, ...facts.wrappedOperations].flatMap((op) => writesOf(op, program, facts.declarations, versionWords));
    for (const mapper of facts.mapperOperations) {
      if (mapper.kind === 'write') writes.push({ op: mapper, action: mapper.operation as DynamoWrite['action'], node: mapper.node, mapper });
    }
    byWords.set(key, writes);
  }
  return writes;
}

function writesOf(op: SdkOperation, program: TSESTree.Program, decls: Declarations, versionWords: readonly string[]): DynamoWrite[] {
  const action = ACTIONS[op.entry.service]?.[op.operation];
  if (!action) return [];
  if (action !== 'Transact') return [{ op, action, node: op.node, ...(op.input ? { params: op.input } : {}) }];
  // A transaction whose items cannot be read is judged: nothing shows that a second run fails, so it
  // counts as unconditional. So is one whose parameters cannot be read at all, unless they are what
  // the function around it was given: a wrapper passing its caller's parameters on is judged at the call.
  const parents = getParents(program);
  const transactItems = op.input?.properties.get('TransactItems');
  if (!transactItems) {
    const unread = op.inputNode !== undefined && !op.input && !isOwnParameter(op.inputNode, op.node, parents);
    return unread ? [{ op, action: 'Transact', node: op.node }] : [];
  }
  const items = readArray(transactItems, decls) ?? { elements: [], complete: false };
  const writes: DynamoWrite[] = [];
  let guarded = false;
  let unread = !items.complete;
  for (const item of items.elements) {
    const object = resolveObject(item, decls);
    if (!object?.complete) unread = true;
    for (const [key, value] of object?.properties ?? []) {
      const params = resolveObject(value, decls);
      const kind = key === 'Put' || key === 'Update' || key === 'Delete' ? key : key === 'ConditionCheck' ? 'Check' : undefined;
      if (!kind) continue;
      if (params && replaySafe(kind, params, decls, versionWords)) guarded = true;
      if (kind === 'Check') continue;
      const property = parents.get(value);
      const node = property?.type === 'Property' && property.value === value ? property.key : value;
      writes.push({ op, action: kind, node, ...(params ? { params } : {}) });
    }
  }
  if (unread && writes.length === 0) writes.push({ op, action: 'Transact', node: op.node });
  return writes.map((w) => (guarded ? { ...w, guardedByTransaction: true } : w));
}

/** `params` in `(params) => docClient.transactWrite(params)`: a parameter of a function around the call, passed on as it is. */
function isOwnParameter(input: Node, call: Node, parents: Map<Node, Node>): boolean {
  const node = unwrap(input);
  if (node.type !== 'Identifier') return false;
  return enclosingFunctions(call, parents).some((fn) => fn.params.some((param) => boundNames(param).includes(node.name)));
}

/** Whether this item's condition makes a second run of the transaction fail. */
function replaySafe(kind: 'Put' | 'Update' | 'Delete' | 'Check', params: StaticObject, decls: Declarations, versionWords: readonly string[]): boolean {
  const condition = expressionText(params.properties.get('ConditionExpression'), decls);
  if (condition === undefined) return false;
  const names = resolveObject(params.properties.get('ExpressionAttributeNames'), decls);
  const update = kind === 'Update' ? expressionText(params.properties.get('UpdateExpression'), decls) : undefined;
  const changed = update ? updatedAttributes(update, names, decls) : new Set<string>();
  return preventsReplay(condition, names, decls, { changed, versionWords, isDelete: kind === 'Delete' });
}

export type WriteProblem = 'unconditional' | 'increment' | 'batch';

/**
 * What is wrong with a write that no idempotency guard covers, or undefined when nothing is (or
 * nothing can be known: parameters the rule cannot read are not judged).
 */
export function writeProblem(write: DynamoWrite, decls: Declarations, versionWords: readonly string[]): WriteProblem | undefined {
  if (write.action === 'BatchWrite') return 'batch';
  if (write.mapper) return mapperProblem(write.mapper);
  if (write.guardedByTransaction) return undefined;
  if (write.action === 'Transact') return 'unconditional';
  if (!write.params) return undefined;
  const { properties, complete } = write.params;
  const conditionNode = properties.get('ConditionExpression');
  // `Expected` is the legacy form of a condition; we do not read it, but it is one.
  const hasCondition = !!conditionNode || properties.has('Expected');
  if (write.action === 'Update') {
    const update = expressionText(properties.get('UpdateExpression'), decls);
    const values = resolveObject(properties.get('ExpressionAttributeValues'), decls);
    if (update !== undefined && isIncrement(update, values, decls)) {
      if (!conditionNode) return hasCondition || !complete ? undefined : 'increment';
      const condition = expressionText(conditionNode, decls);
      if (condition === undefined) return undefined;
      const names = resolveObject(properties.get('ExpressionAttributeNames'), decls);
      const changed = updatedAttributes(update, names, decls);
      return preventsReplay(condition, names, decls, { changed, versionWords, isDelete: false }) ? undefined : 'increment';
    }
  }
  return hasCondition || !complete ? undefined : 'unconditional';
}

/** A mapper write: a condition the library adds that the item exists does not stop a second increment; one the rule cannot read is trusted. */
function mapperProblem(op: MapperOperation): WriteProblem | undefined {
  if (op.increments) return op.condition === undefined || op.condition === 'exists' ? 'increment' : undefined;
  return op.condition ? undefined : 'unconditional';
}

/**
 * The elements of an array: a literal (with the elements of the arrays it spreads), a same-file
 * variable holding one, or `list.map((x) => ({ ... }))`, whose one element stands for all. Anything
 * it spreads or maps that cannot be read makes it incomplete.
 */
function readArray(expression: Node | undefined, decls: Declarations, hops = 0): { elements: Node[]; complete: boolean } | undefined {
  if (!expression || hops > 8) return undefined;
  const node = unwrap(expression);
  if (node.type === 'Identifier') return readArray(decls.valueOf(node.name, node), decls, hops + 1);
  if (node.type === 'CallExpression') {
    const mapped = mappedElement(node);
    return mapped ? { elements: [mapped], complete: true } : undefined;
  }
  if (node.type !== 'ArrayExpression') return undefined;
  const elements: Node[] = [];
  let complete = true;
  for (const element of node.elements) {
    if (!element) continue;
    if (element.type !== 'SpreadElement') {
      elements.push(element);
      continue;
    }
    const spread = readArray(element.argument, decls, hops + 1);
    elements.push(...(spread?.elements ?? []));
    complete &&= spread?.complete === true;
  }
  return { elements, complete };
}

/** What `list.map((x) => value)` makes of each element: the callback's one returned value. */
function mappedElement(call: TSESTree.CallExpression): Node | undefined {
  const callee = unwrap(call.callee);
  const callback = call.arguments[0] && unwrap(call.arguments[0]);
  if (callee.type !== 'MemberExpression' || propertyName(callee.property, callee.computed) !== 'map') return undefined;
  if (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') return undefined;
  if (callback.body.type !== 'BlockStatement') return callback.body;
  const returns = callback.body.body.filter((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
  return returns.length === 1 ? returns[0]!.argument ?? undefined : undefined;
}

/** Calls whose result is a fresh ID: `attribute_not_exists` on such a key never fails, so it stops no replay. */
const FRESH_ID = new Set(['randomUUID', 'uuid', 'uuidv4', 'uuidv1', 'uuidv7', 'v1', 'v4', 'v7', 'ulid', 'nanoid', 'cuid', 'createId', 'now', 'KSUID']);

/**
 * The partition key of a Put's Item, when it can be told from the Item alone: the one property
 * named in `partitionKeys`, or else the one property whose name ends in `Id` (`orderId`). Undefined
 * when there is none, more than one, or the key's value is a fresh ID (`randomUUID()`).
 */
export function partitionKeyOf(params: StaticObject, decls: Declarations, partitionKeys: readonly string[]): string | undefined {
  const item = resolveObject(params.properties.get('Item'), decls);
  if (!item?.complete) return undefined;
  const names = [...item.properties.keys()];
  const exact = names.filter((n) => partitionKeys.includes(n));
  const candidates = exact.length > 0 ? exact : names.filter((n) => /[a-z0-9]Id$/.test(n));
  if (candidates.length !== 1) return undefined;
  const key = candidates[0]!;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || isFreshId(item.properties.get(key)!)) return undefined;
  return key;
}

function isFreshId(value: Node): boolean {
  let node = unwrap(value);
  // A low-level attribute value: `{ S: randomUUID() }`.
  if (node.type === 'ObjectExpression' && node.properties.length === 1 && node.properties[0]?.type === 'Property') node = unwrap(node.properties[0].value);
  if (node.type === 'TemplateLiteral') return node.expressions.some(isFreshId);
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && propertyName(node.callee.property, node.callee.computed) === 'toString') {
    return isFreshId(node.callee.object);
  }
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
  return !!name && FRESH_ID.has(name);
}
