/**
 * One live role back to a role definition (DIALECT.md §4): its full name (the path in the name, or `path:` where
 * the name cannot carry it), description, session duration, boundary, tags, instance profile, trust statements,
 * managed policies and inline policy. A role is written whole or not at all: leaving out any part of it would
 * change the role when the stack adopts it.
 */
import { policyNameOf } from "../../compiler/names";
import { compareText, type Mapping } from "../../compiler/values";
import type { LiveRole } from "./live";
import { arnValue, type AccountDirectory, type SelfContext } from "./specifiers";
import {
  convertPermissionStatements,
  convertTrustStatements,
  documentStatements,
  notExpressible,
  ok,
  type Converted,
  type NumberedStatement,
  type PermissionStatements,
  type TrustStatements,
  withReasons,
} from "./statements";

/** What the YAML of a role holds, before layout: `trust` is kept apart so that roles can share it as a template. */
export interface GeneratedRole {
  /** The YAML key. */
  readonly fullName: string;
  readonly live: LiveRole;
  /** Keys in the order they are written, without the trust keys. */
  readonly body: Mapping;
  readonly trust: TrustStatements;
  /** The name of the inline policy the stack will hold (`syncr_policy_…`), when the role has one. */
  readonly policyName: string | null;
  /** Inline policies the stack will replace by `policyName` (only with mergeInlinePolicies). */
  readonly replacedPolicies: readonly string[];
  /** Things the role has that the stack leaves alone (not expressed, not changed). */
  readonly notes: readonly string[];
}

export interface RoleOptions {
  /** Write roles whose inline policies are not exactly one named `syncr_policy_<full name>`, merged into that one. */
  readonly mergeInlinePolicies: boolean;
}

