#!/usr/bin/env node
/**
 * The `iam-syncr` command. Exit codes: 0 success, 1 the input has errors or AWS refused (diagnostics or the
 * reason on stderr), 2 the command line itself is wrong (usage on stderr).
 */
import { runCheck } from "./check-command";
import { runCompile } from "./compile-command";
import { runGraph } from "./graph-command";
import { runImportPlan } from "./import-plan-command";
import { UsageError, type CommandIO } from "./io";
import { runSchema } from "./schema-command";

const USAGE = `usage: iam-syncr <command> [options]

commands:
  compile <account-folder> [--accounts FILE] [--region REGION] [--format json|text] [--strict]
      compile one account folder, with what <stacks-root>/_shared selects for it, and print its plan
  check <stacks-root> [--strict] [--format text|json]
      compile (with _shared), lint and cross-check every account folder; print the deploy order
  graph <stacks-root> [--account NAME,...] [--role NAME] [--format mermaid|dot|html|json] [--out FILE]
      draw who can assume which role and who can reach which bucket and key (docs/graph.md)
  schema [--shared]
      print the JSON Schema of the YAML files (with --shared: of the files of <stacks-root>/_shared), for editors
  import-plan <account-folder> [--accounts FILE] [--region REGION] [--out FILE]
      write Pulumi's import file for the declared resources that already exist in the account
`;

/** A command returns its exit code; one that talks to AWS returns it later. */
type Command = (args: string[], io: CommandIO) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  compile: runCompile,
  check: runCheck,
  graph: runGraph,
  schema: runSchema,
  "import-plan": runImportPlan,
};

export function main(argv: string[], io: CommandIO): number | Promise<number> {
  const [command, ...args] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(USAGE);
    return 0;
  }
  const run = command === undefined ? undefined : COMMANDS[command];
  try {
    if (run === undefined) throw new UsageError(command === undefined ? "missing command" : `unknown command "${command}"`);
    const status = run(args, io);
    return typeof status === "number" ? status : status.catch((e: unknown) => failed(e, io));
  } catch (e) {
    return failed(e, io);
  }
}

/** The exit code of a command that threw (or rejected). */
function failed(e: unknown, io: CommandIO): number {
  if (e instanceof UsageError) {
    io.stderr(`iam-syncr: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  // Never a stack trace for the user; the message says what failed.
  io.stderr(`iam-syncr: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
}

if (require.main === module) {
  const io: CommandIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
  const status = main(process.argv.slice(2), io);
  if (typeof status === "number") process.exitCode = status;
  else void status.then((code) => (process.exitCode = code));
}
