import type { Adoption } from "../../adopt/adoption";
import { accountFolderArgument, defineCommand, stringOption } from "../command";

/**
 * `iam-syncr import-plan`: compiles the folder, asks the account which declared resources exist, and writes
 * Pulumi's bulk import file for them (to --out FILE, or stdout), leaving out what the stack already holds
 * (--stack-state FILE, the output of `pulumi stack export`), with a summary on stderr. Exit 1, with nothing
 * written, when the YAML has errors, the credentials are for another account, an AWS lookup fails, or something
 * found blocks the adoption. The only command that loads the AWS SDK.
 */
export default defineCommand({
  name: "import-plan",
  summary: "write Pulumi's import file for the declared resources that already exist in the account",
  description:
    "Compiles <account-folder>, asks the account (read-only AWS calls, the SDK's standard credentials, through the account's deploy_role when accounts.yaml gives one) which declared resources exist, and writes Pulumi's bulk import file for exactly those (leaving out what --stack-state says the stack holds), with a summary on stderr. See docs/migrating.md.",
  arguments: [{ name: "account-folder", description: "<stacks root>/<account>, as for compile; also the Pulumi stack's name" }],
  options: [
    { flags: "--accounts <file>", description: "the accounts file (default: accounts.yaml in the folder's parent)" },
    { flags: "--region <region>", description: "the default region; pass the stack's aws:region" },
    {
      flags: "--stack-state <file>",
      description: "the stack's state (pulumi stack export --file FILE): what the stack already holds is left out of the import file",
    },
    { flags: "--out <file>", description: "write the import file there (default: stdout)" },
  ],
  helpAfter:
    "Exit codes: 0 written; 1 the YAML has errors, the credentials are for another account, an AWS\n" +
    "lookup failed or something found blocks the adoption (nothing written); 2 a wrong command line.",
  async run(input, io) {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { compileAccount } = await import("../../compiler");
    const { formatDiagnosticLines } = await import("../diagnostic-format");
    const { styleOf } = await import("../colour");
    const result = compileAccount({ accountFolder: accountFolderArgument(input), accountsFile: stringOption(input, "accounts"), region: stringOption(input, "region"), cwd: io.cwd });
    io.stderr(formatDiagnosticLines(result.diagnostics, styleOf(io.stderrColour)));
    if (!result.ok) return 1;
    const { account } = result.plan;

    const { StackStateError, stackUrnsOf } = await import("../../adopt/stack-state");
    let inStack: ReadonlySet<string> = new Set();
    // commander names the option after its flag in camel case.
    const stateFile = stringOption(input, "stackState");
    if (stateFile !== undefined) {
      try {
        inStack = stackUrnsOf(fs.readFileSync(path.resolve(io.cwd, stateFile), "utf8"), stateFile);
      } catch (error) {
        const why = error instanceof StackStateError ? error.message : `could not read ${stateFile}: ${error instanceof Error ? error.message : String(error)}`;
        io.stderr(`iam-syncr: ${why}. Nothing was written.\n`);
        return 1;
      }
    }

    const { AwsClients } = await import("../../adopt/aws-clients");
    const { AwsLookupError } = await import("../../adopt/aws-calls");
    const { AwsSettingsError } = await import("../../aws/client-settings");
    const { planAdoption } = await import("../../adopt/adoption");
    const { deployRoleOf } = await import("../../pulumi/declarations");
    const { formatImportFile } = await import("../../adopt/import-file");
    const { hasErrors } = await import("../../adopt/import-plan");
    const { formatSummary } = await import("../../adopt/summary");
    let clients: InstanceType<typeof AwsClients> | undefined;
    let adoption: Adoption;
    try {
      // The same deploy role and session name as the stack's AWS providers (docs/credentials.md).
      clients = new AwsClients(process.env, deployRoleOf(account));
      adoption = await planAdoption(result.plan, clients, inStack);
    } catch (error) {
      if (!(error instanceof AwsLookupError) && !(error instanceof AwsSettingsError)) throw error;
      io.stderr(`iam-syncr: ${error.message.replace(/\.$/, "")}. Nothing was written.\n`);
      return 1;
    } finally {
      clients?.destroy();
    }
    if (adoption.outcome === "wrong account") {
      const { caller } = adoption;
      const whose = account.deployRoleArn === undefined ? "the AWS credentials" : `the credentials of the deploy role ${account.deployRoleArn}`;
      io.stderr(
        `iam-syncr: ${whose} belong to account ${caller.account} (${caller.arn}), but account ${account.name} is ` +
          `${account.id}; use credentials for ${account.id}. No resource was looked up, and nothing was written.\n`,
      );
      return 1;
    }

    const out = stringOption(input, "out") ?? null;
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
  },
});
