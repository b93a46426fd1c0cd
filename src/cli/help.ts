// The help texts, in one place for bin.ts (which answers --help before loading the engine) and
// main.ts. This module imports nothing, so `sls-lint --help` loads three small modules: the names
// below are written out, and test/e2e/startup.test.ts checks them against FORMATS, GRAPH_FORMATS
// and the review's DEFAULT_BASELINE.

/** The formats of `-f` for a run (src/report FORMATS) and for `sls-lint graph` (src/graph GRAPH_FORMATS). */
export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'github', 'markdown', 'junit', 'rdjson'];
export const GRAPH_FORMAT_NAMES = ['mermaid', 'dot', 'json'];
/** The baseline file `--baseline` and `--update-baseline` use by default (src/review DEFAULT_BASELINE). */
export const DEFAULT_BASELINE = '.sls-lint-baseline.json';

export const HELP = `Usage: sls-lint [options] [paths...]
       sls-lint graph [--format mermaid|dot|json] [--output-file <file>] [paths...]
       sls-lint merge [--format <name>] [--output-file <file>] <report...>
       sls-lint explain [rule...]
       sls-lint --init | --list-rules | --print-config <file>

Lints serverless applications: finds SAM/CloudFormation templates under the paths
(default: .), resolves each function's handler source, and checks templates and code.

Options:
  -f, --format <name>       Output format: ${FORMAT_NAMES.join(', ')} (default: stylish)
  -o, --output-file <file>  Write the report to a file instead of stdout
      --color, --no-color   Colour the stylish report or not (default: only on a terminal, not with
                            NO_COLOR or CI set; FORCE_COLOR decides as it does for Node)
  -c, --config <file>       Use this config file instead of sls-lint.config.{json,yaml,yml}
      --root <dir>          Read nothing outside this folder (default: the repository root, the
                            nearest folder with .git, or the current folder outside a repository)
      --rule <setting>      Set a rule, e.g. --rule 'sls/no-sync-invoke: warn' (repeatable)
      --ignore-pattern <glob>
                            Also ignore files matching the glob, relative to the current folder (repeatable)
      --quiet               Report errors only
      --max-warnings <n>    Exit with 1 when there are more than n warnings
      --changed-since <ref> Report only findings on lines changed since a git ref
      --baseline [file]     Report only findings that are not in the baseline file (default ${DEFAULT_BASELINE})
      --update-baseline     Write the current findings to the baseline file (default ${DEFAULT_BASELINE}) and exit 0
      --cache               Reuse the findings of files whose content and context did not change
      --cache-location <p>  The cache file, or a folder for it (default: ./.sls-lint-cache)
      --no-cross-layer      Skip the join of templates and code (code rules run template-free)
      --no-error-on-unmatched-pattern
                            Exit with 0, not 2, when the paths hold nothing to lint (no template,
                            serverless config, CDK app or named code file); the note stays on stderr
      --report-unused-suppressions
                            Report sls-lint-disable comments in templates that suppress nothing
      --shard <i>/<n>       Lint and report the i-th of n shares of the functions (every template is
                            still read); 'sls-lint merge' joins the n reports into the whole run's
      --concurrency <n>     Threads that lint: a number, off, or auto (default: half the cores, up to 4,
                            from 200 functions); the findings are the same
      --print-config <file> Print the rule settings for a file (config, overrides, --rule) as JSON and exit 0
      --list-rules          List every rule: severity in recommended and strict, kind, description (-f json: JSON)
      --init                Write sls-lint.config.json for the templates found here, and exit
  -h, --help                Show this help (and 'sls-lint graph --help', 'sls-lint merge --help',
                            'sls-lint explain --help')
  -v, --version             Show the version

Exit codes: 0 no errors, 1 error-level findings or too many warnings, 2 usage, config or internal error,
or nothing to lint.
`;

export const GRAPH_HELP = `Usage: sls-lint graph [options] [paths...]

Prints the event-flow graph of the templates under the paths (default: .): functions, the
resources that trigger them (with delivery semantics), and where their failures go.

Options:
  -f, --format <name>       ${GRAPH_FORMAT_NAMES.join(', ')} (default: mermaid)
  -o, --output-file <file>  Write the graph to a file instead of stdout
  -c, --config <file>       Config file (its ignores apply)
      --root <dir>          Read nothing outside this folder (default: the repository root)
      --ignore-pattern <glob>
                            Also ignore files matching the glob (repeatable)
  -h, --help                Show this help
`;

export const MERGE_HELP = `Usage: sls-lint merge [options] <report...>

Merges the reports of the shards of a run (sls-lint --shard i/n) into the report of the whole run:
JSON reports (--format json) or SARIF reports (--format sarif), all of one kind.

Options:
  -f, --format <name>       From JSON reports: ${FORMAT_NAMES.join(', ')};
                            from SARIF reports: sarif (default: the kind of the reports)
  -o, --output-file <file>  Write the merged report to a file instead of stdout
      --color, --no-color   Colour the stylish report or not (default: only on a terminal)
  -h, --help                Show this help

Exit codes: 0 no error-level findings, 1 error-level findings, 2 a report that cannot be read or merged.
`;
