/**
 * The pipeline: account folder → files → data → validated data → declarations → effective roles → plan.
 * Each stage reports into one `Diagnostics` and passes on only what is sound, so one run reports every
 * independent error, and nothing that merely follows from another.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadAccounts, type Accounts } from "./accounts";
import { buildBucket } from "./buckets";
import { CompilationRecords } from "./compilation";
import { accountFileSource, collectDeclarations } from "./declarations";
import { Diagnostics, type Diagnostic, type Site } from "./diagnostics";
import type { AccountContext } from "./documents/context";
import { SharedStatements } from "./documents/shared-statements";
import { buildKey } from "./keys";
import { Located } from "./located";
import { Messages } from "./messages";
import { PLAN_FORMAT, type BucketPlan, type KeyPlan, type Plan, type PlanAccount, type PlanWarning, type RolePlan } from "./plan";
import { buildRole } from "./roles";
import { validateFile, type Broken } from "./schema/validate";
import { discoverFiles } from "./source/discover";
import { parseSourceFile, readSourceFile, type LoadedFile } from "./source/load";
import { SourceFile } from "./source/source-file";
import { suggestion } from "./suggest";
import { sharedForAccount } from "./shared/account-view";
import { readSharedFolder, type SharedFolder } from "./shared/folder";
import { resolveRoles } from "./templates";
import { compareText, defineKey, sortedRecord } from "./values";

export interface CompileOptions {
  /** The account folder, `<stacks root>/<account name>`. */
  accountFolder: string;
  /** The accounts file; default `accounts.yaml` in the parent of `accountFolder`. */
  accountsFile?: string;
  /** The account name; default the folder's base name (the Pulumi program passes its stack name). */
  accountName?: string;
  /** R, the default region for kms/sns specifiers and keys without a location. */
  region?: string;
  /** Count warnings as errors (DIALECT.md 11.4). */
  strict?: boolean;
  /** Diagnostics name files relative to this folder; default the current directory. */
  cwd?: string;
}

export type CompileResult =
  /** `diagnostics` holds the warnings, sorted. */
  | { ok: true; plan: Plan; diagnostics: Diagnostic[] }
  /** Every error and warning of the run, sorted (DIALECT.md 11.2). */
  | { ok: false; diagnostics: Diagnostic[] };

export function compileAccount(options: CompileOptions): CompileResult {
  return compileAccountInDetail(options, false).result;
}

/** A compilation with what the checks beyond the plan need (iam-syncr check). */
export interface DetailedCompilation {
  result: CompileResult;
  records: CompilationRecords;
  /** The accounts file, when it could be read. */
  accounts: Accounts | undefined;
  /** Diagnostics not yet resolved, so that later checks can add theirs to the same run. */
  diagnostics: Diagnostics;
}

/** `withRecords`: keep every document's statement sources and every iam reference (what `check` reads). */
export function compileAccountInDetail(options: CompileOptions, withRecords = true): DetailedCompilation {
  const diagnostics = new Diagnostics();
  const records = new CompilationRecords();
  let accounts: Accounts | undefined;
  const plan = guarded(diagnostics, {}, () => {
    const cwd = options.cwd ?? process.cwd();
    const folder = path.resolve(cwd, options.accountFolder);
    if (isNeverAnAccount(folder)) {
      diagnostics.report(Messages.underscoreFolder, { folder: SourceFile.displayPathOf(folder, cwd) }, {});
      return undefined;
    }
    const accountsFile = options.accountsFile !== undefined ? path.resolve(cwd, options.accountsFile) : path.join(path.dirname(folder), "accounts.yaml");
    accounts = loadAccounts(accountsFile, cwd, diagnostics);
    // 14.1: `_shared` beside the account folder, wherever accounts.yaml is.
    const shared = readSharedFolder(path.dirname(folder), cwd, accounts, diagnostics);
    const account = { folder, name: options.accountName ?? path.basename(folder) };
    return compileAccountOfRun({ cwd, accounts, shared, region: options.region }, account, diagnostics, withRecords ? records : undefined);
  });
  return { result: finish(plan, diagnostics, options.strict === true), records, accounts, diagnostics };
}

