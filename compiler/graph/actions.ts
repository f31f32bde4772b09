/**
 * The actions of a statement as the graph reads them: which of a service's actions an Action or NotAction
 * element allows, and the short labels the drawings show (`GetObject, ListBucket`, `all but Decrypt`).
 */
import { matchesPattern } from "../lint/patterns";
import { stringsOf } from "../lint/statement";
import { compareText, type Mapping } from "../values";

/** The actions that assume a role. */
export const ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"] as const;

/** Actions of one service: the patterns allowed, or (`notActions`) every action of it except these. */
export interface ServiceActions {
  actions: string[];
  notActions: boolean;
}

/** Which of `candidates` (plain action names) the statement's Action or NotAction covers. */
export function coveredAmong(statement: Mapping, candidates: readonly string[]): string[] {
  if ("Action" in statement) {
    const patterns = stringsOf(statement.Action);
    return candidates.filter((c) => patterns.some((p) => matchesPattern(p, c, true)));
  }
  if ("NotAction" in statement) {
    const excluded = stringsOf(statement.NotAction);
    return candidates.filter((c) => !excluded.some((p) => matchesPattern(p, c, true)));
  }
  return [];
}

/** Whether an action pattern can name an action of `service` (`s3:Get*`, `s3:*` and `*` can for s3). */
export function namesService(pattern: string, service: string): boolean {
  if (pattern === "*") return true;
  const colon = pattern.indexOf(":");
  return colon > 0 && matchesPattern(pattern.slice(0, colon), service, true);
}

/**
 * The statement's actions on `service`, or undefined when it allows none of them. A NotAction statement allows
 * every action of the service that its patterns do not exclude; one that excludes `<service>:*` allows none.
 */
export function actionsOnService(statement: Mapping, service: string): ServiceActions | undefined {
  if ("Action" in statement) {
    const actions = stringsOf(statement.Action).filter((a) => namesService(a, service));
    return actions.length === 0 ? undefined : { actions: sortedUnique(actions), notActions: false };
  }
  if ("NotAction" in statement) {
    const excluded = stringsOf(statement.NotAction).filter((a) => namesService(a, service));
    if (excluded.some((a) => a === "*" || a.endsWith(":*"))) return undefined;
    return { actions: sortedUnique(excluded), notActions: true };
  }
  return undefined;
}

/** `*` and `s3:*`: every action (of a service). */
export function isWildcardAction(action: string): boolean {
  return action === "*" || /^[^:]+:\*$/.test(action);
}

/**
 * A short label: the service prefix is dropped when every action is of `service`, at most three actions are
 * named and the rest counted.
 */
export function actionLabel(actions: readonly string[], notActions: boolean, service: string | undefined): string {
  const prefix = service === undefined ? undefined : `${service}:`;
  const sameService = prefix !== undefined && actions.every((a) => a.toLowerCase().startsWith(prefix.toLowerCase()) && a !== `${service}:*`);
  const shown = actions.map((a) => (sameService ? a.slice(prefix!.length) : a));
  const named = shown.length > 3 ? `${shown.slice(0, 3).join(", ")} +${shown.length - 3}` : shown.join(", ");
  if (notActions) return shown.length === 0 ? "every action" : `all but ${named}`;
  return named;
}

export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}
