import path from 'node:path';
import { relativePath } from '../util/relative-path.js';
import type { ChainStep } from './call-chain.js';
import { Dependencies, type Resolution } from './dependencies.js';
import type { Probe, ProbeKind } from './module-resolver.js';
import type { HandlerDefinition } from './handler-definitions.js';
import type { ModuleSummary } from './module-summary.js';
import type { PassedValues } from './passed-values.js';

/**
 * What the analysis of one run leaves for the next (`--cache`): each module's summary and each
 * handler's walk, with what each was computed from (files by digest, imports by where they led).
 * Plain data; paths are absolute here and relative to the project root in the cache file.
 */
export interface StoredAnalysis {
  /** What every record also depends on: the parser's and TypeScript's versions, the read fence. */
  key: string;
  /** The digest of each file a record read, as that run read it; null when the file was missing. */
  digests: Map<string, string | null>;
  modules: Map<string, StoredModule>;
  /** By `handlerKey`: the walk depends on the handler's file and export only, not on the function. */
  handlers: Map<string, StoredHandler>;
  /** What finding and reading the tsconfigs asked: an import resolved through a tsconfig depends on all of it. */
  tsconfigProbes: Probe[];
}

export interface StoredModule {
  /** Null when the module did not parse. */
  summary: ModuleSummary | null;
  deps: Dependencies;
}

export interface StoredHandler {
  deps: Dependencies;
  /** Each code the walk reached, in the walk's order; undefined when the handler file did not parse (no walk). */
  visits: StoredVisit[] | undefined;
  /** Where the handler is written (handler-definitions.ts), when the file parsed. */
  definition: HandlerDefinition | undefined;
}

export interface StoredVisit {
  file: string;
  at: number | 'module';
  chain: ChainStep[];
  passed?: PassedValues;
}

export function handlerKey(file: string, exportName: string): string {
  return `${file}#${exportName}`;
}

/** How the records are written: bump when their shape or meaning changes, and older caches are ignored. */
export const STORED_ANALYSIS_FORMAT = 2;

const PROBE_KINDS: readonly ProbeKind[] = ['file', 'folder', 'real', 'resolved', 'read'];

type Deps = [files: number[], resolutions: number[]];
/** file, start (-1: the module's top level), the step's name and line, the visit whose chain this one extends (-1: none). */
type WireVisit = [file: number, at: number, name: string, line: number, parent: number, passed?: unknown];

/** The cache file's form: files and imports by number, modules' summaries with their Maps spelt out. */
export interface WireAnalysis {
  format: number;
  key: string;
  files: string[];
  digests: (string | null)[];
  /** `probes`: what resolving it asked (numbers into `probes`), or null when unknown; `configs`: 1 when it read a tsconfig's options. */
  resolutions: [from: number, specifier: string, to: number, probes: number[] | null, configs: 0 | 1][];
  /** kind (a number into PROBE_KINDS), path (a number into `files`), answer. */
  probes: [kind: number, path: number, answer: string][];
  tsconfigProbes: number[];
  /** `maps`: 1 when the summary holds a Map (spelt out), which reading it back must rebuild. */
  modules: [file: number, summary: unknown, ...deps: Deps, maps?: 1][];
  handlers: [file: number, exportName: string, deps: Deps, visits: WireVisit[] | null, definition: [number, string] | null][];
}

