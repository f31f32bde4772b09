/**
 * KMS grant constraints the compiler accepts in shape but KMS does not honour as written:
 *
 * - KMS101: EncryptionContextEquals and EncryptionContextSubset together (a grant takes one kind);
 * - KMS102: two encryption context keys that differ only by case (KMS compares keys ignoring case, values
 *   with case), so the grant holds one key twice.
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
    if (present.length === KINDS.length) {
      // The kind written second is the one to reconsider.
      context.diagnostics.report(Messages.grantConstraintKinds, {}, present[1][1].site("key"));
    }
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
