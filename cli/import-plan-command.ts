import * as fs from "node:fs";
import * as path from "node:path";
import { AwsClients } from "../adopt/aws-clients";
import { AwsLookupError } from "../adopt/aws-calls";
import { AwsSettingsError } from "../aws/client-settings";
import { planAdoption, type Adoption } from "../adopt/adoption";
import { formatImportFile } from "../adopt/import-file";
import { hasErrors } from "../adopt/import-plan";
import { formatSummary } from "../adopt/summary";
import { compileAccount } from "../compiler";
import { accountFolderArgument, writeDiagnostics } from "./compile-command";
import { parseCommandLine, type CommandIO } from "./io";

/**
 * `iam-syncr import-plan <account-folder> [--accounts FILE] [--region REGION] [--out FILE]`: compiles the folder,
 * asks the account which declared resources exist, and writes Pulumi's bulk import file for them (to FILE, or
 * stdout), with a summary on stderr. Exit 1, with nothing written, when the YAML has errors, the credentials are
 * for another account, an AWS lookup fails, or something found blocks the adoption.
 */
export async function runImportPlan(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    {
      accounts: { type: "string" },
      region: { type: "string" },
      out: { type: "string" },
    },
    ["account-folder"],
  );
  const result = compileAccount({ accountFolder: accountFolderArgument(positionals[0]), accountsFile: values.accounts, region: values.region, cwd: io.cwd });
  writeDiagnostics(result.diagnostics, io);
  if (!result.ok) return 1;
  const { account } = result.plan;

  let clients: AwsClients | undefined;
  let adoption: Adoption;
  try {
    clients = new AwsClients();
    adoption = await planAdoption(result.plan, clients);
  } catch (error) {
    if (!(error instanceof AwsLookupError) && !(error instanceof AwsSettingsError)) throw error;
    io.stderr(`iam-syncr: ${error.message.replace(/\.$/, "")}. Nothing was written.\n`);
    return 1;
  } finally {
    clients?.destroy();
  }
  if (adoption.outcome === "wrong account") {
    const { caller } = adoption;
    io.stderr(
      `iam-syncr: the AWS credentials belong to account ${caller.account} (${caller.arn}), but account ${account.name} is ` +
        `${account.id}; use credentials for ${account.id}. No resource was looked up, and nothing was written.\n`,
    );
    return 1;
  }

  const out = values.out ?? null;
  if (!hasErrors(adoption.plan)) {
    const text = formatImportFile(adoption.plan.file);
    if (out === null) {
      io.stdout(text);
    } else {
      try {
        fs.writeFileSync(path.resolve(io.cwd, out), text);
      } catch (error) {
        io.stderr(`iam-syncr: could not write the import file ${out}: ${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      }
    }
  }
  io.stderr(formatSummary(adoption.plan, { account, out }));
  return hasErrors(adoption.plan) ? 1 : 0;
}
