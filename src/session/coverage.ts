import type { FunctionNode, Stack } from '../model/types.js';
import type { Coverage, FunctionStatus, NoFunctionsReason } from '../results.js';
import { isInside, isReallyInside } from '../util/fs-fence.js';
import type { Session } from './session.js';

const STATUSES: readonly FunctionStatus[] = ['linted', 'not-node', 'not-local', 'not-found', 'outside-root', 'ignored', 'unreadable'];

/** What a run covered: its templates, each function's status, and the code files ESLint linted. */
export function coverageOf(session: Session, linted: readonly string[]): Coverage {
  const lintedFiles = new Set(linted);
  const functions = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<FunctionStatus, number>;
  for (const stack of session.model.stacks) {
    for (const fn of stack.functions) functions[functionStatus(fn, stack, session.root, lintedFiles)]++;
  }
  const none = Object.values(functions).every((count) => count === 0);
  const included = new Set(session.includedFiles);
  const templates = session.templates.filter((file) => !included.has(file)).length;
  return { templates, functions, modules: linted.length, ...(none ? { noFunctions: noFunctionsReason(session) } : {}) };
}

/** Why a function's code was linted, or why not: the one place that decides it. */
export function functionStatus(fn: FunctionNode, stack: Stack, root: string, linted: ReadonlySet<string>): FunctionStatus {
  const elsewhere = codeElsewhere(fn, stack);
  if (elsewhere) return elsewhere;
  const handler = fn.handler;
  if (!handler) return 'unreadable';
  if (!isInside(root, handler.modulePath)) return 'outside-root';
  // `index` names no export: there is no file to look for.
  if (handler.value.lastIndexOf('.') <= 0) return 'not-found';
  if (!handler.resolvable) return 'not-local';
  if (!handler.sourceFile) return 'not-found';
  if (linted.has(handler.sourceFile)) return 'linted';
  // A handler file in the root is linted unless ignored: by the config's `ignores`, or by ESLint (node_modules).
  return isReallyInside(root, handler.sourceFile) ? 'ignored' : 'outside-root';
}

/**
 * A function whose code is not Node.js: another runtime, or a container image, the only kind of
 * function that may leave out its Handler (and its Runtime, in a template; a Serverless `image`
 * function keeps the provider's). Read off the runtime and the handler until the model records why
 * a function's code is not a local Node.js file; inline code and S3 objects are told apart there,
 * and are `not-local` until then.
 */
function codeElsewhere(fn: FunctionNode, stack: Stack): FunctionStatus | undefined {
  if (fn.runtime !== undefined && !fn.runtime.startsWith('nodejs')) return 'not-node';
  if (!fn.handler && (fn.runtime === undefined || stack.format === 'serverless')) return 'not-node';
  return undefined;
}

function noFunctionsReason(session: Session): NoFunctionsReason {
  if (session.unsynthesizedCdkApps.length > 0) return 'cdk-not-synthesized';
  if (session.templates.length === 0) return 'no-templates';
  return session.model.stacks.length === 0 ? 'unreadable-templates' : 'no-functions-declared';
}
