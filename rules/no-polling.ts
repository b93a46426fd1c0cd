import { getCodeFacts } from '../src/code/code-facts.js';
import { pollingSites } from '../src/code/polling.js';
import { leadingKeywordLoc } from '../src/code/leading-keyword.js';
import { createRule } from '../src/rule/create-rule.js';

type MessageIds = 'pollingLoop' | 'pollingRecursion';

export interface Options {
  /** Names of functions or methods that wait (`sleep`, `delay`...): a call to one in a loop counts as waiting. */
  sleepFunctions?: string[];
}

export default createRule<[Options], MessageIds>({
  name: 'no-polling',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow loops that wait and read a status again until it changes',
      principle: 'events-flow-one-way',
      recommended: 'error',
      why:
        'A function that polls pays for every second it sleeps, holds a concurrency slot doing nothing, and turns a slow day into a timeout and a retry that polls again.',
      fix:
        'React to an event instead (a Step Functions status-change event, an S3 notification, a DynamoDB stream, a task token), or let an SQS delay or a Step Functions Wait state do the waiting.',
    },
    messages: {
      pollingLoop: 'This loop polls: it waits ({{wait}}) and reads {{read}} again until it changes, paying for the wait',
      pollingRecursion: 'This function polls by calling itself: it waits ({{wait}}) and reads {{read}} again, paying for the wait',
    },
    schema: [
      {
        type: 'object',
        properties: { sleepFunctions: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ sleepFunctions: ['sleep', 'delay', 'wait', 'setTimeoutPromise'] }],
  },
  create(context, [options]) {
    const program = context.sourceCode.ast;
    return {
      'Program:exit'() {
        const facts = getCodeFacts(program);
        for (const site of pollingSites(program, facts, options.sleepFunctions ?? [])) {
          const data = { wait: site.wait, read: site.read };
          if (site.kind === 'loop') {
            // The loop's keyword (`while`, `do`, `for`), not its whole body.
            context.report({ loc: leadingKeywordLoc(site.node, context.sourceCode.text), messageId: 'pollingLoop', data });
          } else {
            context.report({ node: site.node, messageId: 'pollingRecursion', data });
          }
        }
      },
    };
  },
});
