/**
 * Statements (DIALECT.md §5): a trust statement (5.2) or a permission statement (5.3) written in the dialect
 * becomes an IAM statement whose keys appear in the order the algorithm inserts them (13.2).
 */
import type { Site } from "../diagnostics";
import { hasBrokenItems, usableItems, type Located } from "../located";
import { Messages } from "../messages";
import { isMapping, listify, type Mapping } from "../values";
import type { DocumentContext } from "./context";
import type { BuiltStatement } from "./document";
import { normaliseStatement, PRINCIPAL_ELEMENTS } from "./normalise";
import { addMappingInstruction, defaultFederatedAction, expandPrincipalValue, grantsAnyone, type FederatedValue } from "./principals";
import { expandResources } from "./specifiers";

export type Effect = "Allow" | "Deny";

/** Where each key of a permission statement comes from: the lower-case key that expands into it, or itself. */
const PERMISSION_KEY_SOURCES: Record<string, readonly string[]> = {
  Action: ["action", "Action"],
  NotAction: ["notaction", "NotAction"],
  Resource: ["resource", "Resource"],
  NotResource: ["notresource", "NotResource"],
  Principal: ["principal", "Principal"],
  NotPrincipal: ["notprincipal", "NotPrincipal"],
};
const ACTION_KEYS = [
  ["action", "Action"],
  ["notaction", "NotAction"],
] as const;
const RESOURCE_KEYS = [
  ["resource", "Resource"],
  ["notresource", "NotResource"],
] as const;
const PRINCIPAL_KEYS = [
  ["principal", "Principal"],
  ["notprincipal", "NotPrincipal"],
] as const;
const EXCLUSIVE_PAIRS = [
  ["Action", "NotAction"],
  ["Resource", "NotResource"],
  ["Principal", "NotPrincipal"],
] as const;

/** Pass-through keys start with an upper-case letter (as Python's `str.isupper()` on one letter, 5.1.2). */
export function isPassThrough(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 0x80) return first >= 0x41 && first <= 0x5a; // A-Z, the common case
  return /^\p{Lu}/u.test(key);
}

/** 5.2: `allow_to_assume_me` (Principal) and `disallow_to_assume_me` (NotPrincipal) statements. */
export function buildTrustStatement(statement: Located<Mapping>, disallow: boolean, context: DocumentContext): Mapping | undefined {
  const { diagnostics } = context;
  const target = disallow ? "NotPrincipal" : "Principal";
  const result = passThroughOf(statement.value);
  const siteOf = keySites(statement, { [target]: ["service", "federated", "iam", target] });
  let ok = true;

  const instructionKeys = ["service", "federated", "iam"].filter((key) => statement.has(key));
  if (!(target in result)) {
    result[target] = {};
  } else if (isMapping(result[target])) {
    result[target] = { ...result[target] };
  } else if (instructionKeys.length > 0) {
    diagnostics.report(
      Messages.trustPrincipalNotMapping,
      { target, found: JSON.stringify(result[target]), keys: instructionKeys.join(", ") },
      statement.child(instructionKeys[0]).site("key"),
    );
    return undefined;
  }

  const federated: FederatedValue[] = [];
  const principal = result[target];
  if (isMapping(principal)) {
    ok = addMappingInstruction(statement, principal, context, true, federated);
  } else {
    const orphans = ["account", "users"].filter((key) => statement.has(key));
    if (orphans.length > 0) {
      diagnostics.report(Messages.accountWithoutIam, { keys: orphans.join(" and "), them: orphans.length > 1 ? "them" : "it" }, statement.child(orphans[0]).site("key"));
      ok = false;
    }
  }
  if (!ok) return undefined;

  defaultFederatedAction(result, federated, context);
  if (!("Action" in result) && !("NotAction" in result)) result.Action = "sts:AssumeRole";
  if (!("Effect" in result)) result.Effect = "Allow";
  if (!("Sid" in result)) result.Sid = "";

  for (const key of ["Resource", "NotResource"]) {
    if (key in result) {
      diagnostics.report(Messages.trustHasResource, { key }, statement.child(key).site("key"));
      ok = false;
    }
  }
  if ("Principal" in result && "NotPrincipal" in result) {
    diagnostics.report(Messages.bothKeys, { first: "Principal", second: "NotPrincipal" }, siteOf(disallow ? "Principal" : "NotPrincipal"));
    return undefined;
  }
  // AWS rejects both in any statement (DIALECT.md §12, "Action with NotAction … in one statement").
  if ("Action" in result && "NotAction" in result) {
    diagnostics.report(Messages.bothKeys, { first: "Action", second: "NotAction" }, siteOf("NotAction"));
    ok = false;
  }
  ok = normaliseStatement(result, diagnostics, siteOf) && ok;
  if (!ok) return undefined;

  if (disallow && result.Effect === "Allow") diagnostics.report(Messages.disallowIsAllow, {}, statement.site());
  if (grantsAnyone(result.Principal)) diagnostics.report(Messages.principalAnyone, {}, siteOf("Principal"));
  return result;
}

