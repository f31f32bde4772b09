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
const SAML_ACTION = "sts:AssumeRoleWithSAML";
const SERVICE_WORD = /^[a-z0-9][a-z0-9-]*$/;

/** A principal being built: a mapping of entries, or the string "*". */
export type Principal = Mapping | "*";

/** What expanding a principal did to its statement, for the checks that follow. */
export interface PrincipalExpansion {
  principal: Principal;
  /** Federated values added while the statement's Action was defaulted to SAML (for W6). */
  samlDefaulted: { value: string; at: Located }[];
}

/**
 * Expands one mapping instruction into `principal`. In a trust statement the instruction is the statement
 * itself (its other keys are not the instruction's business); elsewhere unknown keys are errors and one of
 * service, federated, iam is required.
 */
export function addMappingInstruction(
  instruction: Located<Mapping>,
  principal: Mapping,
  statement: Mapping,
  context: DocumentContext,
  inTrustStatement: boolean,
  samlDefaulted: PrincipalExpansion["samlDefaulted"],
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
      if (!("Action" in statement) && !("NotAction" in statement)) {
        statement.Action = SAML_ACTION;
        samlDefaulted.push(...written);
      }
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
export function expandPrincipalValue(value: Located, statement: Mapping, context: DocumentContext): PrincipalExpansion | undefined {
  const { diagnostics } = context;
  const instructions = value.items();
  const principal: Mapping = {};
  const samlDefaulted: PrincipalExpansion["samlDefaulted"] = [];
  let wildcard = false;
  let ok = true;
  for (const instruction of instructions) {
    const mapping = instruction.asMapping();
    if (mapping !== undefined) {
      ok = addMappingInstruction(mapping, principal, statement, context, false, samlDefaulted) && ok;
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
  return { principal: wildcard ? "*" : principal, samlDefaulted };
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

/** 5.2.7: a SAML provider is an ARN that is not an OIDC provider. */
export function isSamlProvider(value: string): boolean {
  return value.startsWith("arn:") && !value.includes(":oidc-provider/");
}
