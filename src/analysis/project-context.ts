import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Node } from '../code/ast.js';
import { getCodeFacts } from '../code/code-facts.js';
import { guardedFunctions } from '../code/idempotency.js';
import { loadModel } from '../model/load-model.js';
import type { Delivery } from '../model/types.js';
import { ProjectAnalysis, type Reach } from './analysis.js';
import { parseFile } from './parse.js';
import { isInside } from '../util/fs-fence.js';

/**
 * How code rules learn how their code is invoked. The CLI registers the analysis it built for the
 * run; in an editor, the plugin finds the nearest template (or `settings.sls.project`), builds the
 * same analysis once per process, and rebuilds it when a template or an analysed file changes.
 */
const registered: ProjectAnalysis[] = [];

export function registerAnalysis(analysis: ProjectAnalysis): () => void {
  registered.push(analysis);
  return () => {
    const index = registered.indexOf(analysis);
    if (index !== -1) registered.splice(index, 1);
  };
}

/** What of an ESLint rule context the project context needs (no ESLint import here). */
export interface RuleContextLike {
  filename: string;
  cwd: string;
  sourceCode: { text: string };
  settings?: Readonly<Record<string, unknown>>;
}

export interface CodeContext {
  analysis: ProjectAnalysis;
  /** The deployed functions whose invocations reach `node`; empty when none does. */
  reachersOf(node: Node): Reach[];
}

/**
 * The project context for a file, or undefined when there is no template to join with (then rules
 * fall back to their template-free behaviour). `settings.sls.project`: a template or folder, or
 * `false` to turn project mode off.
 */
export function codeContextFor(context: RuleContextLike): CodeContext | undefined {
  const file = context.filename;
  const sls = context.settings?.['sls'] as { project?: unknown } | undefined;
  if (sls?.project === false) return undefined;
  const cli = registered.find((a) => isInside(a.model.root, file));
  const configured = typeof sls?.project === 'string' ? path.resolve(context.cwd, sls.project) : undefined;
  const analysis = cli ?? editorAnalysis(file, context.sourceCode.text, configured);
  if (!analysis) return undefined;
  return { analysis, reachersOf: (node) => analysis.reachersOf(file, node) };
}

/**
 * The reaching functions that may run an event more than once: a queue, stream or asynchronous
 * trigger, or an asynchronous invoke from code (`InvocationType: 'Event'`).
 */
export function atLeastOnce(analysis: ProjectAnalysis, reaches: readonly Reach[]): Reach[] {
  return reaches.filter((r) => deliveriesOf(r).some((d) => d !== 'sync') || analysis.asyncInvokers(r.fn, r.stack).length > 0);
}

/**
 * Whether an idempotency guard (Powertools makeIdempotent, middy's idempotency middleware, a
 * team's own) wraps any function on the path from the handler to the code: then a replay is
 * answered from the idempotency record, whichever module the write lives in.
 */
export function guardedOnTheWay(analysis: ProjectAnalysis, reach: Reach, guards: readonly string[]): boolean {
  const guardKey = guards.join('\u0000');
  for (const step of reach.chain) {
    if (step.name === '(module)') continue;
    // Lines, not nodes: the answer outlives the module's tree (see ProjectAnalysis.remember).
    const lines = analysis.remember(`guarded-lines\u0000${guardKey}\u0000${step.file}`, () => {
      const index = analysis.moduleIndex(step.file);
      return new Set(index ? [...guardedFunctions(index.program, index.decls, guards)].map((fn) => fn.loc.start.line) : []);
    });
    if (lines.has(step.line)) return true;
  }
  const handler = reach.fn.handler;
  if (!handler?.sourceFile) return false;
  const wrappers = analysis.remember(`handler-wrappers\u0000${handler.sourceFile}\u0000${handler.exportName}`, () => {
    const index = analysis.moduleIndex(handler.sourceFile!);
    return index ? getCodeFacts(index.program).exportedFunctions.find((e) => e.name === handler.exportName)?.wrappers ?? [] : [];
  });
  return wrappers.some((w) => guards.includes(w));
}

export function deliveriesOf(reach: Reach): Delivery[] {
  return reach.stack.triggers.filter((t) => t.functionLogicalId === reach.fn.logicalId).map((t) => t.delivery);
}

