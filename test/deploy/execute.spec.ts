/**
 * Running the scheduled runs (deploy/execute.ts): at most `parallel` at once, each after what it needs, the runs
 * after a failed one skipped and saying why, a second pass that has nothing to do, cancellation. A stand-in
 * `perform` records what ran when; no engine.
 */
import { expect } from "chai";
import { deployOrder } from "../../compiler/check/deploy-order";
import { executeRuns, type RunResult } from "../../deploy/execute";
import { scheduleRuns, secondPassNotNeeded, type ScheduledRun } from "../../deploy/schedule";

const ORDER = deployOrder(
  ["a", "app", "b", "base", "lone", "web"],
  new Map([
    ["app", new Set(["base"])],
    ["a", new Set(["b", "base"])],
    ["b", new Set(["a"])],
    ["web", new Set(["a"])],
  ]),
);
const RUNS = scheduleRuns("up", ORDER, new Set(["a", "app", "b", "base", "lone", "web"]));

const succeeded = (changes = 1): RunResult => ({ outcome: "succeeded", reason: null, changes: { create: changes, update: 0, replace: 0, delete: 0 }, milliseconds: 5, log: "x.log" });

/** A perform that takes `ms` per run, fails the ids in `failing`, and records starts, ends and the most at once. */
function recorder(options: { failing?: string[]; ms?: number } = {}) {
  const events: string[] = [];
  let now = 0;
  let most = 0;
  return {
    events,
    get most() {
      return most;
    },
    async perform(run: ScheduledRun): Promise<RunResult> {
      now += 1;
      most = Math.max(most, now);
      events.push(`start ${run.id}`);
      await new Promise((resolve) => setTimeout(resolve, options.ms ?? 5));
      events.push(`end ${run.id}`);
      now -= 1;
      if (options.failing?.includes(run.id)) return { outcome: "failed", reason: "AccessDenied", changes: null, milliseconds: 5, log: "x.log" };
      return { ...succeeded(), firstPassChanges: run.pass === 1 ? 2 : undefined };
    },
  };
}

