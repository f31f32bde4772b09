/**
 * Declarations (declarations.ts) made real: one `@pulumi/aws` resource, provider or RemovedRole per declaration,
 * with exactly the declared inputs and options. Every AWS resource gets its region's explicit provider.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { OutputOf, ResourceDeclaration, ResourceKey } from "./declarations";
import { ResourceType } from "./declarations";
import { RemovedRole } from "./removed-role";

/** The registered resources, by type and logical name. */
export class RegisteredResources {
  private readonly byKey = new Map<string, pulumi.CustomResource>();
  private readonly awaited = new Map<string, { promise: Promise<pulumi.CustomResource>; resolve(resource: pulumi.CustomResource): void }>();

  add(key: ResourceKey, resource: pulumi.CustomResource): void {
    this.byKey.set(keyString(key), resource);
    this.awaited.get(keyString(key))?.resolve(resource);
  }

  /**
   * The resource, once it is registered: a role may wait for a role declared after it (its trust policy names
   * it). Pulumi takes the promise as a dependency; `assertAllRegistered` makes sure none is left waiting.
   */
  eventually(key: ResourceKey): Promise<pulumi.CustomResource> {
    const registered = this.byKey.get(keyString(key));
    if (registered !== undefined) return Promise.resolve(registered);
    let entry = this.awaited.get(keyString(key));
    if (entry === undefined) {
      let resolve: (resource: pulumi.CustomResource) => void = () => undefined;
      const promise = new Promise<pulumi.CustomResource>((r) => (resolve = r));
      entry = { promise, resolve };
      this.awaited.set(keyString(key), entry);
    }
    return entry.promise;
  }

  assertAllRegistered(): void {
    const missing = [...this.awaited.keys()].filter((key) => !this.byKey.has(key));
    if (missing.length > 0) throw new Error(`${missing.join(", ")}: waited for, but never declared.`);
  }

  get(key: ResourceKey): pulumi.CustomResource {
    const resource = this.byKey.get(keyString(key));
    if (resource === undefined) {
      throw new Error(`${key.type} "${key.name}" is used before it is declared; declarations must come in dependency order.`);
    }
    return resource;
  }

  /** The resource, checked to be of the class the caller expects. */
  typed<T>(key: ResourceKey, isInstance: (resource: unknown) => resource is T): T {
    const resource = this.get(key);
    if (!isInstance(resource)) throw new Error(`${key.type} "${key.name}" is not the kind of resource expected.`);
    return resource;
  }

  output(reference: OutputOf): pulumi.Output<string> {
    const value = (this.get(reference.outputOf) as unknown as Record<string, unknown>)[reference.property];
    if (!pulumi.Output.isInstance(value)) {
      throw new Error(`${reference.outputOf.type} has no output "${reference.property}".`);
    }
    return value as pulumi.Output<string>;
  }
}

export function registerResources(declarations: readonly ResourceDeclaration[]): RegisteredResources {
  const registered = new RegisteredResources();
  for (const declaration of declarations) registered.add(declaration, register(declaration, registered));
  registered.assertAllRegistered();
  return registered;
}

function register(d: ResourceDeclaration, registered: RegisteredResources): pulumi.CustomResource {
  const opts = resourceOptions(d, registered);
  switch (d.type) {
    case ResourceType.provider:
      return new aws.Provider(
        d.name,
        {
          region: d.inputs.region,
          allowedAccountIds: [...d.inputs.allowedAccountIds],
          ...(d.inputs.assumeRoles !== undefined && { assumeRoles: d.inputs.assumeRoles.map((role) => ({ ...role })) }),
        },
        opts,
      );
    case ResourceType.role:
      return new aws.iam.Role(d.name, { ...d.inputs }, opts);
    case ResourceType.rolePolicy:
      return new aws.iam.RolePolicy(d.name, { ...d.inputs, role: registered.output(d.inputs.role) }, opts);
    case ResourceType.rolePoliciesExclusive:
      return new aws.iam.RolePoliciesExclusive(
        d.name,
        { roleName: registered.output(d.inputs.roleName), policyNames: [...d.inputs.policyNames] },
        opts,
      );
    case ResourceType.instanceProfile:
      return new aws.iam.InstanceProfile(d.name, { ...d.inputs, role: registered.output(d.inputs.role) }, opts);
    case ResourceType.rolePolicyAttachment:
      return new aws.iam.RolePolicyAttachment(d.name, { ...d.inputs, role: registered.output(d.inputs.role) }, opts);
    case ResourceType.rolePolicyAttachmentsExclusive:
      return new aws.iam.RolePolicyAttachmentsExclusive(
        d.name,
        { roleName: registered.output(d.inputs.roleName), policyArns: [...d.inputs.policyArns] },
        opts,
      );
    case ResourceType.bucket:
      return new aws.s3.Bucket(d.name, { ...d.inputs }, opts);
    case ResourceType.bucketPolicy:
      return new aws.s3.BucketPolicy(d.name, { ...d.inputs, bucket: registered.output(d.inputs.bucket) }, opts);
    case ResourceType.key:
      return new aws.kms.Key(d.name, { ...d.inputs }, opts);
    case ResourceType.alias:
      return new aws.kms.Alias(d.name, { ...d.inputs, targetKeyId: registered.output(d.inputs.targetKeyId) }, opts);
    case ResourceType.grant: {
      const { keyId, operations, constraints, grantCreationTokens, ...scalars } = d.inputs;
      return new aws.kms.Grant(
        d.name,
        {
          ...scalars,
          keyId: registered.output(keyId),
          operations: [...operations],
          constraints: constraints && [...constraints],
          grantCreationTokens: grantCreationTokens && [...grantCreationTokens],
        },
        opts,
      );
    }
    case ResourceType.removedRole:
      return new RemovedRole(d.name, d.inputs, opts);
  }
}

function resourceOptions(d: ResourceDeclaration, registered: RegisteredResources): pulumi.CustomResourceOptions {
  const { dependsOn, replaceWith, deleteBeforeReplace, retainOnDelete, ignoreChanges } = d.options;
  return {
    ...(d.provider !== null && { provider: registered.typed({ type: ResourceType.provider, name: d.provider }, aws.Provider.isInstance) }),
    ...(dependsOn.length > 0 && { dependsOn: dependsOn.map((key) => registered.eventually(key)) }),
    ...(replaceWith.length > 0 && { replaceWith: replaceWith.map((key) => registered.get(key)) }),
    // Only `true` is passed: an explicit `false` would override the provider's own delete-before-replace hint.
    ...(deleteBeforeReplace && { deleteBeforeReplace: true }),
    ...(retainOnDelete && { retainOnDelete: true }),
    ...(ignoreChanges.length > 0 && { ignoreChanges: [...ignoreChanges] }),
  };
}

function keyString(key: ResourceKey): string {
  return `${key.type}::${key.name}`;
}
