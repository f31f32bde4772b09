/**
 * `iam-syncr preview` and `iam-syncr up` over the stacks of a stacks root (docs/run-all.md): check the root,
 * select the accounts, schedule their runs in check's deploy order, ask (up), run them through the Automation API
 * with at most `parallel` at once, and report. Each stage is its own module; this one only puts them together.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkWithPlans, type CheckReport } from "../compiler/check";
import { firstPassPlan } from "../compiler/first-pass";
import type { Plan } from "../compiler/plan";
import { FIRST_PASS_VARIABLE } from "../pulumi/first-pass-variable";
import { roleArn } from "../compiler/names";
import { executeRuns, type RunContext, type RunResult } from "./execute";
import { PulumiProject } from "./pulumi-stacks";
import { progressLine, RUN_FORMAT, runRecord, summaryOf, type RunAllReport, type SelectedAccount } from "./report";
import { runLabel, scheduleRuns, secondPassNotNeeded, type RunCommand, type ScheduledRun } from "./schedule";
import { changedSince, parseStacksOption } from "./selection";

export interface RunAllOptions {
  command: RunCommand;
  /** The stacks root, as given (relative to `cwd`). */
  root: string;
  cwd: string;
  /** The Pulumi project folder (Pulumi.yaml, index.ts), absolute. */
  projectDir: string;
  /** `--stacks a,b`. */
  stacks?: string;
  /** `--changed-since <git ref>`. */
  changedSince?: string;
  parallel: number;
  /** `--init`, with `--region`. */
  init: { region?: string } | null;
  /** Where Pulumi's output goes, one file per run; default a new folder in the system's temporary folder. */
  logDir?: string;
  /** `up` only: asked with what will run, before anything runs; false stops there. */
  confirm?(question: string): Promise<boolean>;
  /** Progress lines (stderr). */
  progress(line: string): void;
  signal?: AbortSignal;
}

export type RunAllOutcome =
  /** check found errors: nothing ran. */
  | { kind: "check failed"; check: CheckReport }
  /** The user did not confirm: nothing ran. */
  | { kind: "declined" }
  | { kind: "ran"; report: RunAllReport };

export async function runAll(options: RunAllOptions): Promise<RunAllOutcome> {
  const { report: check, plans } = await checkWithPlans({ root: options.root, cwd: options.cwd });
  if (!check.summary.ok) return { kind: "check failed", check };
  const accounts = check.accounts.map((a) => a.name);
  const absoluteRoot = path.resolve(options.cwd, options.root);

  const selected = await select(options, absoluteRoot, accounts, plans);
  const chosen = new Set(selected.accounts.map((a) => a.account));
  const trustCycles = new Map(check.accounts.map((a) => [a.name, a.trustCycle]));
  const ownCycles = new Set([...trustCycles].filter(([, roles]) => roles.length > 0).map(([account]) => account));
  const runs = scheduleRuns(options.command, check.deployOrder, chosen, ownCycles);
  const report = (records: RunAllReport["runs"], logs: string | null): RunAllReport => ({
    format: RUN_FORMAT,
    command: options.command,
    root: check.root,
    logs,
    check,
    selection: {
      stacks: options.stacks === undefined ? null : [...parseStacksOption(options.stacks, accounts)],
      changedSince: options.changedSince ?? null,
      base: selected.base,
      selected: selected.accounts,
      notSelected: accounts.filter((a) => !chosen.has(a)),
    },
    runs: records,
    summary: summaryOf(records),
  });
  if (options.stacks !== undefined || options.changedSince !== undefined) options.progress(selectionLines(selected.accounts, accounts));
  if (runs.length === 0) return { kind: "ran", report: report([], null) };
  for (const line of notSelectedDependencies(options.command, check, chosen)) options.progress(line);

  const project = await PulumiProject.open(options.projectDir, absoluteRoot);
  if (options.command === "up" && options.confirm !== undefined && !(await options.confirm(confirmation(check, runs, chosen)))) return { kind: "declined" };

  const logs = options.logDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `iam-syncr-${options.command}-`));
  fs.mkdirSync(logs, { recursive: true });
  const stacksCount = new Set(runs.map((r) => r.account)).size;
  options.progress(
    `${options.command}: ${runs.length} run${runs.length === 1 ? "" : "s"} of ${stacksCount} stack${stacksCount === 1 ? "" : "s"}, at most ${options.parallel} at once; Pulumi's output in ${logs}\n`,
  );
  const results = await executeRuns(runs, {
    parallel: options.parallel,
    signal: options.signal,
    settledWithout: secondPassNotNeeded,
    perform: (run, context) => perform(run, context, { options, project, plans, trustCycles, logs }),
    onResult: (run, result) => options.progress(progressLine(options.command, runRecord(run, result))),
  });
  return { kind: "ran", report: report(runs.map((run) => runRecord(run, results.get(run.id)!)), logs) };
}

interface Selected {
  accounts: SelectedAccount[];
  base: string | null;
}

