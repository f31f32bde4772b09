import { AwsClients } from "../adopt/aws-clients";
import { AwsLookupError } from "../adopt/aws-calls";
import { generateAccount, type GenerateOptions } from "../adopt/generate/generate";
import { formatGenerateSummary } from "../adopt/generate/summary";
import { AwsSettingsError } from "../aws/client-settings";
import { accountFolderArgument, writeDiagnostics } from "./compile-command";
import { parseCommandLine, UsageError, type CommandIO } from "./io";

/**
 * `iam-syncr generate <account-folder> [--accounts FILE] [--region R] [--roles PATH-PREFIX] [--buckets NAME,…]
 * [--keys ALIAS,…] [--out-dir DIR] [--merge-inline-policies]`: writes the YAML for what the account holds and the
 * folder does not declare yet, with a summary on stderr. Exit 1, with nothing written, when accounts.yaml or the
 * folder has errors, the AWS settings in the environment are unusable, the credentials are for another account,
 * an AWS lookup fails, or a file cannot be written.
 */
export async function runGenerate(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    {
      accounts: { type: "string" },
      region: { type: "string" },
      roles: { type: "string" },
      buckets: { type: "string" },
      keys: { type: "string" },
      "out-dir": { type: "string" },
      "merge-inline-policies": { type: "boolean" },
    },
    ["account-folder"],
  );
  const keys = nameList(values.keys, "keys").map((key) => key.replace(/^alias\//, ""));
  if (keys.length > 0 && values.region === undefined) throw new UsageError("--keys needs --region: keys are looked up in that region");
  if (values.roles !== undefined && !values.roles.startsWith("/")) throw new UsageError(`--roles must be a path prefix starting with "/", such as /ops/, not "${values.roles}"`);
  return generateCommand(
    {
      accountFolder: accountFolderArgument(positionals[0]),
      accountsFile: values.accounts,
      region: values.region,
      rolePathPrefix: values.roles,
      buckets: nameList(values.buckets, "buckets"),
      keys,
      outDir: values["out-dir"],
      mergeInlinePolicies: values["merge-inline-policies"] === true,
      cwd: io.cwd,
    },
    io,
  );
}

/** The command with its options parsed; the exit code. `makeClients` is called once the folder has been checked. */
export async function generateCommand(options: GenerateOptions, io: CommandIO, makeClients: () => AwsClients = () => new AwsClients()): Promise<number> {
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
      writeDiagnostics(result.diagnostics, io);
      io.stderr("iam-syncr: fix these first: generate writes only what compiles together with the folder. Nothing was read from AWS, and nothing was written.\n");
      return 1;
    case "wrong account": {
      const { caller, account } = result;
      io.stderr(
        `iam-syncr: the AWS credentials belong to account ${caller.account} (${caller.arn}), but account ${account.name} is ` +
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
function nameList(value: string | undefined, option: string): string[] {
  if (value === undefined) return [];
  const names = value.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) throw new UsageError(`--${option} must be a comma-separated list of names, not "${value}"`);
  return [...new Set(names)];
}
