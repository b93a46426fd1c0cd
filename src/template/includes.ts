import path from 'node:path';
import { MAX_NODES, parseTemplate, type ParsedTemplate } from './parse-template.js';
import { readTemplateFile } from './read-template.js';
import type { PathSegment, SourceLocation } from './source-location.js';
import { isInside, realPath, resolvedPath } from '../util/fs-fence.js';
import { defineOwn } from '../util/objects.js';

/**
 * Local includes in CloudFormation templates: the `AWS::Include` transform
 * (`Fn::Transform: { Name: AWS::Include, Parameters: { Location } }`) and cfn-include's
 * `Fn::Include`. Only files inside the project root are read; S3 and HTTP locations are refused
 * (no network), and so is anything that leaves the root, symlinks included.
 */
export interface IncludeProblem {
  kind: 'unsafe-include' | 'unreadable-include';
  message: string;
  path: PathSegment[];
}

export interface ExpandedTemplate {
  template: ParsedTemplate;
  problems: IncludeProblem[];
  includedFiles: string[];
}

const MAX_INCLUDE_DEPTH = 8;

export function hasIncludes(text: string): boolean {
  return text.includes('Fn::Include') || text.includes('AWS::Include');
}

export function expandIncludes(template: ParsedTemplate, projectRoot: string): ExpandedTemplate {
  const expander = new Expander(projectRoot);
  const value = expander.expand(template.value, [], template.filePath, [template.filePath]);
  // The first origin at each path, found by walking up from a target: no scan of every origin per finding.
  const origins = new Map<string, Origin>();
  for (const origin of expander.origins) {
    const key = pathKey(origin.path);
    if (!origins.has(key)) origins.set(key, origin);
  }
  const locate = (target: readonly PathSegment[]): SourceLocation & { file?: string } => {
    for (let length = target.length; length >= 0; length--) {
      const origin = origins.get(pathKey(target.slice(0, length)));
      if (origin) return { file: origin.template.filePath, ...origin.template.locate(target.slice(length)) };
    }
    return template.locate(target);
  };
  return { template: { ...template, value, locate }, problems: expander.problems, includedFiles: [...expander.included] };
}

interface Origin {
  path: PathSegment[];
  template: ParsedTemplate;
}

function pathKey(path: readonly PathSegment[]): string {
  return JSON.stringify(path.map(String));
}

/** A file read and parsed once, however often it is included; `refusal` follows "Include of <location>". */
type IncludedFile = { template: ParsedTemplate } | { refusal: string; kind: IncludeProblem['kind'] };

class Expander {
  readonly problems: IncludeProblem[] = [];
  readonly origins: Origin[] = [];
  readonly included = new Set<string>();
  private readonly files = new Map<string, IncludedFile>();
  /** Values visited, counting each inclusion of a snippet again: snippets that include each other ten times over are a bomb too. */
  private visits = 0;
  private realRootPath?: string;

  constructor(private readonly root: string) {}

