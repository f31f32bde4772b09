/**
 * The inputs of a resource type as the real provider's schema declares them, and the diff the engine gets from
 * it: which inputs changed (an update) and which of those force a replacement (ForceNew in terraform-provider-aws,
 * `RequiresReplace` in its framework resources). Each resource module lists its inputs with the schema file it
 * follows; this module only compares.
 */
import { policiesAreEquivalent } from "./policy-equivalence";

/** How the engine sends a value that is not known yet (a preview, or an output of a resource being replaced). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Comparison =
  /** Equal as JSON values. */
  | "value"
  /** A policy document: equivalent documents are equal (policy-equivalence.ts). */
  | "policy"
  /** A TypeSet of strings: order and repetition do not matter. */
  | "set"
  /** A map or list whose absence means empty (tags, constraints). */
  | "collection";

export interface InputRule {
  readonly name: string;
  /** A change replaces the resource. */
  readonly replaces?: boolean;
  readonly compare?: Comparison;
  /** `check` fills it in when the program leaves it out (the schema's Default). */
  readonly default?: unknown;
  /** Optional and Computed: when the program leaves it out, the value in the state stands (no diff). */
  readonly computed?: boolean;
}

export type Properties = Record<string, unknown>;

export interface PropertyDiff {
  readonly changed: string[];
  readonly replaces: string[];
}

export function withDefaults(rules: readonly InputRule[], news: Properties): Properties {
  const result = { ...news };
  for (const rule of rules) {
    if (result[rule.name] === undefined && rule.default !== undefined) result[rule.name] = rule.default;
  }
  return result;
}

/** The difference between the state (`olds`, the last outputs) and the program's checked inputs (`news`). */
export function diffInputs(rules: readonly InputRule[], olds: Properties, news: Properties): PropertyDiff {
  const changed: string[] = [];
  for (const rule of rules) {
    const next = news[rule.name];
    if (next === undefined && rule.computed) continue;
    if (!sameValue(rule.compare ?? "value", olds[rule.name], next)) changed.push(rule.name);
  }
  return { changed, replaces: changed.filter((name) => rules.find((r) => r.name === name)?.replaces) };
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function sameValue(comparison: Comparison, old: unknown, next: unknown): boolean {
  if (containsUnknown(next)) return false;
  switch (comparison) {
    case "policy":
      if (typeof old === "string" && typeof next === "string") return policiesAreEquivalent(old, next);
      return emptyAsAbsent(old) === emptyAsAbsent(next);
    case "set":
      return JSON.stringify(sortedSet(old)) === JSON.stringify(sortedSet(next));
    case "collection":
      return canonicalJson(emptyAsAbsent(old)) === canonicalJson(emptyAsAbsent(next));
    case "value":
      return canonicalJson(old ?? null) === canonicalJson(next ?? null);
  }
}

function sortedSet(value: unknown): string[] {
  return Array.isArray(value) ? [...new Set(value.map(String))].sort() : [];
}

function emptyAsAbsent(value: unknown): unknown {
  if (value === undefined || value === null || value === "") return null;
  if (Array.isArray(value) && value.length === 0) return null;
  if (typeof value === "object" && Object.keys(value as object).length === 0) return null;
  return value;
}

/** JSON with object keys sorted, so key order never counts as a difference. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
