/**
 * What `iam-syncr preview` and `up` print: one progress line per run as it ends (stderr), then a summary table
 * (stdout), or with `--format json` one document (stdout) for CI. Plain data in, text out (docs/run-all.md).
 */
import type { CheckReport } from "../compiler/check";
import type { ChangeCounts, Outcome, RunResult } from "./execute";
import { runLabel, type RunCommand, type ScheduledRun } from "./schedule";

export const RUN_FORMAT = "iam-syncr/run@1";

export interface RunRecord {
  account: string;
  /** null for a single run; 1 or 2 for the passes over a cycle. */
  pass: 1 | 2 | null;
  outcome: Outcome;
  reason: string | null;
  changes: ChangeCounts | null;
  seconds: number;
  log: string | null;
}

export interface SelectedAccount {
  account: string;
  /** Why it was selected: `all`, `--stacks`, `its folder changed`, `_shared changes its plan`. */
  reason: string;
}

export interface RunSummary {
  runs: number;
  succeeded: number;
  failed: number;
  skipped: number;
  notNeeded: number;
  /** No run failed or was skipped: exit 0. */
  ok: boolean;
}

/** Field order is the order `--format json` prints. */
export interface RunAllReport {
  format: typeof RUN_FORMAT;
  command: RunCommand;
  /** The stacks root, relative to the current directory. */
  root: string;
  /** The folder of Pulumi's output, one file per run; null when nothing ran. */
  logs: string | null;
  check: CheckReport;
  /** null when check found errors (nothing was selected or run). */
  selection: {
    stacks: string[] | null;
    changedSince: string | null;
    /** The commit --changed-since compared with (the merge base), or null. */
    base: string | null;
    selected: SelectedAccount[];
    notSelected: string[];
  } | null;
  runs: RunRecord[];
  summary: RunSummary;
}

export function runRecord(run: ScheduledRun, result: RunResult): RunRecord {
  return {
    account: run.account,
    pass: run.pass,
    outcome: result.outcome,
    reason: result.reason,
    changes: result.changes,
    seconds: Math.round(result.milliseconds / 100) / 10,
    log: result.log,
  };
}

export function summaryOf(runs: readonly RunRecord[]): RunSummary {
  const count = (outcome: Outcome) => runs.filter((r) => r.outcome === outcome).length;
  const summary = { runs: runs.length, succeeded: count("succeeded"), failed: count("failed"), skipped: count("skipped"), notNeeded: count("not needed") };
  return { ...summary, ok: summary.failed === 0 && summary.skipped === 0 };
}

/** The progress line of a run that ended: `app (pass 1 of 2): applied: 3 created, 0 updated, 0 replaced, 0 deleted (12.3 s)`. */
export function progressLine(command: RunCommand, record: RunRecord): string {
  const label = runLabel(record);
  const time = `${record.seconds.toFixed(1)} s`;
  switch (record.outcome) {
    case "succeeded":
      return `${label}: ${command === "up" ? "applied" : "previewed"}: ${changesText(command, record.changes)} (${time})\n`;
    case "failed":
      return `${label}: failed after ${time}: ${record.reason}${record.log === null ? "" : ` (log: ${record.log})`}\n`;
    case "skipped":
      return `${label}: skipped: ${record.reason}\n`;
    case "not needed":
      return `${label}: not needed: ${record.reason}\n`;
  }
}

function changesText(command: RunCommand, changes: ChangeCounts | null): string {
  if (changes === null || changes.create + changes.update + changes.replace + changes.delete === 0) return "no changes";
  const words = command === "up" ? ["created", "updated", "replaced", "deleted"] : ["to create", "to update", "to replace", "to delete"];
  return [changes.create, changes.update, changes.replace, changes.delete].map((n, i) => `${n} ${words[i]}`).join(", ");
}

const HEADERS = ["account", "creates", "updates", "replaces", "deletes", "duration", "outcome"];

/** The summary table, then one line of totals. */
export function summaryTable(report: Pick<RunAllReport, "command" | "runs" | "summary">): string {
  if (report.runs.length === 0) return "no stack to run\n";
  const rows = report.runs.map((record) => {
    const counts = record.changes === null ? ["-", "-", "-", "-"] : [record.changes.create, record.changes.update, record.changes.replace, record.changes.delete].map(String);
    const ran = record.outcome === "succeeded" || record.outcome === "failed";
    return [runLabel(record), ...counts, ran ? `${record.seconds.toFixed(1)} s` : "-", outcomeText(report.command, record)];
  });
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  // Names and the outcome read from the left, numbers from the right.
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(column === cells.length - 1 ? 0 : widths[column]) : cell.padStart(widths[column])))
      .join("  ")
      .trimEnd();
  const { summary } = report;
  const totals = [
    `${summary.runs} run${summary.runs === 1 ? "" : "s"}`,
    `${summary.succeeded} ${report.command === "up" ? "applied" : "previewed"}`,
    `${summary.failed} failed`,
    `${summary.skipped} skipped`,
    ...(summary.notNeeded > 0 ? [`${summary.notNeeded} not needed`] : []),
  ];
  return [line(HEADERS), ...rows.map(line), "", totals.join(", ")].join("\n") + "\n";
}

function outcomeText(command: RunCommand, record: RunRecord): string {
  switch (record.outcome) {
    case "succeeded":
      return command === "up" ? "applied" : "previewed";
    case "failed":
      return `failed: ${record.reason}`;
    case "skipped":
      return `skipped: ${record.reason}`;
    case "not needed":
      return `not needed: ${record.reason}`;
  }
}
