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
  const stdout = outputStream(process.stdout);
  const stderr = outputStream(process.stderr);
  const io: CommandIO = {
    stdout,
    stderr,
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

/**
 * Writes to a standard stream until its reader goes away (`iam-syncr compile … | head`), then drops what is left:
 * no one reads it. The command itself goes on to its end and its exit code, so that a deployment is never cut
 * short because its output is no longer read; any other error of the stream is thrown as before.
 */
function outputStream(stream: NodeJS.WriteStream): (text: string) => boolean {
  let readerGone = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    readerGone = true;
  });
  return (text) => (readerGone ? false : stream.write(text));
}
