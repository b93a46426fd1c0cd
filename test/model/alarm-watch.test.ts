import { describe, expect, it } from 'vitest';
import { alarmsWatching, deployedNameOf, metricsAbout, type MetricQuery } from '../../src/model/alarm-watch.js';
import type { AlarmMetric, AlarmNode, ResourceNode, Stack } from '../../src/model/types.js';

const at = { file: '/t/template.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 };
const queue = (logicalId: string, properties: Record<string, unknown> = {}): ResourceNode =>
  ({ logicalId, type: 'AWS::SQS::Queue', kind: 'queue', at, properties, ignoredRules: [] });
const alarm = (logicalId: string, metrics: AlarmMetric[], unreadable = false): AlarmNode =>
  ({ logicalId, at, metrics, ...(unreadable ? { unreadable: true } : {}), ignoredRules: [] });
const stackWith = (alarms: AlarmNode[]): Stack => ({
  templatePath: at.file, format: 'cloudformation', functions: [], triggers: [], links: [], alarms,
  resources: [queue('OrdersDLQ'), queue('PaymentsDLQ', { QueueName: { 'Fn::Sub': '${Stage}-payments-dlq' } })],
});
const depth = (ids: string[], names: string[] = []): MetricQuery => ({
  namespace: 'AWS/SQS', metricNames: ['ApproximateNumberOfMessagesVisible'], dimensionNames: ['QueueName'], ids: new Set(ids), names,
});
const sqs = (dimensions: AlarmMetric['dimensions'], metricName = 'ApproximateNumberOfMessagesVisible'): AlarmMetric => ({ namespace: 'AWS/SQS', metricName, dimensions });
const watching = (alarms: AlarmNode[], query: MetricQuery) => alarmsWatching(stackWith(alarms), query).map((a) => a.logicalId);

describe('alarmsWatching', () => {
  it('matches the metric, the namespace and a dimension that references or names the element', () => {
    const alarms = [
      alarm('ByRef', [sqs([{ name: 'QueueName', references: ['OrdersDLQ'] }])]),
      alarm('ByName', [sqs([{ name: 'QueueName', references: [], value: 'orders-dlq' }])]),
      alarm('OtherMetric', [sqs([{ name: 'QueueName', references: ['OrdersDLQ'] }], 'NumberOfMessagesDeleted')]),
      alarm('OtherDimension', [sqs([{ name: 'Queue', references: ['OrdersDLQ'] }])]),
      alarm('OtherNamespace', [{ namespace: 'AWS/SNS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', references: ['OrdersDLQ'] }] }]),
    ];
    expect(watching(alarms, depth(['OrdersDLQ'], ['orders-dlq']))).toEqual(['ByRef', 'ByName']);
    expect(watching(alarms, depth(['PaymentsDLQ']))).toEqual([]);
  });

  it('counts a metric without dimensions only when the query takes a stack-wide one', () => {
    const alarms = [alarm('All', [sqs([])])];
    expect(watching(alarms, depth(['OrdersDLQ']))).toEqual([]);
    expect(watching(alarms, { ...depth(['OrdersDLQ']), stackWide: true })).toEqual(['All']);
  });

  it('matches a name from parameters spelled the same, not another one', () => {
    const payments = deployedNameOf(stackWith([]).resources[1]!);
    expect(payments).toBe('${Stage}-payments-dlq');
    const alarms = [
      alarm('Same', [sqs([{ name: 'QueueName', references: ['Stage'], value: '${Stage}-payments-dlq' }])], true),
      alarm('Other', [sqs([{ name: 'QueueName', references: ['Stage'], value: '${Stage}-orders-dlq' }])], true),
    ];
    expect(watching(alarms, depth(['PaymentsDLQ'], [payments!]))).toEqual(['Same']);
  });

  it('takes what an unreadable alarm left unknown to match; a known part that differs still does not', () => {
    const alarms = [
      alarm('Search', [], true),
      alarm('UnknownNamespace', [{ metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', references: ['OrdersDLQ'] }] }], true),
      alarm('UnknownDimension', [sqs([{ name: 'QueueName', references: [] }])], true),
      alarm('KnownOtherQueue', [sqs([{ name: 'QueueName', references: ['PaymentsDLQ'] }])], true),
      alarm('ReadableUnknownNamespace', [{ metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', references: ['OrdersDLQ'] }] }]),
    ];
    expect(watching(alarms, depth(['OrdersDLQ']))).toEqual(['Search', 'UnknownNamespace', 'UnknownDimension']);
  });
});

describe('metricsAbout', () => {
  it('lists the metrics alarms read about the element, by a dimension that names it', () => {
    const alarms = [
      alarm('Duration', [{ namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: [{ name: 'FunctionName', references: ['Worker'] }] }]),
      alarm('Throttles', [{ namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: [{ name: 'FunctionName', references: [], value: 'orders-other' }] }]),
      alarm('AccountConcurrency', [{ namespace: 'AWS/Lambda', metricName: 'ConcurrentExecutions', dimensions: [] }]),
    ];
    const query = { namespace: 'AWS/Lambda', dimensionNames: ['FunctionName'], ids: new Set(['Worker']), names: ['orders-worker'] };
    expect(metricsAbout(stackWith(alarms), query)).toEqual(['Duration']);
  });
});