  expand(value: unknown, at: PathSegment[], fromFile: string, chain: string[]): unknown {
    if (++this.visits > MAX_NODES) {
      // Said once, on the template itself: no one include is to blame.
      if (this.visits === MAX_NODES + 1) {
        this.problems.push({ kind: 'unreadable-include', message: `Includes expand to more than ${MAX_NODES} nodes: the rest are left as written.`, path: [] });
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((item, i) => this.expand(item, [...at, i], fromFile, chain));
    if (typeof value !== 'object' || value === null) return value;
    const object = value as Record<string, unknown>;
    const location = includeLocation(object);
    if (location !== undefined) {
      // Problems point at the include itself, not at the map that holds it.
      const includeKey = 'Fn::Include' in object ? 'Fn::Include' : 'Fn::Transform';
      const included = this.load(location, at, [...at, includeKey], fromFile, chain);
      if (included === undefined) return value;
      const rest = Object.entries(object).filter(([key]) => key !== 'Fn::Include' && key !== 'Fn::Transform');
      // `Fn::Transform` beside other keys (e.g. under Resources) merges the snippet into that map.
      if (rest.length === 0 || typeof included.value !== 'object' || included.value === null || Array.isArray(included.value)) {
        this.origins.push({ path: at, template: included.template });
        return included.value;
      }
      const merged: Record<string, unknown> = {};
      for (const [key, child] of rest) defineOwn(merged, key, this.expand(child, [...at, key], fromFile, chain));
      for (const [key, child] of Object.entries(included.value as Record<string, unknown>)) {
        defineOwn(merged, key, child);
        this.origins.push({ path: [...at, key], template: withPrefix(included.template, [key]) });
      }
      return merged;
    }
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) defineOwn(result, key, this.expand(child, [...at, key], fromFile, chain));
    return result;
  }

  private load(
    location: string, at: PathSegment[], problemAt: PathSegment[], fromFile: string, chain: string[],
  ): { value: unknown; template: ParsedTemplate } | undefined {
    const refuse = (message: string, kind: IncludeProblem['kind'] = 'unsafe-include') => {
      this.problems.push({ kind, message, path: problemAt });
      return undefined;
    };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return refuse(`Include of ${location} refused: sls-lint never fetches remote files.`);
    const target = path.resolve(path.dirname(fromFile), location);
    if (!isInside(this.root, target)) return refuse(`Include of ${location} refused: it is outside the project root.`);
    if (chain.includes(target) || chain.length > MAX_INCLUDE_DEPTH) return refuse(`Include of ${location} refused: it includes itself.`, 'unreadable-include');
    let file = this.files.get(target);
    if (!file) {
      file = this.read(target);
      this.files.set(target, file);
    }
    if ('refusal' in file) return refuse(`Include of ${location}${file.refusal}`, file.kind);
    this.included.add(target);
    const value = this.expand(file.template.value, at, target, [...chain, target]);
    return { value, template: file.template };
  }

  private read(target: string): IncludedFile {
    const real = resolvedPath(target);
    if (real === undefined) return { refusal: ': the file cannot be read.', kind: 'unreadable-include' };
    // A symlink, of the file or of a folder on its way, may lead out of the root.
    if (!isInside(this.realRoot(), real)) return { refusal: ' refused: it is outside the project root.', kind: 'unsafe-include' };
    const read = readTemplateFile(real, this.realRoot());
    if (!read.ok) return { refusal: `: ${read.error.message} (line ${read.error.line}).`, kind: 'unreadable-include' };
    const parsed = parseTemplate(target, read.text);
    if (!parsed.ok) return { refusal: `: ${parsed.error.message} (line ${parsed.error.line}).`, kind: 'unreadable-include' };
    return { template: parsed.template };
  }

  /** The root as the file system has it (a symlinked temp folder, say): what a real path must be inside. */
  private realRoot(): string {
    this.realRootPath ??= realPath(this.root);
    return this.realRootPath;
  }
}

/** The local path of `Fn::Include: path`, `Fn::Include: { location }`, or an `AWS::Include` transform. */
function includeLocation(object: Record<string, unknown>): string | undefined {
  const include = object['Fn::Include'];
  if (typeof include === 'string') return include;
  if (typeof include === 'object' && include !== null && typeof (include as Record<string, unknown>)['location'] === 'string') {
    return (include as Record<string, string>)['location'];
  }
  const transform = object['Fn::Transform'];
  if (typeof transform !== 'object' || transform === null) return undefined;
  const { Name: name, Parameters: parameters } = transform as Record<string, unknown>;
  if (name !== 'AWS::Include' || typeof parameters !== 'object' || parameters === null) return undefined;
  const location = (parameters as Record<string, unknown>)['Location'];
  return typeof location === 'string' ? location : undefined;
}

/** The same file, located from below a key: a merged snippet's `Queue` is found at `['Queue', ...]`. */
function withPrefix(template: ParsedTemplate, prefix: PathSegment[]): ParsedTemplate {
  return { ...template, locate: (target) => template.locate([...prefix, ...target]) };
}
