/**
 * What `iam-syncr preview` and `iam-syncr up` share: their options, and the command itself around
 * deploy/run-all.ts: the confirmation of `up`, Ctrl-C, the check's diagnostics when it fails, the summary table or
 * the JSON report, the exit code (docs/run-all.md).
 */
import * as path from "node:path";
import { stringOption, type CommandInput, type OptionSpec } from "./command";
import { UsageError, type CommandIO } from "./io";

/** Two runs at once: see docs/run-all.md, "Parallel runs". */
export const DEFAULT_PARALLEL = "2";

export const RUN_ALL_ARGUMENT = {
  name: "stacks-root",
  description: "the folder holding accounts.yaml and one folder per account, which the stacks deploy (default: stacks)",
  optional: true,
};

export function runAllOptions(command: "preview" | "up"): OptionSpec[] {
  return [
    { flags: "--stacks <names>", description: "only these accounts (names separated by commas)" },
    {
      flags: "--changed-since <ref>",
      description: "only the accounts changed since the git ref: their folder, or a change of _shared or accounts.yaml that changes their plan",
    },
    { flags: "--parallel <n>", description: "how many stacks run at once", default: DEFAULT_PARALLEL },
    {
      flags: "--init",
      description: `create the stacks that do not exist yet, with their settings from Pulumi.example.yaml${command === "preview" ? " (without it, preview creates nothing)" : ""}`,
    },
    { flags: "--region <region>", description: "with --init: the aws:region of the settings files it writes (default: Pulumi.example.yaml's)" },
    ...(command === "up" ? [{ flags: "--yes", description: "deploy without asking (required when standard input is not a terminal)" }] : []),
    { flags: "--project <dir>", description: "the Pulumi project folder (Pulumi.yaml, index.ts) (default: the current directory)" },
    { flags: "--log-dir <dir>", description: "where Pulumi's output goes, one file per run (default: a new temporary folder)" },
    {
      flags: "--format <format>",
      description: "text: progress on stderr, a summary table on stdout; json: the report on stdout",
      choices: ["text", "json"],
      default: "text",
    },
  ];
}

export async function runAllCommand(command: "preview" | "up", input: CommandInput, io: CommandIO): Promise<number> {
  const parallel = Number(stringOption(input, "parallel") ?? DEFAULT_PARALLEL);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new UsageError(`--parallel takes a whole number from 1 to 64; found "${stringOption(input, "parallel")}"`);
  const region = stringOption(input, "region");
  if (region !== undefined && input.options.init !== true) throw new UsageError("--region is for the stacks --init creates; pass --init too");
  const yes = input.options.yes === true;
  if (command === "up" && !yes && io.stdinIsTTY !== true) {
    throw new UsageError("up deploys to the accounts: pass --yes (standard input is not a terminal, so no one can confirm)");
  }
  const root = input.args[0] ?? "stacks";
  if (root === "") throw new UsageError("<stacks-root> must not be empty");
  const json = input.options.format === "json";

  const { runAll } = await import("../deploy/run-all");
  const { ProjectError } = await import("../deploy/pulumi-stacks");
  const { SelectionError } = await import("../deploy/selection");
  const { RUN_FORMAT, summaryOf, summaryTable } = await import("../deploy/report");
  const cancel = new AbortController();
  const onInterrupt = () => {
    if (!cancel.signal.aborted) io.stderr(`${command}: interrupted: no new stack starts; the runs under way are asked to stop\n`);
    cancel.abort();
  };
  process.on("SIGINT", onInterrupt);
  try {
    const outcome = await runAll({
      command,
      root,
      cwd: io.cwd,
      projectDir: path.resolve(io.cwd, stringOption(input, "project") ?? "."),
      stacks: stringOption(input, "stacks"),
      changedSince: stringOption(input, "changedSince"),
      parallel,
      init: input.options.init === true ? { region } : null,
      logDir: stringOption(input, "logDir") === undefined ? undefined : path.resolve(io.cwd, stringOption(input, "logDir")!),
      confirm: command === "up" && !yes ? async (question) => /^(y|yes)$/i.test((await io.ask!(question)).trim()) : undefined,
      progress: (line) => io.stderr(line),
      signal: cancel.signal,
    });
    if (outcome.kind === "declined") {
      io.stderr(`${command}: not confirmed: nothing was deployed\n`);
      return 1;
    }
    if (outcome.kind === "check failed") {
      const { check } = outcome;
      if (json) {
        const report = { format: RUN_FORMAT, command, root: check.root, logs: null, check, selection: null, runs: [], summary: { ...summaryOf([]), ok: false } };
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const { formatCheckDiagnostics } = await import("./check-text");
        const { sourceLinesFrom } = await import("./diagnostic-format");
        const { styleOf } = await import("./colour");
        io.stderr(formatCheckDiagnostics(check, sourceLinesFrom(io.cwd), styleOf(io.stderrColour)));
        io.stderr(`${command}: iam-syncr check found errors: no stack was run\n`);
      }
      return 1;
    }
    const { report } = outcome;
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : summaryTable(report));
    return report.summary.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof SelectionError || error instanceof ProjectError) {
      io.stderr(`iam-syncr ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