/** The records, with paths relative to `root`, as JSON can hold them. */
export function encodeAnalysis(stored: StoredAnalysis, root: string): WireAnalysis {
  const files: string[] = [];
  const numbers = new Map<string, number>();
  const fileNumber = (file: string): number => {
    let n = numbers.get(file);
    if (n === undefined) {
      n = files.length;
      files.push(file);
      numbers.set(file, n);
    }
    return n;
  };
  const resolutions: WireAnalysis['resolutions'] = [];
  const resolutionNumbers = new Map<string, number>();
  const probes: WireAnalysis['probes'] = [];
  const probeNumbers = new Map<string, number>();
  const probeNumber = (probe: Probe): number => {
    const key = `${probe.kind}\u0000${probe.path}\u0000${probe.answer}`;
    let n = probeNumbers.get(key);
    if (n === undefined) {
      n = probes.length;
      probes.push([PROBE_KINDS.indexOf(probe.kind), fileNumber(probe.path), probe.answer]);
      probeNumbers.set(key, n);
    }
    return n;
  };
  const depsOf = (deps: Dependencies): Deps => [
    [...deps.files].map(fileNumber),
    [...deps.resolutions].map(([key, r]) => {
      let n = resolutionNumbers.get(key);
      if (n === undefined) {
        n = resolutions.length;
        resolutions.push([fileNumber(r.from), r.specifier, r.to === undefined ? -1 : fileNumber(r.to), r.asked ? r.asked.probes.map(probeNumber) : null, r.asked?.configs ? 1 : 0]);
        resolutionNumbers.set(key, n);
      }
      return n;
    }),
  ];
  const modules: WireAnalysis['modules'] = [...stored.modules].map(([file, m]) => {
    // A summary read from the cache is written back as it was read: no copy, no Map to spell out.
    const read = readForms.get(m);
    const maps = { found: false };
    let plain: unknown = null;
    if (read && m.summary) [plain, maps.found] = [read.summary, read.maps === true];
    else if (m.summary) {
      const { file: _own, ...summary } = m.summary;
      plain = toPlain(summary, maps);
    }
    const [files, resolutions] = depsOf(m.deps);
    return maps.found ? [fileNumber(file), plain, files, resolutions, 1] : [fileNumber(file), plain, files, resolutions];
  });
  const handlers: WireAnalysis['handlers'] = [];
  for (const [key, h] of stored.handlers) {
    const at = key.lastIndexOf('#');
    const read = readForms.get(h);
    // A walk read from the cache is written back row by row, its files numbered anew.
    const visits = read?.visits && read.files ? read.visits.map((v) => [fileNumber(read.files![v[0]]!), ...v.slice(1)] as WireVisit) : h.visits ? encodeVisits(h.visits, fileNumber) : null;
    // A walk whose chains cannot be written so is not stored: the next run walks it again.
    if (visits === undefined) continue;
    const definition: [number, string] | null = h.definition ? [fileNumber(h.definition.file), h.definition.exportName] : null;
    handlers.push([fileNumber(key.slice(0, at)), key.slice(at + 1), depsOf(h.deps), visits, definition]);
  }
  const tsconfigProbes = stored.tsconfigProbes.map(probeNumber);
  return {
    format: STORED_ANALYSIS_FORMAT, key: stored.key, files: files.map((f) => relativePath(root, f)),
    digests: files.map((f) => stored.digests.get(f) ?? null), resolutions, probes, tsconfigProbes, modules, handlers,
  };
}

/**
 * Only the key and the imports of the records (cheap): what a run that changed no file it read must
 * still check, since a file added where an import looked for a module changes where it leads.
 * Undefined when the value is not a record of this format.
 */
export function decodeImports(value: unknown, root: string): { key: string; resolutions: Resolution[]; tsconfigProbes: Probe[] } | undefined {
  try {
    const wire = value as WireAnalysis;
    if (!isObject(wire) || wire.format !== STORED_ANALYSIS_FORMAT || typeof wire.key !== 'string' || !Array.isArray(wire.files)) return undefined;
    const files = wire.files.map((f) => {
      if (typeof f !== 'string') throw new Error('bad file');
      return path.join(root, f);
    });
    const { resolutions, tsconfigProbes } = decodeResolutions(wire, (n) => {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= files.length) throw new Error('bad file number');
      return files[n]!;
    });
    return { key: wire.key, resolutions, tsconfigProbes };
  } catch {
    return undefined;
  }
}

/** The imports of the records, with what resolving each asked. Throws on anything malformed. */
function decodeResolutions(wire: WireAnalysis, file: (n: unknown) => string): { resolutions: Resolution[]; tsconfigProbes: Probe[] } {
  if (!Array.isArray(wire.resolutions) || !Array.isArray(wire.probes) || !Array.isArray(wire.tsconfigProbes)) throw new Error('bad imports');
  const probes = wire.probes.map(([kind, at, answer]): Probe => {
    const probeKind = PROBE_KINDS[kind];
    if (!probeKind || typeof answer !== 'string') throw new Error('bad probe');
    return { kind: probeKind, path: file(at), answer };
  });
  const probe = (n: unknown): Probe => {
    const found = typeof n === 'number' ? probes[n] : undefined;
    if (!found) throw new Error('bad probe number');
    return found;
  };
  const resolutions = wire.resolutions.map(([from, specifier, to, asked, configs]): Resolution => {
    if (typeof specifier !== 'string' || (asked !== null && !Array.isArray(asked))) throw new Error('bad resolution');
    return { from: file(from), specifier, to: to === -1 ? undefined : file(to), ...(asked ? { asked: { probes: asked.map(probe), configs: configs === 1 } } : {}) };
  });
  return { resolutions, tsconfigProbes: wire.tsconfigProbes.map(probe) };
}

/** The records back, or undefined when the value is not a whole record of this format (an old or broken cache). */
export function decodeAnalysis(value: unknown, root: string): StoredAnalysis | undefined {
  try {
    return decode(value as WireAnalysis, root);
  } catch {
    return undefined;
  }
}

