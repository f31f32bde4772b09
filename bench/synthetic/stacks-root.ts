/**
 * The synthetic stacks root of the bench: one accounts.yaml and every account folder of every size, so that
 * cross-account specifiers name accounts that really are in accounts.yaml.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { accountFiles } from "./account-files";
import { Random } from "./random";
import { sharedFiles } from "./shared-files";

export interface AccountLayout {
  name: string;
  id: string;
  roles: number;
}

/** Accounts only referred to (partners), never compiled; two ids are written unquoted to exercise padding (1.5.2). */
const PARTNERS: readonly AccountLayout[] = ["partner-a", "partner-b", "partner-c", "partner-d", "partner-e"].map((name, k) => ({
  name,
  id: `0${String(55500000000 + k * 1111)}`,
  roles: 0,
}));

/**
 * Writes accounts.yaml and the folders of `accounts` under `root`; the same seed gives the same bytes. With
 * `sharedRoles`, also `<root>/_shared` with that many roles selected for every account (shared-files.ts).
 */
export function writeStacksRoot(root: string, accounts: readonly AccountLayout[], seed: number, sharedRoles = 0): void {
  fs.mkdirSync(root, { recursive: true });
  // With _shared (the shape of issue 10, measured at 10 and 100 accounts), specifiers name only accounts that
  // have a folder, so that each account's references are checked alike whatever the number of accounts.
  const all = sharedRoles > 0 ? [...accounts] : [...accounts, ...PARTNERS];
  const idText = (account: AccountLayout, k: number) => (account.id.startsWith("0") && k % 2 === 0 ? String(Number(account.id)) : JSON.stringify(account.id));
  fs.writeFileSync(path.join(root, "accounts.yaml"), all.map((a, k) => `${a.name}: ${idText(a, k)}\n`).join(""));
  const names = all.map((a) => a.name);
  const random = new Random(seed);
  for (const account of accounts) {
    const others = names.filter((n) => n !== account.name);
    // Each account draws from its own stream, so adding an account does not change the others' files.
    const files = accountFiles({ name: account.name, id: account.id, roles: account.roles, others }, new Random(random.int(1, 2 ** 31)));
    for (const [relative, text] of files) {
      const file = path.join(root, account.name, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
  if (sharedRoles > 0) {
    for (const [relative, text] of sharedFiles(sharedRoles, names, new Random(random.int(1, 2 ** 31)))) {
      const file = path.join(root, "_shared", relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
}
