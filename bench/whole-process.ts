/**
 * Figures of whole processes, as users run them: how long `iam-syncr` takes from the shell's point of view,
 * Node's own start-up included.
 *
 * - Start-up: `iam-syncr compile stacks/example` and `iam-syncr check stacks` (the project's example stacks),
 *   beside a bare `node -e 0` for the machine's scale, and `check` without the code cache (cli/code-cache.ts) for
 *   what that saves; untimed warm-ups (the file system cache), then timed runs in rotation, so that a busy moment
 *   of the machine falls on all of them alike.
 * - Large account: `iam-syncr compile` of the 10,000-role account writing its plan to stdout (a pipe this
 *   process reads to the end, and counts), against a process that only parses the same files with js-yaml.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { summarise, type Repetitions, type Timing } from "./timing";

export interface ProcessRun {
  ms: number;
  /** CPU time of the process (user and system, every thread: the garbage collector's too), from cpu-report.js. */
  cpuMs: number;
  code: number | null;
  stdoutBytes: number;
  stderr: string;
}

/** Runs `node <args>` in `cwd` and times it from spawn to exit; stdout is read and counted, stderr kept. */
export function runProcess(args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, IAM_SYNCR_CODE_CACHE: undefined, IAM_SYNCR_BENCH_CPU_FD: "3", ...extraEnv };
    const child = spawn(process.execPath, ["--require", CPU_REPORT, ...args], { cwd, stdio: ["ignore", "pipe", "pipe", "pipe"], env });
    let stdoutBytes = 0;
    let stderr = "";
    let report = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdoutBytes += chunk.length));
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => (report += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: Number(report.trim() || NaN), code, stdoutBytes, stderr }));
  });
}

/** Preloaded into every timed process: writes the process's CPU time (ms) to fd 3 when it exits. */
const CPU_REPORT = path.join(__dirname, "cpu-report.js");

export interface Command {
  label: string;
  args: string[];
  cwd: string;
  /** The exit code it must end with (a failed run is not a timing). */
  expectedCode: number;
  env?: Record<string, string>;
}

/** Times the commands in rotation; each figure is the median of its runs. */
export async function timeInRotation(
  commands: readonly Command[],
  plan: Repetitions,
): Promise<{ timings: Timing[]; cpu: Timing[]; stdoutBytes: number[] }> {
  const samples: number[][] = commands.map(() => []);
  const cpuSamples: number[][] = commands.map(() => []);
  const stdoutBytes: number[] = commands.map(() => 0);
  for (let round = 0; round < plan.warmups + plan.repetitions; round++) {
    for (const [index, command] of commands.entries()) {
      const run = await runProcess(command.args, command.cwd, command.env);
      if (run.code !== command.expectedCode) {
        throw new Error(`${command.label} exited with ${run.code}, expected ${command.expectedCode}:\n${run.stderr}`);
      }
      stdoutBytes[index] = run.stdoutBytes;
      if (round >= plan.warmups) {
        samples[index].push(run.ms);
        cpuSamples[index].push(run.cpuMs);
      }
    }
  }
  return { timings: samples.map((s) => summarise(s, plan)), cpu: cpuSamples.map((s) => summarise(s, plan)), stdoutBytes };
}

export interface StartupFigures {
  nodeBare: Timing;
  compileExample: Timing;
  checkStacks: Timing;
  /** `iam-syncr check stacks` compiling its modules from source (IAM_SYNCR_CODE_CACHE=off): what the code cache saves. */
  checkStacksUncached: Timing;
  /** CPU time of the same runs: steadier than wall time on a machine that other work keeps busy. */
  cpu: { nodeBare: Timing; compileExample: Timing; checkStacks: Timing; checkStacksUncached: Timing };
}

export interface LargeAccountFigures {
  account: string;
  /** The parse-only process. */
  parse: Timing;
  /** `iam-syncr compile` writing the plan to stdout. */
  compile: Timing;
  ratio: number;
  planBytes: number;
  cpu: { parse: Timing; compile: Timing; ratio: number };
}

const BIN = path.join(__dirname, "..");
const CLI = path.join(BIN, "cli", "main.js");

export async function measureStartup(projectRoot: string, plan: Repetitions): Promise<StartupFigures> {
  const { timings, cpu } = await timeInRotation(
    [
      { label: "node -e 0", args: ["-e", "0"], cwd: projectRoot, expectedCode: 0 },
      { label: "iam-syncr compile stacks/example", args: [CLI, "compile", "stacks/example"], cwd: projectRoot, expectedCode: 0 },
      { label: "iam-syncr check stacks", args: [CLI, "check", "stacks"], cwd: projectRoot, expectedCode: 0 },
      { label: "iam-syncr check stacks, no code cache", args: [CLI, "check", "stacks"], cwd: projectRoot, expectedCode: 0, env: { IAM_SYNCR_CODE_CACHE: "off" } },
    ],
    plan,
  );
  return {
    nodeBare: timings[0],
    compileExample: timings[1],
    checkStacks: timings[2],
    checkStacksUncached: timings[3],
    cpu: { nodeBare: cpu[0], compileExample: cpu[1], checkStacks: cpu[2], checkStacksUncached: cpu[3] },
  };
}

export async function measureLargeAccount(root: string, account: string, region: string, plan: Repetitions): Promise<LargeAccountFigures> {
  const accountsFile = path.join(root, "accounts.yaml");
  const folder = path.join(root, account);
  const { timings, cpu, stdoutBytes } = await timeInRotation(
    [
      { label: "js-yaml parse process", args: [path.join(BIN, "bench", "parse-process.js"), accountsFile, folder], cwd: root, expectedCode: 0 },
      { label: `iam-syncr compile ${account}`, args: [CLI, "compile", folder, "--accounts", accountsFile, "--region", region], cwd: root, expectedCode: 0 },
    ],
    plan,
  );
  return {
    account,
    parse: timings[0],
    compile: timings[1],
    ratio: timings[1].median / timings[0].median,
    planBytes: stdoutBytes[1],
    cpu: { parse: cpu[0], compile: cpu[1], ratio: cpu[1].median / cpu[0].median },
  };
}
