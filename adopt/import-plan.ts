/**
 * Adoption, the pure part: the stack's declarations and what the account holds of them in, Pulumi's import file
 * and what the summary says out. A declared resource that exists is imported under the type, logical name and
 * provider the program gives it (both come from declareResources), one that does not is left to `pulumi up` to
 * create, and what exists but differs in a way the import does not settle becomes a finding.
 */
import type { GrantInputs, OutputOf, ResourceDeclaration } from "../pulumi/declarations";
import { ResourceType } from "../pulumi/declarations";
import { matchGrants } from "./grant-matching";
import type { ImportEntry, ImportFile } from "./import-file";
import { stackUrn } from "./import-file";
import type { BucketFacts, GrantFacts, InstanceProfileFacts, Inventory, KeyFacts, RoleFacts } from "./inventory";

export type FindingKind =
  /** Import cannot settle it and `pulumi up` would fail or do harm: fix the YAML or the account first. */
  | "error"
  /** After the import, `pulumi up` changes this in AWS. */
  | "change"
  /** It exists in AWS, the YAML does not declare it, and the stack never touches it. */
  | "untouched";

export interface Finding {
  readonly kind: FindingKind;
  /** The YAML entry it concerns, e.g. `roles.web`. */
  readonly source: string;
  readonly message: string;
}

export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly source: string;
}

export interface ImportedResource extends PlannedResource {
  readonly id: string;
}

export interface ImportPlan {
  /** Every declared resource that exists, in declaration order: the entries of `file`. */
  readonly imported: readonly ImportedResource[];
  /** Declared resources that do not exist: `pulumi up` creates them. */
  readonly created: readonly PlannedResource[];
  readonly findings: readonly Finding[];
  readonly file: ImportFile;
  /** The URN of every provider the program declares that the stack does not hold yet (it must, before the import). */
  readonly providerUrns: readonly string[];
  /** How many declared resources the stack already holds: they are left out (see stack-state.ts). */
  readonly alreadyInStack: number;
}

/** `inStack`: the URNs the stack already records (none for a new stack). */
export function planImport(
  stack: string,
  declarations: readonly ResourceDeclaration[],
  inventory: Inventory,
  inStack: ReadonlySet<string> = new Set(),
): ImportPlan {
  const context = new PlanningContext(declarations, inventory);
  const imported: ImportedResource[] = [];
  const created: PlannedResource[] = [];
  const findings: Finding[] = [];
  let alreadyInStack = 0;
  for (const declaration of declarations) {
    if (declaration.type === ResourceType.provider || declaration.type === ResourceType.removedRole) continue;
    if (inStack.has(stackUrn(stack, declaration.type, declaration.name))) {
      alreadyInStack += 1;
      continue;
    }
    const { adoption, problems } = adopt(declaration, context);
    const resource = { type: declaration.type, name: declaration.name, source: declaration.source };
    if (adoption.status === "import") imported.push({ ...resource, id: adoption.id });
    if (adoption.status === "create") created.push(resource);
    findings.push(...problems.map((p) => ({ ...p, source: declaration.source })));
  }
  const providers = declarations.filter((d) => d.type === ResourceType.provider);
  return {
    imported,
    created,
    findings,
    file: importFile(stack, declarations, imported),
    providerUrns: providers.map((p) => stackUrn(stack, p.type, p.name)).filter((urn) => !inStack.has(urn)),
    alreadyInStack,
  };
}

/** Something found blocks the adoption: the import file must not be written. */
export function hasErrors(plan: ImportPlan): boolean {
  return plan.findings.some((f) => f.kind === "error");
}

type Adoption =
  | { readonly status: "import"; readonly id: string }
  | { readonly status: "create" }
  /** It exists in a form the stack cannot take over; an error finding says why. */
  | { readonly status: "blocked" };

type Problem = Omit<Finding, "source">;

interface Outcome {
  adoption: Adoption;
  problems: Problem[];
}

const CREATE: Adoption = { status: "create" };
const BLOCKED: Adoption = { status: "blocked" };
const importAs = (id: string): Adoption => ({ status: "import", id });
const outcome = (adoption: Adoption, problems: Problem[] = []): Outcome => ({ adoption, problems });
const change = (message: string): Problem => ({ kind: "change", message });

