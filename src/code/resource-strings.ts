import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { resolveObject, type StaticObject } from './static-values.js';

/** What a hard-coded string names: an ARN, an SQS queue URL, or an S3 URL with the bucket in it. */
export type ResourceStringKind = 'arn' | 'queueUrl' | 'bucketUrl';

// arn:partition:service:region:account:resource
const ARN = /^arn:aws(?:-[a-z]+)*:([a-z0-9-]+):([a-z0-9-]*|\*):(\d{12}|\*)?:(\S*)$/;
// https://<bucket>.s3.amazonaws.com/, https://<bucket>.s3.<region>.amazonaws.com/ (also s3-<region>, s3.dualstack.<region>)
const S3_HOST = String.raw`s3(?:[.-][a-z0-9-]+){0,2}\.amazonaws\.com(?:\.cn)?`;
const VIRTUAL_HOSTED = new RegExp(String.raw`^https?://([a-z0-9][a-z0-9.-]*[a-z0-9])\.${S3_HOST}(?:/|$)`, 'i');
// https://s3.<region>.amazonaws.com/<bucket>/
const PATH_STYLE = new RegExp(String.raw`^https?://${S3_HOST}/([a-z0-9][a-z0-9.-]*[a-z0-9])(?:/|$)`, 'i');
const QUEUE_URL = /^https?:\/\/(?:sqs\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?|(?:[a-z0-9-]+\.)?queue\.amazonaws\.com(?:\.cn)?)\/\d{12}\/[\w-]+(?:\.fifo)?\/?$/i;

/**
 * Whether a whole string is an ARN of a particular resource, or an SQS queue URL. ARNs that name no
 * one resource are left alone: wildcards over regions, accounts or resources (IAM policy
 * statements an authorizer returns), AWS-owned ARNs (`arn:aws:iam::aws:policy/...`), and prefixes
 * with nothing account-specific in them (`'arn:aws:sns:'`).
 */
export function resourceStringKind(value: string): ResourceStringKind | undefined {
  const arn = ARN.exec(value);
  if (arn) {
    const [, , region, account = '', resource = ''] = arn;
    if (region === '*' || account === '*' || resource === '*' || resource.startsWith('*')) return undefined;
    return resource !== '' || account !== '' ? 'arn' : undefined;
  }
  if (QUEUE_URL.test(value)) return 'queueUrl';
  return bucketInUrl(value, true) ? 'bucketUrl' : undefined;
}

/**
 * The bucket an S3 URL names in its host (virtual-hosted style) or first path segment (path style).
 * `prefix` may be only the static start of a template literal (`whole` false): then the bucket
 * counts only when a `/` closes it, so `https://s3.amazonaws.com/${bucket}/` names none.
 */
export function bucketInUrl(prefix: string, whole: boolean): string | undefined {
  const match = VIRTUAL_HOSTED.exec(prefix) ?? PATH_STYLE.exec(prefix);
  if (!match) return undefined;
  const closed = match[0].endsWith('/');
  return closed || whole ? match[1] : undefined;
}

/** Input properties whose value names the resource the operation acts on. */
export const RESOURCE_NAME_KEYS: ReadonlySet<string> = new Set([
  'TableName', 'QueueUrl', 'TopicArn', 'EventBusName', 'StateMachineArn', 'stateMachineArn', 'FunctionName', 'Bucket', 'StreamName',
  'DeliveryStreamName', 'QueueName',
]);

/** Lists and objects inside an input that hold more resource names: PutEvents `Entries`, `TransactItems[].Put`, ... */
const NESTED_KEYS: ReadonlySet<string> = new Set(['Entries', 'TransactItems', 'Put', 'Update', 'Delete', 'ConditionCheck', 'Get']);

/** A string written in the source that names a resource. */
export interface HardcodedName {
  /** The input key (`TableName`), or `RequestItems` for a table named by a batch request's key. */
  key: string;
  value: string;
  /** Where the string is written: the literal itself, even when the input reads it through a constant. */
  node: TSESTree.Literal | TSESTree.TemplateLiteral | TSESTree.Identifier;
}

const MAX_DEPTH = 4;

/** The resource names in an operation's input that are written as strings (directly or in a same-file constant). */
export function hardcodedNames(input: StaticObject | undefined, decls: Declarations, depth = 0): HardcodedName[] {
  if (!input || depth > MAX_DEPTH) return [];
  const found: HardcodedName[] = [];
  for (const [key, value] of input.properties) {
    if (RESOURCE_NAME_KEYS.has(key)) {
      const literal = stringLiteral(value, decls);
      if (literal && literal.value.trim() !== '' && !isBuiltIn(key, literal.value)) found.push({ key, ...literal });
    } else if (key === 'RequestItems') {
      found.push(...requestItemTables(value, decls));
    } else if (NESTED_KEYS.has(key)) {
      const items = arrayElements(value, decls) ?? [value];
      for (const item of items) found.push(...hardcodedNames(resolveObject(item, decls), decls, depth + 1));
    }
  }
  return found;
}

/**
 * Names that are the same in every account and region, so they tie the code to no deployment:
 * `default`, the account's built-in EventBridge bus.
 */
export function isBuiltIn(key: string, value: string): boolean {
  return key === 'EventBusName' && value === 'default';
}

/** BatchGetItem/BatchWriteItem `RequestItems: { Orders: [...] }`: the keys are table names. */
function requestItemTables(value: Node, decls: Declarations): HardcodedName[] {
  const literal = resolveObject(value, decls)?.literal;
  if (!literal) return [];
  const found: HardcodedName[] = [];
  for (const prop of literal.properties) {
    if (prop.type !== 'Property') continue;
    if (prop.computed) {
      const computed = stringLiteral(prop.key, decls);
      if (computed) found.push({ key: 'RequestItems', ...computed });
      continue;
    }
    const name = propertyName(prop.key, false);
    if (name && (prop.key.type === 'Identifier' || prop.key.type === 'Literal')) found.push({ key: 'RequestItems', value: name, node: prop.key });
  }
  return found;
}

function arrayElements(expression: Node, decls: Declarations, hops = 0): Node[] | undefined {
  if (hops > MAX_DEPTH) return undefined;
  const node = unwrap(expression);
  if (node.type === 'ArrayExpression') return node.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement');
  if (node.type === 'Identifier') {
    const init = decls.valueOf(node.name, node);
    return init ? arrayElements(init, decls, hops + 1) : undefined;
  }
  return undefined;
}

/** The string literal (or template without `${}`) a value is, following same-file constants to where it is written. */
export function stringLiteral(
  expression: Node, decls: Declarations, hops = 0,
): { value: string; node: TSESTree.Literal | TSESTree.TemplateLiteral } | undefined {
  if (hops > MAX_DEPTH * 2) return undefined;
  const node = unwrap(expression);
  if (node.type === 'Literal') return typeof node.value === 'string' ? { value: node.value, node } : undefined;
  if (node.type === 'TemplateLiteral') {
    return node.expressions.length === 0 ? { value: node.quasis[0]?.value.cooked ?? '', node } : undefined;
  }
  if (node.type === 'Identifier') {
    const init = decls.valueOf(node.name, node);
    return init ? stringLiteral(init, decls, hops + 1) : undefined;
  }
  return undefined;
}
