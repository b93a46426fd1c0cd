// The floor: what any linter of these files pays at least. ESLint (Node API, typescript-eslint
// parser, no rules) over the same handler and module files sls-lint lints, then every template
// parsed with the `yaml` package. Run as a child of bench/run.mjs:
//
//   node bench/floor.mjs <manifest.json>
//
// Prints one JSON line: { files, templates, eslintMs, yamlMs }.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { parseDocument } from 'yaml';

const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const started = performance.now();
const eslint = new ESLint({
  cwd: manifest.root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }],
  errorOnUnmatchedPattern: false,
  globInputPaths: false,
});
const results = await eslint.lintFiles(manifest.codeFiles);
const eslintMs = performance.now() - started;
const fatal = results.filter((r) => r.fatalErrorCount > 0).length;

const yamlStarted = performance.now();
let nodes = 0;
for (const file of manifest.templates) {
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.contents) nodes += 1;
}
const yamlMs = performance.now() - yamlStarted;

process.stdout.write(`${JSON.stringify({ files: results.length, fatal, templates: nodes, eslintMs, yamlMs })}\n`);
