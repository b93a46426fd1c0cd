import path from 'node:path';
import type { ProjectAnalysis } from '../src/analysis/analysis.js';
import { batchResponseOf } from '../src/analysis/batch-responses.js';
import type { SourceLoc } from '../src/analysis/module-summary.js';
import { retriesBounded } from '../src/model/event-source-settings.js';
import type { ModelIndex, StackIndex } from '../src/model/stack-index.js';
import type { FunctionNode, ProjectModel, Stack, TemplateRef, Trigger } from '../src/model/types.js';
import { createCrossLayerRule } from '../src/rule/create-cross-layer-rule.js';
import { getSlsServices } from '../src/rule/services.js';

type MessageId = 'queueWithoutPartialFailure' | 'configuredNotReturned' | 'returnedNotConfigured' | 'throwsOnFirstRecord' | 'streamWithoutPartialFailure';

/** One judgement of a batch event: on the event in the template, or on the handler's code. */
interface Verdict {
  messageId: MessageId;
  data: Record<string, string | number>;
  at: TemplateRef;
  inCode: boolean;
  subjects: { ignoredRules: readonly string[] }[];
}

export default createCrossLayerRule<MessageId>({
  name: 'batch-partial-failure',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require ReportBatchItemFailures on SQS, Kinesis and DynamoDB event sources that deliver batches of more than one record',
      principle: 'exactly-once',
      recommended: 'warn',
      why:
        'When one record of a batch fails, the whole batch comes back: the records that had succeeded are processed again, and one failing record drags the others through every retry.',
      fix:
        "Add ReportBatchItemFailures to the event's function response types, and return { batchItemFailures } naming the failed records (Powertools processPartialResponse does both halves).",
      fixes: {
        configuredNotReturned: 'Return { batchItemFailures } with the records that failed, or use Powertools processPartialResponse.',
        returnedNotConfigured: 'Add ReportBatchItemFailures to the function response types of the event the message names.',
        throwsOnFirstRecord: "Catch each record's error, collect it in batchItemFailures, return them, and set ReportBatchItemFailures on the event.",
      },
    },
    messages: {
      queueWithoutPartialFailure: 'SQS queue {{source}} of {{function}} lacks ReportBatchItemFailures: one failure reruns all {{batch}}',
      configuredNotReturned: '{{function}} sets ReportBatchItemFailures on its {{kind}} event but never returns batchItemFailures: no retries',
      returnedNotConfigured: '{{function}} returns batchItemFailures, but its {{kind}} event {{event}} lacks ReportBatchItemFailures: ignored',
      throwsOnFirstRecord: 'This loop throws out of {{function}} on the first failed {{kind}} record: its whole batch of {{batchSize}} runs again',
      streamWithoutPartialFailure: '{{kind}} stream {{source}} of {{function}} lacks ReportBatchItemFailures: one failure reruns all {{batch}}',
    },
  },
  // The code half: a handler's loop that throws on the first record, or batchItemFailures its event does not ask for.
  create(context) {
    const analysis = getSlsServices(context).crossLayer?.analysis;
    if (!analysis) return {};
    return {
      Program() {
        for (const verdict of codeVerdictsIn(analysis, context.filename)) {
          if (verdict.subjects.some((s) => s.ignoredRules.includes('sls/batch-partial-failure'))) continue;
          const { line, column, endLine, endColumn } = verdict.at;
          context.report({ messageId: verdict.messageId, data: verdict.data, loc: { start: { line, column: column - 1 }, end: { line: endLine ?? line, column: (endColumn ?? column + 1) - 1 } } });
        }
      },
    };
  },
  // The template half: the event's own settings, and settings the handler's code does not live up to.
  check(context) {
    for (const { messageId, data, at, subjects, inCode } of verdictsOf(context.stacks, context.analysis)) {
      if (!inCode) context.report({ messageId, data, at, subjects });
    }
  },
});

/**
 * Every batch event of the model, judged once per analysis (both halves ask, the code half once per
 * file): the template and the handler must agree when the code is known.
 */
function verdictsOf(stacks: ModelIndex, analysis: ProjectAnalysis | undefined): Verdict[] {
  return analysis ? analysis.remember('batch-partial-failure', () => judgeAll(stacks, analysis)) : judgeAll(stacks, undefined);
}

/** The verdicts that go on the code of one file, grouped by file once per analysis (every file's lint asks). */
function codeVerdictsIn(analysis: ProjectAnalysis, file: string): readonly Verdict[] {
  const byFile = analysis.remember('batch-partial-failure-by-file', () => {
    const grouped = new Map<string, Verdict[]>();
    for (const verdict of verdictsOf(analysis.stacks, analysis)) {
      if (!verdict.inCode) continue;
      const list = grouped.get(verdict.at.file);
      if (list) list.push(verdict);
      else grouped.set(verdict.at.file, [verdict]);
    }
    return grouped;
  });
  return byFile.get(file) ?? [];
}

