/**
 * Policy documents back to dialect statements (DIALECT.md §5): trust statements for `allow_to_assume_me` and
 * `disallow_to_assume_me`, permission statements for `allow_permission` and `deny_permission`, with specifiers
 * where the values allow and pass-through keys (`Sid`, `Condition`, principal entries) for the rest. What the
 * compiler would write differently (another Version, an Id, repeated values, a Sid a role document cannot have,
 * a trust statement without Action, …) is a reason, and the document is not converted.
 */
import { SAML_ACTION } from "../../compiler/documents/principals";
import { isMapping, listify, type Mapping } from "../../compiler/values";
import type { LiveDocument } from "./live";
import {
  awsPrincipalArns,
  federatedValues,
  oneOrList,
  principalInstructions,
  resourceValues,
  serviceValues,
  trustIam,
  type AccountDirectory,
  type SelfContext,
} from "./specifiers";

export type Converted<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reasons: readonly string[] };

export const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
export const notExpressible = <T>(reasons: readonly string[]): Converted<T> => ({ ok: false, reasons });

/** `converted`, failed with `reasons` first when there are any: every reason is reported at once. */
export function withReasons<T>(reasons: readonly string[], converted: Converted<T>): Converted<T> {
  if (reasons.length === 0) return converted;
  return notExpressible([...reasons, ...(converted.ok ? [] : converted.reasons)]);
}

/** The statements of a document of one kind, in the order of the account's document. */
export interface TrustStatements {
  readonly allow: Mapping[];
  readonly disallow: Mapping[];
}

export interface PermissionStatements {
  readonly allow: Mapping[];
  readonly deny: Mapping[];
}

/** A live statement, numbered from 1 within its document for messages. */
export interface NumberedStatement {
  readonly statement: Mapping;
  /** `statement 2`, or `statement 2 of policy "x"` when several documents are combined. */
  readonly label: string;
}

const STATEMENT_ELEMENTS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
const DIALECT_VERSION = "2012-10-17";
const ROLE_SID = /^[A-Za-z0-9]*$/;

/** A document's statements, and why the compiler could not write the document as it is (empty when it can). */
export interface DocumentStatements {
  readonly statements: NumberedStatement[];
  readonly reasons: string[];
}

/**
 * The statements of a document, with what stands in the way of the compiler writing it: another Version (the
 * compiler always writes 2012-10-17, and an older or missing Version reads policy variables differently), an Id or
 * another top-level key, no statement at all (then the compiler writes no document, or the EC2 default trust).
 */
export function documentStatements(document: LiveDocument, what: string, statementLabel = (n: number) => `statement ${n}`): DocumentStatements {
  if (!document.parsed) return { statements: [], reasons: [`${what} cannot be read: ${document.problem}`] };
  const value = document.document;
  if (!isMapping(value)) return { statements: [], reasons: [`${what} is not a JSON object`] };
  const reasons: string[] = [];
  if (value.Version !== DIALECT_VERSION) {
    const found = value.Version === undefined ? "no Version" : `Version ${JSON.stringify(value.Version)}`;
    reasons.push(`${what} has ${found}; the dialect always writes Version "${DIALECT_VERSION}" (DIALECT.md 13.1), which reads policy variables differently`);
  }
  for (const key of Object.keys(value)) {
    if (key === "Version" || key === "Statement") continue;
    reasons.push(`${what} has ${key === "Id" ? `an Id (${JSON.stringify(value.Id)})` : `the top-level key ${JSON.stringify(key)}`}, which the dialect cannot write (DIALECT.md 13.1)`);
  }
  const statements = value.Statement === undefined ? [] : listify(value.Statement);
  if (statements.length === 0) reasons.push(`${what} has no statement`);
  const numbered: NumberedStatement[] = [];
  statements.forEach((statement, index) => {
    if (isMapping(statement)) numbered.push({ statement, label: statementLabel(index + 1) });
    else reasons.push(`${what}: ${statementLabel(index + 1)} is not a JSON object`);
  });
  return { statements: numbered, reasons };
}

export type DocumentKind = "trust" | "role" | "bucket" | "key";