function decode(wire: WireAnalysis, root: string): StoredAnalysis | undefined {
  if (!isObject(wire) || wire.format !== STORED_ANALYSIS_FORMAT || typeof wire.key !== 'string') return undefined;
  const { files: relative, digests: digestList, modules: wireModules, handlers: wireHandlers } = wire;
  if (![relative, digestList, wireModules, wireHandlers].every(Array.isArray) || digestList.length !== relative.length) return undefined;
  if (!relative.every((f) => typeof f === 'string') || !digestList.every((d) => d === null || typeof d === 'string')) return undefined;
  const files = relative.map((f) => path.join(root, f));
  const file = (n: unknown): string => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= files.length) throw new Error('bad file number');
    return files[n]!;
  };
  const { resolutions, tsconfigProbes } = decodeResolutions(wire, file);
  const depsOf = ([depFiles, depResolutions]: Deps): Dependencies => {
    const deps = new Dependencies();
    for (const n of depFiles) deps.addFile(file(n));
    for (const n of depResolutions) {
      const resolution = resolutions[n];
      if (!resolution) throw new Error('bad resolution number');
      deps.addResolution(resolution);
    }
    return deps;
  };
  const modules = new Map<string, StoredModule>();
  for (const [n, summary, depFiles, depResolutions, maps] of wireModules) {
    const own = file(n);
    if (summary !== null && !isObject(summary)) return undefined;
    const decoded = summary === null ? null : ({ file: own, ...(maps === 1 ? fromPlain(summary) as object : summary) } as ModuleSummary);
    if (decoded && !isSummary(decoded)) return undefined;
    const stored = { summary: decoded, deps: depsOf([depFiles, depResolutions]) };
    if (summary !== null) readForms.set(stored, { summary, maps: maps === 1 });
    modules.set(own, stored);
  }
  const handlers = new Map<string, StoredHandler>();
  for (const [n, exportName, deps, visits, definition] of wireHandlers) {
    if (typeof exportName !== 'string' || (visits !== null && !Array.isArray(visits))) return undefined;
    const def = definition === null ? undefined : { file: file(definition[0]), exportName: String(definition[1]) };
    const stored = { deps: depsOf(deps), visits: visits ? decodeVisits(visits, file) : undefined, definition: def };
    if (visits) readForms.set(stored, { visits, files });
    handlers.set(handlerKey(file(n), exportName), stored);
  }
  return { key: wire.key, digests: new Map(files.map((f, i) => [f, digestList[i]!])), modules, handlers, tsconfigProbes };
}

/**
 * Each visit's chain is the chain of the visit that found it plus one step (its own): written once.
 * Undefined when a chain extends no earlier visit's or does not end at its own code (not how walks are made).
 */
function encodeVisits(visits: readonly StoredVisit[], fileNumber: (file: string) => number): WireVisit[] | undefined {
  const byChain = new Map<string, number>();
  const stepKey = (s: ChainStep) => `${s.name}\u0000${s.file}\u0000${s.line}`;
  const wire: WireVisit[] = [];
  for (const [i, visit] of visits.entries()) {
    const last = visit.chain[visit.chain.length - 1];
    if (!last || last.file !== visit.file) return undefined;
    const keys = visit.chain.map(stepKey);
    const parent = keys.length > 1 ? byChain.get(keys.slice(0, -1).join('\u0001')) : -1;
    if (parent === undefined) return undefined;
    const own = keys.join('\u0001');
    if (!byChain.has(own)) byChain.set(own, i);
    const entry: WireVisit = [fileNumber(visit.file), visit.at === 'module' ? -1 : visit.at, last.name, last.line, parent];
    if (visit.passed) entry.push(toPlain(visit.passed));
    wire.push(entry);
  }
  return wire;
}

function decodeVisits(visits: WireVisit[], file: (n: unknown) => string): StoredVisit[] {
  const out: StoredVisit[] = [];
  for (const [n, at, name, line, parent, passed] of visits) {
    if (typeof at !== 'number' || typeof name !== 'string' || typeof line !== 'number' || typeof parent !== 'number') throw new Error('bad visit');
    if (parent !== -1 && !(parent >= 0 && parent < out.length)) throw new Error('bad parent');
    const own = file(n);
    const step: ChainStep = { name, file: own, line };
    const chain = parent === -1 ? [step] : [...out[parent]!.chain, step];
    const visit: StoredVisit = { file: own, at: at === -1 ? 'module' : at, chain };
    if (passed !== undefined) {
      if (!isObject(passed)) throw new Error('bad passed values');
      visit.passed = fromPlain(passed) as PassedValues;
    }
    out.push(visit);
  }
  return out;
}

