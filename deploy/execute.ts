/**
 * Runs the scheduled runs (schedule.ts) with at most `parallel` at once: a run starts once every run it needs
 * has succeeded, in schedule order among those ready; a run whose need failed or was skipped is skipped once all
 * its needs have ended, and says which. What one run does (Pulumi) is `perform`'s business, so this can be tested without the engine.
 */
import { runLabel, type ScheduledRun } from "./schedule";

export interface ChangeCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
}

export type Outcome = "succeeded" | "failed" | "skipped" | "not needed";

export interface RunResult {
  outcome: Outcome;
  /** Why it failed, was skipped or was not needed: one line; null when it succeeded. */
  reason: string | null;
  /** The resources of the account created, updated, replaced and deleted (or, for a preview, that would be); null when it did not run. */
  changes: ChangeCounts | null;
  milliseconds: number;
  /** Pulumi's output of the run; null when it did not run. */
  log: string | null;
  /** For a first pass: how many places of the plan it left for the second pass (compiler/first-pass.ts). */
  firstPassChanges?: number;
}

/** What `perform` gets besides the run: the results so far (a second pass reads its first pass's) and a cancel signal. */
export interface RunContext {
  results: ReadonlyMap<string, RunResult>;
  signal: AbortSignal;
}

export interface ExecuteOptions {
  parallel: number;
  perform(run: ScheduledRun, context: RunContext): Promise<RunResult>;
  /**
   * Asked before a run is skipped or started: a result that settles it without running (a second pass with
   * nothing to do is `not needed` whatever else failed), or undefined.
   */
  settledWithout?(run: ScheduledRun, results: ReadonlyMap<string, RunResult>): RunResult | undefined;
  /** Called as each run ends (or is skipped), in the order they end. */
  onResult?(run: ScheduledRun, result: RunResult): void;
  /** Once aborted, no run starts; the runs under way are asked to stop (Pulumi cancels them cleanly). */
  signal?: AbortSignal;
}

/** Every run's result, by id, in schedule order. */
export async function executeRuns(runs: readonly ScheduledRun[], options: ExecuteOptions): Promise<Map<string, RunResult>> {
  if (!Number.isInteger(options.parallel) || options.parallel < 1) throw new Error(`parallel must be a positive integer, not ${options.parallel}`);
  const results = new Map<string, RunResult>();
  const byId = new Map(runs.map((run) => [run.id, run]));
  const controller = new AbortController();
  const cancel = () => controller.abort();
  options.signal?.addEventListener("abort", cancel);
  const running = new Set<Promise<void>>();
  const started = new Set<string>();
  const settle = (run: ScheduledRun, result: RunResult) => {
    results.set(run.id, result);
    options.onResult?.(run, result);
  };

  try {
    for (;;) {
      // Skips first: a skipped run may make others skipped, which must be known before anything starts.
      let skippedOne = true;
      while (skippedOne) {
        skippedOne = false;
        for (const run of runs) {
          if (results.has(run.id) || started.has(run.id)) continue;
          const settled = options.settledWithout?.(run, results);
          if (settled !== undefined) {
            settle(run, settled);
            skippedOne = true;
            continue;
          }
          const reason = controller.signal.aborted ? "cancelled before it started" : blockedBy(run, results, byId);
          if (reason !== undefined) {
            settle(run, { outcome: "skipped", reason, changes: null, milliseconds: 0, log: null });
            skippedOne = true;
          }
        }
      }
      const ready = runs.filter((run) => !results.has(run.id) && !started.has(run.id) && run.needs.every((id) => isDone(results.get(id))));
      for (const run of ready.slice(0, options.parallel - running.size)) start(run);
      if (running.size === 0) break;
      await Promise.race(running);
    }
  } finally {
    options.signal?.removeEventListener("abort", cancel);
  }
  // A need that names no scheduled run would leave its run waiting for ever; schedule.ts never makes one.
  for (const run of runs) if (!results.has(run.id)) settle(run, { outcome: "skipped", reason: `needs ${run.needs.join(", ")}, which never ran`, changes: null, milliseconds: 0, log: null });
  return new Map(runs.map((run) => [run.id, results.get(run.id)!]));

  function start(run: ScheduledRun): void {
    started.add(run.id);
    const began = Date.now();
    const task = options
      .perform(run, { results, signal: controller.signal })
      .catch((error: unknown): RunResult => ({
        // perform reports failures as results; anything thrown is a defect, still reported as one line.
        outcome: "failed",
        reason: `internal error: ${error instanceof Error ? error.message : String(error)}`,
        changes: null,
        milliseconds: Date.now() - began,
        log: null,
      }))
      .then((result) => settle(run, result))
      .finally(() => running.delete(task));
    running.add(task);
  }
}

/** A run after which what it was for holds: it succeeded, or it had nothing to do. */
function isDone(result: RunResult | undefined): boolean {
  return result?.outcome === "succeeded" || result?.outcome === "not needed";
}

/**
 * Why a run cannot start any more: a run it needs failed or was skipped. Decided once every run it needs has ended,
 * so that what the others did can still settle it otherwise (`settledWithout`).
 */
function blockedBy(run: ScheduledRun, results: ReadonlyMap<string, RunResult>, byId: ReadonlyMap<string, ScheduledRun>): string | undefined {
  if (!run.needs.every((id) => results.has(id))) return undefined;
  for (const id of run.needs) {
    const outcome = results.get(id)?.outcome;
    if (outcome === "failed" || outcome === "skipped") {
      const label = runLabel(byId.get(id)!);
      return `needs ${label}, which ${outcome === "failed" ? "failed" : "was skipped"}`;
    }
  }
  return undefined;
}
