/**
 * Plugins that alarm on the depth of SQS queues: serverless-sqs-alarms-plugin (`custom.sqs-alarms`)
 * and its fork @digitalmaas/serverless-plugin-sqs-alarms (`custom.sqsAlarms`). Each entry names a
 * queue (by its deployed name, or a reference in the fork) and one alarm per threshold on its
 * `AWS/SQS` `ApproximateNumberOfMessagesVisible`, the queue as the `QueueName` dimension.
 */
import type { PathSegment } from '../template/source-location.js';
import { isObject } from '../util/objects.js';
import { asString, referencedIds } from './intrinsics.js';
import { listsPlugin } from './serverless-plugin-list.js';
import type { AlarmNode, TemplateRef } from './types.js';

interface SqsAlarmsPlugin {
  /** The package, as `plugins` lists it (a scoped name ends with it). */
  plugin: string;
  /** Its key under `custom`. */
  key: string;
  /** The logical id the plugin gives the alarm of one threshold (the fork's random suffix left out). */
  logicalId(entry: Record<string, unknown>, threshold: unknown): string | undefined;
}

const PLUGINS: SqsAlarmsPlugin[] = [
  {
    plugin: 'serverless-sqs-alarms-plugin',
    key: 'sqs-alarms',
    logicalId: (entry, threshold) => {
      const queue = asString(entry['queue']);
      return queue === undefined ? undefined : `${queue.replace(/[^0-9a-z]/gi, '')}MessageAlarm${String(threshold)}`;
    },
  },
  {
    plugin: 'serverless-plugin-sqs-alarms',
    key: 'sqsAlarms',
    logicalId: (entry, threshold) => {
      const name = asString(entry['name']) ?? asString(entry['queue']);
      return name === undefined ? undefined : `${pascalCase(name)}Threshold${String(threshold)}SqsAlarm`;
    },
  },
];

/** The alarms the SQS alarm plugins listed in `plugins` add, one per threshold of each entry. */
export function sqsAlarmsPluginAlarms(config: Record<string, unknown>, at: (path: readonly PathSegment[]) => TemplateRef): AlarmNode[] {
  const custom = isObject(config['custom']) ? config['custom'] : {};
  const nodes: AlarmNode[] = [];
  for (const plugin of PLUGINS) {
    const entries = custom[plugin.key];
    if (!listsPlugin(config, plugin.plugin) || !Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      if (!isObject(entry) || !Array.isArray(entry['thresholds'])) return;
      const queue = entry['queue'];
      const references = referencedIds(queue);
      const value = typeof queue === 'string' && !queue.includes('${') ? queue : undefined;
      for (const [n, item] of entry['thresholds'].entries()) {
        const threshold = isObject(item) ? item['value'] : item;
        const namespace = (isObject(item) ? asString(item['namespace']) : undefined) ?? 'AWS/SQS';
        nodes.push({
          logicalId: plugin.logicalId(entry, threshold) ?? `${plugin.key}${i}Alarm${n}`,
          at: at(['custom', plugin.key, i]),
          metrics: [{
            namespace,
            metricName: 'ApproximateNumberOfMessagesVisible',
            dimensions: [{ name: 'QueueName', references, ...(value !== undefined ? { value } : {}) }],
          }],
          ...(value === undefined && references.length === 0 ? { unreadable: true } : {}),
          ignoredRules: [],
        });
      }
    });
  }
  return nodes;
}

/** lodash's `upperFirst(camelCase(text))`, which the fork names its alarms with. */
function pascalCase(text: string): string {
  return (text.match(/[A-Z]{2,}(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+/g) ?? [])
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}
