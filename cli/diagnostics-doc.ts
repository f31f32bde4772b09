/**
 * docs/diagnostics.md, generated from the message catalog (compiler/messages.ts): every code with its severity
 * and text, under a heading of its own so that SARIF's help URIs can point at it (`diagnostics.md#e0001`). A test
 * keeps the file equal to this; docs/development.md says how to regenerate it.
 */
import { LINT_RULES } from "../compiler/lint/rules";
import { Messages } from "../compiler/messages";

export function diagnosticsMarkdown(): string {
  const lint = new Set(LINT_RULES.map((r) => r.code));
  const out = [
    "# Diagnostics",
    "",
    "Every error and warning `iam-syncr` reports, by code, with its text (`{name}` is filled in from what was",
    "written). Generated from [compiler/messages.ts](../compiler/messages.ts); do not edit (see",
    "[development.md](development.md#documentation)). The dialect's rules behind them are in [DIALECT.md](DIALECT.md)",
    "(its §11 lists the warnings W1–W9); the lint rules of `iam-syncr check` have their own pages in",
    "[rules/](rules/README.md).",
    "",
  ];
  for (const message of Object.values(Messages)) {
    out.push(`## ${message.code}`, "", `${message.severity}: \`${message.text.replace(/`/g, "'")}\``, "");
    if (lint.has(message.code)) out.push(`A lint rule: see [rules/${message.code}.md](rules/${message.code}.md).`, "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
