/**
 * "Can access" edges to buckets and keys, from three sides:
 *
 * - a bucket or key policy: one edge per principal of each Allow with actions of the service, minus what the
 *   policy's Deny statements take away. A key policy's first statement (its own account may use the key, which
 *   is how the account's IAM policies get their say) is not drawn: those policies are, from the roles' side;
 * - a grant: grantee → key, with the operations, its constraints as conditions;
 * - a role's inline policy: role → each bucket and key of the root that a Resource names (resources.ts), with
 *   the actions of that service, minus what the role's own Deny statements take away.
 */
import type { Accounts } from "../accounts";
import type { DocumentRecord } from "../compilation";
import type { Located } from "../located";
import { stringsOf } from "../lint/statement";
import type { GrantPlan } from "../plan";
import type { Mapping } from "../values";
import { actionLabel, actionsOnService, sortedUnique } from "./actions";
import { applyDenies, deniesOf } from "./denials";
import type { NodeRegistry } from "./nodes";
import type { DataResource, DataService, ResourceIndex } from "./resources";
import { accessRisks } from "./risks";
import { sourceRefOf } from "./source-ref";
import { conditionsOf, exceptedPrincipals, principalsOf } from "./statements";
import type { EdgeDraft } from "./trust-edges";

/** The bucket or key a resource policy belongs to. */
export interface PolicyTarget {
  node: string;
  service: DataService;
  /** The bucket ARN (objects are `<arn>/…`); undefined for a key. */
  bucketArn: string | undefined;
}

export function resourcePolicyEdges(record: DocumentRecord, target: PolicyTarget, nodes: NodeRegistry, accounts: Accounts, out: EdgeDraft[]): void {
  const denies = deniesOf(record.statements);
  for (const { statement, source } of record.statements) {
    // The key policy's root statement is built from the key's definition itself (keys.ts).
    if (statement.Effect !== "Allow" || source === record.owner) continue;
    const onService = actionsOnService(statement, target.service);
    if (onService === undefined) continue;
    const resources = stringsOf(statement.Resource);
    const conditions = conditionsOf(statement);
    const except = "NotPrincipal" in statement ? exceptedPrincipals(statement) : [];
    let where: ReturnType<typeof sourceRefOf> | undefined;
    for (const { principal, node } of principalsOf(statement, nodes)) {
      const outcome = applyDenies({ principal, ...onService, resources: "Resource" in statement ? resources : ["*"] }, denies);
      if (outcome.removed) continue;
      where ??= sourceRefOf(source);
      out.push({
        from: node,
        to: target.node,
        kind: "access",
        via: target.service === "s3" ? "bucket policy" : "key policy",
        actions: outcome.actions,
        notActions: onService.notActions,
        label: `${target.service === "s3" ? "bucket policy" : "key policy"}: ${actionLabel(outcome.actions, onService.notActions, target.service)}`,
        exceptPrincipals: except,
        objects: target.bucketArn === undefined ? [] : objectsNamed(resources, target.bucketArn),
        conditions,
        limits: outcome.limits,
        risks: accessRisks(statement, principal, { actions: outcome.actions, notActions: onService.notActions }, accounts, conditions.length > 0),
        source: where,
      });
    }
  }
}

/** The object paths a bucket policy statement is limited to; empty when it names the bucket's objects as a whole. */
function objectsNamed(resources: readonly string[], bucketArn: string): string[] {
  const prefix = `${bucketArn}/`;
  if (resources.some((r) => r === "*" || r === `${prefix}*`)) return [];
  return sortedUnique(resources.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length)));
}

export function grantEdges(grants: readonly GrantPlan[], items: readonly Located[], key: string, fallback: Located, nodes: NodeRegistry, accounts: Accounts, out: EdgeDraft[]): void {
  grants.forEach((grant, index) => {
    const conditions = Object.entries(grant.constraints ?? {}).flatMap(([kind, pairs]) => Object.keys(pairs as Record<string, string>).map((key) => `${kind} ${key}`));
    const principal = { kind: "one", entry: "AWS", value: grant.grantee } as const;
    out.push({
      from: nodes.principal("AWS", grant.grantee),
      to: key,
      kind: "access",
      via: "grant",
      actions: grant.operations,
      notActions: false,
      label: `grant: ${actionLabel(grant.operations, false, undefined)}`,
      exceptPrincipals: [],
      objects: [],
      conditions,
      limits: [],
      risks: accessRisks(undefined, principal, { actions: grant.operations, notActions: false }, accounts, conditions.length > 0),
      source: sourceRefOf(items[index] ?? fallback),
    });
  });
}

export function rolePolicyEdges(record: DocumentRecord, role: string, accountId: string, resources: ResourceIndex, accounts: Accounts, out: EdgeDraft[]): void {
  const denies = deniesOf(record.statements);
  for (const { statement, source } of record.statements) {
    if (statement.Effect !== "Allow") continue;
    for (const service of ["s3", "kms"] as const) {
      const onService = actionsOnService(statement, service);
      if (onService === undefined) continue;
      for (const [resource, named] of targetsOf(statement, service, accountId, resources)) {
        const outcome = applyDenies({ principal: { kind: "self" }, ...onService, resources: named.patterns }, denies);
        if (outcome.removed) continue;
        const limits = [...outcome.limits];
        if (resource.accountId !== accountId) {
          limits.push(`in another account: the ${service === "s3" ? "bucket" : "key"}'s own policy must allow it too`);
        }
        out.push({
          from: role,
          to: resource.node,
          kind: "access",
          via: "role policy",
          actions: outcome.actions,
          notActions: onService.notActions,
          label: `role policy: ${actionLabel(outcome.actions, onService.notActions, service)}`,
          exceptPrincipals: [],
          objects: named.whole ? [] : sortedUnique(named.objects),
          conditions: conditionsOf(statement),
          limits,
          risks: accessRisks(statement, { kind: "self" }, { actions: outcome.actions, notActions: onService.notActions }, accounts, true),
          source: sourceRefOf(source),
        });
      }
    }
  }
}

interface Named {
  patterns: string[];
  objects: string[];
  /** The bucket or key itself is named (not only some objects). */
  whole: boolean;
}

/** The buckets or keys the statement's Resource (or NotResource) names, in first-named order. */
function targetsOf(statement: Mapping, service: DataService, accountId: string, resources: ResourceIndex): Map<DataResource, Named> {
  const targets = new Map<DataResource, Named>();
  const name = (resource: DataResource, pattern: string, objects: string | undefined) => {
    let named = targets.get(resource);
    if (named === undefined) targets.set(resource, (named = { patterns: [], objects: [], whole: false }));
    named.patterns.push(pattern);
    if (objects === undefined || objects === "*") named.whole = true;
    else named.objects.push(objects);
  };
  if ("NotResource" in statement) {
    // Every resource of the account except those named: a NotResource that names the resource itself excludes it.
    const excluded = stringsOf(statement.NotResource);
    for (const resource of resources.ofAccount(accountId, service)) {
      if (excluded.some((pattern) => resources.named(pattern, service, accountId).some((n) => n.resource === resource && n.objects === undefined))) continue;
      name(resource, "*", undefined);
    }
    return targets;
  }
  for (const pattern of stringsOf(statement.Resource)) {
    for (const { resource, objects } of resources.named(pattern, service, accountId)) name(resource, pattern, objects);
  }
  return targets;
}
