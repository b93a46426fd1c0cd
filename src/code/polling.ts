import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, nodesOfType, propertyName, unwrap, walk, type Node } from './ast.js';
import type { CodeFacts } from './code-facts.js';
import type { Declarations } from './declarations.js';
import { calleeName, mentionsAny } from './names.js';
import { ancestorsOf, getParents } from './parents.js';
import { SpanIndex } from './spans.js';
import { resolveObject, staticString } from './static-values.js';

/**
 * Loops and recursive functions that wait and then read a status again: polling. A wait is a
 * `new Promise(r => setTimeout(r, n))`, a call to a sleep helper, `setTimeout` from
 * `timers/promises`, or a same-file function that does one of those. A status read is an SDK read
 * of the kinds in `STATUS_READS` (not a paginated one) or an HTTP GET.
 */
export interface PollingSite {
  kind: 'loop' | 'recursion';
  /** The loop statement, or the recursive call. */
  node: Node;
  /** How it waits, for the message (`sleep()`, `setTimeout`). */
  wait: string;
  /** What it reads again, for the message (`StepFunctions DescribeExecution`, `HTTP GET`). */
  read: string;
}

const STATUS_READS: Record<string, readonly string[]> = {
  DynamoDB: ['GetItem', 'Query'],
  DynamoDBDocument: ['Get', 'Query'],
  StepFunctions: ['DescribeExecution'],
  S3: ['GetObject', 'HeadObject'],
  SQS: ['GetQueueAttributes'],
  Lambda: ['GetFunction', 'GetFunctionConfiguration'],
  // The state of a query, job, task or build that runs on after the call that started it.
  Athena: ['GetQueryExecution'],
  Glue: ['GetJobRun', 'GetCrawler'],
  ECS: ['DescribeTasks'],
  CodeBuild: ['BatchGetBuilds'],
  Batch: ['DescribeJobs'],
  Transcribe: ['GetTranscriptionJob'],
  Textract: ['GetDocumentTextDetection', 'GetDocumentAnalysis'],
};

/** Input properties that make a read fetch the next page, not the same status again. */
const PAGE_TOKENS = ['ExclusiveStartKey', 'NextToken', 'nextToken', 'ContinuationToken', 'StartAfter', 'Marker', 'KeyMarker'];

const TIMERS_PROMISES = new Set(['timers/promises', 'node:timers/promises']);
const LOOPS = ['WhileStatement', 'DoWhileStatement', 'ForStatement'] as const;

interface Found {
  node: Node;
  label: string;
}

