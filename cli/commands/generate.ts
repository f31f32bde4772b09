import { accountFolderArgument, defineCommand, stringOption } from "../command";
import { UsageError } from "../io";

/**
 * `iam-syncr generate`: writes the YAML for what an account holds and its folder does not declare yet, checked
 * to compile back to what was read (docs/generate.md). Exit 1, with nothing written, when accounts.yaml or the
 * folder has errors, the AWS settings in the environment are unusable, the credentials are for another account,
 * an AWS lookup fails, or a file cannot be written.
 */
export default defineCommand({
  name: "generate",
  summary: "write the YAML for the roles, buckets and keys an account has that its folder does not declare",
  description:
    "Reads the account (read-only AWS calls, the SDK's standard credentials through the account's deploy_role when accounts.yaml gives one, the account guard of import-plan) and writes YAML in the dialect for every role under --roles, the buckets of --buckets and the keys of --keys that <account-folder> does not declare yet. Every item is checked to compile back to what the account has; what the dialect cannot express is left out and said on stderr. Never overwrites a file. See docs/generate.md.",
  arguments: [{ name: "account-folder", description: "<stacks root>/<account>, as for compile; created if missing" }],
  options: [
    { flags: "--accounts <file>", description: "the accounts file (default: accounts.yaml in the folder's parent)" },
    { flags: "--region <region>", description: "the region of the keys of --keys (and the default region R)" },
    { flags: "--roles <path-prefix>", description: "only the roles whose path starts with it, such as /ops/", default: "/" },
    { flags: "--buckets <names>", description: "comma-separated bucket names to write (default: none)" },
    { flags: "--keys <aliases>", description: "comma-separated key aliases to write, with or without alias/ (default: none)" },
    { flags: "--out-dir <dir>", description: "write the files there instead of into <account-folder>" },
    { flags: "--merge-inline-policies", description: "write a role's inline policies, whatever their names, as its one policy (a rename the summary states)" },
  ],
  helpAfter:
    "Writes nothing on stdout; the summary on stderr says what was written where, what was left out and why,\n" +
    "and the next commands. Exit codes: 0 written (or nothing to write); 1 the YAML has errors, the\n" +
    "credentials are for another account, an AWS lookup failed or a file could not be written (nothing\n" +
    "written); 2 a wrong command line.",
  async run(input, io) {
    const { generateCommand, nameList } = await import("../generate-command");
    const region = stringOption(input, "region");
    const roles = stringOption(input, "roles") ?? "/";
    const keys = nameList(stringOption(input, "keys"), "keys").map((key) => key.replace(/^alias\//, ""));
    if (keys.length > 0 && region === undefined) throw new UsageError("--keys needs --region: keys are looked up in that region");
    if (!roles.startsWith("/")) throw new UsageError(`--roles must be a path prefix starting with "/", such as /ops/, not "${roles}"`);
    return generateCommand(
      {
        accountFolder: accountFolderArgument(input),
        accountsFile: stringOption(input, "accounts"),
        region,
        rolePathPrefix: roles,
        buckets: nameList(stringOption(input, "buckets"), "buckets"),
        keys,
        outDir: stringOption(input, "outDir"),
        mergeInlinePolicies: input.options.mergeInlinePolicies === true,
        cwd: io.cwd,
      },
      io,
    );
  },
});
