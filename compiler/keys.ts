/**
 * KMS keys (DIALECT.md §8): a symmetric key reached through `alias/<name>`, its key policy (root statement,
 * admin statement, the user's statements) and its grants.
 */
import { canonicalJson } from "./canonical";
import type { AccountContext, DocumentContext } from "./documents/context";
import { assembleDocument, type BuiltStatement } from "./documents/document";
import { normaliseStatement } from "./documents/normalise";
import { expandPrincipalValue, grantsAnyone } from "./documents/principals";
import { expandArns, REGION_PATTERN } from "./documents/specifiers";
import { buildPermissionStatements } from "./documents/statements";
import { checkDocumentSize, LIMITS } from "./limits";
import { hasBrokenItems, usableItems, withoutKeys, type Located } from "./located";
import { Messages } from "./messages";
import type { GrantConstraints, GrantPlan, KeyPlan } from "./plan";
import { suggestion } from "./suggest";
import { compareText, listify, sortedRecord, type Mapping } from "./values";

/** The grant operations of a symmetric encryption key (8.5.2). */
export const SYMMETRIC_OPERATIONS = [
  "CreateGrant",
  "Decrypt",
  "DescribeKey",
  "Encrypt",
  "GenerateDataKey",
  "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext",
  "GenerateDataKeyWithoutPlaintext",
  "ReEncryptFrom",
  "ReEncryptTo",
  "RetireGrant",
] as const;

/** AWS grant operations that exist but that a symmetric key cannot grant. */
const OTHER_KEY_OPERATIONS = ["Sign", "Verify", "GetPublicKey", "GenerateMac", "VerifyMac", "DeriveSharedSecret", "Encapsulate", "Decapsulate"];

/** Returns the key's plan, or undefined after reporting its errors; `broken` keys failed validation. */
export function buildKey(name: string, written: Located, broken: ReadonlySet<string>, account: AccountContext): KeyPlan | undefined {
  const { diagnostics } = account;
  const before = diagnostics.errors;
  const definition = withoutKeys(written, broken);
  const location = keyLocation(definition, broken, account);

  const context: DocumentContext = { kind: "key", ...account, key: { alias: name, location } };
  const built: BuiltStatement[] = [];
  built.push({ statement: rootStatement(account.account), source: definition });
  const adminUsers = definition.get("admin_users");
  if (adminUsers !== undefined && location !== undefined) {
    const admin = adminStatement(adminUsers, `arn:aws:kms:${location}:${account.account}:alias/${name}`, context);
    if (admin !== undefined) built.push({ statement: admin, source: adminUsers });
  }
  const statements = buildPermissionStatements(definition, broken, context);
  if (statements !== undefined) built.push(...statements);
  const grants = buildGrants(definition, broken, context);

  const description = definition.get("description")?.value;
  if (diagnostics.errors > before || location === undefined || grants === undefined || typeof description !== "string") return undefined;
  const policy = assembleDocument(built, context);
  if (policy === undefined || !checkDocumentSize(policy, built, LIMITS.keyPolicy, definition.site("key"), diagnostics)) return undefined;
  context.records?.documents.push({ owner: definition, role: "key", document: policy, statements: built });
  return { location, description, policy, grants };
}

/** 8.2: `location`, else R; R must look like a region too. Undefined after an error (or after a broken location). */
function keyLocation(definition: Located<Mapping>, broken: ReadonlySet<string>, account: AccountContext): string | undefined {
  if (broken.has("location")) return undefined;
  const written = definition.get("location")?.value as string | undefined;
  if (written !== undefined) return written;
  if (account.region === undefined) {
    account.diagnostics.report(Messages.locationMissing, { type: "the key" }, definition.site("key"));
    return undefined;
  }
  if (!REGION_PATTERN.test(account.region)) {
    account.diagnostics.report(Messages.defaultRegionInvalid, { region: account.region }, definition.site("key"));
    return undefined;
  }
  return account.region;
}

/** 8.3 (1), as the 5.3 algorithm builds `{Sid: "", principal: {iam: root}, action: "kms:*", resource: "*"}`. */
function rootStatement(account: string): Mapping {
  return { Sid: "", Effect: "Allow", Action: "kms:*", Resource: "*", Principal: { AWS: `arn:aws:iam::${account}:root` } };
}

