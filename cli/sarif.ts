/**
 * `check --format sarif`: the report as a SARIF 2.1.0 log, the format GitHub code scanning (and most editors'
 * SARIF viewers) read. One run; one rule per diagnostic code in the results and per lint rule, each with its
 * help page; one result per diagnostic, with its region (start and end, UTF-16 columns as the compiler counts
 * them) and its YAML path as a logical location. A suppressed lint finding is a result with an in-source
 * suppression and its reason, which code scanning shows as dismissed.
 *
 * Help URIs are absolute (SARIF's helpUri is a URI, and code scanning links to it): DOCS_BASE_URL followed by
 * the page's path in this repository's docs/ folder. A fork publishing its own docs changes DOCS_BASE_URL.
 */
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { CheckReport } from "../compiler/check";
import type { Diagnostic } from "../compiler";
import { LINT_RULES, lintRule } from "../compiler/lint/rules";
import { Messages, type MessageDefinition } from "../compiler/messages";
import { packageVersion } from "./program";

/** Where docs/ of this repository is published: the default branch on GitHub. */
export const DOCS_BASE_URL = "https://github.com/iam-syncr/iam-syncr/blob/main/docs/";
export const INFORMATION_URI = "https://github.com/iam-syncr/iam-syncr";
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** The help page of a code: docs/rules/<code>.md for a lint rule, its entry in docs/diagnostics.md otherwise. */
export function helpUri(code: string): string {
  return lintRule(code) !== undefined ? `${DOCS_BASE_URL}rules/${code}.md` : `${DOCS_BASE_URL}diagnostics.md#${code.toLowerCase()}`;
}

export function sarifLog(report: CheckReport): Log {
  const diagnostics: Diagnostic[] = [...report.diagnostics, ...report.accounts.flatMap((a) => a.diagnostics)];
  const codes = [...new Set([...LINT_RULES.map((r) => r.code), ...diagnostics.map((d) => d.code)])];
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "iam-syncr", version: packageVersion(), informationUri: INFORMATION_URI, rules: codes.map(ruleOf) } },
        columnKind: "utf16CodeUnits",
        results: diagnostics.map((d) => resultOf(d, ruleIndex.get(d.code)!)),
      },
    ],
  };
}

const DEFINITIONS = new Map<string, MessageDefinition>(Object.values(Messages).map((m) => [m.code, m]));

function ruleOf(code: string): ReportingDescriptor {
  const lint = lintRule(code);
  const definition = lint?.message ?? DEFINITIONS.get(code);
  const summary = lint?.summary ?? (definition === undefined ? code : describeTemplate(definition.text));
  return {
    id: code,
    shortDescription: { text: summary },
    helpUri: helpUri(code),
    help: { text: `${summary}. See ${helpUri(code)}` },
    defaultConfiguration: { level: definition?.severity === "error" ? "error" : "warning" },
    properties: { tags: [lint !== undefined ? "lint" : "compiler"] },
  };
}

/** A message template as a description: optional parts (suggestions, hints) dropped, other placeholders named. */
function describeTemplate(text: string): string {
  return text.replace(/\{(suggestion|hint|largest)\}/g, "").replace(/\{(\w+)\}/g, "<$1>");
}

function resultOf(d: Diagnostic, ruleIndex: number): Result {
  const result: Result = {
    ruleId: d.code,
    ruleIndex,
    level: d.severity === "error" ? "error" : "warning",
    message: { text: d.path === undefined ? d.message : `${d.path}: ${d.message}` },
  };
  if (d.file !== undefined) {
    const region: NonNullable<NonNullable<Result["locations"]>[number]["physicalLocation"]>["region"] = {};
    if (d.line !== undefined) region.startLine = d.line;
    if (d.column !== undefined) region.startColumn = d.column;
    if (d.endLine !== undefined) region.endLine = d.endLine;
    if (d.endColumn !== undefined) region.endColumn = d.endColumn;
    result.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri: d.file.split("/").map(encodeURIComponent).join("/") },
          ...(d.line !== undefined ? { region } : {}),
        },
        ...(d.path !== undefined ? { logicalLocations: [{ fullyQualifiedName: d.path }] } : {}),
      },
    ];
  }
  if (d.suppressed !== undefined) result.suppressions = [{ kind: "inSource", justification: d.suppressed.reason }];
  return result;
}
