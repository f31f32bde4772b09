/**
 * Normalisation (DIALECT.md 5.4), one pass shared by every document kind: Action, NotAction, Resource,
 * NotResource and the AWS, Federated and Service entries of a principal become a string or a sorted list of
 * distinct strings, so that equal documents are equal texts and Pulumi shows no ordering-only changes.
 */
import type { Diagnostics, Site } from "../diagnostics";
import { Messages } from "../messages";
import { compareText, describeValue, isMapping, listify, type Mapping } from "../values";

export const LIST_ELEMENTS = ["Action", "NotAction", "Resource", "NotResource"] as const;
export const PRINCIPAL_ELEMENTS = ["Principal", "NotPrincipal"] as const;
const PRINCIPAL_ENTRIES = ["AWS", "Federated", "Service"] as const;

/** Where to point a diagnostic about a statement's key (the key that contributed it, else the statement). */
export type SiteOf = (key: string) => Site;

/**
 * Normalises the statement in place. Returns false after reporting an error. A principal mapping with no
 * entry at all names no principal.
 */
export function normaliseStatement(statement: Mapping, diagnostics: Diagnostics, siteOf: SiteOf): boolean {
  let ok = true;
  for (const key of LIST_ELEMENTS) {
    if (key in statement) ok = normaliseEntry(statement, key, key, diagnostics, () => siteOf(key)) && ok;
  }
  for (const key of PRINCIPAL_ELEMENTS) {
    const principal = statement[key];
    if (!isMapping(principal)) continue;
    if (Object.keys(principal).length === 0) {
      diagnostics.report(Messages.noPrincipal, {}, siteOf(key));
      ok = false;
      continue;
    }
    for (const entry of PRINCIPAL_ENTRIES) {
      if (entry in principal) ok = normaliseEntry(principal, entry, `${key}.${entry}`, diagnostics, () => siteOf(key)) && ok;
    }
  }
  return ok;
}

function normaliseEntry(container: Mapping, key: string, name: string, diagnostics: Diagnostics, site: () => Site): boolean {
  const value = container[key];
  if (typeof value === "string") return true;
  const items = listify(value);
  for (const item of items) {
    if (typeof item !== "string") {
      diagnostics.report(Messages.itemNotString, { key: name, found: describeValue(item) }, site());
      return false;
    }
  }
  if (items.length === 0) {
    diagnostics.report(Messages.emptyAfterExpansion, { key: name }, site());
    return false;
  }
  const distinct = items.length === 1 ? (items as string[]) : [...new Set(items as string[])].sort(compareText);
  container[key] = distinct.length === 1 ? distinct[0] : distinct;
  return true;
}
