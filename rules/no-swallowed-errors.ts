import type { TSESTree } from '@typescript-eslint/utils';
import { catchSites, type CatchSite } from '../src/code/catches.js';
import { getCodeFacts } from '../src/code/code-facts.js';
import { catchHandlesError, fallbackToNothing, handlesError, isEmptyCatch, type CalleeLookup, type HandlingOptions, type ModuleCode } from '../src/code/error-handling.js';
import { handlerEntries } from '../src/code/handler-entry.js';
import { leadingKeywordLoc } from '../src/code/leading-keyword.js';
import { enclosingFunctions, getParents } from '../src/code/parents.js';
import { settledCalls } from '../src/code/settled-results.js';
import type { Node } from '../src/code/ast.js';
import { createRule } from '../src/rule/create-rule.js';
import { atLeastOnceSource, unreadReach } from '../src/analysis/reach-queries.js';
import { getSlsServices, type CodeContext } from '../src/rule/services.js';

type MessageIds = 'swallowedError' | 'emptyCatch' | 'droppedRejections' | 'statusIgnored' | 'unreadFailure' | 'nothingReturned' | 'rejectionsLogged' | 'rejectionsUnread';

export interface Options {
  /** Function or method names that report an error somewhere: a call to one counts as handling. */
  notifiers?: string[];
}

/** Where nobody reads what the code answers or logs: the function and its source, for the message, and the options that judge it. */
interface UnreadPath {
  data: { function: string; source: string };
  options: HandlingOptions;
}

