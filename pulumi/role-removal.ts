/**
 * The AWS side of `remove_roles` (DIALECT.md 9.2): check the account, look the role up, record everything about
 * it, then take it apart in the only order IAM accepts and delete it.
 *
 * A removal that stopped part-way is continued from its record: the record knows every instance profile the
 * role was in, so a profile named after the role that the first attempt emptied (and no longer lists the role)
 * is still deleted, and recorded, by the next attempt.
 *
 * Every AWS answer is checked for what the API always sends; an answer without it is a failed call, never "no
 * such role". Failures name the role and the AWS operation.
 *
 * This module is serialized into the stack state together with the RemovedRole provider (removed-role.ts) and
 * runs in Pulumi's dynamic-provider process. So it keeps no module state, every function requires the AWS SDK
 * itself, and the modules it imports (aws/) hold only functions and constants. It uses the SDK's standard
 * configuration (the credential chain, the `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` overrides) and the
 * project's timeouts and retry policy (aws/client-settings.ts). When the account has a deploy role, every call is
 * made with that role's credentials (aws/assume-role.ts), STS GetCallerIdentity included: the account check is
 * about the credentials that would make the changes.
 */
import type { IAMClient, Role } from "@aws-sdk/client-iam";
import type { STSClient } from "@aws-sdk/client-sts";
import { assumedRoleCredentials, DEPLOY_ROLE_ERROR, type AssumeRoleTarget } from "../aws/assume-role";
import { awsClientConfig, readAwsClientSettings } from "../aws/client-settings";
import { describeAwsError } from "../aws/errors";

export interface RoleTarget {
  readonly roleName: string;
  readonly accountId: string;
  readonly region: string;
  /** The account's deploy role; absent: the standard chain's credentials as they are. */
  readonly assumeRole?: AssumeRoleTarget;
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

/**
 * One removal of the role. The snapshot is the role as it was when the removal began; a continued removal adds
 * what it found attached since (policies, profiles, tags), so everything the removal took apart is recorded.
 */
export interface RoleRemoval extends RoleSnapshot {
  /** When the removal started (ISO 8601). */
  removedAt: string;
  /** Instance profiles named after the role that were left empty, and deleted. */
  deletedInstanceProfiles: string[];
}

export type RemovalOutcome =
  /** No such role. `removal`: the unfinished record this run continued (and completed) all the same. */
  | { status: "absent"; removal?: RoleRemoval }
  | { status: "removed"; removal: RoleRemoval };

/** A removal that failed after the role was recorded; `removal` holds the record and what was done. */
export interface IncompleteRemovalError extends Error {
  removal: RoleRemoval;
}

interface Clients {
  iam: IAMClient;
  sts: STSClient;
}

/**
 * Removes the role if it exists. `unfinished` is the record of an earlier attempt that stopped part-way: this
 * attempt continues it, and finishes its instance profiles even if the role itself is already gone (the
 * outcome is then "absent", with the completed record).
 */
export async function removeRole(target: RoleTarget, unfinished?: RoleRemoval): Promise<RemovalOutcome> {
  const clients = clientsFor(target);
  try {
    await assertCallerAccount(target, clients);
    const role = await findRole(target, clients);
    if (role === undefined && unfinished === undefined) return { status: "absent" };
    if (role !== undefined) assertNotServiceLinked(target, role);

    const current = role === undefined ? undefined : await snapshotRole(target, role, clients);
    const removal: RoleRemoval =
      unfinished === undefined ? { removedAt: new Date().toISOString(), ...current!, deletedInstanceProfiles: [] } : continued(unfinished, current);
    try {
      await takeApartAndDelete(target, current, removal, clients);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      const incomplete = new Error(
        `Removing role "${target.roleName}" stopped part-way: ${cause}. What the role had is kept in the stack; ` +
          `the next update tries again.`,
      ) as IncompleteRemovalError;
      incomplete.removal = removal;
      throw incomplete;
    }
    return role === undefined ? { status: "absent", removal } : { status: "removed", removal };
  } finally {
    clients.iam.destroy();
    clients.sts.destroy();
  }
}

/** For a preview: does the role exist (again)? Checks the account first, so a preview with wrong credentials fails. */
export async function roleExists(target: RoleTarget): Promise<boolean> {
  const clients = clientsFor(target);
  try {
    await assertCallerAccount(target, clients);
    return (await findRole(target, clients)) !== undefined;
  } finally {
    clients.iam.destroy();
    clients.sts.destroy();
  }
}

export function isIncompleteRemoval(error: unknown): error is IncompleteRemovalError {
  return error instanceof Error && "removal" in error;
}

function clientsFor(target: RoleTarget): Clients {
  const { IAMClient } = require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");
  const { STSClient } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
  const base = { region: target.region, ...awsClientConfig(readAwsClientSettings()) };
  // STS AssumeRole itself goes out with the standard chain's credentials, with the same timeouts and retries.
  const config = target.assumeRole === undefined ? base : { ...base, credentials: assumedRoleCredentials(target.assumeRole, base) };
  return { iam: new IAMClient(config), sts: new STSClient(config) };
}

/** An AWS call whose failure is described in one line starting with the operation (`IAM GetRole: …`). */
async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    // The deploy role could not be assumed: its message names STS AssumeRole and the role, not this operation.
    if (error instanceof Error && error.name === DEPLOY_ROLE_ERROR) throw Object.assign(new Error(error.message), { awsErrorName: error.name });
    throw Object.assign(new Error(`${operation}: ${describeAwsError(error)}`), { awsErrorName: error instanceof Error ? error.name : "" });
  }
}

