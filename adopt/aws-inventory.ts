/**
 * The AWS side of adoption: which of the declared resources the account already holds, and how they stand
 * (inventory.ts). Only reads; every lookup asks for a name the declarations give, in the region they give it.
 */
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, paginateListGrants } from "@aws-sdk/client-kms";
import type { GrantListEntry } from "@aws-sdk/client-kms";
import { GetBucketLocationCommand, GetBucketPolicyCommand, HeadBucketCommand, paginateListBuckets } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { ResourceDeclaration } from "../pulumi/declarations";
import { ResourceType } from "../pulumi/declarations";
import type { AwsClients } from "./aws-clients";
import { httpStatusOf, lookUp, lookUpIfExists, lookupError } from "./aws-calls";
import { mapConcurrently } from "./concurrently";
import type { BucketFacts, GrantFacts, InstanceProfileFacts, Inventory, KeyFacts, RoleFacts } from "./inventory";

/** Lookups at once: enough for accounts with hundreds of roles, few enough to stay clear of IAM's throttling. */
const CONCURRENT_LOOKUPS = 8;

/** ListBuckets and GetBucketLocation answer for every region from here. */
const S3_GLOBAL_REGION = "us-east-1";

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

export async function readCallerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  const identity = await lookUp({
    what: "the account of the AWS credentials",
    operation: "STS GetCallerIdentity",
    send: () => clients.sts().send(new GetCallerIdentityCommand({})),
  });
  return { account: identity.Account ?? "", arn: identity.Arn ?? "" };
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
    send: () => iam.send(new GetRoleCommand({ RoleName: name })),
  });
  if (found?.Role === undefined) return null;
  const inlinePolicyNames = await lookUp({
    what: `the inline policies of ${what}`,
    operation: "IAM ListRolePolicies",
    send: () => collect(paginateListRolePolicies({ client: iam }, { RoleName: name }), (page) => page.PolicyNames ?? []),
  });
  const attachedPolicyArns = !attachments
    ? null
    : await lookUp({
        what: `the managed policies attached to ${what}`,
        operation: "IAM ListAttachedRolePolicies",
        send: () =>
          collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName: name }), (page) =>
            (page.AttachedPolicies ?? []).map((policy) => policy.PolicyArn ?? ""),
          ),
      });
  return { roleName: found.Role.RoleName ?? name, path: found.Role.Path ?? "/", inlinePolicyNames, attachedPolicyArns };
}

async function readInstanceProfile(clients: AwsClients, name: string): Promise<InstanceProfileFacts | null> {
  const found = await lookUpIfExists({
    what: `instance profile "${name}"`,
    operation: "IAM GetInstanceProfile",
    absentWhen: ["NoSuchEntityException"],
    send: () => clients.iam().send(new GetInstanceProfileCommand({ InstanceProfileName: name })),
  });
  const profile = found?.InstanceProfile;
  if (profile === undefined) return null;
  return { path: profile.Path ?? "/", roleNames: (profile.Roles ?? []).map((role) => role.RoleName ?? "") };
}

/** The names of the account's own buckets: S3 names are global, so a name may be another account's bucket. */
async function ownedBuckets(clients: AwsClients): Promise<Set<string>> {
  const names = await lookUp({
    what: "the account's buckets",
    operation: "S3 ListBuckets",
    send: () =>
      collect(paginateListBuckets({ client: clients.s3(S3_GLOBAL_REGION) }, {}), (page) => (page.Buckets ?? []).map((bucket) => bucket.Name ?? "")),
  });
  return new Set(names);
}

async function readBucket(clients: AwsClients, name: string, owned: boolean): Promise<BucketFacts | null> {
  const what = `bucket "${name}"`;
  if (!owned) return (await bucketExists(clients, name)) ? { owner: "other account" } : null;
  const location = await lookUp({
    what,
    operation: "S3 GetBucketLocation",
    send: () => clients.s3(S3_GLOBAL_REGION).send(new GetBucketLocationCommand({ Bucket: name })),
  });
  const region = regionOf(location.LocationConstraint);
  const policy = await lookUpIfExists({
    what: `the policy of ${what}`,
    operation: "S3 GetBucketPolicy",
    absentWhen: ["NoSuchBucketPolicy"],
    send: () => clients.s3(region).send(new GetBucketPolicyCommand({ Bucket: name })),
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

/** GetBucketLocation's LocationConstraint: none for us-east-1, and the legacy `EU` for eu-west-1. */
function regionOf(constraint: string | undefined | null): string {
  if (constraint === undefined || constraint === null || constraint === "") return "us-east-1";
  return constraint === "EU" ? "eu-west-1" : constraint;
}

async function readKey(clients: AwsClients, alias: string, region: string): Promise<KeyFacts | null> {
  const kms = clients.kms(region);
  const found = await lookUpIfExists({
    what: `the key of ${alias} in ${region}`,
    operation: "KMS DescribeKey",
    absentWhen: ["NotFoundException"],
    send: () => kms.send(new DescribeKeyCommand({ KeyId: alias })),
  });
  const key = found?.KeyMetadata;
  if (key?.KeyId === undefined) return null;
  const keyId = key.KeyId;
  const arn = key.Arn ?? "";
  const grants = await lookUp({
    what: `the grants of ${alias} (key ${keyId}) in ${region}`,
    operation: "KMS ListGrants",
    send: () => collect(paginateListGrants({ client: kms }, { KeyId: keyId }), (page) => page.Grants ?? []),
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
export { bucketExists, collect, ownedBuckets, regionOf };
