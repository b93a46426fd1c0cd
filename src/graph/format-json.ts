import type { GraphFormatter } from './types.js';

/** `{ nodes, edges }`, pretty-printed; key and item order come from the graph, which is sorted. */
export const formatGraphJson: GraphFormatter = (graph) => `${JSON.stringify({ nodes: graph.nodes, edges: graph.edges }, null, 2)}\n`;