/**
 * 5.3: `permission` (no default effect), `allow_permission` (Allow) and `deny_permission` (Deny) statements,
 * in role, bucket and key documents.
 */
export function buildPermissionStatement(statement: Located<Mapping>, listDefault: Effect | undefined, context: DocumentContext): Mapping | undefined {
  const { diagnostics } = context;
  const result = passThroughOf(statement.value);
  const siteOf = keySites(statement, PERMISSION_KEY_SOURCES);
  let ok = true;
  /** Keys whose expansion failed: their absence is not reported again. */
  let failed: Set<string> | undefined;

  if (!setEffect(statement, result, listDefault, context)) return undefined;

  for (const [lower, upper] of ACTION_KEYS) {
    const given = statement.get(lower);
    if (given !== undefined) extend(result, upper, listify(given.value));
  }
  for (const [lower, upper] of RESOURCE_KEYS) {
    const given = statement.get(lower);
    if (given === undefined) continue;
    const arns = expandResources(given, context);
    if (arns === undefined) (failed ??= new Set()).add(upper);
    else extend(result, upper, arns);
  }
  const federated: FederatedValue[] = [];
  for (const [lower, upper] of PRINCIPAL_KEYS) {
    const given = statement.get(lower);
    if (given === undefined) continue;
    const expansion = expandPrincipalValue(given, context);
    if (expansion === undefined) {
      (failed ??= new Set()).add(upper);
      continue;
    }
    federated.push(...expansion.federated);
    const merged = mergePrincipal(result[upper], expansion.principal);
    if (merged === undefined) {
      diagnostics.report(Messages.wildcardNotAlone, {}, given.site());
      ok = false;
    } else {
      result[upper] = merged;
    }
  }
  // After the principals, as 13.2 orders it: the SAML action a federated principal implies.
  defaultFederatedAction(result, federated, context);
  if (failed !== undefined) ok = false;
  const has = (key: string) => key in result || (failed?.has(key) ?? false);

  if (!has("Resource") && !has("NotResource")) {
    diagnostics.report(Messages.resourceRequired, {}, statement.site());
    ok = false;
  }
  if (!has("Action") && !has("NotAction")) {
    diagnostics.report(Messages.actionRequired, {}, statement.site());
    ok = false;
  }
  for (const [first, second] of EXCLUSIVE_PAIRS) {
    if (has(first) && has(second)) {
      diagnostics.report(Messages.bothKeys, { first, second }, siteOf(second));
      ok = false;
    }
  }
  const hasPrincipal = has("Principal") || has("NotPrincipal");
  if (context.kind === "role") {
    for (const key of PRINCIPAL_ELEMENTS) {
      if (!has(key)) continue;
      diagnostics.report(Messages.principalInRolePolicy, { key }, siteOf(key));
      ok = false;
    }
  } else if (!hasPrincipal) {
    diagnostics.report(Messages.principalRequired, { kind: context.kind }, statement.site());
    ok = false;
  }
  if (context.kind === "bucket" && !("Sid" in result)) result.Sid = "";
  if (!ok) return undefined;
  if (!normaliseStatement(result, diagnostics, siteOf)) return undefined;

  if (grantsAnyone(result.Principal)) diagnostics.report(Messages.principalAnyone, {}, siteOf("Principal"));
  return result;
}