/** 8.3 (2), as the 5.3 algorithm builds `{Sid: "", principal: <admin_users>, action: "kms:*", resource: {kms: __self__}}`. */
function adminStatement(adminUsers: Located, selfArn: string, context: DocumentContext): Mapping | undefined {
  const statement: Mapping = { Sid: "", Effect: "Allow", Action: ["kms:*"], Resource: [selfArn] };
  // Its Action is set, so a federated admin adds no SAML action (and no W6).
  const expansion = expandPrincipalValue(adminUsers, context);
  if (expansion === undefined) return undefined;
  statement.Principal = expansion.principal;
  if (!normaliseStatement(statement, context.diagnostics, () => adminUsers.site())) return undefined;
  if (grantsAnyone(statement.Principal)) context.diagnostics.report(Messages.principalAnyone, {}, adminUsers.site());
  return statement;
}

/** 8.5: each grant once; the whole content is its identity. */
function buildGrants(definition: Located<Mapping>, broken: ReadonlySet<string>, context: DocumentContext): GrantPlan[] | undefined {
  const grants: GrantPlan[] = [];
  const seen = new Map<string, string>();
  let ok = !hasBrokenItems("grant", broken);
  for (const item of usableItems(definition, "grant", broken)) {
    const grant = buildGrant(item as Located<Mapping>, context);
    if (grant === undefined) {
      ok = false;
      continue;
    }
    const identity = canonicalJson(grant);
    const other = seen.get(identity);
    if (other !== undefined) {
      context.diagnostics.report(Messages.grantDuplicate, { other }, item.site());
      ok = false;
      continue;
    }
    seen.set(identity, item.path.toString());
    grants.push(grant);
  }
  return ok ? grants : undefined;
}

function buildGrant(grant: Located<Mapping>, context: DocumentContext): GrantPlan | undefined {
  const grantee = onePrincipal(grant.child("grantee"), "grantee", context);
  const retireeAt = grant.get("retiree");
  const retiree = retireeAt === undefined ? null : onePrincipal(retireeAt, "retiree", context);
  const operations = grantOperations(grant.child("operations"), context);
  const constraintsAt = grant.get("constraints");
  const constraints = constraintsAt === undefined ? null : grantConstraints(constraintsAt);
  const tokens = grant.get("grant_tokens");
  if (grantee === undefined || retiree === undefined || operations === undefined) return undefined;
  return { grantee, retiree, operations, constraints, grantTokens: tokens === undefined ? null : (tokens.value as string[]) };
}

/**
 * Constraints with each encryption context's pairs sorted by key (the plan's maps are sorted, and the order of
 * pairs means nothing to KMS); an empty mapping is none. (What KMS would refuse in them is linted by `check`.)
 */
function grantConstraints(at: Located): GrantConstraints | null {
  const written = at.value as GrantConstraints;
  if (Object.keys(written).length === 0) return null;
  const constraints: GrantConstraints = {};
  if (written.EncryptionContextEquals !== undefined) constraints.EncryptionContextEquals = sortedRecord(written.EncryptionContextEquals);
  if (written.EncryptionContextSubset !== undefined) constraints.EncryptionContextSubset = sortedRecord(written.EncryptionContextSubset);
  return constraints;
}

/** Grantee and retiree must each give exactly one ARN (8.5). */
function onePrincipal(value: Located, role: "grantee" | "retiree", context: DocumentContext): string | undefined {
  const { arns, ok } = expandArns(value.items(), context, role);
  if (!ok) return undefined;
  const distinct = [...new Set(arns.map(({ arn }) => arn))];
  if (distinct.length !== 1) {
    context.diagnostics.report(Messages.grantOnlyOne, { role, count: distinct.length }, value.site());
    return undefined;
  }
  return distinct[0];
}

/** Operations, each once and sorted; only those a symmetric key can grant (8.5.2). */
function grantOperations(value: Located, context: DocumentContext): string[] | undefined {
  let ok = true;
  for (const item of value.items()) {
    const operation = item.value as string;
    if ((SYMMETRIC_OPERATIONS as readonly string[]).includes(operation)) continue;
    ok = false;
    if (OTHER_KEY_OPERATIONS.includes(operation)) {
      context.diagnostics.report(Messages.operationNotSymmetric, { operation }, item.site());
    } else {
      context.diagnostics.report(
        Messages.operationUnknown,
        { operation, suggestion: suggestion(operation, [...SYMMETRIC_OPERATIONS, ...OTHER_KEY_OPERATIONS]) },
        item.site(),
      );
    }
  }
  return ok ? [...new Set(listify(value.value) as string[])].sort(compareText) : undefined;
}
