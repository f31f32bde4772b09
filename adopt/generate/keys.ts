/**
 * One live key back to a key definition (DIALECT.md §8): location, description, key policy (the root statement
 * the dialect always writes, the admin statement as `admin_users`, the rest as permission statements) and grants.
 * A key the stack would change on adoption (disabled, tagged, not a single-region symmetric key of the account's
 * own, a key policy the dialect cannot write) is left out; a grant the dialect cannot write is left alone, which
 * the stack does with every grant it did not create or import (8.5.3).
 */
import { Diagnostics } from "../../compiler/diagnostics";
import { SYMMETRIC_OPERATIONS } from "../../compiler/keys";
import { checkKeyName } from "../../compiler/names";
import { compareText, isMapping, listify, type Mapping } from "../../compiler/values";
import { canonicalStatement, stableJson } from "./equivalence";
import type { LiveGrant, LiveKey } from "./live";
import { arnValue, oneOrList, principalInstructions, type AccountDirectory, type SelfContext } from "./specifiers";
import { convertPermissionStatements, documentStatements, notExpressible, ok, withReasons, type Converted, type NumberedStatement } from "./statements";

export type FoundKey = Extract<LiveKey, { status: "found" }>;

export interface GeneratedKey {
  readonly alias: string;
  readonly live: FoundKey;
  readonly body: Mapping;
  /** The live grants the YAML declares, one per identity. */
  readonly grants: readonly LiveGrant[];
  readonly notes: readonly string[];
}

export function convertKey(key: LiveKey, accounts: AccountDirectory): Converted<GeneratedKey> {
  if (key.status === "absent") return notExpressible([`alias/${key.alias} does not exist in ${key.region}`]);
  const reasons: string[] = [];
  const nameProblem = keyNameProblem(key.alias);
  if (nameProblem !== undefined) reasons.push(nameProblem);
  if (key.keyManager !== "CUSTOMER") return notExpressible([`it is an ${key.keyManager === "AWS" ? "AWS managed" : key.keyManager} key; the stack manages only customer managed keys`]);
  // A SYMMETRIC_DEFAULT key can only be an ENCRYPT_DECRYPT key, so the spec alone tells (as in import-plan).
  if (key.keySpec !== "SYMMETRIC_DEFAULT" || (key.keyUsage !== null && key.keyUsage !== "ENCRYPT_DECRYPT")) {
    reasons.push(`it is a ${key.keySpec} ${key.keyUsage ?? ""} key; the dialect declares symmetric encryption keys only (8.4), so the stack would replace it`.replace("  ", " "));
  }
  if (key.origin !== "AWS_KMS") reasons.push(`its key material comes from ${key.origin}; the stack creates keys with AWS_KMS material only, so it would replace it`);
  if (key.multiRegion) reasons.push("it is a multi-Region key; the stack declares single-Region keys, so it would replace it");
  if (key.keyState !== "Enabled") {
    reasons.push(key.keyState === "Disabled" ? "it is disabled; the stack's keys are enabled, so pulumi up would enable it" : `it is ${key.keyState}; the stack can only adopt an enabled key`);
  }
  if (key.tags.length > 0) {
    reasons.push(`it has tags (${key.tags.map((t) => t.key).join(", ")}); the dialect has no key tags (8.2), so the stack would remove them`);
  }
  if (key.description.length > 8192) reasons.push("its description has more than 8,192 characters (8.2)");
  const policy = convertKeyPolicy(key, accounts);
  if (!policy.ok) reasons.push(...policy.reasons);
  if (reasons.length > 0 || !policy.ok) return notExpressible(reasons);

  const notes: string[] = [];
  for (const other of key.aliases) {
    if (other !== key.alias) notes.push(`the key also has alias/${other}; the stack leaves that alias alone`);
  }
  const grants: LiveGrant[] = [];
  const written: Mapping[] = [];
  const seen = new Set<string>();
  // import-plan matches grants on what they grant, not on names: beside a named grant with the same content, it
  // could adopt the named one, which the stack (with no name to give) would then replace.
  const named = new Set(key.grants.filter((g) => g.name !== null).map(grantIdentity));
  for (const grant of [...key.grants].sort((a, b) => compareText(grantIdentity(a), grantIdentity(b)) || compareText(a.grantId, b.grantId))) {
    const problem = grantProblem(grant);
    if (problem !== undefined) {
      notes.push(`grant ${grant.grantId} is left alone (the stack never touches a grant it did not create or import): ${problem}`);
      continue;
    }
    const identity = grantIdentity(grant);
    if (named.has(identity)) {
      notes.push(`grant ${grant.grantId} is left alone: a named grant of the key grants the same, and import-plan could adopt that one instead`);
      continue;
    }
    if (seen.has(identity)) {
      notes.push(`grant ${grant.grantId} is left alone: it grants the same as another grant of the key, and the dialect declares each grant once (8.5.3)`);
      continue;
    }
    seen.add(identity);
    grants.push(grant);
    written.push(grantYaml(grant, accounts));
  }

  const body: Mapping = { location: key.region, description: key.description };
  if (policy.value.admin !== undefined) body.admin_users = policy.value.admin;
  if (policy.value.allow.length > 0) body.allow_permission = policy.value.allow;
  if (policy.value.deny.length > 0) body.deny_permission = policy.value.deny;
  if (written.length > 0) body.grant = written;
  return ok({ alias: key.alias, live: key, body, grants, notes });
}

