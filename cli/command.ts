/**
 * A command of `iam-syncr` is one module in cli/commands/ that declares what it takes (name, arguments,
 * options, help) and what it does; cli/commands/index.ts lists them, and cli/program.ts turns the list into the
 * command line (commander): parsing, `--help` per command, `--version`, suggestions for a mistyped command, and
 * the usage text, all from these declarations.
 *
 * Every command line is parsed before anything heavy is loaded: a command imports the compiler, the AWS SDK or
 * Pulumi inside `run` (with `await import(...)`), so `iam-syncr compile` never loads the AWS SDK and
 * `iam-syncr --help` loads nothing but commander.
 */
import { UsageError, type CommandIO } from "./io";

export interface ArgumentSpec {
  /** As shown in the usage: `account-folder` is printed `<account-folder>`. */
  name: string;
  description: string;
  /** Shown as `[name]`; `run` then gets undefined for it when it is not given. */
  optional?: boolean;
}

export interface OptionSpec {
  /** commander's flags: `--strict`, or `--format <format>` for an option that takes a value. */
  flags: string;
  description: string;
  /** The values an option accepts; anything else is a usage error naming them. */
  choices?: readonly string[];
  /** The value when the option is not given (shown in the help). */
  default?: string;
}

/**
 * What `run` receives: the arguments in the order declared (an optional one that is not given is undefined), and
 * the options by their camel-cased long name.
 */
export interface CommandInput {
  args: string[];
  options: Record<string, string | boolean | undefined>;
}

export interface CommandSpec {
  name: string;
  /** One line, for the list of commands. */
  summary: string;
  /** Paragraphs after the usage line of the command's help; the summary when absent. */
  description?: string;
  arguments: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  /** Printed after the options in the command's help: exit codes, streams, examples. */
  helpAfter?: string;
  /** The exit code: 0 done, 1 the input has errors (or AWS refused), as the diagnostics on stderr say. */
  run(input: CommandInput, io: CommandIO): Promise<number>;
}

/** Declares a command (the identity function, for type checking and a place to say what a command is). */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** A string option's value (commander gives strings for options that take a value). */
export function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  return typeof value === "string" ? value : undefined;
}

/** The <account-folder> argument; an empty one would name the current folder, which no one means by it. */
export function accountFolderArgument(input: CommandInput): string {
  const folder = input.args[0];
  if (folder === "") throw new UsageError("<account-folder> must not be empty");
  return folder;
}
