/**
 * What an account holds of a plan, read back from moto through the AWS SDK, and what the plan says it must hold,
 * in one shape, so a test compares the two with one deep equality: every role (path, trust policy, description,
 * session duration, boundary, tags, inline policies, attached policies, instance profile), every bucket (region,
 * policy, tags) and every key (description, policy, alias, grants).
 */
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyPolicyCommand, ListGrantsCommand } from "@aws-sdk/client-kms";
import { GetBucketLocationCommand, GetBucketPolicyCommand, GetBucketTaggingCommand } from "@aws-sdk/client-s3";
import type { IAMClient } from "@aws-sdk/client-iam";
import { expect } from "chai";
import type { Plan } from "../../../compiler/plan";
import type { AwsClients } from "../../support/moto";

export interface RoleContents {
  path: string;
  trustPolicy: unknown;
  description: string | null;
  maxSessionDuration: number;
  permissionsBoundary: string | null;
  tags: Record<string, string>;
  inlinePolicies: Record<string, unknown>;
  managedPolicyArns: string[];
  /** The instance profile named after the role, with the roles it holds; null when there is none. */
  instanceProfile: { path: string; roles: string[] } | null;
}

export interface BucketContents {
  region: string;
  policy: unknown;
  tags: Record<string, string>;
}

export interface GrantContents {
  grantee: string;
  retiree: string | null;
  operations: string[];
  constraints: unknown;
}

export interface KeyContents {
  region: string;
  description: string;
  policy: unknown;
  grants: GrantContents[];
}

export interface AccountContents {
  roles: Record<string, RoleContents>;
  buckets: Record<string, BucketContents>;
  keys: Record<string, KeyContents>;
}

/** What the plan declares, in the shape `readAccount` reads. */
export function expectedContents(plan: Plan): AccountContents {
  const roles: Record<string, RoleContents> = {};
  for (const role of Object.values(plan.roles)) {
    roles[role.name] = {
      path: role.path,
      trustPolicy: role.trustPolicy,
      description: role.description,
      maxSessionDuration: role.maxSessionDuration ?? 3600,
      permissionsBoundary: role.permissionsBoundary,
      tags: role.tags,
      inlinePolicies: role.policy === null ? {} : { [role.policyName]: role.policy },
      managedPolicyArns: [...(role.managedPolicies ?? [])].sort(),
      instanceProfile: role.instanceProfile ? { path: "/", roles: [role.name] } : null,
    };
  }
  const buckets: Record<string, BucketContents> = {};
  for (const [name, bucket] of Object.entries(plan.buckets)) buckets[name] = { region: bucket.location, policy: bucket.policy, tags: bucket.tags };
  const keys: Record<string, KeyContents> = {};
  for (const [alias, key] of Object.entries(plan.keys)) {
    keys[alias] = {
      region: key.location,
      description: key.description,
      policy: key.policy,
      grants: sortGrants(
        key.grants.map((g) => ({ grantee: g.grantee, retiree: g.retiree, operations: [...g.operations].sort(), constraints: g.constraints })),
      ),
    };
  }
  return { roles, buckets, keys };
}

/** Clients acting in one account, for a region. */
export type ClientsIn = (region: string) => AwsClients;

/** What the account holds of the plan's roles, buckets and keys (missing ones are left out). */
export async function readAccount(clientsIn: ClientsIn, plan: Plan): Promise<AccountContents> {
  const clients = clientsIn("us-east-1");
  const roles: Record<string, RoleContents> = {};
  for (const role of Object.values(plan.roles)) {
    const found = await readRole(clients, role.name);
    if (found !== null) roles[role.name] = found;
  }
  const buckets: Record<string, BucketContents> = {};
  for (const name of Object.keys(plan.buckets)) {
    const found = await readBucket(clients, name);
    if (found !== null) buckets[name] = found;
  }
  const keys: Record<string, KeyContents> = {};
  for (const [alias, key] of Object.entries(plan.keys)) {
    const found = await readKey(clientsIn(key.location), alias);
    if (found !== null) keys[alias] = found;
  }
  return { roles, buckets, keys };
}

export async function readRole(clients: AwsClients, RoleName: string): Promise<RoleContents | null> {
  const { iam } = clients;
  let role;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName }))).Role;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  const inlinePolicies: Record<string, unknown> = {};
  for (const PolicyName of (await iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? []) {
    inlinePolicies[PolicyName] = parse((await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument);
  }
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? [];
  let instanceProfile: RoleContents["instanceProfile"] = null;
  try {
    const profile = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: RoleName }))).InstanceProfile;
    instanceProfile = { path: profile?.Path ?? "", roles: (profile?.Roles ?? []).map((r) => r.RoleName ?? "") };
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  return {
    path: role?.Path ?? "",
    trustPolicy: parse(role?.AssumeRolePolicyDocument),
    description: role?.Description ?? null,
    maxSessionDuration: role?.MaxSessionDuration ?? -1,
    permissionsBoundary: role?.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    tags: Object.fromEntries((role?.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
    inlinePolicies,
    managedPolicyArns: attached.map((p) => p.PolicyArn ?? "").sort(),
    instanceProfile,
  };
}

/** Fails unless IAM answers that the role does not exist (NoSuchEntity, and nothing else). */
export async function expectNoRole(iam: IAMClient, RoleName: string): Promise<void> {
  try {
    await iam.send(new GetRoleCommand({ RoleName }));
  } catch (error) {
    expect((error as Error).name).to.equal("NoSuchEntityException");
    return;
  }
  throw new Error(`role ${RoleName} still exists`);
}

export async function readBucket(clients: AwsClients, Bucket: string): Promise<BucketContents | null> {
  const { s3 } = clients;
  let region: string;
  try {
    region = (await s3.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint || "us-east-1";
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  let policy: unknown = null;
  try {
    policy = parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  let tags: Record<string, string> = {};
  try {
    tags = Object.fromEntries(((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  return { region, policy, tags };
}

/** The key behind `alias/<alias>`; `clients` are for the key's region. */
export async function readKey(clients: AwsClients, alias: string): Promise<KeyContents | null> {
  const kms = clients.kms;
  const region = await kms.config.region();
  let metadata;
  try {
    metadata = (await kms.send(new DescribeKeyCommand({ KeyId: `alias/${alias}` }))).KeyMetadata;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  const KeyId = metadata?.KeyId ?? "";
  const policy = parse((await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: "default" }))).Policy);
  const grants = ((await kms.send(new ListGrantsCommand({ KeyId }))).Grants ?? []).map((g) => ({
    grantee: g.GranteePrincipal ?? "",
    retiree: g.RetiringPrincipal ?? null,
    operations: [...(g.Operations ?? [])].sort(),
    constraints: g.Constraints ?? null,
  }));
  return { region, description: metadata?.Description ?? "", policy, grants: sortGrants(grants) };
}

/** The key id behind an alias; `clients` are for the key's region. */
export async function keyIdOf(clients: AwsClients, alias: string): Promise<string> {
  const metadata = (await clients.kms.send(new DescribeKeyCommand({ KeyId: `alias/${alias}` }))).KeyMetadata;
  return metadata?.KeyId ?? "";
}

function sortGrants(grants: GrantContents[]): GrantContents[] {
  return [...grants].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

function parse(document: string | undefined): unknown {
  if (document === undefined) return null;
  return JSON.parse(document.trimStart().startsWith("{") ? document : decodeURIComponent(document));
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && ["NoSuchEntityException", "NoSuchEntity", "NotFoundException", "NoSuchBucket", "NoSuchBucketPolicy", "NoSuchTagSet"].includes(error.name);
}
