import { isFunctionNode, propertyName, unwrap, walk, type Node } from '../code/ast.js';
import type { FunctionNode } from '../model/types.js';
import type { ProjectAnalysis, ReachedCode } from './analysis.js';

/** What a batch handler's code does with partial failures, as far as the code that runs shows. */
export interface BatchResponse {
  /** Where the code builds `batchItemFailures` (or hands the batch to Powertools' processor), if it does. */
  failures?: { file: string; node: Node };
  /** A loop over the batch's records that lets the first error escape: the whole batch fails with it. */
  throwingLoop?: { file: string; node: Node };
}

/** Powertools batch utilities answer with batchItemFailures themselves. */
const PARTIAL_RESPONSE_HELPERS = new Set(['processPartialResponse', 'processPartialResponseSync', 'BatchProcessor', 'SqsFifoPartialProcessor']);

/** Undefined when the function's code is not in the project (then only the template can be judged). */
export function batchResponseOf(analysis: ProjectAnalysis, fn: FunctionNode): BatchResponse | undefined {
  const code = analysis.codeOf(fn);
  if (code.length === 0) return undefined;
  const response: BatchResponse = {};
  for (const reached of code) {
    if (reached.fn === 'module') continue;
    const body = reached.fn;
    walk(body, (node) => {
      if (!response.failures && mentionsBatchItemFailures(node)) response.failures = { file: reached.index.file, node };
    });
    // Only the handler's own loop is the batch loop: deeper code may loop over anything.
    if (!response.throwingLoop && reached.depth === 0) {
      const loop = throwingRecordsLoop(reached);
      if (loop) response.throwingLoop = { file: reached.index.file, node: loop };
    }
  }
  return response;
}

function mentionsBatchItemFailures(node: Node): boolean {
  if (node.type === 'Property' && propertyName(node.key, node.computed) === 'batchItemFailures') return true;
  if (node.type === 'Identifier' && node.name === 'batchItemFailures') return true;
  if (node.type === 'CallExpression' || node.type === 'NewExpression') {
    const callee = unwrap(node.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
    return name !== undefined && PARTIAL_RESPONSE_HELPERS.has(name);
  }
  return false;
}

/**
 * `for (const record of event.Records)` (or `.Records.forEach/map`) whose body awaits work outside
 * any try/catch: the first record that fails throws out of the handler.
 */
function throwingRecordsLoop(reached: ReachedCode): Node | undefined {
  if (reached.fn === 'module') return undefined;
  let found: Node | undefined;
  walk(reached.fn, (node, ancestors) => {
    if (found || ancestors.some((a) => a !== reached.fn && isFunctionNode(a) && !isRecordsCallback(a, ancestors))) return;
    const body = recordsLoopBody(node);
    if (body && !insideTry(ancestors) && hasUnguardedWork(body)) found = node;
  });
  return found;
}

function isRecords(node: Node): boolean {
  const n = unwrap(node);
  return n.type === 'MemberExpression' && propertyName(n.property, n.computed) === 'Records';
}

function recordsLoopBody(node: Node): Node | undefined {
  if (node.type === 'ForOfStatement' && isRecords(node.right)) return node.body;
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && isRecords(node.callee.object)) {
    const method = propertyName(node.callee.property, node.callee.computed);
    const callback = node.arguments[0];
    if ((method === 'forEach' || method === 'map') && callback && isFunctionNode(callback)) return callback.body;
  }
  return undefined;
}

function isRecordsCallback(fn: Node, ancestors: readonly Node[]): boolean {
  const parent = ancestors[ancestors.indexOf(fn) - 1];
  return parent !== undefined && recordsLoopBody(parent) !== undefined;
}

function insideTry(ancestors: readonly Node[]): boolean {
  return ancestors.some((a) => a.type === 'TryStatement');
}

/** An await or a throw in the loop body that no try/catch inside the body contains. */
function hasUnguardedWork(body: Node): boolean {
  let unguarded = false;
  walk(body, (node, ancestors) => {
    if (unguarded || ancestors.some((a) => isFunctionNode(a) || a.type === 'TryStatement')) return;
    if (node.type === 'AwaitExpression' || node.type === 'ThrowStatement') unguarded = true;
  });
  return unguarded;
}
