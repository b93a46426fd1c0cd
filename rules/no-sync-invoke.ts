import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName } from '../src/code/ast.js';
import { getCodeFacts, type SdkOperation } from '../src/code/code-facts.js';
import { invocationTypeOf } from '../src/code/invocation-type.js';
import { createRule } from '../src/rule/create-rule.js';
import { relativeChain } from '../src/analysis/call-chain.js';
import { nameOf } from '../src/analysis/reach-queries.js';
import { getSlsServices } from '../src/rule/services.js';

type MessageIds = 'syncInvoke' | 'syncInvokeOf' | 'syncSelfInvoke' | 'syncExecution' | 'suggestEvent';

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
      syncInvokeOf:
        "Lambda Invoke of {{target}} with InvocationType 'RequestResponse' makes {{function}} wait for it ({{where}}). Invoke with 'Event', or send the work through a queue, topic or bus.",
      syncSelfInvoke:
        "Lambda Invoke of {{function}}'s own name with InvocationType 'RequestResponse' makes each invocation wait for the next one ({{where}}): every level of the recursion stays open and is billed until the last returns. Invoke with 'Event', or do the work in a loop inside one invocation.",
      syncExecution:
        'StartSyncExecution makes this function wait for the state machine. Use StartExecution and react to the execution\'s completion event.',
      suggestEvent: "Set InvocationType to 'Event'.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const program = context.sourceCode.ast;
    const facts = getCodeFacts(program);
    const mayInvoke = facts.operations.length > 0 || facts.importedReceiverCalls.length > 0;
    const join = mayInvoke ? getSlsServices(context).crossLayer : undefined;
    // Project mode also sees clients and constants imported from the project's modules.
    const operations = join ? join.analysis.operationsIn(context.filename, program) : facts.operations;
    const scope = join ? join.analysis.invocationScopeIn(context.filename, program) : { program, decls: facts.declarations };

    function check(op: SdkOperation): void {
      if (op.entry.service === 'StepFunctions' && op.operation === 'StartSyncExecution') {
        context.report({ node: op.node, messageId: 'syncExecution' });
        return;
      }
      if (op.entry.service !== 'Lambda' || op.operation !== 'Invoke') return;
      // `Event` and `DryRun` do not wait; anything else is not ours to judge (or not valid at all).
      if (invocationTypeOf(op, scope) !== 'RequestResponse') return;
      const suggest = op.input?.literal ? [{ messageId: 'suggestEvent' as const, fix: (fixer: TSESLint.RuleFixer) => setEvent(fixer, op) }] : [];
      // Project mode: name the function invoked, and how deep in the caller's code the wait sits.
      const emission = join?.analysis.emissionsAt(context.filename, op).find((e) => e.target);
      if (emission && join) {
        const { reach } = emission;
        const steps = reach.chain.filter((s) => s.name !== '(module)');
        const calls = steps.length - 1;
        context.report({
          node: op.node,
          messageId: emission.target === reach.fn.logicalId ? 'syncSelfInvoke' : 'syncInvokeOf',
          data: {
            target: nameOf(reach.stack, emission.target!),
            function: reach.fn.name ?? reach.fn.logicalId,
            where: `${calls === 0 ? 'in its handler' : `${calls} ${calls === 1 ? 'call' : 'calls'} deep from its handler`}: ${relativeChain(join.analysis.model.root, reach.chain)}`,
          },
          suggest,
        });
        return;
      }
      context.report({ node: op.node, messageId: 'syncInvoke', data: { invocationType: "'RequestResponse'" }, suggest });
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
        for (const op of operations) check(op);
      },
    };
  },
});