/** What a run reads once, whatever the number of accounts it compiles: accounts.yaml and `_shared`. */
export interface RunInputs {
  cwd: string;
  /** Undefined when accounts.yaml could not be read (reported). */
  accounts: Accounts | undefined;
  /** Undefined when the root has no `_shared` folder. */
  shared: SharedFolder | undefined;
  /** R, the default region. */
  region: string | undefined;
}

/** 1.1: a folder whose name begins with `_` is never an account (`_shared` holds what accounts share). */
export function isNeverAnAccount(folder: string): boolean {
  return path.basename(folder).startsWith("_");
}

/** The result of a run: resolved diagnostics, warnings counted as errors in strict mode (11.4). */
export function finish(plan: Plan | undefined, diagnostics: Diagnostics, strict: boolean): CompileResult {
  let resolved = diagnostics.resolve();
  if (strict) resolved = resolved.map((d) => (d.severity === "warning" ? { ...d, severity: "error" as const } : d));
  if (plan === undefined || resolved.some((d) => d.severity === "error")) return { ok: false, diagnostics: resolved };
  return { ok: true, plan: { ...plan, warnings: resolved.map(toPlanWarning) }, diagnostics: resolved };
}

/**
 * Compiles one account folder of a run: its own files, and the definitions of `_shared` selected for it,
 * which come first (14.1). Returns the plan, or undefined when the pipeline had to stop.
 */
export function compileAccountOfRun(
  run: RunInputs,
  account: { folder: string; name: string },
  diagnostics: Diagnostics,
  records: CompilationRecords | undefined,
): Plan | undefined {
  const { cwd, accounts, shared } = run;
  const { folder, name: accountName } = account;
  const folderProblem = checkFolder(folder);
  if (folderProblem !== undefined) {
    diagnostics.report(Messages.accountFolderMissing, { folder: SourceFile.displayPathOf(folder, cwd), problem: folderProblem }, {});
    return undefined;
  }
  const accountId = accounts === undefined ? undefined : accountIdOf(accountName, accounts, diagnostics);

  const files = discoverFiles(folder, cwd, diagnostics);
  if (files === undefined) return undefined;
  if (files.length === 0 && !sharedDeclaresSomething(run, account, accountId, diagnostics)) return undefined;
  const loaded: { loaded: LoadedFile; broken: Broken }[] = [];
  let unreadable = false;
  for (const file of files) {
    const source = readSourceFile(file.absolutePath, file.relativePath, cwd, diagnostics);
    records?.sources.push(source);
    guarded(diagnostics, { file: source }, () => {
      const parsed = parseSourceFile(source, diagnostics);
      if (parsed.data === undefined) unreadable = true;
      else loaded.push({ loaded: parsed, broken: validateFile(Located.document(source, parsed.data), diagnostics) });
    });
  }
  // Names are global to the folder: with a file unread, "unknown template" and the like could be wrong.
  if (unreadable || shared?.unreadable === true || accounts === undefined || accountId === undefined) return undefined;

  // §14: from here on, `_shared` is ordinary definitions of this account, and its diagnostics say so where they depend on it.
  const view = shared === undefined ? undefined : sharedForAccount(shared, accountName, accountId);
  if (view !== undefined) diagnostics.enterAccount(view.scope);
  const sources = [...(view?.sources ?? []), ...loaded.map(({ loaded: file, broken }) => accountFileSource(file, broken))];
  const declarations = collectDeclarations(sources, diagnostics);
  const context: AccountContext = {
    diagnostics,
    accounts,
    account: accountId,
    region: run.region,
    records,
    shared: new SharedStatements([...declarations.templates.values()].map((t) => t.definition)),
    trustPolicyQuota: accounts.limitsOf(accountName).trustPolicySize,
  };
  const roles: Record<string, RolePlan> = {};
  for (const [name, definition] of resolveRoles(declarations, diagnostics)) {
    const role = guarded(diagnostics, definition.site(), () => buildRole(name, definition, context));
    if (role !== undefined) defineKey(roles, name, role);
  }
  const buckets: Record<string, BucketPlan> = {};
  for (const [name, { definition, brokenKeys }] of declarations.buckets) {
    const bucket = guarded(diagnostics, definition.site(), () => buildBucket(name, definition, brokenKeys, context));
    if (bucket !== undefined) defineKey(buckets, name, bucket);
  }
  const keys: Record<string, KeyPlan> = {};
  for (const [name, { definition, brokenKeys }] of declarations.keys) {
    const key = guarded(diagnostics, definition.site(), () => buildKey(name, definition, brokenKeys, context));
    if (key !== undefined) defineKey(keys, name, key);
  }
  // An item with an error is left out above; the run fails, and the plan is not shown.
  return {
    format: PLAN_FORMAT,
    account: planAccount(accountName, accountId, accounts.deployRoleOf(accountName)),
    roles: sortedRecord(roles),
    removedRoles: removedRoles(declarations.removals.map((r) => r.leaf)),
    buckets: sortedRecord(buckets),
    keys: sortedRecord(keys),
    warnings: [],
  };
}

