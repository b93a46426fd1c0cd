import path from 'node:path';
import { type ParsedTemplate } from '../template/parse-template.js';
import type { PathSegment, SourceLocation } from '../template/source-location.js';
import { isObject } from '../util/objects.js';
import { relativePath } from '../util/relative-path.js';
import { Bindings } from './script-bindings.js';
import { ScriptModules } from './script-modules.js';
import { type Located, pathKey, StaticEvaluator } from './static-evaluator.js';
import { settle, Unread, type UnreadPart } from './unread.js';

/**
 * Reads a `serverless.ts` (or `.js`, `.cjs`, `.mjs`) without running it: the exported object is
 * evaluated statically, following the project modules it imports (see static-evaluator.ts).
 * Anything that needs the code to run is left out rather than guessed, and listed in `unread` so
 * that a run says what it did not check.
 */
export type ServerlessTsResult =
  | { ok: true; template: ParsedTemplate; unread: UnreadNote[]; files: string[] }
  | { ok: false; reason: string; files: string[] };

/** A part of the configuration left out, where the expression that could not be read is. */
export interface UnreadNote {
  file: string;
  location: SourceLocation;
  message: string;
}

/** More notes than this for one configuration are summed up in one. */
const MAX_NOTES = 50;

export function readServerlessTs(filePath: string, text: string, projectRoot: string): ServerlessTsResult {
  const modules = new ScriptModules(projectRoot);
  try {
    return readScript(modules, filePath, text, projectRoot);
  } catch (error) {
    // Valid code nested thousands deep overflows TypeScript's parser (or the evaluator): said at line 1, never a crash.
    if (error instanceof RangeError) return { ok: false, reason: 'it nests too deeply to be read (the call stack overflowed)', files: modules.files() };
    throw error;
  }
}

function readScript(modules: ScriptModules, filePath: string, text: string, projectRoot: string): ServerlessTsResult {
  const bindings = new Bindings(modules);
  const main = modules.main(filePath, text);
  const evaluator = new StaticEvaluator(bindings, filePath, path.dirname(filePath));
  const exported = bindings.ofConfig(main);
  if (!exported || exported.kind === 'missing') {
    return { ok: false, reason: 'it does not export an object literal (export default, export =, or module.exports =)', files: modules.files() };
  }
  const value = evaluator.bound(exported, main.source, main, [], 0);
  if (!isObject(value) || value instanceof Unread) {
    return { ok: false, reason: 'its export could not be read without running code', files: modules.files() };
  }
  const parts = settle(value);
  const locations = evaluator.locations;
  const locate = (target: readonly PathSegment[]): Located => {
    for (let length = target.length; length >= 0; length--) {
      const found = locations.get(pathKey(target.slice(0, length)));
      if (found) return found;
    }
    return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  };
  const name = path.basename(filePath);
  const notes = unreadNotes(parts, name, projectRoot);
  const emptyFunctions = locations.has(pathKey(['functions'])) && !evaluator.emptyLiterals.has(pathKey(['functions'])) &&
    !(isObject(value['functions']) && Object.keys(value['functions']).length > 0);
  if (emptyFunctions) {
    const lost = parts.filter((part) => part.path[0] === 'functions' || part.path.length === 0).length;
    const { file = filePath, ...location } = locate(['functions']);
    notes.push({
      file, location,
      message: `\`functions\` of ${name} came out empty${lost > 0 ? `: ${lost} of its parts could not be read statically (see the other warnings)` : ''}, so no function of this service is checked.`,
    });
  }
  return { ok: true, template: { filePath, text, value, locate }, unread: notes, files: modules.files() };
}

/** One note per expression that could not be read (an expression used in several places is named once), and one for a bound reached. */
function unreadNotes(parts: readonly UnreadPart[], name: string, root: string): UnreadNote[] {
  const notes = new Map<string, UnreadNote>();
  let overLimit = false;
  for (const { path: at, unread } of parts) {
    if (unread.overLimit) {
      if (overLimit) continue;
      overLimit = true;
    }
    const key = `${unread.file}\u0000${unread.location.line}\u0000${unread.location.column}`;
    if (notes.has(key)) continue;
    const where = at.length === 0 ? `A part of ${name}` : `\`${displayPath(at)}\` of ${name}`;
    const left = unread.overLimit ? 'and what follows it are left out' : 'is left out';
    notes.set(key, { file: unread.file, location: unread.location, message: `${where} ${left}: ${unread.what}. sls-lint never runs configuration code.` });
  }
  const all = [...notes.values()].sort((a, b) =>
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.location.line - b.location.line || a.location.column - b.location.column);
  if (all.length <= MAX_NOTES) return all;
  const last = all[MAX_NOTES - 1]!;
  const more = all.length - MAX_NOTES + 1;
  return [...all.slice(0, MAX_NOTES - 1), { ...last, message: `${more} more parts of ${name} are left out, the first of them here (${relativePath(root, last.file)}). sls-lint never runs configuration code.` }];
}

function displayPath(at: readonly PathSegment[]): string {
  return at.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}