export default createRule<[Options], MessageIds>({
  name: 'no-swallowed-errors',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catching an error without rethrowing, returning a failure, logging it at error level or notifying',
      principle: 'errors-notified',
      recommended: 'error',
      why:
        'A catch that swallows the error turns off what the platform does on failure (retries, the dead-letter queue, the Errors metric): the invocation succeeds and the event is lost unnoticed.',
      fix: 'Rethrow the error (or the errors you do not expect), return a failure the caller checks, log it with logger.error, or notify someone.',
      fixes: {
        statusIgnored:
          'Rethrow the error, report the item as failed (batchItemFailures), send it on to a retry queue, or notify: an event source reads no HTTP status.',
        unreadFailure:
          'Rethrow the error, report the item as failed (batchItemFailures), send it on to a retry queue, or notify: only a failed invocation is retried.',
        nothingReturned: 'Rethrow the error (after handling the errors you expect, like a missing item), or return a failure the caller checks.',
        emptyCatch: 'Rethrow the error, or log it at error level.',
        droppedRejections: "Check each result's status ('rejected') and handle its reason: rethrow, log with logger.error, or hand the item on.",
        rejectionsLogged: 'Rethrow the reasons (an AggregateError), log them with logger.error, or hand the failed items on.',
        rejectionsUnread: 'Rethrow the reasons (an AggregateError), report the items as failed (batchItemFailures), or send them on to a retry queue.',
      },
    },
    messages: {
      swallowedError: 'This catch swallows the error (no rethrow, failure, error log or notice): the invocation succeeds, the error is lost',
      statusIgnored: 'This catch answers with an HTTP status, but {{source}} ignores what {{function}} returns: the error is swallowed',
      unreadFailure: "This catch only logs or returns the error, but {{source}} reads neither: {{function}}'s event is lost, not retried",
      nothingReturned: 'This catch turns the error into {{value}}: its caller goes on as if nothing had failed',
      emptyCatch: 'Empty catch: the error is dropped without a trace, and the invocation succeeds',
      droppedRejections: 'Nothing reads the rejections of this Promise.allSettled: the promises that failed are dropped silently',
      rejectionsLogged: 'The rejections of this Promise.allSettled are only logged below error level: the failures are dropped',
      rejectionsUnread: 'The rejections of this Promise.allSettled are only logged, but {{source}} reads no logs: {{function}} drops them',
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
      return site.node.type === 'CatchClause' ? leadingKeywordLoc(site.node, context.sourceCode.text) : site.node.loc;
    }

    return {
      'Program:exit'() {
        const facts = getCodeFacts(program);
        const services = getSlsServices(context);
        const join = services.crossLayer;
        const code: ModuleCode = { declarations: facts.declarations, emitting: facts.emitting, file: context.filename };
        const base: HandlingOptions = { notifiers, ...(join ? { callees: calleesIn(join) } : {}) };
        const handlers = new Set<Node | undefined>(handlerEntries(facts.exportedFunctions, services.handlerNames).map((e) => e.fn));
        const parents = getParents(program);

        for (const site of catchSites(program, facts.declarations)) {
          if (isEmptyCatch(site)) {
            context.report({ loc: where(site), messageId: 'emptyCatch' });
            continue;
          }
          // `undefined`: a handler we cannot read, so not ours to judge.
          const handled = catchHandlesError(site, code, base);
          if (handled === false) {
            context.report({ loc: where(site), messageId: 'swallowedError' });
            continue;
          }
          if (handled === undefined) continue;
          const unread = join ? unreadPath(join, site.node, base, site.kind === 'try') : undefined;
          if (unread) {
            // A status code only reports a failure to a synchronous caller; a log line or an answer, to nobody here.
            if (catchHandlesError(site, code, { ...base, statusSignalsFailure: false }) === false) {
              context.report({ loc: where(site), messageId: 'statusIgnored', data: unread.data });
            } else if (catchHandlesError(site, code, unread.options) === false) {
              context.report({ loc: where(site), messageId: 'unreadFailure', data: unread.data });
            }
            continue;
          }
          // A helper's caller is told nothing by a log line: `null` reads as "not there".
          const nothing = fallbackToNothing(site);
          const inHandler = site.kind === 'try' && handlers.has(enclosingFunctions(site.node, parents)[0]);
          if (nothing && !inHandler && catchHandlesError(site, code, { ...base, logsReport: false }) === false) {
            context.report({ loc: where(site), messageId: 'nothingReturned', data: { value: nothing } });
          }
        }

        for (const settled of settledCalls(program)) {
          if (settled.dropped) {
            context.report({ node: settled.call.callee, messageId: 'droppedRejections' });
            continue;
          }
          if (settled.rejectedBranches.length === 0) continue;
          const unread = join ? unreadPath(join, settled.call, base, true) : undefined;
          if (settled.rejectedBranches.every((b) => !handlesError(b.body, b.names, code, unread?.options ?? base))) {
            context.report({ node: settled.call.callee, ...(unread ? { messageId: 'rejectionsUnread', data: unread.data } : { messageId: 'rejectionsLogged' }) });
          }
        }
      },
    };
  },
});

/**
 * Project mode: when some function that nobody waits for reaches the code, only failing the
 * invocation, notifying or handing the item on counts. What the code returns still reaches its
 * caller in a helper, but not in that function's handler (`inHandler`: a try/catch in it).
 */
function unreadPath(join: CodeContext, node: Node, base: HandlingOptions, returnsFromHere: boolean): UnreadPath | undefined {
  const found = unreadReach(join.analysis, join.reachersOf(node));
  if (!found) return undefined;
  const { reach, inHandler } = found;
  return {
    data: { function: reach.fn.name ?? reach.fn.logicalId, source: atLeastOnceSource(join.analysis, reach) },
    options: { ...base, statusSignalsFailure: false, logsReport: false, answerRead: false, returnRead: !(inHandler && returnsFromHere) },
  };
}

/** Calls resolved through the analysis' imports, to functions with the code of their modules. */
function calleesIn(join: CodeContext): CalleeLookup {
  return (call, file) => join.analysis.calleesAt(file, call).map(({ index, fn }) => {
    const facts = getCodeFacts(index.program);
    return { fn, code: { declarations: facts.declarations, emitting: facts.emitting, file: index.file } };
  });
}

