/**
 * IAM101–IAM104: every action a document names must be of the form `service:Action`, of a service that
 * exists, and name (or, with wildcards, match) at least one of its actions. IAM rejects a malformed action only
 * when the stack is deployed, and keeps an unknown service or action in a role's policy without complaint
 * (S3 refuses one in a bucket policy): either way the typo grants nothing, and nobody notices.
 */
import type { DocumentRecord } from "../compilation";
import type { Located } from "../located";
import { Messages } from "../messages";
import type { Mapping } from "../values";
import type { ActionVerdict } from "./action-catalog";
import type { LintContext } from "./context";
import { writtenUnder } from "./sources";
import { stringsOf } from "./statement";

const ACTION_SOURCES: Record<string, readonly string[]> = {
  Action: ["action", "Action"],
  NotAction: ["notaction", "NotAction"],
};

/** Every action string of a built statement (Action and NotAction). */
export function actionsOf(statement: Mapping): string[] {
  return [...stringsOf(statement.Action), ...stringsOf(statement.NotAction)];
}

export function lintActions(record: DocumentRecord, context: LintContext): void {
  for (const { statement, source } of record.statements) {
    for (const element of ["Action", "NotAction"] as const) {
      for (const action of stringsOf(statement[element])) {
        const verdict = context.catalog.judge(action);
        if (verdict.kind === "known") continue;
        const at = writtenUnder(source, ACTION_SOURCES[element], action) ?? source;
        report(action, verdict, at, context);
      }
    }
  }
}

function report(action: string, verdict: Exclude<ActionVerdict, { kind: "known" }>, at: Located, context: LintContext): void {
  const { diagnostics } = context;
  switch (verdict.kind) {
    case "malformed":
      diagnostics.report(Messages.actionMalformed, { action }, at.site());
      return;
    case "unknownService": {
      const hint =
        verdict.closest !== undefined
          ? `; did you mean "${verdict.closest}"?`
          : "; check the prefix in the AWS Service Authorization Reference";
      diagnostics.report(Messages.serviceUnknown, { service: verdict.service, action, hint }, at.site());
      return;
    }
    case "unknownAction": {
      const hint =
        verdict.closest !== undefined
          ? `; did you mean "${verdict.closest}"?`
          : `; service "${verdict.service}" has no such action: check the name in the AWS Service Authorization Reference`;
      diagnostics.report(Messages.actionUnknown, { action, hint }, at.site());
      return;
    }
    case "matchesNothing":
      diagnostics.report(Messages.actionPatternMatchesNothing, { action, service: verdict.service }, at.site());
      return;
  }
}
