/** What the drawings mean, in the words every format uses (docs/graph.md repeats it). */
import type { GraphEdge, RiskTag } from "../model";

export const LEGEND: readonly string[] = [
  "A -> role, can assume: the role's trust policy allows A sts:AssumeRole (assume), sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity.",
  "A -> bucket or key, can access: the bucket policy, the key policy or a grant allows A; or A's inline policy (role policy) names it. The label lists the actions.",
  "Dashed: the Allow has a Condition (a grant: constraints); the edge holds only when it is met. Conditions are not evaluated.",
  "A Deny without a Condition in the same document takes away what it covers; a Deny with a Condition, or of only part, is listed under limits and the edge stays.",
  "Red: a risk, with the code iam-syncr check reports: W3 anyone, W2 Allow with NotPrincipal, IAM106 an account outside accounts.yaml without a Condition, IAM107/IAM108 federation without an audience condition, IAM105 or wildcard: * or service:* on a bucket or key.",
  "whole account: any principal of that account whose own IAM policies allow it.",
  "Not read offline: managed policies (a role lists their ARNs), permissions boundaries, SCPs, session policies; for access across accounts, the other side's policy is drawn from its side.",
];

/** `W3`, `wildcard`: how a risk is shown. */
export function riskLabel(risk: RiskTag): string {
  if (risk.code !== null) return risk.code;
  return risk.risk === "wildcard-actions" ? "wildcard" : risk.risk === "external-account-without-condition" ? "external, no condition" : risk.risk;
}

/** The edge's label with what it is limited to and its risks: `GetObject on public/* · if AWS:SourceArn · W3`. */
export function edgeCaption(edge: GraphEdge): string {
  let text = edge.label;
  if (edge.exceptPrincipals.length > 0) text += ` · except ${edge.exceptPrincipals.length === 1 ? edge.exceptPrincipals[0] : `${edge.exceptPrincipals.length} principals`}`;
  if (edge.objects.length > 0) text += ` on ${edge.objects.length <= 2 ? edge.objects.join(", ") : `${edge.objects[0]} +${edge.objects.length - 1}`}`;
  if (edge.conditions.length > 0) {
    const keys = edge.conditions.map((c) => shortKey(c.slice(c.indexOf(" ") + 1)));
    const what = edge.via === "grant" ? "if context " : "if ";
    text += ` · ${what}${keys.length <= 2 ? keys.join(", ") : `${keys.length} conditions`}`;
  }
  if (edge.risks.length > 0) text += ` · ${[...new Set(edge.risks.map(riskLabel))].join(", ")}`;
  return text;
}

/** A condition key with a long prefix shortened: `token.actions.githubusercontent.com:sub` → `…:sub`. */
function shortKey(key: string): string {
  const colon = key.lastIndexOf(":");
  return colon > 16 ? `…${key.slice(colon)}` : key;
}
