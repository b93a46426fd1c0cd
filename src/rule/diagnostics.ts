import { ruleDocsUrl, type RecommendedLevel, type SlsRuleDocs } from './rule-docs.js';

/**
 * Findings the engine itself raises about its inputs. They have ids, docs and severities like
 * rules, so they can be configured, suppressed and listed in SARIF like any other.
 */
export interface DiagnosticMeta {
  type: 'problem';
  docs: SlsRuleDocs & { url: string };
}

function diagnostic(name: string, description: string, recommended: RecommendedLevel): DiagnosticMeta {
  return { type: 'problem', docs: { description, principle: 'errors-notified', recommended, url: ruleDocsUrl(name) } };
}

export const DIAGNOSTICS = {
  'parse-error': diagnostic('parse-error', 'A template or handler file could not be read or parsed', 'error'),
  'handler-not-found': diagnostic('handler-not-found', "A function's handler resolves to no source file in the project", 'warn'),
  'config-not-static': diagnostic('config-not-static', 'A serverless.ts could not be read without running it, so it was skipped', 'warn'),
  'cdk-not-synthesized': diagnostic('cdk-not-synthesized', 'A CDK app has no synthesized templates, so none of its functions is checked', 'warn'),
  'unsafe-include': diagnostic('unsafe-include', 'A template includes a file outside the project root or a remote URL, which sls-lint refuses to read', 'error'),
  // Off in `recommended`: a reason is asked for by `strict` only.
  'suppression-reason': diagnostic('suppression-reason', 'An sls-lint-disable comment gives no reason after " -- "', false),
  // Raised only with --report-unused-suppressions; the config sets its severity.
  'unused-suppression': diagnostic('unused-suppression', 'An sls-lint-disable comment suppresses nothing', 'warn'),
} as const;

export type DiagnosticId = keyof typeof DIAGNOSTICS;
