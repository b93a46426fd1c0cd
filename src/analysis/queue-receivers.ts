import type { Stack } from '../model/types.js';
import type { ProjectAnalysis } from './analysis.js';

/**
 * The functions whose code receives messages from each queue of a stack (SQS `ReceiveMessage` on a
 * queue the analysis resolves): a replay or redrive job a schedule or a person starts reads a
 * dead-letter queue this way, with no event source mapping on it.
 */
export function queueReceivers(analysis: ProjectAnalysis, stack: Stack): (queue: string) => string[] {
  const byQueue = new Map<string, string[]>();
  for (const e of analysis.emissions()) {
    if (e.reach.stack !== stack || !e.target || e.op.service !== 'SQS' || e.op.operation !== 'ReceiveMessage') continue;
    const list = byQueue.get(e.target) ?? [];
    if (!list.includes(e.reach.fn.logicalId)) list.push(e.reach.fn.logicalId);
    byQueue.set(e.target, list);
  }
  return (queue) => byQueue.get(queue) ?? [];
}
