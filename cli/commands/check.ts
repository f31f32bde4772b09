import { defineCommand } from "../command";

/**
 * `iam-syncr check`: every account of a stacks root compiled, linted and cross-checked, without AWS credentials.
 * Text: diagnostics with their source lines on stderr, the deploy order on stdout. JSON and SARIF: one document on
 * stdout and nothing else (docs/cli.md).
 */
export default defineCommand({
  name: "check",
  summary: "compile, lint and cross-check every account folder; print the deploy order",
  description:
    "Compiles every account folder of <stacks-root>, lints every document that compiled, checks references between the accounts and prints the order in which their stacks must be deployed. Needs no AWS credentials. The lint rules are tuned by <stacks-root>/iam-syncr.yaml and by suppression comments (docs/rules/).",
  arguments: [{ name: "stacks-root", description: "the folder holding accounts.yaml and one folder per account" }],
  options: [
    { flags: "--strict", description: "count warnings as errors" },
    {
      flags: "--format <format>",
      description: "text: for people (stderr, and the deploy order on stdout); json: the report; sarif: SARIF 2.1.0, for code scanning",
      choices: ["text", "json", "sarif"],
      default: "text",
    },
  ],
  helpAfter: "Exit codes: 0 no error (warnings allowed, unless --strict); 1 any error; 2 a wrong command line.",
  async run(input, io) {
    const { checkStacksRoot } = await import("../../compiler/check");
    const report = await checkStacksRoot({ root: input.args[0], strict: input.options.strict === true, cwd: io.cwd });
    if (input.options.format === "json") {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else if (input.options.format === "sarif") {
      const { sarifLog } = await import("../sarif");
      io.stdout(`${JSON.stringify(sarifLog(report), null, 2)}\n`);
    } else {
      const { formatCheckDiagnostics, formatDeployOrder } = await import("../check-text");
      const { sourceLinesFrom } = await import("../diagnostic-format");
      const { styleOf } = await import("../colour");
      io.stderr(formatCheckDiagnostics(report, sourceLinesFrom(io.cwd), styleOf(io.stderrColour)));
      io.stdout(formatDeployOrder(report));
    }
    return report.summary.ok ? 0 : 1;
  },
});
