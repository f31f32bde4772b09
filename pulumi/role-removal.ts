/**
 * The AWS side of `remove_roles` (DIALECT.md 9.2): check the account, look the role up, record everything about
 * it, then take it apart in the only order IAM accepts and delete it.
 *
 * This module is serialized into the stack state together with the RemovedRole provider (removed-role.ts) and
 * runs in Pulumi's dynamic-provider process. So it keeps no module state, every function requires the AWS SDK
 * itself, and it uses the SDK's standard configuration: the credential chain, and the `AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_<SERVICE>` overrides.
 */
import type { IAMClient, Role } from "@aws-sdk/client-iam";

export interface RoleTarget {
  readonly roleName: string;
  readonly accountId: string;
  readonly region: string;
}

export interface InstanceProfileRecord {
  name: string;
  arn: string;
  path: string;
}

/** Everything needed to recreate the role by hand. */
export interface RoleSnapshot {
  arn: string;
  roleId: string;
  path: string;
  createDate: string | null;
  description: string | null;
  maxSessionDuration: number | null;
  permissionsBoundary: string | null;
  /** Parsed JSON; the raw text only if it is not JSON. */
  trustPolicy: unknown;
  /** Policy name → parsed document. */
  inlinePolicies: Record<string, unknown>;
  managedPolicyArns: string[];
  tags: Record<string, string>;
  instanceProfiles: InstanceProfileRecord[];
}

export interface RoleRemoval extends RoleSnapshot {
  /** When the removal started (ISO 8601). */
  removedAt: string;
  /** Instance profiles named after the role that were left empty, and deleted. */
  deletedInstanceProfiles: string[];
}

export type RemovalOutcome = { status: "absent" } | { status: "removed"; removal: RoleRemoval };

/** A removal that failed after the role was recorded; `removal` holds the record and what was done. */
export interface IncompleteRemovalError extends Error {
  removal: RoleRemoval;
}

export async function removeRole(target: RoleTarget): Promise<RemovalOutcome> {
  await assertCallerAccount(target);
  const role = await findRole(target);
  if (role === undefined) return { status: "absent" };
  assertNotServiceLinked(target, role);

  const removal: RoleRemoval = {
    removedAt: new Date().toISOString(),
    ...(await snapshotRole(target, role)),
    deletedInstanceProfiles: [],
  };
  try {
    await takeApartAndDelete(target, removal);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    const incomplete = new Error(
      `Removing role "${target.roleName}" stopped part-way: ${cause}. What the role had is kept in the stack; ` +
        `the next update tries again.`,
    ) as IncompleteRemovalError;
    incomplete.removal = removal;
    throw incomplete;
  }
  return { status: "removed", removal };
}

/** For a preview: does the role exist (again)? Checks the account first, so a preview with wrong credentials fails. */
export async function roleExists(target: RoleTarget): Promise<boolean> {
  await assertCallerAccount(target);
  return (await findRole(target)) !== undefined;
}

export function isIncompleteRemoval(error: unknown): error is IncompleteRemovalError {
  return error instanceof Error && "removal" in error;
}

async function assertCallerAccount(target: RoleTarget): Promise<void> {
  const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
  const identity = await new STSClient({ region: target.region }).send(new GetCallerIdentityCommand({}));
  if (identity.Account !== target.accountId) {
    throw new Error(
      `Refusing to remove role "${target.roleName}": the AWS credentials belong to account ${identity.Account} ` +
        `(${identity.Arn}), but this stack manages account ${target.accountId}. Nothing was changed.`,
    );
  }
}

async function findRole(target: RoleTarget): Promise<Role | undefined> {
  const { GetRoleCommand } = require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");
  try {
    return (await iamClient(target).send(new GetRoleCommand({ RoleName: target.roleName }))).Role;
  } catch (error) {
    if (error instanceof Error && error.name === "NoSuchEntityException") return undefined;
    throw error;
  }
}

function assertNotServiceLinked(target: RoleTarget, role: Role): void {
  if (role.Path?.startsWith("/aws-service-role/")) {
    throw new Error(
      `Refusing to remove role "${target.roleName}": it is a service-linked role (path ${role.Path}), which only ` +
        `the AWS service that created it may delete. Nothing was changed.`,
    );
  }
}

