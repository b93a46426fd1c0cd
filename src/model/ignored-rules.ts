import { isObject } from '../util/objects.js';

/** `Metadata: { sls-lint: { ignore: [rule ids], reason } }`, with or without the `sls/` prefix. */
export function ignoredRules(resource: Record<string, unknown>): string[] {
  const metadata = isObject(resource['Metadata']) ? resource['Metadata'] : {};
  const ours = metadata['sls-lint'];
  const ignore = isObject(ours) ? ours['ignore'] : undefined;
  const ids = Array.isArray(ignore) ? ignore : typeof ignore === 'string' ? [ignore] : [];
  return ids.filter((x): x is string => typeof x === 'string').map((x) => (x.startsWith('sls/') ? x : `sls/${x}`));
}
