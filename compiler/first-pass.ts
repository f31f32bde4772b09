/**
 * The first pass over accounts whose policies name each other's roles (a cycle of `iam-syncr check`'s deploy
 * order). AWS refuses a trust policy, bucket policy, key policy or grant whose principal is a role that does not
 * exist yet ("Invalid principal in policy"), so the first account of a cycle cannot be deployed as compiled: its
 * roles' trust policies name roles that the other account creates, and the other account's name its roles.
 *
 * The first pass deploys a plan without those principals; the second pass, once every role of the cycle exists,
 * deploys the plan as compiled. The rules keep the first pass's documents to what the compiled documents allow
 * while the pending roles do not exist, and never allow more once they do:
 *
 * - an Allow with `Principal`: the pending roles are left out of it; a statement that names no one else is left
 *   out (it allows no one who exists);
 * - an Allow with `NotPrincipal` naming a pending role: left out (it would allow that role once it exists);
 * - a Deny with `Principal`: each pending role is replaced by its account's root (`arn:aws:iam::<id>:root`),
 *   which denies every principal of that account until the second pass: more is denied, never less;
 * - a Deny with `NotPrincipal`: the pending roles are left out of the exceptions (more is denied); with no
 *   exception left it denies everyone (`Principal: "*"`), as it does while those roles do not exist;
 * - a grant to or retirable by a pending role: left out;
 * - a trust policy with no statement left: one that lets no one assume the role (a Deny of sts:AssumeRole to
 *   every principal); a bucket policy with no statement left: none. A key policy keeps what is left.
 *
 * Only principals are changed: resources, conditions and role permission policies may name roles that do not
 * exist (AWS does not check them). This module knows the plan's documents, not Pulumi.
 */
import { roleArn } from "./names";
import type { GrantPlan, Plan, PolicyDocument, Statement } from "./plan";
import { nodesOnCycles } from "./strongly-connected";
import { compareText, isMapping, type Mapping } from "./values";

/** What the first pass changed in one place of the plan, for the run's log and its tests. */
export interface FirstPassChange {
  /** `role web trust policy`, `bucket assets policy`, `key app-data policy`, `key app-data grant 2`. */
  document: string;
  /** 1-based number of the statement in the compiled document; null for a grant (`document` names it). */
  statement: number | null;
  change: "principal left out" | "statement left out" | "grant left out" | "denied to the account" | "exception left out";
  /** The pending role ARNs concerned, sorted. */
  roles: string[];
}

export interface FirstPassResult {
  plan: Plan;
  changes: FirstPassChange[];
}

