/**
 * `iam-syncr check <stacks-root>`: every account folder compiled, linted, and checked against the others, in
 * one run that needs no AWS credentials. The report is plain data; the command prints it as text or JSON
 * (docs/cli.md documents them).
 */
import * as path from "node:path";
import { finish } from "../compile";
import { compareDiagnostics, forAccounts, type ClassifiedDiagnostic, type Diagnostic } from "../diagnostics";
import { ActionCatalog, actionsNamed, lintRecords, type IamDataVersion } from "../lint";
import { Messages } from "../messages";
import type { Plan } from "../plan";
import { compileStacksRoot } from "../stacks-root";
import { checkCrossAccount, type CompiledAccount, type CrossAccountReference } from "./cross-account";
import { rolesInTrustCycles } from "../first-pass";
import { deployOrder, type DeployStep } from "./deploy-order";
import { loadSettings } from "./settings";
import { tuneFindings } from "./suppressions";

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
  /** R, the default region of every account (DIALECT.md 0.2); the command gives none. */
  region?: string;
}

export interface AccountCheck {
  name: string;
  /** Null when the folder is not in accounts.yaml. */
  id: string | null;
  /** No error (after --strict), its own or in `_shared` for it, and none about the root. */
  ok: boolean;
  /** Sorted as DIALECT.md 11.2 says; those located in `_shared` are the report's own. */
  diagnostics: Diagnostic[];
  /**
   * The account's roles whose trust policies name each other in a cycle, or themselves (ARNs, sorted;
   * compiler/first-pass.ts rolesInTrustCycles): `iam-syncr up` deploys the account in two passes. Empty when there
   * is none, or when the account did not compile.
   */
  trustCycle: string[];
}

export interface CheckSummary {
  accounts: number;
  /** Errors and warnings count what is not suppressed (after --strict). */
  errors: number;
  warnings: number;
  /** Lint findings suppressed by a comment (they are listed, with `suppressed`, but not counted). */
  suppressed: number;
  ok: boolean;
}

/** Field order is the order `--format json` prints. */
export interface CheckReport {
  format: typeof CHECK_FORMAT;
  /** The stacks root, relative to the current directory. */
  root: string;
  strict: boolean;
  /** The settings file that tuned the lint (relative to the current directory), or null. */
  settings: string | null;
  /** The AWS action data the lint used; null when no account got as far as the lint. */
  iamData: IamDataVersion | null;
  /**
   * About the root itself (accounts.yaml unreadable, no account folder), and everything located in `_shared`:
   * as read once, and what compiling it for the accounts found, each once (DIALECT.md 14.5, 14.6).
   */
  diagnostics: Diagnostic[];
  accounts: AccountCheck[];
  crossAccount: CrossAccountReference[];
  deployOrder: DeployStep[];
  summary: CheckSummary;
}

export async function checkStacksRoot(options: CheckOptions): Promise<CheckReport> {
  return (await checkWithPlans(options)).report;
}

/** The check's report, and the plan of each account that compiled (what `iam-syncr up` needs for its first passes). */
export interface CheckWithPlans {
  report: CheckReport;
  /** By account name; only the accounts whose compilation succeeded. */
  plans: ReadonlyMap<string, Plan>;
}

