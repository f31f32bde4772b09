/**
 * The AWS side of `iam-syncr generate`: every role under a path prefix, and the buckets and keys asked for, read
 * into plain data (live.ts). Only reads, through the same clients, call wrapper and concurrency as import-plan
 * (adopt/aws-clients.ts, aws-calls.ts). Roles cost a few paginated calls for the whole account, whatever their
 * number: ListRoles gives descriptions and session durations, GetAccountAuthorizationDetails everything else.
 * A failed or malformed answer is an error for the whole run, never "absent".
 */
import {
  GetInstanceProfileCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListRoles,
  type Role,
  type RoleDetail,
  type Tag as IamTag,
} from "@aws-sdk/client-iam";
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  paginateListAliases,
  paginateListGrants,
  paginateListResourceTags,
  type GrantListEntry,
} from "@aws-sdk/client-kms";
import { GetBucketLocationCommand, GetBucketPolicyCommand, GetBucketTaggingCommand } from "@aws-sdk/client-s3";
import type { AwsClients } from "../aws-clients";
import { AwsLookupError, lookUp, lookUpIfExists } from "../aws-calls";
import { bucketExists, collect, ownedBuckets, regionOf } from "../aws-inventory";
import { mapConcurrently } from "../concurrently";
import { parseDocument, type LiveAccount, type LiveBucket, type LiveGrant, type LiveInstanceProfile, type LiveKey, type LiveRole, type Tag } from "./live";

/** As import-plan: enough for large accounts, few enough to stay clear of throttling. */
const CONCURRENT_LOOKUPS = 8;
/** ListBuckets and GetBucketLocation answer for every region from here. */
const S3_GLOBAL_REGION = "us-east-1";

export interface AccountRequest {
  /** Roles whose path starts with this (`/` for all). */
  readonly rolePathPrefix: string;
  readonly buckets: readonly string[];
  /** Alias names without `alias/`, looked up in `keyRegion`. */
  readonly keys: readonly string[];
  readonly keyRegion: string | undefined;
}

export async function readAccount(clients: AwsClients, accountId: string, request: AccountRequest): Promise<LiveAccount> {
  const roles = await readRoles(clients, request.rolePathPrefix);
  const owned = request.buckets.length === 0 ? new Set<string>() : await ownedBuckets(clients);
  const buckets: LiveBucket[] = new Array(request.buckets.length);
  const keys: LiveKey[] = new Array(request.keys.length);
  const lookups: (() => Promise<unknown>)[] = [
    ...roles.map((role, index) => async () => (roles[index] = await withOwnProfileTags(clients, role))),
    ...request.buckets.map((name, index) => async () => (buckets[index] = await readBucket(clients, name, owned.has(name)))),
    ...request.keys.map((alias, index) => async () => (keys[index] = await readKey(clients, alias, request.keyRegion!))),
  ];
  await mapConcurrently(lookups, CONCURRENT_LOOKUPS, (lookup) => lookup());
  return { id: accountId, roles, buckets, keys };
}

async function readRoles(clients: AwsClients, pathPrefix: string): Promise<LiveRole[]> {
  const iam = clients.iam();
  const listed = await lookUp({
    what: `the roles under path ${pathPrefix}`,
    operation: "IAM ListRoles",
    send: () => collect(paginateListRoles({ client: iam }, { PathPrefix: pathPrefix }), (page) => page.Roles ?? []),
  });
  if (listed.length === 0) return [];
  const details = await lookUp({
    what: "the roles' policies, tags and instance profiles",
    operation: "IAM GetAccountAuthorizationDetails",
    send: () => collect(paginateGetAccountAuthorizationDetails({ client: iam }, { Filter: ["Role"] }), (page) => page.RoleDetailList ?? []),
  });
  const byName = new Map(details.map((detail) => [detail.RoleName ?? "", detail]));
  return listed.map((role) => {
    const detail = byName.get(role.RoleName ?? "");
    if (role.RoleName === undefined || detail === undefined) {
      throw new AwsLookupError(
        `could not look up role "${role.RoleName ?? "?"}" (IAM GetAccountAuthorizationDetails): ListRoles lists it but ` +
          "GetAccountAuthorizationDetails does not; the account changed while it was read, run generate again",
      );
    }
    return liveRole(role, detail);
  });
}

