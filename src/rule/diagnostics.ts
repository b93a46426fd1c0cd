import { ruleDocsUrl, type RecommendedLevel, type SlsRuleDocs } from './rule-docs.js';

/**
 * Findings the engine itself raises about its inputs. They have ids, docs and severities like
 * rules, so they can be configured, suppressed and listed in SARIF like any other.
 */
export interface DiagnosticMeta {
  type: 'problem';
  docs: SlsRuleDocs & { url: string };
}

interface DiagnosticText {
  description: string;
  why: string;
  fix: string;
}

function diagnostic(name: string, { description, why, fix }: DiagnosticText, recommended: RecommendedLevel): DiagnosticMeta {
  return { type: 'problem', docs: { description, principle: 'errors-notified', recommended, why, fix, url: ruleDocsUrl(name) } };
}

export const DIAGNOSTICS = {
  'parse-error': diagnostic('parse-error', {
    description: 'A template or handler file could not be read or parsed',
    why: 'Nothing is built from a file that does not parse: no rule runs on it, and for a template none of its functions is checked.',
    fix: 'Fix the syntax at the position given (the message quotes the parser), or add the file to the config\'s ignores if it is not yours to lint.',
  }, 'error'),
  'handler-not-found': diagnostic('handler-not-found', {
    description: "A function's handler resolves to no source file in the project",
    why: 'The code of a function whose handler names no file is not checked at all, and once deployed it fails every invocation with Runtime.ImportModuleError.',
    fix: "Correct the function's Handler (and CodeUri, or the serverless.yml handler path) so it names the file and export, or ignore the function if its code is built elsewhere.",
  }, 'warn'),
  'config-not-static': diagnostic('config-not-static', {
    description: 'A serverless.ts could not be read without running it, so it was skipped',
    why: 'sls-lint never runs configuration code: a serverless.ts whose export needs code to run is skipped, and none of its functions is checked.',
    fix: 'Export a plain object (literals, constants, imports of project modules), or keep a serverless.yml beside it for sls-lint to read.',
  }, 'warn'),
  'cdk-not-synthesized': diagnostic('cdk-not-synthesized', {
    description: 'A CDK app has no synthesized templates, so none of its functions is checked',
    why: 'sls-lint never runs a CDK app: without the templates in cdk.out, the functions its source could not declare statically are passed over.',
    fix: 'Run `cdk synth` before sls-lint, so cdk.out holds the templates to lint.',
  }, 'warn'),
  'unsafe-include': diagnostic('unsafe-include', {
    description: 'A template includes a file outside the project root or a remote URL, which sls-lint refuses to read',
    why: 'A pull request must not make the linter read, and echo, files of the machine it runs on; and sls-lint never touches the network. The include stays unresolved.',
    fix: 'Move the included file inside the project root, or widen the root with --root; a remote include cannot be read.',
  }, 'error'),
  // Off in `recommended`: a reason is asked for by `strict` only.
  'suppression-reason': diagnostic('suppression-reason', {
    description: 'An sls-lint-disable comment gives no reason after " -- "',
    why: 'Without a reason, a suppression cannot be told apart from a finding silenced to get a build through.',
    fix: 'Add the reason after " -- ": `# sls-lint-disable-next-line sls/<rule> -- why this is fine here`.',
  }, false),
  // Raised only with --report-unused-suppressions; the config sets its severity.
  'unused-suppression': diagnostic('unused-suppression', {
    description: 'An sls-lint-disable comment suppresses nothing',
    why: 'A suppression that outlived its reason hides the finding the next time the resource changes back; a misspelt rule name never suppressed anything.',
    fix: 'Delete the comment, or correct the rule name it gives.',
  }, 'warn'),
} as const;

export type DiagnosticId = keyof typeof DIAGNOSTICS;
