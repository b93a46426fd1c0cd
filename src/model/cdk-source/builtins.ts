import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineOwn, isObject } from '../../util/objects.js';
import {
  ArrayValue, isArrayValue, isLibCall, isObjectValue, isPrimitive, isUnknown, UNKNOWN,
  type Entry, type LibCall, type LibRef, type Located, type Value,
} from './values.js';

/** Returned when a call is not one of the built-ins computed here. */
export const NOT_BUILTIN: unique symbol = Symbol('not a built-in');

/** Calls back into the interpreter, for `map`, `forEach`... */
export type Invoke = (fn: Value, args: Value[], at: Located) => Value;

/** Names a program can use without importing them; anything else read from `process` is unknown. */
const GLOBALS = new Set(['process', 'JSON', 'Object', 'String', 'Number', 'Boolean', 'Math', 'Array', 'console']);

export function globalRef(name: string): LibRef | undefined {
  return GLOBALS.has(name) ? { kind: 'lib', module: 'global', path: [name] } : undefined;
}

/** A member of a global: `process.env.X` and the like are known only when the app runs. */
export function globalMember(ref: LibRef, name: string): Value {
  if (ref.path[0] === 'process' && name !== 'cwd') return UNKNOWN;
  return { kind: 'lib', module: ref.module, path: [...ref.path, name] };
}

/** Calls of Node.js and JavaScript built-ins whose result does not depend on the running app. */
export function callLibraryBuiltin(ref: LibRef, args: Entry[], appDir: string): Value | typeof NOT_BUILTIN {
  const values = args.map((a) => a.value);
  const strings = values.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
  const name = ref.path.join('.');
  if (ref.module === 'node:path') {
    if (!strings) return UNKNOWN;
    switch (name) {
      case 'join': return path.join(...strings);
      // The CDK CLI runs the app in the folder of cdk.json.
      case 'resolve': return path.resolve(appDir, ...strings);
      case 'dirname': return strings[0] === undefined ? UNKNOWN : path.dirname(strings[0]);
      case 'basename': return strings[0] === undefined ? UNKNOWN : path.basename(strings[0], strings[1]);
      case 'normalize': return strings[0] === undefined ? UNKNOWN : path.normalize(strings[0]);
      case 'relative': return strings.length === 2 ? path.relative(strings[0]!, strings[1]!) : UNKNOWN;
      default: return UNKNOWN;
    }
  }
  if (ref.module === 'node:url') {
    return name === 'fileURLToPath' && strings?.[0]?.startsWith('file:') ? fileURLToPath(strings[0]) : UNKNOWN;
  }
  if (ref.module !== 'global') return NOT_BUILTIN;
  const first = values[0];
  switch (name) {
    case 'process.cwd': return appDir;
    case 'String': return isPrimitive(first) ? String(first) : UNKNOWN;
    case 'Number': return isPrimitive(first) ? Number(first) : UNKNOWN;
    case 'Boolean': return isPrimitive(first) ? Boolean(first) : UNKNOWN;
    case 'Object.assign': return assign(values);
    case 'Object.freeze': return first;
    case 'Object.keys': return isObjectValue(first) && !first.partial ? arrayOf([...first.entries.keys()], args[0]!.at) : UNKNOWN;
    case 'Object.values': return isObjectValue(first) && !first.partial ? new ArrayValue([...first.entries.values()]) : UNKNOWN;
    case 'Object.entries':
      return isObjectValue(first) && !first.partial
        ? new ArrayValue([...first.entries].map(([key, entry]) => ({ value: new ArrayValue([{ value: key, at: entry.at }, entry]), at: entry.at })))
        : UNKNOWN;
    case 'Math.max': case 'Math.min': case 'Math.ceil': case 'Math.floor': case 'Math.round':
      return values.every((v) => typeof v === 'number') ? (Math[ref.path[1] as 'max'] as (...n: number[]) => number)(...(values as number[])) : UNKNOWN;
    default: return UNKNOWN;
  }
}

/** Methods of strings and arrays a CDK app uses to build names and lists. */
export function callValueMethod(receiver: Value, name: string, args: Entry[], at: Located, invoke: Invoke): Value | typeof NOT_BUILTIN {
  const values = args.map((a) => a.value);
  if (typeof receiver === 'string') return stringMethod(receiver, name, values);
  if (!isArrayValue(receiver)) return NOT_BUILTIN;
  const items = receiver.items;
  const each = (entry: Entry, index: number) => invoke(values[0], [entry.value, index], at);
  switch (name) {
    case 'forEach':
      items.forEach((entry, i) => each(entry, i));
      return undefined;
    case 'map': return new ArrayValue(items.map((entry, i) => ({ value: each(entry, i), at: entry.at })));
    case 'flatMap':
      return new ArrayValue(items.flatMap((entry, i) => {
        const result = each(entry, i);
        return isArrayValue(result) ? result.items : [{ value: result, at: entry.at }];
      }));
    case 'filter': {
      const kept: Entry[] = [];
      for (const [i, entry] of items.entries()) {
        const keep = each(entry, i);
        if (isUnknown(keep)) return UNKNOWN;
        if (keep) kept.push(entry);
      }
      return new ArrayValue(kept);
    }
    case 'push':
      items.push(...args);
      return items.length;
    case 'concat':
      return new ArrayValue([...items, ...args.flatMap((a) => (isArrayValue(a.value) ? a.value.items : [a]))]);
    case 'join':
      return items.every((i) => isPrimitive(i.value)) ? items.map((i) => String(i.value ?? '')).join(typeof values[0] === 'string' ? values[0] : ',') : UNKNOWN;
    case 'includes':
      return isPrimitive(values[0]) && items.every((i) => isPrimitive(i.value)) ? items.some((i) => i.value === values[0]) : UNKNOWN;
    case 'slice':
      return new ArrayValue(items.slice(values[0] as number | undefined, values[1] as number | undefined));
    default: return UNKNOWN;
  }
}

