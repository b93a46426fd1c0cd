import path from 'node:path';
import { globSync } from 'tinyglobby';
import { isFile, isFolder, isInside, readHead, resolvedPath } from '../util/fs-fence.js';
import { ignoresBelow } from '../util/root-globs.js';
import { isUnsynthesizedCdkApp } from './cdk-apps.js';
import { isComposeFile, readComposeFile } from './serverless-compose.js';

/** Folders that never hold a project's own templates or handlers. */
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**', '**/.aws-sam/**'];

const NAMED_TEMPLATE = /(^template\.(ya?ml|json)$)|(\.template\.(ya?ml|json)$)|(^serverless\.(ya?ml|json)$)|(^serverless-compose\.(ya?ml|json)$)/i;
const DATA_FILE = /\.(ya?ml|json)$/i;
const SERVERLESS_SCRIPT = /^serverless\.(ts|js|cjs|mjs)$/;
const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/i;
/** Enough of a file to see its top-level keys; templates put them first. */
const SNIFF_BYTES = 64 * 1024;

export interface Discovery {
  templates: string[];
  /** Code files named directly on the command line: linted with the code rules even without a template. */
  codeFiles: string[];
  /** The `cdk.json` of each CDK app under the folders searched: read from its source. */
  cdkApps: string[];
  /** Those of them that have no synthesized template to read either. */
  unsynthesizedCdkApps: string[];
}

/**
 * Templates and code files under the inputs. Symlinks are not followed while walking a folder (a
 * loop cannot make it endless), and a file whose real path leaves the root, through a symlinked
 * input or a symlink of its own, is dropped before anything reads it, even the sniff below.
 * Synchronous, because an editor builds its session inside ESLint's (synchronous) parser.
 *
 * `ignores` are globs relative to `root`; one that leaves it (`/etc/**`, `../**`) is a config error
 * before this runs (load-config.ts), and is never handed to the walk, which starts at the folder
 * searched and never above it.
 */
export function discover(root: string, inputs: readonly string[], ignores: readonly string[], fence: string = root): Discovery {
  const templates = new Set<string>();
  const codeFiles = new Set<string>();
  const cdkApps = new Set<string>();
  const unsynthesized = new Set<string>();
  const realRoot = resolvedPath(fence) ?? fence;
  const inRoot = (file: string) => {
    const real = resolvedPath(file);
    return real !== undefined && isInside(realRoot, real);
  };
  for (const input of inputs) {
    const absolute = path.resolve(root, input);
    if (isFile(absolute)) {
      if (!inRoot(absolute)) continue;
      if (DATA_FILE.test(absolute) || SERVERLESS_SCRIPT.test(path.basename(absolute))) templates.add(absolute);
      else if (CODE_FILE.test(absolute)) codeFiles.add(absolute);
      continue;
    }
    if (!isFolder(absolute) || !inRoot(absolute)) continue;
    const found = globSync(['**/*.{yaml,yml,json}', '**/serverless.{ts,js,cjs,mjs}'], {
      cwd: absolute,
      absolute: true,
      dot: false,
      followSymbolicLinks: false,
      ignore: [...DEFAULT_IGNORES, ...ignoresBelow(path.relative(root, absolute), ignores)],
    });
    for (const file of found.sort()) {
      if (inRoot(file) && isTemplateCandidate(file, realRoot)) templates.add(path.normalize(file));
      if (path.basename(file) !== 'cdk.json' || !inRoot(file)) continue;
      cdkApps.add(path.normalize(file));
      if (isUnsynthesizedCdkApp(file, realRoot)) unsynthesized.add(path.normalize(file));
    }
  }
  // A compose file names its services' configs: one under another name (`config: serverless.api.yml`)
  // is found only here, and a compose file named on the command line brings its services along.
  for (const compose of [...templates].filter(isComposeFile)) {
    for (const service of readComposeFile(compose, fence) ?? []) {
      if (service.configFile && inRoot(service.configFile)) templates.add(path.normalize(service.configFile));
    }
  }
  return { templates: [...templates].sort(), codeFiles: [...codeFiles].sort(), cdkApps: [...cdkApps].sort(), unsynthesizedCdkApps: [...unsynthesized].sort() };
}

/** A file name discovery looks at as a possible template (its contents decide for data files). */
export function mayBeTemplate(name: string): boolean {
  return DATA_FILE.test(name) || SERVERLESS_SCRIPT.test(name);
}

/** Named as a template, or its first 64 KB look like one. `fence`: where its real path must lie to be sniffed. */
export function isTemplateCandidate(file: string, fence: string | null = null): boolean {
  const base = path.basename(file);
  if (NAMED_TEMPLATE.test(base) || SERVERLESS_SCRIPT.test(base)) return true;
  // Through the read gate: regular files only (a FIFO would wait for a writer forever).
  const head = readHead(file, SNIFF_BYTES, { kind: 'template', fence })?.replace(/^\uFEFF/, '');
  if (head === undefined) return false;
  if (/\.json$/i.test(file)) {
    return /"AWSTemplateFormatVersion"\s*:/.test(head) || /"Transform"\s*:[^\n]*AWS::Serverless-2016-10-31/.test(head) ||
      (/"Resources"\s*:/.test(head) && /"Type"\s*:\s*"AWS::/.test(head));
  }
  return /^AWSTemplateFormatVersion\s*:/m.test(head) || /^Transform\s*:[^\n]*AWS::Serverless-2016-10-31/m.test(head) ||
    /^Transform\s*:\s*\n\s*-\s*['"]?AWS::Serverless-2016-10-31/m.test(head) ||
    (/^Resources\s*:/m.test(head) && /\bType\s*:\s*['"]?AWS::/.test(head));
}
