/**
 * The runs of `iam-syncr preview` and `up` (deploy/schedule.ts, docs/run-all.md): check's deploy order narrowed to
 * the selected accounts, cycles in two passes, and what each run waits for. No engine.
 */
import { expect } from "chai";
import { deployOrder } from "../../compiler/check/deploy-order";
import { runLabel, scheduleRuns, type ScheduledRun } from "../../deploy/schedule";

// base ← app; a ↔ b (a cycle) after base; web after a; lone references no one.
const ACCOUNTS = ["a", "app", "b", "base", "lone", "web"];
const ORDER = deployOrder(
  ACCOUNTS,
  new Map([
    ["app", new Set(["base"])],
    ["a", new Set(["b", "base"])],
    ["b", new Set(["a"])],
    ["web", new Set(["a"])],
  ]),
);
const all = new Set(ACCOUNTS);
const brief = (runs: ScheduledRun[]) => runs.map((r) => `${r.id} <- [${r.needs.join(", ")}]`);

describe("the runs of iam-syncr preview and up", () => {
  it("check's order is the one the schedule follows", () => {
    expect(ORDER).to.deep.equal([
      { accounts: ["base"], after: [], cycle: null },
      { accounts: ["a", "b"], after: ["base"], cycle: ["a", "b", "a"] },
      { accounts: ["app"], after: ["base"], cycle: null },
      { accounts: ["lone"], after: [], cycle: null },
      { accounts: ["web"], after: ["a"], cycle: null },
    ]);
  });

  it("up: each account after the accounts it references; a cycle's members in a first pass each, then a second pass each", () => {
    const runs = scheduleRuns("up", ORDER, all);
    expect(brief(runs)).to.deep.equal([
      "base <- []",
      "a#1 <- [base]",
      "b#1 <- [base]",
      "a#2 <- [base, a#1, b#1]",
      "b#2 <- [base, a#1, b#1]",
      "app <- [base]",
      "lone <- []",
      "web <- [a#2]",
    ]);
    expect(runs.filter((r) => r.pass !== null).map((r) => [r.account, r.pass, r.cycle])).to.deep.equal([
      ["a", 1, ["a", "b"]],
      ["b", 1, ["a", "b"]],
      ["a", 2, ["a", "b"]],
      ["b", 2, ["a", "b"]],
    ]);
    expect(runs.map(runLabel)).to.include.members(["a (pass 1 of 2)", "b (pass 2 of 2)", "base"]);
  });

  it("preview: one run per account, in the same order, none waiting for another", () => {
    expect(brief(scheduleRuns("preview", ORDER, all))).to.deep.equal(["base <- []", "a <- []", "b <- []", "app <- []", "lone <- []", "web <- []"]);
  });

  it("an account that is not selected is not run, and what references it does not wait for it", () => {
    expect(brief(scheduleRuns("up", ORDER, new Set(["app", "web"])))).to.deep.equal(["app <- []", "web <- []"]);
    expect(brief(scheduleRuns("up", ORDER, new Set(["base", "app"])))).to.deep.equal(["base <- []", "app <- [base]"]);
  });

  it("a cycle with one selected member is one ordinary run; with both, two passes after what is selected", () => {
    expect(brief(scheduleRuns("up", ORDER, new Set(["a", "web"])))).to.deep.equal(["a <- []", "web <- [a]"]);
    expect(brief(scheduleRuns("up", ORDER, new Set(["a", "b"])))).to.deep.equal(["a#1 <- []", "b#1 <- []", "a#2 <- [a#1, b#1]", "b#2 <- [a#1, b#1]"]);
  });

  it("up: an account whose own roles trust each other in a cycle runs in two passes too, alone; preview still runs it once", () => {
    const runs = scheduleRuns("up", ORDER, all, new Set(["app", "a"]));
    expect(brief(runs)).to.deep.equal([
      "base <- []",
      "a#1 <- [base]",
      "b#1 <- [base]",
      "a#2 <- [base, a#1, b#1]",
      "b#2 <- [base, a#1, b#1]",
      "app#1 <- [base]",
      "app#2 <- [base, app#1]",
      "lone <- []",
      "web <- [a#2]",
    ]);
    expect(runs.filter((r) => r.account === "app").map((r) => [r.pass, r.cycle])).to.deep.equal([
      [1, ["app"]],
      [2, ["app"]],
    ]);
    // The one selected member of a cycle of accounts, with a cycle of its own roles: two passes of its own.
    expect(brief(scheduleRuns("up", ORDER, new Set(["a"]), new Set(["a"])))).to.deep.equal(["a#1 <- []", "a#2 <- [a#1]"]);
    expect(brief(scheduleRuns("preview", ORDER, all, new Set(["app"])))).to.deep.equal(["base <- []", "a <- []", "b <- []", "app <- []", "lone <- []", "web <- []"]);
  });

  it("nothing selected: no run", () => {
    expect(scheduleRuns("up", ORDER, new Set())).to.deep.equal([]);
  });
});