/** `SQS OrdersQueue`, or `an asynchronous invoke from OrdersApi`: what delivers events to a function at least once. */
export function atLeastOnceSource(analysis: ProjectAnalysis, reach: Reach): string {
  const trigger = reach.stack.triggers.find((t) => t.functionLogicalId === reach.fn.logicalId && t.delivery !== 'sync');
  if (trigger) return `${trigger.kind}${trigger.source ? ` ${nameOf(reach.stack, trigger.source)}` : ''}`;
  const invoker = analysis.asyncInvokers(reach.fn, reach.stack)[0];
  return invoker ? `an asynchronous invoke from ${invoker.reach.fn.name ?? invoker.reach.fn.logicalId}` : 'an asynchronous source';
}

export function nameOf(stack: Reach['stack'], logicalId: string): string {
  const element = [...stack.functions, ...stack.resources].find((e) => e.logicalId === logicalId);
  return element?.name ?? logicalId;
}

// ---- editor mode ----------------------------------------------------------------------------

const TEMPLATE_NAMES = /^(template\.(ya?ml|json)|serverless\.(ya?ml|json|ts)|.*\.template\.(ya?ml|json))$/i;

interface EditorEntry {
  analysis: ProjectAnalysis;
  /** Modification times of the templates and of every file the analysis read. */
  stamps: Map<string, number>;
  /** The text ESLint handed us for the file being linted (an editor's unsaved buffer), used instead of the disk's. */
  buffers: Map<string, string>;
}

const editorCache = new Map<string, EditorEntry>();

function editorAnalysis(file: string, text: string, configured: string | undefined): ProjectAnalysis | undefined {
  const found = configured ? configuredTemplates(configured, file) : nearestTemplates(path.dirname(file));
  if (!found) return undefined;
  const cacheKey = found.templates.join('\u0000');
  const cached = editorCache.get(cacheKey);
  const sameBuffer = !cached?.analysis.knows(file) || cached.buffers.get(file) === text || (!cached.buffers.has(file) && readText(file) === text);
  if (cached && sameBuffer && fresh(cached)) return cached.analysis;
  // Only the file being linted is taken from the editor; every other file is read as saved.
  const buffers = new Map([[file, text]]);
  const { model } = loadModel(found.root, found.templates);
  // The analysis asks for modules again and again: each is read once per analysis (an editor's project is small).
  const programs = new Map<string, ReturnType<typeof parseFile>>();
  const analysis = new ProjectAnalysis(model, (f) => {
    if (!programs.has(f)) programs.set(f, parseFile(f, buffers.get(f)));
    return programs.get(f);
  });
  const stamps = new Map<string, number>();
  for (const f of [...found.templates, ...analysis.files()]) stamps.set(f, mtime(f));
  editorCache.set(cacheKey, { analysis, stamps, buffers });
  return analysis;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function fresh(entry: EditorEntry): boolean {
  for (const [f, stamp] of entry.stamps) if (mtime(f) !== stamp) return false;
  return true;
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** The templates in the nearest folder above the file that has any; that folder is the project root. */
function nearestTemplates(dir: string): { root: string; templates: string[] } | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const templates = templatesIn(current);
    if (templates.length > 0) return { root: current, templates };
    if (existsSync(path.join(current, 'package.json')) && existsSync(path.join(current, '.git'))) return undefined;
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * A configured template (or folder of templates). The project root is the folder that holds both
 * the templates and the file being linted, so `infra/template.yaml` with `CodeUri: ../src` works.
 */
function configuredTemplates(target: string, file: string): { root: string; templates: string[] } | undefined {
  if (!existsSync(target)) return undefined;
  const isDir = statSync(target).isDirectory();
  const templateDir = isDir ? target : path.dirname(target);
  let root = templateDir;
  while (!isInside(root, file) && path.dirname(root) !== root) root = path.dirname(root);
  return { root, templates: isDir ? templatesIn(target) : [target] };
}

function templatesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => TEMPLATE_NAMES.test(name)).map((name) => path.join(dir, name)).sort();
  } catch {
    return [];
  }
}
