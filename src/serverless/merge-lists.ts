import type { PathSegment } from '../template/source-location.js';
import { defineOwn, isObject } from '../util/objects.js';

/**
 * `functions:` and `resources:` may each be a list of maps, often `${file()}` includes. The
 * framework merges them in order before reading them: functions one level deep (a later function
 * of the same name replaces the earlier one), resources deeply (lodash's `merge`).
 */
export interface MergedConfig {
  value: Record<string, unknown>;
  /** Where, in the config as written, the value at a path of the merged config came from. */
  writtenPath(p: readonly PathSegment[]): PathSegment[];
}

export function mergeSectionLists(config: Record<string, unknown>): MergedConfig {
  const functions = listEntries(config['functions']);
  const resources = listEntries(config['resources']);
  const value = { ...config };
  if (functions) defineOwn(value, 'functions', functions.reduce<Record<string, unknown>>((merged, entry) => assign(merged, entry), {}));
  if (resources) defineOwn(value, 'resources', resources.reduce<unknown>((merged, entry) => deepMerge(merged, entry), {}));
  return {
    value,
    writtenPath(p) {
      const [section, ...rest] = p;
      // A function comes whole from the last entry naming it; a resource's value from the last entry holding that path.
      const entries = section === 'functions' ? functions : section === 'resources' ? resources : undefined;
      const depth = section === 'functions' ? Math.min(rest.length, 1) : rest.length;
      if (!entries || rest.length === 0) return [...p];
      const index = entries.findLastIndex((entry) => holds(entry, rest.slice(0, depth)));
      return index === -1 ? [...p] : [section!, index, ...rest];
    },
  };
}

/** The maps of a section written as a list; anything else in the list (an include that did not resolve) adds nothing. */
function listEntries(section: unknown): unknown[] | undefined {
  return Array.isArray(section) ? section.map((entry) => (isObject(entry) ? entry : undefined)) : undefined;
}

function assign(target: Record<string, unknown>, source: unknown): Record<string, unknown> {
  if (isObject(source)) for (const [key, value] of Object.entries(source)) defineOwn(target, key, value);
  return target;
}

/**
 * lodash `merge`, into `target` (always a container this module made): maps and lists merge key by
 * key (lists by index), other values replace, `undefined` never does. Containers from `source` are
 * copied, never shared, so the written entries stay as they were for `writtenPath`.
 */
function deepMerge(target: unknown, source: unknown): unknown {
  if (source === undefined) return target;
  if (!isContainer(source)) return source;
  const into = isContainer(target) && Array.isArray(target) === Array.isArray(source) ? target : Array.isArray(source) ? [] : {};
  for (const [key, value] of Object.entries(source)) {
    const next = deepMerge(Object.hasOwn(into, key) ? (into as Record<string, unknown>)[key] : undefined, value);
    if (Array.isArray(into)) into[Number(key)] = next;
    else defineOwn(into, key, next);
  }
  return into;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return isObject(value) || Array.isArray(value);
}

function holds(node: unknown, p: readonly PathSegment[]): boolean {
  for (const segment of p) {
    if ((!isObject(node) && !Array.isArray(node)) || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
    if (node === undefined) return false;
  }
  return true;
}
