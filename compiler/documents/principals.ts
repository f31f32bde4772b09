/**
 * Principal instructions (DIALECT.md 6.5): `service`, `federated` and `iam` (with `account`, `users`)
 * become the Service, Federated and AWS entries of a Principal or NotPrincipal mapping; `"*"` makes the whole
 * principal `"*"`; an ARN string goes to AWS.
 */
import type { Located } from "../located";
import { Messages } from "../messages";
import { suggestion } from "../suggest";
import { describeValue, isMapping, listify, type Mapping } from "../values";
import type { DocumentContext } from "./context";
import { expandIam } from "./specifiers";

export const INSTRUCTION_KEYS = ["service", "federated", "iam", "account", "users"] as const;
export const SAML_ACTION = "sts:AssumeRoleWithSAML";
const SERVICE_WORD = /^[a-z0-9][a-z0-9-]*$/;

/** A principal being built: a mapping of entries, or the string "*". */
export type Principal = Mapping | "*";

/** A federated value, with where it was written (for W6). */
export interface FederatedValue {
  value: string;
  at: Located;
}

export interface PrincipalExpansion {
  principal: Principal;
  /** Federated values added: a statement with neither Action nor NotAction then gets the SAML action (6.5.4). */
  federated: FederatedValue[];
}

/**
 * Expands one mapping instruction into `principal`, adding the federated values it wrote to `federated`. In a
 * trust statement the instruction is the statement itself (its other keys are not the instruction's
 * business); elsewhere unknown keys are errors and one of service, federated, iam is required.
 */
export function addMappingInstruction(
  instruction: Located<Mapping>,
  principal: Mapping,
  context: DocumentContext,
  inTrustStatement: boolean,
  federatedValues: FederatedValue[],
): boolean {
  const { diagnostics } = context;
  let ok = true;
  if (!inTrustStatement) {
    for (const key of Object.keys(instruction.value)) {
      if ((INSTRUCTION_KEYS as readonly string[]).includes(key)) continue;
      diagnostics.report(Messages.principalKeyUnknown, { key, suggestion: suggestion(key, INSTRUCTION_KEYS) }, instruction.child(key).site("key"));
      ok = false;
    }
    if (!ok) return false;
    if (!instruction.has("service") && !instruction.has("federated") && !instruction.has("iam")) {
      diagnostics.report(Messages.principalEmptyInstruction, {}, instruction.site());
      return false;
    }
  }
  const service = instruction.get("service");
  const federated = instruction.get("federated");
  const iam = instruction.get("iam");
  if (iam === undefined) {
    const orphans = ["account", "users"].filter((key) => instruction.has(key));
    if (orphans.length > 0) {
      diagnostics.report(Messages.accountWithoutIam, { keys: orphans.join(" and "), them: orphans.length > 1 ? "them" : "it" }, instruction.child(orphans[0]).site("key"));
      return false;
    }
  }

  if (service !== undefined) {
    const services: string[] = [];
    for (const item of service.items()) {
      const value = item.value;
      if (typeof value !== "string" || (!value.includes(".") && !SERVICE_WORD.test(value))) {
        diagnostics.report(Messages.serviceInvalid, { value: typeof value === "string" ? value : describeValue(value) }, item.site());
        ok = false;
      } else {
        services.push(value.includes(".") ? value : `${value}.amazonaws.com`);
      }
    }
    if (ok) append(principal, "Service", services);
  }

  if (federated !== undefined) {
    const providers: string[] = [];
    const written: { value: string; at: Located }[] = [];
    for (const item of federated.items()) {
      if (typeof item.value === "string") {
        providers.push(item.value);
        written.push({ value: item.value, at: item });
      } else if (isMapping(item.value) && "iam" in item.value) {
        const arns = expandIam(item, context);
        if (arns === undefined) ok = false;
        else {
          providers.push(...arns);
          written.push(...arns.map((value) => ({ value, at: item })));
        }
      } else {
        diagnostics.report(Messages.iamRequired, { what: "federated", found: describeValue(item.value) }, item.site());
        ok = false;
      }
    }
    if (ok) {
      append(principal, "Federated", providers);
      federatedValues.push(...written);
    }
  }

  if (iam !== undefined) {
    const arns = expandIam(instruction, context);
    if (arns === undefined) ok = false;
    else if (ok) append(principal, "AWS", arns);
  }
  return ok;
}

/**
 * The value of `principal`, `notprincipal` or `admin_users` (6.5): mappings, strings, or a list of them.
 * Returns the principal, or undefined after an error.
 */
export function expandPrincipalValue(value: Located, context: DocumentContext): PrincipalExpansion | undefined {
  const { diagnostics } = context;
  const instructions = value.items();
  const principal: Mapping = {};
  const federated: FederatedValue[] = [];
  let wildcard = false;
  let ok = true;
  for (const instruction of instructions) {
    const mapping = instruction.asMapping();
    if (mapping !== undefined) {
      ok = addMappingInstruction(mapping, principal, context, false, federated) && ok;
    } else if (instruction.value === "*") {
      if (instructions.length > 1) {
        diagnostics.report(Messages.wildcardNotAlone, {}, instruction.site());
        ok = false;
      }
      wildcard = true;
    } else if (typeof instruction.value === "string" && instruction.value.startsWith("arn:")) {
      append(principal, "AWS", [instruction.value]);
    } else if (typeof instruction.value === "string") {
      diagnostics.report(Messages.principalStringInvalid, { value: instruction.value }, instruction.site());
      ok = false;
    } else {
      diagnostics.report(Messages.principalValueInvalid, { found: describeValue(instruction.value) }, instruction.site());
      ok = false;
    }
  }
  if (!ok) return undefined;
  return { principal: wildcard ? "*" : principal, federated };
}

/** Adds values to a principal entry; an entry that exists keeps its place and is extended (13.2). */
function append(principal: Mapping, entry: string, values: string[]): void {
  principal[entry] = entry in principal ? [...listify(principal[entry]), ...values] : values;
}

/** 6.5.7: a principal that is `"*"` or whose AWS entry contains `"*"` grants anyone. */
export function grantsAnyone(principal: unknown): boolean {
  if (principal === "*") return true;
  return isMapping(principal) && listify(principal.AWS).includes("*");
}

/**
 * After a principal with federated values is in the statement: a statement with neither Action nor NotAction
 * gets `Action: sts:AssumeRoleWithSAML` (5.2.3, 5.3.5), and each federated value that is not a SAML provider
 * (an OIDC provider, or not an ARN) is W6: web identity needs its own action.
 */
export function defaultFederatedAction(statement: Mapping, federated: readonly FederatedValue[], context: DocumentContext): void {
  if (federated.length === 0 || "Action" in statement || "NotAction" in statement) return;
  statement.Action = SAML_ACTION;
  for (const { value, at } of federated) {
    if (!value.startsWith("arn:") || value.includes(":oidc-provider/")) {
      context.diagnostics.report(Messages.webIdentityAsSaml, { value }, at.site());
    }
  }
}
