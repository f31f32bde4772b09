/**
 * `npm run bench`: generates synthetic stacks (1,000 and 10,000 roles in one account, 100 accounts of 100 roles,
 * and 10 and 100 accounts that share 50 roles of `_shared`) into a temporary folder, measures each size in fresh child processes
 * (and `iam-syncr graph` on the 100 accounts and on the 1,000-role account's HTML page), prints the method, a table, the growth
 * and the targets, and writes the same figures as JSON (bench/results.json, or --out FILE). When a target fails
 * (or with --profile), CPU profiles of the failing work are taken and summarised, so that the report says where
 * the time goes.
 *
 * Then whole processes, as users run them (whole-process.ts): the start-up of `iam-syncr compile stacks/example`
 * and `iam-syncr check stacks` beside a bare `node -e 0`, and `iam-syncr compile` of the 10,000-role account
 * writing its plan to stdout beside a process that only parses the same files.
 *
 * Options: --out FILE, --profile, --keep (keep the generated stacks and profiles), --seed N, --processes-only
 * (only the whole-process figures: a minute instead of several; the results file is not written).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium";
import { runChild, resultOf, type ChildOptions } from "./children";
import { formatProfile, summariseProfile, type ProfileSummary } from "./cpu-profile";
import { growth as growthOf, sizeFigures, type ProgramPeak, type SizeFigures } from "./figures";
import { formatGraph, graphFigures, graphMethodLines, graphTargets, type GraphFigures } from "./graph-report";
import type { AccountRef, ProfileTarget, RegistrationScope, Repetitions, SizeRequest } from "./protocol";
import { formatGrowth, formatTable, formatTargets, methodLines } from "./report";
import { formatShared, measureSharedShape, sharedTargets } from "./shared-shape";
import { SIZES, allAccounts, type BenchSize } from "./sizes";
import { writeStacksRoot } from "./synthetic/stacks-root";
import { checkProcessTargets, checkTargets, GIB, type TargetCheck } from "./targets";
import { measureLargeAccount, measureStartup, type LargeAccountFigures, type StartupFigures } from "./whole-process";

const PROJECT_ROOT = path.resolve(__dirname, "../..");
/** The stack's aws:region: R for kms and sns specifiers and keys without a location. */
const REGION = "eu-west-1";

interface SizePlan {
  parse: Repetitions;
  compile: Repetitions;
  /** The sample whose registration is timed, and how many program/bare pairs. */
  registration: RegistrationScope;
  pairs: Repetitions;
  /** What the memory child registers after compiling. */
  peakRegistration: RegistrationScope;
}

/**
 * Repetitions fit the 5-minute budget on 2 cores. Registration costs the Pulumi SDK about 2 ms per resource
 * under mocks and the large sizes declare about 56,000 resources, so registration is timed on a sample of about
 * 2,800 resources per run (every n-th role, or every 20th account: each account is its own stack).
 */
const PLANS: Record<string, SizePlan> = {
  "1k": {
    parse: { warmups: 3, repetitions: 15 },
    compile: { warmups: 3, repetitions: 15 },
    registration: { accountStride: 1, roleStride: 2 },
    pairs: { warmups: 1, repetitions: 3 },
    // The whole stack, once: its time is shown next to the projection from the sample.
    peakRegistration: { accountStride: 1, roleStride: 1 },
  },
  "10k": {
    parse: { warmups: 2, repetitions: 7 },
    compile: { warmups: 2, repetitions: 5 },
    registration: { accountStride: 1, roleStride: 20 },
    pairs: { warmups: 1, repetitions: 3 },
    // The whole stack: the watchdog stops it as soon as it passes 1 GiB.
    peakRegistration: { accountStride: 1, roleStride: 1 },
  },
  "100x100": {
    parse: { warmups: 2, repetitions: 7 },
    compile: { warmups: 2, repetitions: 5 },
    registration: { accountStride: 20, roleStride: 1 },
    pairs: { warmups: 1, repetitions: 3 },
    // Each account is its own stack and process; the peak of one is the peak of each.
    peakRegistration: { accountStride: 20, roleStride: 1 },
  },
};

interface Options {
  out: string;
  profile: boolean;
  keep: boolean;
  seed: number;
  processesOnly: boolean;
}

