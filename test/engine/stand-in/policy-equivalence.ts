/**
 * Whether two policy documents say the same thing, as the real provider decides it before it reports a diff:
 * terraform-provider-aws suppresses differences between equivalent documents (internal/verify/json.go,
 * `SuppressEquivalentPolicyDiffs`, which calls hashicorp/awspolicyequivalence). So a document that AWS gives
 * back re-ordered, with a one-element list written as a string, or with `"*"` for `{"AWS": "*"}`, is no change.
 *
 * The comparison is on a canonical form: statements as a set, every string-or-list value as a sorted set of
 * strings, principals keyed by type with an account id written as its root ARN, absent `Sid` as `""`.
 */

/** The canonical text of a policy document; text that is not JSON is its own canonical form. */
export function canonicalPolicy(text: string): string {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isObject(document)) return text;
  const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement === undefined ? [] : [document.Statement];
  const canonical = {
    Version: document.Version ?? "",
    Id: document.Id ?? "",
    Statement: statements.map((s) => JSON.stringify(canonicalStatement(s))).sort(),
  };
  return JSON.stringify(canonical);
}

export function policiesAreEquivalent(a: string, b: string): boolean {
  return canonicalPolicy(a) === canonicalPolicy(b);
}

function canonicalStatement(statement: unknown): unknown {
  if (!isObject(statement)) return statement;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(statement).sort()) {
    const value = statement[key];
    switch (key) {
      case "Sid":
        if (value !== "") result.Sid = value;
        break;
      case "Action":
      case "NotAction":
      case "Resource":
      case "NotResource":
        result[key] = stringSet(value);
        break;
      case "Principal":
      case "NotPrincipal":
        result[key] = canonicalPrincipal(value);
        break;
      case "Condition":
        result[key] = canonicalCondition(value);
        break;
      default:
        result[key] = value;
    }
  }
  return result;
}

function canonicalPrincipal(principal: unknown): unknown {
  const map = principal === "*" ? { AWS: "*" } : principal;
  if (!isObject(map)) return map;
  const result: Record<string, string[]> = {};
  for (const type of Object.keys(map).sort()) {
    const values = stringSet(map[type]);
    result[type] = type === "AWS" ? values.map((v) => (/^\d{12}$/.test(v) ? `arn:aws:iam::${v}:root` : v)).sort() : values;
  }
  return result;
}

function canonicalCondition(condition: unknown): unknown {
  if (!isObject(condition)) return condition;
  const result: Record<string, Record<string, string[]>> = {};
  for (const operator of Object.keys(condition).sort()) {
    const entries = condition[operator];
    if (!isObject(entries)) continue;
    result[operator] = Object.fromEntries(Object.keys(entries).sort().map((key) => [key, stringSet(entries[key])]));
  }
  return result;
}

/** A string or a list of strings (or numbers, booleans), as a sorted set of strings. */
function stringSet(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return [...new Set(values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))))].sort();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
