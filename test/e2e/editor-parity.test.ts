import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import { HANDLER_FILES } from '../../src/eslint-plugin.js';
import type { LintResult } from '../../src/results.js';
import { createSession } from '../../src/session/session.js';
import { discover } from '../../src/template/discover.js';
import { cliEslintRules, editorLint, slsFindings, type CodeFinding } from '../helpers/editor-lint.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/**
 * Folders under fixtures/ that are not projects (no template, serverless.yml, cdk.out or cdk.json), each with
 * why. Empty today: every folder there is a project. A new folder that is not one fails the first
 * test below until it is listed here.
 */
const NOT_PROJECTS: readonly string[] = [];

const folders = readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const projects = folders.filter((name) => !NOT_PROJECTS.includes(name));

const CODE_FILE = new RegExp(`\\.(${HANDLER_FILES.map((glob) => glob.slice('**/*.'.length)).join('|')})$`);

/**
 * The files the CLI linted as code: its results, less the templates and the modules a
 * serverless.ts reads as part of its config (their findings come from the template rules).
 */
function codeResultsOf(root: string, results: readonly LintResult[]): LintResult[] {
  const session = createSession({ root });
  const templates = new Set([...session.templates, ...session.includedFiles]);
  return results.filter((r) => CODE_FILE.test(r.filePath) && !templates.has(r.filePath));
}

const show = (f: CodeFinding) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.messageId}: ${f.message}`;

/** One block per file where the two differ: `-` only the CLI reports it, `+` only the editor does. */
function differences(root: string, cli: readonly LintResult[], editor: readonly LintResult[]): string[] {
  const blocks: string[] = [];
  for (const result of cli) {
    const ours = slsFindings(result).map(show);
    const theirs = slsFindings(editor.find((r) => r.filePath === result.filePath)).map(show);
    if (JSON.stringify(ours) === JSON.stringify(theirs)) continue;
    const lines = [
      ...ours.filter((f) => !theirs.includes(f)).map((f) => `  - cli    ${f}`),
      ...theirs.filter((f) => !ours.includes(f)).map((f) => `  + editor ${f}`),
    ];
    // Same findings in another order.
    if (lines.length === 0) lines.push(`  order: cli [${ours.join(' | ')}] editor [${theirs.join(' | ')}]`);
    blocks.push(`${path.relative(root, result.filePath)}\n${lines.join('\n')}`);
  }
  return blocks;
}

describe('the editor gives the same code findings as the CLI, on every fixture project', () => {
  it('every folder under fixtures/ is a project, or listed as not one', () => {
    const notProjects = projects.filter((name) => {
      const found = discover(path.join(FIXTURES, name), ['.'], []);
      return found.templates.length === 0 && found.cdkApps.length === 0;
    });
    expect(notProjects).toEqual([]);
    expect(projects.length).toBeGreaterThan(5);
  });

  for (const name of projects) {
    it(name, async () => {
      const root = path.join(FIXTURES, name);
      const cli = codeResultsOf(root, (await lintProject({ cwd: root })).results);
      expect(cli.length).toBeGreaterThan(0);
      const editor = await editorLint(root, cli.map((r) => r.filePath), cliEslintRules(root));
      expect(editor.map((r) => r.filePath)).toEqual(cli.map((r) => r.filePath));
      expect(differences(root, cli, editor)).toEqual([]);
    });
  }
});
