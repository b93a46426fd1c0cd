import path from 'node:path';
import { HANDLER_EXTENSIONS, SEARCHED_CODE } from './resolve-handler.js';
import type { FunctionNode, HandlerRef, Stack, TemplateRef } from './types.js';
import { isInside, realPath } from '../util/fs-fence.js';
import { relativePath } from '../util/relative-path.js';

/** Why a Node.js function's code is not linted, on the template line naming its handler (sls/handler-not-found). */
export interface HandlerProblem {
  at: TemplateRef;
  message: string;
  messageId: 'handlerNotFound' | 'handlerCaseMismatch' | 'handlerMalformed' | 'handlerUnreadable';
}

const EXTENSIONS = `{${HANDLER_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;

/** Every Node.js function whose handler sls-lint looked for and could not (or must not) read. */
export function handlerProblems(fence: string, stack: Stack, root: string = fence): HandlerProblem[] {
  const realFence = realPath(fence);
  return stack.functions.flatMap((fn) => {
    const handler = fn.handler;
    if (fn.ignoredRules.includes('sls/handler-not-found')) return [];
    // A Serverless script's unreadable handler already has its config-not-static finding, at the expression.
    if (!handler) return SEARCHED_CODE.has(fn.codeKind) && stack.format !== 'serverless' ? [{ at: fn.at, ...unreadable(fn) }] : [];
    const problem = fn.codeKind === 'outside-root' ? outsideRoot(root, fence, fn, handler) : SEARCHED_CODE.has(fn.codeKind) ? problemOf(root, fence, realFence, fn, handler) : undefined;
    return problem ? [{ at: handler.at, ...problem }] : [];
  });
}

function problemOf(root: string, fence: string, realFence: string, fn: FunctionNode, handler: HandlerRef): Omit<HandlerProblem, 'at'> | undefined {
  const relative = (file: string) => relativePath(root, file);
  if (handler.unresolved) return unresolvedVariables(fn, handler.unresolved);
  const named = `Handler '${handler.value}' of ${fn.logicalId}`;
  if (handler.sourceFile) {
    // The code rules never read a handler whose file is a symlink out of the project: say so.
    if (!isInside(realFence, realPath(handler.sourceFile))) {
      return { message: `${named} resolves to ${relative(handler.sourceFile)}, a symlink that leads outside ${fenceName(root, fence)}: not read.`, messageId: 'handlerNotFound' };
    }
    if (!handler.caseMismatch) return undefined;
    return {
      message: `${named} resolves to ${relative(handler.sourceFile)} only when letter case is ignored (looked for ${relative(handler.caseMismatch)}): ` +
        "Lambda's file system is case-sensitive, so the deployed function fails to load it.",
      messageId: 'handlerCaseMismatch',
    };
  }
  if (handler.value.lastIndexOf('.') <= 0) {
    return { message: `${named} is not of the form module.export, so Lambda cannot load it.`, messageId: 'handlerMalformed' };
  }
  if (handler.codeFile) return codeFileProblem(relative, named, handler, handler.codeFile);
  const looked = (handler.searched ?? [handler.modulePath]).map((modulePath) => `${relative(modulePath)}.${EXTENSIONS}`).join(', ');
  const where = fn.codeKind === 's3' ? 'its code is an S3 object; ' : fn.codeKind === 'artifact' ? 'its code is a built archive; ' : '';
  return { message: `${named} resolves to no source file: ${where}looked for ${looked}.`, messageId: 'handlerNotFound' };
}

/**
 * Code in a folder outside the fence (`CodeUri: ../../other-repo`) is never read: say so, and
 * where. The fence is the repository that holds the project, so `../shared` in a monorepo is read.
 */
function outsideRoot(root: string, fence: string, fn: FunctionNode, handler: HandlerRef): Omit<HandlerProblem, 'at'> {
  const folder = relativePath(root, path.dirname(handler.modulePath));
  return {
    message: `Handler '${handler.value}' of ${fn.logicalId} is in ${folder}, outside ${fenceName(root, fence)}: not read. ` +
      'Pass --root <folder> with a folder that holds both the template and the code.',
    messageId: 'handlerNotFound',
  };
}

/** A Node.js function whose handler is a value sls-lint cannot read without running anything (an intrinsic, a value computed at synth time). */
function unreadable(fn: FunctionNode): Omit<HandlerProblem, 'at'> {
  return {
    message: `The handler of ${fn.logicalId} is not written as a plain value (it is computed when the template is deployed or the app is synthesized), so its code is not linted.`,
    messageId: 'handlerUnreadable',
  };
}

/**
 * Code that is one file (`CodeUri: src/function.js`): the package holds that file alone, at its
 * top, so the handler's module must be the file's name (`function.handler`). Said plainly when the
 * handler names another module, or when the file is not there.
 */
function codeFileProblem(relative: (file: string) => string, named: string, handler: HandlerRef, codeFile: string): Omit<HandlerProblem, 'at'> {
  const moduleName = handler.value.slice(0, handler.value.lastIndexOf('.'));
  const base = path.basename(codeFile, path.extname(codeFile));
  if (moduleName !== base) {
    return {
      message: `${named} names module ${moduleName}, but its code is the one file ${relative(codeFile)}, packaged alone as ${path.basename(codeFile)}, ` +
        `so Lambda cannot load it: the handler would be ${base}.${handler.exportName}.`,
      messageId: 'handlerNotFound',
    };
  }
  const source = path.join(path.dirname(codeFile), base);
  return { message: `${named} resolves to no source file: its code is the file ${relative(codeFile)}, which does not exist (nor ${relative(source)}.${EXTENSIONS}).`, messageId: 'handlerNotFound' };
}

/**
 * A handler written with variables that did not resolve: the variables are named, never the
 * placeholder printed as if it were a path (`looked for ${self:custom.{ts,…}`).
 */
function unresolvedVariables(fn: FunctionNode, unresolved: NonNullable<HandlerRef['unresolved']>): Omit<HandlerProblem, 'at'> {
  const from = `The handler of ${fn.logicalId} is computed from ${unresolved.variables.join(', ')}`;
  return {
    message: unresolved.cycle
      ? `${from}, which a variable cycle leaves without a value, so its code is not linted.`
      : `${from}, which sls-lint could not resolve (a value known only once deployed, or one that is missing), so its code is not linted.`,
    messageId: 'handlerUnreadable',
  };
}

/** The fence as the user knows it: the project root when no repository holds it, else the repository root. */
function fenceName(root: string, fence: string): string {
  return fence === root ? 'the project root' : `the repository root (${relativePath(root, fence)})`;
}
