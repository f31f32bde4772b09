/**
 * How every figure of the bench is timed: untimed warm-up runs (so the JIT has compiled the hot code and the
 * heap has grown to its working size), then several timed repetitions; the median is the figure, and the
 * spread (min–max) is shown beside it.
 *
 * Parsing and compiling are timed back to back, without a forced collection between repetitions: a forced full
 * collection shrinks V8's young generation, and the next run of a short, allocation-heavy workload then pays for
 * many extra scavenges (measured: the 1,000-role parse goes from 26 to 70 ms). Each repetition therefore pays,
 * as in steady use, for collecting what it allocates. Registrations are different: a run of the Pulumi program
 * leaves hundreds of MiB behind, which would be collected on the clock of the other program of the pair, so a
 * full collection precedes each of them.
 */

import { PerformanceObserver } from "node:perf_hooks";

export interface Timing {
  /** Milliseconds. */
  median: number;
  min: number;
  max: number;
  repetitions: number;
  warmups: number;
}

export interface Repetitions {
  warmups: number;
  repetitions: number;
}

/** A full collection; the child processes run with --expose-gc. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("the bench child must run with --expose-gc");
  gc();
}

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timeRepeatedly(plan: Repetitions, run: () => void | Promise<void>): Promise<Timing> {
  for (let i = 0; i < plan.warmups; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < plan.repetitions; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(elapsedMs(start));
  }
  return summarise(samples, plan);
}

/**
 * Two programs timed in alternation (A B A B …), each after a full collection, so that drift of the machine
 * (another process, frequency changes) falls on both alike.
 */
export async function timePairRepeatedly(plan: Repetitions, first: () => Promise<void>, second: () => Promise<void>): Promise<[Timing, Timing]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < plan.warmups + plan.repetitions; i++) {
    for (const [run, samples] of [
      [first, a],
      [second, b],
    ] as const) {
      collectGarbage();
      const start = process.hrtime.bigint();
      await run();
      if (i >= plan.warmups) samples.push(elapsedMs(start));
    }
  }
  return [summarise(a, plan), summarise(b, plan)];
}

/**
 * Garbage collection pauses, from Node's performance timeline; `stop` returns the milliseconds spent in them
 * within each of the given windows (performance.now() times).
 */
export function recordGarbageCollections(): { stop(windows: readonly [number, number][]): Promise<number[]> } {
  const pauses: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    async stop(windows) {
      // Entries are delivered asynchronously, some time after the pause: wait until no more arrive.
      let seen = -1;
      while (seen !== pauses.length) {
        seen = pauses.length;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      observer.disconnect();
      return windows.map(([from, to]) => pauses.filter((p) => p.start >= from && p.start < to).reduce((sum, p) => sum + p.duration, 0));
    },
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarise(samples: readonly number[], plan: Repetitions): Timing {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), repetitions: plan.repetitions, warmups: plan.warmups };
}
