/**
 * The `iam-syncr` command (cli/program.ts builds it from the commands of cli/commands/). Exit codes: 0 success,
 * 1 the input has errors or AWS refused (diagnostics or the reason on stderr), 2 the command line itself is
 * wrong (the message and the usage on stderr). The executable is cli/main.ts.
 */
import { isatty } from "node:tty";
import { colourFor } from "./colour";
import { COMMANDS } from "./commands";
import type { CommandIO } from "./io";
import { run } from "./program";

export function main(argv: readonly string[], io: CommandIO): Promise<number> {
  return run(COMMANDS, argv, io);
}

/** Runs the command line of this process, on its standard streams, and sets its exit code. */
export function runThisProcess(): void {
  const io: CommandIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    stderrColour: colourFor(process.stderr),
    // Not process.stdin.isTTY: that opens standard input as a stream (and loads Node's stream, readline and
    // fs/promises modules), which only `ask` needs.
    stdinIsTTY: isatty(0),
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
