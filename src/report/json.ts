import type { LintMessage } from '../results.js';
import { fixOf } from '../rule/rule-docs.js';
import type { FormatContext, Formatter } from './types.js';

/**
 * ESLint's `json` formatter: the results array, absolute paths and all, with two properties added to
 * each message (and suppressed message) of a known rule: `help`, how to fix it, which the short
 * `message` leaves out, and `helpUri`, the rule's docs page. Readers of ESLint's format skip them.
 */
export const formatJson: Formatter = (results, context) =>
  JSON.stringify(results.map((result) => ({
    ...result,
    messages: result.messages.map((m) => withHelp(m, context)),
    suppressedMessages: result.suppressedMessages.map((m) => withHelp(m, context)),
  })));

function withHelp<M extends LintMessage>(message: M, context: FormatContext): M & { help?: string; helpUri?: string } {
  const rule = context.rulesMeta.get(message.ruleId ?? 'sls/parse-error');
  return rule ? { ...message, help: fixOf(rule.docs, message.messageId), helpUri: rule.docs.url } : message;
}
