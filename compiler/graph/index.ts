/**
 * `iam-syncr graph`: the stacks root compiled as `check` compiles it, drawn as who can assume which role and who
 * can reach which bucket and key (docs/graph.md). A root with errors is not drawn: a picture missing the edges of
 * a broken account would look safer than the account is.
 */
import { finish } from "../compile";
import { compareDiagnostics, formatDiagnostic, type Diagnostic } from "../diagnostics";
import { compileStacksRoot } from "../stacks-root";
import { buildGraph } from "./build";
import type { Graph } from "./model";
import { renderDot } from "./render/dot";
import { renderHtml } from "./render/html";
import { renderMermaid } from "./render/mermaid";
import { selectAccounts, selectRole } from "./select";

export { GRAPH_FORMAT, type Graph, type GraphEdge, type GraphGroup, type GraphNode } from "./model";
export { buildGraph, type GraphInput } from "./build";
export { SelectionError } from "./select";
export { MERMAID_LIMITS } from "./render/mermaid";

export const GRAPH_FORMATS = ["mermaid", "dot", "html", "json"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphOptions {
  /** The stacks root. */
  root: string;
  /** Keep what touches these accounts (names of accounts.yaml); all when empty. */
  accounts?: readonly string[];
  /** One role's neighbourhood (within `accounts` when given). */
  role?: string;
  /** Files are named relative to this folder; default the current directory. */
  cwd?: string;
}

export type GraphOutcome =
  | { ok: true; graph: Graph; warnings: number }
  /** Every error of the root, sorted as check sorts them (accounts by name). */
  | { ok: false; errors: Diagnostic[] };

/**
 * Compiles the root as `check` does (the shared root compilation, `_shared` included, records kept) and builds its
 * graph, then applies `accounts` and `role` (which may throw SelectionError).
 */
export function graphStacksRoot(options: GraphOptions): GraphOutcome {
  const compilation = compileStacksRoot({ root: options.root, cwd: options.cwd, withRecords: true });
  const resolved = [finish(undefined, compilation.diagnostics, false).diagnostics, ...compilation.compiled.map((c) => finish(c.plan, c.diagnostics, false).diagnostics)].flat();
  const errors = distinct(resolved.filter((d) => d.severity === "error"));
  if (errors.length > 0 || compilation.accounts === undefined) return { ok: false, errors };
  let graph = buildGraph({ root: compilation.displayRoot, accounts: compilation.accounts, compiled: compilation.compiled });
  const accounts = options.accounts ?? [];
  if (options.role !== undefined) graph = selectRole(graph, options.role, accounts);
  else if (accounts.length > 0) graph = selectAccounts(graph, accounts);
  return { ok: true, graph, warnings: resolved.flat().length - errors.length };
}

/** Each error once (a `_shared` error found in several accounts' runs names its account, so stays apart), sorted. */
function distinct(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const byLine = new Map<string, Diagnostic>();
  for (const d of diagnostics) if (!byLine.has(formatDiagnostic(d))) byLine.set(formatDiagnostic(d), d);
  return [...byLine.values()].sort(compareDiagnostics);
}

export interface RenderOptions {
  cwd: string;
  /** Where an HTML page will be written (its links to the YAML are relative to this folder). */
  pageFolder: string;
}

export function renderGraph(graph: Graph, format: GraphFormat, options: RenderOptions): string {
  switch (format) {
    case "mermaid":
      return renderMermaid(graph);
    case "dot":
      return renderDot(graph);
    case "json":
      return `${JSON.stringify(graph, null, 2)}\n`;
    case "html":
      return renderHtml(graph, options);
  }
}
