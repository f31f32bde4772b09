/**
 * Which Pulumi runs `iam-syncr preview` and `iam-syncr up` make, and what each waits for: the deploy order of
 * `iam-syncr check` (compiler/check/deploy-order.ts), narrowed to the selected accounts. A pure function of the
 * order and the selection, so that ordering can be read and tested without Pulumi.
 *
 * - `up`: an account runs after the selected accounts whose roles it references (the step's `after`). The
 *   selected members of a cycle run twice: a first pass each (with the roles of the cycle that do not exist yet
 *   left out of their documents, compiler/first-pass.ts), then, once every first pass has succeeded, a second
 *   pass each (the YAML as compiled). Accounts after the cycle wait for the second passes. An account whose own
 *   roles trust each other in a cycle runs twice in the same way, alone or with the other members of its cycle.
 * - `preview`: one run per selected account, none waiting for another: a preview changes nothing, so no
 *   preview depends on another having run. The runs are listed in the deploy order all the same.
 *
 * An account that is not selected is not run, and is taken to be deployed already: a selected account that
 * references it does not wait for anything of it, and a cycle with one selected member is one ordinary run.
 */
import type { DeployStep } from "../compiler/check";
import type { RunResult } from "./execute";

export type RunCommand = "preview" | "up";

export interface ScheduledRun {
  /** `app`, or for the passes of a cycle `app#1` and `app#2`. */
  id: string;
  /** The account, which is the stack's name. */
  account: string;
  /** null for a single run; 1 or 2 for the passes over a cycle. */
  pass: 1 | 2 | null;
  /** The accounts of the cycle whose selected members run in two passes (sorted), or null. */
  cycle: string[] | null;
  /** Ids of the runs that must have succeeded first, in schedule order. */
  needs: string[];
}

/** `ownCycles`: the accounts whose own roles trust each other in a cycle (compiler/first-pass.ts rolesInTrustCycles). */
export function scheduleRuns(
  command: RunCommand,
  order: readonly DeployStep[],
  selected: ReadonlySet<string>,
  ownCycles: ReadonlySet<string> = new Set(),
): ScheduledRun[] {
  const runs: ScheduledRun[] = [];
  /** The run after which an account's roles exist as compiled: its single run, or its second pass. */
  const finalRun = new Map<string, string>();
  for (const step of order) {
    const members = step.accounts.filter((account) => selected.has(account));
    if (members.length === 0) continue;
    if (command === "preview") {
      for (const account of members) runs.push({ id: account, account, pass: null, cycle: null, needs: [] });
      continue;
    }
    const needs = step.after.filter((account) => finalRun.has(account)).map((account) => finalRun.get(account)!);
    if (members.length === 1 && !ownCycles.has(members[0])) {
      runs.push({ id: members[0], account: members[0], pass: null, cycle: null, needs });
      finalRun.set(members[0], members[0]);
      continue;
    }
    const firstPasses = members.map((account) => `${account}#1`);
    for (const account of members) runs.push({ id: `${account}#1`, account, pass: 1, cycle: members, needs });
    for (const account of members) {
      runs.push({ id: `${account}#2`, account, pass: 2, cycle: members, needs: [...needs, ...firstPasses] });
      finalRun.set(account, `${account}#2`);
    }
  }
  return runs;
}

/** How a run is named in progress lines and the summary: `app`, `app (pass 1 of 2)`. */
export function runLabel(run: Pick<ScheduledRun, "account" | "pass">): string {
  return run.pass === null ? run.account : `${run.account} (pass ${run.pass} of 2)`;
}

/**
 * A second pass whose first pass succeeded without leaving anything out: that first pass deployed the YAML as
 * compiled, so there is nothing left to do, whatever happened to the other members of the cycle.
 */
export function secondPassNotNeeded(run: ScheduledRun, results: ReadonlyMap<string, RunResult>): RunResult | undefined {
  const first = results.get(`${run.account}#1`);
  if (run.pass !== 2 || first?.outcome !== "succeeded" || first.firstPassChanges !== 0) return undefined;
  return { outcome: "not needed", reason: "the first pass deployed the YAML as compiled (every role it names existed)", changes: null, milliseconds: 0, log: null };
}