export async function checkWithPlans(options: CheckOptions): Promise<CheckWithPlans> {
  const strict = options.strict === true;
  // Not strict yet: the plans of accounts with warnings are needed for the checks across accounts.
  const run = compileStacksRoot({ root: options.root, cwd: options.cwd, region: options.region, withRecords: true });
  const rootFailed = !finish(undefined, run.diagnostics, strict).diagnostics.every((d) => d.severity === "warning");
  const plans = new Map<string, Plan>();
  const report = (partial: Partial<Omit<CheckReport, "summary">>, shared: Diagnostic[] = []): CheckWithPlans => ({
    plans,
    report: withSummary({
      format: CHECK_FORMAT,
      root: run.displayRoot,
      strict,
      settings: null,
      iamData: null,
      diagnostics: [...finish(undefined, run.diagnostics, strict).diagnostics, ...shared].sort(compareDiagnostics).map(inReadingOrder),
      accounts: [],
      crossAccount: [],
      deployOrder: [],
      ...partial,
    }),
  });
  if (run.accounts === undefined) return report({});

  // A broken settings file stops the check before the lint, like a broken accounts.yaml.
  const settings = loadSettings(path.resolve(options.cwd ?? process.cwd(), options.root), options.cwd ?? process.cwd(), run.diagnostics);
  if (settings === undefined) return report({});

  const compiled: CompiledAccount[] = run.compiled;
  for (const { name, plan } of compiled) if (plan !== undefined) plans.set(name, plan);
  const catalog = await ActionCatalog.load(actionsNamed(compiled.map((c) => c.records)));
  for (const account of compiled) {
    // Never a stack trace (DIALECT.md 11.3): a rule that trips is an internal error of that account.
    try {
      lintRecords({ records: account.records, accounts: run.accounts }, catalog, account.diagnostics);
    } catch (e) {
      account.diagnostics.report(Messages.internalError, { reason: `lint: ${e instanceof Error ? e.message : String(e)}` }, {});
    }
  }
  const { references, dependsOn } = checkCrossAccount(compiled);

  // 14.5, 14.6: what an account's compilation found in `_shared` is reported once, for the accounts it concerns.
  // The settings and suppression comments apply to resolved findings (a comment names a line), before --strict.
  const sharedSources = new Set((run.shared?.files ?? []).map((f) => f.file));
  const inShared = new SharedDiagnostics(compiled.map((c) => c.name));
  const checks: AccountCheck[] = compiled.map(({ name, id, plan, diagnostics, records }) => {
    const classified = diagnostics.resolveClassified();
    inShared.add(name, classified.filter((c) => c.shared !== undefined));
    const own = classified.filter((c) => c.shared === undefined).map((c) => c.diagnostic);
    const ownSources = records.sources.filter((source) => !sharedSources.has(source));
    const final = strictly(tuneFindings(own, settings, ownSources), strict);
    // Suppressions in `_shared` apply here too; whether one is unused is decided once, over every account, below.
    const inSharedTuned = tuneFindings(classified.filter((c) => c.shared !== undefined).map((c) => c.diagnostic), settings, [...sharedSources]);
    const sharedErrors = strictly(inSharedTuned.filter((d) => d.code !== Messages.suppressionUnused.code), strict);
    const ok = !rootFailed && plan !== undefined && ![...final, ...sharedErrors].some((d) => d.severity === "error" && d.suppressed === undefined);
    return { name, id: id ?? null, ok, diagnostics: final.map(inReadingOrder), trustCycle: plan === undefined ? [] : rolesInTrustCycles(plan) };
  });
  return report(
    {
      settings: settings.file,
      iamData: catalog.data,
      accounts: checks,
      crossAccount: references,
      deployOrder: deployOrder(
        compiled.map((c) => c.name),
        dependsOn,
      ),
    },
    strictly(tuneFindings(inShared.resolve(), settings, [...sharedSources]), strict),
  );
}

/** Warnings counted as errors in strict mode (11.4). */
function strictly(diagnostics: readonly Diagnostic[], strict: boolean): Diagnostic[] {
  return strict ? diagnostics.map((d) => (d.severity === "warning" ? { ...d, severity: "error" as const } : d)) : [...diagnostics];
}

/**
 * The diagnostics located in `_shared`, gathered over every account's compilation, each reported once. One
 * that depends on the account (14.5), or that came up for only some of the accounts its definition is selected
 * for, ends with the accounts it concerns: `(for accounts live, sandbox)`.
 */
class SharedDiagnostics {
  private readonly groups = new Map<string, { diagnostic: Diagnostic; accounts: string[]; dependent: boolean; selection: readonly string[] | undefined }>();
  private readonly compiled: ReadonlySet<string>;

  constructor(compiled: readonly string[]) {
    this.compiled = new Set(compiled);
  }

  add(account: string, classified: readonly ClassifiedDiagnostic[]): void {
    for (const { diagnostic, shared } of classified) {
      const identity = JSON.stringify(diagnostic);
      const group = this.groups.get(identity) ?? { diagnostic, accounts: [], dependent: false, selection: shared!.selection };
      group.accounts.push(account);
      group.dependent ||= shared!.dependent;
      this.groups.set(identity, group);
    }
  }

  resolve(): Diagnostic[] {
    return [...this.groups.values()].map(({ diagnostic, accounts, dependent, selection }) => {
      const concerned = selection?.filter((name) => this.compiled.has(name));
      const forAll = concerned !== undefined && concerned.length === accounts.length && concerned.every((name) => accounts.includes(name));
      return dependent || !forAll ? { ...diagnostic, message: `${diagnostic.message} ${forAccounts(accounts)}` } : diagnostic;
    });
  }
}

/** A diagnostic with its fields in the order of the one-line form (JSON keeps it); unknown parts stay absent. */
function inReadingOrder({ severity, code, file, line, column, endLine, endColumn, path: yamlPath, message, related, suppressed }: Diagnostic): Diagnostic {
  const out: Diagnostic = { severity, code } as Diagnostic;
  if (file !== undefined) out.file = file;
  if (line !== undefined) out.line = line;
  if (column !== undefined) out.column = column;
  if (endLine !== undefined) out.endLine = endLine;
  if (endColumn !== undefined) out.endColumn = endColumn;
  if (yamlPath !== undefined) out.path = yamlPath;
  out.message = message;
  if (related !== undefined) out.related = related;
  if (suppressed !== undefined) out.suppressed = suppressed;
  return out;
}

function withSummary(report: Omit<CheckReport, "summary">): CheckReport {
  const all = [...report.diagnostics, ...report.accounts.flatMap((a) => a.diagnostics)];
  const counted = all.filter((d) => d.suppressed === undefined);
  const errors = counted.filter((d) => d.severity === "error").length;
  const summary = { accounts: report.accounts.length, errors, warnings: counted.length - errors, suppressed: all.length - counted.length, ok: errors === 0 };
  return { ...report, summary };
}
