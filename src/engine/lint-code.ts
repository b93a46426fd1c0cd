import type { Linter, Rule } from 'eslint';
import { ConfigError, type ResolvedConfig, type RuleTable } from '../config/load-config.js';
import { RULES, RULES_BY_ID, runsInEslint } from '../config/rule-registry.js';
import type { RuleSettings } from '../config/rule-settings.js';
import plugin, { HANDLER_FILES } from '../eslint-plugin.js';
import { emptyResult, positioned, recount, type LintResult } from '../results.js';
import { RULE_PREFIX } from '../rule/rule-docs.js';
import type { Session } from '../session/session.js';
import { describeReadProblem, readGated } from '../util/fs-fence.js';
import { directiveRuleIds, unsuppressBlanket, type DisableDirective } from './blanket-suppressions.js';
import { withoutEslintWarnings } from './eslint-warnings.js';

export interface CodeFile {
  file: string;
}

/**
 * Lints handler files with the plugin's code rules in-process. The user's eslint.config.* is
 * never read (`overrideConfigFile: true`): the CLI's findings depend only on sls-lint's config.
 * ESLint never opens a file either: each is read through the read gate (real path inside the
 * fence, a regular file, within the code size limit) and handed to `lintText`; one the gate
 * refuses gets an `sls/parse-error` saying why.
 */
export async function lintCode(session: Session, files: readonly CodeFile[]): Promise<LintResult[]> {
  if (files.length === 0) return [];
  const { fence, config, settings } = session;
  const rules: Linter.RulesRecord = {};
  for (const rule of RULES) {
    if (!runsInEslint(rule)) continue;
    const severity = config.severities[rule.id] ?? 'off';
    const options = config.options[rule.id];
    // A rule off with options keeps them for an override that turns it on (ESLint checks no options of a rule that is off).
    if (severity === 'off' && !(options && config.overrides?.length)) continue;
    rules[rule.id] = options ? [severity, ...options] : severity;
  }
  const directives = new Map<string, DisableDirective[]>();
  // Loaded when there is something to lint: a `--cache` run that reuses every file never loads ESLint.
  const { ESLint } = await import('eslint');
  // ESLint warns on the process (a legacy .eslintignore in the fence...): about its own setup, not the user's code.
  const eslint = withoutEslintWarnings(() => new ESLint({
    // The fence, not the project folder: ESLint ignores files outside its cwd, and shared code in the repository is linted.
    cwd: fence,
    overrideConfigFile: true,
    overrideConfig: [
      {
        ...plugin.configs.recommended,
        name: 'sls-lint/cli',
        files: HANDLER_FILES,
        plugins: { ...plugin.configs.recommended.plugins, [DIRECTIVES_PLUGIN]: { rules: { [DIRECTIVES_RULE]: directiveReader(directives) } } },
        // Reuses the parses the analysis made (one parse per file), and hands rules the session.
        languageOptions: { ...plugin.configs.recommended.languageOptions, parser: session.eslintParser() as Linter.Parser },
        rules: { ...rules, [`${DIRECTIVES_PLUGIN}/${DIRECTIVES_RULE}`]: 'error' },
        // Handlers carry directives for the team's other plugins; they are not ours to judge.
        linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      },
      ...overrideBlocks(config, settings),
    ],
    warnIgnored: false,
  }));
  const results: LintResult[] = [];
  try {
    for (const file of reuseOrder(session, files.map((f) => f.file))) {
      const read = readGated(file, { kind: 'code', fence: session.fence });
      if (read.ok) results.push(...(await eslint.lintText(read.text, { filePath: file, warnIgnored: false })) as unknown as LintResult[]);
      // Gone since it was found, or outside the fence: nothing to say about it.
      else if (read.problem.type !== 'outside' && !(read.problem.type === 'error' && read.problem.code === 'ENOENT')) {
        results.push(unreadable(file, describeReadProblem(read.problem)));
      }
    }
  } catch (error) {
    // ESLint validates rule options against each rule's schema: a wrong option is the config's fault.
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('Key "rules"')) throw new ConfigError(`invalid rule options: ${message.replace(/\s+/g, ' ').trim()}`);
    throw error;
  }
  for (const result of results) {
    // A handler that does not parse is the same kind of finding as a template that does not.
    for (const message of result.messages) if (message.fatal && message.ruleId === null) message.ruleId = `${RULE_PREFIX}/parse-error`;
    // A parser that gives up with no position (a stack overflow on code nested hundreds deep): line 1, column 1.
    result.messages = result.messages.map((m) => positioned(m.fatal && STACK_OVERFLOW.test(m.message) ? { ...m, message: NESTS_TOO_DEEP } : m));
    result.suppressedMessages = result.suppressedMessages.map(positioned);
    // "Definition for rule '@typescript-eslint/x' was not found": a directive for a plugin we do not load.
    result.messages = result.messages.filter((m) => m.ruleId?.startsWith(`${RULE_PREFIX}/`));
    result.suppressedMessages = result.suppressedMessages.filter((m) => m.ruleId?.startsWith(`${RULE_PREFIX}/`));
    unsuppressBlanket(result, directives.get(result.filePath) ?? [], `${RULE_PREFIX}/`);
    // Not kept: a cached run could not give it back, and every consumer has the file anyway.
    delete result.source;
  }
  return results;
}

