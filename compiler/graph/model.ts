/**
 * The graph of `iam-syncr graph`: who can assume which role, and who can reach which bucket and key, as the
 * YAML of a stacks root declares it. Plain JSON (`--format json` prints it); every renderer reads only this.
 * Field order here is the order in which they are printed.
 */

export const GRAPH_FORMAT = "iam-syncr/graph@1";

/**
 * - `role`, `bucket`, `key`: defined by an account folder of the stacks root;
 * - `account`: a whole account as a principal (`arn:aws:iam::<id>:root` or a bare id): any identity of that
 *   account whose own IAM policies allow it;
 * - `principal`: any other IAM principal: a user, a session, a role no folder of the root defines, a pattern;
 * - `service`: an AWS service principal; `federated`: an identity provider; `anyone`: the principal `"*"`.
 */
export type NodeKind = "role" | "bucket" | "key" | "account" | "principal" | "service" | "federated" | "anyone";

export type EdgeKind = "assume" | "access";

/** The document or grant an edge comes from. */
export type EdgeVia = "trust policy" | "role policy" | "bucket policy" | "key policy" | "grant";

/**
 * What makes an edge risky, with the code `iam-syncr check` reports for the same statement (W2, W3: the
 * compiler's warnings; IAM10x: the lint), or null where the lint has no code for it.
 */
export type RiskKind =
  /** The principal `"*"` (W3). */
  | "anyone"
  /** An Allow with NotPrincipal: every principal except those listed (W2). */
  | "allow-with-notprincipal"
  /** An account outside accounts.yaml let in with no Condition (IAM106 in a trust policy; no lint code elsewhere). */
  | "external-account-without-condition"
  /** Web identity without an audience or subject condition (IAM107), SAML without SAML:aud (IAM108). */
  | "federation-without-condition"
  /** `*`, `<service>:*` or every action but some (NotAction) allowed on a bucket or key; IAM105 for Action "*" on Resource "*". */
  | "wildcard-actions";

export interface RiskTag {
  code: string | null;
  risk: RiskKind;
}

/** Where something was written: the YAML file (relative to the current directory), line and path (DIALECT.md 11.1). */
export interface SourceRef {
  file: string;
  line: number | null;
  column: number | null;
  /** The YAML path of the statement: `roles.web.allow_to_assume_me[0]`. */
  path: string;
  /** The template the statement was written in, when a role got it through `use`. */
  template: string | null;
}

/** An account folder of the root, or an account outside accounts.yaml that a policy names. */
export interface GraphGroup {
  /** `account:<name>` for an account of accounts.yaml, `external:<id>` otherwise. */
  id: string;
  /** The account name, or the 12-digit id of an external account. */
  name: string;
  accountId: string;
  /** Not in accounts.yaml. */
  external: boolean;
  /** Whether the root has a folder for it (its roles, buckets and keys are known). */
  compiled: boolean;
}

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Short: `ops/ci/runner`, `example-web-assets`, `alias/app-data`, `ec2.amazonaws.com`, `user/alice`. */
  label: string;
  /** The group's id; null for services, providers not in an account, and anyone. */
  group: string | null;
  /** The ARN (a role's, a bucket's, a key's alias ARN, a principal's), or null (services, anyone). */
  arn: string | null;
  /** Where a role, bucket or key is defined; null for principals, and for a bucket without a policy (which leaves no record). */
  source: SourceRef | null;
  /** Roles only: what the graph cannot see offline but a reviewer should know. */
  managedPolicies?: string[];
  permissionsBoundary?: string | null;
}

export interface GraphEdge {
  id: string;
  /** Who can (a principal or a role). */
  from: string;
  /** What it can assume (a role) or reach (a bucket or key). */
  to: string;
  kind: EdgeKind;
  via: EdgeVia;
  /**
   * The actions allowed, sorted, after what an unconditional Deny of the same document takes away: sts actions
   * for `assume`, s3 or kms actions for `access`, grant operations for grants. With `notActions`, every action
   * except these.
   */
  actions: string[];
  notActions: boolean;
  /** Abbreviated, for drawings: `GetObject, ListBucket`, `assume (SAML)`. */
  label: string;
  /** For an Allow with NotPrincipal (from `anyone`): the principals excepted. */
  exceptPrincipals: string[];
  /** The parts of the bucket the statement names when not the whole bucket (`public/*`); empty otherwise. */
  objects: string[];
  /** The Allow's condition keys as `Operator key` (`StringEquals sts:ExternalId`), or a grant's constraints. */
  conditions: string[];
  /** What may further restrict the edge that the graph cannot decide offline (a Deny with a condition, a Deny of part of it). */
  limits: string[];
  risks: RiskTag[];
  /** The statement (or grant) behind the edge. */
  source: SourceRef;
}

export interface Graph {
  format: typeof GRAPH_FORMAT;
  /** The stacks root, relative to the current directory. */
  root: string;
  groups: GraphGroup[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}
