/**
 * Pulumi logical names. A logical name is a resource's identity in the stack: when it stays the same, a change
 * is an update or a replacement of that resource; when it changes, Pulumi creates a new resource and deletes the
 * old one, creates first. So each logical name is the identity the resource has in AWS, taken verbatim from the
 * YAML names (never with characters replaced, so two names cannot collapse into one):
 *
 * - IAM names a role by its leaf, ignoring case (DIALECT.md 2.5). Everything keyed by a role therefore uses the
 *   lower-cased leaf: moving a role to another path, or changing the case of its name, replaces the role in place
 *   (delete first, see declarations.ts) instead of creating a second role with a name IAM considers taken.
 * - Composite names put a separator right after a component that cannot contain it (a leaf never contains `/`, an
 *   alias never contains `.`), so different components never produce the same name.
 */
import { createHash } from "node:crypto";
import type { GrantPlan } from "../compiler/plan";

/** Roles, their inline policy, exclusive-policy resources and instance profile; also removed roles. */
export function roleLogicalName(leaf: string): string {
  return leaf.toLowerCase();
}

export function attachmentLogicalName(leaf: string, policyArn: string): string {
  return `${roleLogicalName(leaf)}/${policyArn}`;
}

/** Buckets and their policy: S3 bucket names are already lower case and globally unique. */
export function bucketLogicalName(bucket: string): string {
  return bucket;
}

/** Keys and their alias: the alias name without `alias/`. */
export function keyLogicalName(alias: string): string {
  return alias;
}

/**
 * A grant's identity is its whole content (DIALECT.md 8.5.3), so its name is derived from that content: reordering
 * the grants of a key changes nothing, and a changed grant is a new resource (created, then the old one retired).
 */
export function grantLogicalName(alias: string, grant: GrantPlan): string {
  const identity = JSON.stringify(
    sortKeys([
      grant.grantee,
      grant.retiree,
      grant.operations,
      grant.constraints,
      // AWS treats absent and empty grant tokens alike (see declarations.ts), so they are one identity.
      grant.grantTokens ?? [],
    ]),
  );
  const digest = createHash("sha256").update(identity).digest("hex").slice(0, 12);
  return `${keyLogicalName(alias)}.grant-${digest}`;
}

/** One provider per region; IAM resources use the IAM region's provider. */
export function providerLogicalName(region: string): string {
  return region;
}

/** Key order must not change a grant's identity; the YAML order of a constraint's keys carries no meaning. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
