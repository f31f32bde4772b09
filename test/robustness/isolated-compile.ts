/**
 * Compiling hostile input in a worker thread, so that it can be measured and contained:
 * - the worker's heap is capped (resourceLimits): input that made the compiler allocate without bound ends the
 *   worker with an out-of-memory error instead of taking the test process down with it;
 * - the main thread samples the process's resident set every few milliseconds while the worker compiles, which
 *   gives the peak memory growth of a compilation that runs synchronously from start to end;
 * - the worker times the compilation itself and reports its heap before and after.
 * The worker loads the TypeScript sources through ts-node once; every case of a test file reuses it.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { CompileOptions, CompileResult } from "../../compiler";

/** The worker's heap cap: far above what any case needs, far below what would harm the machine. */
const HEAP_CAP_MB = 512;
const SAMPLE_EVERY_MS = 2;

export interface Measured {
  result: CompileResult;
  /** Wall time of compileAccount, in milliseconds. */
  ms: number;
  /** Peak resident set of the process during the compilation, above what it was just before, in bytes. */
  peakRssGrowth: number;
  /** The worker's V8 heap (committed) after the compilation, above what it was before, in bytes. */
  heapGrowth: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const v8 = require("node:v8");
require(workerData.tsNode).register({ transpileOnly: true, project: workerData.tsconfig });
v8.setFlagsFromString("--expose-gc");
const collect = require("node:vm").runInNewContext("gc");
const { compileAccount } = require(workerData.compiler);
parentPort.on("message", (options) => {
  collect();
  const before = v8.getHeapStatistics().total_heap_size;
  const start = performance.now();
  let answer;
  try {
    const result = compileAccount(options);
    // As JSON text: a structured clone would drop own properties named __proto__, which JSON.parse keeps.
    answer = { result: JSON.stringify(result), ms: performance.now() - start, heapGrowth: v8.getHeapStatistics().total_heap_size - before };
  } catch (error) {
    answer = { thrown: String(error && error.stack || error) };
  }
  parentPort.postMessage(answer);
});
parentPort.postMessage({ ready: true });
`;

export class IsolatedCompiler {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;

  private start(): Promise<void> {
    const root = path.resolve(__dirname, "../..");
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_CAP_MB },
      workerData: { tsNode: require.resolve("ts-node"), tsconfig: path.join(root, "tsconfig.json"), compiler: path.join(root, "compiler") },
    });
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
  }

  /** Compiles in the worker; rejects if the compiler throws or the worker dies (its heap cap, for instance). */
  async compile(options: CompileOptions): Promise<Measured> {
    this.ready ??= this.start();
    await this.ready;
    const worker = this.worker!;
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, SAMPLE_EVERY_MS);
    try {
      const answer = await new Promise<{ result: string; ms: number; heapGrowth: number } | { thrown: string }>((resolve, reject) => {
        const onError = (error: Error) => {
          // A dead worker cannot be reused: the next case starts a new one.
          this.ready = undefined;
          reject(error);
        };
        worker.once("error", onError);
        worker.once("message", (message) => {
          worker.off("error", onError);
          resolve(message);
        });
        worker.postMessage(options);
      });
      if ("thrown" in answer) throw new Error(`compileAccount threw:\n${answer.thrown}`);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { result: JSON.parse(answer.result) as CompileResult, ms: answer.ms, peakRssGrowth: peak - baseline, heapGrowth: answer.heapGrowth };
    } finally {
      clearInterval(sampler);
    }
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
    this.ready = undefined;
  }
}
