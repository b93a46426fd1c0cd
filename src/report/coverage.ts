import type { Coverage, FunctionStatus, NoFunctionsReason, SkippedTemplate } from '../results.js';

/** How each status reads after its count, in the order the account lists them. */
const STATUS_LABELS: Record<Exclude<FunctionStatus, 'linted'>, string> = {
  'not-node': 'not Node.js',
  'not-local': 'code not in the project',
  'not-found': 'not found',
  'outside-root': 'outside the project root',
  ignored: 'ignored',
  unreadable: 'handler not readable',
  minified: 'minified/bundled: not linted',
};

const NO_FUNCTIONS: Record<NoFunctionsReason, string> = {
  'no-templates': 'no template found',
  'cdk-not-synthesized': 'a CDK app has no synthesized templates (run `cdk synth` first)',
  'unreadable-templates': 'no template could be read',
  'no-functions-declared': 'none found in the templates read',
};

/** One category of the account that is not zero, with its id for formats that name them (SARIF). */
export interface AccountItem {
  id: string;
  /** As the account line puts it (`9 not Node.js`). */
  text: string;
  /** On its own, out of the line (`9 of 148 functions: not Node.js`). */
  standalone: string;
}

/** The account's head (`12 templates · 148 functions`), its templates (`12 templates`), and its categories that are not zero. */
export function accountOf(coverage: Coverage): { head: string; templates: string; items: AccountItem[] } {
  const total = Object.values(coverage.functions).reduce((sum, n) => sum + n, 0);
  const functions = count(total, 'function');
  const modules = count(coverage.modules, 'module');
  const items: AccountItem[] = [];
  if (total === 0) {
    const why = coverage.noFunctions ? NO_FUNCTIONS[coverage.noFunctions] : 'none found';
    items.push({ id: 'no-functions', text: why, standalone: `0 functions: ${why}` });
  }
  const linted = coverage.functions.linted;
  if (linted > 0) {
    items.push({ id: 'linted', text: `${count(linted, 'handler')} linted (${modules})`, standalone: `${linted} of ${functions} linted (${modules})` });
  } else if (coverage.modules > 0) items.push({ id: 'modules', text: `${modules} linted`, standalone: `${modules} linted` });
  for (const [status, label] of Object.entries(STATUS_LABELS) as [FunctionStatus, string][]) {
    const n = coverage.functions[status];
    if (n > 0) items.push({ id: status, text: `${n} ${label}`, standalone: `${n} of ${functions}: ${label}` });
  }
  // What a CDK app computes when it runs is not in the model: the rules said nothing about it.
  const unread = coverage.cdkUnread;
  for (const [id, n, word] of [['cdk-unread-constructs', unread?.constructs ?? 0, 'construct'], ['cdk-unread-settings', unread?.settings ?? 0, 'setting']] as const) {
    const text = `${count(n, `CDK ${word}`)} not read statically`;
    if (n > 0) items.push({ id, text, standalone: text });
  }
  // Minified or bundled code that is no handler (a module one imports, a file named in the paths): counted as files.
  const minifiedFiles = coverage.minified?.length ?? 0;
  if (minifiedFiles > 0 && !coverage.functions.minified) {
    const text = `${count(minifiedFiles, 'code file')} minified/bundled: not linted`;
    items.push({ id: 'minified-files', text, standalone: text });
  }
  items.push(...skippedItems(coverage.skipped ?? []));
  if (coverage.shard) {
    const { index, count: of, functions: mine, modules: linted } = coverage.shard;
    // The counts before it are the project's; this is what this job did of it.
    const text = `shard ${index}/${of} covers ${mine} of ${functions} (${count(linted, 'module')} linted)`;
    items.push({ id: 'shard', text, standalone: text });
  }
  const read = count(coverage.templates, 'template');
  // A compose file, or a CDK app read from source, is no template; say so beside the templates (alone when there are none).
  const others = [
    ...(coverage.composeFiles ? [count(coverage.composeFiles, 'compose file')] : []),
    ...(coverage.cdkApps ? [count(coverage.cdkApps, 'CDK app')] : []),
  ];
  const templates = others.length === 0 ? read : [...(coverage.templates > 0 ? [read] : []), ...others].join(', ');
  return { head: `${templates} · ${functions}`, templates, items };
}

/** A template skipped, and why: `skipped serverless.yml (provider azure is not AWS)`, `skipped packaged.yaml (packaged output of template.yaml)`. */
export function skippedNote(skip: SkippedTemplate): string {
  return `skipped ${skip.file} (${skip.reason === 'not-aws' ? `provider ${skip.provider} is not AWS` : `packaged output of ${skip.source}`})`;
}

/** The templates skipped, each named; more than three of one kind are counted instead, so the line stays a line. */
function skippedItems(skipped: readonly SkippedTemplate[]): AccountItem[] {
  const items: AccountItem[] = [];
  for (const [reason, id] of [['not-aws', 'skipped-not-aws'], ['packaged-output', 'skipped-packaged-output']] as const) {
    const these = skipped.filter((s) => s.reason === reason);
    if (these.length > 3) {
      const text = reason === 'not-aws'
        ? `skipped ${these.length} Serverless configs of other providers than AWS`
        : `skipped ${these.length} packaged outputs (their source templates are linted)`;
      items.push({ id, text, standalone: text });
    } else for (const skip of these) items.push({ id, text: skippedNote(skip), standalone: skippedNote(skip) });
  }
  return items;
}

/** `12 templates · 148 functions: 131 handlers linted (412 modules), 9 not Node.js, 6 not found`. */
export function coverageLine(coverage: Coverage): string {
  const { head, items } = accountOf(coverage);
  return `${head}: ${items.map((item) => item.text).join(', ')}`;
}

function count(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}