/** Whether a walk made again found what the stored one did: the same code, by the same chains, given the same values. */
export function sameVisits(a: readonly StoredVisit[] | undefined, b: readonly StoredVisit[] | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((visit, i) => {
    const other = b[i]!;
    return visit.file === other.file && visit.at === other.at && visit.chain.length === other.chain.length
      && visit.chain.every((s, j) => s.name === other.chain[j]!.name && s.file === other.chain[j]!.file && s.line === other.chain[j]!.line)
      && JSON.stringify(toPlain(visit.passed)) === JSON.stringify(toPlain(other.passed));
  });
}

/** Whether a summary made again says what the stored one did. */
export function sameSummary(a: ModuleSummary | null, b: ModuleSummary | null): boolean {
  return JSON.stringify(toPlain(a)) === JSON.stringify(toPlain(b));
}

/** The form each record was read in, to write it back without building it again (the next run's cache). */
const readForms = new WeakMap<StoredModule | StoredHandler, { summary?: unknown; maps?: boolean; visits?: WireVisit[]; files?: string[] }>();

const MAP = '$map';

/** JSON for data with Maps (an SNS call's message attributes): a Map becomes `{ $map: [[key], [key, value]] }`, an undefined value left out. */
function toPlain(value: unknown, maps: { found: boolean } = { found: false }): unknown {
  if (value instanceof Map) {
    maps.found = true;
    return { [MAP]: [...value].map(([k, v]) => (v === undefined ? [toPlain(k, maps)] : [toPlain(k, maps), toPlain(v, maps)])) };
  }
  if (Array.isArray(value)) return value.map((item) => toPlain(item, maps));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toPlain(v, maps);
    return out;
  }
  return value;
}

function fromPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromPlain);
  if (isObject(value)) {
    const entries = value[MAP];
    if (Array.isArray(entries)) return new Map(entries.map((e: unknown[]) => (e.length === 1 ? [fromPlain(e[0]), undefined] : [fromPlain(e[0]), fromPlain(e[1])])));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromPlain(v);
    return out;
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape rules rely on: a cache that holds anything else is not used (it may come from elsewhere). */
function isSummary(summary: ModuleSummary): boolean {
  const isLoc = (loc: unknown) => isObject(loc) && isObject(loc['start']) && isObject(loc['end']);
  const optionalLoc = (loc: unknown) => loc === undefined || isLoc(loc);
  return Array.isArray(summary.functions) && Array.isArray(summary.operations) && Array.isArray(summary.packageReexports)
    && summary.functions.every((f) => isObject(f) && typeof f.start === 'number' && typeof f.end === 'number' && typeof f.line === 'number'
      && typeof f.name === 'string' && optionalLoc(f.batchFailuresAt) && optionalLoc(f.throwingLoopAt) && optionalLoc(f.batchLoopAt))
    && summary.operations.every((op) => isObject(op) && typeof op.service === 'string' && typeof op.operation === 'string' && typeof op.kind === 'string'
      && Array.isArray(op.range) && op.range.length === 2 && op.range.every((n) => typeof n === 'number') && isLoc(op.loc)
      && (op.owner === 'module' || typeof op.owner === 'number') && isObject(op.sent) && typeof op.namesBus === 'boolean'
      && (op.source === undefined || isObject(op.source)) && (op.passed === undefined || isObject(op.passed))
      && (op.invocationType === undefined || typeof op.invocationType === 'string'))
    && summary.packageReexports.every((r) => isObject(r) && ['local', 'via', 'source', 'imported'].every((k) => typeof (r as unknown as Record<string, unknown>)[k] === 'string'));
}

/**
 * The records of several analyses of one run as one (each thread's share of the walks:
 * src/engine/threads.ts). A module or handler recorded by two of them was read from the same files,
 * so either record is the other: the first is kept.
 */
export function mergeStoredAnalyses(parts: readonly StoredAnalysis[]): StoredAnalysis | undefined {
  const [first] = parts;
  if (!first) return undefined;
  const merged: StoredAnalysis = { key: first.key, digests: new Map(), modules: new Map(), handlers: new Map(), tsconfigProbes: [] };
  const probes = new Set<string>();
  for (const part of parts) {
    if (part.key !== first.key) throw new Error('records of different analyses cannot be merged');
    for (const [file, digest] of part.digests) if (!merged.digests.has(file)) merged.digests.set(file, digest);
    for (const [file, record] of part.modules) if (!merged.modules.has(file)) merged.modules.set(file, record);
    for (const [key, record] of part.handlers) if (!merged.handlers.has(key)) merged.handlers.set(key, record);
    for (const probe of part.tsconfigProbes) {
      const key = `${probe.kind}\u0000${probe.path}`;
      if (!probes.has(key)) {
        probes.add(key);
        merged.tsconfigProbes.push(probe);
      }
    }
  }
  return merged;
}
