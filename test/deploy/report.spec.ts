/**
 * What `iam-syncr preview` and `up` print (deploy/report.ts, docs/run-all.md): the progress line of each run, the
 * summary table, the totals that decide the exit code. No engine.
 */
import { expect } from "chai";
import type { RunResult } from "../../deploy/execute";
import { progressLine, runRecord, summaryOf, summaryTable, type RunRecord } from "../../deploy/report";

const counts = (create: number, update: number, replace: number, del: number) => ({ create, update, replace, delete: del });
const RECORDS: RunRecord[] = [
  { account: "partner", pass: null, outcome: "succeeded", reason: null, changes: counts(12, 0, 0, 0), seconds: 14.2, log: "/logs/partner.log" },
  { account: "app", pass: 1, outcome: "succeeded", reason: null, changes: counts(3, 0, 0, 0), seconds: 9.96, log: "/logs/app.pass1.log" },
  { account: "app", pass: 2, outcome: "not needed", reason: "the first pass deployed the YAML as compiled (every role it names existed)", changes: null, seconds: 0, log: null },
  {
    account: "tools",
    pass: null,
    outcome: "failed",
    reason: "aws:iam/role:Role builder: creating IAM Role (builder): AccessDenied",
    changes: counts(1, 2, 0, 1),
    seconds: 8.1,
    log: "/logs/tools.log",
  },
  { account: "web", pass: null, outcome: "skipped", reason: "needs tools, which failed", changes: null, seconds: 0, log: null },
];

describe("what iam-syncr preview and up print", () => {
  it("one progress line per run as it ends: what it did, or why not", () => {
    expect(RECORDS.map((r) => progressLine("up", r))).to.deep.equal([
      "partner: applied: 12 created, 0 updated, 0 replaced, 0 deleted (14.2 s)\n",
      "app (pass 1 of 2): applied: 3 created, 0 updated, 0 replaced, 0 deleted (10.0 s)\n",
      "app (pass 2 of 2): not needed: the first pass deployed the YAML as compiled (every role it names existed)\n",
      "tools: failed after 8.1 s: aws:iam/role:Role builder: creating IAM Role (builder): AccessDenied (log: /logs/tools.log)\n",
      "web: skipped: needs tools, which failed\n",
    ]);
    expect(progressLine("preview", RECORDS[0])).to.equal("partner: previewed: 12 to create, 0 to update, 0 to replace, 0 to delete (14.2 s)\n");
    expect(progressLine("preview", { ...RECORDS[0], changes: counts(0, 0, 0, 0) })).to.equal("partner: previewed: no changes (14.2 s)\n");
  });

  it("the summary table: a row per run, counts right-aligned, then the totals", () => {
    expect(summaryTable({ command: "up", runs: RECORDS, summary: summaryOf(RECORDS) })).to.equal(
      [
        "account            creates  updates  replaces  deletes  duration  outcome",
        "partner                 12        0         0        0    14.2 s  applied",
        "app (pass 1 of 2)        3        0         0        0    10.0 s  applied",
        "app (pass 2 of 2)        -        -         -        -         -  not needed: the first pass deployed the YAML as compiled (every role it names existed)",
        "tools                    1        2         0        1     8.1 s  failed: aws:iam/role:Role builder: creating IAM Role (builder): AccessDenied",
        "web                      -        -         -        -         -  skipped: needs tools, which failed",
        "",
        "5 runs, 2 applied, 1 failed, 1 skipped, 1 not needed",
        "",
      ].join("\n"),
    );
    expect(summaryTable({ command: "preview", runs: [], summary: summaryOf([]) })).to.equal("no stack to run\n");
  });

  it("the totals: ok only when no run failed or was skipped (exit 0)", () => {
    expect(summaryOf(RECORDS)).to.deep.equal({ runs: 5, succeeded: 2, failed: 1, skipped: 1, notNeeded: 1, ok: false });
    expect(summaryOf(RECORDS.slice(0, 3))).to.deep.equal({ runs: 3, succeeded: 2, failed: 0, skipped: 0, notNeeded: 1, ok: true });
    expect(summaryOf([RECORDS[4]]).ok).to.equal(false);
  });

  it("a run's record: its account and pass, the result's fields, seconds to a tenth", () => {
    const result: RunResult = { outcome: "succeeded", reason: null, changes: counts(1, 0, 0, 0), milliseconds: 12_345, log: "/logs/a.log", firstPassChanges: 2 };
    expect(runRecord({ id: "a#1", account: "a", pass: 1, cycle: ["a", "b"], needs: [] }, result)).to.deep.equal({
      account: "a",
      pass: 1,
      outcome: "succeeded",
      reason: null,
      changes: counts(1, 0, 0, 0),
      seconds: 12.3,
      log: "/logs/a.log",
    });
  });
});
