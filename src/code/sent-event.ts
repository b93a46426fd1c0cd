import { propertyName, unwrap, type Node } from './ast.js';
import type { SdkOperation } from './code-facts.js';
import type { Declarations } from './declarations.js';
import { resolveObject, staticString } from './static-values.js';

/**
 * What the code puts on the wire, as far as literals tell; undefined fields are unknown. A list is
 * every value a call may send (a helper given several detail types by its callers).
 */
export interface SentEvent {
  source?: string | readonly string[];
  detailType?: string | readonly string[];
  /** SNS message attributes; `complete` says whether other attributes may exist. */
  attributes?: { values: Map<string, string | undefined>; complete: boolean };
  key?: string;
}

/** The properties of the first entry of a batch (`Entries: [{ ... }]`), when it is written inline. */
export function firstEntry(entries: Node | undefined): Map<string, Node> | undefined {
  const node = entries ? unwrap(entries) : undefined;
  const first = node?.type === 'ArrayExpression' ? node.elements[0] : undefined;
  if (!first || first.type !== 'ObjectExpression') return undefined;
  const properties = new Map<string, Node>();
  for (const p of first.properties) {
    const name = p.type === 'Property' ? propertyName(p.key, p.computed) : undefined;
    if (name && p.type === 'Property') properties.set(name, p.value);
  }
  return properties;
}

export function isPutEvents(op: Pick<SdkOperation, 'operation'> & { service: string }): boolean {
  return (op.service === 'EventBridge' || op.service === 'CloudWatchEvents') && op.operation === 'PutEvents';
}

/** PutEvents whose (first) entry names its bus; one that does not goes to the default bus. */
export function namesBus(op: SdkOperation): boolean {
  return firstEntry(op.input?.properties.get('Entries'))?.has('EventBusName') ?? false;
}

/** What an emitting SDK call sends that event filters look at: source and detail type, SNS attributes, an S3 key. */
export function sentEventOf(op: SdkOperation, decls: Declarations): SentEvent {
  const input = op.input?.properties;
  if (!input) return {};
  const text = (node: Node | undefined) => (node ? staticString(node, decls) : undefined);
  if (isPutEvents({ service: op.entry.service, operation: op.operation })) {
    const entry = firstEntry(input.get('Entries'));
    return { ...optional('source', text(entry?.get('Source'))), ...optional('detailType', text(entry?.get('DetailType'))) };
  }
  if (op.entry.service === 'SNS') return { attributes: attributesOf(input.get('MessageAttributes'), decls) };
  if (op.entry.service === 'S3') return optional('key', text(input.get('Key')));
  return {};
}

function attributesOf(node: Node | undefined, decls: Declarations): SentEvent['attributes'] {
  if (!node) return { values: new Map(), complete: true };
  const object = resolveObject(node, decls);
  if (!object) return { values: new Map(), complete: false };
  const values = new Map<string, string | undefined>();
  for (const [name, value] of object.properties) {
    const attribute = resolveObject(value, decls);
    const string = attribute?.properties.get('StringValue');
    values.set(name, string ? staticString(string, decls) : undefined);
  }
  return { values, complete: object.complete };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
