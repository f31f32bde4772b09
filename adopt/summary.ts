/**
 * The summary `iam-syncr import-plan` prints on stderr: what was found and goes into the import file, what
 * `pulumi up` will create, what it will change, what the stack leaves alone, what blocks the adoption, and the
 * commands to run next. Sections without items are left out; every item is one line.
 */
import { hasErrors } from "./import-plan";
import type { Finding, FindingKind, ImportPlan } from "./import-plan";

export interface SummaryContext {
  readonly account: { readonly name: string; readonly id: string };
  /** Where the import file went: a path as the user gave it, or null for standard output. */
  readonly out: string | null;
}

const FINDING_SECTIONS: readonly { kind: FindingKind; title: string }[] = [
  { kind: "change", title: "pulumi up changes these after the import" },
  { kind: "untouched", title: "left alone: not in the YAML, and the stack never touches them" },
  { kind: "error", title: "errors: the import cannot settle these" },
];

export function formatSummary(plan: ImportPlan, context: SummaryContext): string {
  const { account } = context;
  const lines = [`import-plan for account ${account.name} (${account.id}), Pulumi stack "${account.name}":`];
  if (plan.alreadyInStack > 0) {
    const count = plan.alreadyInStack;
    lines.push(`already in the stack, so left out: ${count} ${count === 1 ? "resource" : "resources"}`);
  }
  section(
    lines,
    "found in AWS, to import",
    plan.imported.map((r) => `${r.type} ${r.name} (${r.source}), id ${r.id}`),
  );
  section(
    lines,
    "not in AWS: pulumi up creates them",
    plan.created.map((r) => `${r.type} ${r.name} (${r.source})`),
  );
  for (const { kind, title } of FINDING_SECTIONS) {
    section(lines, title, plan.findings.filter((f) => f.kind === kind).map(formatFinding));
  }
  lines.push(...closing(plan, context));
  return lines.map((line) => `${line}\n`).join("");
}

function section(lines: string[], title: string, items: string[]): void {
  if (items.length === 0) return;
  lines.push(`${title} (${items.length}):`, ...items.map((item) => `  ${item}`));
}

function formatFinding(finding: Finding): string {
  return `${finding.source}: ${finding.message}`;
}

function closing(plan: ImportPlan, { out }: SummaryContext): string[] {
  if (hasErrors(plan)) return ["nothing was written: fix the errors (in the YAML or in the account), then run import-plan again"];
  const count = plan.file.resources.length;
  const wrote = `wrote the import file (${count} ${count === 1 ? "resource" : "resources"}) to ${out ?? "standard output"}`;
  if (count === 0) return [wrote, "nothing to import: pulumi preview --diff shows what pulumi up will create"];
  return [
    wrote,
    'next, in the Pulumi project with this stack selected (docs/migrating.md):',
    // The providers must be in the stack before the import; a stack that holds them all needs no such step.
    ...(plan.providerUrns.length > 0 ? [`  pulumi up --yes ${plan.providerUrns.map((urn) => `--target '${urn}'`).join(" ")}`] : []),
    `  pulumi import --file ${out ?? "<the import file>"} --protect=false --generate-code=false --yes`,
    "  pulumi preview --diff",
  ];
}