function stringMethod(text: string, name: string, args: Value[]): Value {
  const strings = args.every((a) => typeof a === 'string' || typeof a === 'number') ? args.map(String) : undefined;
  if (!strings) return UNKNOWN;
  switch (name) {
    case 'toUpperCase': return text.toUpperCase();
    case 'toLowerCase': return text.toLowerCase();
    case 'trim': return text.trim();
    case 'toString': return text;
    case 'concat': return text + strings.join('');
    case 'startsWith': return text.startsWith(strings[0] ?? '');
    case 'endsWith': return text.endsWith(strings[0] ?? '');
    case 'includes': return text.includes(strings[0] ?? '');
    case 'replace': return text.replace(strings[0] ?? '', strings[1] ?? '');
    case 'replaceAll': return text.split(strings[0] ?? '').join(strings[1] ?? '');
    case 'slice': return text.slice(Number(strings[0] ?? 0), strings[1] === undefined ? undefined : Number(strings[1]));
    case 'charAt': return text.charAt(Number(strings[0] ?? 0));
    default: return UNKNOWN;
  }
}

function assign(values: Value[]): Value {
  const [target, ...sources] = values;
  if (!isObjectValue(target)) return UNKNOWN;
  for (const source of sources) {
    if (source === undefined || source === null) continue;
    if (!isObjectValue(source)) {
      target.partial = true;
      continue;
    }
    for (const [key, entry] of source.entries) target.entries.set(key, entry);
    if (source.partial) target.partial = true;
  }
  return target;
}

function arrayOf(strings: string[], at: Located): ArrayValue {
  return new ArrayValue(strings.map((value) => ({ value, at })));
}

/**
 * The conditions CDK's filter helpers write: `sns.SubscriptionFilter.stringFilter({ allowlist })`
 * in a filter policy, `events.Match.prefix('order.')` in an event pattern. A helper not listed
 * matches anything, as far as the model can tell.
 */
function matcherOf(call: LibCall): unknown {
  const [owner, method] = call.ref.path;
  const args = call.args.map((a) => plainOf(a.value));
  if (args.includes(UNREADABLE)) return UNREADABLE;
  if (call.ref.module === 'aws-sns' && owner === 'SubscriptionFilter') {
    if (method === 'existsFilter') return [{ exists: true }];
    if (method !== 'stringFilter') return [{}];
    const options = isObject(args[0]) ? args[0] : {};
    const list = (key: string) => (Array.isArray(options[key]) ? (options[key] as unknown[]) : []);
    const denied = [...list('denylist'), ...list('blacklist')];
    return [
      ...list('allowlist'), ...list('whitelist'),
      ...(denied.length > 0 ? [{ 'anything-but': denied }] : []),
      ...list('matchPrefixes').map((prefix) => ({ prefix })),
      ...list('matchSuffixes').map((suffix) => ({ suffix })),
    ];
  }
  if (call.ref.module !== 'aws-events' || owner !== 'Match') return UNREADABLE;
  switch (method) {
    case 'exactString': return [args[0]];
    case 'prefix': return [{ prefix: args[0] }];
    case 'suffix': return [{ suffix: args[0] }];
    case 'anythingBut': return [{ 'anything-but': args }];
    case 'exists': return [{ exists: true }];
    case 'doesNotExist': return [{ exists: false }];
    case 'anyOf': return args.flatMap((arg) => (Array.isArray(arg) ? arg : [arg]));
    default: return [{}];
  }
}

/** Marks data that could not be read, inside toPlain. */
const UNREADABLE: unique symbol = Symbol('unreadable');

/** A plain JavaScript value of an object or array value holding only data (an event pattern, S3 filters); undefined otherwise. */
export function toPlain(value: Value): unknown {
  const plain = plainOf(value);
  return plain === UNREADABLE ? undefined : plain;
}

function plainOf(value: Value): unknown {
  if (isPrimitive(value)) return value;
  if (isLibCall(value)) return matcherOf(value);
  if (isArrayValue(value)) {
    const items = value.items.map((i) => plainOf(i.value));
    return items.includes(UNREADABLE) ? UNREADABLE : items;
  }
  if (isObjectValue(value) && !value.partial) {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of value.entries) {
      const plain = plainOf(entry.value);
      if (plain === UNREADABLE) return UNREADABLE;
      defineOwn(result, key, plain);
    }
    return result;
  }
  return UNREADABLE;
}
