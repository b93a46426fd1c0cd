import path from 'node:path';
import { resolvedPath } from '../util/fs-fence.js';

/**
 * The folder GitHub resolves report paths against: `GITHUB_WORKSPACE` (the checkout) when it is
 * `cwd` or an ancestor of it, so that a run in a monorepo's `services/orders` reports
 * `services/orders/template.yaml` in SARIF and annotations. Otherwise none (paths stay relative to cwd).
 */
export function reportPathBase(cwd: string, workspace: string | undefined): string | undefined {
  if (!workspace || !path.isAbsolute(workspace)) return undefined;
  for (const base of new Set([path.resolve(workspace), resolvedPath(workspace)])) {
    if (base === undefined) continue;
    const rel = path.relative(base, cwd);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return base;
  }
  return undefined;
}
