/**
 * A bench child process: measures one thing for one size and answers its parent over IPC. Every measurement
 * runs in a fresh process, so that one size's memory peak, heap and JIT state do not leak into another's
 * figures. Pulumi is loaded only by the measurements that register resources: the SDK's modules make every
 * major garbage collection of the process slower, which would charge the compiler for the SDK.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { canonicalJson, compileAccount, formatDiagnostic } from "../compiler";
import { checkStacksRoot } from "../compiler/check";
import type { Plan } from "../compiler/plan";
import { declareResources } from "../pulumi/declarations";
import { graphTiming, pageTiming } from "./graph-child";
import { bytesOf, parseAll, textsOfAccount } from "./parse-floor";
import { samplePlan } from "./plan-sample";
import type {
  CheckTimingRequest,
  CheckTimingResult,
  ChildRequest,
  ChildResult,
  CompileTimingRequest,
  CompileTimingResult,
  PeakRequest,
  PeakResult,
  ProfileRequest,
  RegistrationScope,
  RegistrationTimingRequest,
  RegistrationTimingResult,
  SizeRequest,
} from "./protocol";
import { collectGarbage, elapsedMs, median, recordGarbageCollections, timePairRepeatedly, timeRepeatedly } from "./timing";

type Registration = typeof import("./registration");

/** Loads Pulumi (and the program) on first use. */
async function registration(): Promise<Registration> {
  return import("./registration");
}

function compileOne(size: SizeRequest, account: string): Plan {
  const result = compileAccount({
    accountFolder: path.join(size.root, account),
    accountsFile: path.join(size.root, "accounts.yaml"),
    accountName: account,
    region: size.region,
    cwd: size.root,
  });
  if (!result.ok) {
    const shown = result.diagnostics.slice(0, 10).map(formatDiagnostic).join("\n");
    throw new Error(`the synthetic account ${account} does not compile:\n${shown}`);
  }
  return result.plan;
}

/** The plans whose registration is measured: every n-th account, every n-th role of each. */
function registrationPlans(plans: readonly Plan[], scope: RegistrationScope): Plan[] {
  return plans.filter((_, index) => index % scope.accountStride === 0).map((plan) => samplePlan(plan, scope.roleStride));
}

/** Only the accounts that will be registered are compiled (each account is its own stack). */
function compileForRegistration(size: SizeRequest, scope: RegistrationScope): Plan[] {
  return registrationPlans(
    size.accounts.filter((_, index) => index % scope.accountStride === 0).map((a) => compileOne(size, a.name)),
    { ...scope, accountStride: 1 },
  );
}

async function compileTiming(request: CompileTimingRequest): Promise<CompileTimingResult> {
  const accountsFile = path.join(request.root, "accounts.yaml");
  const texts = request.accounts.map((a) => textsOfAccount(accountsFile, path.join(request.root, a.name)));
  const parse = await timeRepeatedly(request.parse, () => texts.forEach(parseAll));
  const gc = recordGarbageCollections();
  const windows: [number, number][] = [];
  const compile = await timeRepeatedly(request.compile, () => {
    const start = performance.now();
    for (const account of request.accounts) compileOne(request, account.name);
    windows.push([start, performance.now()]);
  });
  const compileGcShare = median((await gc.stop(windows.slice(request.compile.warmups))).map((ms, i) => ms / (windows[request.compile.warmups + i][1] - windows[request.compile.warmups + i][0])));
  let planBytes = 0;
  let planBytesCompact = 0;
  let warnings = 0;
  let resources = 0;
  for (const account of request.accounts) {
    const plan = compileOne(request, account.name);
    planBytes += Buffer.byteLength(canonicalJson(plan));
    planBytesCompact += Buffer.byteLength(JSON.stringify(plan));
    warnings += plan.warnings.length;
    resources += declareResources(plan).length;
  }
  return {
    kind: "compile-timing",
    roles: request.accounts.reduce((sum, a) => sum + a.roles, 0),
    files: texts.reduce((sum, t) => sum + t.length, 0),
    yamlBytes: texts.reduce((sum, t) => sum + bytesOf(t), 0),
    parse,
    compile,
    compileGcShare,
    planBytes,
    planBytesCompact,
    warnings,
    resources,
  };
}

async function registrationTiming(request: RegistrationTimingRequest): Promise<RegistrationTimingResult> {
  const plans = compileForRegistration(request, request.scope);
  const { bareProgramFor, runBareProgram, runProgram } = await registration();
  const bare = plans.map(bareProgramFor);
  // The JIT needs a few hundred registrations, not a whole size: warm up on a slice of about 100 roles.
  const warmupPlan = samplePlan(plans[0], Math.max(1, Math.floor(Object.keys(plans[0].roles).length / 100)));
  const warmupBare = bareProgramFor(warmupPlan);
  for (let i = 0; i < request.pairs.warmups; i++) {
    await runProgram(warmupPlan);
    await runBareProgram(warmupBare);
  }
  let registered = 0;
  const [program, bareTiming] = await timePairRepeatedly(
    { warmups: 0, repetitions: request.pairs.repetitions },
    async () => {
      registered = 0;
      for (const plan of plans) registered += await runProgram(plan);
    },
    async () => {
      for (const program of bare) await runBareProgram(program);
    },
  );
  const warmups = request.pairs.warmups;
  return { kind: "registration-timing", scope: request.scope, resources: registered, program: { ...program, warmups }, bare: { ...bareTiming, warmups } };
}

