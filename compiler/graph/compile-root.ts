/**
 * Every account folder of a stacks root compiled exactly as `iam-syncr check` compiles it (check's own folder
 * listing, accounts.yaml reading and per-account compilation with records), so that the graph shows what check
 * checked. When check's compilation moves behind a shared "compile every account of a root" API, this function
 * becomes one call to it.
 */
import * as path from "node:path";
import { loadAccounts, type Accounts } from "../accounts";
import { accountFolders } from "../check";
import type { CompiledAccount } from "../check/cross-account";
import { compileAccountInDetail } from "../compile";
import { Diagnostics } from "../diagnostics";

export interface RootCompilation {
  /** Undefined when accounts.yaml or the root itself could not be read (see `diagnostics`). */
  accounts: Accounts | undefined;
  /** In folder name order; empty when the root could not be read. */
  compiled: CompiledAccount[];
  /** About the root itself: unreadable, no account folder, accounts.yaml broken. */
  diagnostics: Diagnostics;
}

export function compileStacksRoot(root: string, cwd: string): RootCompilation {
  const diagnostics = new Diagnostics();
  const folders = accountFolders(root, cwd, diagnostics);
  const accounts = folders === undefined ? undefined : loadAccounts(path.join(root, "accounts.yaml"), cwd, diagnostics);
  if (folders === undefined || accounts === undefined) return { accounts, compiled: [], diagnostics };
  const compiled = folders.map((name): CompiledAccount => {
    const compilation = compileAccountInDetail({ accountFolder: path.join(root, name), cwd, strict: false });
    const plan = compilation.result.ok ? compilation.result.plan : undefined;
    return { name, id: accounts.idOf(name), plan, records: compilation.records, diagnostics: compilation.diagnostics };
  });
  return { accounts, compiled, diagnostics };
}
