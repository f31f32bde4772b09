/**
 * What the Deny statements of a document take away from one of its Allows, as far as it can be decided offline.
 * An explicit Deny always wins in IAM's evaluation, so an action that a Deny without a Condition covers (its
 * actions, its resources and the principal) is removed from the edge. A Deny that has a Condition, or that
 * covers only part of the edge (some objects of a bucket, some of the principals), cannot be decided from the
 * YAML alone: the edge stays, with a note naming the Deny. NotPrincipal in a Deny means "every principal but
 * these", so it applies to any principal it does not list.
 */
import type { BuiltStatement } from "../documents/document";
import { covers } from "../lint/shadowing";
import { hasCondition, stringsOf } from "../lint/statement";
import { isMapping, type Mapping } from "../values";
import { namesService } from "./actions";
import { patternsOverlap } from "./patterns";
import { formatSourceRef, sourceRefOf } from "./source-ref";

/** Who the Allow lets in: one principal value, everyone (`*`), everyone except some (NotPrincipal), or the role itself. */
export type AllowedPrincipal =
  | { kind: "one"; entry: string; value: string }
  | { kind: "anyone" }
  | { kind: "anyone-except" }
  | { kind: "self" };

export interface Request {
  principal: AllowedPrincipal;
  /** The Allow's actions (patterns), or with `notActions` every action except these. */
  actions: readonly string[];
  notActions: boolean;
  /** The resource patterns the Allow names for this edge; undefined in a trust policy (which has none). */
  resources: readonly string[] | undefined;
}

export interface Outcome {
  /** A Deny without a Condition takes the whole edge away. */
  removed: boolean;
  /** What is left of `actions`. */
  actions: string[];
  limits: string[];
}

/** The Deny statements of a document: found once per document, then applied to each of its Allows' edges. */
export function deniesOf(statements: readonly BuiltStatement[]): BuiltStatement[] {
  return statements.filter(({ statement }) => statement.Effect === "Deny");
}

export function applyDenies(request: Request, denies: readonly BuiltStatement[]): Outcome {
  if (denies.length === 0) return { removed: false, actions: [...request.actions], limits: [] };
  let actions = [...request.actions];
  const limits: string[] = [];
  for (const deny of denies) {
    // Most Denies are of other services (a baseline's iam:* beside s3 access): nothing to weigh.
    if (!request.notActions && !touchesServices(deny.statement, request.actions)) continue;
    const scope = principalScope(deny.statement, request.principal);
    if (scope === "none") continue;
    const conditional = hasCondition(deny.statement);
    const removable = scope === "all" && !conditional;
    const withoutPrincipal = stripped(deny.statement);
    const coveredWhole = (action: string | undefined) => covers(withoutPrincipal, allowOf(request, action));
    if (request.notActions) {
      // Every action but some: only a Deny of all of it takes the edge away.
      if (coveredWhole(undefined)) {
        if (removable) return { removed: true, actions: [], limits: [] };
        limits.push(note(deny, conditional, "may take it away"));
      } else if (overlaps(deny.statement, request, undefined)) {
        limits.push(note(deny, conditional, "takes away part of it"));
      }
      continue;
    }
    const kept: string[] = [];
    let partly = false;
    let wholly = false;
    for (const action of actions) {
      if (coveredWhole(action)) {
        if (removable) continue;
        wholly = true;
      } else if (overlaps(deny.statement, request, action)) {
        partly = true;
      }
      kept.push(action);
    }
    actions = kept;
    if (actions.length === 0) return { removed: true, actions, limits: [] };
    if (wholly) limits.push(note(deny, conditional, "may take it away"));
    else if (partly) limits.push(note(deny, conditional, "takes away part of it"));
  }
  return { removed: false, actions, limits };
}

/** Whether the Deny's Action can name an action of the services of `actions` (a NotAction Deny may name any). */
function touchesServices(deny: Mapping, actions: readonly string[]): boolean {
  if (!("Action" in deny)) return true;
  const denied = stringsOf(deny.Action);
  return actions.some((action) => {
    const colon = action.indexOf(":");
    return action === "*" || colon <= 0 || denied.some((d) => namesService(d, action.slice(0, colon)));
  });
}

/** Whether the Deny applies to the allowed principal: to all of it, to part of it, or not at all. */
function principalScope(deny: Mapping, principal: AllowedPrincipal): "all" | "part" | "none" {
  if (principal.kind === "self") return "Principal" in deny || "NotPrincipal" in deny ? "none" : "all";
  if ("NotPrincipal" in deny) {
    if (principal.kind !== "one") return "part";
    return listedIn(deny.NotPrincipal, principal.value) ? "none" : "all";
  }
  const denied = deny.Principal;
  if (denied === "*" || (isMapping(denied) && stringsOf(denied.AWS).includes("*"))) return "all";
  if (!isMapping(denied)) return "none";
  if (principal.kind !== "one") return "part";
  return stringsOf(denied[principal.entry]).includes(principal.value) ? "all" : "none";
}

function listedIn(principal: unknown, value: string): boolean {
  if (principal === "*") return true;
  if (!isMapping(principal)) return false;
  return Object.values(principal).some((values) => stringsOf(values).includes(value));
}

/** The Deny's actions and resources alone: the principal was judged already, the Condition is judged apart. */
function stripped(deny: Mapping): Mapping {
  const out: Mapping = {};
  for (const key of ["Action", "NotAction", "Resource", "NotResource"]) if (key in deny) out[key] = deny[key];
  return out;
}

function allowOf(request: Request, action: string | undefined): Mapping {
  const allow: Mapping = action === undefined ? { [request.notActions ? "NotAction" : "Action"]: [...request.actions] } : { Action: [action] };
  if (request.resources !== undefined) allow.Resource = [...request.resources];
  return allow;
}

/** Whether the Deny names some of the action (or of the actions) on some of the resources. */
function overlaps(deny: Mapping, request: Request, action: string | undefined): boolean {
  const denyActions = stringsOf(deny.Action);
  if (denyActions.length === 0) return false;
  const actionsOverlap =
    action !== undefined ? denyActions.some((d) => patternsOverlap(d, action, true)) : request.notActions ? true : request.actions.some((a) => denyActions.some((d) => patternsOverlap(d, a, true)));
  if (!actionsOverlap) return false;
  if (request.resources === undefined) return true;
  const denyResources = stringsOf(deny.Resource);
  if (denyResources.length === 0) return "NotResource" in deny;
  return request.resources.some((r) => denyResources.some((d) => patternsOverlap(d, r, false)));
}

function note(deny: BuiltStatement, conditional: boolean, effect: string): string {
  const source = sourceRefOf(deny.source);
  const condition = conditional ? " when its Condition holds" : "";
  return `the Deny at ${source.path} (${formatSourceRef(source)})${condition} ${effect}`;
}
