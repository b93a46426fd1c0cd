import type { ModelIndex } from '../model/stack-index.js';
import type { ProjectModel, TemplateRef } from '../model/types.js';
import type { ProjectAnalysis } from '../analysis/analysis.js';
import type { SlsRuleDocs } from './rule-docs.js';

/**
 * A rule over the architecture model (templates, and later the joined code facts). It never
 * sees ESLint: the CLI runs it and turns its reports into findings.
 */
export interface TemplateRuleMeta<MessageIds extends string, Options extends readonly unknown[]> {
  type: 'problem' | 'suggestion';
  docs: SlsRuleDocs & { url: string };
  messages: Record<MessageIds, string>;
  /** ESLint's array form: one JSON schema per option. */
  schema: readonly object[];
  defaultOptions: Options;
}

export interface TemplateReport<MessageIds extends string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  at: TemplateRef;
  /** The resources whose `Metadata.sls-lint.ignore` can suppress this report. */
  subjects?: readonly { ignoredRules: readonly string[] }[];
}

export interface TemplateRuleContext<MessageIds extends string, Options extends readonly unknown[]> {
  model: ProjectModel;
  /**
   * The model's lookups (a stack's elements by logical id, its triggers by function and source...),
   * built once per run: a rule that looks something up per trigger or per function asks here.
   */
  stacks: ModelIndex;
  /** The cross-layer analysis (what each function's code reaches and emits), when the CLI built one. */
  analysis?: ProjectAnalysis;
  /** The user's options deep-merged over `meta.defaultOptions`. */
  options: Options;
  report(report: TemplateReport<MessageIds>): void;
}

/** A template rule as the CLI runs it; made with `createTemplateRule`. */
export interface TemplateRule<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  name: string;
  meta: TemplateRuleMeta<MessageIds, Options>;
  check(context: TemplateRuleContext<MessageIds, Options>): void;
}
