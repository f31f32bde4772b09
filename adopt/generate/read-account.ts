/**
 * The AWS side of `iam-syncr generate`: every role under a path prefix, and the buckets and keys asked for, read
 * into plain data (live.ts). Only reads, through the same clients, call wrapper and concurrency as import-plan
 * (adopt/aws-clients.ts, aws-calls.ts). Roles cost a few paginated calls for the whole account, whatever their
 * number: ListRoles gives descriptions and session durations, GetAccountAuthorizationDetails everything else.
 * A failed answer, or one without a field AWS always sends (`answered`), is an error for the whole run, never
 * "absent". Lists nested in an answer (a role's policies, tags, profiles) may be left out of AWS's XML when
 * empty, so their absence is an empty list.
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
import { GetBucketPolicyCommand, GetBucketTaggingCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import type { AwsClients } from "../aws-clients";
import { answered, AwsLookupError, lookUp, lookUpIfExists } from "../aws-calls";
import { bucketExists, collect, ownedBuckets } from "../aws-inventory";
import { mapConcurrently } from "../concurrently";
import { parseDocument, type LiveAccount, type LiveBucket, type LiveGrant, type LiveInstanceProfile, type LiveKey, type LiveRole, type Tag } from "./live";

/** As import-plan: enough for large accounts, few enough to stay clear of throttling. */
const CONCURRENT_LOOKUPS = 8;
/** ListBuckets and HeadBucket answer for every region from here. */
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
    send: () => collect(paginateListRoles({ client: iam }, { PathPrefix: pathPrefix }), (page) => answered("Roles", page.Roles).map(listedRole)),
  });
  if (listed.length === 0) return [];
  const details = await lookUp({
    what: "the roles' policies, tags and instance profiles",
    operation: "IAM GetAccountAuthorizationDetails",
    send: () => collect(paginateGetAccountAuthorizationDetails({ client: iam }, { Filter: ["Role"] }), (page) => answered("RoleDetailList", page.RoleDetailList).map(roleDetail)),
  });
  const byName = new Map(details.map((detail) => [detail.name, detail]));
  return listed.map((role) => {
    const detail = byName.get(role.name);
    if (detail === undefined) {
      throw new AwsLookupError(
        `could not look up role "${role.name}" (IAM GetAccountAuthorizationDetails): ListRoles lists it but ` +
          "GetAccountAuthorizationDetails does not; the account changed while it was read, run generate again",
      );
    }
    return { ...role, ...detail.facts };
  });
}

/** What ListRoles tells of a role (descriptions and session durations are not in GetAccountAuthorizationDetails). */
function listedRole(role: Role): Pick<LiveRole, "name" | "path" | "arn" | "description" | "maxSessionDuration" | "trustPolicy"> {
  return {
    name: answered("RoleName", role.RoleName),
    path: answered("Path", role.Path),
    arn: answered("Arn", role.Arn),
    description: role.Description ?? null,
    maxSessionDuration: answered("MaxSessionDuration", role.MaxSessionDuration),
    trustPolicy: parseDocument(answered("AssumeRolePolicyDocument", role.AssumeRolePolicyDocument)),
  };
}

function roleDetail(detail: RoleDetail): { name: string; facts: Pick<LiveRole, "inlinePolicies" | "attachedPolicyArns" | "permissionsBoundary" | "tags" | "instanceProfiles"> } {
  return {
    name: answered("RoleName", detail.RoleName),
    facts: {
      inlinePolicies: (detail.RolePolicyList ?? []).map((policy) => ({
        name: answered("PolicyName", policy.PolicyName),
        document: parseDocument(answered("PolicyDocument", policy.PolicyDocument)),
      })),
      attachedPolicyArns: (detail.AttachedManagedPolicies ?? []).map((policy) => answered("PolicyArn", policy.PolicyArn)),
      permissionsBoundary: detail.PermissionsBoundary === undefined ? null : answered("PermissionsBoundaryArn", detail.PermissionsBoundary.PermissionsBoundaryArn),
      tags: tagsOf(detail.Tags),
      instanceProfiles: (detail.InstanceProfileList ?? []).map(
        (profile): LiveInstanceProfile => ({
          name: answered("InstanceProfileName", profile.InstanceProfileName),
          path: answered("Path", profile.Path),
          roleNames: (profile.Roles ?? []).map((r) => answered("RoleName", r.RoleName)),
          tags: tagsOf(profile.Tags),
        }),
      ),
    },
  };
}

/**
 * The tags of the profile named like the role, from GetInstanceProfile: the profile `make_instance_profile` would
 * declare, which the stack declares without tags, so their absence must be certain.
 */
async function withOwnProfileTags(clients: AwsClients, role: LiveRole): Promise<LiveRole> {
  const own = role.instanceProfiles.find((profile) => profile.name === role.name);
  if (own === undefined) return role;
  const read = await lookUpIfExists({
    what: `instance profile "${own.name}"`,
    operation: "IAM GetInstanceProfile",
    absentWhen: ["NoSuchEntityException"],
    send: async () => {
      const profile = answered("InstanceProfile", (await clients.iam().send(new GetInstanceProfileCommand({ InstanceProfileName: own.name }))).InstanceProfile);
      return {
        name: own.name,
        path: answered("InstanceProfile.Path", profile.Path),
        roleNames: answered("InstanceProfile.Roles", profile.Roles).map((r) => answered("RoleName", r.RoleName)),
        tags: tagsOf(profile.Tags),
      };
    },
  });
  // Gone since GetAccountAuthorizationDetails: it holds the role no more.
  const profile = read ?? { ...own, roleNames: [] };
  return { ...role, instanceProfiles: role.instanceProfiles.map((p) => (p === own ? profile : p)) };
}

