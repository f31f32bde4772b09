/**
 * The nodes and account groups of a graph, and how a principal written in a policy becomes a node: a role
 * that a folder of the root defines is that role's node (IAM compares role names ignoring the case of the
 * leaf), a whole account is its own node, and anything else an IAM principal of its account, which is an
 * external group when the account is not in accounts.yaml.
 */
import type { Accounts } from "../accounts";
import type { CompiledAccount } from "../check/cross-account";
import { accountOfPrincipal } from "../lint/trust";
import { hasWildcard } from "../lint/patterns";
import { leafOf, pathOf } from "../names";
import type { RolePlan } from "../plan";
import { compareText } from "../values";
import type { GraphGroup, GraphNode, NodeKind, SourceRef } from "./model";

export const ANYONE = "anyone";

/** `arn:aws:iam::123456789012:role/ops/ci/runner` → its account and resource part. */
const IAM_ARN = /^arn:aws[a-z-]*:(iam|sts)::([0-9]{12}):(.+)$/;
const ACCOUNT_ID = /^[0-9]{12}$/;

const KIND_ORDER: readonly NodeKind[] = ["anyone", "service", "federated", "account", "principal", "role", "bucket", "key"];

interface DefinedRole {
  account: string;
  fullName: string;
}

export class NodeRegistry {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly groups = new Map<string, GraphGroup>();
  /** Roles of the compiled folders by account id, then `<path><leaf in lower case>`. */
  private readonly roles = new Map<string, Map<string, DefinedRole>>();
  private readonly compiledNames: ReadonlySet<string>;
  private readonly groupsByAccountId = new Map<string, string>();
  /** AWS principal values already resolved to a node. */
  private readonly awsPrincipals = new Map<string, string>();

  constructor(
    private readonly accounts: Accounts,
    compiled: readonly CompiledAccount[],
  ) {
    this.compiledNames = new Set(compiled.map((c) => c.name));
    for (const account of compiled) {
      if (account.plan === undefined || account.id === undefined) continue;
      let byIdentity = this.roles.get(account.id);
      if (byIdentity === undefined) this.roles.set(account.id, (byIdentity = new Map()));
      for (const [fullName, role] of Object.entries(account.plan.roles)) {
        const identity = `${role.path}${role.name.toLowerCase()}`;
        if (!byIdentity.has(identity)) byIdentity.set(identity, { account: account.name, fullName });
      }
    }
  }

  /** The group of an account of the root, by name. */
  accountGroup(name: string): string {
    const id = `account:${name}`;
    if (!this.groups.has(id)) {
      this.groups.set(id, { id, name, accountId: this.accounts.idOf(name) ?? "", external: false, compiled: this.compiledNames.has(name) });
    }
    return id;
  }

  /** The group of an account id: its name's group when accounts.yaml lists it, else an external group. */
  groupOfAccountId(accountId: string): string {
    let id = this.groupsByAccountId.get(accountId);
    if (id === undefined) {
      const name = this.accounts.nameOf(accountId);
      if (name !== undefined) {
        id = this.accountGroup(name);
      } else {
        id = `external:${accountId}`;
        this.groups.set(id, { id, name: accountId, accountId, external: true, compiled: false });
      }
      this.groupsByAccountId.set(accountId, id);
    }
    return id;
  }

  role(account: string, fullName: string, plan: RolePlan, accountId: string, source: SourceRef | null): string {
    return this.add({
      id: roleId(account, fullName),
      kind: "role",
      label: fullName,
      group: this.accountGroup(account),
      arn: `arn:aws:iam::${accountId}:role${plan.path}${plan.name}`,
      source,
      managedPolicies: plan.managedPolicies ?? [],
      permissionsBoundary: plan.permissionsBoundary,
    });
  }

  bucket(account: string, name: string, source: SourceRef | null): string {
    return this.add({ id: bucketId(account, name), kind: "bucket", label: name, group: this.accountGroup(account), arn: `arn:aws:s3:::${name}`, source });
  }

