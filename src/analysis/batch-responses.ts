import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, walk, type Node } from '../code/ast.js';
import type { FunctionNode } from '../model/types.js';
import type { ProjectAnalysis } from './analysis.js';
import { copyLoc, type SourceLoc } from './module-summary.js';

/** What a batch handler's code does with partial failures, as far as the code that runs shows. */
export interface BatchResponse {
  /** Where the code builds `batchItemFailures` (or hands the batch to Powertools' processor), if it does. */
  failures?: { file: string; loc: SourceLoc };
  /** A loop over the batch's records that lets the first error escape: the whole batch fails with it. */
  throwingLoop?: { file: string; loc: SourceLoc };
  /** The handler's own first loop over the batch's records, whatever it does with errors: where each record's failure would be collected. */
  batchLoop?: { file: string; loc: SourceLoc };
}

/** Powertools batch utilities answer with batchItemFailures themselves. */
const PARTIAL_RESPONSE_HELPERS = new Set(['processPartialResponse', 'processPartialResponseSync', 'BatchProcessor', 'SqsFifoPartialProcessor']);

/** Undefined when the function's code is not in the project (then only the template can be judged). */
export function batchResponseOf(analysis: ProjectAnalysis, fn: FunctionNode): BatchResponse | undefined {
  const code = analysis.codeOf(fn);
  if (code.length === 0) return undefined;
  const response: BatchResponse = {};
  for (const reached of code) {
    if (reached.at === 'module') continue;
    const summary = analysis.summaryOf(reached.file)?.functions.find((f) => f.start === reached.at);
    if (!summary) continue;
    if (!response.failures && summary.batchFailuresAt) response.failures = { file: reached.file, loc: summary.batchFailuresAt };
    // Only the handler's own loop is the batch loop: deeper code may loop over anything.
    if (!response.throwingLoop && reached.depth === 0 && summary.throwingLoopAt) response.throwingLoop = { file: reached.file, loc: summary.throwingLoopAt };
    if (!response.batchLoop && reached.depth === 0 && summary.batchLoopAt) response.batchLoop = { file: reached.file, loc: summary.batchLoopAt };
  }
  return response;
}

/**
 * Per function of a module (by start offset): the first place that builds batchItemFailures, and
 * the first loop over the batch's records that lets an error escape. One walk of the module, so
 * the summary can keep the answers and drop the tree.
 */
export function batchFactsOf(program: TSESTree.Program): Map<number, { batchFailuresAt?: SourceLoc; throwingLoopAt?: SourceLoc; batchLoopAt?: SourceLoc }> {
  const facts = new Map<number, { batchFailuresAt?: SourceLoc; throwingLoopAt?: SourceLoc; batchLoopAt?: SourceLoc }>();
  // Filled as the walk goes: in source order, `const records = event.Records` comes before the loop over it.
  const aliases = new Set<string>();
  const of = (fn: Node) => {
    let entry = facts.get(fn.range[0]);
    if (!entry) facts.set(fn.range[0], (entry = {}));
    return entry;
  };
  walk(program, (node, ancestors) => {
    addRecordsAlias(node, aliases);
    if (mentionsBatchItemFailures(node)) {
      // The walk is in source order, so the first mention seen is each enclosing function's first.
      for (const a of ancestors) if (isFunctionNode(a)) of(a).batchFailuresAt ??= copyLoc(node.loc);
    }
    const body = recordsLoopBody(node, aliases);
    if (!body) return;
    const owner = [...ancestors].reverse().find((a) => isFunctionNode(a));
    if (owner) of(owner).batchLoopAt ??= copyLoc(node.loc);
    if (!hasUnguardedWork(body)) return;
    // The loop belongs to the innermost function around it, and to the functions around that one
    // as long as each function in between is the loop's own callback (`Records.forEach(async (r) => ...)`).
    let tryBetween = false;
    for (let i = ancestors.length - 1; i >= 0; i -= 1) {
      const a = ancestors[i]!;
      if (a.type === 'TryStatement') tryBetween = true;
      if (!isFunctionNode(a)) continue;
      if (!tryBetween) of(a).throwingLoopAt ??= copyLoc(node.loc);
      if (!isRecordsCallback(a, ancestors, aliases)) break;
    }
  });
  return facts;
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

function isRecords(node: Node, aliases: ReadonlySet<string>): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') return aliases.has(n.name);
  return n.type === 'MemberExpression' && propertyName(n.property, n.computed) === 'Records';
}

/**
 * Names a module gives the batch's records: `const records = event.Records`, `const { Records } = event`,
 * `const { Records: messages } = event`. By name, module-wide: a handler keeps one such name.
 */
function addRecordsAlias(node: Node, aliases: Set<string>): void {
  if (node.type !== 'VariableDeclarator' || !node.init) return;
  if (node.id.type === 'Identifier' && isRecords(node.init, aliases)) aliases.add(node.id.name);
  if (node.id.type === 'ObjectPattern') {
    for (const prop of node.id.properties) {
      if (prop.type === 'Property' && propertyName(prop.key, prop.computed) === 'Records' && prop.value.type === 'Identifier') aliases.add(prop.value.name);
    }
  }
}

/**
 * `for (const record of event.Records)` (or `.Records.forEach/map`): the loop's body.
 */
function recordsLoopBody(node: Node, aliases: ReadonlySet<string>): Node | undefined {
  if (node.type === 'ForOfStatement' && isRecords(node.right, aliases)) return node.body;
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && isRecords(node.callee.object, aliases)) {
    const method = propertyName(node.callee.property, node.callee.computed);
    const callback = node.arguments[0];
    if ((method === 'forEach' || method === 'map') && callback && isFunctionNode(callback)) return callback.body;
  }
  return undefined;
}

function isRecordsCallback(fn: Node, ancestors: readonly Node[], aliases: ReadonlySet<string>): boolean {
  const parent = ancestors[ancestors.indexOf(fn) - 1];
  return parent !== undefined && recordsLoopBody(parent, aliases) !== undefined;
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
