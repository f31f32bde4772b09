/**
 * The peak memory and CPU time of a command's process tree, by kind of process, sampled from /proc (Linux): each
 * process's VmHWM (its own peak resident set so far) and user+system time, read every `intervalMs` while the
 * command runs; a process that lives shorter than one interval can be missed.
 */
import * as fs from "node:fs";

export type ProcessKind = "engine" | "language host" | "program" | "AWS provider (stand-in)" | "dynamic provider" | "other";

export interface KindUsage {
  /** The largest peak resident set of one process of the kind. */
  readonly largestBytes: number;
  /** The sum of the peaks of all its processes. */
  readonly sumBytes: number;
  readonly processes: number;
  /** User and system CPU time of all its processes, in seconds. */
  readonly cpuSeconds: number;
}

export type MemoryPeaks = Readonly<Record<string, KindUsage>>;

const CLOCK_TICKS_PER_SECOND = 100;

export class ProcessTreeSampler {
  private readonly peaks = new Map<number, { kind: ProcessKind; bytes: number; ticks: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly rootPid: number,
    intervalMs = 200,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): MemoryPeaks {
    clearInterval(this.timer);
    this.sample();
    const result: Record<string, { largestBytes: number; sumBytes: number; processes: number; cpuSeconds: number }> = {};
    for (const { kind, bytes, ticks } of this.peaks.values()) {
      const entry = (result[kind] ??= { largestBytes: 0, sumBytes: 0, processes: 0, cpuSeconds: 0 });
      entry.largestBytes = Math.max(entry.largestBytes, bytes);
      entry.sumBytes += bytes;
      entry.processes += 1;
      entry.cpuSeconds += ticks / CLOCK_TICKS_PER_SECOND;
    }
    return result;
  }

  private sample(): void {
    for (const pid of descendantsOf(this.rootPid)) {
      const status = read(`/proc/${pid}/status`);
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status ?? "");
      if (hwm === null) continue;
      const bytes = Number(hwm[1]) * 1024;
      const stat = read(`/proc/${pid}/stat`) ?? "";
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
      const known = this.peaks.get(pid);
      this.peaks.set(pid, {
        kind: known?.kind ?? kindOf(pid),
        bytes: Math.max(bytes, known?.bytes ?? 0),
        ticks: Math.max(ticks, known?.ticks ?? 0),
      });
    }
  }
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    const parent = stat === undefined ? NaN : Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!Number.isNaN(parent)) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function kindOf(pid: number): ProcessKind {
  const command = (read(`/proc/${pid}/cmdline`) ?? "").split("\0").join(" ");
  if (/(^|\/)pulumi-language-nodejs /.test(command)) return "language host";
  if (/(^|\/)pulumi( |$)/.test(command)) return "engine";
  if (command.includes("stand-in/main.ts")) return "AWS provider (stand-in)";
  if (command.includes("dynamic-provider")) return "dynamic provider";
  if (/node .*(cmd\/run|run\.js)/.test(command) || command.includes("@pulumi/pulumi/cmd/run")) return "program";
  return "other";
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
