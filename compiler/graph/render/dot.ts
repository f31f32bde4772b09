/**
 * Graphviz DOT (`dot -Tsvg graph.dot > graph.svg`): one cluster per account, a shape per kind of node, dashed
 * edges for conditions, red edges for risks; each edge's tooltip names the YAML statement behind it.
 */
import type { Graph, GraphNode, NodeKind } from "../model";
import { formatSourceRef } from "../source-ref";
import { edgeCaption } from "./legend";
import { groupLabel } from "./mermaid";

const SHAPES: Record<NodeKind, string> = {
  role: 'shape=box, style="rounded,filled", fillcolor="#e8f0fe", color="#1a73e8"',
  bucket: 'shape=cylinder, style=filled, fillcolor="#e6f4ea", color="#188038"',
  key: 'shape=hexagon, style=filled, fillcolor="#fef7e0", color="#b06000"',
  account: 'shape=component, style=filled, fillcolor="#f1f3f4", color="#5f6368"',
  principal: 'shape=box, color="#5f6368"',
  service: 'shape=ellipse, style=filled, fillcolor="#f3e8fd", color="#8430ce"',
  federated: 'shape=parallelogram, style=filled, fillcolor="#e4f7fb", color="#007b83"',
  anyone: 'shape=doublecircle, style=filled, fillcolor="#fce8e6", color="#c5221f"',
};

export function renderDot(graph: Graph): string {
  const lines = [
    "digraph iam {",
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=11, label=${quoted(`iam-syncr graph of ${graph.root}`)}];`,
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const node = (n: GraphNode, indent: string) => `${indent}${quoted(n.id)} [label=${quoted(n.label)}, ${SHAPES[n.kind]}${n.arn === null ? "" : `, tooltip=${quoted(n.arn)}`}];`;
  for (const n of graph.nodes) if (n.group === null) lines.push(node(n, "  "));
  graph.groups.forEach((group, index) => {
    lines.push(`  subgraph cluster_${index + 1} {`);
    lines.push(`    label=${quoted(groupLabel(group))}; style=rounded; color=${group.external ? '"#d93025"' : '"#9aa0a6"'};`);
    for (const n of graph.nodes) if (n.group === group.id) lines.push(node(n, "    "));
    lines.push("  }");
  });
  for (const edge of graph.edges) {
    const attributes = [`id=${quoted(edge.id)}`, `label=${quoted(edgeCaption(edge))}`, `tooltip=${quoted(`${formatSourceRef(edge.source)} ${edge.source.path}`)}`];
    if (edge.conditions.length > 0) attributes.push("style=dashed");
    if (edge.risks.length > 0) attributes.push('color="#d93025"', 'fontcolor="#d93025"', "penwidth=2");
    lines.push(`  ${quoted(edge.from)} -> ${quoted(edge.to)} [${attributes.join(", ")}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** A DOT string: backslashes and quotes escaped, line breaks as \n. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
