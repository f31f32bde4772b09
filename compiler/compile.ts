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
import { collectDeclarations } from "./declarations";
import { Diagnostics, type Diagnostic, type Site } from "./diagnostics";
import type { AccountContext } from "./documents/context";
import { SharedStatements } from "./documents/shared-statements";
import { buildKey } from "./keys";
import { Located } from "./located";
import { Messages } from "./messages";
import { PLAN_FORMAT, type BucketPlan, type KeyPlan, type Plan, type PlanWarning, type RolePlan } from "./plan";
import { buildRole } from "./roles";
import { validateFile, type Broken } from "./schema/validate";
import { discoverFiles } from "./source/discover";
import { parseSourceFile, readSourceFile, type LoadedFile } from "./source/load";
import { SourceFile } from "./source/source-file";
import { suggestion } from "./suggest";
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
  const plan = guarded(diagnostics, {}, () => compile(options, diagnostics, withRecords ? records : undefined, (a) => (accounts = a)));
  return { result: finish(plan, diagnostics, options.strict === true), records, accounts, diagnostics };
}

/** The result of a run: resolved diagnostics, warnings counted as errors in strict mode (11.4). */
export function finish(plan: Plan | undefined, diagnostics: Diagnostics, strict: boolean): CompileResult {
  let resolved = diagnostics.resolve();
  if (strict) resolved = resolved.map((d) => (d.severity === "warning" ? { ...d, severity: "error" as const } : d));
  if (plan === undefined || resolved.some((d) => d.severity === "error")) return { ok: false, diagnostics: resolved };
  return { ok: true, plan: { ...plan, warnings: resolved.map(toPlanWarning) }, diagnostics: resolved };
}

function compile(
  options: CompileOptions,
  diagnostics: Diagnostics,
  records: CompilationRecords | undefined,
  onAccounts: (accounts: Accounts) => void,
): Plan | undefined {
  const cwd = options.cwd ?? process.cwd();
  const folder = path.resolve(cwd, options.accountFolder);
  const accountsFile = options.accountsFile !== undefined ? path.resolve(cwd, options.accountsFile) : path.join(path.dirname(folder), "accounts.yaml");
  const accountName = options.accountName ?? path.basename(folder);

  const accounts = loadAccounts(accountsFile, cwd, diagnostics);
  if (accounts !== undefined) onAccounts(accounts);
  const folderProblem = checkFolder(folder);
  if (folderProblem !== undefined) {
    diagnostics.report(Messages.accountFolderMissing, { folder: SourceFile.displayPathOf(folder, cwd), problem: folderProblem }, {});
    return undefined;
  }
  const accountId = accounts === undefined ? undefined : accountIdOf(accountName, accounts, diagnostics);

  const files = discoverFiles(folder, cwd, diagnostics);
  if (files === undefined) return undefined;
  if (files.length === 0) {
    diagnostics.report(Messages.noFiles, { folder: SourceFile.displayPathOf(folder, cwd) }, {});
    return undefined;
  }
  const loaded: { loaded: LoadedFile; broken: Broken }[] = [];
  let unreadable = false;
  for (const file of files) {
    const source = readSourceFile(file.absolutePath, file.relativePath, cwd, diagnostics);
    guarded(diagnostics, { file: source }, () => {
      const parsed = parseSourceFile(source, diagnostics);
      if (parsed.data === undefined) unreadable = true;
      else loaded.push({ loaded: parsed, broken: validateFile(Located.document(source, parsed.data), diagnostics) });
    });
  }
  // Names are global to the folder: with a file unread, "unknown template" and the like could be wrong.
  if (unreadable || accounts === undefined || accountId === undefined) return undefined;

  const declarations = collectDeclarations(loaded, diagnostics);
  const account: AccountContext = {
    diagnostics,
    accounts,
    account: accountId,
    region: options.region,
    records,
    shared: new SharedStatements([...declarations.templates.values()].map((t) => t.definition)),
    trustPolicyQuota: accounts.limitsOf(accountName).trustPolicySize,
  };
  const roles: Record<string, RolePlan> = {};
  for (const [name, definition] of resolveRoles(declarations, diagnostics)) {
    const role = guarded(diagnostics, definition.site(), () => buildRole(name, definition, account));
    if (role !== undefined) defineKey(roles, name, role);
  }
  const buckets: Record<string, BucketPlan> = {};
  for (const [name, { definition, brokenKeys }] of declarations.buckets) {
    const bucket = guarded(diagnostics, definition.site(), () => buildBucket(name, definition, brokenKeys, account));
    if (bucket !== undefined) defineKey(buckets, name, bucket);
  }
  const keys: Record<string, KeyPlan> = {};
  for (const [name, { definition, brokenKeys }] of declarations.keys) {
    const key = guarded(diagnostics, definition.site(), () => buildKey(name, definition, brokenKeys, account));
    if (key !== undefined) defineKey(keys, name, key);
  }
  // An item with an error is left out above; the run fails, and the plan is not shown.
  return {
    format: PLAN_FORMAT,
    account: { name: accountName, id: accountId },
    roles: sortedRecord(roles),
    removedRoles: removedRoles(declarations.removals.map((r) => r.leaf)),
    buckets: sortedRecord(buckets),
    keys: sortedRecord(keys),
    warnings: [],
  };
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
function guarded<T>(diagnostics: Diagnostics, site: Site, work: () => T): T | undefined {
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