/** What every statement of a document must satisfy for the compiler to write it back as it is. */
function statementProblems(statements: readonly NumberedStatement[], kind: DocumentKind, what: string): string[] {
  const reasons: string[] = [];
  const sids = new Map<string, string>();
  for (const { statement, label } of statements) {
    const problem = (text: string) => reasons.push(`${what}: ${label} ${text}`);
    for (const key of Object.keys(statement)) {
      if (!STATEMENT_ELEMENTS.includes(key)) problem(`has the key ${JSON.stringify(key)}, which is not an IAM statement element (DIALECT.md 5.1.2)`);
    }
    if (statement.Effect !== "Allow" && statement.Effect !== "Deny") problem(`has Effect ${JSON.stringify(statement.Effect ?? null)}; the dialect writes "Allow" or "Deny" (5.1.3)`);
    if ("Sid" in statement) {
      const sid = statement.Sid;
      if (typeof sid !== "string") problem(`has a Sid that is not a string (${JSON.stringify(sid)})`);
      else if (kind !== "bucket" && kind !== "key" && !ROLE_SID.test(sid)) problem(`has Sid ${JSON.stringify(sid)}; a role's documents take only letters and digits in a Sid (5.1.4)`);
      else if (sid !== "" && sids.has(sid)) problem(`repeats Sid ${JSON.stringify(sid)} of ${sids.get(sid)}; a Sid must be unique in its document (5.1.4)`);
      else if (sid !== "") sids.set(sid, label);
    }
    for (const key of ["Action", "NotAction", "Resource", "NotResource"]) {
      if (key in statement) reasons.push(...stringListProblems(statement[key], key).map((p) => `${what}: ${label} ${p}`));
    }
    for (const [first, second] of [
      ["Action", "NotAction"],
      ["Resource", "NotResource"],
      ["Principal", "NotPrincipal"],
    ]) {
      if (first in statement && second in statement) problem(`has both ${first} and ${second}`);
    }
    if (!("Action" in statement) && !("NotAction" in statement)) {
      problem(kind === "trust" ? "has neither Action nor NotAction; the dialect would add Action sts:AssumeRole (5.2.5)" : "has neither Action nor NotAction");
    }
    const principals = ["Principal", "NotPrincipal"].filter((key) => key in statement);
    if (kind === "trust" || kind === "bucket" || kind === "key") {
      if (principals.length === 0) problem("names no principal");
    } else if (principals.length > 0) {
      problem(`has ${principals[0]}, which a role's inline policy cannot have (5.3.6)`);
    }
    if (kind === "trust") {
      for (const key of ["Resource", "NotResource"]) if (key in statement) problem(`has ${key}, which a trust policy cannot have (5.2.6)`);
    } else if (!("Resource" in statement) && !("NotResource" in statement)) {
      problem("has neither Resource nor NotResource");
    }
    for (const key of principals) reasons.push(...principalProblems(statement[key], key).map((p) => `${what}: ${label} ${p}`));
  }
  return reasons;
}

/** Values the compiler normalises (5.4) must already be what it would make of them, up to order. */
function stringListProblems(value: unknown, key: string): string[] {
  if (typeof value === "string") return [];
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string")) {
    return [`has a ${key} that is not a string or a non-empty list of strings`];
  }
  const repeated = value.filter((v, i) => value.indexOf(v) !== i);
  return repeated.length === 0 ? [] : [`lists ${JSON.stringify(repeated[0])} more than once in ${key}; the dialect removes repeated values (5.4)`];
}

function principalProblems(principal: unknown, key: string): string[] {
  if (typeof principal === "string") return [];
  if (!isMapping(principal)) return [`has a ${key} that is neither a mapping nor a string`];
  if (Object.keys(principal).length === 0) return [`has an empty ${key}; the dialect rejects a statement that names no principal (5.2.4)`];
  return Object.entries(principal).flatMap(([entry, values]) => {
    const problems = stringListProblems(values, `${key}.${entry}`);
    if (problems.length > 0 || entry !== "AWS") return problems;
    // An account id and that account's root ARN are one principal to AWS, and one ARN to the compiler.
    const arns = listify(values).map((v) => (typeof v === "string" && /^[0-9]{12}$/.test(v) ? `arn:aws:iam::${v}:root` : v));
    const repeated = arns.find((v, i) => arns.indexOf(v) !== i);
    return repeated === undefined ? [] : [`names ${JSON.stringify(repeated)} twice in ${key}.AWS (once by its account id); the dialect writes it once (5.4)`];
  });
}

/** A principal mapping split into what specifiers can write and what stays a pass-through entry. */
interface PrincipalParts {
  service?: string[];
  federated?: string[];
  awsArns?: string[];
  passThrough: Mapping;
}

