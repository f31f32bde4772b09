/** IAM105: an Allow of `Action: "*"` on `Resource: "*"` is administrator access, rarely what a role needs. */
import type { DocumentRecord } from "../compilation";
import { Messages } from "../messages";
import type { LintContext } from "./context";
import { writtenUnder } from "./sources";
import { stringsOf } from "./statement";

export function lintAllowEverything(record: DocumentRecord, context: LintContext): void {
  for (const { statement, source } of record.statements) {
    if (statement.Effect !== "Allow") continue;
    if (!stringsOf(statement.Action).includes("*") || !stringsOf(statement.Resource).includes("*")) continue;
    const at = writtenUnder(source, ["action", "Action"], "*") ?? source;
    context.diagnostics.report(Messages.allowEverything, {}, at.site());
  }
}
