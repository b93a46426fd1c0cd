import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PACKAGE } from '../version.js';
import { DEFAULT_BASELINE, GRAPH_HELP, HELP, MERGE_HELP } from './help.js';

// The command line's options, light like help.ts: bin.ts answers --help and --version from here
// before it loads the engine.

type Options = NonNullable<ParseArgsConfig['options']>;

export const LINT_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'stylish' },
  'output-file': { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  root: { type: 'string' },
  rule: { type: 'string', multiple: true },
  'ignore-pattern': { type: 'string', multiple: true },
  quiet: { type: 'boolean', default: false },
  'max-warnings': { type: 'string' },
  'changed-since': { type: 'string' },
  baseline: { type: 'string' },
  'update-baseline': { type: 'boolean', default: false },
  'no-cross-layer': { type: 'boolean', default: false },
  'no-error-on-unmatched-pattern': { type: 'boolean', default: false },
  cache: { type: 'boolean', default: false },
  'cache-location': { type: 'string' },
  'report-unused-suppressions': { type: 'boolean', default: false },
  shard: { type: 'string' },
  concurrency: { type: 'string' },
  'print-config': { type: 'string' },
  'list-rules': { type: 'boolean', default: false },
  init: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const satisfies Options;

export const MERGE_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

export const GRAPH_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'mermaid' },
  'output-file': { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  root: { type: 'string' },
  'ignore-pattern': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/**
 * `--baseline` with no value means the default baseline file: when it is the last argument, or
 * the next one is another option (`-x`, `--x`, or the `--` that ends them), it becomes
 * `--baseline=.sls-lint-baseline.json`. Node's parseArgs knows no optional values. `--baseline
 * <file>` and `--baseline=<file>` are unchanged; a file whose name starts with `-` needs the `=`.
 * The values of other options (`--rule --baseline`) and everything after `--` are left alone.
 */
export function withDefaultBaseline(argv: readonly string[], options: Options = LINT_OPTIONS): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === '--baseline') {
      const next = argv[i + 1];
      out.push(next === undefined || isOption(next) ? `--baseline=${DEFAULT_BASELINE}` : arg);
      continue;
    }
    out.push(arg);
    // An option that takes a value, written apart from it: the value is not looked at.
    if (takesSeparateValue(arg, options) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}

function isOption(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-';
}

function takesSeparateValue(arg: string, options: Options): boolean {
  if (arg.startsWith('--')) return !arg.includes('=') && options[arg.slice(2)]?.type === 'string';
  if (!arg.startsWith('-') || arg.length < 2) return false;
  // `-f json` takes the next argument; `-fjson` and `-qf json` (short booleans first) are read as parseArgs reads them.
  for (let i = 1; i < arg.length; i++) {
    const spec = Object.values(options).find((o) => o.short === arg[i]);
    if (spec?.type === 'string') return i === arg.length - 1;
    if (!spec) return false;
  }
  return false;
}

/**
 * What `--help` or `--version` print, when the arguments ask for one and are otherwise valid;
 * undefined otherwise (main reports the mistake).
 */
export function quickAnswer(argv: readonly string[]): string | undefined {
  const graph = argv[0] === 'graph';
  // `sls-lint explain` has its own help and needs the rules loaded.
  if (argv[0] === 'explain') return undefined;
  try {
    if (graph) {
      const { values } = parseArgs({ args: argv.slice(1), options: GRAPH_OPTIONS, allowPositionals: true, strict: true });
      return values.help ? GRAPH_HELP : undefined;
    }
    if (argv[0] === 'merge') {
      const { values } = parseArgs({ args: argv.slice(1), options: MERGE_OPTIONS, allowPositionals: true, strict: true });
      return values.help ? MERGE_HELP : undefined;
    }
    const { values } = parseArgs({ args: withDefaultBaseline(argv), options: LINT_OPTIONS, allowPositionals: true, strict: true });
    if (values.help) return HELP;
    return values.version ? `${PACKAGE.version}\n` : undefined;
  } catch {
    return undefined;
  }
}

/** `--color` or `--no-color`, whichever comes last; undefined when neither is given. */
export function colorFlag(tokens: readonly { kind: string; name?: string }[]): boolean | undefined {
  let color: boolean | undefined;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'color') color = true;
    else if (token.name === 'no-color') color = false;
  }
  return color;
}

/**
 * Colour by default: as Node decides for its own output. FORCE_COLOR first (`''`, `1`, `true`, `2`
 * and `3` turn it on, any other value off), then a terminal on stdout with neither NO_COLOR (not
 * empty) nor CI set. `--color` and `--no-color` decide over all of these.
 */
export function colorByDefault(env: Readonly<Record<string, string | undefined>>, stdoutIsTTY: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return ['', '1', 'true', '2', '3'].includes(force);
  return stdoutIsTTY && !env['NO_COLOR'] && !env['CI'];
}
