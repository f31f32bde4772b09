import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../compiler";
import { graphStacksRoot, MERMAID_LIMITS, renderGraph, SelectionError, type GraphFormat } from "../compiler/graph";
import { UsageError, type CommandIO } from "./io";

export interface GraphCommandOptions {
  root: string;
  /** Account names; empty for all. */
  accounts: string[];
  role: string | undefined;
  format: GraphFormat;
  /** The file to write; null for stdout. */
  out: string | null;
}

/**
 * `iam-syncr graph` (docs/graph.md; cli/commands/graph.ts declares its command line): the graph on stdout or in
 * FILE. Exit 1, with nothing written, when the root has errors (printed on stderr) or FILE cannot be written; a
 * UsageError (exit 2) when the command line names an account or role the root does not have.
 */
export function graphCommand(options: GraphCommandOptions, io: CommandIO): number {
  let outcome;
  try {
    outcome = graphStacksRoot({ root: options.root, accounts: options.accounts, role: options.role, cwd: io.cwd });
  } catch (error) {
    if (error instanceof SelectionError) throw new UsageError(error.message);
    throw error;
  }
  if (!outcome.ok) {
    io.stderr(outcome.errors.map((d) => `${formatDiagnostic(d)}\n`).join(""));
    const count = `${outcome.errors.length} error${outcome.errors.length === 1 ? "" : "s"}`;
    io.stderr(`iam-syncr: ${count} in ${options.root}; nothing drawn (iam-syncr check shows each with its source line)\n`);
    return 1;
  }
  const { graph } = outcome;
  const target = options.out === null ? null : path.resolve(io.cwd, options.out);
  const text = renderGraph(graph, options.format, { cwd: io.cwd, pageFolder: target === null ? io.cwd : path.dirname(target) });
  if (target === null) {
    io.stdout(text);
  } else {
    try {
      fs.writeFileSync(target, text);
    } catch (error) {
      io.stderr(`iam-syncr: could not write ${options.out}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  const notes: string[] = [];
  if (outcome.warnings > 0) notes.push(`${outcome.warnings} warning${outcome.warnings === 1 ? "" : "s"} in the root (iam-syncr check lists them)`);
  if (options.format === "mermaid" && (graph.edges.length > MERMAID_LIMITS.edges || text.length > MERMAID_LIMITS.characters)) {
    notes.push(
      `Mermaid draws at most ${MERMAID_LIMITS.edges} edges and ${MERMAID_LIMITS.characters.toLocaleString("en-US")} characters by default; ` +
        `this graph has ${graph.edges.length} edges and ${text.length.toLocaleString("en-US")} characters: narrow it with --account or --role, or use --format html`,
    );
  }
  const written = target === null ? "" : ` written to ${options.out}`;
  const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  io.stderr(`graph of ${graph.root}: ${counted(graph.nodes.length, "node")}, ${counted(graph.edges.length, "edge")}${written}${notes.map((n) => `; ${n}`).join("")}\n`);
  return 0;
}
