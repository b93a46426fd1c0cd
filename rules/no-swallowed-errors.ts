import type { TSESTree } from '@typescript-eslint/utils';
import { catchSites, type CatchSite } from '../src/code/catches.js';
import { getCodeFacts } from '../src/code/code-facts.js';
import { catchHandlesError, isEmptyCatch } from '../src/code/error-handling.js';
import { droppedSettledResults } from '../src/code/settled-results.js';
import { createRule } from '../src/rule/create-rule.js';
import type { Reach } from '../src/analysis/analysis.js';
import { atLeastOnceSource, deliveriesOf } from '../src/analysis/reach-queries.js';
import { getSlsServices } from '../src/rule/services.js';

/** Functions with triggers, none of them synchronous: no caller reads what they return. */
function asyncOnly(reaches: readonly Reach[]): Reach[] {
  const deliveries = reaches.map((r) => [r, deliveriesOf(r)] as const);
  if (deliveries.some(([, d]) => d.length === 0 || d.includes('sync'))) return [];
  return deliveries.map(([r]) => r);
}

type MessageIds = 'swallowedError' | 'emptyCatch' | 'droppedRejections' | 'statusIgnored';

export interface Options {
  /** Function or method names that report an error somewhere: a call to one counts as handling. */
  notifiers?: string[];
}

export default createRule<[Options], MessageIds>({
  name: 'no-swallowed-errors',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catching an error without rethrowing, returning a failure, logging it at error level or notifying',
      principle: 'errors-notified',
      recommended: 'error',
    },
    messages: {
      swallowedError:
        'This catch swallows the error: it does not rethrow, return a failure, log at error level or notify anyone, so the invocation succeeds and the error is lost. Rethrow it (or the errors you do not expect), return a failure, or log it with logger.error.',
      statusIgnored:
        'This catch answers with an HTTP status, but {{function}} is invoked by {{source}}, which ignores what the function returns: the error is swallowed and the event counts as processed. Rethrow it, report it (batchItemFailures, logger.error), or notify.',
      emptyCatch: 'Empty catch: the error is dropped without a trace, and the invocation succeeds. Rethrow it, or log it at error level.',
      droppedRejections:
        "Nothing reads the results of this Promise.allSettled for rejections: the promises that failed are dropped silently. Check each result's status ('rejected') and handle its reason.",
    },
    schema: [
      {
        type: 'object',
        properties: { notifiers: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ notifiers: ['captureException', 'notify', 'report', 'reportError', 'sendAlert'] }],
  },
  create(context, [options]) {
    const program = context.sourceCode.ast;
    const notifiers = options.notifiers ?? [];

    /** The `catch` keyword of a clause, or the `catch` of `.catch(...)`. */
    function where(site: CatchSite): TSESTree.SourceLocation {
      return site.node.type === 'CatchClause' ? context.sourceCode.getFirstToken(site.node)!.loc : site.node.loc;
    }

    return {
      'Program:exit'() {
        const decls = getCodeFacts(program).declarations;
        const join = getSlsServices(context).crossLayer;
        for (const site of catchSites(program, decls)) {
          if (isEmptyCatch(site)) {
            context.report({ loc: where(site), messageId: 'emptyCatch' });
            continue;
          }
          // `undefined`: a handler we cannot read, so not ours to judge.
          const handled = catchHandlesError(site, decls, { notifiers });
          if (handled === false) {
            context.report({ loc: where(site), messageId: 'swallowedError' });
            continue;
          }
          // Project mode: a status code only reports a failure to a synchronous caller.
          const reach = join ? asyncOnly(join.reachersOf(site.node))[0] : undefined;
          if (handled && reach && catchHandlesError(site, decls, { notifiers, statusSignalsFailure: false }) === false) {
            context.report({
              loc: where(site),
              messageId: 'statusIgnored',
              data: { function: reach.fn.name ?? reach.fn.logicalId, source: atLeastOnceSource(join!.analysis, reach) },
            });
          }
        }
        for (const call of droppedSettledResults(program)) context.report({ node: call.callee, messageId: 'droppedRejections' });
      },
    };
  },
});
