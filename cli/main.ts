#!/usr/bin/env node
/**
 * The `iam-syncr` command. Exit codes: 0 success, 1 the input has errors (diagnostics on stderr),
 * 2 the command line itself is wrong (usage on stderr).
 */
import { runCompile } from "./compile-command";
import { UsageError, type CommandIO } from "./io";

const USAGE = `usage: iam-syncr <command> [options]

commands:
  compile <account-folder> [--accounts FILE] [--region REGION] [--format json|text] [--strict]
      compile one account folder and print its plan
`;

const COMMANDS: Record<string, (args: string[], io: CommandIO) => number> = {
  compile: runCompile,
};

export function main(argv: string[], io: CommandIO): number {
  const [command, ...args] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(USAGE);
    return 0;
  }
  const run = command === undefined ? undefined : COMMANDS[command];
  try {
    if (run === undefined) throw new UsageError(command === undefined ? "missing command" : `unknown command "${command}"`);
    return run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`iam-syncr: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    // Never a stack trace for the user; the message says what failed.
    io.stderr(`iam-syncr: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  const io: CommandIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
  process.exitCode = main(process.argv.slice(2), io);
}
