import type { CheckReport } from "../compiler/check";
import { summarize, type Diagnostic } from "../compiler";
import { PLAIN, type Style } from "./colour";
import { formatWithSource, type SourceLines } from "./diagnostic-format";

/** stderr of `check --format text`: every diagnostic with its source line, then the summary line. */
export function formatCheckDiagnostics(report: CheckReport, sources: SourceLines, style: Style = PLAIN): string {
  // Suppressed findings are in the JSON and SARIF reports, with their reason; people see only their count.
  const shown: Diagnostic[] = [...report.diagnostics, ...report.accounts.flatMap((a) => a.diagnostics)].filter((d) => d.suppressed === undefined);
  const checked = `${report.summary.accounts} account${report.summary.accounts === 1 ? "" : "s"} checked`;
  const suppressed = report.summary.suppressed > 0 ? `, ${report.summary.suppressed} suppressed` : "";
  return shown.map((d) => formatWithSource(d, sources, style)).join("") + `${checked}: ${summarize(shown)}${suppressed}\n`;
}

/** stdout of `check --format text`: the order in which the account stacks must be deployed. */
export function formatDeployOrder(report: CheckReport): string {
  const steps = report.deployOrder;
  if (steps.length === 0) return "";
  const trustCycles = new Map(report.accounts.filter((a) => a.trustCycle.length > 0).map((a) => [a.name, a.trustCycle]));
  if (steps.every((s) => s.after.length === 0 && s.cycle === null) && trustCycles.size === 0) {
    return `deploy order: any (no account references a role of another account)\n`;
  }
  const lines = steps.map((step, index) => {
    const accounts = step.accounts.join(", ");
    const after = step.after.length > 0 ? ` (after ${step.after.join(", ")})` : "";
    const notes: string[] = [];
    if (step.cycle !== null) {
      notes.push(`cycle ${step.cycle.join(" -> ")}; these stacks need two passes (iam-syncr up makes them): the first without the principals that are roles not created yet, the second as compiled`);
    }
    for (const account of step.accounts) {
      const roles = trustCycles.get(account);
      if (roles === undefined) continue;
      const names = roles.map((arn) => arn.slice(arn.indexOf(":role/") + ":role/".length)).join(", ");
      notes.push(`roles of ${account} trust each other in a cycle (${names}); its stack needs two passes (iam-syncr up makes them): the first without those not created yet, the second as compiled`);
    }
    return `  ${index + 1}. ${accounts}${after}${notes.length === 0 ? "" : `: ${notes.join("; ")}`}\n`;
  });
  return `deploy order (an account after the accounts whose roles it references):\n${lines.join("")}`;
}
