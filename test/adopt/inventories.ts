/**
 * Inventories built from a plan, for the pure tests: an account that holds exactly what the plan declares, and
 * one that holds none of it. Each can then be changed one fact at a time.
 */
import type { Plan } from "../../compiler/plan";
import type { BucketFacts, InstanceProfileFacts, Inventory, KeyFacts, RoleFacts } from "../../adopt/inventory";

/** The key id the "everything exists" account gives the key of `alias` (the name without `alias/`). */
export function keyIdOf(alias: string): string {
  return `${alias.replace(/\//g, "-")}-key-id`;
}

/** Every declared resource exists exactly as declared; grant `i` of a key has the id `grant-<i>`. */
export function existingAsPlanned(plan: Plan): Inventory {
  const roles = new Map<string, RoleFacts | null>();
  const instanceProfiles = new Map<string, InstanceProfileFacts | null>();
  for (const role of Object.values(plan.roles)) {
    roles.set(role.name, {
      roleName: role.name,
      path: role.path,
      inlinePolicyNames: role.policy === null ? [] : [role.policyName],
      attachedPolicyArns: role.managedPolicies,
    });
    if (role.instanceProfile) instanceProfiles.set(role.name, { path: "/", roleNames: [role.name] });
  }
  const buckets = new Map<string, BucketFacts | null>(
    Object.entries(plan.buckets).map(([name, bucket]) => [name, { owner: "account", region: bucket.location, hasPolicy: bucket.policy !== null }]),
  );
  const keys = new Map<string, KeyFacts | null>(
    Object.entries(plan.keys).map(([alias, key]) => [
      `alias/${alias}`,
      {
        keyId: keyIdOf(alias),
        arn: `arn:aws:kms:${key.location}:${plan.account.id}:key/${keyIdOf(alias)}`,
        keyState: "Enabled",
        keySpec: "SYMMETRIC_DEFAULT",
        grants: key.grants.map((grant, index) => ({
          grantId: `grant-${index}`,
          granteePrincipal: grant.grantee,
          retiringPrincipal: grant.retiree,
          operations: grant.operations,
          encryptionContextEquals: grant.constraints?.EncryptionContextEquals ?? null,
          encryptionContextSubset: grant.constraints?.EncryptionContextSubset ?? null,
        })),
      },
    ]),
  );
  return { roles, instanceProfiles, buckets, keys };
}

/** Nothing the plan declares exists. */
export function nothingExists(plan: Plan): Inventory {
  const existing = existingAsPlanned(plan);
  const absent = <T>(facts: ReadonlyMap<string, T | null>) => new Map<string, T | null>([...facts.keys()].map((name) => [name, null]));
  return {
    roles: absent(existing.roles),
    instanceProfiles: absent(existing.instanceProfiles),
    buckets: absent(existing.buckets),
    keys: absent(existing.keys),
  };
}

/** A copy of `inventory` with some facts replaced. */
export function withFacts(inventory: Inventory, changes: { [K in keyof Inventory]?: Record<string, unknown> }): Inventory {
  const merge = <T>(facts: ReadonlyMap<string, T | null>, replaced: Record<string, unknown> | undefined) =>
    new Map<string, T | null>([...facts, ...(Object.entries(replaced ?? {}) as [string, T | null][])]);
  return {
    roles: merge(inventory.roles, changes.roles),
    instanceProfiles: merge(inventory.instanceProfiles, changes.instanceProfiles),
    buckets: merge(inventory.buckets, changes.buckets),
    keys: merge(inventory.keys, changes.keys),
  };
}
