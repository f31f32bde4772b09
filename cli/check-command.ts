import { checkStacksRoot } from "../compiler/check";
import { formatCheckDiagnostics, formatDeployOrder } from "./check-text";
import { sourceLinesFrom } from "./diagnostic-format";
import { oneOf, parseCommandLine, type CommandIO } from "./io";

/**
 * `iam-syncr check <stacks-root> [--strict] [--format text|json]`: exit 1 when any account has an error
 * (warnings count under --strict), else 0. Text: diagnostics with their source lines on stderr, the deploy
 * order on stdout. JSON: one document on stdout and nothing else (README.md ("iam-syncr check")).
 */
export async function runCheck(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(args, { strict: { type: "boolean" }, format: { type: "string" } }, ["stacks-root"]);
  const format = oneOf(values.format, ["text", "json"] as const, "format", "text");
  const report = await checkStacksRoot({ root: positionals[0], strict: values.strict === true, cwd: io.cwd });
  if (format === "json") {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stderr(formatCheckDiagnostics(report, sourceLinesFrom(io.cwd)));
    io.stdout(formatDeployOrder(report));
  }
  return report.summary.ok ? 0 : 1;
}
