import { canonicalJson, compileAccount, formatDiagnostic, summarize, type Diagnostic } from "../compiler";
import { formatPlanText } from "./plan-text";
import { oneOf, parseCommandLine, UsageError, type CommandIO } from "./io";

/** `iam-syncr compile <account-folder> [--accounts FILE] [--region REGION] [--format json|text] [--strict]` */
export function runCompile(args: string[], io: CommandIO): number {
  const { values, positionals } = parseCommandLine(
    args,
    {
      accounts: { type: "string" },
      region: { type: "string" },
      format: { type: "string" },
      strict: { type: "boolean" },
    },
    ["account-folder"],
  );
  const format = oneOf(values.format, ["json", "text"] as const, "format", "json");
  const result = compileAccount({
    accountFolder: accountFolderArgument(positionals[0]),
    accountsFile: values.accounts,
    region: values.region,
    strict: values.strict === true,
    cwd: io.cwd,
  });
  writeDiagnostics(result.diagnostics, io);
  if (!result.ok) return 1;
  io.stdout(format === "json" ? `${canonicalJson(result.plan)}\n` : formatPlanText(result.plan));
  return 0;
}

/** Every diagnostic on its own line (DIALECT.md 11.1), then the count. */
export function writeDiagnostics(diagnostics: readonly Diagnostic[], io: CommandIO): void {
  if (diagnostics.length === 0) return;
  io.stderr(diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join("") + `${summarize(diagnostics)}\n`);
}

/** The <account-folder> argument; an empty one would name the current folder, which no one means by it. */
export function accountFolderArgument(argument: string): string {
  if (argument === "") throw new UsageError("<account-folder> must not be empty");
  return argument;
}
