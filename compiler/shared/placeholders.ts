/**
 * Per-account values in `_shared` (DIALECT.md 14.4): `{{account}}` is the name of the account being compiled and
 * `{{account_id}}` its id, in the names of roles, buckets and keys and in any string value; mapping keys other
 * than those names (tag keys, condition keys, statement keys) are never changed. Any other `{{…}}` is an error.
 */
import { isMapping } from "../values";
import type { Segment } from "../source/positions";

export const PLACEHOLDERS = ["{{account}}", "{{account_id}}"] as const;

/** How messages name the valid placeholders. */
export const VALID_PLACEHOLDERS = "{{account}} and {{account_id}}";

/** What replaces each placeholder in one account. */
export interface PlaceholderValues {
  account: string;
  accountId: string;
}

/** Every `{{…}}` written, up to the first `}}`. */
const ANY_PLACEHOLDER = /\{\{.*?\}\}/g;
const KNOWN_PLACEHOLDER = /\{\{(account|account_id)\}\}/g;

/** The `{{…}}` in a text that are not placeholders, in order. */
export function unknownPlaceholders(text: string): string[] {
  if (!text.includes("{{")) return [];
  return [...text.matchAll(ANY_PLACEHOLDER)].map((m) => m[0]).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
}

export function hasPlaceholder(text: string): boolean {
  return text.includes("{{") && /\{\{(account|account_id)\}\}/.test(text);
}

export function substituteText(text: string, values: PlaceholderValues): string {
  if (!text.includes("{{")) return text;
  return text.replace(KNOWN_PLACEHOLDER, (_, name: string) => (name === "account" ? values.account : values.accountId));
}

/** Calls `visit` once for every string value below `value`, with its path; aliased nodes are walked once. */
export function forEachString(value: unknown, path: Segment[], visit: (text: string, path: readonly Segment[]) => void, seen = new Set<object>()): void {
  if (typeof value === "string") {
    visit(value, path);
    return;
  }
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      path.push(index);
      forEachString(item, path, visit, seen);
      path.pop();
    });
  } else {
    for (const key of Object.keys(value)) {
      path.push(key);
      forEachString((value as Record<string, unknown>)[key], path, visit, seen);
      path.pop();
    }
  }
}

/**
 * The value with the placeholders of its strings replaced; what did not change is returned as it is (so a
 * definition without placeholders is the very object read, for every account). `replaced` is told the path of
 * each string that changed. Each aliased node is copied once.
 */
export function substitute(value: unknown, values: PlaceholderValues, path: Segment[], replaced: (path: readonly Segment[]) => void, memo = new Map<object, unknown>()): unknown {
  if (typeof value === "string") {
    const text = substituteText(value, values);
    if (text !== value) replaced(path);
    return text;
  }
  if (value === null || typeof value !== "object") return value;
  if (memo.has(value)) return memo.get(value);
  let out: unknown = value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      path.push(index);
      const next = substitute(item, values, path, replaced, memo);
      path.pop();
      if (next !== item) (copy ??= value.slice())[index] = next;
    });
    out = copy ?? value;
  } else if (isMapping(value)) {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      path.push(key);
      const next = substitute(value[key], values, path, replaced, memo);
      path.pop();
      if (next !== value[key]) {
        copy ??= copyOf(value);
        Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
      }
    }
    out = copy ?? value;
  }
  memo.set(value, out);
  return out;
}

/** A copy with the same own keys in the same order (a key named `__proto__` stays data). */
function copyOf(mapping: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(mapping)) Object.defineProperty(copy, key, { value: mapping[key], enumerable: true, writable: true, configurable: true });
  return copy;
}
