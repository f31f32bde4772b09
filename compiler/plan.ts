/**
 * The plan: the compiler's output and the only thing the Pulumi layer reads.
 *
 * It is plain JSON (`iam-syncr compile` prints it) and a public, versioned format documented in docs/plan-format.md.
 * Field order here is the order in which they are printed.
 */

export const PLAN_FORMAT = "iam-syncr/plan@1";

/** An IAM, S3 or KMS policy document in canonical key order (DIALECT.md §13). */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

/** One statement; keys keep the order in which the compiler inserted them (DIALECT.md 13.2). */
export type Statement = Record<string, unknown>;

export interface Plan {
  format: typeof PLAN_FORMAT;
  account: PlanAccount;
  /** Keyed by the role's full name as written in the YAML (it may contain a path). Sorted by name. */
  roles: Record<string, RolePlan>;
  /** Leaf names, sorted, each once. */
  removedRoles: string[];
  buckets: Record<string, BucketPlan>;
  /** Keyed by the alias name without `alias/`. */
  keys: Record<string, KeyPlan>;
  warnings: PlanWarning[];
}

export interface PlanAccount {
  name: string;
  id: string;
  /**
   * The role to assume in the account before any AWS call (accounts.yaml `deploy_role`, docs/credentials.md).
   * Absent when the account has none: the credentials are used as they are. Added to plan@1 as an optional field.
   */
  deployRoleArn?: string;
}

export interface RolePlan {
  /** The IAM RoleName (the leaf). */
  name: string;
  /** The IAM Path, starting and ending with `/`. */
  path: string;
  description: string | null;
  trustPolicy: PolicyDocument;
  /** `syncr_policy_` + the full name with `/` replaced by `__`. */
  policyName: string;
  /** null when the role has no permission statements (then it has no inline policy at all). */
  policy: PolicyDocument | null;
  instanceProfile: boolean;
  maxSessionDuration: number | null;
  permissionsBoundary: string | null;
  /** null: attachments are not managed; []: managed as none. */
  managedPolicies: string[] | null;
  tags: Record<string, string>;
}

export interface BucketPlan {
  location: string;
  policy: PolicyDocument | null;
  tags: Record<string, string>;
}

export interface KeyPlan {
  location: string;
  description: string;
  policy: PolicyDocument;
  grants: GrantPlan[];
}

export interface GrantConstraints {
  EncryptionContextEquals?: Record<string, string>;
  EncryptionContextSubset?: Record<string, string>;
}

export interface GrantPlan {
  grantee: string;
  retiree: string | null;
  /** Sorted, each once. */
  operations: string[];
  constraints: GrantConstraints | null;
  /** null when absent, else the list as written (`[]` stays `[]`). */
  grantTokens: string[] | null;
}

export interface PlanWarning {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}
