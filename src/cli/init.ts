import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../config/load-config.js';
import { detectFormat } from '../model/build-cloudformation.js';
import { isServerlessConfig } from '../model/load-model.js';
import { UsageError } from '../session/session.js';
import { discover } from '../template/discover.js';
import { parseTemplate } from '../template/parse-template.js';
import { readTemplateFile } from '../template/read-template.js';
import { isComposeFile } from '../template/serverless-compose.js';
import { REPOSITORY_URL } from '../rule/rule-docs.js';
import { exists, readText } from '../util/fs-fence.js';
import { isObject } from '../util/objects.js';
import { writeFileMakingFolder } from '../util/write-file.js';
import { repositoryRootOf } from '../util/repository-root.js';

const CONFIG_FILE = 'sls-lint.config.json';
const CACHE_ENTRY = '.sls-lint-cache';

/** What `--init` found, by kind: singular and plural names, in the order they are listed. */
const KINDS = {
  sam: ['SAM template', 'SAM templates'],
  cloudformation: ['CloudFormation template', 'CloudFormation templates'],
  serverless: ['Serverless Framework service', 'Serverless Framework services'],
  compose: ['Serverless Compose file', 'Serverless Compose files'],
  cdkApp: ['CDK app', 'CDK apps'],
  cdk: ['synthesized CDK template', 'synthesized CDK templates'],
  unreadable: ['template that does not parse', 'templates that do not parse'],
} as const;

type Kind = keyof typeof KINDS;

/**
 * `sls-lint --init`: writes sls-lint.config.json in the project folder, with the `recommended`
 * preset and a note of the template formats discovery finds there (as a run would find them,
 * without linting anything), and adds the cache file to .gitignore. An existing config of any of
 * the names the CLI reads is never overwritten. Returns what to tell the user.
 */
export function initProject(root: string): string {
  const existing = CONFIG_FILE_NAMES.find((name) => exists(path.join(root, name)));
  if (existing) throw new UsageError(`${existing} already exists: --init does not overwrite it`);
  const found = describeKinds(templateKinds(root));
  const config = {
    $comment: `Written by sls-lint --init. Found: ${found}. Settings: ${REPOSITORY_URL}/blob/main/docs/configuration.md`,
    extends: 'recommended',
    rules: {},
    ignores: [],
  };
  const failed = writeFileMakingFolder(path.join(root, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  if (failed) throw new UsageError(`--init: ${failed}`);
  const lines = [`Wrote ${CONFIG_FILE} (extends recommended). Found: ${found}.`];
  if (ignoreCache(root)) lines.push(`Added ${CACHE_ENTRY} to .gitignore.`);
  return `${lines.join('\n')}\n`;
}

/** The kind of each template and CDK app discovery finds under the root, as a run would find them. */
function templateKinds(root: string): Kind[] {
  const fence = repositoryRootOf(root) ?? root;
  const found = discover(root, ['.'], [], fence);
  return [...found.templates.map(kindOf), ...found.cdkApps.map((): Kind => 'cdkApp')];
}

function kindOf(file: string): Kind {
  if (isComposeFile(file)) return 'compose';
  if (isServerlessConfig(file)) return 'serverless';
  const read = readTemplateFile(file, repositoryRootOf(file) ?? path.dirname(file));
  const parsed = read.ok ? parseTemplate(file, read.text) : undefined;
  if (!parsed?.ok) return 'unreadable';
  const value = parsed.template.value;
  // A compose entry's `config: serverless.api.yml`: a service by its contents.
  if (isObject(value) && 'service' in value && 'provider' in value) return 'serverless';
  return detectFormat(value);
}

function describeKinds(kinds: readonly Kind[]): string {
  const counts = (Object.keys(KINDS) as Kind[]).map((kind) => [kind, kinds.filter((k) => k === kind).length] as const).filter(([, n]) => n > 0);
  if (counts.length === 0) return 'no template';
  return counts.map(([kind, n]) => `${n} ${KINDS[kind][n === 1 ? 0 : 1]}`).join(', ');
}

/** Adds the cache file to the root's .gitignore (made if missing); false when it was already there. */
function ignoreCache(root: string): boolean {
  const file = path.join(root, '.gitignore');
  const text = exists(file) ? readText(file, { kind: 'config', fence: root }) ?? '' : '';
  const entries = text.split(/\r?\n/).map((line) => line.trim());
  if (entries.some((line) => [CACHE_ENTRY, `/${CACHE_ENTRY}`, `${CACHE_ENTRY}/`, `/${CACHE_ENTRY}/`, `**/${CACHE_ENTRY}`].includes(line))) return false;
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  const failed = writeFileMakingFolder(file, `${text}${separator}${CACHE_ENTRY}\n`);
  if (failed) throw new UsageError(`--init: ${failed}`);
  return true;
}
