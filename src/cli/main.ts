import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/load-config.js';
import { lintProject, UsageError } from '../engine/lint.js';
import { createSession } from '../session/session.js';
import { buildGraph, codeFlows, formatGraph, GRAPH_FORMATS, isGraphFormatName } from '../graph/index.js';
import { fingerprintResults } from '../review/fingerprint.js';
import { focusGraph } from '../review/focus-graph.js';
import { DEFAULT_BASELINE } from '../review/review-results.js';
import { reportPathBase } from './path-base.js';
import { startProgress } from './progress.js';
import { ACCOUNT_ON_STDERR, coverageLine, FORMATS, formatResults, isFormatName } from '../report/index.js';
import { RULES_BY_ID } from '../config/rule-registry.js';
import { PACKAGE } from '../version.js';
import { relativePath } from '../util/relative-path.js';
import { readText } from '../util/fs-fence.js';
import { writeFileMakingFolder } from '../util/write-file.js';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour only for a terminal, never in CI logs or files. */
  color: boolean;
  /** Whether a person may be watching stderr (for the progress line). */
  stderrIsTTY?: boolean;
  /** The environment, for GITHUB_WORKSPACE (bin.ts passes process.env; in-process callers need not). */
  env?: Readonly<Record<string, string | undefined>>;
}

export const EXIT = { clean: 0, errors: 1, usage: 2 } as const;

const HELP = `Usage: sls-lint [options] [paths...]
       sls-lint graph [--format mermaid|dot|json] [--output-file <file>] [paths...]

Lints serverless applications: finds SAM/CloudFormation templates under the paths
(default: .), resolves each function's handler source, and checks templates and code.

Options:
  -f, --format <name>       Output format: ${Object.keys(FORMATS).join(', ')} (default: stylish)
  -o, --output-file <file>  Write the report to a file instead of stdout
  -c, --config <file>       Use this config file instead of sls-lint.config.{json,yaml,yml}
      --root <dir>          Read nothing outside this folder (default: the repository root, the
                            nearest folder with .git, or the current folder outside a repository)
      --rule <setting>      Set a rule, e.g. --rule 'sls/no-sync-invoke: warn' (repeatable)
      --quiet               Report errors only
      --max-warnings <n>    Exit with 1 when there are more than n warnings
      --changed-since <ref> Report only findings on lines changed since a git ref
      --baseline <file>     Report only findings that are not in the baseline file
      --cache               Reuse the findings of files whose content and context did not change
      --cache-location <p>  The cache file, or a folder for it (default: ./.sls-lint-cache)
      --no-cross-layer      Skip the join of templates and code (code rules run template-free)
      --no-error-on-unmatched-pattern
                            Exit with 0, not 2, when the paths hold nothing to lint (no template,
                            serverless config, CDK app or named code file); the note stays on stderr
      --report-unused-suppressions
                            Report sls-lint-disable comments in templates that suppress nothing
      --update-baseline     Write the current findings to the baseline file (default ${DEFAULT_BASELINE}) and exit 0
  -h, --help                Show this help (and 'sls-lint graph --help')
  -v, --version             Show the version

Exit codes: 0 no errors, 1 error-level findings or too many warnings, 2 usage, config or internal error,
or nothing to lint.
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`sls-lint: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      io.stderr(`sls-lint: internal error: ${message}\n`);
      if (process.env['SLS_LINT_DEBUG'] && error instanceof Error) io.stderr(`${error.stack}\n`);
    }
    return EXIT.usage;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'graph') return runGraph(argv.slice(1), io);
  const { values, positionals } = parse(argv, {
    format: { type: 'string', short: 'f', default: 'stylish' },
    'output-file': { type: 'string', short: 'o' },
    config: { type: 'string', short: 'c' },
    root: { type: 'string' },
    rule: { type: 'string', multiple: true },
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
    help: { type: 'boolean', short: 'h', default: false },
    version: { type: 'boolean', short: 'v', default: false },
  } as const);
  if (values.help) {
    io.stdout(HELP);
    return EXIT.clean;
  }
  if (values.version) {
    io.stdout(`${PACKAGE.version}\n`);
    return EXIT.clean;
  }
  const format = values.format;
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}" (expected ${Object.keys(FORMATS).join(', ')})`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError('--max-warnings takes a whole number');
  }

  const progress = startProgress(io, format === 'stylish');
  let run;
  try {
    run = await lintProject({
      cwd: io.cwd,
      paths: positionals,
      ...(values.config ? { configFile: values.config } : {}),
      ...(values.root !== undefined ? { root: values.root } : {}),
      rules: values.rule ?? [],
      crossLayer: !values['no-cross-layer'],
      cache: values.cache,
      ...(values['cache-location'] ? { cacheLocation: values['cache-location'] } : {}),
      reportUnusedSuppressions: values['report-unused-suppressions'],
      ...(values['changed-since'] !== undefined ? { changedSince: values['changed-since'] } : {}),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      updateBaseline: values['update-baseline'],
      quiet: values.quiet,
      errorOnUnmatchedPattern: !values['no-error-on-unmatched-pattern'],
    });
  } finally {
    progress.stop();
  }
  const { results, review } = run;
  if (review.baselineWritten) {
    const { file, baseline } = review.baselineWritten;
    io.stderr(`sls-lint: wrote ${baseline.findings.length} findings to ${relativePath(io.cwd, file)}\n`);
    return EXIT.clean;
  }

  const outputFile = values['output-file'];
  // The review fingerprints findings only for a baseline; SARIF needs them too.
  const fingerprints = review.fingerprints ?? (format === 'sarif' ? fingerprintResults(results, readText) : undefined);
  const pathBase = reportPathBase(io.cwd, io.env?.['GITHUB_WORKSPACE']);
  const text = formatResults(format, results, {
    cwd: io.cwd,
    ...(pathBase ? { pathBase } : {}),
    rulesMeta: RULES_BY_ID,
    color: io.color && !outputFile && format === 'stylish',
    toolVersion: PACKAGE.version,
    ...(fingerprints ? { fingerprints: new Map([...fingerprints].map(([m, fp]) => [m, fp.context])) } : {}),
    ...(format === 'markdown' ? { graph: focusGraph(buildGraph(run.model, codeFlows(run.analysis)), run.model, results) } : {}),
    coverage: run.coverage,
  });
  write(io, outputFile, text);
  if (ACCOUNT_ON_STDERR.includes(format)) io.stderr(`${coverageLine(run.coverage)}\n`);
  if (run.nothingToLint) io.stderr(`sls-lint: ${run.nothingToLint}\n`);

  const tooManyWarnings = maxWarnings !== undefined && maxWarnings >= 0 && review.warningCount > maxWarnings;
  if (tooManyWarnings) io.stderr(`sls-lint found too many warnings (maximum: ${maxWarnings}).\n`);
  return review.errorCount > 0 || tooManyWarnings ? EXIT.errors : EXIT.clean;
}

