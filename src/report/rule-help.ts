import { fixOf, type RegisteredRule } from '../rule/rule-docs.js';

/** One case a rule fixes otherwise than its general fix: the message that reports it, as a reader sees it, and its fix. */
export interface FixCase {
  messageId: string;
  /** The message template with each placeholder as `…`. */
  message: string;
  fix: string;
}

/** The message ids of a rule whose findings have a fix of their own, in the order the rule declares its messages. */
export function fixCases(rule: RegisteredRule): FixCase[] {
  return Object.entries(rule.messages)
    .filter(([id]) => rule.docs.fixes !== undefined && Object.hasOwn(rule.docs.fixes, id))
    .map(([messageId, template]) => ({ messageId, message: template.replace(/(\{\{\s*\w+\s*\}\})+/g, '…'), fix: fixOf(rule.docs, messageId) }));
}

/**
 * A rule's help, the longer text its short messages leave out: why a finding hurts, how to fix it
 * (and each case fixed otherwise), and its docs page. SARIF's `help` for the rule.
 */
export function ruleHelp(rule: RegisteredRule): { text: string; markdown: string } {
  const cases = fixCases(rule);
  const text = [
    `Why: ${rule.docs.why}`,
    `Fix: ${rule.docs.fix}`,
    ...cases.map((c) => `- ${c.messageId} ("${c.message}"): ${c.fix}`),
    `Docs: ${rule.docs.url}`,
  ].join('\n');
  const markdown = [
    `**Why.** ${rule.docs.why}`,
    '',
    `**Fix.** ${rule.docs.fix}`,
    ...(cases.length > 0 ? ['', ...cases.map((c) => `- \`${c.messageId}\` (_${c.message}_): ${c.fix}`)] : []),
    '',
    `[Documentation](${rule.docs.url})`,
  ].join('\n');
  return { text, markdown };
}