describe("running the scheduled runs", () => {
  it("starts each run once what it needs has succeeded, never more than --parallel at once", async () => {
    const record = recorder();
    const results = await executeRuns(RUNS, { parallel: 2, perform: (run) => record.perform(run) });
    expect([...results.values()].every((r) => r.outcome === "succeeded")).to.equal(true);
    expect(record.most).to.equal(2);
    const index = (event: string) => record.events.indexOf(event);
    for (const run of RUNS) for (const need of run.needs) expect(index(`end ${need}`), `${run.id} after ${need}`).to.be.below(index(`start ${run.id}`));
    expect(index("start lone")).to.be.below(index("start web"));
  });

  it("with --parallel 1, in schedule order", async () => {
    const record = recorder();
    await executeRuns(RUNS, { parallel: 1, perform: (run) => record.perform(run) });
    expect(record.events.filter((e) => e.startsWith("start")).map((e) => e.slice(6))).to.deep.equal(RUNS.map((r) => r.id));
    expect(record.most).to.equal(1);
  });

  it("a failed run skips what needs it, directly or through a skipped run, and says which; the others run", async () => {
    const record = recorder({ failing: ["b#1"] });
    const ended: string[] = [];
    const results = await executeRuns(RUNS, { parallel: 2, perform: (run) => record.perform(run), onResult: (run, r) => ended.push(`${run.id} ${r.outcome}`) });
    const outcomes = Object.fromEntries([...results].map(([id, r]) => [id, r.outcome === "skipped" ? `skipped: ${r.reason}` : r.outcome]));
    expect(outcomes).to.deep.equal({
      base: "succeeded",
      "a#1": "succeeded",
      "b#1": "failed",
      "a#2": "skipped: needs b (pass 1 of 2), which failed",
      "b#2": "skipped: needs b (pass 1 of 2), which failed",
      app: "succeeded",
      lone: "succeeded",
      web: "skipped: needs a (pass 2 of 2), which was skipped",
    });
    expect(results.get("web")).to.deep.equal({ outcome: "skipped", reason: "needs a (pass 2 of 2), which was skipped", changes: null, milliseconds: 0, log: null });
    expect(ended).to.have.length(RUNS.length);
    expect(record.events.filter((e) => e.startsWith("start")).map((e) => e.slice(6)).sort()).to.deep.equal(["a#1", "app", "b#1", "base", "lone"]);
  });

  it("a second pass whose first pass left nothing out is not needed, even when the other member's first pass failed", async () => {
    const cycle = scheduleRuns("up", ORDER, new Set(["a", "b", "web"]));
    const results = await executeRuns(cycle, {
      parallel: 2,
      settledWithout: secondPassNotNeeded,
      // b's first pass fails while a's is still running: a's second pass is decided once a's first pass has ended.
      perform: async (run) => {
        if (run.id === "b#1") return { outcome: "failed", reason: "AccessDenied", changes: null, milliseconds: 1, log: null, firstPassChanges: 1 };
        if (run.id === "a#1") await new Promise((resolve) => setTimeout(resolve, 30));
        return { ...succeeded(), firstPassChanges: 0 };
      },
    });
    expect(Object.fromEntries([...results].map(([id, r]) => [id, `${r.outcome}${r.reason === null ? "" : `: ${r.reason}`}`]))).to.deep.equal({
      "a#1": "succeeded",
      "b#1": "failed: AccessDenied",
      "a#2": "not needed: the first pass deployed the YAML as compiled (every role it names existed)",
      "b#2": "skipped: needs b (pass 1 of 2), which failed",
      web: "succeeded",
    });
  });

  it("a second pass is needed after a first pass that left something out, or that failed", () => {
    const [a2] = scheduleRuns("up", ORDER, new Set(["a", "b"])).filter((r) => r.id === "a#2");
    const first = (result: Partial<RunResult>) => new Map([["a#1", { ...succeeded(), ...result }]]);
    expect(secondPassNotNeeded(a2, first({ firstPassChanges: 0 }))?.outcome).to.equal("not needed");
    expect(secondPassNotNeeded(a2, first({ firstPassChanges: 3 }))).to.equal(undefined);
    expect(secondPassNotNeeded(a2, first({ outcome: "failed", firstPassChanges: 0 }))).to.equal(undefined);
    expect(secondPassNotNeeded(a2, new Map())).to.equal(undefined);
  });

  it("a run that throws is one failed run with the message, not a crash", async () => {
    const results = await executeRuns(RUNS.slice(0, 1), {
      parallel: 1,
      perform: async () => {
        throw new Error("boom");
      },
    });
    expect(results.get("base")).to.deep.include({ outcome: "failed", reason: "internal error: boom", changes: null, log: null });
  });

  it("once cancelled, no run starts; the runs under way see the signal", async () => {
    const controller = new AbortController();
    const seen: boolean[] = [];
    const results = await executeRuns(RUNS, {
      parallel: 2,
      signal: controller.signal,
      perform: async (run, { signal }) => {
        if (run.id === "base") controller.abort();
        seen.push(signal.aborted);
        return succeeded();
      },
    });
    // base and lone start together (both need nothing); base cancels at once, and both see it.
    expect(seen).to.deep.equal([true, true]);
    expect(results.get("base")!.outcome).to.equal("succeeded");
    expect([...results].filter(([, r]) => r.outcome === "skipped").map(([id, r]) => `${id}: ${r.reason}`)).to.include("app: cancelled before it started");
    expect([...results].filter(([, r]) => r.outcome !== "skipped").map(([id]) => id)).to.deep.equal(["base", "lone"]);
  });

  it("refuses a parallelism that is not a positive whole number", async () => {
    let message = "";
    await executeRuns(RUNS, { parallel: 0, perform: async () => succeeded() }).catch((e: Error) => (message = e.message));
    expect(message).to.equal("parallel must be a positive integer, not 0");
  });
});