/** Start-up runs are short: ten timed runs of each (the issue's median of 10), after two warm-ups. */
const STARTUP_RUNS = { warmups: 2, repetitions: 10 };
/** The 10,000-role account takes seconds per process. */
const LARGE_ACCOUNT_RUNS = { warmups: 1, repetitions: 5 };

function options(): Options {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      profile: { type: "boolean" },
      keep: { type: "boolean" },
      seed: { type: "string" },
      "processes-only": { type: "boolean" },
    },
  });
  return {
    out: path.resolve(values.out ?? path.join(PROJECT_ROOT, "bench", "results.json")),
    profile: values.profile === true,
    keep: values.keep === true,
    seed: values.seed === undefined ? 20260905 : seedOf(values.seed),
    processesOnly: values["processes-only"] === true,
  };
}

function seedOf(text: string): number {
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed <= 0) throw new Error(`--seed takes a positive integer, not ${JSON.stringify(text)}`);
  return seed;
}

const progress = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function refs(size: BenchSize): AccountRef[] {
  return size.accounts.map((a) => ({ name: a.name, roles: a.roles }));
}

function sizeRequest(size: BenchSize, root: string): SizeRequest {
  return { sizeKey: size.key, root, region: REGION, accounts: refs(size) };
}

async function measureSize(size: BenchSize, root: string): Promise<SizeFigures> {
  const plan = PLANS[size.key];
  const base = sizeRequest(size, root);
  progress(`${size.label}: parse and compile`);
  const compiled = resultOf(await runChild({ ...base, kind: "compile-timing", parse: plan.parse, compile: plan.compile }), "compile-timing");
  progress(`${size.label}: registration`);
  const registered = resultOf(await runChild({ ...base, kind: "registration-timing", scope: plan.registration, pairs: plan.pairs }), "registration-timing");

  progress(`${size.label}: memory peak`);
  const outcome = await runChild({ ...base, kind: "peak", registration: plan.peakRegistration }, { stopAboveRss: GIB });
  let compilePeakRss: number;
  let programPeak: ProgramPeak;
  if (outcome.status === "stopped") {
    const compiledPeak = outcome.progress.find((p) => p.kind === "peak");
    if (compiledPeak === undefined || compiledPeak.kind !== "peak") throw new Error(`${size.label}: the memory child passed 1 GiB while compiling`);
    compilePeakRss = compiledPeak.compilePeakRss;
    programPeak = { bytes: outcome.peakRss, stoppedAbove: GIB, stoppedAfterSeconds: outcome.seconds, scope: plan.peakRegistration };
  } else {
    const peak = resultOf(outcome, "peak");
    compilePeakRss = peak.compilePeakRss;
    programPeak = { bytes: peak.programPeakRss!, scope: plan.peakRegistration, registeredResources: peak.registeredResources, programMs: peak.programMs };
  }
  return sizeFigures(size.key, size.label, size.accounts.length, compiled, registered, compilePeakRss, programPeak);
}

/** `iam-syncr graph`: a quarter, half and all of the 100 accounts; the page of the 1,000-role account. */
async function measureGraph(root: string): Promise<GraphFigures> {
  const fleet = SIZES.find((s) => s.key === "100x100")!;
  const small = SIZES.find((s) => s.key === "1k")!;
  progress(`graph: ${fleet.label}, 25, 50 and 100 accounts`);
  const timing = resultOf(
    await runChild({ ...sizeRequest(fleet, root), kind: "graph-timing", subsets: [25, 50, 100], repetitions: { warmups: 1, repetitions: 3 } }),
    "graph-timing",
  );
  progress(`graph: HTML page of ${small.label} in Chromium`);
  const page = resultOf(
    await runChild({ ...sizeRequest(small, root), kind: "page-timing", chromium: CHROMIUM, launchArgs: [...CHROMIUM_ARGS], repetitions: { warmups: 1, repetitions: 3 } }),
    "page-timing",
  );
  return graphFigures(timing, page);
}

interface ProfileReport {
  target: ProfileTarget;
  size: string;
  summary: ProfileSummary;
}

