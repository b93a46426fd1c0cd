/** Rule metadata shared by code rules (ESLint) and template rules (our own runner). No ESLint imports here. */

/** The six design principles sls-lint enforces; every rule serves one. */
export const PRINCIPLES = {
  'events-flow-one-way': 'Events flow one way',
  'endpoints-wrapped': 'Endpoints are wrapped',
  'one-correlation-id': 'One ID for a series of events',
  'testable-functions': 'Testable functions',
  'exactly-once': 'At-least-once becomes exactly-once',
  'errors-notified': 'Errors are caught and notified',
} as const;

export type Principle = keyof typeof PRINCIPLES;

export type RecommendedLevel = 'error' | 'warn' | false;

export interface SlsRuleDocs {
  description: string;
  principle: Principle;
  /** Severity in the `recommended` config; `false` keeps it out (it is still `error` in `strict`). */
  recommended: RecommendedLevel;
  /** Why a finding hurts, in a sentence or two: what SARIF's `fullDescription` and `sls-lint explain` add to the description. */
  why: string;
  /**
   * How to fix a finding: the advice the short messages leave out. It is each finding's `help` in
   * `--format json`, the rule's `help` in SARIF, and the fix `sls-lint explain` prints.
   */
  fix: string;
  /** A fix of its own for each message id whose findings are fixed otherwise than `fix` says. Plain text: no placeholders. */
  fixes?: Readonly<Record<string, string>>;
}

export const REPOSITORY_URL = 'https://github.com/sls-lint/sls-lint';

export function ruleDocsUrl(name: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`;
}

export const RULE_PREFIX = 'sls';

/** How to fix a finding of the rule with these docs: its message's own fix, or the rule's. */
export function fixOf(docs: SlsRuleDocs, messageId?: string): string {
  return (messageId !== undefined && docs.fixes && Object.hasOwn(docs.fixes, messageId) ? docs.fixes[messageId] : undefined) ?? docs.fix;
}

/** Where a rule reports: in code (an ESLint rule), in templates, in both (two halves under one id), or the engine's own diagnostics. */
export type RuleLayer = 'code' | 'template' | 'cross-layer' | 'engine';

export interface RegisteredRule {
  /** Full id, `sls/<name>`. */
  id: string;
  name: string;
  layer: RuleLayer;
  type: string;
  docs: SlsRuleDocs & { url: string };
  hasOptions: boolean;
  /** Its message templates by message id (`{{name}}` placeholders); none for the engine's diagnostics, whose messages are made where they are raised. */
  messages: Readonly<Record<string, string>>;
}