const maxRss = () => process.resourceUsage().maxRSS * 1024;

async function peak(request: PeakRequest): Promise<PeakResult> {
  const kept: Plan[] = [];
  request.accounts.forEach((account, index) => {
    const plan = compileOne(request, account.name);
    // Only the plans that will be registered stay alive, as if each account were compiled by its own process.
    if (index % request.registration.accountStride === 0) kept.push(plan);
  });
  const compilePeakRss = maxRss();
  // Sent ahead: a watchdog may stop this process during the registration if its memory passes the target.
  process.send!({ kind: "peak", compilePeakRss, progress: true });
  const { runProgram } = await registration();
  const start = process.hrtime.bigint();
  let registeredResources = 0;
  for (const plan of registrationPlans(kept, { ...request.registration, accountStride: 1 })) registeredResources += await runProgram(plan);
  const programMs = elapsedMs(start);
  return { kind: "peak", compilePeakRss, programPeakRss: maxRss(), registeredResources, programMs };
}

/** Runs under --cpu-prof: the profile is written when the process exits. */
async function profile(request: ProfileRequest): Promise<ChildResult> {
  if (request.target === "compile") {
    for (let i = 0; i < request.repetitions; i++) for (const account of request.accounts) compileOne(request, account.name);
    return { kind: "profile", target: request.target };
  }
  const plans = compileForRegistration(request, request.registration);
  const { bareProgramFor, runBareProgram, runProgram } = await registration();
  const bare = plans.map(bareProgramFor);
  for (let i = 0; i < request.repetitions; i++) {
    collectGarbage();
    if (request.target === "program") for (const plan of plans) await runProgram(plan);
    else for (const program of bare) await runBareProgram(program);
  }
  return { kind: "profile", target: request.target };
}

/**
 * `checkStacksRoot` of a root with `_shared`, timed; one more run counts the reads of the files of `_shared` (the
 * compiler reads a file with one readFileSync), which must be one per file, whatever the number of accounts.
 */
async function checkTiming(request: CheckTimingRequest): Promise<CheckTimingResult> {
  const run = () => checkStacksRoot({ root: request.root, cwd: request.root, region: request.region });
  const check = await timeRepeatedly(request.check, async () => void (await run()));
  const inShared = `${path.sep}_shared${path.sep}`;
  let sharedFileReads = 0;
  // The module object itself: the compiled imports of the compiler read its properties through getters.
  const nodeFs = require("node:fs") as { readFileSync: (...args: unknown[]) => unknown };
  const readFileSync = nodeFs.readFileSync;
  nodeFs.readFileSync = (file: unknown, ...rest: unknown[]) => {
    if (typeof file === "string" && file.includes(inShared)) sharedFileReads++;
    return readFileSync(file, ...rest);
  };
  let report: Awaited<ReturnType<typeof run>>;
  try {
    report = await run();
  } finally {
    nodeFs.readFileSync = readFileSync;
  }
  if (!report.summary.ok) {
    const shown = [...report.diagnostics, ...report.accounts.flatMap((a) => a.diagnostics)].filter((d) => d.severity === "error").slice(0, 10).map(formatDiagnostic);
    throw new Error(`the synthetic root ${request.root} does not check:\n${shown.join("\n")}`);
  }
  const sharedFiles = fs.readdirSync(path.join(request.root, "_shared"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml")).length;
  let roles = 0;
  for (const account of report.accounts) {
    const plan = compileAccount({ accountFolder: path.join(request.root, account.name), cwd: request.root, region: request.region });
    if (plan.ok) roles += Object.keys(plan.plan.roles).length;
  }
  return { kind: "check-timing", accounts: report.accounts.length, roles, check, sharedFiles, sharedFileReads, warnings: report.summary.warnings };
}

function handle(request: ChildRequest): Promise<ChildResult> {
  switch (request.kind) {
    case "check-timing":
      return checkTiming(request);
    case "compile-timing":
      return compileTiming(request);
    case "registration-timing":
      return registrationTiming(request);
    case "peak":
      return peak(request);
    case "profile":
      return profile(request);
    case "graph-timing":
      return graphTiming(request);
    case "page-timing":
      return pageTiming(request);
  }
}

process.once("message", (request: ChildRequest) => {
  handle(request)
    .catch((error: unknown): ChildResult => ({ kind: "failure", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .then((result) => process.send!(result, () => process.exit(0)));
});