/** A trust policy that lets no one assume the role: what a role whose every trust statement is pending gets. */
export const NO_ONE_MAY_ASSUME: Statement = { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" };

/** `plan` for a first pass in which the roles `pending` (their ARNs, as the plan writes them) do not exist yet. */
export function firstPassPlan(plan: Plan, pending: ReadonlySet<string>): FirstPassResult {
  const changes: FirstPassChange[] = [];
  if (pending.size === 0) return { plan, changes };
  const roles = Object.fromEntries(
    Object.entries(plan.roles).map(([fullName, role]) => {
      const document = `role ${fullName} trust policy`;
      const statements = withoutPending(role.trustPolicy, pending, document, changes);
      const trustPolicy = statements === undefined ? role.trustPolicy : policyOf(statements.length === 0 ? [NO_ONE_MAY_ASSUME] : statements);
      return [fullName, trustPolicy === role.trustPolicy ? role : { ...role, trustPolicy }];
    }),
  );
  const buckets = Object.fromEntries(
    Object.entries(plan.buckets).map(([name, bucket]) => {
      const statements = bucket.policy === null ? undefined : withoutPending(bucket.policy, pending, `bucket ${name} policy`, changes);
      if (statements === undefined) return [name, bucket];
      return [name, { ...bucket, policy: statements.length === 0 ? null : policyOf(statements) }];
    }),
  );
  const keys = Object.fromEntries(
    Object.entries(plan.keys).map(([alias, key]) => {
      const statements = withoutPending(key.policy, pending, `key ${alias} policy`, changes);
      const grants = key.grants.filter((grant, index) => {
        const named = [grant.grantee, grant.retiree].filter((p): p is string => p !== null && pending.has(p));
        if (named.length > 0) changes.push({ document: `key ${alias} grant ${index + 1}`, statement: null, change: "grant left out", roles: sorted(named) });
        return named.length === 0;
      });
      if (statements === undefined && grants.length === key.grants.length) return [alias, key];
      return [alias, { ...key, policy: statements === undefined ? key.policy : policyOf(statements), grants: grants as GrantPlan[] }];
    }),
  );
  return { plan: { ...plan, roles, buckets, keys }, changes };
}

/**
 * The roles of one account whose trust policies name each other in a cycle, or that name themselves, as ARNs,
 * sorted. AWS cannot create them as compiled: whichever comes first names a role that does not exist yet (a
 * role that names itself does not exist while it is created). `iam-syncr up` deploys their stack in two passes,
 * as it does a cycle of accounts; roles that name each other without a cycle are ordered by the program instead.
 */
export function rolesInTrustCycles(plan: Plan): string[] {
  const trustOf = new Map(Object.values(plan.roles).map((role) => [roleArn(plan.account.id, role), role.trustPolicy]));
  const trusted = new Map([...trustOf].map(([arn, trust]) => [arn, principalArns(trust).filter((named) => trustOf.has(named))]));
  return sorted([...nodesOnCycles([...trusted.keys()], (arn) => trusted.get(arn)!)]);
}

/** The ARNs a document names as principals (its statements' `AWS` entries, allowed or denied). */
function principalArns(document: PolicyDocument): string[] {
  return document.Statement.flatMap((statement) => awsPrincipals(statement).listed);
}

/** A statement's principal key and value, and the ARNs of its `AWS` entry. */
function awsPrincipals(statement: Statement): { key: "Principal" | "NotPrincipal"; principal: unknown; listed: string[] } {
  const key = "NotPrincipal" in statement ? "NotPrincipal" : "Principal";
  const principal = statement[key];
  const aws = isMapping(principal) ? principal.AWS : undefined;
  return { key, principal, listed: aws === undefined ? [] : Array.isArray(aws) ? (aws as string[]) : [aws as string] };
}

/** The ARN of an account's root principal, which AWS accepts for any account. */
export function accountRootOf(roleArn: string): string {
  const account = /^arn:([^:]+):iam::(\d{12}):/.exec(roleArn);
  if (account === null) throw new Error(`not a role ARN: ${roleArn}`);
  return `arn:${account[1]}:iam::${account[2]}:root`;
}

/** The document's statements for the first pass, or undefined when none names a pending role. */
function withoutPending(document: PolicyDocument, pending: ReadonlySet<string>, name: string, changes: FirstPassChange[]): Statement[] | undefined {
  let changed = false;
  const statements: Statement[] = [];
  document.Statement.forEach((statement, index) => {
    const { key, principal, listed } = awsPrincipals(statement);
    const named = listed.filter((arn) => pending.has(arn));
    if (named.length === 0) {
      statements.push(statement);
      return;
    }
    changed = true;
    const record = (change: FirstPassChange["change"]) => changes.push({ document: name, statement: index + 1, change, roles: sorted(named) });
    const rest = listed.filter((arn) => !pending.has(arn));
    const allow = statement.Effect !== "Deny";
    if (allow && key === "NotPrincipal") return record("statement left out");
    if (allow) {
      const remaining = withEntry(principal as Mapping, rest);
      if (Object.keys(remaining).length === 0) return record("statement left out");
      statements.push({ ...statement, Principal: remaining });
      return record("principal left out");
    }
    if (key === "Principal") {
      statements.push({ ...statement, Principal: withEntry(principal as Mapping, [...rest, ...named.map(accountRootOf)]) });
      return record("denied to the account");
    }
    const exceptions = withEntry(principal as Mapping, rest);
    if (Object.keys(exceptions).length > 0) {
      statements.push({ ...statement, NotPrincipal: exceptions });
    } else {
      // Deny to everyone but roles that do not exist: everyone. Principal takes NotPrincipal's place in the order.
      statements.push(Object.fromEntries(Object.entries(statement).map(([k, v]) => (k === "NotPrincipal" ? ["Principal", "*"] : [k, v]))));
    }
    return record("exception left out");
  });
  return changed ? statements : undefined;
}

/** The principal mapping with its AWS entry replaced by `arns` (normalised as the compiler writes it), or removed. */
function withEntry(principal: Mapping, arns: readonly string[]): Mapping {
  const distinct = sorted([...new Set(arns)]);
  const result: Mapping = {};
  for (const [entry, value] of Object.entries(principal)) {
    if (entry !== "AWS") result[entry] = value;
    else if (distinct.length > 0) result[entry] = distinct.length === 1 ? distinct[0] : distinct;
  }
  return result;
}

function policyOf(statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

function sorted(values: readonly string[]): string[] {
  return [...values].sort(compareText);
}
