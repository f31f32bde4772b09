#!/usr/bin/env node
/**
 * The `iam-syncr` command (cli/program.ts builds it from the commands of cli/commands/). Exit codes: 0 success,
 * 1 the input has errors or AWS refused (diagnostics or the reason on stderr), 2 the command line itself is
 * wrong (the message and the usage on stderr).
 */
import { colourFor } from "./colour";
import { COMMANDS } from "./commands";
import type { CommandIO } from "./io";
import { run } from "./program";

export function main(argv: readonly string[], io: CommandIO): Promise<number> {
  return run(COMMANDS, argv, io);
}

if (require.main === module) {
  const io: CommandIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    stderrColour: colourFor(process.stderr),
    stdinIsTTY: process.stdin.isTTY === true,
    ask: async (question) => {
      // Loaded only when a command asks (iam-syncr up without --yes, on a terminal).
      const readline = await import("node:readline/promises");
      const terminal = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await terminal.question(question);
      } finally {
        terminal.close();
      }
    },
  };
  void main(process.argv.slice(2), io).then((code) => (process.exitCode = code));
}
