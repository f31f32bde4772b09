/**
 * The shape of issue 10 (DIALECT.md §14): accounts of 100 roles of their own, and 50 roles of `_shared` selected
 * for every account. `iam-syncr check` of the whole root must take time linear in the number of accounts, and read
 * each file of `_shared` once per run. Measured at 10 and 100 accounts, each root in a fresh child process.
 */
import * as path from "node:path";
import { resultOf, runChild } from "./children";
import type { CheckTimingResult, Repetitions } from "./protocol";
import { writeStacksRoot, type AccountLayout } from "./synthetic/stacks-root";
import type { TargetCheck } from "./targets";
import type { Timing } from "./timing";

export const OWN_ROLES = 100;
export const SHARED_ROLES = 50;
/** A check of 100 accounts runs for tens of seconds: the JIT is warm within the first, which is timed too. */
const POINTS: readonly { accounts: number; check: Repetitions }[] = [
  { accounts: 10, check: { warmups: 1, repetitions: 5 } },
  { accounts: 100, check: { warmups: 0, repetitions: 3 } },
];
/** Per-account time may grow by half from 10 to 100 accounts (as per-role time from 1,000 to 10,000 roles). */
const PER_ACCOUNT_GROWTH = 1.5;

export interface SharedPoint {
  accounts: number;
  /** Roles in the plans, own and shared, over every account. */
  roles: number;
  checkMs: Timing;
  msPerAccount: number;
  sharedFiles: number;
  sharedFileReads: number;
  warnings: number;
}

export interface SharedFigures {
  label: string;
  ownRoles: number;
  sharedRoles: number;
  points: SharedPoint[];
  /** Per-account check time at 100 accounts over that at 10: 1 is linear. */
  perAccountRatio: number;
}

export async function measureSharedShape(workspace: string, seed: number, region: string, progress: (message: string) => void): Promise<SharedFigures> {
  const points: SharedPoint[] = [];
  for (const { accounts, check } of POINTS) {
    const root = path.join(workspace, `shared-${accounts}`);
    const layout: AccountLayout[] = Array.from({ length: accounts }, (_, k) => ({ name: `org-${String(k + 1).padStart(3, "0")}`, id: `2${String(k).padStart(11, "0")}`, roles: OWN_ROLES }));
    writeStacksRoot(root, layout, seed, SHARED_ROLES);
    progress(`_shared, ${accounts} accounts: iam-syncr check`);
    const result: CheckTimingResult = resultOf(await runChild({ kind: "check-timing", root, region, check }), "check-timing");
    points.push({
      accounts: result.accounts,
      roles: result.roles,
      checkMs: result.check,
      msPerAccount: result.check.median / result.accounts,
      sharedFiles: result.sharedFiles,
      sharedFileReads: result.sharedFileReads,
      warnings: result.warnings,
    });
  }
  const [small, large] = points;
  return {
    label: `${OWN_ROLES} own roles per account + ${SHARED_ROLES} roles of _shared for every account`,
    ownRoles: OWN_ROLES,
    sharedRoles: SHARED_ROLES,
    points,
    perAccountRatio: large.msPerAccount / small.msPerAccount,
  };
}

export function sharedTargets(figures: SharedFigures): TargetCheck[] {
  const [small, large] = figures.points;
  return [
    {
      target: `iam-syncr check time linear in accounts with _shared (per-account time ${large.accounts} / ${small.accounts} accounts)`,
      measured: figures.perAccountRatio.toFixed(2),
      limit: `≤ ${PER_ACCOUNT_GROWTH}`,
      pass: figures.perAccountRatio <= PER_ACCOUNT_GROWTH,
    },
    ...figures.points.map((p) => ({
      target: `files of _shared read per check run, ${p.accounts} accounts`,
      measured: `${p.sharedFileReads} reads of ${p.sharedFiles} files`,
      limit: "one read per file",
      pass: p.sharedFileReads === p.sharedFiles,
    })),
  ];
}

export function formatShared(figures: SharedFigures): string[] {
  const n = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return [
    `Shared definitions (DIALECT.md §14): ${figures.label}; checkStacksRoot (compile, lint, cross-account) in a fresh process, median (min–max)`,
    ...figures.points.map(
      (p) =>
        `  ${n(p.accounts)} accounts, ${n(p.roles)} roles in the plans: ${n(p.checkMs.median)} ms (${n(p.checkMs.min)}–${n(p.checkMs.max)}), ` +
        `${n(p.msPerAccount, 1)} ms per account; ${p.sharedFileReads} reads of the ${p.sharedFiles} files of _shared; ${n(p.warnings)} lint warnings`,
    ),
    `  per-account time ${figures.points[1].accounts} / ${figures.points[0].accounts} accounts: ${n(figures.perAccountRatio, 2)} (1 = linear)`,
  ];
}