interface KeyPolicyStatements {
  admin?: string | Mapping | (string | Mapping)[];
  allow: Mapping[];
  deny: Mapping[];
}

/**
 * 8.3: the key policy must hold the root statement the dialect always writes first; an admin statement (kms:* on
 * the key's own alias ARN, as the dialect writes it) becomes `admin_users`; every other statement is a permission
 * statement.
 */
function convertKeyPolicy(key: FoundKey, accounts: AccountDirectory): Converted<KeyPolicyStatements> {
  const { statements, reasons } = documentStatements(key.policy, "the key policy");
  const root = `arn:aws:iam::${accounts.self}:root`;
  const rootStatement = { Sid: "", Effect: "Allow", Action: "kms:*", Resource: "*", Principal: { AWS: root } };
  const rootIndex = statements.findIndex(({ statement }) => canonicalStatement(statement) === canonicalStatement(rootStatement));
  if (rootIndex < 0) {
    const withSid = statements.find(({ statement }) => canonicalStatement({ ...statement, Sid: "" }) === canonicalStatement(rootStatement));
    return notExpressible([
      ...reasons,
      withSid !== undefined
        ? `the key policy's ${withSid.label} allows ${root} kms:* with Sid ${JSON.stringify(withSid.statement.Sid)}; the dialect always writes that statement ` +
          "with an empty Sid (DIALECT.md 8.3), so the key policy would change"
        : `the key policy has no statement that allows ${root} kms:* on "*" without a Sid and a condition; the dialect always writes that statement first (8.3)`,
    ]);
  }
  const rest = statements.filter((_, i) => i !== rootIndex);
  const aliasArn = `arn:aws:kms:${key.region}:${accounts.self}:alias/${key.alias}`;
  const adminIndex = rest.findIndex(({ statement }) => isAdminStatement(statement, aliasArn));
  const self: SelfContext = { kind: "key", key: { alias: key.alias, location: key.region } };
  let admin: KeyPolicyStatements["admin"];
  if (adminIndex >= 0) {
    const principal = rest[adminIndex].statement.Principal as Mapping;
    admin = oneOrList(principalInstructions(listify(principal.AWS) as string[], accounts, self));
  }
  const others: NumberedStatement[] = rest.filter((_, i) => i !== adminIndex);
  const converted = withReasons(reasons, convertPermissionStatements(others, "key", "the key policy", accounts, self));
  if (!converted.ok) return converted;
  return ok({ admin, ...converted.value });
}

