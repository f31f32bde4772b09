/** Reading a built statement for the graph: its principals (as nodes) and its conditions. */
import { stringsOf } from "../lint/statement";
import { isMapping, type Mapping } from "../values";
import type { AllowedPrincipal } from "./denials";
import type { NodeRegistry } from "./nodes";

export interface PrincipalOfStatement {
  principal: AllowedPrincipal;
  node: string;
}

/**
 * The principals an Allow lets in, each with its node: `"*"` (or AWS `"*"`) is anyone; NotPrincipal is anyone
 * except the principals it lists (the W2 reading of an Allow); every other value is its own node.
 */
export function principalsOf(statement: Mapping, nodes: NodeRegistry): PrincipalOfStatement[] {
  if ("NotPrincipal" in statement) return [{ principal: { kind: "anyone-except" }, node: nodes.anyone() }];
  const principal = statement.Principal;
  if (principal === "*") return [{ principal: { kind: "anyone" }, node: nodes.anyone() }];
  if (!isMapping(principal)) return [];
  const out: PrincipalOfStatement[] = [];
  for (const [entry, values] of Object.entries(principal)) {
    for (const value of stringsOf(values)) {
      const allowed: AllowedPrincipal = entry === "AWS" && value === "*" ? { kind: "anyone" } : { kind: "one", entry, value };
      out.push({ principal: allowed, node: nodes.principal(entry, value) });
    }
  }
  return out;
}

/** The values NotPrincipal lists, for the label of an "anyone except" edge. */
export function exceptedPrincipals(statement: Mapping): string[] {
  const listed = statement.NotPrincipal;
  if (listed === "*") return ["*"];
  if (!isMapping(listed)) return [];
  return Object.values(listed).flatMap((values) => stringsOf(values));
}

/** `StringEquals sts:ExternalId` for each condition key, in the order written. */
export function conditionsOf(statement: Mapping): string[] {
  const condition = statement.Condition;
  if (condition === undefined || condition === null) return [];
  if (!isMapping(condition)) return ["Condition"];
  return Object.entries(condition).flatMap(([operator, block]) => (isMapping(block) ? Object.keys(block).map((key) => `${operator} ${key}`) : [operator]));
}
