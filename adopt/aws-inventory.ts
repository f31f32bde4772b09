/**
 * The AWS side of adoption: which of the declared resources the account already holds, and how they stand
 * (inventory.ts). Only reads; every lookup asks for a name the declarations give, in the region they give it.
 * Only the service's own "not found" error means a resource is absent: an answer without the fields the API
 * always sends is a failed lookup (`answered`).
 */
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, paginateListGrants } from "@aws-sdk/client-kms";
import type { GrantListEntry } from "@aws-sdk/client-kms";
import { GetBucketPolicyCommand, HeadBucketCommand, paginateListBuckets } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { ResourceDeclaration } from "../pulumi/declarations";
import { ResourceType } from "../pulumi/declarations";
import type { AwsClients } from "./aws-clients";
import { answered, httpStatusOf, lookUp, lookUpIfExists, lookupError } from "./aws-calls";
import { mapConcurrently } from "./concurrently";
import type { BucketFacts, GrantFacts, InstanceProfileFacts, Inventory, KeyFacts, RoleFacts } from "./inventory";

/** Lookups at once: enough for accounts with hundreds of roles, few enough to stay clear of IAM's throttling. */
const CONCURRENT_LOOKUPS = 8;

/** ListBuckets and HeadBucket answer for every region from here (HeadBucket by following AWS's redirect). */
const S3_GLOBAL_REGION = "us-east-1";

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

export async function readCallerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  return lookUp({
    what: "the account of the AWS credentials",
    operation: "STS GetCallerIdentity",
    send: async () => {
      const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
      return { account: answered("Account", identity.Account), arn: answered("Arn", identity.Arn) };
    },
  });
}

export async function readInventory(declarations: readonly ResourceDeclaration[], clients: AwsClients): Promise<Inventory> {
  const wanted = wantedLookups(declarations);
  const owned = wanted.buckets.length === 0 ? new Set<string>() : await ownedBuckets(clients);
  const roles = new Map<string, RoleFacts | null>();
  const instanceProfiles = new Map<string, InstanceProfileFacts | null>();
  const buckets = new Map<string, BucketFacts | null>();
  const keys = new Map<string, KeyFacts | null>();
  const lookups: (() => Promise<unknown>)[] = [
    ...wanted.roles.map(({ name, attachments }) => async () => roles.set(name, await readRole(clients, name, attachments))),
    ...wanted.instanceProfiles.map((name) => async () => instanceProfiles.set(name, await readInstanceProfile(clients, name))),
    ...wanted.buckets.map((name) => async () => buckets.set(name, await readBucket(clients, name, owned.has(name)))),
    ...wanted.keys.map(({ alias, region }) => async () => keys.set(alias, await readKey(clients, alias, region))),
  ];
  await mapConcurrently(lookups, CONCURRENT_LOOKUPS, (lookup) => lookup());
  return { roles, instanceProfiles, buckets, keys };
}

interface WantedLookups {
  roles: { name: string; attachments: boolean }[];
  instanceProfiles: string[];
  buckets: string[];
  keys: { alias: string; region: string }[];
}

function wantedLookups(declarations: readonly ResourceDeclaration[]): WantedLookups {
  // Attachments are looked up only for roles whose attachments the stack manages (`managed_policies`).
  const managedAttachments = new Set(
    declarations.flatMap((d) => (d.type === ResourceType.rolePolicyAttachmentsExclusive ? [d.inputs.roleName.outputOf.name] : [])),
  );
  const wanted: WantedLookups = { roles: [], instanceProfiles: [], buckets: [], keys: [] };
  for (const d of declarations) {
    if (d.type === ResourceType.role) wanted.roles.push({ name: d.inputs.name, attachments: managedAttachments.has(d.name) });
    if (d.type === ResourceType.instanceProfile) wanted.instanceProfiles.push(d.inputs.name);
    if (d.type === ResourceType.bucket) wanted.buckets.push(d.inputs.bucket);
    if (d.type === ResourceType.key && d.importId.kind === "kmsKeyByAlias") wanted.keys.push({ alias: d.importId.aliasName, region: d.region });
  }
  return wanted;
}

async function readRole(clients: AwsClients, name: string, attachments: boolean): Promise<RoleFacts | null> {
  const iam = clients.iam();
  const what = `role "${name}"`;
  const found = await lookUpIfExists({
    what,
    operation: "IAM GetRole",
    absentWhen: ["NoSuchEntityException"],
    send: async () => {
      const role = answered("Role", (await iam.send(new GetRoleCommand({ RoleName: name }))).Role);
      return { roleName: answered("Role.RoleName", role.RoleName), path: answered("Role.Path", role.Path) };
    },
  });
  if (found === null) return null;
  const inlinePolicyNames = await lookUp({
    what: `the inline policies of ${what}`,
    operation: "IAM ListRolePolicies",
    send: () => collect(paginateListRolePolicies({ client: iam }, { RoleName: name }), (page) => answered("PolicyNames", page.PolicyNames)),
  });
  const attachedPolicyArns = !attachments
    ? null
    : await lookUp({
        what: `the managed policies attached to ${what}`,
        operation: "IAM ListAttachedRolePolicies",
        send: () =>
          collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName: name }), (page) =>
            answered("AttachedPolicies", page.AttachedPolicies).map((policy) => answered("PolicyArn", policy.PolicyArn)),
          ),
      });
  return { ...found, inlinePolicyNames, attachedPolicyArns };
}

