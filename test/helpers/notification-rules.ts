/**
 * `--rule` (or `rules` of lintProject) turning off the rules that ask who is told about failures,
 * `sls/dlq-alarm` and `sls/error-alarm`: for tests about something else on projects that declare no
 * CloudWatch alarm, where every queue worker would otherwise add a finding of theirs.
 */
export const NOTIFICATION_RULES_OFF = JSON.stringify({ 'sls/dlq-alarm': 'off', 'sls/error-alarm': 'off' });
