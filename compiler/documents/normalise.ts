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
  container[key] = items.length === 1 ? items[0] : sortedDistinct(items as string[]);
  return true;
}

/**
 * A sorted copy without repeats; the lists here are short, so sorting first beats building a Set. Both sorts
 * order UTF-16 code units, which is the order of code points unless a string holds a surrogate (one half of a
 * character above U+FFFF): those rare lists are sorted again by code point.
 */
function sortedDistinct(items: readonly string[]): string | string[] {
  let sorted = items.length <= SHORT_LIST ? insertionSorted(items) : items.slice().sort();
  if (sorted.some((item) => SURROGATE.test(item))) sorted = sorted.sort(compareText);
  let length = 1;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] !== sorted[length - 1]) sorted[length++] = sorted[i];
  }
  sorted.length = length;
  return length === 1 ? sorted[0] : sorted;
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Below this length an insertion sort in place of the native one: a 10,000-role account sorts some 200,000
 * short lists, and the native sort allocates a work area for each (a tenth of all the memory that compiling it
 * allocates) and takes twice as long on them.
 */
const SHORT_LIST = 16;

function insertionSorted(items: readonly string[]): string[] {
  const sorted = items.slice();
  for (let i = 1; i < sorted.length; i++) {
    const item = sorted[i];
    let j = i - 1;
    for (; j >= 0 && sorted[j] > item; j--) sorted[j + 1] = sorted[j];
    sorted[j + 1] = item;
  }
  return sorted;
}
