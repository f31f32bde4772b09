/** Helpers for the graph specs: a stacks root's graph, and edges and nodes as one line each. */
import { graphStacksRoot, type Graph, type GraphEdge, type GraphOptions } from "../../compiler/graph";
import { formatDiagnostic } from "../../compiler";
import { writeStacks } from "../support/stacks";

/** The graph of a stacks root written from `files` (accounts: DEFAULT_ACCOUNTS unless given), named from the root. */
export function graphOf(files: Record<string, string>, options: Partial<GraphOptions> & { accounts?: readonly string[]; accountsYaml?: string } = {}): Graph {
  const root = writeStacks({ accounts: options.accountsYaml, files });
  const outcome = graphStacksRoot({ root: ".", cwd: root, accounts: options.accounts, role: options.role });
  if (!outcome.ok) throw new Error(`expected a graph, got errors:\n${outcome.errors.map(formatDiagnostic).join("\n")}`);
  return outcome.graph;
}

/**
 * `from -> to | via | actions | on objects | if conditions | limits | risks | file:line path`, empty parts left
 * out: everything an edge says, in one comparable line.
 */
export function edgeLine(edge: GraphEdge): string {
  const parts = [`${edge.from} -> ${edge.to}`, edge.via, `${edge.notActions ? "all but " : ""}${edge.actions.join(",")}`];
  if (edge.exceptPrincipals.length > 0) parts.push(`except ${edge.exceptPrincipals.join(",")}`);
  if (edge.objects.length > 0) parts.push(`on ${edge.objects.join(",")}`);
  if (edge.conditions.length > 0) parts.push(`if ${edge.conditions.join(",")}`);
  for (const limit of edge.limits) parts.push(`limit: ${limit}`);
  if (edge.risks.length > 0) parts.push(`risk ${edge.risks.map((r) => `${r.code ?? "-"}:${r.risk}`).join(",")}`);
  parts.push(`${edge.source.file}:${edge.source.line} ${edge.source.path}${edge.source.template === null ? "" : ` via ${edge.source.template}`}`);
  return parts.join(" | ");
}

export function edgeLines(graph: Graph): string[] {
  return graph.edges.map(edgeLine);
}

/** `id | kind | label | group`. */
export function nodeLines(graph: Graph): string[] {
  return graph.nodes.map((n) => `${n.id} | ${n.kind} | ${n.label} | ${n.group ?? "-"}`);
}
