/** Small helpers for reading YAML data, shared by every stage. */

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A single value becomes a one-item list; a list stays as it is (DIALECT.md 0.2). */
export function listify(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

export function hasOwn(mapping: Mapping, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(mapping, key);
}

/** How a value is named in "found …" phrases: `a list`, `a mapping`, `null`, `the number 5`, `the string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  switch (typeof value) {
    case "object":
      return "a mapping";
    case "string":
      return value === "" ? "an empty string" : `the string ${JSON.stringify(value)}`;
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `the boolean ${value}`;
    default:
      return typeof value;
  }
}

/** Shows a value inside a message: strings quoted, others as JSON. */
export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Compares by Unicode code point, not UTF-16 code unit (DIALECT.md 1.3, 5.4.3). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === length) return a.length - b.length;
  // Code units order like code points except where a surrogate meets a character from U+E000 up; at the first
  // difference, compare whole code points (a low surrogate there follows an equal high one, so it orders right).
  return a.codePointAt(i)! - b.codePointAt(i)!;
}

/** Sets a key as an own property, so that a key named `__proto__` stays data. */
export function defineKey(target: Mapping, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A copy with keys sorted by code point, so that output does not depend on the order things were written in. */
export function sortedRecord<T>(record: Record<string, T> | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record ?? {}).sort(compareText)) defineKey(out, key, record![key]);
  return out;
}
