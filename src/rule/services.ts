import type { Node } from '../code/ast.js';
import { DEFAULT_HANDLER_NAMES } from '../code/handler-entry.js';
import type { ProjectAnalysis, Reach } from '../analysis/analysis.js';

/**
 * How code rules reach project-wide knowledge: the way typescript-eslint rules reach the type
 * checker, through the parser services. sls-lint's parsers (the CLI's, and the one in the plugin's
 * configs) add `slsSession`; a rule asks it for the session of the file it lints. No module global.
 */

/** What a rule may ask of a session. */
export interface SessionView {
  /** The project folder: what rules' file globs are relative to. */
  readonly root: string;
  /** The cross-layer analysis (templates joined with code); undefined when they are not joined. */
  readonly analysis?: ProjectAnalysis;
  /** The export names the templates give this file's handlers (`app.lambdaHandler` gives `lambdaHandler`). */
  handlerNamesOf(file: string): readonly string[];
}

/** What the session provider is told about the file being linted. */
export interface SessionRequest {
  filename: string;
  /** The text ESLint lints, which may be an editor's unsaved buffer. */
  text: string;
  cwd: string;
  settings: Readonly<Record<string, unknown>>;
}

/** What sls-lint's parsers add to the parser services. */
export interface SlsParserServices {
  slsSession(request: SessionRequest): SessionView | undefined;
}

/** What of an ESLint rule context this needs (no ESLint import here). */
export interface RuleContextLike {
  filename: string;
  cwd: string;
  sourceCode: { text: string; parserServices?: unknown };
  settings?: Readonly<Record<string, unknown>>;
}

/** The join, for one file: how its code is invoked. */
export interface CodeContext {
  analysis: ProjectAnalysis;
  /** The deployed functions whose invocations reach `node`; empty when none does. */
  reachersOf(node: Node): Reach[];
}

export interface SlsServices {
  /** The join with the templates; undefined when the file is judged on its own (no template, `--no-cross-layer`, `settings.sls.project: false`). */
  crossLayer?: CodeContext;
  /**
   * The export names that are handlers in this file: `settings.sls.handlerNames`, or the defaults,
   * what the templates name, and the names of handlers other files re-export to the templates.
   */
  handlerNames: readonly string[];
  /**
   * What the rules' file globs (`wrappers`, `ignoreFiles`) are relative to: the project folder.
   * Not ESLint's cwd, which the CLI sets to the repository root so that shared code is linted: a
   * monorepo's `services/<name>/` folders must not match the `services` wrapper glob.
   */
  globRoot: string;
  /**
   * A template names this file as a function's handler module (or the module a named one
   * re-exports its handler from). Such a module is the handler: it is never a wrapper, whatever
   * folder it sits in (a monorepo's `lib/services/orders/handlers/` matches the `services` glob).
   */
  namedHandler: boolean;
}

/**
 * The session's answers for the file a rule lints. A parser that is not sls-lint's gives no
 * session: the rules then judge the code on its own.
 */
export function getSlsServices(context: RuleContextLike): SlsServices {
  const settings = context.settings ?? {};
  const sls = settings['sls'] as { project?: unknown; handlerNames?: unknown } | undefined;
  const provider = context.sourceCode.parserServices as Partial<SlsParserServices> | undefined;
  const session = typeof provider?.slsSession === 'function'
    ? provider.slsSession({ filename: context.filename, text: context.sourceCode.text, cwd: context.cwd, settings })
    : undefined;
  const configured = Array.isArray(sls?.handlerNames) ? sls.handlerNames.filter((n): n is string => typeof n === 'string') : [];
  const analysis = sls?.project === false ? undefined : session?.analysis;
  const file = context.filename;
  const named = [...(session?.handlerNamesOf(file) ?? []), ...(analysis?.handlerNamesDefinedIn(file) ?? [])];
  const handlerNames = configured.length > 0 ? configured : [...new Set([...DEFAULT_HANDLER_NAMES, ...named])];
  return { handlerNames, globRoot: session?.root ?? context.cwd, namedHandler: named.length > 0, ...(analysis ? { crossLayer: { analysis, reachersOf: (node: Node) => analysis.reachersOf(file, node) } } : {}) };
}