function tagsOf(tags: readonly IamTag[] | undefined): Tag[] {
  // An empty value comes back as an empty element, which the SDK reads as no value.
  return (tags ?? []).map((tag) => ({ key: answered("Tag.Key", tag.Key), value: tag.Value ?? "" }));
}

async function readBucket(clients: AwsClients, name: string, owned: boolean): Promise<LiveBucket> {
  if (!owned) return { name, status: (await bucketExists(clients, name)) ? "other account" : "absent" };
  const what = `bucket "${name}"`;
  // HeadBucket names the region in every answer (GetBucketLocation names none for us-east-1), as in import-plan.
  const region = await lookUp({
    what,
    operation: "S3 HeadBucket",
    send: async () => answered("BucketRegion", (await clients.s3(S3_GLOBAL_REGION).send(new HeadBucketCommand({ Bucket: name }))).BucketRegion),
  });
  const s3 = clients.s3(region);
  const [policy, tags] = await Promise.all([
    lookUpIfExists({
      what: `the policy of ${what}`,
      operation: "S3 GetBucketPolicy",
      absentWhen: ["NoSuchBucketPolicy"],
      send: async () => answered("Policy", (await s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy || undefined),
    }),
    lookUpIfExists({
      what: `the tags of ${what}`,
      operation: "S3 GetBucketTagging",
      absentWhen: ["NoSuchTagSet"],
      send: async () =>
        answered("TagSet", (await s3.send(new GetBucketTaggingCommand({ Bucket: name }))).TagSet).map((tag) => ({
          key: answered("Tag.Key", tag.Key),
          // An empty value comes back as an empty element, which the SDK reads as no value.
          value: tag.Value ?? "",
        })),
    }),
  ]);
  return { name, status: "found", region, policy: policy === null ? null : parseDocument(policy), tags: tags ?? [] };
}

async function readKey(clients: AwsClients, alias: string, region: string): Promise<LiveKey> {
  const kms = clients.kms(region);
  const aliasName = `alias/${alias}`;
  const key = await lookUpIfExists({
    what: `the key of ${aliasName} in ${region}`,
    operation: "KMS DescribeKey",
    absentWhen: ["NotFoundException"],
    send: async () => answered("KeyMetadata", (await kms.send(new DescribeKeyCommand({ KeyId: aliasName }))).KeyMetadata),
  });
  if (key === null) return { alias, region, status: "absent" };
  const keyId = answered("KeyMetadata.KeyId", key.KeyId);
  const arn = answered("KeyMetadata.Arn", key.Arn);
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
      send: async () => answered("Policy", (await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }))).Policy),
    }),
    lookUp({
      what: `the tags of ${what}`,
      operation: "KMS ListResourceTags",
      send: () => collect(paginateListResourceTags({ client: kms }, { KeyId: keyId }), (page) => answered("Tags", page.Tags)),
    }),
    lookUp({
      what: `the aliases of ${what}`,
      operation: "KMS ListAliases",
      send: () => collect(paginateListAliases({ client: kms }, { KeyId: keyId }), (page) => answered("Aliases", page.Aliases)),
    }),
    lookUp({
      what: `the grants of ${what}`,
      operation: "KMS ListGrants",
      send: () => collect(paginateListGrants({ client: kms }, { KeyId: keyId }), (page) => answered("Grants", page.Grants)),
    }),
  ]);
  return {
    ...metadata,
    policy: parseDocument(policy),
    tags: tags.map((tag) => ({ key: answered("TagKey", tag.TagKey), value: tag.TagValue ?? "" })),
    aliases: aliases
      .filter((a) => a.TargetKeyId === undefined || a.TargetKeyId === keyId)
      .map((a) => answered("AliasName", a.AliasName).replace(/^alias\//, ""))
      .sort(),
    // AWS names the key by ARN in each grant; some emulators by id, or list every key's grants.
    grants: grants.filter((grant) => grant.KeyId === undefined || grant.KeyId === keyId || grant.KeyId === arn).map(liveGrant),
  };
}

function liveGrant(grant: GrantListEntry): LiveGrant {
  return {
    grantId: answered("GrantId", grant.GrantId),
    name: grant.Name === undefined || grant.Name === "" ? null : grant.Name,
    // A grant to a service principal names it in GranteeServicePrincipal instead.
    granteePrincipal: answered("GranteePrincipal", grant.GranteePrincipal ?? grant.GranteeServicePrincipal),
    retiringPrincipal: grant.RetiringPrincipal ?? null,
    operations: answered("Operations", grant.Operations),
    encryptionContextEquals: grant.Constraints?.EncryptionContextEquals ?? null,
    encryptionContextSubset: grant.Constraints?.EncryptionContextSubset ?? null,
  };
}
