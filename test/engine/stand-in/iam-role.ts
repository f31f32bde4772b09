/**
 * `aws:iam/role:Role`, after terraform-provider-aws internal/service/iam/role.go:
 * - `name` and `path` are ForceNew (IAM cannot rename a role or move it to another path);
 * - `assumeRolePolicy` is compared as a policy (equivalent documents are no change);
 * - `maxSessionDuration` defaults to 3600, `path` to "/", `forceDetachPolicies` to false;
 * - the state records the role's inline policies and attached managed policies as AWS had them at the last
 *   create, update or read (`inlinePolicies`, `managedPolicyArns`, both Optional+Computed);
 * - delete (role.go `DeleteRole`) removes the role from every instance profile, then detaches its managed
 *   policies and deletes its inline policies only when `forceDetachPolicies` is set or the state records some,
 *   then calls DeleteRole, retrying while IAM answers DeleteConflict. The real provider retries for its
 *   propagation timeout (two minutes); the stand-in retries for `STAND_IN_DELETE_CONFLICT_RETRY_MS` (default 1 s)
 *   and then fails with IAM's error, as the real one does after its two minutes;
 * - import reads the role by name and records `forceDetachPolicies: false` (role.go `resourceRoleImport`).
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  paginateListAttachedRolePolicies,
  paginateListInstanceProfilesForRole,
  paginateListRolePolicies,
  GetRolePolicyCommand,
  PutRolePermissionsBoundaryCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { awsErrorCode, ignoringNotFound, isNotFound, providerError } from "./aws-clients";
import { canonicalJson } from "./properties";
import type { Properties } from "./properties";
import { policiesAreEquivalent } from "./policy-equivalence";
import { decodeDocument, optionalText, tagList, tagsOf, text } from "./resource-type";
import type { ResourceType } from "./resource-type";

const KIND = "IAM Role";

export const iamRole: ResourceType = {
  token: "aws:iam/role:Role",
  inputs: [
    { name: "name", replaces: true, computed: true },
    { name: "path", replaces: true, default: "/" },
    { name: "assumeRolePolicy", compare: "policy" },
    { name: "description" },
    { name: "maxSessionDuration", default: 3600 },
    { name: "permissionsBoundary" },
    { name: "forceDetachPolicies", default: false },
    { name: "tags", compare: "collection" },
  ],

  validate(news) {
    const failures = [];
    const name = news.name;
    if (typeof name === "string" && !/^[\w+=,.@-]{1,64}$/.test(name)) {
      failures.push({ property: "name", reason: `"${name}" is not a valid IAM role name` });
    }
    try {
      JSON.parse(String(news.assumeRolePolicy));
    } catch {
      failures.push({ property: "assumeRolePolicy", reason: "is not valid JSON" });
    }
    return failures;
  },

  async create({ aws }, news) {
    const name = text(news, "name");
    const tags = tagsOf(news);
    try {
      await aws.iam().send(
        new CreateRoleCommand({
          RoleName: name,
          Path: text(news, "path"),
          AssumeRolePolicyDocument: text(news, "assumeRolePolicy"),
          Description: optionalText(news, "description"),
          MaxSessionDuration: news.maxSessionDuration as number | undefined,
          PermissionsBoundary: optionalText(news, "permissionsBoundary"),
          Tags: Object.keys(tags).length > 0 ? tagList(tags) : undefined,
        }),
      );
    } catch (error) {
      throw providerError("creating", KIND, name, error);
    }
    return { id: name, outs: await readRole(aws.iam(), name, news) };
  },

  async read({ aws }, id, olds) {
    const outs = await findRole(aws.iam(), id, olds);
    if (outs === undefined) return { id: "", outs: {}, inputs: {} };
    const imported = olds.name === undefined;
    const state = imported ? { ...outs, forceDetachPolicies: false } : outs;
    return { id, outs: state, inputs: inputsOf(state) };
  },

  async update({ aws }, id, olds, news) {
    const iam = aws.iam();
    try {
      if (!policiesAreEquivalent(String(olds.assumeRolePolicy), text(news, "assumeRolePolicy"))) {
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: id, PolicyDocument: text(news, "assumeRolePolicy") }));
      }
      if ((olds.description ?? "") !== (news.description ?? "")) {
        await iam.send(new UpdateRoleDescriptionCommand({ RoleName: id, Description: String(news.description ?? "") }));
      }
      if (olds.maxSessionDuration !== news.maxSessionDuration) {
        await iam.send(new UpdateRoleCommand({ RoleName: id, MaxSessionDuration: news.maxSessionDuration as number }));
      }
      if ((olds.permissionsBoundary ?? "") !== (news.permissionsBoundary ?? "")) {
        const boundary = optionalText(news, "permissionsBoundary");
        if (boundary === undefined) await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: id }));
        else await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: id, PermissionsBoundary: boundary }));
      }
      await updateTags(iam, id, tagsOf(olds), tagsOf(news));
    } catch (error) {
      throw providerError("updating", KIND, id, error);
    }
    return readRole(iam, id, news);
  },

  async delete({ aws }, id, olds) {
    const forceDetach = olds.forceDetachPolicies === true;
    const hasInline = Array.isArray(olds.inlinePolicies) && olds.inlinePolicies.length > 0;
    const hasManaged = Array.isArray(olds.managedPolicyArns) && olds.managedPolicyArns.length > 0;
    try {
      await deleteRole(aws.iam(), id, { forceDetach, hasInline, hasManaged });
    } catch (error) {
      if (isNotFound(error)) return;
      throw providerError("deleting", KIND, id, error);
    }
  },
};

/** role.go `DeleteRole`. */
async function deleteRole(
  iam: IAMClient,
  RoleName: string,
  { forceDetach, hasInline, hasManaged }: { forceDetach: boolean; hasInline: boolean; hasManaged: boolean },
): Promise<void> {
  for await (const page of paginateListInstanceProfilesForRole({ client: iam }, { RoleName })) {
    for (const profile of page.InstanceProfiles ?? []) await removeRoleFromProfile(iam, profile.InstanceProfileName ?? "", RoleName);
  }
  if (forceDetach || hasManaged) {
    for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName })) {
      for (const policy of page.AttachedPolicies ?? []) {
        await ignoringNotFound(iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: policy.PolicyArn })));
      }
    }
  }
  if (forceDetach || hasInline) {
    for await (const page of paginateListRolePolicies({ client: iam }, { RoleName })) {
      for (const PolicyName of page.PolicyNames ?? []) {
        await ignoringNotFound(iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })));
      }
    }
  }
  const retryUntil = Date.now() + Number(process.env.STAND_IN_DELETE_CONFLICT_RETRY_MS ?? 1_000);
  for (;;) {
    try {
      await iam.send(new DeleteRoleCommand({ RoleName }));
      return;
    } catch (error) {
      if (awsErrorCode(error) !== "DeleteConflict" || Date.now() > retryUntil) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * The real provider calls RemoveRoleFromInstanceProfile and ignores NoSuchEntity. moto answers HTTP 500 instead
 * of NoSuchEntity when the role is not in the profile (moto-notes §5), so the stand-in looks first.
 */
export async function removeRoleFromProfile(iam: IAMClient, InstanceProfileName: string, RoleName: string): Promise<void> {
  let roles: string[];
  try {
    const profile = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName }));
    roles = (profile.InstanceProfile?.Roles ?? []).map((r) => r.RoleName ?? "");
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  if (!roles.includes(RoleName)) return;
  await ignoringNotFound(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName })));
}

