/**
 * The `iam-syncr` command (cli/program.ts builds it from the commands of cli/commands/). Exit codes: 0 success,
 * 1 the input has errors or AWS refused (diagnostics or the reason on stderr), 2 the command line itself is
 * wrong (the message and the usage on stderr). The executable is cli/main.ts.
 */
import { writeSync } from "node:fs";
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
  const stdout = new Output(process.stdout, "standard output");
  const stderr = new Output(process.stderr, "standard error");
  const io: CommandIO = {
    stdout: (text) => stdout.write(text),
    stderr: (text) => stderr.write(text),
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
  // At exit, when every write has been answered: a failed write (a full disk) fails the run, whatever the command said.
  process.on("exit", () => {
    const failed = [stdout, stderr].find((output) => output.failure !== undefined);
    if (failed === undefined) return;
    if (stderr.failure === undefined) writeSync(2, `iam-syncr: could not write to ${failed.name}: ${failed.failure!.message}\n`);
    if (!process.exitCode) process.exitCode = 1;
  });
  void main(process.argv.slice(2), io).then((code) => (process.exitCode = code));
}

/**
 * A standard stream as the command writes to it. When its reader goes away (`iam-syncr compile … | head`), what is
 * left is dropped: no one reads it. When it fails otherwise (a full disk), what is left is dropped too and the run
 * fails. Either way the command goes on to its end, so that a deployment is never cut short by its output.
 */
class Output {
  failure: NodeJS.ErrnoException | undefined;
  private readerGone = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    readonly name: string,
  ) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") this.readerGone = true;
      else this.failure ??= error;
    });
  }

  write(text: string): void {
    if (!this.readerGone && this.failure === undefined) this.stream.write(text);
  }
}
