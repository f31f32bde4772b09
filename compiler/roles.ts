/**
 * Roles (DIALECT.md §4): from a role's effective definition to its plan entry: name and path, trust and
 * inline policy documents, instance profile, and the extensions (session duration, boundary, managed
 * policies, tags).
 */
import type { Diagnostics } from "./diagnostics";
import type { AccountContext, DocumentContext } from "./documents/context";
import { assembleDocument, type BuiltStatement } from "./documents/document";
import { expandArns, type LocatedArn } from "./documents/specifiers";
import { buildPermissionStatements, buildTrustStatement } from "./documents/statements";
import { checkDocumentSize, LIMITS, trustPolicyLimit } from "./limits";
import { hasBrokenItems, Located, usableItems, withoutKeys } from "./located";
import { Messages } from "./messages";
import { leafOf, pathOf, policyNameOf, roleArn, rolePathProblem } from "./names";
import type { PolicyDocument, RolePlan } from "./plan";
import { validateRoleValues } from "./schema/validate";
import { sortedRecord, type Mapping } from "./values";


const MANAGED_POLICY_ARN = /^arn:aws:iam::([0-9]{12}|aws):policy\/.+$/;
const DEFAULT_TRUST = { service: "ec2" };


/** Returns the role's plan, or undefined after reporting its errors. The name was checked with the declarations. */
export function buildRole(fullName: string, definition: Located, account: AccountContext): RolePlan | undefined {
  const { diagnostics } = account;
  const before = diagnostics.errors;
  const broken = validateRoleValues(definition, diagnostics);
  const role = withoutKeys(definition, broken);

  const path = rolePath(fullName, role, diagnostics);
  if (path === undefined) return undefined;
  const leaf = leafOf(fullName);
  const context: DocumentContext = { kind: "role", ...account, roleArn: roleArn(account.account, { path, name: leaf }) };
  // A trust key with an error would otherwise look like no trust statement at all (W1).
  const trustBroken = hasBrokenItems("allow_to_assume_me", broken) || hasBrokenItems("disallow_to_assume_me", broken);
  const trustPolicy = trustBroken ? undefined : buildTrustPolicy(role, context);
  const policy = buildInlinePolicy(role, broken, context);
  const permissionsBoundary = buildBoundary(role, context);
  const managedPolicies = buildManagedPolicies(role, broken, context);
  if (diagnostics.errors > before || trustPolicy === undefined || policy === undefined) return undefined;

  return {
    name: leaf,
    path,
    description: (role.get("description")?.value as string | undefined) ?? null,
    trustPolicy,
    policyName: policyNameOf(fullName),
    policy: policy.document,
    instanceProfile: role.get("make_instance_profile")?.value === true,
    maxSessionDuration: (role.get("max_session_duration")?.value as number | undefined) ?? null,
    permissionsBoundary: permissionsBoundary ?? null,
    managedPolicies: managedPolicies ?? null,
    tags: sortedRecord(role.get("tags")?.value as Record<string, string> | undefined),
  };
}

/** 4.2: the Path comes from the full name, or from the `path` extension (with `/` added at both ends). */
function rolePath(fullName: string, role: Located<Mapping>, diagnostics: Diagnostics): string | undefined {
  const explicit = role.get("path");
  if (explicit === undefined) return pathOf(fullName);
  if (fullName.includes("/")) {
    diagnostics.report(Messages.rolePathWithSlashName, { name: fullName }, explicit.site("key"));
    return undefined;
  }
  const written = explicit.value as string;
  const path = written === "" ? "/" : `${written.startsWith("/") ? "" : "/"}${written}${written.endsWith("/") ? "" : "/"}`;
  const problem = rolePathProblem(path);
  if (problem !== undefined) {
    diagnostics.report(Messages.rolePathInvalid, { path, problem }, explicit.site());
    return undefined;
  }
  return path;
}

