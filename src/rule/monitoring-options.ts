import picomatch from 'picomatch';

/**
 * The options of the rules that ask whether someone is told about failures (`dlq-alarm`,
 * `error-alarm`): where the answer is kept outside the template, a third-party tool's alerts.
 */
export interface MonitoringOptions {
  /** Every alert lives in another tool (Datadog, New Relic...): the rule reports nothing. */
  externalMonitoring?: boolean;
  /** Globs of logical ids, construct paths or deployed names a third-party tool watches. */
  monitored?: string[];
}

export const MONITORING_SCHEMA = {
  type: 'object',
  properties: {
    externalMonitoring: { type: 'boolean', description: 'Alerts live in a third-party tool for every resource: report nothing.' },
    monitored: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Globs of logical ids, construct paths or deployed names a third-party tool watches.',
    },
  },
  additionalProperties: false,
} as const;

export const DEFAULT_MONITORING: MonitoringOptions = { externalMonitoring: false, monitored: [] };

/** Whether an element is watched outside the template, by any of the names it goes by; made once per run. */
export function monitoredElsewhere(options: MonitoringOptions): (names: readonly (string | undefined)[]) => boolean {
  if (options.externalMonitoring) return () => true;
  const globs = options.monitored ?? [];
  if (globs.length === 0) return () => false;
  const matches = picomatch([...globs], { dot: true });
  return (names) => names.some((name) => name !== undefined && matches(name));
}