/** Exactly what `admin_users` compiles to (8.3): Allow kms:* on the alias ARN, AWS principals only, no Sid or condition. */
function isAdminStatement(statement: Mapping, aliasArn: string): boolean {
  const keys = Object.keys(statement).filter((k) => !(k === "Sid" && statement.Sid === ""));
  if (keys.length !== 4 || !["Effect", "Action", "Resource", "Principal"].every((k) => keys.includes(k))) return false;
  const principal = statement.Principal;
  if (!isMapping(principal) || Object.keys(principal).join() !== "AWS") return false;
  const arns = listify(principal.AWS);
  if (arns.length === 0 || !arns.every((a) => typeof a === "string" && a.startsWith("arn:")) || new Set(arns).size !== arns.length) return false;
  return statement.Effect === "Allow" && stableJson(listify(statement.Action)) === stableJson(["kms:*"]) && stableJson(listify(statement.Resource)) === stableJson([aliasArn]);
}

/** Why the dialect cannot declare a grant as it is (8.5), or undefined. */
function grantProblem(grant: LiveGrant): string | undefined {
  if (grant.name !== null && grant.name !== "") {
    return `it has the name ${JSON.stringify(grant.name)}; the dialect has no grant name, and a grant adopted without its name would be replaced`;
  }
  if (!grant.granteePrincipal.startsWith("arn:")) return `its grantee ${JSON.stringify(grant.granteePrincipal)} is not an ARN, which the dialect requires (6.2.1)`;
  if (grant.retiringPrincipal !== null && !grant.retiringPrincipal.startsWith("arn:")) {
    return `its retiring principal ${JSON.stringify(grant.retiringPrincipal)} is not an ARN, which the dialect requires (6.2.1)`;
  }
  const other = grant.operations.filter((op) => !(SYMMETRIC_OPERATIONS as readonly string[]).includes(op));
  if (grant.operations.length === 0) return "it grants no operation";
  if (other.length > 0) return `it grants ${other.join(", ")}, which the dialect does not accept for a symmetric key (8.5.2)`;
  if (hasPairs(grant.encryptionContextEquals) && hasPairs(grant.encryptionContextSubset)) {
    return "it has both EncryptionContextEquals and EncryptionContextSubset, which the dialect does not accept together (8.5)";
  }
  return undefined;
}

function grantYaml(grant: LiveGrant, accounts: AccountDirectory): Mapping {
  const written: Mapping = { grantee: arnValue(grant.granteePrincipal, accounts) };
  if (grant.retiringPrincipal !== null) written.retiree = arnValue(grant.retiringPrincipal, accounts);
  written.operations = oneOrList([...new Set(grant.operations)].sort(compareText));
  if (hasPairs(grant.encryptionContextEquals)) written.constraints = { EncryptionContextEquals: sortedPairs(grant.encryptionContextEquals!) };
  if (hasPairs(grant.encryptionContextSubset)) written.constraints = { EncryptionContextSubset: sortedPairs(grant.encryptionContextSubset!) };
  return written;
}

/** What a grant grants, as import-plan matches grants (adopt/grant-matching.ts): grantee, retiree, operations, constraints. */
export function grantIdentity(grant: LiveGrant): string {
  return stableJson([
    grant.granteePrincipal,
    grant.retiringPrincipal,
    [...new Set(grant.operations)].sort(compareText),
    hasPairs(grant.encryptionContextEquals) ? grant.encryptionContextEquals : null,
    hasPairs(grant.encryptionContextSubset) ? grant.encryptionContextSubset : null,
  ]);
}

function hasPairs(context: Readonly<Record<string, string>> | null): boolean {
  return context !== null && Object.keys(context).length > 0;
}

function sortedPairs(context: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(context).sort(([a], [b]) => compareText(a, b)));
}

/** 8.1, as the compiler checks it. */
function keyNameProblem(alias: string): string | undefined {
  const diagnostics = new Diagnostics();
  if (checkKeyName(alias, {}, diagnostics)) return undefined;
  return `${diagnostics.resolve()[0].message} (DIALECT.md 8.1)`;
}
