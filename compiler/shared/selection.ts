/**
 * Which accounts a definition of `_shared` is for (DIALECT.md 14.3): `accounts` (required) names accounts,
 * groups of accounts.yaml (1.5.4) or `"*"` (every account of accounts.yaml); `except_accounts` takes accounts
 * out again. Names that are neither are errors with a suggestion.
 */
import type { Accounts } from "../accounts";
import type { Diagnostics } from "../diagnostics";
import type { Located } from "../located";
import { Messages } from "../messages";
import { suggestion } from "../suggest";
import { compareText } from "../values";

export const EVERY_ACCOUNT = "*";

/**
 * The selected account names, in accounts.yaml order; undefined after an error (a name that resolves to nothing),
 * or when `accounts` is missing (the schema has said so).
 */
export function resolveSelection(definition: Located, accounts: Accounts, diagnostics: Diagnostics): string[] | undefined {
  const included = definition.get("accounts");
  if (included === undefined) return undefined;
  const chosen = namesOf(included, accounts, diagnostics);
  const excluded = definition.get("except_accounts");
  const left = excluded === undefined ? new Set<string>() : namesOf(excluded, accounts, diagnostics);
  if (chosen === undefined || left === undefined) return undefined;
  return accounts.names().filter((name) => chosen.has(name) && !left.has(name));
}

/** The accounts a selector value names; undefined after reporting every name that is unknown. */
function namesOf(value: Located, accounts: Accounts, diagnostics: Diagnostics): Set<string> | undefined {
  const names = new Set<string>();
  let ok = true;
  for (const item of value.items()) {
    const written = item.value;
    if (typeof written !== "string") return undefined; // the schema has reported it
    if (written === EVERY_ACCOUNT) {
      for (const name of accounts.names()) names.add(name);
    } else if (accounts.idOf(written) !== undefined) {
      names.add(written);
    } else if (accounts.membersOf(written) !== undefined) {
      for (const name of accounts.membersOf(written)!) names.add(name);
    } else {
      const groups = accounts.groups();
      diagnostics.report(
        Messages.selectorUnknown,
        {
          value: written,
          accounts: [...accounts.names()].sort(compareText).join(", "),
          groups: groups.length === 0 ? "none (accounts.yaml defines none)" : groups.join(", "),
          suggestion: suggestion(written, [...accounts.names(), ...groups]),
        },
        item.site(),
      );
      ok = false;
    }
  }
  return ok ? names : undefined;
}
