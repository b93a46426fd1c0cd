import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { projectCodeFacts } from '../src/rule/project-facts.js';
import { dynamoWrites, partitionKeyOf, writeProblem, type DynamoWrite } from '../src/code/dynamodb-writes.js';
import { handlerEntries } from '../src/code/handler-entry.js';
import { guardedFunctions, IDEMPOTENCY_GUARDS } from '../src/code/idempotency.js';
import { enclosingFunctions, getParents } from '../src/code/parents.js';
import { sendOfCommand } from '../src/code/sent-command.js';
import { createRule } from '../src/rule/create-rule.js';
import { atLeastOnce, atLeastOnceSource, guardedOnTheWay } from '../src/analysis/reach-queries.js';
import { type CodeContext, getSlsServices } from '../src/rule/services.js';

type MessageIds =
  | 'unconditionalWrite' | 'unguardedIncrement' | 'unguardedBatchWrite'
  | 'unconditionalWriteReached' | 'unguardedIncrementReached' | 'unguardedBatchWriteReached'
  | 'suggestCondition';

/** Project mode: the same problems, said with the function and trigger that replay them. */
const REACHED = {
  unconditionalWrite: 'unconditionalWriteReached',
  unguardedIncrement: 'unguardedIncrementReached',
  unguardedBatchWrite: 'unguardedBatchWriteReached',
} as const;

export interface Options {
  /** Wrapper, decorator or middleware names that make a function idempotent, besides Powertools' own. */
  guards?: string[];
  /** Item attribute names taken as the partition key when suggesting `attribute_not_exists(...)`. */
  partitionKeys?: string[];
  /** Words that mark a version or sequence attribute in a condition (`version`, `seq`...). */
  versionAttributes?: string[];
  /** Only check files that export a handler (by the `handlerNames` setting). */
  onlyInHandlers?: boolean;
}

const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