function adopt(d: ResourceDeclaration, context: PlanningContext): Outcome {
  switch (d.type) {
    case ResourceType.role: {
      const role = context.role(d.inputs.name);
      if (role === null) return outcome(CREATE);
      const replaced = "pulumi up replaces it (deletes it, then creates it again with a new role id)";
      const problems: Problem[] = [];
      if (role.roleName !== d.inputs.name) problems.push(change(`the role is named "${role.roleName}" in AWS; ${replaced}`));
      if (role.path !== d.inputs.path) problems.push(change(`the role has path ${role.path} in AWS, ${d.inputs.path} in the YAML; ${replaced}`));
      return outcome(importAs(idOf(d)), problems);
    }
    case ResourceType.rolePolicy: {
      const role = context.role(context.roleNameOf(d.inputs.role));
      return outcome(role !== null && role.inlinePolicyNames.includes(d.inputs.name) ? importAs(idOf(d)) : CREATE);
    }
    case ResourceType.rolePoliciesExclusive: {
      const role = context.role(context.roleNameOf(d.inputs.roleName));
      if (role === null) return outcome(CREATE);
      const strays = role.inlinePolicyNames.filter((name) => !d.inputs.policyNames.includes(name));
      return outcome(
        importAs(idOf(d)),
        strays.map((name) => change(`inline policy "${name}" is not in the YAML; pulumi up deletes it (inline policies are exclusive)`)),
      );
    }
    case ResourceType.instanceProfile: {
      const profile = context.instanceProfile(d.inputs.name);
      if (profile === null) return outcome(CREATE);
      const leaf = context.roleNameOf(d.inputs.role);
      const problems: Problem[] = [];
      if (profile.path !== d.inputs.path) {
        problems.push(
          change(`instance profile "${d.inputs.name}" has path ${profile.path} in AWS; pulumi up replaces it with one at path ${d.inputs.path}`),
        );
      }
      if (profile.roleNames.length === 0) {
        problems.push(change(`instance profile "${d.inputs.name}" holds no role; pulumi up adds role ${leaf}`));
      } else if (profile.roleNames.length !== 1 || profile.roleNames[0] !== leaf) {
        const held = profile.roleNames.join(", ");
        problems.push(change(`instance profile "${d.inputs.name}" holds role ${held}; pulumi up makes it hold role ${leaf} instead`));
      }
      return outcome(importAs(idOf(d)), problems);
    }
    case ResourceType.rolePolicyAttachment: {
      const role = context.role(context.roleNameOf(d.inputs.role));
      return outcome(role !== null && context.attachedTo(role).includes(d.inputs.policyArn) ? importAs(idOf(d)) : CREATE);
    }
    case ResourceType.rolePolicyAttachmentsExclusive: {
      const role = context.role(context.roleNameOf(d.inputs.roleName));
      if (role === null) return outcome(CREATE);
      const undeclared = context.attachedTo(role).filter((arn) => !d.inputs.policyArns.includes(arn));
      return outcome(
        importAs(idOf(d)),
        undeclared.map((arn) => change(`managed policy ${arn} is attached but not in managed_policies; pulumi up detaches it`)),
      );
    }
    case ResourceType.bucket: {
      const name = d.inputs.bucket;
      const bucket = context.bucket(name);
      if (bucket === null) return outcome(CREATE);
      if (bucket.owner === "other account") {
        return outcome(BLOCKED, [
          { kind: "error", message: `bucket "${name}" exists, but belongs to another AWS account (bucket names are global); choose another name` },
        ]);
      }
      if (bucket.region !== d.inputs.region) {
        return outcome(BLOCKED, [
          {
            kind: "error",
            message:
              `bucket "${name}" is in ${bucket.region}, but its location is ${d.inputs.region}; ` +
              `set location: ${bucket.region} (a bucket cannot move to another region)`,
          },
        ]);
      }
      const problems: Problem[] = [];
      if (bucket.hasPolicy && !context.hasBucketPolicy(name)) {
        problems.push({
          kind: "untouched",
          message: `bucket "${name}" has a bucket policy, but the YAML gives the bucket no statements; the stack leaves that policy as it is`,
        });
      }
      return outcome(importAs(idOf(d)), problems);
    }
    case ResourceType.bucketPolicy: {
      const bucket = context.bucket(context.bucketNameOf(d.inputs.bucket));
      if (bucket === null) return outcome(CREATE);
      if (bucket.owner === "other account" || bucket.region !== d.inputs.region) return outcome(BLOCKED);
      return outcome(bucket.hasPolicy ? importAs(idOf(d)) : CREATE);
    }
    case ResourceType.key: {
      const alias = aliasOf(d);
      const key = context.key(alias);
      if (key === null) return outcome(CREATE);
      const untouched = context.unmatchedGrants(alias).map((grant) => ({
        kind: "untouched" as const,
        message: `grant ${grant.grantId} of ${alias} (${describeGrant(grant)}) is not in the YAML; the stack never touches it`,
      }));
      const problem = keyStateProblem(alias, key, d.region);
      if (problem?.kind === "error") return outcome(BLOCKED, [problem, ...untouched]);
      const problems = problem === undefined ? [] : [problem];
      // A SYMMETRIC_DEFAULT key can only be an ENCRYPT_DECRYPT key, so the spec alone tells.
      if (key.keySpec !== d.inputs.customerMasterKeySpec) {
        problems.push(
          change(
            `key ${key.keyId} (${alias}) is a ${key.keySpec} key, not a symmetric encryption key (${d.inputs.customerMasterKeySpec}); ` +
              `pulumi up creates a new key and points ${alias} to it (the old key stays, no longer managed)`,
          ),
        );
      }
      return outcome(importAs(key.keyId), [...problems, ...untouched]);
    }
    case ResourceType.alias: {
      const key = context.key(d.inputs.name);
      if (key === null) return outcome(CREATE);
      return outcome(context.keyIsBlocked(key) ? BLOCKED : importAs(idOf(d)));
    }
    case ResourceType.grant: {
      const alias = aliasOf(d);
      const key = context.key(alias);
      if (key === null) return outcome(CREATE);
      if (context.keyIsBlocked(key)) return outcome(BLOCKED);
      const grant = context.matchedGrant(alias, d.name);
      return outcome(grant === null ? CREATE : importAs(`${key.keyId}:${grant.grantId}`));
    }
    case ResourceType.provider:
    case ResourceType.removedRole:
      throw new Error(`${d.type} "${d.name}" is never imported.`);
  }
}

