import { queueReceivers } from '../src/analysis/queue-receivers.js';
import { deployedNameOf } from '../src/model/alarm-watch.js';
import { failureSinks, isWatched, type FailurePath } from '../src/model/failure-sinks.js';
import type { Stack } from '../src/model/types.js';
import { createTemplateRule } from '../src/rule/create-template-rule.js';
import { shortList } from '../src/rule/message-text.js';
import { DEFAULT_MONITORING, MONITORING_SCHEMA, monitoredElsewhere, type MonitoringOptions } from '../src/rule/monitoring-options.js';

export default createTemplateRule<'unwatchedQueue' | 'unwatchedTopic', [MonitoringOptions]>({
  name: 'dlq-alarm',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an alarm or a consumer on every queue or topic that failed events end in',
      principle: 'errors-notified',
      recommended: 'warn',
      why:
        'A dead-letter queue or failure destination keeps what failed, but tells nobody: without an alarm on it or a function reading it, failures pile up until a customer notices, and SQS deletes them when their retention ends.',
      fix:
        'Add an AWS::CloudWatch::Alarm on the queue\'s ApproximateNumberOfMessagesVisible (or ApproximateAgeOfOldestMessage), or on the topic\'s NumberOfMessagesPublished, with an action that notifies someone; or consume it with a function that handles or replays the failures.',
    },
    messages: {
      unwatchedQueue: 'Queue {{queue}} ({{paths}}) has no alarm or consumer: failures there go unseen',
      unwatchedTopic: 'Topic {{topic}} ({{paths}}) has no alarm or subscriber: failures published there go unseen',
    },
    schema: [MONITORING_SCHEMA],
    defaultOptions: [DEFAULT_MONITORING],
  },
  check(context) {
    const elsewhere = monitoredElsewhere(context.options[0]);
    for (const stack of context.model.stacks) {
      const receivers = context.analysis ? queueReceivers(context.analysis, stack) : undefined;
      for (const sink of failureSinks(stack, receivers)) {
        const { resource } = sink;
        if (isWatched(sink) || elsewhere([resource.logicalId, resource.name, deployedNameOf(resource)])) continue;
        const name = resource.name ?? resource.logicalId;
        const paths = shortList(sink.paths.map((p) => describePath(p, stack)), 1);
        context.report({
          ...(resource.kind === 'topic'
            ? { messageId: 'unwatchedTopic' as const, data: { topic: name, paths } }
            : { messageId: 'unwatchedQueue' as const, data: { queue: name, paths } }),
          at: resource.at,
          subjects: [resource],
        });
      }
    }
  },
});

/** `redrive target of OrdersQueue`, `DLQ of Notify`, `Kinesis on-failure destination of Aggregate`. */
function describePath(path: FailurePath, stack: Stack): string {
  const from = nameOf(path.from, stack);
  switch (path.route) {
    case 'redrive': return `redrive target of ${from}`;
    case 'dead-letter': return `DLQ of ${from}`;
    case 'on-failure': return path.trigger ? `${path.trigger.kind} on-failure destination of ${from}` : `on-failure destination of ${from}`;
    case 'delivery-dead-letter': return `${path.trigger?.kind ?? 'delivery'} DLQ of ${from}`;
    case 'subscription': return `subscribed to failure topic ${from}`;
  }
}

function nameOf(id: string, stack: Stack): string {
  const element = stack.functions.find((fn) => fn.logicalId === id) ?? stack.resources.find((r) => r.logicalId === id);
  return element?.name ?? id;
}
