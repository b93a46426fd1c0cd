import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/load-config.js';
import { lintProject, UsageError } from '../engine/lint.js';
import { createSession, loadRunConfig } from '../session/session.js';
import { buildGraph, codeFlows, formatGraph, GRAPH_FORMATS, isGraphFormatName } from '../graph/index.js';
import { fingerprintResults } from '../review/fingerprint.js';
import { focusGraph } from '../review/focus-graph.js';
import { reportPathBase } from './path-base.js';
import { colorFlag, GRAPH_OPTIONS, LINT_OPTIONS, MERGE_OPTIONS, quickAnswer, withDefaultBaseline } from './args.js';
import { initProject } from './init.js';
import { startProgress } from './progress.js';
import { listRules, printConfig, ruleListing } from './rules-info.js';
import { ACCOUNT_ON_STDERR, coverageLine, FORMATS, formatResults, githubSourceLink, isFormatName } from '../report/index.js';
import { runExplain } from './explain.js';
import { mergeReports } from './merge.js';
import { parseShard } from '../review/shards.js';
import { parseConcurrency } from '../engine/threads.js';
import { RULES_BY_ID } from '../config/rule-registry.js';
import { PACKAGE } from '../version.js';
import { relativePath } from '../util/relative-path.js';
import { readText } from '../util/fs-fence.js';
import { repositoryRootOf } from '../util/repository-root.js';
import { writeFileMakingFolder } from '../util/write-file.js';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour by default: for a terminal, never in CI logs (bin.ts decides); `--color`/`--no-color` override it. */
  color: boolean;
  /** Whether a person may be watching stderr (for the progress line). */
  stderrIsTTY?: boolean;
  /** The environment, for GITHUB_WORKSPACE (bin.ts passes process.env; in-process callers need not). */
  env?: Readonly<Record<string, string | undefined>>;
}

