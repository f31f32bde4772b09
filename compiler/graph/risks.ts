/**
 * The risks an edge carries, named with the code `iam-syncr check` gives the same statement: the compiler's
 * W3 (`"*"`) and W2 (Allow with NotPrincipal), the lint's IAM105–IAM108. The predicates are the lint's own
 * (compiler/lint/trust.ts), so an edge is tagged exactly when check reports its statement. Two risks the lint
 * has no code for are tagged with a null code: an account outside accounts.yaml let in without a Condition by a
 * bucket policy, key policy or grant, and `s3:*` / `kms:*` (or an Allow with NotAction) on a bucket or key.
 */
import type { Accounts } from "../accounts";
import { hasCondition, stringsOf } from "../lint/statement";
import { accountOfPrincipal, unconditionedFederation } from "../lint/trust";
import { isMapping, type Mapping } from "../values";
import { isWildcardAction } from "./actions";
import type { AllowedPrincipal } from "./denials";
import type { RiskTag } from "./model";

export function principalRisks(principal: AllowedPrincipal): RiskTag[] {
  if (principal.kind === "anyone") return [{ code: "W3", risk: "anyone" }];
  if (principal.kind === "anyone-except") return [{ code: "W2", risk: "allow-with-notprincipal" }];
  return [];
}

/** IAM106–IAM108 for one principal of an Allow trust statement. */
export function trustRisks(statement: Mapping, principal: AllowedPrincipal, accounts: Accounts): RiskTag[] {
  const risks = principalRisks(principal);
  if (principal.kind !== "one") return risks;
  if (principal.entry === "AWS" && isExternal(principal.value, accounts) && !hasCondition(statement)) {
    risks.push({ code: "IAM106", risk: "external-account-without-condition" });
  }
  if (principal.entry === "Federated" && isMapping(statement.Principal)) {
    const { webIdentity, saml } = unconditionedFederation(statement, statement.Principal);
    if (webIdentity.includes(principal.value)) risks.push({ code: "IAM107", risk: "federation-without-condition" });
    if (saml.includes(principal.value)) risks.push({ code: "IAM108", risk: "federation-without-condition" });
  }
  return risks;
}

/** Risks of an access edge: its principal, an external account let in without a condition, wildcard actions. */
export function accessRisks(
  statement: Mapping | undefined,
  principal: AllowedPrincipal,
  actions: { actions: readonly string[]; notActions: boolean },
  accounts: Accounts,
  conditional: boolean,
): RiskTag[] {
  const risks = principalRisks(principal);
  if (principal.kind === "one" && principal.entry === "AWS" && isExternal(principal.value, accounts) && !conditional) {
    risks.push({ code: null, risk: "external-account-without-condition" });
  }
  // Every action but some is as wide as a wildcard (Access Analyzer: "Allow with NotAction").
  if (actions.notActions || actions.actions.some(isWildcardAction)) {
    const everything = statement !== undefined && stringsOf(statement.Action).includes("*") && stringsOf(statement.Resource).includes("*");
    risks.push({ code: everything ? "IAM105" : null, risk: "wildcard-actions" });
  }
  return risks;
}

function isExternal(value: string, accounts: Accounts): boolean {
  const account = accountOfPrincipal(value);
  return account !== undefined && !accounts.isKnownId(account);
}
