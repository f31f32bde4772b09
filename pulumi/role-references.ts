/**
 * Which roles of the stack a document names, so that the document waits for them. IAM, S3 and KMS refuse a
 * policy or a grant whose principal is a role that does not exist yet ("Invalid principal in policy"), and the
 * program passes documents as text, in which the engine sees no reference to the role: without an explicit
 * dependency it may send the document first and rely on the provider's retry window.
 *
 * A role is named by its ARN, `arn:aws:iam::<account>:role<path><name>`, exactly as the plan's documents write
 * it; any string of a document equal to the ARN of a role of this stack counts (a principal, a resource, a
 * condition value), which is all that is needed: this module knows no dialect rule, only ARNs.
 */
import { roleArn } from "../compiler/names";
import type { Plan, RolePlan } from "../compiler/plan";
import { roleLogicalName } from "./logical-names";

export class RoleReferences {
  /** ARN → the role's logical name. */
  private readonly byArn = new Map<string, string>();
  /** Full name → the roles its trust policy names, without the ones that would close a cycle. */
  private readonly trust = new Map<string, string[]>();

  constructor(plan: Plan) {
    const roles = Object.entries(plan.roles);
    for (const [, role] of roles) this.byArn.set(roleArn(plan.account.id, role), roleLogicalName(role.name));
    this.trust = this.acyclicTrust(roles);
  }

  /** Logical names of the roles `document` names, sorted, each once, without `except`. */
  namedIn(document: unknown, except?: string): string[] {
    const names = new Set<string>();
    for (const text of strings(document)) {
      const name = this.byArn.get(text);
      if (name !== undefined && name !== except) names.add(name);
    }
    return [...names].sort();
  }

  /**
   * The roles a role's trust policy names. Two roles that trust each other (directly or through others) cannot
   * both wait for the other: walking the roles in plan order, the reference that would close a cycle is left
   * out, so the first role of the cycle is created first. (AWS cannot create such roles in one go either: the
   * first one's trust policy names a role that does not exist yet.)
   */
  trustedBy(fullName: string): string[] {
    return this.trust.get(fullName) ?? [];
  }

  private acyclicTrust(roles: [string, RolePlan][]): Map<string, string[]> {
    const fullNameOf = new Map(roles.map(([fullName, role]) => [roleLogicalName(role.name), fullName]));
    const named = new Map(roles.map(([fullName, role]) => [fullName, this.namedIn(role.trustPolicy, roleLogicalName(role.name))]));
    const kept = new Map<string, string[]>();
    const visiting = new Set<string>();
    const visit = (fullName: string): void => {
      if (kept.has(fullName) || visiting.has(fullName)) return;
      visiting.add(fullName);
      const edges: string[] = [];
      for (const name of named.get(fullName) ?? []) {
        const target = fullNameOf.get(name);
        if (target === undefined || visiting.has(target)) continue;
        visit(target);
        edges.push(name);
      }
      visiting.delete(fullName);
      kept.set(fullName, edges);
    };
    for (const [fullName] of roles) visit(fullName);
    return kept;
  }
}


/** Every string value in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}
