import { recount, type LintMessage, type LintResult } from '../results.js';

/**
 * An `eslint-disable` / `eslint-enable` comment as ESLint reads it: where it takes effect (the
 * comment's start, or its end for `disable-next-line`; columns 1-based) and the rules it names,
 * none for a blanket one.
 */
export interface DisableDirective {
  type: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  line: number;
  column: number;
  ruleIds: string[];
}

/** The rules a directive names, split as ESLint splits them: at commas, trimmed, quotes around a name dropped. */
export function directiveRuleIds(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim().replace(/^(['"]?)(.*)\1$/s, '$2'))
    .filter((name) => name !== '');
}

/**
 * Moves back into `messages` the suppressed messages of the rules `prefix` names that no directive
 * naming their rule suppresses. A blanket `eslint-disable` is written for the team's own ESLint
 * setup: in the CLI it does not hide sls-lint's findings, while one that names the rule does.
 */
export function unsuppressBlanket(result: LintResult, directives: readonly DisableDirective[], prefix: string): void {
  const ours = result.suppressedMessages.filter((m) => m.ruleId?.startsWith(prefix));
  if (ours.length === 0) return;
  const { block, line } = namedSteps(directives);
  // ESLint applies block and line directives separately; either one suppresses.
  const back = ours.filter((m) => !lastStepDisables(block, m) && !lastStepDisables(line, m));
  if (back.length === 0) return;
  const moved = new Set(back);
  result.suppressedMessages = result.suppressedMessages.filter((m) => !moved.has(m));
  for (const { suppressions: _s, ...message } of back) result.messages.push(message);
  result.messages.sort((a, b) => a.line - b.line || a.column - b.column);
  recount(result);
}

interface Step {
  type: 'disable' | 'enable';
  line: number;
  column: number;
  /** null: every rule (a blanket enable). */
  ruleId: string | null;
}

/**
 * The steps ESLint makes of the directives, one per rule named, without blanket disables: a line
 * directive is a disable from its line's start and an enable at the next line's. Sorted by
 * position, stably, so the steps of one comment keep their order, as in ESLint.
 */
function namedSteps(directives: readonly DisableDirective[]): { block: Step[]; line: Step[] } {
  const block: Step[] = [];
  const line: Step[] = [];
  for (const directive of directives) {
    if (directive.ruleIds.length === 0 && directive.type !== 'enable') continue;
    const ruleIds: (string | null)[] = directive.ruleIds.length > 0 ? directive.ruleIds : [null];
    for (const ruleId of ruleIds) {
      if (directive.type === 'disable' || directive.type === 'enable') block.push({ ...directive, type: directive.type, ruleId });
      else {
        const first = directive.type === 'disable-line' ? directive.line : directive.line + 1;
        line.push({ type: 'disable', line: first, column: 1, ruleId }, { type: 'enable', line: first + 1, column: 0, ruleId });
      }
    }
  }
  const byPosition = (a: Step, b: Step) => a.line - b.line || a.column - b.column;
  return { block: block.sort(byPosition), line: line.sort(byPosition) };
}

/** Whether the last step for the message's rule at or before it is a disable: an enable ends a range, a blanket one every range. */
function lastStepDisables(steps: readonly Step[], message: LintMessage): boolean {
  let disabled = false;
  for (const step of steps) {
    if (step.line > message.line || (step.line === message.line && step.column > message.column)) break;
    if (step.ruleId === null || step.ruleId === message.ruleId) disabled = step.type === 'disable';
  }
  return disabled;
}
