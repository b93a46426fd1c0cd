import type { GraphEdge, GraphEdgeKind, GraphFormatter, GraphNode, GraphNodeKind } from './types.js';

/** Graphviz attributes of each node kind. */
const SHAPES: Record<GraphNodeKind, string> = {
  function: 'shape=box, style=rounded',
  queue: 'shape=cds',
  topic: 'shape=hexagon',
  table: 'shape=cylinder',
  bus: 'shape=parallelogram',
  bucket: 'shape=trapezium',
  stream: 'shape=invtrapezium',
  stateMachine: 'shape=component',
  api: 'shape=oval',
  external: 'shape=box, style=dashed',
  other: 'shape=box',
};

const EDGE_STYLES: Record<GraphEdgeKind, string> = {
  trigger: '',
  failure: ', style=dashed',
  emit: '',
  write: '',
  invoke: ', style=bold',
};

/** A Graphviz `digraph`, left to right; one cluster per stack when there are several. */
export const formatDot: GraphFormatter = (graph) => {
  const lines = [
    'digraph "sls-lint" {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const stacks = [...new Set(graph.nodes.map((n) => n.stack))].sort();
  if (stacks.length > 1) {
    stacks.forEach((stack, i) => {
      lines.push(`  subgraph "cluster_${i + 1}" {`, `    label=${quote(stack)};`);
      for (const node of graph.nodes) if (node.stack === stack) lines.push(`    ${nodeStatement(node)}`);
      lines.push('  }');
    });
  } else {
    for (const node of graph.nodes) lines.push(`  ${nodeStatement(node)}`);
  }
  for (const edge of graph.edges) lines.push(`  ${edgeStatement(edge)}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
};

function nodeStatement(node: GraphNode): string {
  const style = node.flagged ? ', color=red, penwidth=2' : node.failureSink?.watched === false ? ', color=red' : '';
  return `${quote(node.id)} [label=${quote(node.label)}, ${SHAPES[node.kind]}${style}];`;
}

function edgeStatement(edge: GraphEdge): string {
  return `${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.label)}${EDGE_STYLES[edge.kind]}${edge.flagged ? ', color=red, penwidth=2' : ''}];`;
}

/** A DOT double-quoted string; backslashes doubled so `\n`, `\l` and friends in names stay literal. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
