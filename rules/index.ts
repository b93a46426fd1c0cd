import type { TSESLint } from '@typescript-eslint/utils';
import type { TemplateRule } from '../src/rule/template-rule.js';
import conditionalWrites from './conditional-writes.js';
import noClientInHandler from './no-client-in-handler.js';
import noEventCycle from './no-event-cycle.js';
import noHardcodedResource from './no-hardcoded-resource.js';
import noPolling from './no-polling.js';
import noScan from './no-scan.js';
import noSwallowedErrors from './no-swallowed-errors.js';
import noSyncInvoke from './no-sync-invoke.js';
import noUnwrappedSdk from './no-unwrapped-sdk.js';
import propagateTraceId from './propagate-trace-id.js';
import sqsRedrivePolicy from './sqs-redrive-policy.js';
import asyncFailureDestination from './async-failure-destination.js';
import batchPartialFailure from './batch-partial-failure.js';
import dlqAlarm from './dlq-alarm.js';
import errorAlarm from './error-alarm.js';
import eventbridgeTargetDlq from './eventbridge-target-dlq.js';
import snsRedrivePolicy from './sns-redrive-policy.js';
import sqsVisibilityTimeout from './sqs-visibility-timeout.js';
import streamFailureDestination from './stream-failure-destination.js';
import tracingEnabled from './tracing-enabled.js';

/** Rules over handler code: ESLint rules, run by the plugin in editors and by the CLI in-process. */
export const codeRules: Record<string, TSESLint.RuleModule<string, readonly unknown[]>> = {
  'no-sync-invoke': noSyncInvoke,
  'no-unwrapped-sdk': noUnwrappedSdk,
  'no-hardcoded-resource': noHardcodedResource,
  'no-client-in-handler': noClientInHandler,
  'no-scan': noScan,
  'conditional-writes': conditionalWrites,
  'no-swallowed-errors': noSwallowedErrors,
  'propagate-trace-id': propagateTraceId,
  'no-polling': noPolling,
  'no-event-cycle': noEventCycle,
  // Rules with a code half and a template half (src/rule/create-cross-layer-rule.ts) are in both maps.
  'batch-partial-failure': batchPartialFailure,
};

/** Rules over the architecture model, run by the CLI, each under the name it declares. */
export const templateRules: Readonly<Record<string, TemplateRule>> = Object.fromEntries(
  [
    sqsRedrivePolicy,
    asyncFailureDestination,
    streamFailureDestination,
    eventbridgeTargetDlq,
    snsRedrivePolicy,
    tracingEnabled,
    sqsVisibilityTimeout,
    batchPartialFailure,
    dlqAlarm,
    errorAlarm,
  ].map((rule) => [rule.name, rule]),
);
