/**
 * Mermaid flowchart text, for Markdown (GitHub and GitLab draw it natively): one subgraph per account, a shape
 * per kind of node, dashed edges for conditions, red edges for risks. Each edge is preceded by a comment naming
 * the YAML statement behind it, so the text itself can be reviewed in a diff.
 */
import type { Graph, GraphGroup, GraphNode, NodeKind } from "../model";
import { formatSourceRef } from "../source-ref";
import { edgeCaption } from "./legend";

/** Mermaid's default limits (config maxEdges and maxTextSize): above them it draws an error instead of the graph. */
export const MERMAID_LIMITS = { edges: 500, characters: 50_000 } as const;

const SHAPES: Record<NodeKind, [string, string]> = {
  role: ["(", ")"],
  bucket: ["[(", ")]"],
  key: ["{{", "}}"],
  account: ["[[", "]]"],
  principal: ["[", "]"],
  service: ["([", "])"],
  federated: ["[/", "/]"],
  anyone: ["(((", ")))"],
};

const CLASSES: Record<NodeKind, string> = {
  role: "fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b",
  bucket: "fill:#e6f4ea,stroke:#188038,color:#0d3b1e",
  key: "fill:#fef7e0,stroke:#b06000,color:#4a2800",
  account: "fill:#f1f3f4,stroke:#5f6368,color:#202124",
  principal: "fill:#ffffff,stroke:#5f6368,color:#202124",
  service: "fill:#f3e8fd,stroke:#8430ce,color:#3b0f66",
  federated: "fill:#e4f7fb,stroke:#007b83,color:#00363a",
  anyone: "fill:#fce8e6,stroke:#c5221f,color:#5b0b0a",
};

const RISK_STYLE = "stroke:#d93025,stroke-width:2px,color:#d93025";

export function renderMermaid(graph: Graph): string {
  const ids = new Map(graph.nodes.map((n, index) => [n.id, `n${index + 1}`]));
  const lines = [
    `%% iam-syncr graph of ${graph.root}: ${graph.nodes.length} nodes, ${graph.edges.length} edges. Dashed: with a condition; red: a risk (see docs/graph.md).`,
    "flowchart LR",
  ];
  const node = (n: GraphNode, indent: string) => `${indent}${ids.get(n.id)}${SHAPES[n.kind][0]}"${text(n.label)}"${SHAPES[n.kind][1]}`;
  for (const n of graph.nodes) if (n.group === null) lines.push(node(n, "  "));
  graph.groups.forEach((group, index) => {
    lines.push(`  subgraph g${index + 1}["${text(groupLabel(group))}"]`);
    for (const n of graph.nodes) if (n.group === group.id) lines.push(node(n, "    "));
    lines.push("  end");
  });
  const risky: number[] = [];
  graph.edges.forEach((edge, index) => {
    lines.push(`  %% ${edge.id}: ${formatSourceRef(edge.source)} ${edge.source.path}${edge.source.template === null ? "" : ` (via template ${edge.source.template})`}`);
    const arrow = edge.conditions.length > 0 ? "-.->" : "-->";
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${text(edgeCaption(edge))}"| ${ids.get(edge.to)}`);
    if (edge.risks.length > 0) risky.push(index);
  });
  if (risky.length > 0) lines.push(`  linkStyle ${risky.join(",")} ${RISK_STYLE}`);
  for (const kind of Object.keys(CLASSES) as NodeKind[]) {
    const members = graph.nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id));
    if (members.length === 0) continue;
    lines.push(`  classDef ${kind} ${CLASSES[kind]}`);
    lines.push(`  class ${members.join(",")} ${kind}`);
  }
  return `${lines.join("\n")}\n`;
}

export function groupLabel(group: GraphGroup): string {
  return group.external ? `external account ${group.accountId}` : `${group.name} (${group.accountId})`;
}

/** Text inside a quoted Mermaid label: quotes and markup characters as Mermaid's entity codes. */
function text(value: string): string {
  return value.replace(/[#"<>&]/g, (c) => ({ "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;" })[c]!);
}
