/**
 * Tuning the lint's findings for one repository and one statement, after they are resolved to file and line:
 *
 * - the settings file turns a rule `off` (its findings are dropped) or makes it an `error`;
 * - a comment `# iam-syncr: ignore <rule> <reason>` on the line a finding points at suppresses that finding:
 *   it stays in the JSON and SARIF reports with the reason (`suppressed`) but no longer counts. The reason is
 *   required, so that a suppression says why to whoever reads it next; several rules are written `IAM103,IAM104`.
 *
 * Only the lint rules (lint/rules.ts) can be tuned. A comment that names anything else, has no reason or
 * suppresses nothing is itself reported, so a suppression cannot silently outlive its finding.
 */
import { compareDiagnostics, type Diagnostic } from "../diagnostics";
import { LINT_RULE_CODES, lintRule } from "../lint/rules";
import { formatMessage, Messages, type MessageArgs, type MessageDefinition } from "../messages";
import type { SourceFile } from "../source/source-file";
import { suggestion } from "../suggest";
import type { LintSettings } from "./settings";

/** One rule named by a suppression comment. */
export interface Suppression {
  file: string;
  line: number;
  /** Of the `#`. */
  column: number;
  code: string;
  reason: string;
}

const DIRECTIVE = /(?:^|[ \t])(#[ \t]*iam-syncr:[ \t]*ignore\b)(.*)$/;

/**
 * The suppressions written in a file, and diagnostics for the malformed ones. A `#` inside a quoted YAML
 * string is read as a comment too when the string itself spells a directive; such a string is not a policy.
 */
export function suppressionsIn(file: SourceFile): { suppressions: Suppression[]; problems: Diagnostic[] } {
  const suppressions: Suppression[] = [];
  const problems: Diagnostic[] = [];
  const text = file.text;
  if (text === undefined || !text.includes("iam-syncr:")) return { suppressions, problems };
  text.split(/\r\n|\n|\r/).forEach((content, index) => {
    const match = DIRECTIVE.exec(content);
    if (match === null) return;
    const line = index + 1;
    const column = match.index + (match[0].startsWith("#") ? 1 : 2);
    const at = { file: file.displayPath, line, column, endLine: line, endColumn: content.length + 1 };
    const rest = match[2].trim();
    const [codes = "", ...words] = rest.split(/\s+/);
    const reason = words.join(" ");
    if (codes === "") {
      problems.push(diagnostic(Messages.suppressionMalformed, {}, at));
      return;
    }
    for (const code of codes.split(",").filter((c) => c !== "")) {
      if (lintRule(code) === undefined) {
        const rules = LINT_RULE_CODES.join(", ");
        problems.push(diagnostic(Messages.suppressionNotARule, { code, rules, suggestion: suggestion(code, LINT_RULE_CODES) }, at));
      } else if (reason === "") {
        problems.push(diagnostic(Messages.suppressionWithoutReason, { code }, at));
      } else {
        suppressions.push({ file: file.displayPath, line, column, code, reason });
      }
    }
  });
  return { suppressions, problems };
}

/**
 * The findings of one account after the settings and the suppression comments of its files: sorted, with the
 * comments' own problems among them. Runs before --strict, which applies to what it returns.
 */
export function tuneFindings(diagnostics: readonly Diagnostic[], settings: LintSettings, files: readonly SourceFile[]): Diagnostic[] {
  const read = files.map(suppressionsIn);
  const suppressions = read.flatMap((r) => r.suppressions);
  const used = new Set<Suppression>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const rule = lintRule(d.code);
    if (rule === undefined) {
      out.push(d);
      continue;
    }
    const level = settings.levels.get(d.code) ?? "warning";
    if (level === "off") continue;
    const tuned: Diagnostic = level === "error" ? { ...d, severity: "error" } : { ...d };
    const suppression = suppressions.find((s) => s.code === d.code && s.file === d.file && s.line === d.line);
    if (suppression !== undefined) {
      used.add(suppression);
      tuned.suppressed = { reason: suppression.reason };
    }
    out.push(tuned);
  }
  for (const s of suppressions) {
    if (used.has(s) || settings.levels.get(s.code) === "off") continue;
    out.push(diagnostic(Messages.suppressionUnused, { code: s.code }, { file: s.file, line: s.line, column: s.column }));
  }
  out.push(...read.flatMap((r) => r.problems));
  return out.sort(compareDiagnostics);
}

function diagnostic<T extends MessageDefinition>(
  definition: T,
  args: MessageArgs<T>,
  at: { file: string; line: number; column: number; endLine?: number; endColumn?: number },
): Diagnostic {
  return { severity: definition.severity, code: definition.code, ...at, message: formatMessage(definition, args) };
}