function principalParts(principal: Mapping): PrincipalParts {
  const parts: PrincipalParts = { passThrough: {} };
  for (const [entry, written] of Object.entries(principal)) {
    const values = listify(written) as string[];
    if (entry === "Service" && serviceValues(values) !== undefined) parts.service = serviceValues(values);
    else if (entry === "Federated") parts.federated = values;
    else if (entry === "AWS" && awsPrincipalArns(values) !== undefined) parts.awsArns = awsPrincipalArns(values);
    else parts.passThrough[entry] = written;
  }
  return parts;
}

/** 5.2: each statement with Principal goes to `allow_to_assume_me`, each with NotPrincipal to `disallow_to_assume_me`. */
export function convertTrustStatements(
  statements: readonly NumberedStatement[],
  what: string,
  accounts: AccountDirectory,
  self: SelfContext,
): Converted<TrustStatements> {
  const reasons = statementProblems(statements, "trust", what);
  if (reasons.length > 0) return notExpressible(reasons);
  const converted: TrustStatements = { allow: [], disallow: [] };
  for (const { statement } of statements) {
    const target = "Principal" in statement ? "Principal" : "NotPrincipal";
    const written: Mapping = {};
    if (typeof statement.Sid === "string" && statement.Sid !== "") written.Sid = statement.Sid;
    let federated = false;
    const principal = statement[target];
    if (isMapping(principal)) {
      const parts = principalParts(principal);
      if (parts.service !== undefined) written.service = oneOrList(parts.service);
      if (parts.federated !== undefined) {
        written.federated = oneOrList(federatedValues(parts.federated, accounts));
        federated = true;
      }
      if (parts.awsArns !== undefined) Object.assign(written, trustIam(parts.awsArns, accounts, self));
      if (Object.keys(parts.passThrough).length > 0) written[target] = parts.passThrough;
    } else {
      written[target] = principal;
    }
    // The compiler defaults the Action (the SAML one after `federated`), only when there is no NotAction.
    if ("Action" in statement && !isOnly(statement.Action, federated ? SAML_ACTION : "sts:AssumeRole")) written.Action = statement.Action;
    if ("NotAction" in statement) written.NotAction = statement.NotAction;
    if (statement.Effect === "Deny") written.Effect = "Deny";
    if ("Condition" in statement) written.Condition = statement.Condition;
    (target === "Principal" ? converted.allow : converted.disallow).push(written);
  }
  return ok(converted);
}

/** 5.3: Allow statements go to `allow_permission`, Deny statements to `deny_permission`. */
export function convertPermissionStatements(
  statements: readonly NumberedStatement[],
  kind: "role" | "bucket" | "key",
  what: string,
  accounts: AccountDirectory,
  self: SelfContext,
): Converted<PermissionStatements> {
  const reasons = statementProblems(statements, kind, what);
  if (reasons.length > 0) return notExpressible(reasons);
  const converted: PermissionStatements = { allow: [], deny: [] };
  for (const { statement } of statements) {
    const written: Mapping = {};
    if (typeof statement.Sid === "string" && statement.Sid !== "") written.Sid = statement.Sid;
    if ("Action" in statement) written.action = statement.Action;
    if ("NotAction" in statement) written.notaction = statement.NotAction;
    for (const [upper, lower] of [
      ["Resource", "resource"],
      ["NotResource", "notresource"],
    ]) {
      if (upper in statement) written[lower] = oneOrList(resourceValues(listify(statement[upper]) as string[], accounts, self));
    }
    for (const [upper, lower] of [
      ["Principal", "principal"],
      ["NotPrincipal", "notprincipal"],
    ]) {
      if (!(upper in statement)) continue;
      const principal = statement[upper];
      if (principal === "*") written[lower] = "*";
      else if (!isMapping(principal)) written[upper] = principal;
      else {
        const parts = principalParts(principal);
        const instructions: (string | Mapping)[] = [];
        if (parts.service !== undefined) instructions.push({ service: oneOrList(parts.service) });
        if (parts.federated !== undefined) instructions.push({ federated: oneOrList(federatedValues(parts.federated, accounts)) });
        if (parts.awsArns !== undefined) instructions.push(...principalInstructions(parts.awsArns, accounts, self));
        if (instructions.length > 0) written[lower] = oneOrList(instructions);
        if (Object.keys(parts.passThrough).length > 0) written[upper] = parts.passThrough;
      }
    }
    if ("Condition" in statement) written.Condition = statement.Condition;
    (statement.Effect === "Allow" ? converted.allow : converted.deny).push(written);
  }
  return ok(converted);
}

function isOnly(value: unknown, action: string): boolean {
  return value === action || (Array.isArray(value) && value.length === 1 && value[0] === action);
}