async function readInstanceProfile(clients: AwsClients, name: string): Promise<InstanceProfileFacts | null> {
  return lookUpIfExists({
    what: `instance profile "${name}"`,
    operation: "IAM GetInstanceProfile",
    absentWhen: ["NoSuchEntityException"],
    send: async () => {
      const profile = answered("InstanceProfile", (await clients.iam().send(new GetInstanceProfileCommand({ InstanceProfileName: name }))).InstanceProfile);
      return {
        path: answered("InstanceProfile.Path", profile.Path),
        roleNames: answered("InstanceProfile.Roles", profile.Roles).map((role) => answered("RoleName", role.RoleName)),
      };
    },
  });
}

/** The names of the account's own buckets: S3 names are global, so a name may be another account's bucket. */
async function ownedBuckets(clients: AwsClients): Promise<Set<string>> {
  const names = await lookUp({
    what: "the account's buckets",
    operation: "S3 ListBuckets",
    send: () =>
      collect(paginateListBuckets({ client: clients.s3(S3_GLOBAL_REGION) }, {}), (page) =>
        // An account without buckets may be sent no Buckets element, but every answer names the Owner.
        answered("Buckets or Owner", page.Buckets ?? (page.Owner === undefined ? undefined : [])).map((bucket) => answered("Name", bucket.Name)),
      ),
  });
  return new Set(names);
}

async function readBucket(clients: AwsClients, name: string, owned: boolean): Promise<BucketFacts | null> {
  const what = `bucket "${name}"`;
  if (!owned) return (await bucketExists(clients, name)) ? { owner: "other account" } : null;
  // HeadBucket names the region in every answer; GetBucketLocation names none for us-east-1, which an empty
  // answer cannot be told from.
  const region = await lookUp({
    what,
    operation: "S3 HeadBucket",
    send: async () => answered("BucketRegion", (await clients.s3(S3_GLOBAL_REGION).send(new HeadBucketCommand({ Bucket: name }))).BucketRegion),
  });
  const policy = await lookUpIfExists({
    what: `the policy of ${what}`,
    operation: "S3 GetBucketPolicy",
    absentWhen: ["NoSuchBucketPolicy"],
    send: async () => answered("Policy", (await clients.s3(region).send(new GetBucketPolicyCommand({ Bucket: name }))).Policy || undefined),
  });
  return { owner: "account", region, hasPolicy: policy !== null };
}

/** HeadBucket answers 404 for a free name, 403 for another account's bucket (unless that account allows us). */
async function bucketExists(clients: AwsClients, name: string): Promise<boolean> {
  try {
    await clients.s3(S3_GLOBAL_REGION).send(new HeadBucketCommand({ Bucket: name }));
    return true;
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 404) return false;
    if (status === 403 || status === 301) return true;
    throw lookupError({ what: `bucket "${name}"`, operation: "S3 HeadBucket" }, error);
  }
}

async function readKey(clients: AwsClients, alias: string, region: string): Promise<KeyFacts | null> {
  const kms = clients.kms(region);
  const found = await lookUpIfExists({
    what: `the key of ${alias} in ${region}`,
    operation: "KMS DescribeKey",
    absentWhen: ["NotFoundException"],
    send: async () => {
      const metadata = answered("KeyMetadata", (await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata);
      return { key: metadata, keyId: answered("KeyMetadata.KeyId", metadata.KeyId), arn: answered("KeyMetadata.Arn", metadata.Arn) };
    },
  });
  if (found === null) return null;
  const { key, keyId, arn } = found;
  const grants = await lookUp({
    what: `the grants of ${alias} (key ${keyId}) in ${region}`,
    operation: "KMS ListGrants",
    send: () => collect(paginateListGrants({ client: kms }, { KeyId: keyId }), (page) => answered("Grants", page.Grants)),
  });
  return {
    keyId,
    arn,
    keyState: key.KeyState ?? "Unknown",
    keySpec: key.KeySpec ?? key.CustomerMasterKeySpec ?? "Unknown",
    // AWS names the key by ARN in each grant; some emulators by id, or list every key's grants.
    grants: grants.filter((grant) => grant.KeyId === undefined || grant.KeyId === keyId || grant.KeyId === arn).map(grantFacts),
  };
}

function grantFacts(grant: GrantListEntry): GrantFacts {
  return {
    grantId: grant.GrantId ?? "",
    granteePrincipal: grant.GranteePrincipal ?? "",
    retiringPrincipal: grant.RetiringPrincipal ?? null,
    operations: grant.Operations ?? [],
    encryptionContextEquals: grant.Constraints?.EncryptionContextEquals ?? null,
    encryptionContextSubset: grant.Constraints?.EncryptionContextSubset ?? null,
  };
}

async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[]): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...items(page));
  return all;
}

/** Shared with `iam-syncr generate`, which reads buckets the same way (adopt/generate/read-account.ts). */
export { bucketExists, collect, ownedBuckets };
