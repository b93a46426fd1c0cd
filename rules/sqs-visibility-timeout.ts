import { createTemplateRule } from '../src/rule/create-template-rule.js';
import type { FunctionNode } from '../src/model/types.js';

/** SQS's default visibility timeout, and Lambda's default timeout in CloudFormation and SAM (the Serverless reader writes its own 6 s). */
const SQS_DEFAULT_VISIBILITY_TIMEOUT = 30;
const LAMBDA_DEFAULT_TIMEOUT = 3;
/** AWS's guidance: at least six times the function timeout, so a batch survives retries of throttled invocations. */
const FACTOR = 6;

export default createTemplateRule({
  name: 'sqs-visibility-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a visibility timeout of at least six times the timeout of the functions that consume the queue',
      principle: 'exactly-once',
      recommended: 'error',
      why: 'A message still being processed when its visibility timeout ends becomes visible again, and a second invocation processes it too.',
      fix: "Set the queue's VisibilityTimeout to at least 6 × the consuming function's timeout (plus MaximumBatchingWindowInSeconds).",
    },
    messages: {
      visibilityTimeoutTooShort: "Visibility timeout of {{queue}}, {{visibilityTimeout}}, is under 6 × {{function}}'s {{timeout}} timeout: messages run twice",
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      const index = context.stacks.of(stack);
      for (const queue of stack.resources) {
        if (!queue.queue) continue;
        const { visibilityTimeout, visibilityTimeoutAt } = queue.queue;
        // Written as a parameter or a condition: not ours to guess.
        if (visibilityTimeout === undefined && visibilityTimeoutAt) continue;
        const visibility = visibilityTimeout ?? SQS_DEFAULT_VISIBILITY_TIMEOUT;
        const consumerIds = index.triggersFrom(queue.logicalId).filter((t) => t.kind === 'SQS').map((t) => t.functionLogicalId);
        const tooSlow = index.functionsWithIds(consumerIds)
          .filter((fn) => visibility < FACTOR * timeoutOf(fn))
          .sort((a, b) => timeoutOf(b) - timeoutOf(a));
        const slowest = tooSlow[0];
        if (!slowest) continue;
        context.report({
          messageId: 'visibilityTimeoutTooShort',
          data: {
            queue: queue.name ?? queue.logicalId,
            visibilityTimeout: visibilityTimeout === undefined ? `${visibility} s (the SQS default)` : `${visibility} s`,
            timeout: slowest.timeout === undefined ? `${LAMBDA_DEFAULT_TIMEOUT} s (Lambda's default)` : `${slowest.timeout} s`,
            function: slowest.name ?? slowest.logicalId,
          },
          at: visibilityTimeoutAt ?? queue.at,
          subjects: [queue, ...tooSlow],
        });
      }
    }
  },
});

function timeoutOf(fn: FunctionNode): number {
  return fn.timeout ?? LAMBDA_DEFAULT_TIMEOUT;
}
