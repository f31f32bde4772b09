/**
 * What the account holds of the declared resources, as plain data: the answers of the AWS lookups
 * (aws-inventory.ts), and the only thing the import planner (import-plan.ts) knows about AWS. Each map has an
 * entry for every name that was looked up; `null` means AWS has no such thing.
 */

export interface Inventory {
  /** By RoleName as the YAML spells it. */
  readonly roles: ReadonlyMap<string, RoleFacts | null>;
  /** By instance profile name (the role's leaf name). */
  readonly instanceProfiles: ReadonlyMap<string, InstanceProfileFacts | null>;
  readonly buckets: ReadonlyMap<string, BucketFacts | null>;
  /** By alias name (`alias/…`), each looked up in the region the YAML gives the key. */
  readonly keys: ReadonlyMap<string, KeyFacts | null>;
}

export interface RoleFacts {
  /** As AWS spells it: IAM finds roles ignoring case, so it may differ in case from the YAML. */
  readonly roleName: string;
  readonly path: string;
  readonly inlinePolicyNames: readonly string[];
  /** Only looked up when the YAML manages the role's attachments (`managed_policies`); else null. */
  readonly attachedPolicyArns: readonly string[] | null;
}

export interface InstanceProfileFacts {
  readonly path: string;
  readonly roleNames: readonly string[];
}

export type BucketFacts =
  /** One of the account's own buckets. */
  | { readonly owner: "account"; readonly region: string; readonly hasPolicy: boolean }
  /** The name is taken by a bucket of another account. */
  | { readonly owner: "other account" };

export interface KeyFacts {
  readonly keyId: string;
  readonly arn: string;
  /** `Enabled`, `Disabled`, `PendingDeletion`, … */
  readonly keyState: string;
  /** `SYMMETRIC_DEFAULT` for a symmetric encryption key: its only usage is ENCRYPT_DECRYPT. */
  readonly keySpec: string;
  readonly grants: readonly GrantFacts[];
}

export interface GrantFacts {
  readonly grantId: string;
  readonly granteePrincipal: string;
  readonly retiringPrincipal: string | null;
  readonly operations: readonly string[];
  readonly encryptionContextEquals: Readonly<Record<string, string>> | null;
  readonly encryptionContextSubset: Readonly<Record<string, string>> | null;
}