export const EXIT = { clean: 0, errors: 1, usage: 2 } as const;

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
  // --help and --version (bin.ts answers them before loading this module).
  const quick = quickAnswer(argv);
  if (quick !== undefined) {
    io.stdout(quick);
    return EXIT.clean;
  }
  if (argv[0] === 'graph') return runGraph(argv.slice(1), io);
  if (argv[0] === 'explain') return runExplain(argv.slice(1), io.stdout);
  if (argv[0] === 'merge') return runMerge(argv.slice(1), io);
  const { values, positionals, tokens } = parse(withDefaultBaseline(argv), LINT_OPTIONS);
  const standalone = runStandalone(values, positionals, io);
  if (standalone !== undefined) return standalone;
  const format = values.format;
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}" (expected ${Object.keys(FORMATS).join(', ')})`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError('--max-warnings takes a whole number');
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard takes i/n, whole numbers with i from 1 to n, as in --shard 2/3 (got ${values.shard})`);
  const concurrency = values.concurrency === undefined ? undefined : parseConcurrency(values.concurrency);
  if (values.concurrency !== undefined && concurrency === undefined) {
    throw new UsageError(`--concurrency takes a number of threads from 1, auto or off (got ${values.concurrency})`);
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
      ignorePatterns: values['ignore-pattern'] ?? [],
      crossLayer: !values['no-cross-layer'],
      cache: values.cache,
      ...(values['cache-location'] ? { cacheLocation: values['cache-location'] } : {}),
      reportUnusedSuppressions: values['report-unused-suppressions'],
      ...(values['changed-since'] !== undefined ? { changedSince: values['changed-since'] } : {}),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      updateBaseline: values['update-baseline'],
      quiet: values.quiet,
      errorOnUnmatchedPattern: !values['no-error-on-unmatched-pattern'],
      ...(shard ? { shard } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
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
    color: (colorFlag(tokens) ?? io.color) && !outputFile && format === 'stylish',
    toolVersion: PACKAGE.version,
    ...(fingerprints ? { fingerprints: new Map([...fingerprints].map(([m, fp]) => [m, fp.context])) } : {}),
    ...(format === 'markdown' ? {
      graph: focusGraph(buildGraph(run.model, codeFlows(run.analysis)), run.model, results),
      // In a GitHub Actions run, each location links to its line at the commit.
      sourceLink: githubSourceLink(io.env ?? {}, repositoryRootOf(io.cwd) ?? io.cwd),
    } : {}),
    coverage: run.coverage,
  });
  write(io, outputFile, text);
  if (ACCOUNT_ON_STDERR.includes(format)) io.stderr(`${coverageLine(run.coverage)}\n`);
  if (run.nothingToLint) io.stderr(`sls-lint: ${run.nothingToLint}\n`);

  const tooManyWarnings = maxWarnings !== undefined && maxWarnings >= 0 && review.warningCount > maxWarnings;
  if (tooManyWarnings) io.stderr(`sls-lint found too many warnings (maximum: ${maxWarnings}).\n`);
  return review.errorCount > 0 || tooManyWarnings ? EXIT.errors : EXIT.clean;
}

async function runGraph(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, GRAPH_OPTIONS);
  const format = values.format;
  if (!isGraphFormatName(format)) throw new UsageError(`unknown graph format "${format}" (expected ${Object.keys(GRAPH_FORMATS).join(', ')})`);
  const session = createSession({
    root: io.cwd, paths: positionals, ...(values.config ? { configFile: values.config } : {}), ...(values.root !== undefined ? { fence: values.root } : {}),
    ignorePatterns: values['ignore-pattern'] ?? [],
  });
  // The graph is still drawn from what could be read; what could not is said on stderr.
  const errors = session.findings.filter((f) => f.severity === 2);
  for (const f of session.findings) io.stderr(`${relativePath(io.cwd, f.filePath)}:${f.line}:${f.column}: ${f.message} (${f.ruleId})\n`);
  const flows = session.analysis ? codeFlows(session.analysis) : [];
  write(io, values['output-file'], formatGraph(format, buildGraph(session.model, flows)));
  return errors.length > 0 ? EXIT.errors : EXIT.clean;
}

/** `sls-lint merge <report...>`: the shards' reports as one; exit code 1 when it holds an error-level finding. */
function runMerge(argv: readonly string[], io: CliIo): number {
  const { values, positionals, tokens } = parse(argv, MERGE_OPTIONS);
  const outputFile = values['output-file'];
  const { text, errors } = mergeReports({
    reports: positionals, format: values.format, color: (colorFlag(tokens) ?? io.color) && !outputFile, cwd: io.cwd, env: io.env ?? {},
  });
  write(io, outputFile, text);
  return errors ? EXIT.errors : EXIT.clean;
}

type LintValues = ReturnType<typeof parse<typeof LINT_OPTIONS>>['values'];

/**
 * `--init`, `--list-rules` and `--print-config <file>` answer without linting, on their own:
 * undefined when none of them is asked for.
 */
function runStandalone(values: LintValues, positionals: readonly string[], io: CliIo): number | undefined {
  const asked = (['init', 'list-rules', 'print-config'] as const).filter((name) => values[name] !== undefined && values[name] !== false);
  if (asked.length === 0) return undefined;
  if (asked.length > 1) throw new UsageError(`--${asked[0]} and --${asked[1]} cannot be used together`);
  if (positionals.length > 0) throw new UsageError(`--${asked[0]} takes no paths (got ${positionals[0]})`);
  if (values.init) {
    io.stdout(initProject(io.cwd));
  } else if (values['list-rules']) {
    if (values.format !== 'stylish' && values.format !== 'json') throw new UsageError('--list-rules prints a table, or JSON with --format json');
    io.stdout(values.format === 'json' ? `${JSON.stringify(ruleListing(), null, 2)}\n` : listRules());
  } else {
    const config = loadRunConfig(io.cwd, {
      ...(values.config ? { configFile: values.config } : {}), rules: values.rule ?? [], ignorePatterns: values['ignore-pattern'] ?? [],
    });
    io.stdout(printConfig(config, io.cwd, values['print-config']!));
  }
  return EXIT.clean;
}

/** parseArgs with our one-line usage errors; `values` is typed from the (const) option specs. */
function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options, tokens: true });
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