/** 4.6: allow statements, then disallow statements; none at all means the EC2 default, with W1. */
function buildTrustPolicy(role: Located<Mapping>, context: DocumentContext): PolicyDocument | undefined {
  const built: BuiltStatement[] = [];
  let ok = true;
  for (const [key, disallow] of [
    ["allow_to_assume_me", false],
    ["disallow_to_assume_me", true],
  ] as const) {
    for (const source of role.get(key)?.items() ?? []) {
      const build = () => buildTrustStatement(source as Located<Mapping>, disallow, context);
      const statement = context.shared === undefined ? build() : context.shared.statement(source, key, context.diagnostics, build);
      if (statement === undefined) ok = false;
      else built.push({ statement, source });
    }
  }
  if (!ok) return undefined;
  if (built.length === 0) {
    context.diagnostics.report(Messages.defaultEc2Trust, {}, role.site("key"));
    const source = Located.of(DEFAULT_TRUST, role.path, role.origin) as Located<Mapping>;
    built.push({ statement: buildTrustStatement(source, false, context)!, source });
  }
  const document = assembleDocument(built, context);
  if (document === undefined || !checkDocumentSize(document, built, trustPolicyLimit(context.trustPolicyQuota), role.site("key"), context.diagnostics)) {
    return undefined;
  }
  context.records?.documents.push({ owner: role, role: "trust", document, statements: built });
  return document;
}

/** 4.7: `permission`, `allow_permission`, `deny_permission`, in that order; none means no inline policy. */
function buildInlinePolicy(role: Located<Mapping>, broken: ReadonlySet<string>, context: DocumentContext): { document: PolicyDocument | null } | undefined {
  const built = buildPermissionStatements(role, broken, context);
  if (built === undefined) return undefined;
  if (built.length === 0) return { document: null };
  const document = assembleDocument(built, context);
  if (document === undefined || !checkDocumentSize(document, built, LIMITS.inlinePolicy, role.site("key"), context.diagnostics)) return undefined;
  context.records?.documents.push({ owner: role, role: "inline", document, statements: built });
  return { document };
}

/** 4.10: exactly one managed policy ARN. */
function buildBoundary(role: Located<Mapping>, context: DocumentContext): string | undefined {
  const given = role.get("permissions_boundary");
  if (given === undefined) return undefined;
  const { arns, ok } = expandArns([given], context, "permissions_boundary");
  if (!ok) return undefined;
  const distinct = distinctArns(arns);
  if (distinct.length !== 1) {
    context.diagnostics.report(Messages.boundaryNotOne, { count: distinct.length }, given.site());
    return undefined;
  }
  return checkManagedPolicyArn(distinct[0], context) ? distinct[0].arn : undefined;
}

/** 4.9: ARNs of managed policies, each once, in the order written; absent means not managed. */
function buildManagedPolicies(role: Located<Mapping>, broken: ReadonlySet<string>, context: DocumentContext): string[] | undefined {
  const given = role.get("managed_policies");
  if (given === undefined) return undefined;
  const { arns, ok } = expandArns(usableItems(role, "managed_policies", broken), context, "a managed policy");
  const distinct = distinctArns(arns);
  const valid = distinct.map((arn) => checkManagedPolicyArn(arn, context));
  if (!ok || valid.includes(false) || hasBrokenItems("managed_policies", broken)) return undefined;
  if (distinct.length > 20) {
    context.diagnostics.report(Messages.tooManyManagedPolicies, { count: distinct.length }, given.site());
    return undefined;
  }
  if (distinct.length > 10) context.diagnostics.report(Messages.tooManyManagedPoliciesQuota, { count: distinct.length }, given.site());
  return distinct.map(({ arn }) => arn);
}

function checkManagedPolicyArn({ arn, at }: LocatedArn, context: DocumentContext): boolean {
  if (MANAGED_POLICY_ARN.test(arn)) return true;
  context.diagnostics.report(Messages.managedPolicyArnInvalid, { arn }, at.site());
  return false;
}

/** Each ARN once, where it was first written. */
export function distinctArns(arns: readonly LocatedArn[]): LocatedArn[] {
  const seen = new Set<string>();
  return arns.filter(({ arn }) => !seen.has(arn) && seen.add(arn) !== undefined);
}