/**
 * The config's `overrides`, as ESLint's own `files` blocks after the main one: ESLint merges them
 * as the config does (a later block wins; a severity alone keeps the options set before). Their
 * globs are relative to the project root, and ESLint's working directory is the fence, so each
 * block matches with the session's own test.
 */
function overrideBlocks(config: ResolvedConfig, settings: RuleSettings): Linter.Config[] {
  return (config.overrides ?? []).flatMap((override, index) => {
    const rules = eslintRules(override);
    if (Object.keys(rules).length === 0) return [];
    return [{ name: `sls-lint/overrides[${index}]`, files: [settings.matcher(override)] as unknown as string[], rules }];
  });
}

function eslintRules(table: RuleTable): Linter.RulesRecord {
  const rules: Linter.RulesRecord = {};
  for (const [id, severity] of Object.entries(table.severities)) {
    const rule = RULES_BY_ID.get(id);
    if (!rule || !runsInEslint(rule)) continue;
    const options = table.options[id];
    rules[id] = options ? [severity, ...options] : severity;
  }
  return rules;
}

/** A code file the read gate refused (too big, not a regular file, unreadable): one parse error at 1:1. */
function unreadable(file: string, why: string): LintResult {
  const result = emptyResult(file);
  result.messages.push({ ruleId: `${RULE_PREFIX}/parse-error`, severity: 2, fatal: true, message: `Parsing error: ${why}`, messageId: 'parseError', line: 1, column: 1 });
  recount(result);
  return result;
}

/** What a parser that recursed past the stack says; valid code nested a few hundred levels deep does it. */
const STACK_OVERFLOW = /Maximum call stack size exceeded|too much recursion/i;
const NESTS_TOO_DEEP = 'Parsing error: The code nests too deeply for the parser (its call stack overflowed): no code rule checked this file.';

const DIRECTIVES_PLUGIN = 'sls-lint-cli';
const DIRECTIVES_RULE = 'directives';

/** What ESLint's SourceCode (the JavaScript language's) hands out about disable comments. */
interface DirectiveSource {
  getDisableDirectives?(): { directives: { type: DisableDirective['type']; node: unknown; value: string }[] };
}

/**
 * A rule that reports nothing: it keeps, per file, the disable comments as ESLint itself read them
 * (ESLint's results say that a message was suppressed, not by which comment), placed as ESLint
 * places them, so that unsuppressBlanket can tell a blanket directive from one naming the rule.
 */
function directiveReader(found: Map<string, DisableDirective[]>): Rule.RuleModule {
  return {
    meta: { type: 'problem', schema: [] },
    create(context) {
      const { sourceCode } = context;
      const read = (sourceCode as unknown as DirectiveSource).getDisableDirectives?.().directives ?? [];
      if (read.length > 0) {
        found.set(context.filename, read.map(({ type, node, value }) => {
          const loc = sourceCode.getLoc(node as Parameters<typeof sourceCode.getLoc>[0]);
          const at = type === 'disable-next-line' ? loc.end : loc.start;
          return { type, line: at.line, column: at.column + 1, ruleIds: directiveRuleIds(value) };
        }));
      }
      return {};
    },
  };
}

/**
 * The files whose parses the analysis still keeps go first, most recent first, so ESLint reuses
 * them before they are evicted; the rest are parsed as they come. Results are sorted afterwards.
 */
function reuseOrder(session: Session, files: string[]): string[] {
  const wanted = new Set(files);
  const first = session.parses.keptFiles().filter((f) => wanted.has(f));
  const early = new Set(first);
  return [...first, ...files.filter((f) => !early.has(f))];
}
