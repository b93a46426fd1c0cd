import { recount, type LintMessage, type LintResult } from '../results.js';

/**
 * The results with only the messages `keep` accepts, counts recomputed; the message objects stay
 * the same. Suppressed messages are filtered alike, as ESLint's `--quiet` filters them.
 */
export function keepMessages(results: readonly LintResult[], keep: (message: LintMessage, result: LintResult) => boolean): LintResult[] {
  return results.map((result) => {
    const kept = { ...result, messages: result.messages.filter((m) => keep(m, result)), suppressedMessages: result.suppressedMessages.filter((m) => keep(m, result)) };
    recount(kept);
    return kept;
  });
}
