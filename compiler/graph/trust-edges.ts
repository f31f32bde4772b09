/**
 * "Can assume" edges, one per principal of each Allow trust statement that allows an sts:AssumeRole* action,
 * minus what the trust policy's Deny statements (`disallow_to_assume_me` with `Effect: Deny`) take away.
 */
import type { Accounts } from "../accounts";
import type { DocumentRecord } from "../compilation";
import { ASSUME_ACTIONS, coveredAmong } from "./actions";
import { applyDenies, deniesOf } from "./denials";
import type { GraphEdge } from "./model";
import type { NodeRegistry } from "./nodes";
import { trustRisks } from "./risks";
import { sourceRefOf } from "./source-ref";
import { conditionsOf, exceptedPrincipals, principalsOf } from "./statements";

export type EdgeDraft = Omit<GraphEdge, "id">;

const ACTION_NAMES: Record<string, string> = {
  "sts:AssumeRole": "assume",
  "sts:AssumeRoleWithSAML": "assume (SAML)",
  "sts:AssumeRoleWithWebIdentity": "assume (web identity)",
};

export function trustEdges(record: DocumentRecord, role: string, nodes: NodeRegistry, accounts: Accounts, out: EdgeDraft[]): void {
  const denies = deniesOf(record.statements);
  for (const { statement, source } of record.statements) {
    if (statement.Effect !== "Allow") continue;
    const assume = coveredAmong(statement, ASSUME_ACTIONS);
    if (assume.length === 0) continue;
    const conditions = conditionsOf(statement);
    const except = "NotPrincipal" in statement ? exceptedPrincipals(statement) : [];
    let where: ReturnType<typeof sourceRefOf> | undefined;
    for (const { principal, node } of principalsOf(statement, nodes)) {
      const outcome = applyDenies({ principal, actions: assume, notActions: false, resources: undefined }, denies);
      if (outcome.removed) continue;
      where ??= sourceRefOf(source);
      out.push({
        from: node,
        to: role,
        kind: "assume",
        via: "trust policy",
        actions: outcome.actions,
        notActions: false,
        label: outcome.actions.map((a) => ACTION_NAMES[a]).join(", "),
        exceptPrincipals: except,
        objects: [],
        conditions,
        limits: outcome.limits,
        risks: trustRisks(statement, principal, accounts),
        source: where,
      });
    }
  }
}