/** CreateRole's description characters, as the schema checks them (DIALECT.md 4.1). */
const DESCRIPTION = /^[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*$/u;
const POLICY_NAME = /^[A-Za-z0-9+=,.@_-]{1,128}$/;
const DEFAULT_SESSION = 3600;

export function convertRole(role: LiveRole, accounts: AccountDirectory, options: RoleOptions): Converted<GeneratedRole> {
  const reasons: string[] = [];
  const names = nameForms(role);
  if (names.length === 0) return notExpressible([`its path ${role.path} cannot be written in the dialect (4.2: no empty segment, at most 512 characters)`]);

  // The inline policy keeps its name only if it is the one the dialect derives from the full name (4.3).
  let name = names[0];
  let policyName: string | null = null;
  let replacedPolicies: string[] = [];
  const inline = role.inlinePolicies;
  if (inline.length === 1 && names.some((n) => policyNameOf(n.fullName) === inline[0].name)) {
    name = names.find((n) => policyNameOf(n.fullName) === inline[0].name)!;
    policyName = inline[0].name;
  } else if (inline.length > 0) {
    const listed = inline.map((p) => JSON.stringify(p.name)).join(", ");
    const expected = [...new Set(names.map((n) => policyNameOf(n.fullName)))].map((n) => JSON.stringify(n)).join(" or ");
    if (!options.mergeInlinePolicies) {
      const them = inline.length === 1 ? "it" : "them";
      reasons.push(
        `its inline ${inline.length === 1 ? "policy is" : "policies are"} ${listed}; the dialect gives a role one inline policy, named ${expected} ` +
          `(DIALECT.md 4.3, 4.8); with --merge-inline-policies, generate writes the role anyway, and pulumi up replaces ${them} by that one with the same statements`,
      );
    } else {
      policyName = policyNameOf(name.fullName);
      replacedPolicies = inline.map((p) => p.name).filter((n) => n !== policyName);
    }
  }

  const self: SelfContext = { kind: "role", roleArn: `arn:aws:iam::${accounts.self}:role${role.path}${role.name}` };
  const trust = convertTrust(role, accounts, self);
  if (!trust.ok) reasons.push(...trust.reasons);
  const permissions = convertInline(role, accounts, self);
  if (!permissions.ok) reasons.push(...permissions.reasons);

  if (role.description !== null && (role.description.length > 1000 || !DESCRIPTION.test(role.description))) {
    reasons.push(`its description ${JSON.stringify(role.description)} has a control character or more than 1,000 characters, which the dialect does not allow (4.1)`);
  }
  if (role.maxSessionDuration < 3600 || role.maxSessionDuration > 43200) {
    reasons.push(`its maximum session duration ${role.maxSessionDuration} is outside 3600…43200 (4.1)`);
  }
  for (const tag of role.tags) if (tag.key.startsWith("aws:")) reasons.push(`its tag ${JSON.stringify(tag.key)} starts with "aws:", which the dialect does not allow (4.11)`);
  if (role.attachedPolicyArns.length > 20) reasons.push(`it has ${role.attachedPolicyArns.length} managed policies; the dialect allows at most 20 (4.9)`);
  for (const arn of [...role.attachedPolicyArns, ...(role.permissionsBoundary === null ? [] : [role.permissionsBoundary])]) {
    if (!/^arn:aws:iam::([0-9]{12}|aws):policy\/.+$/.test(arn)) reasons.push(`its policy ARN ${arn} is not of the form arn:aws:iam::<account>:policy/… (4.9)`);
  }
  if (reasons.length > 0 || !trust.ok || !permissions.ok) return notExpressible(reasons);

  const notes: string[] = [];
  const ownProfile = role.instanceProfiles.find((p) => isOwnProfile(p, role));
  for (const profile of role.instanceProfiles) {
    if (profile === ownProfile) continue;
    notes.push(
      `instance profile ${JSON.stringify(profile.name)} (path ${profile.path}${profile.tags.length > 0 ? ", with tags" : ""}) holds it; ` +
        "the stack leaves that profile alone (make_instance_profile declares only a profile named like the role, at path /, without tags; 4.5)",
    );
  }
  if (replacedPolicies.length > 0) {
    notes.push(
      `pulumi up replaces its inline ${replacedPolicies.length === 1 ? "policy" : "policies"} ${replacedPolicies.map((p) => JSON.stringify(p)).join(", ")} ` +
        `by ${JSON.stringify(policyName)}, with the same statements (--merge-inline-policies)`,
    );
  }

  const body: Mapping = {};
  if (name.pathKey !== undefined) body.path = name.pathKey;
  if (role.description !== null && role.description !== "") body.description = role.description;
  if (role.maxSessionDuration !== DEFAULT_SESSION) body.max_session_duration = role.maxSessionDuration;
  if (role.permissionsBoundary !== null) body.permissions_boundary = arnValue(role.permissionsBoundary, accounts);
  if (ownProfile !== undefined) body.make_instance_profile = true;
  if (role.tags.length > 0) body.tags = Object.fromEntries([...role.tags].sort((a, b) => compareText(a.key, b.key)).map((t) => [t.key, t.value]));
  if (role.attachedPolicyArns.length > 0) body.managed_policies = [...role.attachedPolicyArns].sort(compareText).map((arn) => arnValue(arn, accounts));
  if (permissions.value.allow.length > 0) body.allow_permission = permissions.value.allow;
  if (permissions.value.deny.length > 0) body.deny_permission = permissions.value.deny;
  return ok({ fullName: name.fullName, live: role, body, trust: trust.value, policyName, replacedPolicies, notes });
}

/** Roles the stack must never take: service-linked roles and the roles AWS reserves (SSO, Control Tower). */
export function isReservedRole(role: LiveRole): boolean {
  return role.path.startsWith("/aws-service-role/") || role.path.startsWith("/aws-reserved/");
}

/**
 * The ways the YAML can name the role, preferred first: the path in the full name (`ops/ci/runner`), or the leaf
 * with `path:` (4.2.3), needed when the full name would make an invalid policy name. Its inline policy name
 * decides between them when it has one.
 */
function nameForms(role: LiveRole): { fullName: string; pathKey?: string }[] {
  if (role.path === "/") return [{ fullName: role.name }];
  const segments = role.path.slice(1, -1).split("/");
  if (role.path.length > 512 || segments.some((s) => s === "" || !/^[\u0021-\u007e]+$/.test(s))) return [];
  const forms: { fullName: string; pathKey?: string }[] = [];
  const inName = `${segments.join("/")}/${role.name}`;
  if (POLICY_NAME.test(policyNameOf(inName))) forms.push({ fullName: inName });
  forms.push({ fullName: role.name, pathKey: role.path });
  return forms;
}

function isOwnProfile(profile: LiveRole["instanceProfiles"][number], role: LiveRole): boolean {
  return profile.name === role.name && profile.path === "/" && profile.roleNames.length === 1 && profile.roleNames[0] === role.name && profile.tags.length === 0;
}

function convertTrust(role: LiveRole, accounts: AccountDirectory, self: SelfContext): Converted<TrustStatements> {
  const { statements, reasons } = documentStatements(role.trustPolicy, "the trust policy");
  const converted = convertTrustStatements(statements, "the trust policy", accounts, self);
  return withReasons(reasons, converted);
}

/** The statements of all its inline policies (one, unless they are merged), as one document's. */
function convertInline(role: LiveRole, accounts: AccountDirectory, self: SelfContext): Converted<PermissionStatements> {
  const reasons: string[] = [];
  const statements: NumberedStatement[] = [];
  const several = role.inlinePolicies.length > 1;
  for (const policy of role.inlinePolicies) {
    const what = `inline policy ${JSON.stringify(policy.name)}`;
    const found = documentStatements(policy.document, what, (n) => (several ? `statement ${n} of ${what}` : `statement ${n}`));
    statements.push(...found.statements);
    reasons.push(...found.reasons);
  }
  const what = several ? "the inline policies" : `inline policy ${JSON.stringify(role.inlinePolicies[0]?.name)}`;
  return withReasons(reasons, convertPermissionStatements(statements, "role", what, accounts, self));
}
