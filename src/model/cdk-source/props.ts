import type { HandlerResolver } from '../resolve-handler.js';
import type { TemplateRef, UnreadPart } from '../types.js';
import { refAt } from './stack-build.js';
import {
  isArrayValue, isConstruct, isLibCall, isLibRef, isObjectValue, isUnknown, UNKNOWN,
  type ConstructValue, type Entry, type Located, type Value,
} from './values.js';

/** What the handlers of constructs need from the reader besides the values. */
export interface ReadContext {
  /** The project root: nothing outside it is read. */
  root: string;
  /** The folder of cdk.json: the CDK CLI runs the app there, so relative asset paths start there. */
  appDir: string;
  /** Turns a function's code and handler into its source file; one per app, so build configs are read once. */
  handlers: HandlerResolver;
  /** Records a setting (the default) or construct that could not be read. */
  unread(at: Located | TemplateRef, what: string, kind?: UnreadPart['kind']): void;
}

/** A setting as read: not written, written and understood, or written but unreadable. */
export type Read<T> =
  | { state: 'absent' }
  | { state: 'known'; value: T; at: Located }
  | { state: 'unknown'; at: Located };

/**
 * The props object of a construct (or of an event source, a target...). A props object that is
 * itself unreadable makes every setting unknown; one with an unreadable spread makes every
 * setting it does not spell out unknown.
 */
export class Props {
  readonly whole: Value;

  /** `what` names the props when their being unreadable is news; undefined when it was recorded already. */
  constructor(value: Value, private readonly fallback: Located, private readonly context: ReadContext, what: string | undefined) {
    this.whole = value;
    if (isUnknown(value) && what !== undefined) context.unread(fallback, `the props of ${what}`);
  }

  /** The entry of a key; an unreadable one carries UNKNOWN. */
  entry(key: string): Entry | undefined {
    const value = this.whole;
    if (value === undefined || value === null) return undefined;
    if (!isObjectValue(value)) return { value: UNKNOWN, at: this.fallback };
    const found = value.entries.get(key);
    if (found) return found;
    return value.partial ? { value: UNKNOWN, at: this.fallback } : undefined;
  }

  /** A setting through a converter; a value the converter cannot read is unknown, and recorded. */
  read<T>(key: string, convert: (value: Value) => T | undefined): Read<T> {
    const entry = this.entry(key);
    if (!entry || entry.value === undefined) return { state: 'absent' };
    const value = isUnknown(entry.value) ? undefined : convert(entry.value);
    if (value === undefined) {
      // The props object as a whole was recorded once already.
      if (entry.at !== this.fallback || !isUnknown(this.whole)) this.context.unread(entry.at, key);
      return { state: 'unknown', at: entry.at };
    }
    return { state: 'known', value, at: entry.at };
  }

  /** A nested props object (`deployOptions`, `deadLetterQueue: { queue }`), unknown when it cannot be read. */
  nested(key: string, what: string): Props | undefined {
    const entry = this.entry(key);
    if (!entry || entry.value === undefined) return undefined;
    return new Props(entry.value, entry.at, this.context, isUnknown(this.whole) ? undefined : what);
  }

  /** Where a setting is written, for findings on that one property. */
  at(key: string): TemplateRef | undefined {
    const entry = this.entry(key);
    return entry ? refAt(entry.at) : undefined;
  }
}

export function asString(value: Value): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: Value): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: Value): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function asConstruct(value: Value): ConstructValue | undefined {
  return isConstruct(value) ? value : undefined;
}

/** Any value as written: for settings whose every value means something (a dead-letter queue, an on-failure destination). */
export function asWritten(value: Value): Value {
  return value;
}

const SECONDS: Record<string, number> = { millis: 0.001, seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** `Duration.seconds(30)`, `Duration.minutes(5)`... in seconds. */
export function asSeconds(value: Value): number | undefined {
  if (!isLibCall(value) || value.ref.module !== 'core' || value.ref.path[0] !== 'Duration') return undefined;
  const factor = SECONDS[value.ref.path[1] ?? ''];
  const amount = asNumber(value.args[0]?.value);
  return factor === undefined || amount === undefined ? undefined : amount * factor;
}

/** The member name of a library enum (`lambda.Tracing.ACTIVE` is `ACTIVE`), checked against the enum. */
export function enumMember(enumName: string): (value: Value) => string | undefined {
  return (value) => (isLibRef(value) && value.path.length === 2 && value.path[0] === enumName ? value.path[1] : undefined);
}

/** The items of an array value, or undefined when it is something else. */
export function asItems(value: Value): Entry[] | undefined {
  return isArrayValue(value) ? value.items : undefined;
}
