/**
 * Trust statements shared by several roles, offered as templates (DIALECT.md §3): when roles have identical
 * trust statements, the statements go into one template and each role says `use: <template>`, if that makes the
 * files shorter. A role that uses a template defines no trust key itself, so the merge (3.3) gives it exactly the
 * template's statements; `{iam: __self__}` in a template still means each role's own ARN (6.2).
 */
import type { Mapping } from "../../compiler/values";
import { stableJson } from "./equivalence";
import type { TrustStatements } from "./statements";
import { renderYaml } from "./yaml-text";

export interface TrustTemplate {
  readonly name: string;
  readonly body: Mapping;
  /** Full names of the roles that use it. */
  readonly roles: readonly string[];
}

export function trustKeys(trust: TrustStatements): Mapping {
  const keys: Mapping = {};
  if (trust.allow.length > 0) keys.allow_to_assume_me = trust.allow;
  if (trust.disallow.length > 0) keys.disallow_to_assume_me = trust.disallow;
  return keys;
}

/**
 * The templates worth writing, each with the roles that use it. `taken`: template names already defined for the
 * account (names are global to the folder, 2.4).
 */
export function chooseTrustTemplates(roles: readonly { fullName: string; trust: TrustStatements }[], taken: ReadonlySet<string>): TrustTemplate[] {
  const groups = new Map<string, { trust: TrustStatements; roles: string[] }>();
  for (const role of roles) {
    const identity = stableJson(role.trust);
    const group = groups.get(identity);
    if (group === undefined) groups.set(identity, { trust: role.trust, roles: [role.fullName] });
    else group.roles.push(role.fullName);
  }
  const used = new Set(taken);
  const templates: TrustTemplate[] = [];
  for (const { trust, roles: users } of groups.values()) {
    if (users.length < 2) continue;
    const name = uniqueName(templateName(trust), used);
    const body = trustKeys(trust);
    if (!shorter(name, body, users.length)) continue;
    used.add(name);
    templates.push({ name, body, roles: users });
  }
  return templates;
}

/** Whether one template and `use:` in each role is shorter than the statements written in each role. */
function shorter(name: string, body: Mapping, users: number): boolean {
  const inRole = renderYaml({ roles: { r: body } }).length - renderYaml({ roles: { r: {} } }).length;
  const template = renderYaml({ templates: { [name]: body } }).length;
  const use = renderYaml({ roles: { r: { use: name } } }).length - renderYaml({ roles: { r: {} } }).length;
  return template + users * use < users * inRole;
}

/** A name that says who may assume: `ec2-trust`, `live-trust`, `federated-trust`; `trust` otherwise. */
function templateName(trust: TrustStatements): string {
  const first = trust.allow[0] ?? trust.disallow[0];
  let base = "trust";
  if (first !== undefined) {
    const kinds = ["service", "federated", "iam"].filter((k) => k in first);
    if (kinds.length === 1 && kinds[0] === "service") base = `${[first.service].flat().map((s) => String(s).split(".")[0]).join("-")}-trust`;
    else if (kinds.length === 1 && kinds[0] === "federated") base = "federated-trust";
    else if (kinds.length === 1 && kinds[0] === "iam") base = first.account === undefined ? "account-trust" : `${[first.account].flat().join("-")}-trust`;
  }
  const cleaned = base.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  return cleaned.length > 0 && cleaned.length <= 60 ? cleaned : "trust";
}

function uniqueName(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
