import type { EventGraph, GraphEdgeKind, GraphFormatter, GraphNode, GraphNodeKind } from './types.js';

/** Opening and closing delimiters of each node shape (Mermaid flowchart syntax). */
const SHAPES: Record<GraphNodeKind, readonly [string, string]> = {
  function: ['(', ')'], // rounded box
  queue: ['[[', ']]'], // subroutine
  topic: ['{{', '}}'], // hexagon
  table: ['[(', ')]'], // cylinder
  bus: ['[/', '/]'], // parallelogram
  bucket: ['[/', '\\]'], // trapezoid
  stream: ['[\\', '/]'], // inverted trapezoid
  stateMachine: ['[\\', '\\]'], // parallelogram, leaning left
  api: ['([', '])'], // stadium
  external: ['>', ']'], // flag, with a dashed border from the `external` class
  other: ['[', ']'],
};

const ARROWS: Record<GraphEdgeKind, string> = {
  trigger: '-->',
  failure: '-.->',
  emit: '-->',
  write: '-->',
  invoke: '==>',
};

/**
 * Words Mermaid's flowchart lexer takes as keywords wherever they stand; `end` alone breaks a diagram.
 * Node ids are compared in lower case.
 */
const RESERVED = new Set([
  'end', 'graph', 'flowchart', 'flowchart-elk', 'subgraph', 'direction', 'style', 'classdef', 'class', 'click',
  'linkstyle', 'default', 'call', 'href', 'callback', 'interpolate', 'acctitle', 'accdescr',
]);

/** `flowchart LR` for GitHub and any Mermaid renderer; one subgraph per stack when there are several. */
export const formatMermaid: GraphFormatter = (graph) => {
  const ids = mermaidIds(graph);
  const lines = ['flowchart LR'];
  const nodeLine = (node: GraphNode, indent: string) => {
    const [open, close] = SHAPES[node.kind];
    return `${indent}${ids.get(node.id)!}${open}"${mermaidText(node.label)}"${close}`;
  };
  const stacks = stacksOf(graph);
  if (stacks.length > 1) {
    stacks.forEach((stack, i) => {
      lines.push(`  subgraph ${ids.get(subgraphKey(i))!}["${mermaidText(stack)}"]`);
      for (const node of graph.nodes) if (node.stack === stack) lines.push(nodeLine(node, '    '));
      lines.push('  end');
    });
  } else {
    for (const node of graph.nodes) lines.push(nodeLine(node, '  '));
  }
  for (const edge of graph.edges) {
    // Spaces around the arrow: a target id starting with `o` or `x` would otherwise turn `-->` into `--o` or `--x`.
    lines.push(`  ${ids.get(edge.from)!} ${ARROWS[edge.kind]}|"${mermaidText(edge.label)}"| ${ids.get(edge.to)!}`);
  }
  const external = graph.nodes.filter((n) => n.kind === 'external');
  if (external.length > 0) {
    lines.push('  classDef external stroke-dasharray: 5 5');
    lines.push(`  class ${external.map((n) => ids.get(n.id)!).join(',')} external`);
  }
  // A failure sink nobody watches: in the flagged colour, so a review comment shows it whatever its findings.
  const unwatched = graph.nodes.filter((n) => n.failureSink?.watched === false);
  if (unwatched.length > 0) {
    lines.push('  classDef unwatched stroke:#d73a49,stroke-width:2px');
    lines.push(`  class ${unwatched.map((n) => ids.get(n.id)!).join(',')} unwatched`);
  }
  const flagged = graph.nodes.filter((n) => n.flagged);
  if (flagged.length > 0) {
    lines.push('  classDef flagged stroke:#d73a49,stroke-width:3px');
    lines.push(`  class ${flagged.map((n) => ids.get(n.id)!).join(',')} flagged`);
  }
  const flaggedEdges = graph.edges.flatMap((edge, index) => (edge.flagged ? [index] : []));
  if (flaggedEdges.length > 0) lines.push(`  linkStyle ${flaggedEdges.join(',')} stroke:#d73a49,stroke-width:3px`);
  return `${lines.join('\n')}\n`;
};

/**
 * Mermaid ids: letters, digits and underscores only, never a keyword, never starting with a digit
 * or with `o`/`x` (which can fuse with an arrow), unique. Labels keep the real names.
 */
function mermaidIds(graph: EventGraph): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  const claim = (key: string, wanted: string) => {
    let base = wanted.replace(/[^A-Za-z0-9_]/g, '_');
    if (base === '' || /^[0-9ox]/.test(base) || RESERVED.has(base.toLowerCase())) base = `n_${base}`;
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
    taken.add(id);
    ids.set(key, id);
  };
  for (const node of graph.nodes) claim(node.id, node.id);
  // An edge may name a node the graph does not list; Mermaid then draws it from its id.
  for (const edge of graph.edges) for (const end of [edge.from, edge.to]) if (!ids.has(end)) claim(end, end);
  stacksOf(graph).forEach((_, i) => claim(subgraphKey(i), `stack_${i + 1}`));
  return ids;
}

/** Keys that no node id can be: node ids never contain a NUL. */
function subgraphKey(index: number): string {
  return `\u0000stack${index}`;
}

function stacksOf(graph: EventGraph): string[] {
  return [...new Set(graph.nodes.map((n) => n.stack))].sort();
}

const ENTITIES: Record<string, string> = {
  '"': '#quot;', '#': '#35;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '|': '#124;', '`': '#96;',
};

/** Text inside a quoted Mermaid label: entity codes for what would end or change the string. */
export function mermaidText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/["#<>&|`]/g, (c) => ENTITIES[c]!);
}