function liveRole(role: Role, detail: RoleDetail): LiveRole {
  return {
    name: role.RoleName!,
    path: role.Path ?? "/",
    arn: role.Arn ?? "",
    description: role.Description ?? null,
    maxSessionDuration: role.MaxSessionDuration ?? 3600,
    trustPolicy: parseDocument(role.AssumeRolePolicyDocument ?? detail.AssumeRolePolicyDocument),
    inlinePolicies: (detail.RolePolicyList ?? []).map((policy) => ({ name: policy.PolicyName ?? "", document: parseDocument(policy.PolicyDocument) })),
    attachedPolicyArns: (detail.AttachedManagedPolicies ?? []).map((policy) => policy.PolicyArn ?? ""),
    permissionsBoundary: detail.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    tags: tagsOf(detail.Tags),
    instanceProfiles: (detail.InstanceProfileList ?? []).map(
      (profile): LiveInstanceProfile => ({
        name: profile.InstanceProfileName ?? "",
        path: profile.Path ?? "/",
        roleNames: (profile.Roles ?? []).map((r) => r.RoleName ?? ""),
        tags: tagsOf(profile.Tags),
      }),
    ),
  };
}

/**
 * The tags of the profile named like the role, from GetInstanceProfile: the profile `make_instance_profile` would
 * declare, which the stack declares without tags, so their absence must be certain.
 */
async function withOwnProfileTags(clients: AwsClients, role: LiveRole): Promise<LiveRole> {
  const own = role.instanceProfiles.find((profile) => profile.name === role.name);
  if (own === undefined) return role;
  const found = await lookUpIfExists({
    what: `instance profile "${own.name}"`,
    operation: "IAM GetInstanceProfile",
    absentWhen: ["NoSuchEntityException"],
    send: () => clients.iam().send(new GetInstanceProfileCommand({ InstanceProfileName: own.name })),
  });
  const profile = found?.InstanceProfile;
  const read: LiveInstanceProfile =
    profile === undefined
      ? { ...own, roleNames: [] }
      : { name: own.name, path: profile.Path ?? "/", roleNames: (profile.Roles ?? []).map((r) => r.RoleName ?? ""), tags: tagsOf(profile.Tags) };
  return { ...role, instanceProfiles: role.instanceProfiles.map((p) => (p === own ? read : p)) };
}

function tagsOf(tags: readonly IamTag[] | undefined): Tag[] {
  return (tags ?? []).map((tag) => ({ key: tag.Key ?? "", value: tag.Value ?? "" }));
}

async function readBucket(clients: AwsClients, name: string, owned: boolean): Promise<LiveBucket> {
  if (!owned) return { name, status: (await bucketExists(clients, name)) ? "other account" : "absent" };
  const what = `bucket "${name}"`;
  const location = await lookUp({
    what,
    operation: "S3 GetBucketLocation",
    send: () => clients.s3(S3_GLOBAL_REGION).send(new GetBucketLocationCommand({ Bucket: name })),
  });
  const region = regionOf(location.LocationConstraint);
  const s3 = clients.s3(region);
  const [policy, tagging] = await Promise.all([
    lookUpIfExists({
      what: `the policy of ${what}`,
      operation: "S3 GetBucketPolicy",
      absentWhen: ["NoSuchBucketPolicy"],
      send: () => s3.send(new GetBucketPolicyCommand({ Bucket: name })),
    }),
    lookUpIfExists({
      what: `the tags of ${what}`,
      operation: "S3 GetBucketTagging",
      absentWhen: ["NoSuchTagSet"],
      send: () => s3.send(new GetBucketTaggingCommand({ Bucket: name })),
    }),
  ]);
  return {
    name,
    status: "found",
    region,
    policy: policy === null ? null : parseDocument(policy.Policy),
    tags: (tagging?.TagSet ?? []).map((tag) => ({ key: tag.Key ?? "", value: tag.Value ?? "" })),
  };
}

