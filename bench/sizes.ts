/** The sizes the bench measures: two single accounts an order of magnitude apart, and a fleet of accounts. */
import type { AccountLayout } from "./synthetic/stacks-root";

export interface BenchSize {
  /** Short key used in the JSON: `1k`, `10k`, `100x100`. */
  key: string;
  label: string;
  /** The accounts compiled for this size (each is one Pulumi stack). */
  accounts: AccountLayout[];
}

const id = (n: number) => `1${String(n).padStart(11, "0")}`;

export const SIZES: readonly BenchSize[] = [
  { key: "1k", label: "1 account × 1,000 roles", accounts: [{ name: "bench-1k", id: id(1), roles: 1_000 }] },
  { key: "10k", label: "1 account × 10,000 roles", accounts: [{ name: "bench-10k", id: id(2), roles: 10_000 }] },
  {
    key: "100x100",
    label: "100 accounts × 100 roles",
    accounts: Array.from({ length: 100 }, (_, k) => ({ name: `fleet-${String(k + 1).padStart(3, "0")}`, id: id(100 + k), roles: 100 })),
  },
];

export function rolesOf(size: BenchSize): number {
  return size.accounts.reduce((sum, a) => sum + a.roles, 0);
}

/** Every account of every size, for one stacks root. */
export function allAccounts(): AccountLayout[] {
  return SIZES.flatMap((s) => s.accounts);
}
