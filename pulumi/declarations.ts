/**
 * What a stack holds, as plain data: every Pulumi resource a plan becomes, with its type token, logical name,
 * provider, inputs, options and import ID. The Pulumi program (program.ts) turns this list into resources and
 * `iam-syncr import-plan` turns the same list into Pulumi's import file, so both always agree on types and
 * logical names. Nothing here knows Pulumi or AWS: it is a pure function of the plan.
 */
import { deploySessionName, type AssumeRoleTarget } from "../aws/assume-role";
import { canonicalJson } from "../compiler/canonical";
import type { BucketPlan, GrantConstraints, GrantPlan, KeyPlan, Plan, PlanAccount, RolePlan } from "../compiler/plan";
import { YamlPath } from "../compiler/source/location";
import {
  attachmentLogicalName,
  bucketLogicalName,
  grantLogicalName,
  keyLogicalName,
  providerLogicalName,
  roleLogicalName,
} from "./logical-names";
import { RoleReferences } from "./role-references";

/**
 * IAM is global; its API lives in us-east-1. IAM resources use that region's provider whatever the stack's
 * `aws:region` is, because pulumi-aws replaces every resource of a provider whose region changes: tying roles to
 * `aws:region` would delete and recreate every role the day someone changes the stack's default region.
 */
export const IAM_REGION = "us-east-1";

export const ResourceType = {
  provider: "pulumi:providers:aws",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  rolePoliciesExclusive: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
  instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  grant: "aws:kms/grant:Grant",
  removedRole: "pulumi-nodejs:dynamic/iam-syncr:RemovedRole",
} as const;

export type ResourceTypeToken = (typeof ResourceType)[keyof typeof ResourceType];

/** A resource's identity in the stack: its URN is made of these two. */
export interface ResourceKey {
  readonly type: ResourceTypeToken;
  readonly name: string;
}

/** An output of another declared resource; the program passes the Output itself, so the engine sees the dependency. */
export interface OutputOf {
  readonly outputOf: ResourceKey;
  readonly property: "name" | "bucket" | "keyId";
}

export interface DeclarationOptions {
  /** Leaving the stack never deletes it in AWS (buckets, keys, aliases). */
  readonly retainOnDelete: boolean;
  /** Its physical name is fixed, so a replacement must delete the old one before creating the new one. */
  readonly deleteBeforeReplace: boolean;
  readonly dependsOn: readonly ResourceKey[];
  /** Resources whose replacement replaces this one too (see where it is set). */
  readonly replaceWith: readonly ResourceKey[];
  /** Properties whose difference from AWS never causes an update (see where each is set). */
  readonly ignoreChanges: readonly string[];
}

/** The ID `pulumi import` needs to adopt an existing resource. */
export type ImportId =
  /** Known from the plan alone. */
  | { readonly kind: "id"; readonly id: string }
  /** The id of the key that `aliasName` points to in the declaration's region. */
  | { readonly kind: "kmsKeyByAlias"; readonly aliasName: string }
  /** `<key id>:<grant id>` of the grant of that key matching the declaration's inputs. */
  | { readonly kind: "kmsGrant"; readonly aliasName: string }
  /** Providers and removed roles are never imported. */
  | { readonly kind: "none" };

export interface ProviderInputs {
  readonly region: string;
  readonly allowedAccountIds: readonly string[];
  /** The account's deploy role (docs/credentials.md), assumed with the environment's credentials; absent without one. */
  readonly assumeRoles?: readonly AssumeRoleTarget[];
}

