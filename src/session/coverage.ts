import type { FunctionNode } from '../model/types.js';
import { skippedNote } from '../report/coverage.js';
import type { Coverage, FunctionStatus, LintResult, NoFunctionsReason } from '../results.js';
import { isComposeFile } from '../template/serverless-compose.js';
import { isInside, isReallyInside } from '../util/fs-fence.js';
import { relativePath } from '../util/relative-path.js';
import type { Session } from './session.js';

const STATUSES: readonly FunctionStatus[] = ['linted', 'not-node', 'not-local', 'not-found', 'outside-root', 'ignored', 'unreadable', 'minified'];

/** What a run covered: its templates, each function's status, and the code files ESLint linted. */
export function coverageOf(session: Session, linted: readonly string[]): Coverage {
  const lintedFiles = new Set(linted);
  const functions = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<FunctionStatus, number>;
  for (const stack of session.model.stacks) {
    for (const fn of stack.functions) functions[functionStatus(fn, session.fence, lintedFiles, (file) => session.readable(file) && session.skipsMinified(file))]++;
  }
  const none = Object.values(functions).every((count) => count === 0);
  const included = new Set(session.includedFiles);
  const composeFiles = session.templates.filter(isComposeFile).length;
  const templates = session.templates.filter((file) => !included.has(file) && !isComposeFile(file)).length;
  const cdkApps = session.cdkAppsRead.length;
  const unread = session.model.unread ?? [];
  const cdkUnread = { constructs: unread.filter((u) => u.kind === 'construct').length, settings: unread.filter((u) => u.kind === 'setting').length };
  const relative = (file: string) => relativePath(session.root, file);
  const skipped = session.skipped.map((s) => (s.reason === 'not-aws' ? { ...s, file: relative(s.file) } : { ...s, file: relative(s.file), source: relative(s.source) }));
  const minified = session.minifiedFiles().map(relative);
  return {
    templates, ...(composeFiles > 0 ? { composeFiles } : {}), ...(cdkApps > 0 ? { cdkApps } : {}), functions, modules: linted.length,
    ...(unread.length > 0 ? { cdkUnread } : {}),
    ...(none ? { noFunctions: noFunctionsReason(session) } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(minified.length > 0 ? { minified } : {}),
  };
}

/**
 * A run that found nothing sls-lint lints: no template (skipped ones aside), no CDK app, no code
 * file linted, and no finding on anything it found (a compose file whose services are missing, a
 * CDK app with nothing synthesized). Like ESLint's "No files matching", that is no success.
 */
export function foundNothingToLint(coverage: Coverage, results: readonly LintResult[]): boolean {
  return coverage.templates === 0 && !coverage.cdkApps && coverage.modules === 0 && coverage.noFunctions !== 'cdk-not-synthesized' &&
    results.every((r) => r.messages.length === 0 && r.suppressedMessages.length === 0);
}

/** What a run that found nothing to lint looked for, in one line (`nothing to lint in .: …`). */
export function nothingToLintMessage(paths: readonly string[], coverage: Coverage): string {
  const skipped = [
    ...(coverage.skipped ?? []).map(skippedNote),
    ...(coverage.minified ?? []).map((file) => `skipped ${file} (minified or bundled; the config's lintMinified: true lints it)`),
  ].map((note) => `${note}; `).join('');
  return `nothing to lint in ${paths.join(', ')}: no SAM/CloudFormation template, serverless.yml/ts for AWS, CDK app (cdk.json) or code file was found ` +
    `(${skipped}looked for templates in .yaml, .yml and .json files, serverless.yml/ts and cdk.json, outside node_modules, .aws-sam, hidden folders ` +
    'and the config\'s ignores; code files are linted when named, as in `sls-lint src/handler.ts`)';
}

/** Why a function's code was linted, or why not: the one place that decides it. */
export function functionStatus(fn: FunctionNode, fence: string, linted: ReadonlySet<string>, minified: (file: string) => boolean = () => false): FunctionStatus {
  const elsewhere = codeElsewhere(fn);
  if (elsewhere) return elsewhere;
  const handler = fn.handler;
  if (!handler || handler.unresolved) return 'unreadable';
  if (handler.sourceFile) {
    if (linted.has(handler.sourceFile)) return 'linted';
    if (minified(handler.sourceFile)) return 'minified';
    // A handler file in the fence is linted unless ignored: by the config's `ignores`, or by ESLint (node_modules).
    return isReallyInside(fence, handler.sourceFile) ? 'ignored' : 'outside-root';
  }
  if (!isInside(fence, handler.modulePath)) return 'outside-root';
  return 'not-found';
}

/** Code that is not a Node.js file of the project, by the kind the model records (src/model/types.ts `CodeKind`). */
function codeElsewhere(fn: FunctionNode): FunctionStatus | undefined {
  switch (fn.codeKind) {
    case 'other-runtime':
    case 'image':
    case 'inline':
      return 'not-node';
    case 'outside-root':
      return 'outside-root';
    case 'staged-asset':
      return 'not-local';
    default:
      // node, s3, artifact: looked for in the project.
      return undefined;
  }
}

function noFunctionsReason(session: Session): NoFunctionsReason {
  if (session.unsynthesizedCdkApps.length > 0) return 'cdk-not-synthesized';
  // A CDK app read from its source is no template, but it was read: it declares no function.
  if (session.cdkAppsRead.length > 0 && session.model.stacks.length > 0) return 'no-functions-declared';
  // A compose file is no template: with nothing but one, no service config was found.
  if (session.templates.every(isComposeFile)) return 'no-templates';
  return session.model.stacks.length === 0 ? 'unreadable-templates' : 'no-functions-declared';
}
