/**
 * Trust policies that let in more than intended:
 *
 * - IAM106: an account outside accounts.yaml trusted with no condition. The accounts of accounts.yaml are one
 *   organization's and trust each other as a matter of course; any other account should prove who it is
 *   (sts:ExternalId against the confused deputy) or belong to the organization (aws:PrincipalOrgID).
 * - IAM107: web identity (OIDC) trust with no audience or subject condition: every identity the provider
 *   issues (every GitHub repository, for GitHub's provider) could assume the role.
 * - IAM108: SAML trust with no SAML:aud condition.
 *
 * `"*"` and NotPrincipal with Allow are the compiler's W3 and W2, not repeated here.
 */
import type { DocumentRecord } from "../compilation";
import type { Located } from "../located";
import { Messages } from "../messages";
import { isMapping, type Mapping } from "../values";
import type { LintContext } from "./context";
import { matchesPattern } from "./patterns";
import { firstPresent, writtenAnywhere } from "./sources";
import { conditionKeys, hasCondition, stringsOf } from "./statement";

const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
const SAML_ACTION = "sts:AssumeRoleWithSAML";
/** The account of an AWS principal: an IAM or STS ARN, or a bare account id. */
const PRINCIPAL_ACCOUNT = /^(?:arn:aws[a-z-]*:(?:iam|sts)::([0-9]{12}):|([0-9]{12})$)/;

export function lintTrust(record: DocumentRecord, context: LintContext): void {
  if (record.role !== "trust") return;
  for (const { statement, source } of record.statements) {
    if (statement.Effect !== "Allow" || !isMapping(statement.Principal)) continue;
    externalAccounts(statement, statement.Principal, source, context);
    federation(statement, statement.Principal, source, context);
  }
}

/** The account of an AWS principal value (an IAM or STS ARN, or a bare account id); undefined for `*` and the like. */
export function accountOfPrincipal(value: string): string | undefined {
  const match = PRINCIPAL_ACCOUNT.exec(value);
  return match?.[1] ?? match?.[2];
}

function externalAccounts(statement: Mapping, principal: Mapping, source: Located, context: LintContext): void {
  if (context.accounts === undefined || hasCondition(statement)) return;
  const reported = new Set<string>();
  for (const value of stringsOf(principal.AWS)) {
    const account = accountOfPrincipal(value);
    if (account === undefined || context.accounts.isKnownId(account) || reported.has(account)) continue;
    reported.add(account);
    const at = writtenAnywhere(source, value) ?? firstPresent(source, ["iam", "Principal"]);
    context.diagnostics.report(Messages.externalAccountWithoutCondition, { account }, at.site());
  }
}

/**
 * The federated providers of an Allow trust statement that let in every identity they issue: web identity
 * (IAM107) without a condition on an audience or subject key, SAML (IAM108) without SAML:aud.
 */
export function unconditionedFederation(statement: Mapping, principal: Mapping): { webIdentity: string[]; saml: string[] } {
  const providers = stringsOf(principal.Federated);
  if (providers.length === 0) return { webIdentity: [], saml: [] };
  const actions = stringsOf(statement.Action);
  const allows = (action: string) => actions.some((pattern) => matchesPattern(pattern, action, true));
  const keys = conditionKeys(statement).map((key) => key.toLowerCase());
  const web = providers.filter((p) => !isSamlProvider(p));
  const saml = providers.filter(isSamlProvider);
  return {
    webIdentity: web.length > 0 && allows(WEB_IDENTITY_ACTION) && !keys.some((key) => key.endsWith(":aud") || key.endsWith(":sub")) ? web : [],
    saml: saml.length > 0 && allows(SAML_ACTION) && !keys.includes("saml:aud") ? saml : [],
  };
}

function federation(statement: Mapping, principal: Mapping, source: Located, context: LintContext): void {
  const { webIdentity, saml } = unconditionedFederation(statement, principal);
  if (webIdentity.length > 0) {
    const example = issuerOf(webIdentity[0]);
    context.diagnostics.report(Messages.webIdentityWithoutCondition, { providers: listed(webIdentity), example }, where(source, webIdentity[0]).site());
  }
  if (saml.length > 0) {
    context.diagnostics.report(Messages.samlWithoutAudience, { providers: listed(saml) }, where(source, saml[0]).site());
  }
}

export function isSamlProvider(federated: string): boolean {
  return federated.startsWith("arn:") && federated.includes(":saml-provider/");
}

/** The prefix of the provider's condition keys: `token.actions.githubusercontent.com` for its OIDC provider ARN. */
function issuerOf(provider: string): string {
  const marker = ":oidc-provider/";
  const at = provider.indexOf(marker);
  return at < 0 ? provider : provider.slice(at + marker.length);
}

function listed(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/** A provider written as a string is found again; one expanded from `{iam: saml-provider/x}` points at `federated`. */
function where(source: Located, provider: string): Located {
  return writtenAnywhere(source, provider) ?? firstPresent(source, ["federated", "Principal"]);
}