export interface RoleInputs {
  readonly name: string;
  readonly path: string;
  readonly assumeRolePolicy: string;
  /**
   * Deleting the role (it left the YAML, or a new path replaces it) first detaches every managed policy and
   * deletes every inline policy it has. Without it the provider detaches only what its state recorded when the
   * role was last written, so a policy attached or written by hand since makes IAM refuse DeleteRole
   * (DeleteConflict), after minutes of retries (terraform-provider-aws internal/service/iam/role.go, DeleteRole).
   * The stack owns the role: what was added to it by hand goes with it, as its inline policies would anyway.
   */
  readonly forceDetachPolicies: true;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly permissionsBoundary?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RolePolicyInputs {
  readonly name: string;
  readonly role: OutputOf;
  readonly policy: string;
}

export interface RolePoliciesExclusiveInputs {
  readonly roleName: OutputOf;
  readonly policyNames: readonly string[];
}

export interface InstanceProfileInputs {
  readonly name: string;
  readonly path: string;
  readonly role: OutputOf;
}

export interface RolePolicyAttachmentInputs {
  readonly role: OutputOf;
  readonly policyArn: string;
}

export interface RolePolicyAttachmentsExclusiveInputs {
  readonly roleName: OutputOf;
  readonly policyArns: readonly string[];
}

export interface BucketInputs {
  readonly bucket: string;
  readonly region: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface BucketPolicyInputs {
  readonly bucket: OutputOf;
  readonly policy: string;
  readonly region: string;
}

export interface KeyInputs {
  readonly description: string;
  readonly policy: string;
  readonly keyUsage: "ENCRYPT_DECRYPT";
  readonly customerMasterKeySpec: "SYMMETRIC_DEFAULT";
  readonly region: string;
}

export interface AliasInputs {
  readonly name: string;
  readonly targetKeyId: OutputOf;
  readonly region: string;
}

export interface GrantConstraintInputs {
  readonly encryptionContextEquals?: Readonly<Record<string, string>>;
  readonly encryptionContextSubset?: Readonly<Record<string, string>>;
}

export interface GrantInputs {
  readonly keyId: OutputOf;
  readonly granteePrincipal: string;
  readonly retiringPrincipal?: string;
  readonly operations: readonly string[];
  readonly constraints?: readonly GrantConstraintInputs[];
  readonly grantCreationTokens?: readonly string[];
  /** false: a grant that leaves the stack is revoked, not retired (see grantInputs). */
  readonly retireOnDelete: false;
  readonly region: string;
}

export interface RemovedRoleInputs {
  readonly roleName: string;
  readonly accountId: string;
  readonly region: string;
  /** The account's deploy role, as the providers assume it; absent without one. */
  readonly assumeRole?: AssumeRoleTarget;
}

interface Declared<T extends ResourceTypeToken, I> {
  readonly type: T;
  readonly name: string;
  /** Where in the plan it comes from, for messages: `roles.ops/ci/runner`, `keys.app.grant[0]`, `region eu-west-1`. */
  readonly source: string;
  readonly region: string;
  /** The logical name of the AWS provider it uses; null for providers and for the dynamic RemovedRole. */
  readonly provider: string | null;
  readonly inputs: I;
  readonly options: DeclarationOptions;
  readonly importId: ImportId;
}

export type ProviderDeclaration = Declared<typeof ResourceType.provider, ProviderInputs>;

export type ResourceDeclaration =
  | ProviderDeclaration
  | Declared<typeof ResourceType.role, RoleInputs>
  | Declared<typeof ResourceType.rolePolicy, RolePolicyInputs>
  | Declared<typeof ResourceType.rolePoliciesExclusive, RolePoliciesExclusiveInputs>
  | Declared<typeof ResourceType.instanceProfile, InstanceProfileInputs>
  | Declared<typeof ResourceType.rolePolicyAttachment, RolePolicyAttachmentInputs>
  | Declared<typeof ResourceType.rolePolicyAttachmentsExclusive, RolePolicyAttachmentsExclusiveInputs>
  | Declared<typeof ResourceType.bucket, BucketInputs>
  | Declared<typeof ResourceType.bucketPolicy, BucketPolicyInputs>
  | Declared<typeof ResourceType.key, KeyInputs>
  | Declared<typeof ResourceType.alias, AliasInputs>
  | Declared<typeof ResourceType.grant, GrantInputs>
  | Declared<typeof ResourceType.removedRole, RemovedRoleInputs>;

/** Every resource the stack holds for this plan: providers first (sorted by region), then roles, removed roles, buckets, keys. */
export function declareResources(plan: Plan): ResourceDeclaration[] {
  const references = new RoleReferences(plan);
  const resources: ResourceDeclaration[] = [
    ...Object.entries(plan.roles).flatMap(([fullName, role]) => declareRole(fullName, role, references)),
    ...plan.removedRoles.map((leaf) => declareRemovedRole(leaf, plan.account)),
    ...Object.entries(plan.buckets).flatMap(([name, bucket]) => declareBucket(name, bucket, references)),
    ...Object.entries(plan.keys).flatMap(([alias, key]) => declareKey(alias, key, references)),
  ];
  const regions = [...new Set(resources.filter((r) => r.provider !== null).map((r) => r.region))].sort();
  const declarations = [...regions.map((region) => declareProvider(region, plan.account)), ...resources];
  assertUniqueKeys(declarations);
  return declarations;
}

/** The engine rejects two resources with one URN; say which YAML entries collide instead. */
function assertUniqueKeys(declarations: readonly ResourceDeclaration[]): void {
  const seen = new Map<string, ResourceDeclaration>();
  for (const declaration of declarations) {
    const key = `${declaration.type}::${declaration.name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new Error(
        `${earlier.source} and ${declaration.source} would both become the Pulumi resource ${declaration.type} ` +
          `named "${declaration.name}"; rename one of them.`,
      );
    }
    seen.set(key, declaration);
  }
}

const plain: DeclarationOptions = { retainOnDelete: false, deleteBeforeReplace: false, dependsOn: [], replaceWith: [], ignoreChanges: [] };
const fixedName: DeclarationOptions = { ...plain, deleteBeforeReplace: true };
const retained: DeclarationOptions = { ...plain, retainOnDelete: true };

function importById(id: string): ImportId {
  return { kind: "id", id };
}

/**
 * A document that names roles of this stack waits for them (role-references.ts): AWS refuses a principal that
 * does not exist yet.
 */
function waitingFor(roleNames: readonly string[], options: DeclarationOptions = plain): DeclarationOptions {
  if (roleNames.length === 0) return options;
  return { ...options, dependsOn: [...options.dependsOn, ...roleNames.map((name) => ({ type: ResourceType.role, name }))] };
}

/**
 * The role every AWS call for the account is made through (accounts.yaml `deploy_role`), with a session name
 * that identifies iam-syncr and the stack in CloudTrail; undefined when the account has none.
 */
export function deployRoleOf(account: PlanAccount): AssumeRoleTarget | undefined {
  if (account.deployRoleArn === undefined) return undefined;
  return { roleArn: account.deployRoleArn, sessionName: deploySessionName(account.name) };
}

function declareProvider(region: string, account: PlanAccount): ProviderDeclaration {
  const deployRole = deployRoleOf(account);
  return {
    type: ResourceType.provider,
    name: providerLogicalName(region),
    source: `region ${region}`,
    region,
    provider: null,
    // Credentials for another account fail before any change (DIALECT.md 1.7), those of an assumed deploy role too.
    inputs: { region, allowedAccountIds: [account.id], ...(deployRole !== undefined && { assumeRoles: [deployRole] }) },
    options: plain,
    importId: { kind: "none" },
  };
}

function declareRole(fullName: string, role: RolePlan, references: RoleReferences): ResourceDeclaration[] {
  const name = roleLogicalName(role.name);
  const source = YamlPath.of("roles", fullName).toString();
  const iam = { name, source, region: IAM_REGION, provider: providerLogicalName(IAM_REGION) };
  const roleKey: ResourceKey = { type: ResourceType.role, name };
  const roleName: OutputOf = { outputOf: roleKey, property: "name" };
  const leaf = role.name;

  const declarations: ResourceDeclaration[] = [
    {
      ...iam,
      type: ResourceType.role,
      inputs: {
        name: leaf,
        path: role.path,
        assumeRolePolicy: canonicalJson(role.trustPolicy),
        forceDetachPolicies: true,
        ...(role.description !== null && { description: role.description }),
        ...(role.maxSessionDuration !== null && { maxSessionDuration: role.maxSessionDuration }),
        ...(role.permissionsBoundary !== null && { permissionsBoundary: role.permissionsBoundary }),
        ...tagsInput(role.tags),
      },
      // A new Path replaces the role, and the new one has the same RoleName.
      options: waitingFor(references.trustedBy(fullName), fixedName),
      importId: importById(leaf),
    },
  ];

  const keptPolicies: ResourceKey[] = [];
  if (role.policy !== null) {
    declarations.push({
      ...iam,
      type: ResourceType.rolePolicy,
      inputs: { name: role.policyName, role: roleName, policy: canonicalJson(role.policy) },
      // PutRolePolicy overwrites: creating the replacement first and deleting the old one would delete both.
      options: waitingFor(references.namedIn(role.policy, name), fixedName),
      importId: importById(`${leaf}:${role.policyName}`),
    });
    keptPolicies.push({ type: ResourceType.rolePolicy, name });
  }
  declarations.push({
    ...iam,
    type: ResourceType.rolePoliciesExclusive,
    // Inline policies are exclusive (DIALECT.md 4.8): any policy but ours is deleted, all of them when we have none.
    inputs: { roleName, policyNames: role.policy === null ? [] : [role.policyName] },
    options: { ...plain, dependsOn: keptPolicies },
    importId: importById(leaf),
  });

  if (role.instanceProfile) {
    declarations.push({
      ...iam,
      type: ResourceType.instanceProfile,
      inputs: { name: leaf, path: "/", role: roleName },
      // Deleting a role removes it from every instance profile (terraform-provider-aws role.go, DeleteRole). When a
      // new path or a new case replaces the role, the profile's inputs stay the same (same role name), so the engine
      // would leave it as it is: empty, and every instance using it without credentials. Replacing the profile
      // with the role creates it again holding the new role. It gets a new id: instances that used it must be
      // associated with it again (docs/pulumi.md, "What the stack holds"), which an empty profile would need as well.
      options: { ...fixedName, replaceWith: [roleKey] },
      importId: importById(leaf),
    });
  }

  if (role.managedPolicies !== null) {
    const attachments: ResourceKey[] = [];
    for (const policyArn of role.managedPolicies) {
      const attachmentName = attachmentLogicalName(leaf, policyArn);
      declarations.push({
        ...iam,
        type: ResourceType.rolePolicyAttachment,
        name: attachmentName,
        inputs: { role: roleName, policyArn },
        // Attaching twice is a no-op: creating the replacement first and detaching the old one would detach it.
        options: fixedName,
        importId: importById(`${leaf}/${policyArn}`),
      });
      attachments.push({ type: ResourceType.rolePolicyAttachment, name: attachmentName });
    }
    declarations.push({
      ...iam,
      type: ResourceType.rolePolicyAttachmentsExclusive,
      inputs: { roleName, policyArns: [...role.managedPolicies] },
      options: { ...plain, dependsOn: attachments },
      importId: importById(leaf),
    });
  }
  return declarations;
}

function declareRemovedRole(leaf: string, account: PlanAccount): ResourceDeclaration {
  const deployRole = deployRoleOf(account);
  return {
    type: ResourceType.removedRole,
    name: roleLogicalName(leaf),
    source: `remove_roles: ${leaf}`,
    region: IAM_REGION,
    // A dynamic resource runs in its own provider; it checks the account itself (STS) before any change.
    provider: null,
    inputs: { roleName: leaf, accountId: account.id, region: IAM_REGION, ...(deployRole !== undefined && { assumeRole: deployRole }) },
    options: plain,
    importId: { kind: "none" },
  };
}

function declareBucket(bucketName: string, bucket: BucketPlan, references: RoleReferences): ResourceDeclaration[] {
  const name = bucketLogicalName(bucketName);
  const common = {
    name,
    source: YamlPath.of("buckets", bucketName).toString(),
    region: bucket.location,
    provider: providerLogicalName(bucket.location),
  };
  const declarations: ResourceDeclaration[] = [
    {
      ...common,
      type: ResourceType.bucket,
      inputs: { bucket: bucketName, region: bucket.location, ...tagsInput(bucket.tags) },
      // Removing a bucket from the YAML never deletes it or its data (DIALECT.md 7.4.4). No deleteBeforeReplace:
      // only a new region replaces a bucket, which cannot succeed while the old one keeps the name, and failing
      // before the old bucket leaves the stack keeps it managed.
      options: retained,
      importId: importById(bucketName),
    },
  ];
  if (bucket.policy !== null) {
    declarations.push({
      ...common,
      type: ResourceType.bucketPolicy,
      inputs: {
        bucket: { outputOf: { type: ResourceType.bucket, name }, property: "bucket" },
        policy: canonicalJson(bucket.policy),
        region: bucket.location,
      },
      // One policy per bucket: creating the replacement first and deleting the old one would delete both.
      options: waitingFor(references.namedIn(bucket.policy), fixedName),
      importId: importById(bucketName),
    });
  }
  return declarations;
}

function declareKey(alias: string, key: KeyPlan, references: RoleReferences): ResourceDeclaration[] {
  const name = keyLogicalName(alias);
  const aliasName = `alias/${alias}`;
  const source = YamlPath.of("keys", alias);
  const common = { name, source: source.toString(), region: key.location, provider: providerLogicalName(key.location) };
  const keyId: OutputOf = { outputOf: { type: ResourceType.key, name }, property: "keyId" };
  return [
    {
      ...common,
      type: ResourceType.key,
      inputs: {
        description: key.description,
        policy: canonicalJson(key.policy),
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        region: key.location,
      },
      // Never scheduled for deletion (DIALECT.md 8.4); it has no fixed name, so a replacement may create first.
      // Rotation is not part of the dialect: a key adopted with rotation turned on keeps it, instead of the
      // provider's default (off) turning it off.
      options: waitingFor(references.namedIn(key.policy), { ...retained, ignoreChanges: ["enableKeyRotation", "rotationPeriodInDays"] }),
      importId: { kind: "kmsKeyByAlias", aliasName },
    },
    {
      ...common,
      type: ResourceType.alias,
      inputs: { name: aliasName, targetKeyId: keyId, region: key.location },
      // Retained with its key. Only a new region replaces it, and there the name is free, so no deleteBeforeReplace
      // (which, with a retained alias, would leave the old one in place and fail on the name anyway).
      options: retained,
      importId: importById(aliasName),
    },
    ...key.grants.map(
      (grant, index): ResourceDeclaration => ({
        ...common,
        type: ResourceType.grant,
        name: grantLogicalName(alias, grant),
        source: source.child("grant").child(index).toString(),
        inputs: grantInputs(keyId, grant, key.location),
        // Every grant field forces a replacement. AWS does not store grant tokens, so an adopted grant reads none.
        // retireOnDelete is never read from AWS either: a grant created by a version that declared `true` keeps
        // it, instead of being replaced (a replacement would create a new grant and retire the old one).
        options: waitingFor(references.namedIn([grant.grantee, grant.retiree]), { ...plain, ignoreChanges: ["grantCreationTokens", "retireOnDelete"] }),
        importId: { kind: "kmsGrant", aliasName },
      }),
    ),
  ];
}

function grantInputs(keyId: OutputOf, grant: GrantPlan, region: string): GrantInputs {
  return {
    keyId,
    granteePrincipal: grant.grantee,
    ...(grant.retiree !== null && { retiringPrincipal: grant.retiree }),
    operations: [...grant.operations],
    ...(grant.constraints !== null && { constraints: [constraintInputs(grant.constraints)] }),
    // Tokens only matter to the CreateGrant call; an empty list is the same call as none.
    ...(grant.grantTokens !== null && grant.grantTokens.length > 0 && { grantCreationTokens: [...grant.grantTokens] }),
    // A grant removed from the YAML (or replaced) ends (DIALECT.md 8.4, 8.5.3, "retired"): the provider deletes it
    // with RevokeGrant, not RetireGrant. KMS authorises RetireGrant by the grant itself: only its retiring
    // principal, its grantee when the grant allows RetireGrant, or the account that created it may retire it
    // (KMS Developer Guide, "Retiring and revoking grants"), and a deployer role is usually none of them.
    // RevokeGrant is authorised like any KMS call, by the key policy and IAM (kms:RevokeGrant, part of a key
    // administrator's permissions); the deployer that may create the key's grants may be given it. Both delete
    // the grant. It is also the provider's default, so an adopted grant reads the same value.
    retireOnDelete: false,
    region,
  };
}

function constraintInputs(constraints: GrantConstraints): GrantConstraintInputs {
  return {
    ...(constraints.EncryptionContextEquals !== undefined && { encryptionContextEquals: constraints.EncryptionContextEquals }),
    ...(constraints.EncryptionContextSubset !== undefined && { encryptionContextSubset: constraints.EncryptionContextSubset }),
  };
}

/** Tags are declarative; with none, the input is left out, which the provider treats as "no tags". */
function tagsInput(tags: Record<string, string>): { tags?: Record<string, string> } {
  return Object.keys(tags).length > 0 ? { tags: { ...tags } } : {};
}
