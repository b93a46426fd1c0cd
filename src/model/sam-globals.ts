import { defineOwn, isObject } from '../util/objects.js';

/**
 * SAM's Globals semantics: the function's own value wins for scalars, maps merge key by key
 * (recursively), and lists are the global items followed by the function's.
 */
export function mergeGlobals(globals: unknown, local: unknown): unknown {
  if (local === undefined) return globals;
  if (globals === undefined) return local;
  if (Array.isArray(globals) && Array.isArray(local)) return [...globals, ...local];
  if (isObject(globals) && isObject(local) && !isIntrinsic(globals) && !isIntrinsic(local)) {
    const merged: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(globals), ...Object.keys(local)])) {
      defineOwn(merged, key, mergeGlobals(globals[key], local[key]));
    }
    return merged;
  }
  return local;
}

function isIntrinsic(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}
