import type { PathSegment } from '../template/source-location.js';
import { isObject } from '../util/objects.js';

/**
 * The value at a path when it is written, with the path that was found: an intrinsic function on the
 * way (`TracingConfig: !If [...]`) ends the walk there, with a value no one can read.
 */
export function lookup(root: unknown, segments: readonly PathSegment[]): { value: unknown; path: PathSegment[] } | undefined {
  let node = root;
  for (const [i, segment] of segments.entries()) {
    if (isObject(node) && isIntrinsic(node)) return i === 0 ? undefined : { value: undefined, path: segments.slice(0, i) };
    if (!isObject(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return { value: node, path: [...segments] };
}

export function hasPath(value: unknown, segments: readonly PathSegment[]): boolean {
  let node = value;
  for (const segment of segments) {
    if (!isObject(node) || !Object.hasOwn(node, segment)) return false;
    node = node[segment];
  }
  return true;
}

function isIntrinsic(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}