const GRAPH_HELP = `Usage: sls-lint graph [options] [paths...]

Prints the event-flow graph of the templates under the paths (default: .): functions, the
resources that trigger them (with delivery semantics), and where their failures go.

Options:
  -f, --format <name>       ${Object.keys(GRAPH_FORMATS).join(', ')} (default: mermaid)
  -o, --output-file <file>  Write the graph to a file instead of stdout
  -c, --config <file>       Config file (its ignores apply)
      --root <dir>          Read nothing outside this folder (default: the repository root)
  -h, --help                Show this help
`;

async function runGraph(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    format: { type: 'string', short: 'f', default: 'mermaid' },
    'output-file': { type: 'string', short: 'o' },
    config: { type: 'string', short: 'c' },
    root: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  } as const);
  if (values.help) {
    io.stdout(GRAPH_HELP);
    return EXIT.clean;
  }
  const format = values.format;
  if (!isGraphFormatName(format)) throw new UsageError(`unknown graph format "${format}" (expected ${Object.keys(GRAPH_FORMATS).join(', ')})`);
  const session = createSession({
    root: io.cwd, paths: positionals, ...(values.config ? { configFile: values.config } : {}), ...(values.root !== undefined ? { fence: values.root } : {}),
  });
  // The graph is still drawn from what could be read; what could not is said on stderr.
  const errors = session.findings.filter((f) => f.severity === 2);
  for (const f of session.findings) io.stderr(`${relativePath(io.cwd, f.filePath)}:${f.line}:${f.column}: ${f.message} (${f.ruleId})\n`);
  const flows = session.analysis ? codeFlows(session.analysis) : [];
  write(io, values['output-file'], formatGraph(format, buildGraph(session.model, flows)));
  return errors.length > 0 ? EXIT.errors : EXIT.clean;
}

/** parseArgs with our one-line usage errors; `values` is typed from the (const) option specs. */
function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    // Node's messages run on with advice about '--'; the first sentence is the useful part.
    const sentence = (error as Error).message.split('\n')[0]!.replace(/\. .*$/, '').replace(/\.$/, '');
    throw new UsageError(`${sentence.charAt(0).toLowerCase()}${sentence.slice(1)} (see --help)`);
  }
}

/** To the output file (its folder made when missing; a failure is a usage error), or to stdout. */
function write(io: CliIo, outputFile: string | undefined, text: string): void {
  if (outputFile) {
    const problem = writeFileMakingFolder(path.resolve(io.cwd, outputFile), text);
    if (problem) throw new UsageError(`--output-file ${outputFile}: ${problem}`);
  } else if (text) io.stdout(text);
}

