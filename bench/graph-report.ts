/** The bench's figures for `iam-syncr graph`: time against the number of accounts, and the HTML page in Chromium. */
import type { GraphPoint, GraphTimingResult, PageTimingResult } from "./protocol";
import type { TargetCheck } from "./targets";
import type { Timing } from "./timing";

export const GRAPH_LIMITS = {
  /** As for compilation: per-account time may grow by half from the smallest to the largest number of accounts. */
  perAccountGrowth: 1.5,
  /** The page must be usable: drawn within 5 s of being opened. */
  pageFirstFrameMs: 5000,
} as const;

export interface GraphPointFigures extends GraphPoint {
  /** Compile and graph, median, per account. */
  msPerAccount: number;
}

export interface GraphFigures {
  points: GraphPointFigures[];
  /** Per-account time at the most accounts over per-account time at the fewest: 1 is linear. */
  perAccountRatio: number;
  /** k in time ∝ accounts^k, from the fewest and the most accounts. */
  exponent: number;
  page: PageTimingResult;
}

export function graphFigures(timing: GraphTimingResult, page: PageTimingResult): GraphFigures {
  const points = timing.points.map((p) => ({ ...p, msPerAccount: (p.compile.median + p.graph.median) / p.accounts }));
  const first = points[0];
  const last = points[points.length - 1];
  const total = (p: GraphPointFigures) => p.compile.median + p.graph.median;
  return {
    points,
    perAccountRatio: last.msPerAccount / first.msPerAccount,
    exponent: Math.log(total(last) / total(first)) / Math.log(last.accounts / first.accounts),
    page,
  };
}

const n = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (t: Timing) => `${n(t.median)} ms (${n(t.min)}–${n(t.max)})`;

export function graphMethodLines(figures: GraphFigures): string[] {
  const p = figures.points[0];
  return [
    `graph: the first ${figures.points.map((q) => q.accounts).join(", ")} accounts of the 100-account size, each run compiling them afresh as check does (records kept) and then building the graph and writing it as Mermaid, DOT, JSON and HTML; after one untimed run on all of them, ${p.compile.warmups} warm-up + ${p.compile.repetitions} timed per count.`,
    "graph page: the 1,000-role account's graph as one HTML page, opened in headless Debian Chromium (playwright-core) in a new tab each time; the figure is the page's own time from the start of navigation to its first drawn frame.",
  ];
}

export function formatGraph(figures: GraphFigures): string {
  const header = ["accounts", "roles", "nodes", "edges", "compile (records)", "graph + 4 formats", "per account"];
  const rows = figures.points.map((p) => [n(p.accounts), n(p.roles), n(p.nodes), n(p.edges), ms(p.compile), ms(p.graph), `${n(p.msPerAccount)} ms`]);
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  const page = figures.page;
  const pageLine =
    "skipped" in page
      ? `HTML page: skipped, ${page.skipped}`
      : `HTML page of ${n(page.roles)} roles (${n(page.nodes)} nodes, ${n(page.edges)} edges, ${n(page.htmlBytes / 1024 ** 2, 1)} MiB): first frame ${ms(page.firstFrame)} after navigation; ready as seen by the driver ${ms(page.wall)}`;
  return [
    "iam-syncr graph",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    `per-account time ${n(figures.perAccountRatio, 2)}× from ${figures.points[0].accounts} to ${figures.points[figures.points.length - 1].accounts} accounts (1 = linear), time ∝ accounts^${n(figures.exponent, 2)}`,
    pageLine,
  ].join("\n");
}

export function graphTargets(figures: GraphFigures): TargetCheck[] {
  const first = figures.points[0].accounts;
  const last = figures.points[figures.points.length - 1].accounts;
  const page = figures.page;
  return [
    {
      target: `graph time linear in accounts (per-account time ${last} / ${first})`,
      measured: `${figures.perAccountRatio.toFixed(2)} (time ∝ accounts^${figures.exponent.toFixed(2)})`,
      limit: `≤ ${GRAPH_LIMITS.perAccountGrowth}`,
      pass: figures.perAccountRatio <= GRAPH_LIMITS.perAccountGrowth,
    },
    "skipped" in page
      ? { target: "graph HTML page, 1,000 roles, first frame in headless Chromium", measured: `skipped: ${page.skipped}`, limit: `< ${n(GRAPH_LIMITS.pageFirstFrameMs)} ms`, pass: null }
      : {
          target: "graph HTML page, 1,000 roles, first frame in headless Chromium",
          measured: `${n(page.firstFrame.median)} ms`,
          limit: `< ${n(GRAPH_LIMITS.pageFirstFrameMs)} ms`,
          pass: page.firstFrame.median < GRAPH_LIMITS.pageFirstFrameMs,
        },
  ];
}
