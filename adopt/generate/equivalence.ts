/**
 * When two policy documents are the same policy: the comparison `generate` promises to keep (the YAML it writes
 * compiles to documents equivalent to the account's). It follows what AWS and the Pulumi AWS provider treat as
 * equal (the provider compares policies with hashicorp/awspolicyequivalence, so equivalent documents show no
 * diff): the order of statements, of keys and of the values of Action, NotAction, Resource, NotResource, of each
 * principal entry and of each condition value does not matter; a single string equals a one-item list; a missing
 * Sid equals `""`; an account id as an AWS principal equals that account's `root` ARN; an empty principal entry
 * equals none. Everything else matters: Version, Id, Effect, the Sid's text, repeated values, the types of
 * condition values (`true` is not `"true"`), and any other key.
 */
import { isMapping, listify } from "../../compiler/values";

/** The canonical text of a document; two documents are equivalent exactly when their texts are equal. */
export function canonicalPolicy(document: unknown): string {
  return stableJson(normaliseDocument(document));
}

export function equivalentPolicies(a: unknown, b: unknown): boolean {
  return canonicalPolicy(a) === canonicalPolicy(b);
}

/** The statements of a document, each in canonical form (for messages and for matching one statement). */
export function canonicalStatement(statement: unknown): string {
  return stableJson(normaliseStatement(statement));
}

const LIST_ELEMENTS = ["Action", "NotAction", "Resource", "NotResource"];
const PRINCIPAL_ELEMENTS = ["Principal", "NotPrincipal"];
const ACCOUNT_ID = /^[0-9]{12}$/;

function normaliseDocument(document: unknown): unknown {
  if (!isMapping(document)) return { notADocument: document ?? null };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    out[key] = key === "Statement" ? sortedByText(listify(value).map(normaliseStatement)) : value;
  }
  out.Version ??= null;
  out.Id ??= null;
  out.Statement ??= [];
  return out;
}

function normaliseStatement(statement: unknown): unknown {
  if (!isMapping(statement)) return { notAStatement: statement ?? null };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(statement)) {
    if (LIST_ELEMENTS.includes(key)) out[key] = stringSet(value);
    else if (PRINCIPAL_ELEMENTS.includes(key)) out[key] = normalisePrincipal(value);
    else if (key === "Condition") out[key] = normaliseCondition(value);
    else out[key] = value;
  }
  if (out.Sid === undefined) out.Sid = "";
  return out;
}

function normalisePrincipal(principal: unknown): unknown {
  if (!isMapping(principal)) return principal;
  const out: Record<string, unknown> = {};
  for (const [entry, values] of Object.entries(principal)) {
    const set = stringSet(values);
    if (Array.isArray(set) && set.length === 0) continue;
    out[entry] = entry === "AWS" && Array.isArray(set) ? sortedByText(set.map(rootOfAccountId)) : set;
  }
  return out;
}

/** AWS stores an account id given as a principal as that account's root ARN. */
function rootOfAccountId(value: unknown): unknown {
  return typeof value === "string" && ACCOUNT_ID.test(value) ? `arn:aws:iam::${value}:root` : value;
}

function normaliseCondition(condition: unknown): unknown {
  if (!isMapping(condition)) return condition;
  const out: Record<string, unknown> = {};
  for (const [operator, pairs] of Object.entries(condition)) {
    if (!isMapping(pairs)) {
      out[operator] = pairs;
      continue;
    }
    const normalised: Record<string, unknown> = {};
    for (const [key, values] of Object.entries(pairs)) normalised[key] = sortedByText(listify(values));
    out[operator] = normalised;
  }
  return out;
}

/** A string or list as a sorted list, repeats kept (the provider counts them); anything else as it is. */
function stringSet(value: unknown): unknown {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return sortedByText(value);
  return value;
}

function sortedByText(values: readonly unknown[]): unknown[] {
  return values
    .map((value) => ({ value, text: stableJson(value) }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map(({ value }) => value);
}

/** JSON with the keys of every mapping sorted, so that key order never matters. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, { value: sortKeys(value[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