/** Like `call`, but the AWS error `absentWhen` means there is no such thing: undefined. */
async function callIfExists<T>(operation: string, absentWhen: string, send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call(operation, send);
  } catch (error) {
    if ((error as { awsErrorName?: string }).awsErrorName === absentWhen) return undefined;
    throw error;
  }
}

/** A field every answer of the operation has; an answer without it (an empty body, say) is a failed call. */
function required<T>(field: string, value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error(`the answer lacks ${field}, which AWS always sends`);
  return value;
}

/** Runs one stage before anything changes; a failure names the role and says that nothing was changed. */
async function beforeAnyChange<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`);
  }
}

async function assertCallerAccount(target: RoleTarget, { sts }: Clients): Promise<void> {
  const { GetCallerIdentityCommand } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
  const identity = await beforeAnyChange(`Could not check the AWS account before removing role "${target.roleName}"`, () =>
    call("STS GetCallerIdentity", async () => {
      const answer = await sts.send(new GetCallerIdentityCommand({}));
      return { account: required("Account", answer.Account), arn: required("Arn", answer.Arn) };
    }),
  );
  if (identity.account !== target.accountId) {
    throw new Error(
      `Refusing to remove role "${target.roleName}": the AWS credentials belong to account ${identity.account} ` +
        `(${identity.arn}), but this stack manages account ${target.accountId}. Nothing was changed.`,
    );
  }
}

async function findRole(target: RoleTarget, { iam }: Clients): Promise<Role | undefined> {
  const { GetRoleCommand } = require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");
  return beforeAnyChange(`Could not look up role "${target.roleName}"`, () =>
    callIfExists("IAM GetRole", "NoSuchEntityException", async () => {
      const role = required("Role", (await iam.send(new GetRoleCommand({ RoleName: target.roleName }))).Role);
      required("Role.Path", role.Path);
      required("Role.Arn", role.Arn);
      return role;
    }),
  );
}

function assertNotServiceLinked(target: RoleTarget, role: Role): void {
  if (role.Path?.startsWith("/aws-service-role/")) {
    throw new Error(
      `Refusing to remove role "${target.roleName}": it is a service-linked role (path ${role.Path}), which only ` +
        `the AWS service that created it may delete. Nothing was changed.`,
    );
  }
}

async function snapshotRole(target: RoleTarget, role: Role, { iam }: Clients): Promise<RoleSnapshot> {
  const iamSdk = require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");
  const RoleName = target.roleName;
  return beforeAnyChange(`Could not record role "${RoleName}" before removing it`, async () => {
    const inlinePolicies: Record<string, unknown> = {};
    const policyNames = await pages("IAM ListRolePolicies", iamSdk.paginateListRolePolicies({ client: iam }, { RoleName }), (page) =>
      required("PolicyNames", page.PolicyNames),
    );
    for (const PolicyName of policyNames) {
      const document = await call("IAM GetRolePolicy", async () =>
        required("PolicyDocument", (await iam.send(new iamSdk.GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument),
      );
      setOwn(inlinePolicies, PolicyName, decodePolicyDocument(document));
    }
    const managedPolicyArns = await pages("IAM ListAttachedRolePolicies", iamSdk.paginateListAttachedRolePolicies({ client: iam }, { RoleName }), (page) =>
      required("AttachedPolicies", page.AttachedPolicies).map((policy) => required("PolicyArn", policy.PolicyArn)),
    );
    const tags: Record<string, string> = {};
    const tagList = await pages("IAM ListRoleTags", iamSdk.paginateListRoleTags({ client: iam }, { RoleName }), (page) => required("Tags", page.Tags));
    for (const tag of tagList) setOwn(tags, tag.Key ?? "", tag.Value ?? "");
    const instanceProfiles = await pages("IAM ListInstanceProfilesForRole", iamSdk.paginateListInstanceProfilesForRole({ client: iam }, { RoleName }), (page) =>
      required("InstanceProfiles", page.InstanceProfiles).map((profile) => ({
        name: required("InstanceProfileName", profile.InstanceProfileName),
        arn: required("Arn", profile.Arn),
        path: required("Path", profile.Path),
      })),
    );

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
  });
}

/** Every item of a paginated list; `items` reads (and checks) one page. */
async function pages<P, T>(operation: string, paginator: AsyncIterable<P>, items: (page: P) => T[]): Promise<T[]> {
  return call(operation, async () => {
    const all: T[] = [];
    for await (const page of paginator) all.push(...items(page));
    return all;
  });
}

/**
 * The unfinished record, completed with what the role has now and the record lacks. The record's snapshot stays
 * as the role was when its removal began.
 */
function continued(unfinished: RoleRemoval, current: RoleSnapshot | undefined): RoleRemoval {
  const removal: RoleRemoval = {
    ...unfinished,
    inlinePolicies: copyOwn(unfinished.inlinePolicies),
    managedPolicyArns: [...unfinished.managedPolicyArns],
    tags: copyOwn(unfinished.tags),
    instanceProfiles: [...unfinished.instanceProfiles],
    deletedInstanceProfiles: [...unfinished.deletedInstanceProfiles],
  };
  if (current === undefined) return removal;
  for (const name of Object.keys(current.inlinePolicies)) {
    if (!Object.prototype.hasOwnProperty.call(removal.inlinePolicies, name)) setOwn(removal.inlinePolicies, name, current.inlinePolicies[name]);
  }
  for (const arn of current.managedPolicyArns) if (!removal.managedPolicyArns.includes(arn)) removal.managedPolicyArns.push(arn);
  for (const key of Object.keys(current.tags)) {
    if (!Object.prototype.hasOwnProperty.call(removal.tags, key)) setOwn(removal.tags, key, current.tags[key]);
  }
  for (const profile of current.instanceProfiles) {
    if (!removal.instanceProfiles.some((p) => p.name === profile.name)) removal.instanceProfiles.push(profile);
  }
  return removal;
}

/**
 * IAM refuses DeleteRole while the role is in a profile, has attachments or inline policies, checked in that
 * order. `current` is what the role has now (undefined: it is gone); `removal` the record, whose profiles
 * include those an earlier attempt already took the role out of.
 */
async function takeApartAndDelete(target: RoleTarget, current: RoleSnapshot | undefined, removal: RoleRemoval, { iam }: Clients): Promise<void> {
  const iamSdk = require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam");
  const RoleName = target.roleName;
  const inProfiles = new Set((current?.instanceProfiles ?? []).map((profile) => profile.name));

  for (const profile of removal.instanceProfiles) {
    const InstanceProfileName = profile.name;
    if (inProfiles.has(InstanceProfileName)) {
      await call("IAM RemoveRoleFromInstanceProfile", () => iam.send(new iamSdk.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName })));
    }
    // A profile named after the role exists for it alone (make_instance_profile); an empty one is useless.
    // IAM names ignore case, so the comparison does too.
    const ownProfile = InstanceProfileName.toLowerCase() === RoleName.toLowerCase();
    if (!ownProfile || removal.deletedInstanceProfiles.includes(InstanceProfileName)) continue;
    const roles = await callIfExists("IAM GetInstanceProfile", "NoSuchEntityException", async () =>
      required("InstanceProfile.Roles", (await iam.send(new iamSdk.GetInstanceProfileCommand({ InstanceProfileName }))).InstanceProfile?.Roles),
    );
    if (roles === undefined) continue; // gone already
    if (roles.length === 0) {
      // NoSuchEntity here means a retried call found its own first attempt's work done.
      await callIfExists("IAM DeleteInstanceProfile", "NoSuchEntityException", () => iam.send(new iamSdk.DeleteInstanceProfileCommand({ InstanceProfileName })));
      removal.deletedInstanceProfiles.push(InstanceProfileName);
    }
  }
  if (current === undefined) return;
  for (const PolicyArn of current.managedPolicyArns) {
    await call("IAM DetachRolePolicy", () => iam.send(new iamSdk.DetachRolePolicyCommand({ RoleName, PolicyArn })));
  }
  for (const PolicyName of Object.keys(current.inlinePolicies)) {
    await call("IAM DeleteRolePolicy", () => iam.send(new iamSdk.DeleteRolePolicyCommand({ RoleName, PolicyName })));
  }
  await call("IAM DeleteRole", () => iam.send(new iamSdk.DeleteRoleCommand({ RoleName })));
}

/** Sets a key as an own property: a policy or tag named `__proto__` is data, not the record's prototype. */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function copyOwn<T>(record: Record<string, T>): Record<string, T> {
  const copy: Record<string, T> = {};
  for (const key of Object.keys(record)) setOwn(copy, key, record[key]);
  return copy;
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
