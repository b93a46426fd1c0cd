import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName } from '../src/code/ast.js';
import { getCodeFacts, type SdkOperation } from '../src/code/code-facts.js';
import { staticString } from '../src/code/static-values.js';
import { createRule } from '../src/create-rule.js';

type MessageIds = 'syncInvoke' | 'syncExecution' | 'suggestEvent';

export default createRule<[], MessageIds>({
  name: 'no-sync-invoke',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow invoking a Lambda function or a state machine synchronously from a function',
      principle: 'events-flow-one-way',
      recommended: 'error',
    },
    hasSuggestions: true,
    messages: {
      syncInvoke:
        "Lambda Invoke with InvocationType {{invocationType}} makes this function wait for another one. Invoke with 'Event', or send the work through a queue, topic or bus.",
      syncExecution:
        'StartSyncExecution makes this function wait for the state machine. Use StartExecution and react to the execution\'s completion event.',
      suggestEvent: "Set InvocationType to 'Event'.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const facts = getCodeFacts(context.sourceCode.ast);
    const decls = facts.declarations;

    function check(op: SdkOperation): void {
      if (op.entry.service === 'StepFunctions' && op.operation === 'StartSyncExecution') {
        context.report({ node: op.node, messageId: 'syncExecution' });
        return;
      }
      if (op.entry.service !== 'Lambda' || op.operation !== 'Invoke') return;
      // `Event` and `DryRun` do not wait; anything else is not ours to judge (or not valid at all).
      if (invocationTypeOf(op) !== 'RequestResponse') return;
      context.report({
        node: op.node,
        messageId: 'syncInvoke',
        data: { invocationType: "'RequestResponse'" },
        suggest: op.input?.literal ? [{ messageId: 'suggestEvent', fix: (fixer) => setEvent(fixer, op) }] : [],
      });
    }

    /** The invocation type after trimming, `RequestResponse` when absent, or undefined when it cannot be known. */
    function invocationTypeOf(op: SdkOperation): string | undefined {
      if (!op.inputNode) return 'RequestResponse';
      if (!op.input) return undefined;
      const value = op.input.properties.get('InvocationType');
      if (!value) return op.input.complete ? 'RequestResponse' : undefined;
      return staticString(value, decls)?.trim();
    }

    function setEvent(fixer: TSESLint.RuleFixer, op: SdkOperation): TSESLint.RuleFix {
      const input = op.input!;
      const literal = input.literal!;
      // The literal's own InvocationType, unless a later spread overrides it: then we append instead.
      const own = literal.properties.find(
        (p): p is TSESTree.Property => p.type === 'Property' && propertyName(p.key, p.computed) === 'InvocationType' &&
          input.properties.get('InvocationType') === p.value,
      );
      if (own) return own.shorthand ? fixer.replaceText(own, "InvocationType: 'Event'") : fixer.replaceText(own.value, "'Event'");
      const last = literal.properties.at(-1);
      if (!last) return fixer.replaceText(literal, "{ InvocationType: 'Event' }");
      return fixer.insertTextAfter(last, ", InvocationType: 'Event'");
    }

    return {
      'Program:exit'() {
        for (const op of facts.operations) check(op);
      },
    };
  },
});