  key(account: string, alias: string, arn: string, source: SourceRef | null): string {
    return this.add({ id: keyId(account, alias), kind: "key", label: `alias/${alias}`, group: this.accountGroup(account), arn, source });
  }

  anyone(): string {
    return this.add({ id: ANYONE, kind: "anyone", label: "anyone (*)", group: null, arn: null, source: null });
  }

  /** The node of one principal value of a Principal entry (`AWS`, `Service`, `Federated`, …). */
  principal(entry: string, value: string): string {
    if (value === "*" && entry === "AWS") return this.anyone();
    if (entry === "Service") return this.add({ id: `service:${value}`, kind: "service", label: value, group: null, arn: null, source: null });
    if (entry === "Federated") {
      const arn = IAM_ARN.exec(value);
      const group = arn === null ? null : this.groupOfAccountId(arn[2]);
      return this.add({ id: `federated:${value}`, kind: "federated", label: arn === null ? value : arn[3], group, arn: arn === null ? null : value, source: null });
    }
    if (entry === "AWS") return this.awsPrincipal(value);
    return this.add({ id: `principal:${entry}:${value}`, kind: "principal", label: `${entry} ${value}`, group: null, arn: null, source: null });
  }

  /** The role of the root that a principal ARN names, if a compiled folder defines it. */
  definedRole(arn: string): DefinedRole | undefined {
    const match = IAM_ARN.exec(arn);
    if (match === null || match[1] !== "iam" || !match[3].startsWith("role/") || hasWildcard(match[3])) return undefined;
    const full = match[3].slice("role/".length);
    return this.roles.get(match[2])?.get(`${pathOf(full)}${leafOf(full).toLowerCase()}`);
  }

  private awsPrincipal(value: string): string {
    // The same principals recur in thousands of statements: each value is resolved once.
    let id = this.awsPrincipals.get(value);
    if (id === undefined) {
      id = this.resolveAwsPrincipal(value);
      this.awsPrincipals.set(value, id);
    }
    return id;
  }

  private resolveAwsPrincipal(value: string): string {
    if (ACCOUNT_ID.test(value) || /^arn:aws[a-z-]*:iam::[0-9]{12}:root$/.test(value)) {
      const accountId = accountOfPrincipal(value)!;
      return this.add({ id: `root:${accountId}`, kind: "account", label: "whole account", group: this.groupOfAccountId(accountId), arn: `arn:aws:iam::${accountId}:root`, source: null });
    }
    const defined = this.definedRole(value);
    if (defined !== undefined) return roleId(defined.account, defined.fullName);
    const match = IAM_ARN.exec(value);
    const group = match === null ? null : this.groupOfAccountId(match[2]);
    return this.add({ id: `principal:${value}`, kind: "principal", label: match === null ? value : match[3], group, arn: value, source: null });
  }

  private add(node: GraphNode): string {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
    return node.id;
  }

  /** Groups: the root's accounts by name, then external accounts by id. */
  sortedGroups(): GraphGroup[] {
    return [...this.groups.values()].sort((a, b) => Number(a.external) - Number(b.external) || compareText(a.name, b.name));
  }

  /** Nodes outside any group first, then by group, kind and label. */
  sortedNodes(): GraphNode[] {
    const groupOrder = new Map(this.sortedGroups().map((g, index) => [g.id, index]));
    const keyed = [...this.nodes.values()].map((node) => ({ node, group: node.group === null ? -1 : groupOrder.get(node.group)!, kind: KIND_ORDER.indexOf(node.kind) }));
    keyed.sort((a, b) => a.group - b.group || a.kind - b.kind || compareText(a.node.label, b.node.label) || compareText(a.node.id, b.node.id));
    return keyed.map((k) => k.node);
  }
}

export function roleId(account: string, fullName: string): string {
  return `role:${account}:${fullName}`;
}

export function bucketId(account: string, name: string): string {
  return `bucket:${account}:${name}`;
}

export function keyId(account: string, alias: string): string {
  return `key:${account}:${alias}`;
}
