/**
 * Which accounts `iam-syncr preview` and `up` run: every account folder of the stacks root, or those named by
 * `--stacks`, or those that `--changed-since <git ref>` finds changed; both options together select the accounts
 * both select.
 *
 * `--changed-since REF` compares the stacks root on disk (committed or not, untracked files included) with the
 * commit where the current branch left REF (`git merge-base REF HEAD`, as a pull request's diff does):
 * - an account whose folder has a changed file is selected;
 * - a change in `_shared` or `accounts.yaml` selects the accounts whose plan it changes: the root as of that
 *   commit is compiled too (from `git archive`), and an account is selected when its plan differs or did not
 *   compile there (a comment or a definition for other accounts selects nothing);
 * - other files of the root (`iam-syncr.yaml`, READMEs) select nothing, and neither does anything outside it
 *   (Pulumi.<stack>.yaml, a new version of iam-syncr): run without `--changed-since` after those.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { canonicalJson, compileStacksRoot, type Plan } from "../compiler";
import { suggestion } from "../compiler/suggest";

/** A selection that cannot be made: one line for the user. */
export class SelectionError extends Error {}

/** `--stacks a,b`: the names, each an account folder of the root. */
export function parseStacksOption(text: string, accounts: readonly string[]): Set<string> {
  const names = text.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) throw new SelectionError(`--stacks takes account names separated by commas; found "${text}"`);
  for (const name of names) {
    if (!accounts.includes(name)) {
      throw new SelectionError(`--stacks: "${name}" is not an account folder of the stacks root (${accounts.join(", ")})${suggestion(name, accounts)}`);
    }
  }
  return new Set(names);
}

/** What a list of changed files (relative to the stacks root, with `/`) touches. */
export interface TouchedFiles {
  /** Account folders with a changed file, among `accounts`. */
  accounts: Set<string>;
  shared: boolean;
  accountsFile: boolean;
}

export function touchedBy(files: readonly string[], accounts: readonly string[]): TouchedFiles {
  const touched: TouchedFiles = { accounts: new Set(), shared: false, accountsFile: false };
  for (const file of files) {
    const [first, ...rest] = file.split("/");
    if (rest.length === 0) {
      if (first === "accounts.yaml") touched.accountsFile = true;
    } else if (first === "_shared") {
      touched.shared = true;
    } else if (accounts.includes(first)) {
      touched.accounts.add(first);
    }
  }
  return touched;
}

export interface ChangedAccounts {
  /** The commit compared with: the merge base of the ref and HEAD. */
  base: string;
  /** Selected accounts, each with why: `its folder changed`, `_shared changes its plan`. */
  accounts: Map<string, string>;
}

/**
 * The accounts `--changed-since ref` selects, given the plans of the root as it is now (by account; an account
 * missing there did not compile, and is selected whenever _shared or accounts.yaml changed).
 */
export async function changedSince(root: string, ref: string, accounts: readonly string[], plansNow: ReadonlyMap<string, Plan>): Promise<ChangedAccounts> {
  const git = (args: string[], what: string) => runGit(root, args, `--changed-since ${ref}: ${what}`);
  const base = (await git(["merge-base", ref, "HEAD"], `git finds no commit where HEAD left ${ref} (is it fetched? a shallow clone needs fetch-depth: 0)`)).toString("utf8").trim();
  const changed = nulSeparated(await git(["diff", "--name-only", "--no-renames", "--relative", "-z", base, "--", "."], "git diff failed"));
  const untracked = nulSeparated(await git(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], "git ls-files failed"));
  const touched = touchedBy([...changed, ...untracked], accounts);

  const selected = new Map<string, string>();
  for (const account of accounts) if (touched.accounts.has(account)) selected.set(account, "its folder changed");
  if (touched.shared || touched.accountsFile) {
    const what = touched.shared && touched.accountsFile ? "_shared and accounts.yaml change" : touched.shared ? "_shared changes" : "accounts.yaml changes";
    const plansThen = await plansAt(base, (args, message) => git(args, message));
    for (const account of accounts) {
      if (selected.has(account)) continue;
      const now = plansNow.get(account);
      const then = plansThen.get(account);
      if (now === undefined || then === undefined || comparable(now) !== comparable(then)) selected.set(account, `${what} its plan`);
    }
  }
  return { base, accounts: selected };
}

/** The plans of the root as of `commit` (an account missing did not exist or did not compile then). */
async function plansAt(commit: string, git: (args: string[], message: string) => Promise<Buffer>): Promise<Map<string, Plan>> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-changed-since-"));
  try {
    let archive: Buffer;
    try {
      // From within the root, git archive writes the root's files only, with paths relative to it.
      archive = await git(["archive", "--format=tar", commit], "");
    } catch {
      return new Map(); // the root did not exist then: every account is new
    }
    await extractTar(archive, folder);
    const run = compileStacksRoot({ root: folder, cwd: folder });
    return new Map(run.compiled.filter((c) => c.plan !== undefined).map((c) => [c.name, c.plan!]));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** A plan without its warnings, which name files and lines: the same plan compiled from moved lines is the same. */
function comparable(plan: Plan): string {
  return canonicalJson({ ...plan, warnings: [] });
}

function nulSeparated(output: Buffer): string[] {
  return output
    .toString("utf8")
    .split("\0")
    .filter((file) => file !== "");
}

function runGit(cwd: string, args: string[], failure: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, encoding: "buffer", maxBuffer: 256 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error === null) return resolve(stdout);
      const said = stderr.toString("utf8").trim().split("\n").pop() ?? "";
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "git is not installed" : said || error.message;
      reject(new SelectionError(failure === "" ? reason : `${failure}: ${reason}`));
    });
  });
}

function extractTar(archive: Buffer, folder: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = execFile("tar", ["-x", "-f", "-", "-C", folder], { timeout: 60_000 }, (error, _stdout, stderr) =>
      error === null ? resolve() : reject(new SelectionError(`--changed-since: tar could not unpack the stacks root of the base commit: ${String(stderr).trim() || error.message}`)),
    );
    tar.stdin!.end(archive);
  });
}