/** The import ID the declaration knows from the plan alone. */
function idOf(d: ResourceDeclaration): string {
  if (d.importId.kind !== "id") throw new Error(`${d.type} "${d.name}" has no import ID of its own (${d.importId.kind}).`);
  return d.importId.id;
}

function aliasOf(d: ResourceDeclaration): string {
  if (d.importId.kind !== "kmsKeyByAlias" && d.importId.kind !== "kmsGrant") {
    throw new Error(`${d.type} "${d.name}" is not found through a key alias.`);
  }
  return d.importId.aliasName;
}

/** KMS refuses every change to a key in any other state (pending deletion, pending import, …). */
const MANAGEABLE_KEY_STATES = ["Enabled", "Disabled"];

function keyStateProblem(alias: string, key: KeyFacts, region: string): Problem | undefined {
  switch (key.keyState) {
    case "Enabled":
      return undefined;
    case "Disabled":
      // The stack's key input `isEnabled` defaults to true.
      return change(`key ${key.keyId} (${alias}) is disabled; pulumi up enables it`);
    case "PendingDeletion":
      return {
        kind: "error",
        message:
          `${alias} points to key ${key.keyId}, which is pending deletion; cancel the deletion ` +
          `(aws kms cancel-key-deletion --region ${region} --key-id ${key.keyId}) or delete the alias`,
      };
    default:
      return {
        kind: "error",
        message: `${alias} points to key ${key.keyId}, which is ${key.keyState}; the stack can only manage an Enabled or Disabled key`,
      };
  }
}

function describeGrant(grant: GrantFacts): string {
  const parts = [`grantee ${grant.granteePrincipal}`];
  if (grant.retiringPrincipal !== null) parts.push(`retiree ${grant.retiringPrincipal}`);
  parts.push(`operations ${grant.operations.join(", ")}`);
  if (grant.encryptionContextEquals !== null) parts.push(`EncryptionContextEquals ${JSON.stringify(grant.encryptionContextEquals)}`);
  if (grant.encryptionContextSubset !== null) parts.push(`EncryptionContextSubset ${JSON.stringify(grant.encryptionContextSubset)}`);
  return parts.join("; ");
}

/**
 * The import file: each imported resource with its program provider, named in `nameTable` by the provider's
 * logical name (in the order the program declares the providers). `pulumi import` rejects a provider name that
 * two entries of the file also use as their name (say a bucket named like a region, with its policy); then the
 * name gets a suffix no logical name can have.
 */
