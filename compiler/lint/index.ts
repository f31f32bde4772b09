/**
 * The policy lint of `iam-syncr check`: rules over the documents a compilation built (with the YAML behind
 * each statement), reported into the compilation's own diagnostics so that they sort, position and count
 * (strict mode included) like everything else. Each rule has its page, docs/rules/<code>.md (lint/rules.ts lists them).
 */
import type { Accounts } from "../accounts";
import type { CompilationRecords } from "../compilation";
import type { Diagnostics } from "../diagnostics";
import { ActionCatalog } from "./action-catalog";
import { actionsOf, lintActions } from "./actions";
import { lintAllowEverything } from "./allow-everything";
import type { DocumentRule, LintContext } from "./context";
import { lintGrants } from "./grants";
import { lintShadowedAllows } from "./shadowing";
import { lintTrust } from "./trust";

export { ActionCatalog, type IamDataVersion } from "./action-catalog";

const RULES: readonly DocumentRule[] = [lintActions, lintAllowEverything, lintTrust, lintShadowedAllows, lintGrants];

/** What one account's lint needs: its documents and accounts.yaml. */
export interface LintInput {
  records: CompilationRecords;
  accounts: Accounts | undefined;
}

/** Every action string the documents name, each once: what an ActionCatalog must be loaded for. */
export function actionsNamed(records: readonly CompilationRecords[]): Set<string> {
  const actions = new Set<string>();
  for (const { documents } of records) {
    for (const { statements } of documents) for (const { statement } of statements) for (const action of actionsOf(statement)) actions.add(action);
  }
  return actions;
}

/** Lints one account's documents with a catalog loaded for them (see actionsNamed). */
export function lintRecords(input: LintInput, catalog: ActionCatalog, diagnostics: Diagnostics): void {
  const context: LintContext = { diagnostics, catalog, accounts: input.accounts };
  for (const record of input.records.documents) for (const rule of RULES) rule(record, context);
}

/** Lints one account, loading the action data it needs. */
export async function lint(input: LintInput, diagnostics: Diagnostics): Promise<void> {
  const catalog = await ActionCatalog.load(actionsNamed([input.records]));
  lintRecords(input, catalog, diagnostics);
}