/** 5.3.2: the statement's Effect from the list's default, a user Effect, or `allow`. */
function setEffect(statement: Located<Mapping>, result: Mapping, listDefault: Effect | undefined, context: DocumentContext): boolean {
  const { diagnostics } = context;
  const allowAt = statement.get("allow");
  const fromAllow: Effect | undefined = allowAt === undefined ? undefined : allowAt.value === true ? "Allow" : "Deny";
  const userEffect = result.Effect as Effect | undefined;
  if (listDefault === undefined) {
    if (userEffect !== undefined) {
      if (fromAllow !== undefined && fromAllow !== userEffect) {
        diagnostics.report(Messages.effectIgnored, { given: `allow: ${String(allowAt!.value)}`, effect: userEffect }, allowAt!.site("key"));
      }
      return true;
    }
    if (fromAllow === undefined) {
      diagnostics.report(Messages.effectRequired, {}, statement.site());
      return false;
    }
    result.Effect = fromAllow;
    return true;
  }
  if (userEffect !== undefined && userEffect !== listDefault) {
    diagnostics.report(Messages.effectIgnored, { given: `Effect: ${userEffect}`, effect: listDefault }, statement.child("Effect").site("key"));
  }
  if (fromAllow !== undefined && fromAllow !== listDefault) {
    diagnostics.report(Messages.effectIgnored, { given: `allow: ${String(allowAt!.value)}`, effect: listDefault }, allowAt!.site("key"));
  }
  result.Effect = listDefault;
  return true;
}

/** A pass-through principal and an expanded one in the same statement combine; `"*"` cannot combine. */
function mergePrincipal(existing: unknown, added: Mapping | "*"): unknown {
  if (existing === undefined) return added;
  if (existing === "*" || added === "*" || !isMapping(existing)) return undefined;
  const merged: Mapping = { ...existing };
  for (const [entry, values] of Object.entries(added)) {
    merged[entry] = entry in merged ? [...listify(merged[entry]), ...listify(values)] : values;
  }
  return merged;
}

/** Appends values to a statement key; a pass-through value is listified first and keeps its position (13.2). */
function extend(result: Mapping, key: string, values: unknown[]): void {
  result[key] = key in result ? [...listify(result[key]), ...values] : values;
}

/** The pass-through entries of a statement, in input order (shared, not copied: nothing here mutates them). */
function passThroughOf(statement: Mapping): Mapping {
  const result: Mapping = {};
  for (const key of Object.keys(statement)) {
    if (isPassThrough(key)) result[key] = statement[key];
  }
  return result;
}

/**
 * Where to point a diagnostic about an output key: the first of its source keys present in the statement,
 * else the statement itself.
 */
function keySites(statement: Located<Mapping>, sources: Record<string, readonly string[]>): (key: string) => Site {
  return (key) => {
    for (const source of sources[key] ?? [key]) {
      if (Object.prototype.hasOwnProperty.call(statement.value, source)) return statement.child(source).site();
    }
    return statement.site();
  };
}

const PERMISSION_LISTS: readonly [string, Effect | undefined][] = [
  ["permission", undefined],
  ["allow_permission", "Allow"],
  ["deny_permission", "Deny"],
];

/** The permission statements of a role, bucket or key definition, in document order. */
export function buildPermissionStatements(definition: Located<Mapping>, broken: ReadonlySet<string>, context: DocumentContext): BuiltStatement[] | undefined {
  const built: BuiltStatement[] = [];
  let ok = !PERMISSION_LISTS.some(([key]) => hasBrokenItems(key, broken));
  for (const [key, effect] of PERMISSION_LISTS) {
    for (const source of usableItems(definition, key, broken)) {
      const build = () => buildPermissionStatement(source as Located<Mapping>, effect, context);
      const statement = context.shared === undefined ? build() : context.shared.statement(source, `${context.kind} ${key}`, context.diagnostics, build);
      if (statement === undefined) ok = false;
      else built.push({ statement, source });
    }
  }
  return ok ? built : undefined;
}
