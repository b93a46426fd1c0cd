import path from 'node:path';
import { isFile, isInside } from '../util/fs-fence.js';
import { defineOwn, isObject } from '../util/objects.js';
import { parseTemplate, type ParsedTemplate, type TemplateSyntaxError } from './parse-template.js';
import { readTemplateFile } from './read-template.js';
import type { PathSegment } from './source-location.js';

/**
 * Serverless Framework Compose: a `serverless-compose.yml` at the top of a monorepo names the
 * services (`services: { orders: { path: services/orders, params: {...} } }`), each a folder with
 * its own serverless.yml, deployed as its own stack. The compose file is no template: it says
 * where the services are and which `${param:x}` values it hands each of them.
 */
const COMPOSE_FILE = /^serverless-compose\.(ya?ml|json)$/i;

/** The compose file names read, in the order a folder is searched for one. */
export const COMPOSE_FILE_NAMES = ['serverless-compose.yml', 'serverless-compose.yaml', 'serverless-compose.json'];

/** The names the framework tries, in its order, in a service folder whose compose entry names no `config`. */
const DEFAULT_CONFIGS = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.ts', 'serverless.js', 'serverless.cjs', 'serverless.mjs'];

export function isComposeFile(file: string): boolean {
  return COMPOSE_FILE.test(path.basename(file));
}

export interface ComposeService {
  name: string;
  /** The service folder. */
  dir: string;
  /** Its Serverless config: the `config` the entry names, or the first of the framework's names found in the folder; undefined when there is none. */
  configFile?: string;
  /** What was looked for (`services/orders/serverless.{yml,yaml,...}`, or the `config` named), to say so when there is none. */
  expected: string;
  /** The folder (or the config named) is outside the project root: nothing in it is read. */
  outsideRoot: boolean;
  /**
   * The entry's `params` that are written literally. One that takes another service's output
   * (`${orders.queueUrl}`) is known only once that service is deployed, so it is left out.
   */
  params: Record<string, unknown>;
  /** The entry's place in the compose file (its `path`, else the entry), for findings. */
  at: PathSegment[];
}

/** Services that wait for each other (`dependsOn`, a param taking another's output): the framework cannot order them. */
export interface ServiceCycle {
  /** The services, in the order they wait for each other, the first again last (`a → b → a`). */
  services: string[];
  /** The reference that closes the cycle: a `dependsOn` entry or a param. */
  at: PathSegment[];
}

export type ComposeRead =
  | { ok: true; template: ParsedTemplate; services: ComposeService[]; cycles: ServiceCycle[] }
  | { ok: false; error: TemplateSyntaxError };

/** Reads a compose file (already read as text) for its services; never throws. */
export function readCompose(file: string, text: string, root: string): ComposeRead {
  const parsed = parseTemplate(file, text);
  if (!parsed.ok) return parsed;
  const template = parsed.template;
  const services = isObject(template.value) && isObject(template.value['services']) ? template.value['services'] : {};
  const found: ComposeService[] = [];
  for (const [name, entry] of Object.entries(services)) {
    if (!isObject(entry) || typeof entry['path'] !== 'string') continue;
    const dir = path.resolve(path.dirname(file), entry['path']);
    const config = typeof entry['config'] === 'string' ? path.resolve(dir, entry['config']) : undefined;
    const candidates = config ? [config] : DEFAULT_CONFIGS.map((base) => path.join(dir, base));
    const outsideRoot = !candidates.every((candidate) => isInside(root, candidate));
    const configFile = outsideRoot ? undefined : candidates.find(isFile);
    found.push({
      name,
      dir,
      ...(configFile ? { configFile } : {}),
      expected: config ?? path.join(dir, `serverless.{${DEFAULT_CONFIGS.map((base) => base.slice('serverless.'.length)).join(',')}}`),
      outsideRoot,
      params: literalParams(entry['params']),
      at: ['services', name, 'path'],
    });
  }
  return { ok: true, template, services: found, cycles: serviceCycles(services) };
}

/** A service's waits on others, in the order they are written: its `dependsOn`, and the params that take another's output (`${orders.queueUrl}`). */
function waitsOf(entry: Record<string, unknown>, names: ReadonlySet<string>, base: PathSegment[]): { on: string; at: PathSegment[] }[] {
  const waits: { on: string; at: PathSegment[] }[] = [];
  const dependsOn = entry['dependsOn'];
  if (typeof dependsOn === 'string') waits.push({ on: dependsOn, at: [...base, 'dependsOn'] });
  else if (Array.isArray(dependsOn)) dependsOn.forEach((on, i) => typeof on === 'string' && waits.push({ on, at: [...base, 'dependsOn', i] }));
  const walk = (value: unknown, at: PathSegment[]): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/\$\{([\w-]+)\.[^}]*\}/g)) waits.push({ on: match[1]!, at });
    } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...at, i]));
    else if (isObject(value)) for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
  };
  walk(entry['params'], [...base, 'params']);
  return waits.filter((wait) => names.has(wait.on));
}

/** Each cycle of services waiting for each other once, found in the order the file names them, at the reference that closes it. */
function serviceCycles(services: Record<string, unknown>): ServiceCycle[] {
  const names = new Set(Object.keys(services).filter((name) => isObject(services[name])));
  const waits = new Map([...names].map((name) => [name, waitsOf(services[name] as Record<string, unknown>, names, ['services', name])]));
  const cycles: ServiceCycle[] = [];
  const said = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    stack.push(name);
    for (const wait of waits.get(name) ?? []) {
      const index = stack.indexOf(wait.on);
      if (index !== -1) {
        const members = stack.slice(index);
        const key = [...members].sort().join('\u0000');
        if (!said.has(key)) {
          said.add(key);
          cycles.push({ services: [...members, wait.on], at: wait.at });
        }
      } else if (!done.has(wait.on)) visit(wait.on);
    }
    stack.pop();
    done.add(name);
  };
  for (const name of names) if (!done.has(name)) visit(name);
  return cycles;
}

/** Reads a compose file from disk for its services; undefined when it cannot be read or parsed. */
export function readComposeFile(file: string, root: string): ComposeService[] | undefined {
  const read = readTemplateFile(file, root);
  if (!read.ok) return undefined;
  const compose = readCompose(file, read.text, root);
  return compose.ok ? compose.services : undefined;
}

function literalParams(params: unknown): Record<string, unknown> {
  const literal: Record<string, unknown> = {};
  if (!isObject(params)) return literal;
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || JSON.stringify(value).includes('${')) continue;
    defineOwn(literal, key, value);
  }
  return literal;
}