async function snapshotRole(target: RoleTarget, role: Role): Promise<RoleSnapshot> {
  const iamSdk = require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");
  const iam = iamClient(target);
  const RoleName = target.roleName;

  const inlinePolicies: Record<string, unknown> = {};
  for await (const page of iamSdk.paginateListRolePolicies({ client: iam }, { RoleName })) {
    for (const PolicyName of page.PolicyNames ?? []) {
      const policy = await iam.send(new iamSdk.GetRolePolicyCommand({ RoleName, PolicyName }));
      inlinePolicies[PolicyName] = decodePolicyDocument(policy.PolicyDocument ?? "");
    }
  }
  const managedPolicyArns: string[] = [];
  for await (const page of iamSdk.paginateListAttachedRolePolicies({ client: iam }, { RoleName })) {
    for (const attached of page.AttachedPolicies ?? []) managedPolicyArns.push(attached.PolicyArn ?? "");
  }
  const tags: Record<string, string> = {};
  for await (const page of iamSdk.paginateListRoleTags({ client: iam }, { RoleName })) {
    for (const tag of page.Tags ?? []) tags[tag.Key ?? ""] = tag.Value ?? "";
  }
  const instanceProfiles: InstanceProfileRecord[] = [];
  for await (const page of iamSdk.paginateListInstanceProfilesForRole({ client: iam }, { RoleName })) {
    for (const profile of page.InstanceProfiles ?? []) {
      instanceProfiles.push({ name: profile.InstanceProfileName ?? "", arn: profile.Arn ?? "", path: profile.Path ?? "" });
    }
  }

  return {
    arn: role.Arn ?? "",
    roleId: role.RoleId ?? "",
    path: role.Path ?? "/",
    createDate: role.CreateDate?.toISOString() ?? null,
    description: role.Description ?? null,
    maxSessionDuration: role.MaxSessionDuration ?? null,
    permissionsBoundary: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    trustPolicy: decodePolicyDocument(role.AssumeRolePolicyDocument ?? ""),
    inlinePolicies,
    managedPolicyArns,
    tags,
    instanceProfiles,
  };
}

/** IAM refuses DeleteRole while the role is in a profile, has attachments or inline policies, checked in that order. */
async function takeApartAndDelete(target: RoleTarget, removal: RoleRemoval): Promise<void> {
  const iamSdk = require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");
  const iam = iamClient(target);
  const RoleName = target.roleName;

  for (const profile of removal.instanceProfiles) {
    const InstanceProfileName = profile.name;
    await iam.send(new iamSdk.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName }));
    // A profile named after the role exists for it alone (make_instance_profile); an empty one is useless.
    // IAM names ignore case, so the comparison does too.
    if (InstanceProfileName.toLowerCase() === RoleName.toLowerCase()) {
      const left = await iam.send(new iamSdk.GetInstanceProfileCommand({ InstanceProfileName }));
      if ((left.InstanceProfile?.Roles ?? []).length === 0) {
        await iam.send(new iamSdk.DeleteInstanceProfileCommand({ InstanceProfileName }));
        removal.deletedInstanceProfiles.push(InstanceProfileName);
      }
    }
  }
  for (const PolicyArn of removal.managedPolicyArns) {
    await iam.send(new iamSdk.DetachRolePolicyCommand({ RoleName, PolicyArn }));
  }
  for (const PolicyName of Object.keys(removal.inlinePolicies)) {
    await iam.send(new iamSdk.DeleteRolePolicyCommand({ RoleName, PolicyName }));
  }
  await iam.send(new iamSdk.DeleteRoleCommand({ RoleName }));
}

function iamClient(target: RoleTarget): IAMClient {
  const { IAMClient } = require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");
  return new IAMClient({ region: target.region });
}

/**
 * IAM returns documents URL-encoded; some responses (and emulators) return raw JSON. Raw JSON never starts with `%`,
 * and URL-encoded JSON never parses, so trying the text as it is first is safe. Text that is not JSON either way is
 * kept as it is, so nothing is lost.
 */
export function decodePolicyDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not raw JSON
  }
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    return text;
  }
}
