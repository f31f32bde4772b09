/**
 * What `iam-syncr generate` prints on stderr when it has written its files: what went where, what was already in
 * the YAML, what is never written (service-linked and AWS-reserved roles), what the dialect cannot express and
 * why (one line per reason), what the stack will leave alone, the compiler's warnings about the new files, and the
 * commands to run next. Sections without items are left out.
 */
import { escapeControlCharacters, formatDiagnostic } from "../../compiler";
import type { GenerateReport } from "./generate";

export function formatGenerateSummary(report: GenerateReport): string {
  const { account, generation, options } = report;
  const scope = [
    `roles under ${options.rolePathPrefix ?? "/"}`,
    ...(options.buckets.length > 0 ? [`buckets ${options.buckets.join(", ")}`] : []),
    ...(options.keys.length > 0 ? [`keys ${options.keys.map((k) => `alias/${k}`).join(", ")} in ${options.region}`] : []),
  ];
  const lines = [`generate for account ${account.name} (${account.id}): ${scope.join("; ")}`];
  section(
    lines,
    "wrote",
    report.files.map(({ path, entries }) => {
      const parts = (["roles", "templates", "buckets", "keys"] as const)
        .filter((kind) => entries[kind].length > 0)
        .map((kind) => `${kind} ${names(entries[kind])}`);
      return `${path}: ${parts.join("; ")}`;
    }),
  );
  section(lines, "already in the YAML, left as they are", generation.alreadyDeclared);
  section(lines, "service-linked and AWS-reserved roles, never written", generation.reserved);
  section(
    lines,
    "left out: the dialect cannot express them as they are",
    generation.leftOut.flatMap(({ item, reasons }) => reasons.map((reason) => `${item}: ${reason}`)),
  );
  section(
    lines,
    "written; the stack leaves these parts alone",
    generation.notes.map(({ item, note }) => `${item}: ${note}`),
  );
  section(lines, "the compiler's warnings about the new files", report.warnings.map(formatDiagnostic));
  if (report.files.length === 0) {
    lines.push("nothing to write: every role, bucket and key asked for is in the YAML already, never written, or left out above");
    return text(lines);
  }
  const region = options.region === undefined ? "" : ` --region ${options.region}`;
  const folder = report.accountFolder;
  lines.push("next:");
  if (report.outDir !== report.accountFolder) lines.push(`  move the files from ${report.outDir} into ${folder}`);
  lines.push(
    `  npx iam-syncr compile ${folder}${region} --format text`,
    `  npx iam-syncr import-plan ${folder}${region} --out import-${account.name}.json`,
    `  then steps 1 (a stack for the account, if it has none) and 4 to 7 of docs/migrating.md: pulumi up --target <each provider>, pulumi import --file import-${account.name}.json, pulumi preview --diff, pulumi up`,
  );
  return text(lines);
}

/** A file of 300 roles is listed by its first few. */
const LISTED = 8;

function names(all: readonly string[]): string {
  if (all.length <= LISTED + 1) return all.join(", ");
  return `${all.slice(0, LISTED).join(", ")} and ${all.length - LISTED} more`;
}

function section(lines: string[], title: string, items: readonly string[]): void {
  if (items.length === 0) return;
  lines.push(`${title} (${items.length}):`, ...items.map((item) => `  ${item}`));
}

/** Names and values come from the account: a control character in one can neither forge a line nor drive the terminal. */
function text(lines: readonly string[]): string {
  return lines.map((line) => `${escapeControlCharacters(line)}\n`).join("");
}