async function select(options: RunAllOptions, root: string, accounts: readonly string[], plans: ReadonlyMap<string, Plan>): Promise<Selected> {
  let selected = new Map(accounts.map((account) => [account, "all"]));
  if (options.stacks !== undefined) {
    const named = parseStacksOption(options.stacks, accounts);
    selected = new Map(accounts.filter((a) => named.has(a)).map((a) => [a, "--stacks"]));
  }
  let base: string | null = null;
  if (options.changedSince !== undefined) {
    const changed = await changedSince(root, options.changedSince, accounts, plans);
    base = changed.base;
    selected = new Map([...selected.keys()].filter((a) => changed.accounts.has(a)).map((a) => [a, changed.accounts.get(a)!]));
  }
  return { accounts: [...selected].map(([account, reason]) => ({ account, reason })), base };
}

function selectionLines(selected: readonly SelectedAccount[], accounts: readonly string[]): string {
  const chosen = selected.map((s) => (s.reason === "--stacks" ? s.account : `${s.account} (${s.reason})`));
  const others = accounts.filter((a) => !selected.some((s) => s.account === a));
  return `selected: ${chosen.length === 0 ? "none" : chosen.join(", ")}${others.length === 0 ? "" : `; not selected: ${others.join(", ")}`}\n`;
}

/** Accounts that a selected account is deployed after, but that are not selected: not run, taken as deployed. */
function notSelectedDependencies(command: RunCommand, check: CheckReport, chosen: ReadonlySet<string>): string[] {
  if (command !== "up") return [];
  const lines: string[] = [];
  for (const step of check.deployOrder) {
    const members = step.accounts.filter((a) => chosen.has(a));
    const outside = [...step.after, ...step.accounts].filter((a) => !chosen.has(a));
    if (members.length === 0 || outside.length === 0) continue;
    lines.push(`${members.join(", ")}: after ${outside.join(", ")}, not selected: taken as deployed already\n`);
  }
  return lines;
}

function confirmation(check: CheckReport, runs: readonly ScheduledRun[], chosen: ReadonlySet<string>): string {
  const lines = [`iam-syncr up will deploy ${chosen.size} stack${chosen.size === 1 ? "" : "s"} of ${check.root}, in this order:`];
  let number = 0;
  for (const step of check.deployOrder) {
    const members = step.accounts.filter((a) => chosen.has(a));
    if (members.length === 0) continue;
    const after = step.after.filter((a) => chosen.has(a));
    const twice = runs.some((r) => r.pass === 2 && members.includes(r.account));
    const passes = !twice ? "" : members.length > 1 ? " (a cycle: a first pass each, then a second pass each)" : " (roles that trust each other in a cycle: a first pass, then a second)";
    lines.push(`  ${++number}. ${members.join(", ")}${after.length > 0 ? ` (after ${after.join(", ")})` : ""}${passes}`);
  }
  return `${lines.join("\n")}\n\`iam-syncr preview\` shows what would change. Deploy? [y/N] `;
}

interface Context {
  options: RunAllOptions;
  project: PulumiProject;
  plans: ReadonlyMap<string, Plan>;
  /** Each account's roles whose trust policies name each other in a cycle (ARNs). */
  trustCycles: ReadonlyMap<string, readonly string[]>;
  logs: string;
}

/** One run: prepare the stack, decide what a pass must leave out, run Pulumi. Failures are results, never thrown. */
async function perform(run: ScheduledRun, { signal }: RunContext, { options, project, plans, trustCycles, logs }: Context): Promise<RunResult> {
  const began = Date.now();
  const failed = (reason: string): RunResult => ({ outcome: "failed", reason, changes: null, milliseconds: Date.now() - began, log: null });
  const prepared = await project.prepare(run.account, { init: options.init });
  if (prepared !== undefined) return failed(prepared);

  const env: Record<string, string> = { [FIRST_PASS_VARIABLE]: "" };
  let firstPassChanges: number | undefined;
  if (run.pass === 1) {
    let pending: string[];
    try {
      pending = await pendingRoles(run, project, plans, trustCycles.get(run.account) ?? []);
    } catch (error) {
      return failed(`reading the roles the stacks of the cycle hold failed: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
    }
    firstPassChanges = firstPassPlan(plans.get(run.account)!, new Set(pending)).changes.length;
    if (firstPassChanges > 0) env[FIRST_PASS_VARIABLE] = JSON.stringify(pending);
  }
  const logFile = path.join(logs, `${run.account}${run.pass === null ? "" : `.pass${run.pass}`}.log`);
  fs.writeFileSync(logFile, `iam-syncr ${options.command}: ${runLabel(run)}\n`);
  const result = await project.run(options.command, run.account, { env, logFile, signal });
  return firstPassChanges === undefined ? result : { ...result, firstPassChanges };
}

/**
 * The roles that a first pass must not name because their stacks do not hold them yet (so they may not exist),
 * sorted: those of the cycle's other selected accounts, and this account's own roles that trust each other in a
 * cycle (`ownCycle`).
 */
async function pendingRoles(run: ScheduledRun, project: PulumiProject, plans: ReadonlyMap<string, Plan>, ownCycle: readonly string[]): Promise<string[]> {
  const pending: string[] = [];
  for (const other of run.cycle ?? []) {
    if (other === run.account) continue;
    const plan = plans.get(other)!;
    const existing = await project.roleArnsInState(other);
    for (const role of Object.values(plan.roles)) {
      const arn = roleArn(plan.account.id, role);
      if (!existing.has(arn)) pending.push(arn);
    }
  }
  if (ownCycle.length > 0) {
    const existing = await project.roleArnsInState(run.account);
    pending.push(...ownCycle.filter((arn) => !existing.has(arn)));
  }
  return pending.sort();
}
