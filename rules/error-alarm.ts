import { alarmsWatching, metricsAbout } from '../src/model/alarm-watch.js';
import { functionIds } from '../src/model/function-ids.js';
import { failureSinks } from '../src/model/failure-sinks.js';
import type { FunctionNode, Stack, Trigger } from '../src/model/types.js';
import { createTemplateRule } from '../src/rule/create-template-rule.js';
import { shortList } from '../src/rule/message-text.js';
import { DEFAULT_MONITORING, MONITORING_SCHEMA, monitoredElsewhere, type MonitoringOptions } from '../src/rule/monitoring-options.js';

export default createTemplateRule<'missingErrorAlarm' | 'otherMetricsOnly', [MonitoringOptions]>({
  name: 'error-alarm',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an alarm on the errors of every function invoked asynchronously, from a queue, a stream or a schedule',
      principle: 'errors-notified',
      recommended: 'warn',
      why:
        'Nobody waits for the answer of an asynchronous, queue, stream or scheduled invocation: when such a function fails, retries and dead-letter queues keep the event, but no caller sees the error and nobody is told until a customer notices.',
      fix:
        'Add an AWS::CloudWatch::Alarm on the function\'s AWS/Lambda Errors metric (FunctionName dimension), or on an error rate computed from it, with an action that notifies someone; one alarm on Errors without dimensions covers every function of the account and region.',
      fixes: {
        otherMetricsOnly: 'Add an alarm on the function\'s AWS/Lambda Errors metric: Duration and Throttles alarms do not fire when the function throws.',
      },
    },
    messages: {
      missingErrorAlarm: 'Function {{function}} ({{triggers}}) has no alarm on its Errors: nobody is told when it fails',
      otherMetricsOnly: 'Function {{function}} ({{triggers}}) is alarmed on {{metrics}}, not on Errors: its failures go unseen',
    },
    schema: [MONITORING_SCHEMA],
    defaultOptions: [DEFAULT_MONITORING],
  },
  check(context) {
    const elsewhere = monitoredElsewhere(context.options[0]);
    for (const stack of context.model.stacks) {
      const index = context.stacks.of(stack);
      const alarmed = new Set(failureSinks(stack).filter((sink) => sink.alarms.length > 0).map((sink) => sink.resource.logicalId));
      for (const fn of stack.functions) {
        // A synchronous caller gets the error back; the others leave it to whoever watches the function.
        const unattended = index.triggersOf(fn.logicalId).filter((t) => t.delivery !== 'sync');
        const invokers = context.analysis?.asyncInvokers(fn, stack) ?? [];
        if (unattended.length === 0 && invokers.length === 0) continue;
        if (elsewhere([fn.logicalId, fn.name, fn.deployedName])) continue;
        const query = { namespace: 'AWS/Lambda', dimensionNames: ['FunctionName', 'Resource'], ids: functionIds(fn, stack), names: fn.deployedName ? [fn.deployedName] : [] };
        if (alarmsWatching(stack, { ...query, metricNames: ['Errors'], stackWide: true }).length > 0) continue;
        // Every event it fails on ends, after its retries, in a queue or topic with an alarm: someone is told.
        const ends = [...unattended.map((t) => failureEnds(t, fn, stack)), ...(invokers.length > 0 ? [asyncFailureEnds(fn)] : [])];
        if (ends.every((list) => list.some((end) => alarmed.has(end)))) continue;
        // Duration or Throttles alarms alone: the author meant to watch the function, and missed its errors.
        const others = metricsAbout(stack, query);
        const callers = [...new Set(invokers.map((e) => e.reach.fn.name ?? e.reach.fn.logicalId))];
        const fromCode = callers.length === 0 ? [] : [callers.length === 1 ? `an Event invoke from ${callers[0]}` : `Event invokes from ${shortList(callers)}`];
        const triggers = shortList([...describe(unattended, stack), ...fromCode]);
        context.report({
          ...(others.length > 0
            ? { messageId: 'otherMetricsOnly' as const, data: { function: fn.name ?? fn.logicalId, triggers, metrics: shortList(others) } }
            : { messageId: 'missingErrorAlarm' as const, data: { function: fn.name ?? fn.logicalId, triggers } }),
          at: fn.at,
          subjects: [fn],
        });
      }
    }
  },
});

/** Where an event the function fails on ends once retries are spent: its DLQ or destination, the queue's redrive target, the stream's destination. */
function failureEnds(trigger: Trigger, fn: FunctionNode, stack: Stack): string[] {
  if (trigger.delivery === 'async') return asyncFailureEnds(fn);
  const end = trigger.delivery === 'stream'
    ? trigger.onFailure
    : trigger.kind === 'SQS' ? stack.resources.find((r) => r.logicalId === trigger.source)?.queue?.deadLetterTarget : undefined;
  return end !== undefined ? [end] : [];
}

function asyncFailureEnds(fn: FunctionNode): string[] {
  return [fn.failure.onFailure, fn.failure.deadLetterTarget].filter((end): end is string => end !== undefined);
}

/** `SQS OrdersQueue, Schedule`: each kind with the resource it comes from, once. */
function describe(triggers: readonly Trigger[], stack: Stack): string[] {
  const names = triggers.map((t) => {
    if (t.source === undefined) return t.kind;
    const source = stack.resources.find((r) => r.logicalId === t.source);
    return `${t.kind} ${source ? source.name ?? source.logicalId : t.source}`;
  });
  return [...new Set(names)];
}