function judgeAll(stacks: ModelIndex, analysis: ProjectAnalysis | undefined): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const stack of stacks.model.stacks) {
    const index = stacks.of(stack);
    for (const trigger of stack.triggers) {
      const verdict = judge(stacks.model, index, trigger, analysis);
      if (verdict) verdicts.push(verdict);
    }
  }
  return verdicts;
}

function judge(model: ProjectModel, index: StackIndex, trigger: Trigger, analysis: ProjectAnalysis | undefined): Verdict | undefined {
  const { stack } = index;
  const isQueue = trigger.kind === 'SQS';
  const isStream = trigger.delivery === 'stream' && (trigger.kind === 'Kinesis' || trigger.kind === 'DynamoDB');
  if (!isQueue && !isStream) return undefined;
  // An EventBridge pipe has no ReportBatchItemFailures to set: it acts on the batchItemFailures a function returns, whatever it is told.
  if (trigger.pipe !== undefined) return undefined;
  const fn = index.function(trigger.functionLogicalId);
  const subjects = [...(fn ? [fn] : []), ...(trigger.ignoredRules ? [{ ignoredRules: trigger.ignoredRules }] : [])];
  const batchSize = trigger.batchSize ?? defaultBatchSize(trigger, stack);
  const name = fn ? fn.name ?? fn.logicalId : trigger.functionLogicalId;
  const code = analysis && fn ? batchResponseOf(analysis, fn) : undefined;
  if (trigger.reportBatchItemFailures === true) {
    // A batch of one has nothing to be partial about: the code that throws fails only its own record.
    // That is the case of a serverless-lift worker, which Lift always subscribes with ReportBatchItemFailures.
    if (!code || code.failures || batchSize <= 1) return undefined;
    // The fix is in the code, where each record's failure would be collected: on the handler's loop over the batch when it has one.
    const data = { function: name, kind: trigger.kind };
    return code.batchLoop
      ? { messageId: 'configuredNotReturned', data, at: locationOf(code.batchLoop.file, code.batchLoop.loc), inCode: true, subjects }
      : { messageId: 'configuredNotReturned', data, at: trigger.at, inCode: false, subjects };
  }
  if (code?.failures) {
    const event = `${path.relative(model.root, trigger.at.file)}:${trigger.at.line}`;
    return { messageId: 'returnedNotConfigured', data: { function: name, kind: trigger.kind, event }, at: locationOf(code.failures.file, code.failures.loc), inCode: true, subjects };
  }
  if (batchSize <= 1) return undefined;
  if (code?.throwingLoop) {
    return { messageId: 'throwsOnFirstRecord', data: { function: name, kind: trigger.kind, batchSize }, at: locationOf(code.throwingLoop.file, code.throwingLoop.loc), inCode: true, subjects };
  }
  if (isStream && isolatesPoisonRecords(trigger) && !(analysis && fn && repeatsSideEffects(analysis, fn))) return undefined;
  const source = trigger.source !== undefined ? index.resource(trigger.source) : undefined;
  return {
    messageId: isQueue ? 'queueWithoutPartialFailure' : 'streamWithoutPartialFailure',
    data: {
      kind: trigger.kind,
      function: name,
      source: source ? source.name ?? source.logicalId : trigger.source ?? '(not in this template)',
      batch: trigger.batchSize === undefined ? `${batchSize} (the default)` : batchSize,
    },
    at: trigger.at,
    inCode: false,
    subjects,
  };
}

/**
 * A stream source that splits a failing batch in two until the failing record is alone
 * (BisectBatchOnFunctionError), gives up on it (bounded retries) and sends it to an on-failure
 * destination: one poison record no longer blocks its shard nor drags the whole batch through every
 * retry, which is what ReportBatchItemFailures would have bought.
 */
function isolatesPoisonRecords(trigger: Trigger): boolean {
  return trigger.bisectBatchOnFunctionError === true && retriesBounded(trigger) && trigger.onFailure !== undefined;
}

/**
 * Bisecting re-runs each half of a failed batch, the records that had succeeded included: where
 * the handler's code is known to write, emit or invoke per run, those effects happen again, which
 * is what ReportBatchItemFailures avoids. Unknown code gets the benefit of the doubt.
 */
function repeatsSideEffects(analysis: ProjectAnalysis, fn: FunctionNode): boolean {
  // Asked per stream trigger: the functions with side effects are found once per analysis.
  const writers = analysis.remember('side-effect-functions', () =>
    new Set(analysis.emissions().filter((e) => e.op.kind !== 'read' && e.op.kind !== 'scan').map((e) => e.reach.fn)));
  return writers.has(fn);
}

/** The first line of a node in a code file. */
function locationOf(file: string, loc: SourceLoc): TemplateRef {
  const { start, end } = loc;
  const endLine = start.line;
  const endColumn = end.line === start.line ? end.column + 1 : start.column + 2;
  return { file, line: start.line, column: start.column + 1, endLine, endColumn };
}

/** Lambda's defaults: 10 for SQS, 100 for streams; the Serverless Framework writes 10 for streams too. */
function defaultBatchSize(trigger: Trigger, stack: Stack): number {
  if (trigger.kind === 'SQS') return 10;
  return stack.format === 'serverless' ? 10 : 100;
}