/** CPU profiles of what failed: compilation at 10,000 roles, registration (program and bare) at 1,000. */
async function profiles(root: string, checks: readonly TargetCheck[], force: boolean, folder: string): Promise<ProfileReport[]> {
  const failed = (prefix: string) => force || checks.some((c) => c.pass === false && c.target.startsWith(prefix));
  const wanted: { target: ProfileTarget; size: BenchSize }[] = [];
  const large = SIZES.find((s) => s.key === "10k")!;
  const small = SIZES.find((s) => s.key === "1k")!;
  if (failed("compile")) wanted.push({ target: "compile", size: large });
  if (failed("registration")) wanted.push({ target: "program", size: small }, { target: "bare", size: small });
  const reports: ProfileReport[] = [];
  for (const { target, size } of wanted) {
    progress(`profiling ${target}, ${size.label}`);
    const directory = path.join(folder, `${target}-${size.key}`);
    const childOptions: ChildOptions = { nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${directory}`] };
    resultOf(
      await runChild(
        { ...sizeRequest(size, root), kind: "profile", target, repetitions: target === "compile" ? 4 : 1, registration: PLANS[size.key].registration },
        childOptions,
      ),
      "profile",
    );
    const file = fs.readdirSync(directory).find((f) => f.endsWith(".cpuprofile"));
    if (file === undefined) throw new Error(`no CPU profile written in ${directory}`);
    reports.push({ target, size: size.key, summary: summariseProfile(path.join(directory, file), path.join(PROJECT_ROOT, "bin")) });
  }
  return reports;
}

/**
 * Sources newer than the build: the bench runs the compiled JavaScript in bin/, so a source edited since the last
 * `npx tsc -p tsconfig.build.json` is not what is measured.
 */
function staleSources(): string[] {
  const built = fs.statSync(path.join(__dirname, "..", "compiler", "index.js")).mtimeMs;
  const stale: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, folder), { withFileTypes: true })) {
      const relative = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith(".ts") && fs.statSync(path.join(PROJECT_ROOT, relative)).mtimeMs > built) stale.push(relative);
    }
  };
  for (const folder of ["compiler", "pulumi", "bench"]) walk(folder);
  return stale;
}

/** Which code was measured: the commit, and the files of compiler/ and pulumi/ changed since (figures move with them). */
function sourceState(): { commit: string; uncommitted: string[] } {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    // Porcelain lines are "XY path": two status letters (either may be a space), a space, the path.
    const uncommitted = git("status", "--porcelain", "--", "compiler", "pulumi")
      .split("\n")
      .filter((line) => line.length > 3)
      .map((line) => line.slice(3));
    return { commit: git("rev-parse", "--short", "HEAD").trim(), uncommitted };
  } catch {
    return { commit: "unknown (not a git checkout)", uncommitted: [] };
  }
}

/** The whole-process figures, with the machine's load average beside them (other work slows every process alike). */
async function measureProcesses(root: string): Promise<{ startup: StartupFigures; largeAccount: LargeAccountFigures }> {
  progress("whole processes: start-up of compile and check, beside node -e 0");
  const startup = await measureStartup(PROJECT_ROOT, STARTUP_RUNS);
  const large = SIZES.find((s) => s.key === "10k")!.accounts[0].name;
  progress(`whole processes: iam-syncr compile ${large} writing its plan to stdout, beside a js-yaml parse of its files`);
  const largeAccount = await measureLargeAccount(root, large, REGION, LARGE_ACCOUNT_RUNS);
  return { startup, largeAccount };
}

function processLines(startup: StartupFigures, large: LargeAccountFigures): string[] {
  const ms = (t: { median: number; min: number; max: number }) => `${t.median.toFixed(0)} ms (${t.min.toFixed(0)}–${t.max.toFixed(0)})`;
  const load = os.loadavg().map((l) => l.toFixed(1)).join(", ");
  return [
    `Whole processes (wall time from spawn to exit, median; CPU time of the same runs beside it; load average now ${load})`,
    `  node -e 0                          ${ms(startup.nodeBare)}   CPU ${ms(startup.cpu.nodeBare)}`,
    `  iam-syncr compile stacks/example   ${ms(startup.compileExample)}   CPU ${ms(startup.cpu.compileExample)}`,
    `  iam-syncr check stacks             ${ms(startup.checkStacks)}   CPU ${ms(startup.cpu.checkStacks)}`,
    `  the same without the code cache    ${ms(startup.checkStacksUncached)}   CPU ${ms(startup.cpu.checkStacksUncached)}   (information)`,
    `  js-yaml parse of ${large.account} (a process)   ${ms(large.parse)}   CPU ${ms(large.cpu.parse)}`,
    `  iam-syncr compile ${large.account} > pipe    ${ms(large.compile)}   CPU ${ms(large.cpu.compile)}   (plan ${(large.planBytes / 1024 ** 2).toFixed(1)} MiB)`,
    `  compile / parse, whole processes   ${large.ratio.toFixed(2)}   (CPU time: ${large.cpu.ratio.toFixed(2)})`,
  ];
}

async function main(): Promise<void> {
  const opts = options();
  const started = Date.now();
  const stale = staleSources();
  if (stale.length > 0) progress(`warning: bin/ is older than ${stale.join(", ")}; run npx tsc -p tsconfig.build.json to measure the current sources`);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-bench-"));
  const root = path.join(workspace, "stacks");
  try {
    progress(`generating synthetic stacks in ${root}`);
    writeStacksRoot(root, allAccounts(), opts.seed);

    const processes = await measureProcesses(root);
    const processChecks = checkProcessTargets(processes.startup, processes.largeAccount);
    if (opts.processesOnly) {
      process.stdout.write(`${[...processLines(processes.startup, processes.largeAccount), "", "Targets", formatTargets(processChecks)].join("\n")}\n`);
      if (processChecks.some((c) => c.pass === false)) process.exitCode = 1;
      return;
    }

    const sizes: SizeFigures[] = [];
    for (const size of SIZES) sizes.push(await measureSize(size, root));
    const growth = growthOf(sizes.find((s) => s.key === "1k")!, sizes.find((s) => s.key === "10k")!);
    const shared = await measureSharedShape(workspace, opts.seed, REGION, progress);
    const graph = await measureGraph(root);
    const checks = [...checkTargets(sizes, growth), ...sharedTargets(shared), ...processChecks, ...graphTargets(graph)];
    let profileReports: ProfileReport[] = [];
    try {
      profileReports = await profiles(root, checks, opts.profile, path.join(workspace, "profiles"));
    } catch (error) {
      // The figures stand without the profiles; say why they are missing.
      progress(`profiling failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const seconds = (Date.now() - started) / 1000;

    const method = [...methodLines(sizes), ...graphMethodLines(graph)];
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryBytes: os.totalmem(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    };
    const source = sourceState();
    const output = [
      `iam-syncr bench: ${machine.cpus} × ${machine.cpuModel}, ${Math.round(machine.memoryBytes / GIB)} GiB, Node ${machine.node}, ${machine.platform}`,
      `code measured: bin/, built from commit ${source.commit}${source.uncommitted.length > 0 ? ` with uncommitted changes to ${source.uncommitted.join(", ")}` : ""}` +
        (stale.length > 0 ? `; WARNING: older than ${stale.length} source file(s)` : ""),
      "",
      "Method",
      ...method.map((line) => `  ${line}`),
      "",
      formatTable(sizes),
      "",
      formatGrowth(growth),
      "",
      ...formatShared(shared),
      "",
      ...processLines(processes.startup, processes.largeAccount),
      "",
      formatGraph(graph),
      "",
      "Targets",
      formatTargets(checks),
      ...profileReports.flatMap((p) => ["", formatProfile(p.summary, `CPU profile: ${p.target}, ${p.size}`)]),
      "",
      `bench finished in ${seconds.toFixed(0)} s; figures written to ${path.relative(process.cwd(), opts.out) || opts.out}`,
    ];
    process.stdout.write(`${output.join("\n")}\n`);

    const json = {
      generatedAt: new Date().toISOString(),
      seed: opts.seed,
      machine,
      source: { ...source, staleSources: stale },
      method,
      sizes,
      growth,
      shared,
      startup: processes.startup,
      largeAccountProcess: processes.largeAccount,
      graph,
      targets: checks,
      profiles: profileReports,
      durationSeconds: seconds,
    };
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, `${JSON.stringify(json, null, 2)}\n`);
    if (checks.some((c) => c.pass === false)) process.exitCode = 1;
  } finally {
    if (opts.keep) progress(`kept ${workspace}`);
    else fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  // A child's failure carries the child's own stack in its message; the parent's stack adds nothing.
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