export function pollingSites(program: TSESTree.Program, facts: CodeFacts, sleepFunctions: readonly string[]): PollingSite[] {
  const decls = facts.declarations;
  const parents = getParents(program);
  const directReads = statusReads(facts, decls);
  // A same-file helper that reads the status (`getPayout()` doing the GET) reads it where it is called.
  const reads = [...directReads, ...helperCalls(program, decls, directReads)];
  const waits: Found[] = [];
  const waitingFunctions = new Map<Node, boolean>();
  walk(program, (node) => {
    const label = waitLabel(node, decls, sleepFunctions, 0, waitingFunctions);
    if (label) waits.push({ node, label });
  });
  if (reads.length === 0) return [];

  const waitsIn = foundWithin(waits);
  const readsIn = foundWithin(reads);
  const sites: PollingSite[] = [];
  const polling: Node[] = [];
  for (const node of nodesOfType(program, ...LOOPS)) {
    if (iteratesCollection(node) || paginates(node)) continue;
    // A wait that only happens after a failure is a retry with backoff, not polling.
    const loopWaits = waitsIn(node).filter((w) => !inCatchWithin(w.node, node, parents));
    const loopReads = readsIn(node);
    if (loopWaits.length > 0 && loopReads.length > 0) {
      polling.push(node);
      sites.push({ kind: 'loop', node, wait: loopWaits[0]!.label, read: loopReads[0]!.label });
    }
  }
  // Report the innermost polling loop only.
  const siteSpans = new SpanIndex(sites, (site) => site.node.range);
  const loops = sites.filter((site) => !siteSpans.within(site.node.range).some((other) => other !== site && other.node.range[0] > site.node.range[0]));

  const pollingSpans = new SpanIndex(polling, (loop) => loop.range);
  for (const [name, fn] of namedFunctions(program)) {
    const call = recursiveCall(fn, name) ?? scheduledCalls(fn, name)[0]?.node;
    if (!call || pollingSpans.innermost(call.range, false)) continue;
    const fnWaits = [...waitsIn(fn), ...scheduledCalls(fn, name)].filter((w) => !inCatchWithin(w.node, fn, parents));
    const fnReads = readsIn(fn);
    if (fnWaits.length > 0 && fnReads.length > 0) loops.push({ kind: 'recursion', node: call, wait: fnWaits[0]!.label, read: fnReads[0]!.label });
  }
  return loops.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** What of a list was found inside a node, in the list's order: a lookup by span, not a scan of the list per node. */
function foundWithin(found: readonly Found[]): (outer: Node) => Found[] {
  const spans = new SpanIndex(found.map((item, order) => ({ item, order })), (entry) => entry.item.node.range);
  return (outer) => spans.within(outer.range).sort((a, b) => a.order - b.order).map((entry) => entry.item);
}

function statusReads(facts: CodeFacts, decls: Declarations): Found[] {
  const reads: Found[] = [];
  for (const op of facts.operations) {
    if (!STATUS_READS[op.entry.service]?.includes(op.operation)) continue;
    if (op.input && PAGE_TOKENS.some((token) => op.input!.properties.has(token))) continue;
    reads.push({ node: op.node, label: `${op.entry.service} ${op.operation}` });
  }
  const constructions = new Set<Node>(facts.clients.map((c) => c.node));
  for (const call of facts.httpCalls) {
    if (call.node.type !== 'CallExpression' || constructions.has(call.node)) continue;
    if (isGet(call.node, call.library, decls)) reads.push({ node: call.node, label: 'an HTTP GET' });
  }
  return reads;
}

const OTHER_METHODS = new Set(['post', 'put', 'patch', 'delete', 'head', 'options', 'postForm', 'putForm', 'patchForm', 'stream', 'pipeline']);

/** GET is every library's default: a request is a GET unless a method says otherwise (or cannot be read). */
function isGet(call: TSESTree.CallExpression, library: string, decls: Declarations): boolean {
  const method = calleeName(call.callee);
  if (method === 'get') return true;
  if (method && OTHER_METHODS.has(method)) return false;
  // fetch(url, init), undici.request(url, options), got(url, options), axios(url, config) or axios(config).
  const configs = library === 'fetch' || library === 'undici' || library === 'https' ? [call.arguments[1]] : [call.arguments[1], call.arguments[0]];
  for (const arg of configs) {
    if (!arg) continue;
    const node = unwrap(arg);
    if (node.type === 'Literal' || node.type === 'TemplateLiteral') continue;
    const config = resolveObject(node, decls);
    if (!config) return false;
    const value = config.properties.get('method');
    if (value) return staticString(value, decls)?.toUpperCase() === 'GET';
    if (!config.complete) return false;
  }
  return true;
}

function waitLabel(node: Node, decls: Declarations, sleepFunctions: readonly string[], depth: number, waiting: Map<Node, boolean>): string | undefined {
  if (node.type === 'NewExpression' && calleeName(node.callee) === 'Promise') {
    const executor = node.arguments[0] && unwrap(node.arguments[0]);
    return executor && isFunctionNode(executor) && callsSetTimeout(executor) ? 'new Promise(... setTimeout ...)' : undefined;
  }
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(node.callee);
  const name = calleeName(callee);
  if (!name) return undefined;
  if (isTimersPromisesSetTimeout(callee, decls)) return 'setTimeout from timers/promises';
  if (sleepFunctions.includes(name)) return `${name}()`;
  const fn = callee.type === 'Identifier' && depth === 0 ? decls.functionNamed(name) : undefined;
  if (fn && isFunctionNode(fn)) {
    // Each function is looked into once, however often it is called.
    let waits = waiting.get(fn);
    if (waits === undefined) {
      waits = false;
      walk(fn, (n) => {
        waits ||= waitLabel(n, decls, sleepFunctions, depth + 1, waiting) !== undefined;
      });
      waiting.set(fn, waits);
    }
    if (waits) return `${name}()`;
  }
  return undefined;
}

function callsSetTimeout(fn: Node): boolean {
  let found = false;
  walk(fn, (node) => {
    if (node.type === 'CallExpression' && calleeName(node.callee) === 'setTimeout') found = true;
  });
  return found;
}

/** `setTimeout` imported from `timers/promises` (under any local name), or `timers.setTimeout` of that module. */
function isTimersPromisesSetTimeout(callee: Node, decls: Declarations): boolean {
  if (callee.type === 'Identifier') {
    const binding = decls.imports.get(callee.name);
    return !!binding && TIMERS_PROMISES.has(binding.source) && binding.imported === 'setTimeout';
  }
  if (callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'setTimeout') {
    const owner = unwrap(callee.object);
    const binding = owner.type === 'Identifier' ? decls.imports.get(owner.name) : undefined;
    return !!binding && TIMERS_PROMISES.has(binding.source) && (binding.imported === '*' || binding.imported === 'default');
  }
  return false;
}

/** `for (let i = 0; i < items.length; i++)`, `while (queue.length > 0)`: walking a collection, not waiting for a change. */
function iteratesCollection(loop: Node): boolean {
  const test = (loop as TSESTree.WhileStatement | TSESTree.ForStatement).test;
  if (!test) return false;
  let found = false;
  walk(test, (node) => {
    if (node.type === 'MemberExpression' && ['length', 'size'].includes(propertyName(node.property, node.computed) ?? '')) found = true;
  });
  return found;
}

/** Names that show a loop is walking pages (`params.ExclusiveStartKey = data.LastEvaluatedKey`). */
const PAGE_MARKERS = new Set([...PAGE_TOKENS, 'LastEvaluatedKey', 'NextContinuationToken', 'IsTruncated', 'NextMarker']);

function paginates(loop: Node): boolean {
  let found = false;
  walk(loop, (node) => {
    if (node.type === 'MemberExpression' && PAGE_MARKERS.has(propertyName(node.property, node.computed) ?? '')) found = true;
    else if (node.type === 'Property' && PAGE_MARKERS.has(propertyName(node.key, node.computed) ?? '')) found = true;
  });
  return found;
}

function inCatchWithin(node: Node, outer: Node, parents: Map<Node, Node>): boolean {
  for (const ancestor of ancestorsOf(node, parents)) {
    if (ancestor === outer) return false;
    if (ancestor.type === 'CatchClause') return true;
  }
  return false;
}

function namedFunctions(program: TSESTree.Program): [string, Node][] {
  const found: [string, Node][] = [];
  walk(program, (node) => {
    if (node.type === 'FunctionDeclaration' && node.id) found.push([node.id.name, node]);
    else if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init && isFunctionNode(unwrap(node.init))) {
      found.push([node.id.name, unwrap(node.init)]);
    }
  });
  return found;
}

