import { accountFolderArgument, defineCommand, stringOption } from "../command";

/** `iam-syncr compile`: one account folder to its plan (DIALECT.md; docs/plan-format.md). */
export default defineCommand({
  name: "compile",
  summary: "compile one account folder, with what <stacks-root>/_shared selects for it, and print its plan",
  description:
    "Compiles <account-folder> and prints its plan (iam-syncr/plan@1, JSON) on stdout. Diagnostics go to stderr, one line each (file:line:column: severity: YAML path: message), then their count.",
  arguments: [{ name: "account-folder", description: "<stacks root>/<account>; the folder's name is the account's, a key of accounts.yaml" }],
  options: [
    { flags: "--accounts <file>", description: "the accounts file (default: accounts.yaml in the folder's parent)" },
    { flags: "--region <region>", description: "the default region for kms and sns specifiers and keys without a location" },
    { flags: "--format <format>", description: "json: the plan; text: a readable summary of it", choices: ["json", "text"], default: "json" },
    { flags: "--strict", description: "count warnings as errors" },
  ],
  helpAfter: "Exit codes: 0 compiled (warnings, if any, on stderr); 1 errors (nothing on stdout); 2 a wrong command line.",
  async run(input, io) {
    const { compileAccount } = await import("../../compiler");
    const { writeCanonicalJson } = await import("../../compiler/canonical");
    const { formatDiagnosticLines } = await import("../diagnostic-format");
    const { styleOf } = await import("../colour");
    const result = compileAccount({
      accountFolder: accountFolderArgument(input),
      accountsFile: stringOption(input, "accounts"),
      region: stringOption(input, "region"),
      strict: input.options.strict === true,
      cwd: io.cwd,
    });
    io.stderr(formatDiagnosticLines(result.diagnostics, styleOf(io.stderrColour)));
    if (!result.ok) return 1;
    if (input.options.format === "text") {
      const { formatPlanText } = await import("../plan-text");
      io.stdout(formatPlanText(result.plan));
    } else {
      // Streamed: a 10,000-role plan is 30 MB of text, never held whole (compiler/canonical.ts).
      writeCanonicalJson(result.plan, io.stdout);
      io.stdout("\n");
    }
    return 0;
  },
});
