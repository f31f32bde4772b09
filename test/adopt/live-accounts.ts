/**
 * Accounts built by hand in moto_server for the `iam-syncr generate` tests, described as data (an AccountModel),
 * and the oracle that checks a compiled plan against that data: the test's own record of what it created, never
 * what generate read, so that a wrong read fails as surely as a wrong conversion.
 *
 * ARNs and documents are written with two tokens, replaced when the account is built: `<OWN>` (the account's id)
 * and `<SELF>` (the role's own ARN, in a role's documents).
 */
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, KMSClient, type GrantOperation } from "@aws-sdk/client-kms";
import { CreateBucketCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, S3Client, type BucketLocationConstraint } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { planImport } from "../../adopt/import-plan";
import type { Inventory } from "../../adopt/inventory";
import { canonicalPolicy } from "../../adopt/generate/equivalence";
import type { Plan } from "../../compiler";
import { YamlPath } from "../../compiler/source/location";
import { compareText, listify } from "../../compiler/values";
import { declareResources, ResourceType } from "../../pulumi/declarations";

export interface AccountModel {
  /** Customer managed policies to create first, for attachments and boundaries: `<path><name>`, e.g. `/ops/write`. */
  readonly policies: readonly string[];
  readonly roles: readonly RoleModel[];
  readonly buckets: readonly BucketModel[];
  readonly keys: readonly KeyModel[];
}

export type ProfileModel = "none" | "own" | "own name, other path" | "other name";

export interface RoleModel {
  readonly name: string;
  readonly path: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  /** A policy ARN (with `<OWN>`). */
  readonly boundary?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly trust: unknown;
  readonly inline: readonly { readonly name: string; readonly document: unknown }[];
  /** Policy ARNs (with `<OWN>`). */
  readonly attached: readonly string[];
  readonly profile: ProfileModel;
}

export interface BucketModel {
  readonly name: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly policy: unknown | null;
}

export interface KeyModel {
  readonly alias: string;
  readonly region: string;
  readonly description: string;
  readonly policy: unknown;
  readonly tags: Readonly<Record<string, string>>;
  readonly grants: readonly GrantModel[];
}

export interface GrantModel {
  readonly grantee: string;
  readonly retiree?: string;
  readonly operations: readonly string[];
  readonly constraints?: { readonly EncryptionContextEquals?: Record<string, string>; readonly EncryptionContextSubset?: Record<string, string> };
  readonly name?: string;
}

/** What the build learnt that the model could not say: key and grant ids. */
export interface BuiltAccount {
  readonly id: string;
  readonly keys: ReadonlyMap<string, { keyId: string; arn: string; grantIds: string[] }>;
}

export function resolveTokens<T>(value: T, id: string, self?: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll("<OWN>", id).replaceAll("<SELF>", self ?? "<SELF>")) as T;
}

export function roleArn(role: Pick<RoleModel, "name" | "path">, id: string): string {
  return `arn:aws:iam::${id}:role${role.path}${role.name}`;
}

/** moto's clients for one account and region (moto's `x-moto-account-id`). */
export function clientsFor(endpoint: string, id: string, region = "us-east-1"): { iam: IAMClient; s3: S3Client; kms: KMSClient } {
  const config = { endpoint, region, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
  const clients = { iam: new IAMClient(config), s3: new S3Client({ ...config, forcePathStyle: true }), kms: new KMSClient(config) };
  for (const client of Object.values(clients)) {
    (client.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
      (next: (args: { request: { headers: Record<string, string> } }) => unknown) => (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers["x-moto-account-id"] = id;
        return next(args);
      },
      { step: "build" },
    );
  }
  return clients;
}

export async function buildAccount(endpoint: string, id: string, model: AccountModel): Promise<BuiltAccount> {
  const made: { destroy(): void }[] = [];
  const clients = (region?: string) => {
    const set = clientsFor(endpoint, id, region);
    made.push(...Object.values(set));
    return set;
  };
  try {
    return await build(clients, id, model);
  } finally {
    // Their connections would otherwise stay open until the server stops.
    for (const client of made) client.destroy();
  }
}

async function build(clientsIn: (region?: string) => ReturnType<typeof clientsFor>, id: string, model: AccountModel): Promise<BuiltAccount> {
  const { iam, s3 } = clientsIn();
  const own = <T>(value: T, self?: string) => resolveTokens(value, id, self);
  for (const policy of model.policies) {
    const slash = policy.lastIndexOf("/");
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: policy.slice(slash + 1),
        Path: policy.slice(0, slash + 1),
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] }),
      }),
    );
  }
  for (const role of model.roles) {
    const self = roleArn(role, id);
    await iam.send(
      new CreateRoleCommand({
        RoleName: role.name,
        Path: role.path,
        AssumeRolePolicyDocument: JSON.stringify(own(role.trust, self)),
        Description: role.description,
        MaxSessionDuration: role.maxSessionDuration,
        PermissionsBoundary: role.boundary === undefined ? undefined : own(role.boundary),
        Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    for (const policy of role.inline) {
      await iam.send(new PutRolePolicyCommand({ RoleName: role.name, PolicyName: policy.name, PolicyDocument: JSON.stringify(own(policy.document, self)) }));
    }
    for (const arn of role.attached) await iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: own(arn) }));
    if (role.profile !== "none") {
      const name = role.profile === "other name" ? `${role.name}-profile` : role.name;
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name, Path: role.profile === "own name, other path" ? "/ops/" : "/" }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: role.name }));
    }
  }
  for (const bucket of model.buckets) {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket.name,
        ...(bucket.region !== "us-east-1" && { CreateBucketConfiguration: { LocationConstraint: bucket.region as BucketLocationConstraint } }),
      }),
    );
    if (bucket.policy !== null) await s3.send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: JSON.stringify(own(bucket.policy)) }));
    const tags = Object.entries(bucket.tags);
    if (tags.length > 0) await s3.send(new PutBucketTaggingCommand({ Bucket: bucket.name, Tagging: { TagSet: tags.map(([Key, Value]) => ({ Key, Value })) } }));
  }
  const keys = new Map<string, { keyId: string; arn: string; grantIds: string[] }>();
  for (const key of model.keys) {
    const { kms } = clientsIn(key.region);
    const created = await kms.send(
      new CreateKeyCommand({
        Description: key.description,
        Policy: JSON.stringify(own(key.policy)),
        Tags: Object.entries(key.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      }),
    );
    const keyId = created.KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: `alias/${key.alias}`, TargetKeyId: keyId }));
    const grantIds: string[] = [];
    for (const grant of key.grants) {
      const made = await kms.send(
        new CreateGrantCommand({
          KeyId: keyId,
          GranteePrincipal: own(grant.grantee),
          RetiringPrincipal: grant.retiree === undefined ? undefined : own(grant.retiree),
          Operations: grant.operations as GrantOperation[],
          Constraints: grant.constraints,
          Name: grant.name,
        }),
      );
      grantIds.push(made.GrantId!);
    }
    keys.set(key.alias, { keyId, arn: created.KeyMetadata!.Arn!, grantIds });
  }
  return { id, keys };
}

