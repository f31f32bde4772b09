/**
 * Every account of a stacks root compiled in one run (what `iam-syncr check` and anything else that looks at
 * all accounts at once build on): accounts.yaml and `<root>/_shared` are read once, then each account folder is
 * compiled with them (DIALECT.md 14.6), each into its own diagnostics.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadAccounts, type Accounts } from "./accounts";
import { CompilationRecords } from "./compilation";
import { compileAccountOfRun, guarded, isNeverAnAccount } from "./compile";
import { Diagnostics } from "./diagnostics";
import { Messages } from "./messages";
import type { Plan } from "./plan";
import { readSharedFolder, type SharedFolder } from "./shared/folder";
import { SourceFile, toSlashes } from "./source/source-file";
import { compareText } from "./values";

export interface StacksRootOptions {
  /** The stacks root: the folder holding accounts.yaml, `_shared` and one folder per account. */
  root: string;
  /** Diagnostics name files relative to this folder; default the current directory. */
  cwd?: string;
  /** R, the default region, for every account. */
  region?: string;
  /** Keep every document's statement sources and iam references (the policy lint and cross-account checks read them). */
  withRecords?: boolean;
}

/** One account folder of the root, compiled. */
export interface AccountCompilation {
  name: string;
  /** Undefined when the folder is not in accounts.yaml (its diagnostics say so). */
  id: string | undefined;
  /** Undefined when the compilation has an error (its own, or one of the root's): its roles are then unknown. */
  plan: Plan | undefined;
  records: CompilationRecords;
  /** Not yet resolved, so that later checks can add theirs. */
  diagnostics: Diagnostics;
}

export interface StacksRootCompilation {
  /** The root as diagnostics name it: relative to the current directory, `.` for the directory itself. */
  displayRoot: string;
  /** Undefined when accounts.yaml could not be read; then no account is compiled. */
  accounts: Accounts | undefined;
  shared: SharedFolder | undefined;
  /** About the root itself: the folder, accounts.yaml, `_shared` as read once. */
  diagnostics: Diagnostics;
  /** Every account folder, by name; empty when the root or accounts.yaml could not be read. */
  compiled: AccountCompilation[];
}

export function compileStacksRoot(options: StacksRootOptions): StacksRootCompilation {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.root);
  const diagnostics = new Diagnostics();
  const displayRoot = displayPathOfRoot(root, cwd);
  const done = (accounts: Accounts | undefined, shared: SharedFolder | undefined, compiled: AccountCompilation[]): StacksRootCompilation => ({
    displayRoot,
    accounts,
    shared,
    diagnostics,
    compiled: compiled,
  });

  const folders = accountFolderNames(root, cwd, diagnostics);
  // A broken accounts.yaml would fail every account with the same errors: report it once.
  const accounts = folders === undefined ? undefined : loadAccounts(path.join(root, "accounts.yaml"), cwd, diagnostics);
  if (folders === undefined || accounts === undefined) return done(accounts, undefined, []);
  const shared = readSharedFolder(root, cwd, accounts, diagnostics);
  const run = { cwd, accounts, shared, region: options.region };

  const compiled = folders.map((name): AccountCompilation => {
    const own = new Diagnostics();
    const records = new CompilationRecords();
    const plan = guarded(own, {}, () => compileAccountOfRun(run, { folder: path.join(root, name), name }, own, options.withRecords === true ? records : undefined));
    const failed = plan === undefined || own.hasErrors || diagnostics.hasErrors;
    return { name, id: accounts.idOf(name), plan: failed ? undefined : plan, records, diagnostics: own };
  });
  return done(accounts, shared, compiled);
}

/**
 * The account folders of the root, by name: not dot folders such as .git, not `_` folders such as `_shared`
 * (DIALECT.md 1.1); links are not followed. Undefined (reported) when there is none or the root cannot be read.
 */
export function accountFolderNames(root: string, cwd: string, diagnostics: Diagnostics): string[] | undefined {
  const displayRoot = displayPathOfRoot(root, cwd);
  let entries: fs.Dirent[];
  try {
    if (!fs.statSync(root).isDirectory()) {
      diagnostics.report(Messages.stacksRootMissing, { root: displayRoot, problem: "is not a folder" }, {});
      return undefined;
    }
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch (e) {
    const problem = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read: ${(e as Error).message}`;
    diagnostics.report(Messages.stacksRootMissing, { root: displayRoot, problem }, {});
    return undefined;
  }
  // Links are not followed (DIALECT.md 1.3), as compile refuses a linked account folder: each is reported.
  for (const entry of entries) {
    if (entry.isSymbolicLink() && !entry.name.startsWith(".") && !isNeverAnAccount(entry.name) && isFolder(path.join(root, entry.name))) {
      diagnostics.report(Messages.symlinkSkipped, { link: SourceFile.displayPathOf(path.join(root, entry.name), cwd) }, {});
    }
  }
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !isNeverAnAccount(e.name))
    .map((e) => e.name)
    .sort(compareText);
  if (folders.length === 0) {
    diagnostics.report(Messages.noAccountFolders, { root: displayRoot }, {});
    return undefined;
  }
  return folders;
}

function isFolder(link: string): boolean {
  try {
    return fs.statSync(link).isDirectory();
  } catch {
    return false; // a dangling link or a loop
  }
}

/** The root as diagnostics name files: relative to the current directory, `.` for the directory itself. */
export function displayPathOfRoot(root: string, cwd: string): string {
  return toSlashes(path.relative(cwd, root)) || ".";
}
