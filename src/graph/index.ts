import { formatDot } from './format-dot.js';
import { formatGraphJson } from './format-json.js';
import { formatMermaid } from './format-mermaid.js';
import type { EventGraph, GraphFormatter } from './types.js';

/** The one map of graph output formats; `sls-lint graph --format` and the docs read their names from here. */
export const GRAPH_FORMATS = {
  mermaid: formatMermaid,
  dot: formatDot,
  json: formatGraphJson,
} satisfies Record<string, GraphFormatter>;

export type GraphFormatName = keyof typeof GRAPH_FORMATS;

export function isGraphFormatName(name: string): name is GraphFormatName {
  return Object.hasOwn(GRAPH_FORMATS, name);
}

export function formatGraph(format: GraphFormatName, graph: EventGraph): string {
  return GRAPH_FORMATS[format](graph);
}

export { buildGraph } from './build-graph.js';
export { codeFlows } from './code-flows.js';
export type { EventGraph, FailureRoute, GraphEdge, GraphEdgeKind, GraphFormatter, GraphNode, GraphNodeKind } from './types.js';
