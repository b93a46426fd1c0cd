import path from 'node:path';
import { UsageError } from '../engine/lint.js';
import { RULES, RULES_BY_ID } from '../config/rule-registry.js';
import { fixCases } from '../report/rule-help.js';
import { PRINCIPLES, RULE_PREFIX, type RegisteredRule, type RuleLayer } from '../rule/rule-docs.js';
import { PACKAGE } from '../version.js';
import { exists } from '../util/fs-fence.js';

export const EXPLAIN_HELP = `Usage: sls-lint explain [rule...]

Prints what a rule checks, why a finding hurts, how to fix it, its messages, and its docs page.
A rule is named with or without the sls/ prefix (sls/no-scan, no-scan). Without a rule, lists them all.
`;

/** Output is wrapped to fit a terminal this wide. */
const WIDTH = 100;

const LAYERS: Record<RuleLayer, string> = {
  code: 'Code rule: runs in the editor (ESLint plugin) and in the CLI',
  template: 'Template rule: runs in the CLI only',
  'cross-layer': 'Cross-layer rule: its code half runs in ESLint, its template half in the CLI',
  engine: 'Engine diagnostic: raised by the CLI about its inputs',
};

/** `sls-lint explain [rule...]`: the long form of what the short messages say. Unknown rule: a usage error (exit 2). */
export function runExplain(argv: readonly string[], stdout: (text: string) => void): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    stdout(EXPLAIN_HELP);
    return 0;
  }
  const options = argv.filter((a) => a.startsWith('-'));
  if (options.length > 0) throw new UsageError(`unknown option '${options[0]}' (see sls-lint explain --help)`);
  if (argv.length === 0) {
    stdout(listRules());
    return 0;
  }
  const rules = argv.map((name) => {
    const rule = RULES_BY_ID.get(name.startsWith(`${RULE_PREFIX}/`) ? name : `${RULE_PREFIX}/${name}`);
    if (!rule) throw new UsageError(`unknown rule "${name}": run \`sls-lint explain\` for the list of rules`);
    return rule;
  });
  stdout(rules.map(explainRule).join('\n'));
  return 0;
}

/** One line per rule: its id, its severity in `recommended`, and what it requires. */
function listRules(): string {
  const idWidth = Math.max(...RULES.map((r) => r.id.length));
  const lines = RULES.flatMap((rule) => {
    const level = (rule.docs.recommended || 'off').padEnd(5);
    return wrap(rule.docs.description, `${rule.id.padEnd(idWidth)}  ${level}  `, ' '.repeat(idWidth + 9));
  });
  return `${lines.join('\n')}\n\nsls-lint explain <rule> prints what one of them checks and how to fix its findings.\n`;
}

function explainRule(rule: RegisteredRule): string {
  const cases = fixCases(rule);
  const messages = Object.entries(rule.messages);
  const idWidth = Math.max(0, ...messages.map(([id]) => id.length));
  const docsFile = PACKAGE.root ? path.join(PACKAGE.root, 'docs', 'rules', `${rule.name}.md`) : undefined;
  const sections = [
    [...wrap(`${rule.id}: ${rule.docs.description}`, ''), ...wrap(
      `${LAYERS[rule.layer]} · recommended: ${rule.docs.recommended || 'off'} · principle: ${PRINCIPLES[rule.docs.principle]}`, '')],
    ['Why', ...wrap(rule.docs.why, '  ')],
    ['How to fix', ...wrap(rule.docs.fix, '  '), ...cases.flatMap((c) => wrap(`${c.messageId}: ${c.fix}`, '  - ', '    '))],
    ...(messages.length > 0 ? [['Messages', ...messages.flatMap(([id, template]) => wrap(template, `  ${id.padEnd(idWidth)}  `, ' '.repeat(idWidth + 4)))]] : []),
    ['Docs', ...(docsFile && exists(docsFile) ? [`  ${docsFile}`] : []), `  ${rule.docs.url}`],
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** Text wrapped at WIDTH, the first line after `first`, the others after `rest` (the same by default). */
function wrap(text: string, first: string, rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}
