/**
 * The graph as a pure function of what `check` compiled: the plans (which roles, buckets and keys each folder
 * defines, and the grants) and the compilation records (every document with the YAML statement behind each of
 * its statements). Records are matched to their role, bucket or key by the document itself: the plan holds the
 * very document object the record names.
 */
import type { Accounts } from "../accounts";
import type { CompiledAccount } from "../check/cross-account";
import type { DocumentRecord } from "../compilation";
import type { PolicyDocument } from "../plan";
import { compareText } from "../values";
import { grantEdges, resourcePolicyEdges, rolePolicyEdges } from "./access-edges";
import { GRAPH_FORMAT, type Graph, type GraphEdge } from "./model";
import { bucketId, keyId, NodeRegistry, roleId } from "./nodes";
import { ResourceIndex } from "./resources";
import { sourceRefOf } from "./source-ref";
import { trustEdges, type EdgeDraft } from "./trust-edges";

export interface GraphInput {
  /** The stacks root as printed (relative to the current directory). */
  root: string;
  accounts: Accounts;
  /** Accounts whose compilation failed (no plan) add no nodes or edges. */
  compiled: readonly CompiledAccount[];
}

type Owner =
  | { kind: "role"; node: string }
  | { kind: "bucket"; node: string; arn: string }
  | { kind: "key"; node: string; alias: string };

export function buildGraph(input: GraphInput): Graph {
  const nodes = new NodeRegistry(input.accounts, input.compiled);
  const resources = new ResourceIndex();
  const accounts = [...input.compiled].filter((c) => c.plan !== undefined && c.id !== undefined).sort((a, b) => compareText(a.name, b.name));

  // Every role, bucket and key first, so that any policy of any account can name them.
  const owners = new Map<PolicyDocument, Owner>();
  const definedAt = new Map<PolicyDocument, DocumentRecord>();
  for (const account of accounts) for (const record of account.records.documents) definedAt.set(record.document, record);
  for (const account of accounts) {
    const plan = account.plan!;
    nodes.accountGroup(account.name);
    for (const [fullName, role] of Object.entries(plan.roles)) {
      const record = definedAt.get(role.trustPolicy);
      const node = nodes.role(account.name, fullName, role, account.id!, record === undefined ? null : sourceRefOf(record.owner, "key"));
      owners.set(role.trustPolicy, { kind: "role", node });
      if (role.policy !== null) owners.set(role.policy, { kind: "role", node });
    }
    for (const [name, bucket] of Object.entries(plan.buckets)) {
      const record = bucket.policy === null ? undefined : definedAt.get(bucket.policy);
      const node = nodes.bucket(account.name, name, record === undefined ? null : sourceRefOf(record.owner, "key"));
      resources.addBucket(node, account.id!, name);
      if (bucket.policy !== null) owners.set(bucket.policy, { kind: "bucket", node, arn: `arn:aws:s3:::${name}` });
    }
    for (const [alias, key] of Object.entries(plan.keys)) {
      const aliasArn = `arn:aws:kms:${key.location}:${account.id!}:alias/${alias}`;
      const record = definedAt.get(key.policy);
      const node = nodes.key(account.name, alias, aliasArn, record === undefined ? null : sourceRefOf(record.owner, "key"));
      resources.addKey(node, account.id!, aliasArn, key.location);
      owners.set(key.policy, { kind: "key", node, alias });
    }
  }

  const drafts: EdgeDraft[] = [];
  for (const account of accounts) {
    const plan = account.plan!;
    for (const record of account.records.documents) {
      const owner = owners.get(record.document);
      if (owner === undefined) continue;
      if (record.role === "trust") trustEdges(record, owner.node, nodes, input.accounts, drafts);
      else if (record.role === "inline") rolePolicyEdges(record, owner.node, account.id!, resources, input.accounts, drafts);
      else if (owner.kind === "bucket") resourcePolicyEdges(record, { node: owner.node, service: "s3", bucketArn: owner.arn }, nodes, input.accounts, drafts);
      else if (owner.kind === "key") {
        resourcePolicyEdges(record, { node: owner.node, service: "kms", bucketArn: undefined }, nodes, input.accounts, drafts);
        const grants = plan.keys[owner.alias].grants;
        grantEdges(grants, record.owner.get("grant")?.items() ?? [], owner.node, record.owner, nodes, input.accounts, drafts);
      }
    }
  }

  const edges: GraphEdge[] = drafts.map((draft, index) => ({ id: `e${index + 1}`, ...draft }));
  return { format: GRAPH_FORMAT, root: input.root, groups: nodes.sortedGroups(), nodes: nodes.sortedNodes(), edges };
}

export { bucketId, keyId, roleId };
