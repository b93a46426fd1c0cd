import { asNumber, asString, failureTargetOf } from './intrinsics.js';
import type { FunctionNode } from './types.js';
import { isObject } from '../util/objects.js';

/** Asynchronous-invocation failure handling, from SAM's `EventInvokeConfig` or an AWS::Lambda::EventInvokeConfig. */
export function applyInvokeConfig(fn: FunctionNode, config: Record<string, unknown>): void {
  const retries = asNumber(config['MaximumRetryAttempts']);
  if (retries !== undefined) fn.failure.maximumRetryAttempts = retries;
  const destinations = isObject(config['DestinationConfig']) ? config['DestinationConfig'] : undefined;
  const onFailure = destinations && isObject(destinations['OnFailure']) ? destinations['OnFailure'] : undefined;
  const destination = onFailure ? failureTargetOf(onFailure['Destination']) ?? asString(onFailure['Type']) : undefined;
  if (destination) fn.failure.onFailure = destination;
}