export default createRule<[Options], MessageIds>({
  name: 'conditional-writes',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require DynamoDB writes to be conditional, or to run behind an idempotency guard',
      principle: 'exactly-once',
      recommended: 'error',
      why:
        'Lambda delivers events at least once: on a redelivery an unconditional write runs again, over whatever changed in between, and a relative update counts the event twice.',
      fix:
        'Add a ConditionExpression (attribute_not_exists(pk) on a put, a version check on an update) and treat ConditionalCheckFailedException as already done, or make the handler idempotent (Powertools makeIdempotent).',
      fixes: {
        unguardedIncrement:
          'Add a condition on a version or a processed-ID attribute (NOT contains(processed, :eventId)), or make the handler idempotent (Powertools makeIdempotent).',
        unguardedIncrementReached:
          'Add a condition on a version or a processed-ID attribute (NOT contains(processed, :eventId)), or make the handler idempotent (Powertools makeIdempotent).',
        unguardedBatchWrite: 'Make the handler idempotent (Powertools makeIdempotent), or write with conditional Puts or a TransactWriteItems with conditions.',
        unguardedBatchWriteReached:
          'Make the handler idempotent (Powertools makeIdempotent), or write with conditional Puts or a TransactWriteItems with conditions.',
      },
    },
    hasSuggestions: true,
    messages: {
      unconditionalWrite: 'DynamoDB {{operation}} has no ConditionExpression: a redelivered event writes again, over what changed since',
      unguardedIncrement: 'DynamoDB {{operation}} changes a stored value relative to itself, unguarded: a redelivered event counts twice',
      unguardedBatchWrite: 'DynamoDB {{operation}} cannot carry conditions: a redelivered event writes every item again',
      unconditionalWriteReached: 'Unconditional {{operation}}{{target}}, run at least once by {{function}} ({{source}}): a redelivery writes again',
      unguardedIncrementReached: 'Unguarded relative {{operation}}{{target}}, run at least once by {{function}} ({{source}}): a redelivery counts twice',
      unguardedBatchWriteReached: '{{operation}}{{target}} takes no condition; {{function}} ({{source}}) runs it at least once: redelivery rewrites all',
      suggestCondition: "Add ConditionExpression: 'attribute_not_exists({{key}})', so a second run of this Put fails.",
    },
    schema: [
      {
        type: 'object',
        properties: {
          guards: stringList,
          partitionKeys: stringList,
          versionAttributes: stringList,
          onlyInHandlers: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        guards: [],
        partitionKeys: ['pk', 'PK', 'id', 'Id', 'ID'],
        versionAttributes: ['version', 'sequence', 'seq', 'revision', 'etag'],
        onlyInHandlers: false,
      },
    ],
  },
  create(context, [options]) {
    const program = context.sourceCode.ast;
    const facts = projectCodeFacts(context);
    const decls = facts.declarations;
    const versionWords = (options.versionAttributes ?? []).map((w) => w.toLowerCase());
    const partitionKeys = options.partitionKeys ?? [];

    function check(write: DynamoWrite, isGuarded: (write: DynamoWrite) => boolean, join: CodeContext | undefined): void {
      const problem = writeProblem(write, decls, versionWords);
      if (!problem || isGuarded(write)) return;
      const operation = write.node === write.op.node ? write.op.operation : `${write.op.operation} ${write.action}`;
      const messageId = problem === 'batch' ? 'unguardedBatchWrite' : problem === 'increment' ? 'unguardedIncrement' : 'unconditionalWrite';
      const key = write.action === 'Put' && write.params?.literal ? partitionKeyOf(write.params, decls, partitionKeys) : undefined;
      const suggest = key ? [{ messageId: 'suggestCondition' as const, data: { key }, fix: (fixer: TSESLint.RuleFixer) => addCondition(fixer, write, key) }] : [];
      // A command sent later writes where it is sent; the suggestion still edits the command.
      const at = (sendOfCommand(write.node, decls.tree) as TSESTree.Node | undefined) ?? write.node;
      if (!join) {
        context.report({ node: at, messageId, data: { operation }, suggest });
        return;
      }
      // Project mode: only writes a redelivery can replay, named with the path that replays them.
      const guards = [...IDEMPOTENCY_GUARDS, ...(options.guards ?? [])];
      const reach = atLeastOnce(join.analysis, join.reachersOf(write.op.node)).find((r) => !guardedOnTheWay(join.analysis, r, guards));
      if (!reach) return;
      const target = join.analysis.emissionsAt(context.filename, write.op).find((e) => e.reach.fn === reach.fn)?.target;
      context.report({
        node: at,
        messageId: REACHED[messageId],
        data: {
          operation,
          target: target ? ` on ${join.analysis.stackIndex(reach.stack).nameOf(target)}` : '',
          function: reach.fn.name ?? reach.fn.logicalId,
          source: atLeastOnceSource(join.analysis, reach),
        },
        suggest,
      });
    }

    function addCondition(fixer: TSESLint.RuleFixer, write: DynamoWrite, key: string): TSESLint.RuleFix {
      const last = write.params!.literal!.properties.at(-1)!;
      return fixer.insertTextAfter(last, `, ConditionExpression: 'attribute_not_exists(${key})'`);
    }

    return {
      'Program:exit'() {
        if (options.onlyInHandlers && handlerEntries(facts.exportedFunctions, getSlsServices(context).handlerNames).length === 0) return;
        const writes = dynamoWrites(program, facts, versionWords);
        if (writes.length === 0) return;
        const guarded = guardedFunctions(program, decls, [...IDEMPOTENCY_GUARDS, ...(options.guards ?? [])]);
        const parents = getParents(program);
        const isGuarded = (write: DynamoWrite) => enclosingFunctions(write.op.node, parents).some((fn) => guarded.has(fn));
        const join = getSlsServices(context).crossLayer;
        for (const write of writes) check(write, isGuarded, join);
      },
    };
  },
});
