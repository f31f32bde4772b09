/**
 * `iam-syncr check <stacks-root>`: every account folder compiled, linted, and checked against the others, in
 * one run that needs no AWS credentials. The report is plain data; the command prints it as text or JSON
 * (README.md ("iam-syncr check") documents both).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadAccounts } from "../accounts";
import { compileAccountInDetail, finish } from "../compile";
import { Diagnostics, type Diagnostic } from "../diagnostics";
import { ActionCatalog, actionsNamed, lintRecords, type IamDataVersion } from "../lint";
import { Messages } from "../messages";
import { toSlashes } from "../source/source-file";
import { compareText } from "../values";
import { checkCrossAccount, type CompiledAccount, type CrossAccountReference } from "./cross-account";
import { deployOrder, type DeployStep } from "./deploy-order";

export type { CrossAccountReference } from "./cross-account";
export type { DeployStep } from "./deploy-order";

export const CHECK_FORMAT = "iam-syncr/check@1";

export interface CheckOptions {
  /** The stacks root: the folder holding accounts.yaml and one folder per account. */
  root: string;
  /** Count warnings as errors (DIALECT.md 11.4). */
  strict?: boolean;
  /** Diagnostics name files relative to this folder; default the current directory. */
  cwd?: string;
}

export interface AccountCheck {
  name: string;
  /** Null when the folder is not in accounts.yaml. */
  id: string | null;
  /** No error (after --strict). */
  ok: boolean;
  /** Sorted as DIALECT.md 11.2 says. */
  diagnostics: Diagnostic[];
}

export interface CheckSummary {
  accounts: number;
  errors: number;
  warnings: number;
  ok: boolean;
}

/** Field order is the order `--format json` prints. */
export interface CheckReport {
  format: typeof CHECK_FORMAT;
  /** The stacks root, relative to the current directory. */
  root: string;
  strict: boolean;
  /** The AWS action data the lint used; null when no account got as far as the lint. */
  iamData: IamDataVersion | null;
  /** About the root itself: accounts.yaml unreadable, no account folder. */
  diagnostics: Diagnostic[];
  accounts: AccountCheck[];
  crossAccount: CrossAccountReference[];
  deployOrder: DeployStep[];
  summary: CheckSummary;
}

export async function checkStacksRoot(options: CheckOptions): Promise<CheckReport> {
  const cwd = options.cwd ?? process.cwd();
  const strict = options.strict === true;
  const root = path.resolve(cwd, options.root);
  const rootDiagnostics = new Diagnostics();
  const report = (partial: Partial<Omit<CheckReport, "summary">>): CheckReport =>
    withSummary({
      format: CHECK_FORMAT,
      root: displayRoot(root, cwd),
      strict,
      iamData: null,
      diagnostics: finish(undefined, rootDiagnostics, strict).diagnostics.map(inReadingOrder),
      accounts: [],
      crossAccount: [],
      deployOrder: [],
      ...partial,
    });

  const folders = accountFolders(root, cwd, rootDiagnostics);
  // A broken accounts.yaml would fail every account with the same errors: report it once.
  const accounts = folders === undefined ? undefined : loadAccounts(path.join(root, "accounts.yaml"), cwd, rootDiagnostics);
  if (folders === undefined || accounts === undefined) return report({});

  const compiled: CompiledAccount[] = folders.map((name) => {
    // Not strict yet: the plans of accounts with warnings are needed for the checks across accounts.
    const compilation = compileAccountInDetail({ accountFolder: path.join(root, name), cwd, strict: false });
    const plan = compilation.result.ok ? compilation.result.plan : undefined;
    return { name, id: accounts.idOf(name), plan, records: compilation.records, diagnostics: compilation.diagnostics };
  });
  const catalog = await ActionCatalog.load(actionsNamed(compiled.map((c) => c.records)));
  for (const account of compiled) {
    // Never a stack trace (DIALECT.md 11.3): a rule that trips is an internal error of that account.
    try {
      lintRecords({ records: account.records, accounts }, catalog, account.diagnostics);
    } catch (e) {
      account.diagnostics.report(Messages.internalError, { reason: `lint: ${e instanceof Error ? e.message : String(e)}` }, {});
    }
  }
  const { references, dependsOn } = checkCrossAccount(compiled);

  const checks: AccountCheck[] = compiled.map(({ name, id, plan, diagnostics }) => {
    const result = finish(plan, diagnostics, strict);
    return { name, id: id ?? null, ok: result.ok, diagnostics: result.diagnostics.map(inReadingOrder) };
  });
  return report({
    iamData: catalog.data,
    accounts: checks,
    crossAccount: references,
    deployOrder: deployOrder(folders, dependsOn),
  });
}

/** The account folders of the root, by name (dot folders such as .git are not accounts; links are not followed). */
export function accountFolders(root: string, cwd: string, diagnostics: Diagnostics): string[] | undefined {
  const display = displayRoot(root, cwd);
  let entries: fs.Dirent[];
  try {
    if (!fs.statSync(root).isDirectory()) {
      diagnostics.report(Messages.stacksRootMissing, { root: display, problem: "is not a folder" }, {});
      return undefined;
    }
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch (e) {
    const problem = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read: ${(e as Error).message}`;
    diagnostics.report(Messages.stacksRootMissing, { root: display, problem }, {});
    return undefined;
  }
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort(compareText);
  if (folders.length === 0) {
    diagnostics.report(Messages.noAccountFolders, { root: display }, {});
    return undefined;
  }
  return folders;
}

/** A diagnostic with its fields in the order of the one-line form (JSON keeps it); unknown parts stay absent. */
function inReadingOrder({ severity, code, file, line, column, path: yamlPath, message }: Diagnostic): Diagnostic {
  const out: Diagnostic = { severity, code } as Diagnostic;
  if (file !== undefined) out.file = file;
  if (line !== undefined) out.line = line;
  if (column !== undefined) out.column = column;
  if (yamlPath !== undefined) out.path = yamlPath;
  out.message = message;
  return out;
}

/** The root as diagnostics name files: relative to the current directory, `.` for the directory itself. */
function displayRoot(root: string, cwd: string): string {
  return toSlashes(path.relative(cwd, root)) || ".";
}

function withSummary(report: Omit<CheckReport, "summary">): CheckReport {
  const all = [...report.diagnostics, ...report.accounts.flatMap((a) => a.diagnostics)];
  const errors = all.filter((d) => d.severity === "error").length;
  return { ...report, summary: { accounts: report.accounts.length, errors, warnings: all.length - errors, ok: errors === 0 } };
}
