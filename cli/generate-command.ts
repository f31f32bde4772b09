/**
 * What `iam-syncr generate` does once its command line is parsed (cli/commands/generate.ts declares the command):
 * read the account, write the YAML, print the summary. Loaded only by that command: it brings the AWS SDK.
 */
import { AwsClients } from "../adopt/aws-clients";
import { AwsLookupError } from "../adopt/aws-calls";
import { generateAccount, type GenerateOptions } from "../adopt/generate/generate";
import { formatGenerateSummary } from "../adopt/generate/summary";
import type { AssumeRoleTarget } from "../aws/assume-role";
import { AwsSettingsError } from "../aws/client-settings";
import { styleOf } from "./colour";
import { formatDiagnosticLines } from "./diagnostic-format";
import { UsageError, type CommandIO } from "./io";

/**
 * The command with its options parsed; the exit code. `makeClients` is called once the folder has been checked,
 * with the account's deploy role.
 */
export async function generateCommand(
  options: GenerateOptions,
  io: CommandIO,
  makeClients: (deployRole: AssumeRoleTarget | undefined) => AwsClients = (deployRole) => new AwsClients(process.env, deployRole),
): Promise<number> {
  let result;
  try {
    result = await generateAccount(options, makeClients);
  } catch (error) {
    if (!(error instanceof AwsLookupError) && !(error instanceof AwsSettingsError)) throw error;
    io.stderr(`iam-syncr: ${error.message.replace(/\.$/, "")}. Nothing was written.\n`);
    return 1;
  }
  switch (result.outcome) {
    case "invalid":
      io.stderr(formatDiagnosticLines(result.diagnostics, styleOf(io.stderrColour)));
      io.stderr("iam-syncr: fix these first: generate writes only what compiles together with the folder. Nothing was read from AWS, and nothing was written.\n");
      return 1;
    case "wrong account": {
      const { caller, account, deployRoleArn } = result;
      const whose = deployRoleArn === null ? "the AWS credentials" : `the credentials of the deploy role ${deployRoleArn}`;
      io.stderr(
        `iam-syncr: ${whose} belong to account ${caller.account} (${caller.arn}), but account ${account.name} is ` +
          `${account.id}; use credentials for ${account.id}. Nothing was read, and nothing was written.\n`,
      );
      return 1;
    }
    case "not written":
      io.stderr(`iam-syncr: could not write the files: ${result.problem}. Nothing was written.\n`);
      return 1;
    case "written":
      io.stderr(formatGenerateSummary(result.report));
      return 0;
  }
}

/** `a,b, c` → [a, b, c], each once; an empty item is a usage error. */
export function nameList(value: string | undefined, option: string): string[] {
  if (value === undefined) return [];
  const names = value.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) throw new UsageError(`--${option} must be a comma-separated list of names, not "${value}"`);
  return [...new Set(names)];
}
