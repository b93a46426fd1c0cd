import type { EventGraph, GraphNode } from '../graph/types.js';
import type { ProjectModel } from '../model/types.js';
import type { LintResult } from '../results.js';
import { relativePath } from '../util/relative-path.js';
import { lastAtOrBefore } from '../util/sorted.js';

/** Past this, a review comment's diagram stops helping; GitHub also caps what Mermaid renders. */
export const MAX_FOCUS_NODES = 40;

/**
 * The part of the event graph a review is about: the functions and resources the findings touch,
 * flagged with the edges in and out of them, and their direct neighbours for context. A template finding touches the element whose
 * block holds its line; a code finding touches the functions whose handler is that file.
 */
export function focusGraph(graph: EventGraph, model: ProjectModel, results: readonly LintResult[]): EventGraph {
  const touched = new Set<string>();
  const nodeOf = new Map(graph.nodes.filter((n) => n.logicalId).map((n) => [`${n.stack}\u0000${n.logicalId}`, n.id]));
  const byTemplate = new Map<string, { line: number; key: string }[]>();
  const byHandler = new Map<string, string[]>();
  for (const stack of model.stacks) {
    const stackName = relativePath(model.root, stack.templatePath) || stack.templatePath;
    const elements = [...stack.functions, ...stack.resources].map((e) => ({ file: e.at.file, line: e.at.line, key: `${stackName}\u0000${e.logicalId}` }));
    for (const element of elements) append(byTemplate, element.file, element);
    for (const fn of stack.functions) {
      const file = fn.handler?.sourceFile;
      if (file) append(byHandler, file, `${stackName}\u0000${fn.logicalId}`);
    }
  }
  for (const elements of byTemplate.values()) elements.sort((a, b) => a.line - b.line);
  for (const result of results) {
    for (const message of result.messages) {
      const keys = byHandler.get(result.filePath) ?? enclosing(byTemplate.get(result.filePath), message.line);
      for (const key of keys) {
        const id = nodeOf.get(key);
        if (id) touched.add(id);
      }
    }
  }
  if (touched.size === 0) return { nodes: [], edges: [] };

  let keep = new Set(touched);
  for (const edge of graph.edges) {
    if (touched.has(edge.from)) keep.add(edge.to);
    if (touched.has(edge.to)) keep.add(edge.from);
  }
  if (keep.size > MAX_FOCUS_NODES) keep = new Set(touched);
  const nodes: GraphNode[] = graph.nodes.filter((n) => keep.has(n.id)).map((n) => (touched.has(n.id) ? { ...n, flagged: true } : n));
  const edges = graph.edges
    .filter((e) => keep.has(e.from) && keep.has(e.to))
    .map((e) => (touched.has(e.from) || touched.has(e.to) ? { ...e, flagged: true } : e));
  return { nodes, edges };
}

/** The template element whose block holds a line: the last one that starts at or before it. */
function enclosing(elements: readonly { line: number; key: string }[] | undefined, line: number): string[] {
  if (!elements) return [];
  const found = elements[lastAtOrBefore(elements, line, (e) => e.line)];
  return found ? [found.key] : [];
}

function append<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
