import { isObject } from '../util/objects.js';

/**
 * Whether a serverless.yml's `plugins` (a list, or the `modules` of an object) names a package;
 * a scoped fork (`@team/serverless-plugin-aws-alerts`) counts as the package it forks.
 */
export function listsPlugin(config: Record<string, unknown>, name: string): boolean {
  const plugins = config['plugins'];
  const list = Array.isArray(plugins) ? plugins : isObject(plugins) && Array.isArray(plugins['modules']) ? plugins['modules'] : [];
  return list.some((entry) => typeof entry === 'string' && (entry === name || entry.endsWith(`/${name}`)));
}