/**
 * An account folder without a YAML file (1.3) is an error, since an empty stack would delete everything it
 * manages, unless `_shared` declares something for the account (a role, bucket, key or removal): the files read
 * for an account are its own and those of `_shared` (14.1), and the stack is then not empty.
 */
function sharedDeclaresSomething(run: RunInputs, account: { folder: string; name: string }, accountId: string | undefined, diagnostics: Diagnostics): boolean {
  const { shared, cwd } = run;
  const folder = SourceFile.displayPathOf(account.folder, cwd);
  if (shared === undefined || (shared.files.length === 0 && !shared.unreadable)) {
    diagnostics.report(Messages.noFiles, { folder }, {});
    return false;
  }
  // Unknown until accounts.yaml and every file of `_shared` are read; their errors are reported.
  if (shared.unreadable || run.accounts === undefined || accountId === undefined) return false;
  if (shared.selectsAnythingFor(account.name)) return true;
  diagnostics.report(Messages.nothingSelected, { folder, shared: shared.displayPath, account: account.name }, {});
  return false;
}

function planAccount(name: string, id: string, deployRoleArn: string | null): PlanAccount {
  return deployRoleArn === null ? { name, id } : { name, id, deployRoleArn };
}

function accountIdOf(name: string, accounts: Accounts, diagnostics: Diagnostics): string | undefined {
  const id = accounts.idOf(name);
  if (id === undefined) {
    diagnostics.report(
      Messages.accountNotDeclared,
      { name, file: accounts.file.displayPath, known: accounts.describe(), suggestion: suggestion(name, accounts.names()) },
      { file: accounts.file },
    );
  }
  return id;
}

/** DIALECT.md 1.3: links are not followed, the account folder itself included (`check` skips such a folder too). */
function checkFolder(folder: string): string | undefined {
  try {
    if (fs.lstatSync(folder).isSymbolicLink()) return "is a symbolic link, which is not followed (DIALECT.md 1.3)";
    return fs.statSync(folder).isDirectory() ? undefined : "is not a folder";
  } catch {
    return "does not exist";
  }
}

/** Leaf names, sorted, each once (case-insensitively, as IAM compares them; the first spelling wins). */
function removedRoles(leaves: readonly string[]): string[] {
  const byIdentity = new Map<string, string>();
  for (const leaf of leaves) if (!byIdentity.has(leaf.toLowerCase())) byIdentity.set(leaf.toLowerCase(), leaf);
  return [...byIdentity.values()].sort(compareText);
}

/**
 * Never a stack trace (11.3): an unexpected failure becomes an "internal error" diagnostic naming what was
 * being processed, and the run goes on with the next item.
 */
export function guarded<T>(diagnostics: Diagnostics, site: Site, work: () => T): T | undefined {
  try {
    return work();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    diagnostics.report(Messages.internalError, { reason }, site);
    return undefined;
  }
}

function toPlanWarning(d: Diagnostic): PlanWarning {
  return { file: d.file ?? "", line: d.line ?? 0, column: d.column ?? 0, path: d.path ?? "", message: d.message };
}
