/**
 * IAM109: an Allow that can never take effect, because a Deny of the same document without a Condition covers
 * every action, resource and principal it names (an explicit Deny always wins in IAM's evaluation). Usually a
 * leftover, or a Deny written wider than meant.
 *
 * "Covers" is decided soundly: when in doubt (NotPrincipal, a NotAction Deny against wildcard actions, …)
 * the statements are taken as not covering, so the warning is never wrong, only sometimes silent.
 */
import type { DocumentRecord } from "../compilation";
import { Messages } from "../messages";
import { isMapping, type Mapping } from "../values";
import type { LintContext } from "./context";
import { hasWildcard, matchesPattern, patternIncludes } from "./patterns";
import { hasCondition, stringsOf } from "./statement";

/** What an element matches: the patterns listed, or everything except them (NotAction, NotResource). */
interface Coverage {
  except: boolean;
  patterns: string[];
}

export function lintShadowedAllows(record: DocumentRecord, context: LintContext): void {
  const denies = record.statements.filter(({ statement }) => statement.Effect === "Deny" && !hasCondition(statement));
  if (denies.length === 0) return;
  for (const allow of record.statements) {
    if (allow.statement.Effect !== "Allow") continue;
    const deny = denies.find(({ statement }) => covers(statement, allow.statement));
    if (deny === undefined) continue;
    const covered = record.role === "inline" ? "actions and resources" : record.role === "trust" ? "actions and principals" : "actions, resources and principals";
    context.diagnostics.report(Messages.allowShadowed, { deny: deny.source.path.toString(), covered }, allow.source.site());
  }
}

/** Whether the Deny `deny` applies to every request the Allow `allow` would allow. */
export function covers(deny: Mapping, allow: Mapping): boolean {
  return (
    elementCovers(coverageOf(deny, "Action", "NotAction"), coverageOf(allow, "Action", "NotAction"), true) &&
    elementCovers(coverageOf(deny, "Resource", "NotResource"), coverageOf(allow, "Resource", "NotResource"), false) &&
    principalCovers(deny, allow)
  );
}

/** An element that is absent (trust policies have no Resource) matches everything. */
function coverageOf(statement: Mapping, positive: string, negative: string): Coverage {
  if (positive in statement) return { except: false, patterns: stringsOf(statement[positive]) };
  if (negative in statement) return { except: true, patterns: stringsOf(statement[negative]) };
  return { except: false, patterns: ["*"] };
}

function elementCovers(deny: Coverage, allow: Coverage, ignoreCase: boolean): boolean {
  const includedIn = (outer: readonly string[], inner: string) => outer.some((o) => patternIncludes(o, inner, ignoreCase));
  if (!deny.except && !allow.except) return allow.patterns.every((a) => includedIn(deny.patterns, a));
  // Everything but A ⊆ everything but D exactly when D ⊆ A.
  if (deny.except && allow.except) return deny.patterns.every((d) => includedIn(allow.patterns, d));
  // Allowing everything but some: only a Deny of everything covers it.
  if (!deny.except && allow.except) return deny.patterns.includes("*");
  // Denying everything but D covers plain names none of which D matches (wildcards: not decided).
  return allow.patterns.every((a) => !hasWildcard(a) && !deny.patterns.some((d) => matchesPattern(d, a, ignoreCase)));
}

function principalCovers(deny: Mapping, allow: Mapping): boolean {
  if ("NotPrincipal" in deny || "NotPrincipal" in allow) return false;
  const denied = deny.Principal;
  const allowed = allow.Principal;
  // Identity policies name no principal: the statements apply to the same one.
  if (denied === undefined && allowed === undefined) return true;
  if (denied === "*") return true;
  if (!isMapping(denied) || allowed === undefined) return false;
  if (allowed === "*") return stringsOf(denied.AWS).includes("*");
  if (!isMapping(allowed)) return false;
  return Object.entries(allowed).every(([entry, values]) => {
    const names = stringsOf(denied[entry]);
    return stringsOf(values).every((value) => names.includes(value) || (entry === "AWS" && names.includes("*")));
  });
}
