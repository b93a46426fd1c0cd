import type { TSESTree } from '@typescript-eslint/utils';
import { catchSites, type CatchSite } from '../src/code/catches.js';
import { getCodeFacts } from '../src/code/code-facts.js';
import { catchHandlesError, isEmptyCatch } from '../src/code/error-handling.js';
import { droppedSettledResults } from '../src/code/settled-results.js';
import { createRule } from '../src/create-rule.js';

type MessageIds = 'swallowedError' | 'emptyCatch' | 'droppedRejections';

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
        for (const site of catchSites(program, decls)) {
          if (isEmptyCatch(site)) {
            context.report({ loc: where(site), messageId: 'emptyCatch' });
            continue;
          }
          // `undefined`: a handler we cannot read, so not ours to judge.
          if (catchHandlesError(site, decls, { notifiers }) === false) context.report({ loc: where(site), messageId: 'swallowedError' });
        }
        for (const call of droppedSettledResults(program)) context.report({ node: call.callee, messageId: 'droppedRejections' });
      },
    };
  },
});
