/**
 * Starting bench children: each measurement runs in a fresh Node process (compiled JavaScript, with
 * --expose-gc), answers over IPC, and may be watched: a watchdog reads the child's peak RSS from /proc and stops
 * it once the peak passes a bound, so that a size which cannot fit a memory target fails in seconds instead of
 * swapping the machine.
 */
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ChildRequest, ChildResult } from "./protocol";

export interface ChildOptions {
  /** Extra Node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Stop the child when its peak RSS passes this many bytes (Linux only; elsewhere the child runs to its end). */
  stopAboveRss?: number;
}

export type ChildOutcome =
  | { status: "done"; result: ChildResult; seconds: number }
  /** Stopped by the watchdog: its peak RSS passed the bound. */
  | { status: "stopped"; peakRss: number; seconds: number; progress: ChildResult[] }
  | { status: "crashed"; code: number | null; signal: string | null; seconds: number; stderr: string };

const CHILD = path.join(__dirname, "child.js");

export function runChild(request: ChildRequest, options: ChildOptions = {}): Promise<ChildOutcome> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  return new Promise((resolve) => {
    const child = fork(CHILD, [], { execArgv: ["--expose-gc", ...(options.nodeFlags ?? [])], stdio: ["ignore", "inherit", "pipe", "ipc"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      // Keep only the end: a crash's last lines say why.
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const progress: ChildResult[] = [];
    let settled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const settle = (outcome: ChildOutcome) => {
      if (settled) return;
      settled = true;
      if (watchdog !== undefined) clearInterval(watchdog);
      resolve(outcome);
    };
    let answer: { result: ChildResult; seconds: number } | undefined;
    child.on("message", (message: ChildResult & { progress?: boolean }) => {
      if (message.progress === true) progress.push(message);
      else answer = { result: message, seconds: seconds() };
    });
    // Settled on exit, not on the answer: a CPU profile is written while the child exits.
    child.on("exit", (code, signal) =>
      settle(answer !== undefined ? { status: "done", ...answer } : { status: "crashed", code, signal, seconds: seconds(), stderr }),
    );
    const bound = options.stopAboveRss;
    if (bound !== undefined && child.pid !== undefined) {
      const pid = child.pid;
      watchdog = setInterval(() => {
        const peak = peakRssOf(pid);
        if (peak !== undefined && peak > bound) {
          settle({ status: "stopped", peakRss: peak, seconds: seconds(), progress });
          child.kill("SIGKILL");
        }
      }, 100);
    }
    child.send(request);
  });
}

/** VmHWM of /proc/<pid>/status: the process's peak resident set, in bytes. */
function peakRssOf(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** The child's answer, or an error saying why there is none. */
export function resultOf<K extends ChildResult["kind"]>(outcome: ChildOutcome, kind: K): Extract<ChildResult, { kind: K }> {
  if (outcome.status === "done" && outcome.result.kind === kind) return outcome.result as Extract<ChildResult, { kind: K }>;
  if (outcome.status === "done" && outcome.result.kind === "failure") throw new Error(`bench child failed:\n${outcome.result.message}`);
  if (outcome.status === "crashed") throw new Error(`bench child exited (code ${outcome.code}, signal ${outcome.signal}):\n${outcome.stderr}`);
  throw new Error(`bench child answered ${JSON.stringify(outcome).slice(0, 300)}, expected a ${kind} result`);
}