async function readKey(clients: AwsClients, alias: string, region: string): Promise<LiveKey> {
  const kms = clients.kms(region);
  const aliasName = `alias/${alias}`;
  const found = await lookUpIfExists({
    what: `the key of ${aliasName} in ${region}`,
    operation: "KMS DescribeKey",
    absentWhen: ["NotFoundException"],
    send: () => kms.send(new DescribeKeyCommand({ KeyId: aliasName })),
  });
  const key = found?.KeyMetadata;
  if (key === undefined) return { alias, region, status: "absent" };
  if (key.KeyId === undefined) throw new AwsLookupError(`could not look up the key of ${aliasName} in ${region} (KMS DescribeKey): the answer names no key id`);
  const keyId = key.KeyId;
  const arn = key.Arn ?? "";
  const what = `${aliasName} (key ${keyId}) in ${region}`;
  const metadata = {
    alias,
    region,
    status: "found" as const,
    keyId,
    arn,
    description: key.Description ?? "",
    keyState: key.KeyState ?? "Unknown",
    keySpec: key.KeySpec ?? key.CustomerMasterKeySpec ?? "Unknown",
    keyUsage: key.KeyUsage ?? null,
    keyManager: key.KeyManager ?? "Unknown",
    origin: key.Origin ?? "Unknown",
    multiRegion: key.MultiRegion === true,
  };
  // An AWS managed key is never written, and some of the reads below are refused for it.
  if (metadata.keyManager === "AWS") return { ...metadata, policy: { parsed: false, problem: "not read (an AWS managed key)" }, tags: [], aliases: [alias], grants: [] };
  // The key's four reads do not depend on each other.
  const [policy, tags, aliases, grants] = await Promise.all([
    lookUp({
      what: `the key policy of ${what}`,
      operation: "KMS GetKeyPolicy",
      // "default" is the only key policy name; some emulators require it to be given.
      send: () => kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" })),
    }),
    lookUp({
      what: `the tags of ${what}`,
      operation: "KMS ListResourceTags",
      send: () => collect(paginateListResourceTags({ client: kms }, { KeyId: keyId }), (page) => page.Tags ?? []),
    }),
    lookUp({
      what: `the aliases of ${what}`,
      operation: "KMS ListAliases",
      send: () => collect(paginateListAliases({ client: kms }, { KeyId: keyId }), (page) => page.Aliases ?? []),
    }),
    lookUp({
      what: `the grants of ${what}`,
      operation: "KMS ListGrants",
      send: () => collect(paginateListGrants({ client: kms }, { KeyId: keyId }), (page) => page.Grants ?? []),
    }),
  ]);
  return {
    ...metadata,
    policy: parseDocument(policy.Policy),
    tags: tags.map((tag) => ({ key: tag.TagKey ?? "", value: tag.TagValue ?? "" })),
    aliases: aliases
      .filter((a) => a.TargetKeyId === undefined || a.TargetKeyId === keyId)
      .map((a) => (a.AliasName ?? "").replace(/^alias\//, ""))
      .filter((name) => name !== "")
      .sort(),
    // AWS names the key by ARN in each grant; some emulators by id, or list every key's grants.
    grants: grants.filter((grant) => grant.KeyId === undefined || grant.KeyId === keyId || grant.KeyId === arn).map(liveGrant),
  };
}

function liveGrant(grant: GrantListEntry): LiveGrant {
  return {
    grantId: grant.GrantId ?? "",
    name: grant.Name === undefined || grant.Name === "" ? null : grant.Name,
    granteePrincipal: grant.GranteePrincipal ?? "",
    retiringPrincipal: grant.RetiringPrincipal ?? null,
    operations: grant.Operations ?? [],
    encryptionContextEquals: grant.Constraints?.EncryptionContextEquals ?? null,
    encryptionContextSubset: grant.Constraints?.EncryptionContextSubset ?? null,
  };
}
