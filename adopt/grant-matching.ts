/**
 * Which existing grant of a key each declared grant is. AWS has no grant names to go by, so a grant is matched on
 * what it grants: grantee, retiree, operations and constraints (DIALECT.md 8.5.3: a grant's identity is its whole
 * content; grant tokens only matter to the CreateGrant call and AWS does not keep them). Each existing grant is
 * adopted at most once; several identical ones (the original tool re-created changed grants) leave the extras
 * unmatched, and those are left alone.
 */
import type { GrantInputs } from "../pulumi/declarations";
import type { GrantFacts } from "./inventory";

export interface GrantMatches {
  /** For each declared grant, in order, the existing grant it is, or null if it must be created. */
  readonly matched: readonly (GrantFacts | null)[];
  /** Existing grants no declared grant is, by grant id. */
  readonly unmatched: readonly GrantFacts[];
}

export function matchGrants(declared: readonly GrantInputs[], existing: readonly GrantFacts[]): GrantMatches {
  // By grant id, so that which of several identical grants is adopted does not depend on the listing order.
  const available = [...existing].sort((a, b) => (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0));
  const matched = declared.map((grant) => {
    const identity = declaredIdentity(grant);
    const index = available.findIndex((candidate) => existingIdentity(candidate) === identity);
    return index < 0 ? null : available.splice(index, 1)[0];
  });
  return { matched, unmatched: available };
}

function declaredIdentity(grant: GrantInputs): string {
  const constraints = grant.constraints?.[0];
  return identityOf(
    grant.granteePrincipal,
    grant.retiringPrincipal ?? null,
    grant.operations,
    constraints?.encryptionContextEquals ?? null,
    constraints?.encryptionContextSubset ?? null,
  );
}

function existingIdentity(grant: GrantFacts): string {
  return identityOf(
    grant.granteePrincipal,
    grant.retiringPrincipal,
    grant.operations,
    grant.encryptionContextEquals,
    grant.encryptionContextSubset,
  );
}

/** Operations are a set, contexts are mappings, and an empty context is no constraint. */
function identityOf(
  grantee: string,
  retiree: string | null,
  operations: readonly string[],
  equals: Readonly<Record<string, string>> | null,
  subset: Readonly<Record<string, string>> | null,
): string {
  return JSON.stringify([grantee, retiree, [...new Set(operations)].sort(), context(equals), context(subset)]);
}

function context(pairs: Readonly<Record<string, string>> | null): [string, string][] | null {
  const entries = Object.entries(pairs ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? null : entries;
}
