/**
 * References to roles of other accounts of the stacks root, `{iam: role/x, account: other}`: each one must name
 * a role that the other account's folder defines, or AWS rejects the policy ("Invalid principal") when the
 * stack is deployed. The same references give the order in which the accounts must be deployed.
 *
 * Only references to another account are checked: a stack may name roles of its own account that it does not
 * manage (made by hand, by AWS SSO, by another tool), which this root cannot know about.
 */
import type { CompilationRecords, IamReference } from "../compilation";
import type { Diagnostics } from "../diagnostics";
import { Messages } from "../messages";
import { leafOf, pathOf } from "../names";
import type { Plan } from "../plan";
import { suggestion } from "../suggest";
import { hasWildcard } from "../lint/patterns";
import { compareText } from "../values";

/** One account folder of the root, compiled. */
export interface CompiledAccount {
  name: string;
  /** Undefined when the folder is not in accounts.yaml (the compilation reports it). */
  id: string | undefined;
  /** Undefined when the compilation failed: its roles are then unknown. */
  plan: Plan | undefined;
  records: CompilationRecords;
  diagnostics: Diagnostics;
}

/** A reference from one account's policies to a role of another account of the root. */
export interface CrossAccountReference {
  from: string;
  to: string;
  /** As written: `role/ops/deployer`. */
  role: string;
  /** Whether `to` defines the role; null when `to` failed to compile. */
  defined: boolean | null;
}

export interface CrossAccountResult {
  references: CrossAccountReference[];
  /** For each account, the accounts it must be deployed after. */
  dependsOn: Map<string, Set<string>>;
}

/** Checks every cross-account role reference, reporting missing roles into the referencing account's diagnostics. */
export function checkCrossAccount(compiled: readonly CompiledAccount[]): CrossAccountResult {
  const rolesOf = new Map(compiled.map((c) => [c.name, c.plan === undefined ? undefined : RoleIndex.of(c.plan)]));
  const references = new Map<string, CrossAccountReference>();
  const dependsOn = new Map<string, Set<string>>(compiled.map((c) => [c.name, new Set<string>()]));

  // Several names may share one id (1.5.3): every account of an id, found without a scan per reference.
  const byId = new Map<string, CompiledAccount[]>();
  for (const account of compiled) if (account.id !== undefined) byId.set(account.id, [...(byId.get(account.id) ?? []), account]);
  for (const from of compiled) {
    for (const reference of from.records.references) {
      if (reference.account === from.id || !isRoleName(reference.name)) continue;
      const targets = (byId.get(reference.account) ?? []).filter((c) => c.name !== from.name);
      if (targets.length === 0) continue;
      const defining = targets.filter((t) => rolesOf.get(t.name)?.defines(reference.name));
      const unknown = targets.filter((t) => rolesOf.get(t.name) === undefined);
      const defined = defining.length > 0 ? true : unknown.length > 0 ? null : false;
      // A missing role is deployed by no one; an account that failed to compile may define it.
      for (const target of defined === null ? unknown : defining) dependsOn.get(from.name)!.add(target.name);
      for (const target of targets) {
        const key = `${from.name}\u0000${target.name}\u0000${reference.name}`;
        if (!references.has(key)) references.set(key, { from: from.name, to: target.name, role: reference.name, defined });
      }
      if (defined === false) reportMissing(reference, targets, rolesOf, from.diagnostics);
    }
  }
  const sorted = [...references.values()].sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.role, b.role));
  return { references: sorted, dependsOn };
}

/** `role/…` naming one role (a pattern such as `role/ops-*` in a resource names none in particular). */
function isRoleName(name: string): boolean {
  return name.startsWith("role/") && name.length > "role/".length && !name.endsWith("/") && !hasWildcard(name);
}

function reportMissing(
  reference: IamReference,
  targets: readonly CompiledAccount[],
  rolesOf: ReadonlyMap<string, RoleIndex | undefined>,
  diagnostics: Diagnostics,
): void {
  const candidates = targets.flatMap((t) => rolesOf.get(t.name)?.names ?? []);
  diagnostics.report(
    Messages.roleNotDefined,
    { name: reference.name, account: targets[0].name, id: reference.account, suggestion: suggestion(reference.name, candidates) },
    reference.at.site(),
  );
}

/** The roles an account defines, as ARN resource names (`role/<path><leaf>`); IAM ignores the case of the leaf. */
class RoleIndex {
  private readonly identities: Set<string>;

  private constructor(readonly names: readonly string[]) {
    this.identities = new Set(names.map(identity));
  }

  static of(plan: Plan): RoleIndex {
    return new RoleIndex(Object.values(plan.roles).map((role) => `role${role.path}${role.name}`));
  }

  defines(name: string): boolean {
    return this.identities.has(identity(name));
  }
}

function identity(roleName: string): string {
  const full = roleName.slice("role/".length);
  return `${pathOf(full)}${leafOf(full).toLowerCase()}`;
}
