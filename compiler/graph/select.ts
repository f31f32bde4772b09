/**
 * Smaller pictures of a large root: `--account` keeps what touches the chosen accounts, `--role` one role's
 * neighbourhood. Both return a graph of the same form, with only the nodes, groups and edges kept.
 */
import { suggestion } from "../suggest";
import { leafOf } from "../names";
import type { Graph, GraphEdge } from "./model";

/** What the command line asked for that the graph does not have. */
export class SelectionError extends Error {}

/** Steps taken from the role each way: who can assume it and who can assume those; what it reaches and what those reach. */
export const NEIGHBOURHOOD_STEPS = 2;

/**
 * The edges with an end in one of `accounts` (account names of the root), the nodes of those accounts (even
 * without edges), and the other ends of the edges kept.
 */
export function selectAccounts(graph: Graph, accounts: readonly string[]): Graph {
  requireAccounts(graph, accounts);
  const wanted = new Set(accounts.map((name) => `account:${name}`));
  const inWanted = new Set(graph.nodes.filter((n) => n.group !== null && wanted.has(n.group)).map((n) => n.id));
  const edges = graph.edges.filter((e) => inWanted.has(e.from) || inWanted.has(e.to));
  return restrict(graph, edges, inWanted);
}

/**
 * The roles called `name` (full name, or leaf ignoring case as IAM does; within `accounts` when given) and the
 * edges within NEIGHBOURHOOD_STEPS of them: backwards along "can assume" and "can access" edges into them, forwards
 * along the edges out of them.
 */
export function selectRole(graph: Graph, name: string, accounts: readonly string[] = []): Graph {
  requireAccounts(graph, accounts);
  const inAccounts = (group: string | null) => accounts.length === 0 || (group !== null && accounts.some((a) => group === `account:${a}`));
  const candidates = graph.nodes.filter((n) => n.kind === "role" && inAccounts(n.group));
  let centres = candidates.filter((n) => n.label === name);
  if (centres.length === 0) centres = candidates.filter((n) => leafOf(n.label).toLowerCase() === leafOf(name).toLowerCase());
  if (centres.length === 0) {
    const where = accounts.length === 0 ? graph.root : `account${accounts.length === 1 ? "" : "s"} ${accounts.join(", ")}`;
    throw new SelectionError(`no role "${name}" in ${where}${suggestion(name, candidates.map((n) => n.label))}`);
  }
  const incoming = indexBy(graph.edges, (e) => e.to);
  const outgoing = indexBy(graph.edges, (e) => e.from);
  const kept = new Set<GraphEdge>();
  const walk = (next: Map<string, GraphEdge[]>, far: (e: GraphEdge) => string) => {
    let frontier = centres.map((c) => c.id);
    const seen = new Set(frontier);
    for (let step = 0; step < NEIGHBOURHOOD_STEPS; step++) {
      const reached: string[] = [];
      for (const node of frontier) {
        for (const edge of next.get(node) ?? []) {
          kept.add(edge);
          const other = far(edge);
          if (!seen.has(other)) {
            seen.add(other);
            reached.push(other);
          }
        }
      }
      frontier = reached;
    }
  };
  walk(incoming, (e) => e.from);
  walk(outgoing, (e) => e.to);
  return restrict(
    graph,
    graph.edges.filter((e) => kept.has(e)),
    new Set(centres.map((c) => c.id)),
  );
}

/** Account names the root compiled (a folder of it); anything else is a SelectionError naming them. */
function requireAccounts(graph: Graph, accounts: readonly string[]): void {
  const known = graph.groups.filter((g) => g.compiled).map((g) => g.name);
  for (const name of accounts) {
    if (!known.includes(name)) throw new SelectionError(`no account folder "${name}" in ${graph.root}; its accounts: ${known.join(", ")}${suggestion(name, known)}`);
  }
}

/** The graph with only `edges`, their ends, the `alsoNodes`, and the groups of those nodes. */
function restrict(graph: Graph, edges: GraphEdge[], alsoNodes: ReadonlySet<string>): Graph {
  const ids = new Set(alsoNodes);
  for (const edge of edges) {
    ids.add(edge.from);
    ids.add(edge.to);
  }
  const nodes = graph.nodes.filter((n) => ids.has(n.id));
  const groups = new Set(nodes.map((n) => n.group));
  return { ...graph, groups: graph.groups.filter((g) => groups.has(g.id)), nodes, edges };
}

function indexBy(edges: readonly GraphEdge[], key: (e: GraphEdge) => string): Map<string, GraphEdge[]> {
  const index = new Map<string, GraphEdge[]>();
  for (const edge of edges) {
    const k = key(edge);
    let list = index.get(k);
    if (list === undefined) index.set(k, (list = []));
    list.push(edge);
  }
  return index;
}