function importFile(stack: string, declarations: readonly ResourceDeclaration[], imported: readonly ImportedResource[]): ImportFile {
  const providerOf = new Map(declarations.map((d) => [`${d.type}::${d.name}`, d.provider]));
  const names = new Set(imported.map((r) => r.name));
  const nameOf = (provider: string) => (names.has(provider) ? `${provider} (aws provider)` : provider);
  const resources: ImportEntry[] = imported.map((resource) => {
    const provider = providerOf.get(`${resource.type}::${resource.name}`);
    if (provider === null || provider === undefined) throw new Error(`${resource.type} "${resource.name}" has no AWS provider.`);
    return { type: resource.type, name: resource.name, id: resource.id, provider: nameOf(provider) };
  });
  const used = new Set(resources.map((r) => r.provider));
  const nameTable = Object.fromEntries(
    declarations
      .filter((d) => d.type === ResourceType.provider && used.has(nameOf(d.name)))
      .map((d) => [nameOf(d.name), stackUrn(stack, ResourceType.provider, d.name)]),
  );
  return { nameTable, resources };
}

/** The inventory, looked up by what declarations refer to, and the grant matching of each key. */
class PlanningContext {
  private readonly byKey: Map<string, ResourceDeclaration>;
  private readonly grantsByAlias = new Map<string, { matched: Map<string, GrantFacts | null>; unmatched: readonly GrantFacts[] }>();
  private readonly bucketsWithPolicy: Set<string>;

  constructor(
    declarations: readonly ResourceDeclaration[],
    private readonly inventory: Inventory,
  ) {
    this.byKey = new Map(declarations.map((d) => [`${d.type}::${d.name}`, d]));
    this.bucketsWithPolicy = new Set(
      declarations.flatMap((d) => (d.type === ResourceType.bucketPolicy ? [this.bucketNameOf(d.inputs.bucket)] : [])),
    );
    const grants = new Map<string, { name: string; inputs: GrantInputs }[]>();
    for (const d of declarations) {
      if (d.type === ResourceType.grant) grants.set(aliasOf(d), [...(grants.get(aliasOf(d)) ?? []), { name: d.name, inputs: d.inputs }]);
    }
    for (const [alias, key] of inventory.keys) {
      if (key === null) continue;
      const declared = grants.get(alias) ?? [];
      const { matched, unmatched } = matchGrants(
        declared.map((g) => g.inputs),
        key.grants,
      );
      this.grantsByAlias.set(alias, { matched: new Map(declared.map((g, i) => [g.name, matched[i]])), unmatched });
    }
  }

  role(name: string): RoleFacts | null {
    return lookedUp(this.inventory.roles, name, "role");
  }

  instanceProfile(name: string): InstanceProfileFacts | null {
    return lookedUp(this.inventory.instanceProfiles, name, "instance profile");
  }

  bucket(name: string): BucketFacts | null {
    return lookedUp(this.inventory.buckets, name, "bucket");
  }

  key(alias: string): KeyFacts | null {
    return lookedUp(this.inventory.keys, alias, "key alias");
  }

  attachedTo(role: RoleFacts): readonly string[] {
    if (role.attachedPolicyArns === null) throw new Error(`the managed policies attached to role "${role.roleName}" were not looked up.`);
    return role.attachedPolicyArns;
  }

  hasBucketPolicy(bucket: string): boolean {
    return this.bucketsWithPolicy.has(bucket);
  }

  /** A key the stack cannot take over blocks its alias and grants too. */
  keyIsBlocked(key: KeyFacts): boolean {
    return !MANAGEABLE_KEY_STATES.includes(key.keyState);
  }

  matchedGrant(alias: string, grantName: string): GrantFacts | null {
    return this.grantsByAlias.get(alias)?.matched.get(grantName) ?? null;
  }

  unmatchedGrants(alias: string): readonly GrantFacts[] {
    return this.grantsByAlias.get(alias)?.unmatched ?? [];
  }

  roleNameOf(reference: OutputOf): string {
    const target = this.declarationOf(reference);
    if (target.type !== ResourceType.role) throw new Error(`${target.type} "${target.name}" is not a role.`);
    return target.inputs.name;
  }

  bucketNameOf(reference: OutputOf): string {
    const target = this.declarationOf(reference);
    if (target.type !== ResourceType.bucket) throw new Error(`${target.type} "${target.name}" is not a bucket.`);
    return target.inputs.bucket;
  }

  private declarationOf(reference: OutputOf): ResourceDeclaration {
    const target = this.byKey.get(`${reference.outputOf.type}::${reference.outputOf.name}`);
    if (target === undefined) throw new Error(`${reference.outputOf.type} "${reference.outputOf.name}" is not declared.`);
    return target;
  }
}

function lookedUp<T>(facts: ReadonlyMap<string, T | null>, name: string, what: string): T | null {
  const found = facts.get(name);
  if (found === undefined) throw new Error(`${what} "${name}" was not looked up in AWS.`);
  return found;
}
