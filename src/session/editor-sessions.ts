import path from 'node:path';
import { CONFIG_FILE_NAMES, ConfigError } from '../config/load-config.js';
import type { SessionRequest } from '../rule/services.js';
import { discover, isTemplateCandidate, mayBeTemplate } from '../template/discover.js';
import { COMPOSE_FILE_NAMES, readComposeFile } from '../template/serverless-compose.js';
import { exists, isFolder, isInside, listFolder, modifiedTime, readText } from '../util/fs-fence.js';
import { createSession, UsageError, type Session } from './session.js';

/** How many project roots an editor keeps sessions for; the least recently used is dropped first. */
const MAX_ROOTS = 8;

interface Entry {
  session: Session;
  /** Modification times of every file the session read. */
  stamps: Map<string, number>;
  /** The text the session used for the file being linted (an editor's unsaved buffer). */
  buffer: { file: string; text: string } | undefined;
}

/**
 * The editor's sessions, one per project root, made by the same `createSession` as the CLI's
 * (content-sniffing discovery, the read fence, ignores, the config). A session is built again when
 * a file it read changes, or when the buffer of the file being linted differs from the text it used.
 * Owned by the plugin object: nothing here is a module global.
 */
export class EditorSessions {
  private readonly entries = new Map<string, Entry>();
  /** Where each folder's project is (or that it has none): found once, since the search may walk a repository. */
  private readonly places = new Map<string, Place | null>();

  constructor(private readonly maxRoots = MAX_ROOTS) {}

  /** The session for the file in the request, or undefined when no template is found for it. */
  forRequest(request: SessionRequest): Session | undefined {
    const sls = request.settings['sls'] as { project?: unknown } | undefined;
    if (sls?.project === false) return undefined;
    const file = path.resolve(request.cwd, request.filename);
    const place = typeof sls?.project === 'string' ? configuredPlace(path.resolve(request.cwd, sls.project), file) : this.placeOf(file, request.cwd);
    if (!place) return undefined;
    const key = `${place.root}\u0000${place.paths.join('\u0000')}`;
    const cached = this.entries.get(key);
    if (cached && fresh(cached, file, request.text)) {
      // Map order is recency: the entry used last goes to the end.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.session;
    }
    cached?.session.dispose();
    const session = build(place, file, request.text);
    if (!session || session.model.stacks.length === 0) return undefined;
    const stamps = new Map<string, number>();
    for (const f of session.inputs()) stamps.set(f, mtime(f));
    this.entries.delete(key);
    this.entries.set(key, { session, stamps, buffer: session.analysis?.knows(file) ? { file, text: request.text } : undefined });
    for (const [k, entry] of this.entries) {
      if (this.entries.size <= this.maxRoots) break;
      entry.session.dispose();
      this.entries.delete(k);
    }
    return session;
  }

  private placeOf(file: string, cwd: string): Place | undefined {
    const key = `${path.dirname(file)}\u0000${cwd}`;
    if (!this.places.has(key)) {
      if (this.places.size >= this.maxRoots * 16) this.places.clear();
      this.places.set(key, foundPlace(file, cwd) ?? null);
    }
    return this.places.get(key) ?? undefined;
  }
}

/**
 * A session for the place, with the linted file's text; undefined when the project's config is
 * broken (an unknown rule, a bad option): the CLI reports that, and the editor judges the code alone
 * rather than failing every file of the project.
 */
function build(place: Place, file: string, text: string): Session | undefined {
  try {
    // Only the file being linted is taken from the editor; every other file is read as saved.
    return createSession({ root: place.root, paths: place.paths, buffers: new Map([[file, text]]) });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) return undefined;
    throw error;
  }
}

/** Whether nothing the session read changed, and it used the same text for the file being linted. */
function fresh(entry: Entry, file: string, text: string): boolean {
  const known = entry.session.analysis?.knows(file) ?? false;
  if (known && entry.buffer?.file !== file && readText(file, { kind: 'code', fence: entry.session.fence }) !== text) return false;
  if (known && entry.buffer?.file === file && entry.buffer.text !== text) return false;
  for (const [f, stamp] of entry.stamps) if (mtime(f) !== stamp) return false;
  return true;
}

function mtime(file: string): number {
  return modifiedTime(file) ?? -1;
}

interface Place {
  root: string;
  paths: string[];
}

/**
 * Where the project of a file is, without settings: going up from the file's folder, the first
 * folder that holds an sls-lint config, a template (found as the CLI finds them, contents
 * sniffed) or a CDK app's `cdk.json` (read from its source), or the folder of the compose file
 * above that names it as a service; else the first folder with a `package.json` that has templates below it. The search
 * stops at the repository root (a folder with `.git`) and at ESLint's working directory.
 */
function foundPlace(file: string, cwd: string): Place | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (CONFIG_FILE_NAMES.some((name) => exists(path.join(dir, name)))) return { root: dir, paths: ['.'] };
    if (exists(path.join(dir, 'cdk.json')) || holdsTemplate(dir)) return composePlace(dir, file, cwd) ?? { root: dir, paths: ['.'] };
    const boundary = exists(path.join(dir, '.git')) || path.resolve(dir) === path.resolve(cwd);
    if ((boundary || exists(path.join(dir, 'package.json'))) && discover(dir, ['.'], []).templates.length > 0) return { root: dir, paths: ['.'] };
    if (boundary || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * A service of a Serverless Compose monorepo is linted from the folder of the compose file that
 * names it, as the CLI run there does: its `${file(../../shared.yml)}` and its params are there.
 */
function composePlace(from: string, file: string, cwd: string): Place | undefined {
  const boundary = (dir: string) => exists(path.join(dir, '.git')) || path.resolve(dir) === path.resolve(cwd) || path.dirname(dir) === dir;
  for (let dir = from; !boundary(dir);) {
    dir = path.dirname(dir);
    const compose = COMPOSE_FILE_NAMES.map((name) => path.join(dir, name)).find((candidate) => exists(candidate));
    if (compose && (readComposeFile(compose, dir) ?? []).some((service) => isInside(service.dir, file))) return { root: dir, paths: ['.'] };
  }
  return undefined;
}

/**
 * `settings.sls.project`: a template or a folder of templates. The project root is the nearest
 * folder that holds both it and the file being linted, so `infra/template.yaml` with `CodeUri: ../src` works.
 */
function configuredPlace(target: string, file: string): Place | undefined {
  if (!exists(target)) return undefined;
  let root = isFolder(target) ? target : path.dirname(target);
  while (!isInside(root, file) && path.dirname(root) !== root) root = path.dirname(root);
  return { root, paths: [path.relative(root, target) || '.'] };
}

function holdsTemplate(dir: string): boolean {
  return listFolder(dir).some((entry) => entry.isFile() && mayBeTemplate(entry.name) && isTemplateCandidate(path.join(dir, entry.name)));
}
