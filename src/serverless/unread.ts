import type { PathSegment, SourceLocation } from '../template/source-location.js';

/**
 * A value the static reader could not know without running code: where the expression is and
 * what it is. It travels through evaluation like a value, so only the ones that land in the
 * configuration are reported, each at the place in the configuration it would have filled.
 */
export class Unread {
  constructor(
    readonly file: string,
    readonly location: SourceLocation,
    /** What the expression is, as a sentence fragment: "`build()` is a call". */
    readonly what: string,
    /** Left out because a bound on the work was reached, not for what the expression is. */
    readonly overLimit = false,
  ) {}
}

/** Parts of an object that were lost whole (a spread, a computed key, a change made by code). */
export const UNREAD_PARTS: unique symbol = Symbol('unread parts');

export type ReadObject = Record<string, unknown> & { [UNREAD_PARTS]?: Unread[] };

export interface UnreadPart {
  /** Where in the configuration the value would have been. */
  path: PathSegment[];
  unread: Unread;
}

export function addUnreadPart(target: ReadObject, unread: Unread): void {
  (target[UNREAD_PARTS] ??= []).push(unread);
}

/**
 * Takes every unread value out of an evaluated configuration (in place), and lists them with
 * their paths: what is left is plain data, the known parts only.
 */
export function settle(value: unknown, path: PathSegment[] = [], found: UnreadPart[] = []): UnreadPart[] {
  if (Array.isArray(value)) {
    // Paths name the items as written, before the unread ones are taken out.
    value.forEach((item, index) => {
      if (item instanceof Unread) found.push({ path: [...path, index], unread: item });
      else settle(item, [...path, index], found);
    });
    const known = value.filter((item) => !(item instanceof Unread));
    value.length = 0;
    for (const item of known) value.push(item);
  } else if (typeof value === 'object' && value !== null) {
    const object = value as ReadObject;
    for (const unread of object[UNREAD_PARTS] ?? []) found.push({ path, unread });
    delete object[UNREAD_PARTS];
    for (const [key, item] of Object.entries(object)) {
      if (item instanceof Unread) {
        found.push({ path: [...path, key], unread: item });
        delete object[key];
      } else settle(item, [...path, key], found);
    }
  }
  return found;
}