function recursiveCall(fn: Node, name: string): TSESTree.CallExpression | undefined {
  let call: TSESTree.CallExpression | undefined;
  walk(fn, (node) => {
    if (!call && node.type === 'CallExpression' && unwrap(node.callee).type === 'Identifier' && (unwrap(node.callee) as TSESTree.Identifier).name === name) call = node;
  });
  return call;
}

/** `setTimeout(() => poll(), n)` / `setTimeout(poll, n)`: the function schedules itself again after a delay. */
function scheduledCalls(fn: Node, name: string): Found[] {
  const found: Found[] = [];
  const self = new Set([name]);
  walk(fn, (node) => {
    if (node.type === 'CallExpression' && calleeName(node.callee) === 'setTimeout' && node.arguments[0] && mentionsAny(node.arguments[0], self)) {
      found.push({ node, label: 'setTimeout' });
    }
  });
  return found;
}

/** Calls to same-file functions that contain a status read, labelled with what they read. */
function helperCalls(program: TSESTree.Program, decls: Declarations, reads: readonly Found[]): Found[] {
  const found: Found[] = [];
  const readsIn = foundWithin(reads);
  const firstRead = new Map<Node, Found | undefined>();
  for (const node of nodesOfType(program, 'CallExpression')) {
    if (node.callee.type !== 'Identifier') continue;
    const fn = decls.functionNamed(node.callee.name);
    if (!fn || (fn.range[0] <= node.range[0] && node.range[1] <= fn.range[1])) continue;
    if (!firstRead.has(fn)) firstRead.set(fn, readsIn(fn)[0]);
    const read = firstRead.get(fn);
    if (read) found.push({ node, label: `${read.label} (in ${node.callee.name}())` });
  }
  return found;
}