/** The role's inline policies as the one document the stack holds: one as it is, several as the union of their statements. */
export function inlineDocument(role: RoleModel): unknown {
  if (role.inline.length === 0) return null;
  if (role.inline.length === 1) return role.inline[0].document;
  return { Version: "2012-10-17", Statement: role.inline.flatMap((p) => listify((p.document as { Statement: unknown }).Statement)) };
}

/** Grants the YAML can declare: no name and no named twin, each content once (the model's grantees are ARNs). */
export function declarableGrants(key: KeyModel): GrantModel[] {
  const seen = new Set<string>();
  const named = new Set(key.grants.filter((g) => g.name !== undefined).map(grantIdentity));
  return key.grants.filter((grant) => {
    if (grant.name !== undefined) return false;
    const identity = grantIdentity(grant);
    if (seen.has(identity) || named.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}

function grantIdentity(grant: Pick<GrantModel, "grantee" | "retiree" | "operations" | "constraints">): string {
  const context = (pairs: Record<string, string> | undefined) =>
    pairs === undefined || Object.keys(pairs).length === 0 ? null : Object.entries(pairs).sort(([a], [b]) => compareText(a, b));
  return JSON.stringify([
    grant.grantee,
    grant.retiree ?? null,
    [...new Set(grant.operations)].sort(compareText),
    context(grant.constraints?.EncryptionContextEquals),
    context(grant.constraints?.EncryptionContextSubset),
  ]);
}

/**
 * The plan holds each written role, bucket and key exactly as the model built it: every document equivalent
 * (equivalence.ts), every other property equal.
 */
export function expectPlanMatches(plan: Plan, built: BuiltAccount, written: { roles: readonly RoleModel[]; buckets: readonly BucketModel[]; keys: readonly KeyModel[] }, policyLeftAlone: ReadonlySet<string> = new Set()): void {
  const id = built.id;
  const own = <T>(value: T, self?: string) => resolveTokens(value, id, self);
  const roles = Object.values(plan.roles);
  expect(roles.map((r) => r.name).sort(compareText), "the roles of the plan").to.deep.equal(written.roles.map((r) => r.name).sort(compareText));
  for (const role of written.roles) {
    const compiled = roles.find((r) => r.name === role.name)!;
    const self = roleArn(role, id);
    const what = `role ${role.path}${role.name}`;
    expect(
      {
        path: compiled.path,
        description: compiled.description ?? "",
        maxSessionDuration: compiled.maxSessionDuration ?? 3600,
        permissionsBoundary: compiled.permissionsBoundary,
        managedPolicies: [...(compiled.managedPolicies ?? [])].sort(compareText),
        tags: compiled.tags,
        instanceProfile: compiled.instanceProfile,
        trustPolicy: canonicalPolicy(compiled.trustPolicy),
        policy: compiled.policy === null ? null : canonicalPolicy(compiled.policy),
      },
      what,
    ).to.deep.equal({
      path: role.path,
      description: role.description ?? "",
      maxSessionDuration: role.maxSessionDuration ?? 3600,
      permissionsBoundary: role.boundary === undefined ? null : own(role.boundary),
      managedPolicies: own([...role.attached]).sort(compareText),
      tags: Object.fromEntries(Object.entries(role.tags).sort(([a], [b]) => compareText(a, b))),
      instanceProfile: role.profile === "own",
      trustPolicy: canonicalPolicy(own(role.trust, self)),
      policy: role.inline.length === 0 ? null : canonicalPolicy(own(inlineDocument(role), self)),
    });
  }
  expect(Object.keys(plan.buckets).sort(), "the buckets of the plan").to.deep.equal(written.buckets.map((b) => b.name).sort());
  for (const bucket of written.buckets) {
    const compiled = plan.buckets[bucket.name];
    const tags = Object.fromEntries(Object.entries(bucket.tags).filter(([k]) => !k.startsWith("aws:")).sort(([a], [b]) => compareText(a, b)));
    const policy = bucket.policy === null || policyLeftAlone.has(bucket.name) ? null : canonicalPolicy(own(bucket.policy));
    expect({ location: compiled.location, tags: compiled.tags, policy: compiled.policy === null ? null : canonicalPolicy(compiled.policy) }, `bucket ${bucket.name}`).to.deep.equal({
      location: bucket.region,
      tags,
      policy,
    });
  }
  expect(Object.keys(plan.keys).sort(), "the keys of the plan").to.deep.equal(written.keys.map((k) => k.alias).sort());
  for (const key of written.keys) {
    const compiled = plan.keys[key.alias];
    const grants = compiled.grants.map((g) =>
      grantIdentity({ grantee: g.grantee, retiree: g.retiree ?? undefined, operations: g.operations, constraints: g.constraints ?? undefined }),
    );
    expect(
      { location: compiled.location, description: compiled.description, policy: canonicalPolicy(compiled.policy), grants: grants.sort() },
      `key alias/${key.alias}`,
    ).to.deep.equal({
      location: key.region,
      description: key.description,
      policy: canonicalPolicy(own(key.policy)),
      grants: declarableGrants(key).map((g) => grantIdentity(own(g))).sort(),
    });
  }
}

/**
 * import-plan on the plan, given what the model built (not what generate read): every declared resource is found
 * and imported, and nothing would change. `merged`: names of roles written with --merge-inline-policies, whose new policy
 * is created and old ones deleted, as the summary says.
 */
export function expectAdoptedWithoutChange(plan: Plan, model: AccountModel, built: BuiltAccount, merged: ReadonlySet<string> = new Set()): void {
  const id = built.id;
  const own = <T>(value: T) => resolveTokens(value, id);
  const byName = new Map(model.roles.map((r) => [r.name, r]));
  const inventory: Inventory = {
    roles: new Map(
      Object.values(plan.roles).map((compiled) => {
        const role = byName.get(compiled.name)!;
        return [compiled.name, { roleName: role.name, path: role.path, inlinePolicyNames: role.inline.map((p) => p.name), attachedPolicyArns: own([...role.attached]) }];
      }),
    ),
    instanceProfiles: new Map(
      Object.values(plan.roles)
        .filter((r) => r.instanceProfile)
        .map((compiled) => {
          const role = byName.get(compiled.name)!;
          const exists = role.profile === "own" || role.profile === "own name, other path";
          return [compiled.name, exists ? { path: role.profile === "own" ? "/" : "/ops/", roleNames: [role.name] } : null];
        }),
    ),
    buckets: new Map(
      Object.keys(plan.buckets).map((name) => {
        const bucket = model.buckets.find((b) => b.name === name)!;
        return [name, { owner: "account" as const, region: bucket.region, hasPolicy: bucket.policy !== null }];
      }),
    ),
    keys: new Map(
      Object.keys(plan.keys).map((alias) => {
        const key = model.keys.find((k) => k.alias === alias)!;
        const ids = built.keys.get(alias)!;
        const grants = key.grants.map((g, i) => ({
          grantId: ids.grantIds[i],
          granteePrincipal: own(g.grantee),
          retiringPrincipal: g.retiree === undefined ? null : own(g.retiree),
          operations: [...g.operations],
          encryptionContextEquals: g.constraints?.EncryptionContextEquals ?? null,
          encryptionContextSubset: g.constraints?.EncryptionContextSubset ?? null,
        }));
        return [`alias/${alias}`, { keyId: ids.keyId, arn: ids.arn, keyState: "Enabled", keySpec: "SYMMETRIC_DEFAULT", grants }];
      }),
    ),
  };
  const adoption = planImport(plan.account.name, declareResources(plan), inventory);
  const mergedSources = new Set(Object.entries(plan.roles).filter(([, r]) => merged.has(r.name)).map(([fullName]) => YamlPath.of("roles", fullName).toString()));
  const isMerged = (source: string) => mergedSources.has(source);
  const created = adoption.created.filter((c) => !(c.type === ResourceType.rolePolicy && isMerged(c.source)));
  const changes = adoption.findings.filter((f) => f.kind !== "untouched" && !(f.kind === "change" && isMerged(f.source) && f.message.startsWith("inline policy ")));
  expect({ created, changes }, "import-plan").to.deep.equal({ created: [], changes: [] });
}
