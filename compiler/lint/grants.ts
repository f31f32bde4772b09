/**
 * KMS grant constraints the compiler accepts but KMS does not honour as written. KMS102: two encryption context
 * keys that differ only by case (KMS compares keys ignoring case, values with case), so the grant holds one key
 * twice. (Both kinds of constraint in one grant, once KMS101 here, is a compile-time error since DIALECT.md 8.5
 * says so: E8008.)
 */
import type { DocumentRecord } from "../compilation";
import type { Located } from "../located";
import { Messages } from "../messages";
import type { LintContext } from "./context";

const KINDS = ["EncryptionContextEquals", "EncryptionContextSubset"] as const;

export function lintGrants(record: DocumentRecord, context: LintContext): void {
  if (record.role !== "key") return;
  for (const grant of record.owner.get("grant")?.items() ?? []) {
    const constraints = grant.get("constraints");
    if (constraints?.asMapping() === undefined) continue;
    const present = constraints.entries().filter(([key, value]) => (KINDS as readonly string[]).includes(key) && value.value !== null);
    for (const [, encryptionContext] of present) keysDifferingByCase(encryptionContext, context);
  }
}

function keysDifferingByCase(encryptionContext: Located, context: LintContext): void {
  const seen = new Map<string, string>();
  for (const [key, value] of encryptionContext.entries()) {
    const first = seen.get(key.toLowerCase());
    if (first === undefined) seen.set(key.toLowerCase(), key);
    else context.diagnostics.report(Messages.grantConstraintKeyCase, { first, second: key }, value.site("key"));
  }
}