async function updateTags(iam: IAMClient, RoleName: string, olds: Record<string, string>, news: Record<string, string>): Promise<void> {
  const removed = Object.keys(olds).filter((key) => !(key in news));
  if (removed.length > 0) await iam.send(new UntagRoleCommand({ RoleName, TagKeys: removed }));
  const changed = Object.fromEntries(Object.entries(news).filter(([key, value]) => olds[key] !== value));
  if (Object.keys(changed).length > 0) await iam.send(new TagRoleCommand({ RoleName, Tags: tagList(changed) }));
}

async function readRole(iam: IAMClient, name: string, news: Properties): Promise<Properties> {
  const outs = await findRole(iam, name, news);
  if (outs === undefined) throw new Error(`reading ${KIND} (${name}): it does not exist right after it was written`);
  return outs;
}

/** The role's state as role.go `resourceRoleRead` sets it; the trust policy keeps the program's text when equivalent. */
async function findRole(iam: IAMClient, RoleName: string, previous: Properties): Promise<Properties | undefined> {
  let role;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName }))).Role;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw providerError("reading", KIND, RoleName, error);
  }
  if (role === undefined) throw new Error(`reading ${KIND} (${RoleName}): IAM returned no role`);
  const trust = decodeDocument(role.AssumeRolePolicyDocument);
  const kept = typeof previous.assumeRolePolicy === "string" && policiesAreEquivalent(previous.assumeRolePolicy, trust);
  const inlinePolicies: Properties[] = [];
  for await (const page of paginateListRolePolicies({ client: iam }, { RoleName })) {
    for (const name of page.PolicyNames ?? []) {
      const policy = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: name }));
      inlinePolicies.push({ name, policy: decodeDocument(policy.PolicyDocument) });
    }
  }
  const managedPolicyArns: string[] = [];
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName })) {
    for (const policy of page.AttachedPolicies ?? []) managedPolicyArns.push(policy.PolicyArn ?? "");
  }
  const tags = Object.fromEntries((role.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  return {
    arn: role.Arn,
    assumeRolePolicy: kept ? previous.assumeRolePolicy : trust,
    createDate: role.CreateDate?.toISOString(),
    ...(role.Description !== undefined && role.Description !== "" && { description: role.Description }),
    forceDetachPolicies: previous.forceDetachPolicies ?? false,
    inlinePolicies,
    managedPolicyArns,
    maxSessionDuration: role.MaxSessionDuration,
    name: role.RoleName,
    path: role.Path,
    ...(role.PermissionsBoundary?.PermissionsBoundaryArn !== undefined && {
      permissionsBoundary: role.PermissionsBoundary.PermissionsBoundaryArn,
    }),
    tags,
    tagsAll: tags,
    uniqueId: role.RoleId,
  };
}

function inputsOf(state: Properties): Properties {
  const inputs: Properties = {};
  for (const key of ["name", "path", "assumeRolePolicy", "description", "maxSessionDuration", "permissionsBoundary", "forceDetachPolicies"]) {
    if (state[key] !== undefined) inputs[key] = state[key];
  }
  if (canonicalJson(state.tags) !== "{}") inputs.tags = state.tags;
  return inputs;
}
