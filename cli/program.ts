/**
 * The command line, built with commander from the command declarations (cli/commands/): the one source of the
 * usage text, `--help` for the program and each command, `--version`, and suggestions for a mistyped command or
 * option. Exit codes: 0 success; 1 the input has errors, or AWS refused (the command's diagnostics say why);
 * 2 the command line itself is wrong (the message and the usage on stderr).
 */
import { Command, CommanderError, Option } from "commander";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CommandSpec } from "./command";
import { UsageError, type CommandIO } from "./io";

/** Help is wrapped at this width whatever the terminal, so that docs/cli.md can show it exactly. */
const HELP_WIDTH = 100;

export const PROGRAM_DESCRIPTION =
  "Compiles the iam_syncr YAML dialect (IAM roles, S3 bucket policies, KMS keys) into a plan that the Pulumi program deploys, one stack per AWS account. Needs no AWS credentials except import-plan, generate, preview and up.";

/** The version of the installed package (package.json is above bin/ once built, above cli/ under ts-node). */
export function packageVersion(): string {
  for (const folder of [path.join(__dirname, ".."), path.join(__dirname, "..", "..")]) {
    try {
      return (JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      // not there: the other layout
    }
  }
  return "unknown";
}

/** The program for `commands`; `onStatus` receives the exit code of the command that ran. */
export function buildProgram(commands: readonly CommandSpec[], io: CommandIO, onStatus: (status: number) => void): Command {
  const program = new Command("iam-syncr")
    .description(PROGRAM_DESCRIPTION)
    .version(packageVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "print the help")
    .helpCommand("help [command]", "print the help of a command")
    .configureHelp({ helpWidth: HELP_WIDTH, sortSubcommands: false })
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`iam-syncr: ${text.replace(/^error: /, "")}`),
    })
    .showHelpAfterError(true)
    .showSuggestionAfterError(true)
    .exitOverride();
  for (const spec of commands) addCommand(program, spec, io, onStatus);
  return program;
}

function addCommand(program: Command, spec: CommandSpec, io: CommandIO, onStatus: (status: number) => void): void {
  // `command()` (rather than addCommand) copies the program's settings: output, exitOverride, help after errors.
  const command = program.command(spec.name).summary(spec.summary).description(spec.description ?? spec.summary);
  for (const argument of spec.arguments) command.argument(argument.optional === true ? `[${argument.name}]` : `<${argument.name}>`, argument.description);
  for (const option of spec.options) {
    const declared = new Option(option.flags, option.description);
    if (option.choices !== undefined) declared.choices(option.choices);
    if (option.default !== undefined) declared.default(option.default);
    command.addOption(declared);
  }
  if (spec.helpAfter !== undefined) command.addHelpText("after", `\n${spec.helpAfter}`);
  command.action(async (...params: unknown[]) => {
    const parsed = params[params.length - 1] as Command;
    try {
      onStatus(await spec.run({ args: parsed.processedArgs as string[], options: parsed.opts() }, io));
    } catch (e) {
      // What the command finds wrong with its arguments is reported as commander reports its own: the message,
      // the command's usage, exit 2.
      if (e instanceof UsageError) parsed.error(`error: ${e.message}`, { exitCode: 2, code: "iam-syncr.usage" });
      throw e;
    }
  });
}

/** The help of the program (no command) or of one command, as `--help` prints it. */
export function helpText(commands: readonly CommandSpec[], name?: string): string {
  let text = "";
  const program = buildProgram(commands, { stdout: (t) => (text += t), stderr: () => undefined, cwd: "." }, () => undefined);
  const command = name === undefined ? program : program.commands.find((c) => c.name() === name);
  if (command === undefined) throw new Error(`no command ${name}`);
  command.outputHelp();
  return text;
}

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function run(commands: readonly CommandSpec[], argv: readonly string[], io: CommandIO): Promise<number> {
  let status = 0;
  const program = buildProgram(commands, io, (code) => (status = code));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return status;
  } catch (e) {
    // Help and version "exit" with 0; anything else commander refuses is a wrong command line.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // Never a stack trace for the user; the message says what failed.
    io.stderr(`iam-syncr: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
