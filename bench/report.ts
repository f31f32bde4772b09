/** The bench's printed report: the method, one column per size, the growth, the targets. */
import type { Growth, SizeFigures } from "./figures";
import { mib, scopeNote, type TargetCheck } from "./targets";
import type { Timing } from "./timing";

const n = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (t: Timing) => `${n(t.median)} ms (${n(t.min)}–${n(t.max)})`;
const bytes = (b: number) => (b >= 1024 ** 2 ? `${n(b / 1024 ** 2, 1)} MiB` : `${n(b / 1024, 1)} KiB`);

export function methodLines(sizes: readonly SizeFigures[]): string[] {
  const repetitions = (pick: (s: SizeFigures) => Timing) =>
    sizes.map((s) => `${s.key}: ${pick(s).warmups} warm-up + ${pick(s).repetitions} timed`).join(", ");
  return [
    "Each size runs in three fresh Node processes (compiled JavaScript): parse and compile timings (Pulumi never loaded, as `iam-syncr compile`), registration timings, memory peak.",
    "Timed repetitions follow untimed warm-ups; the figure is the median, (min–max) beside it. Parse and compile repetitions run back to back (no forced GC: it shrinks the young generation and penalises short runs).",
    `parse (the floor): js-yaml load of accounts.yaml and every account file, with the compiler's schema and options, texts already in memory, each account's documents kept until all its files are parsed (as any use of them must); ${repetitions((s) => s.parseMs)}.`,
    `compile: compileAccount per account (for 100x100: all 100 in turn), finding, reading and decoding the files included; ${repetitions((s) => s.compileMs)}.`,
    "peak RSS: process.resourceUsage().maxRSS of a fresh process, after compiling every account once (compile), then after registering the program (compile + program); a watchdog stops the registration once the peak passes 1 GiB.",
    "plan JSON: bytes of the plan as `iam-syncr compile` prints it (canonical JSON, 2-space indentation), summed over accounts.",
    "registration: under pulumi.runtime.setMocks (echoing the inputs), declareStack(plan) until every registration reached the mock monitor and the stack outputs resolved,",
    "  against a bare program constructing the same number of resources of each type with constant inputs (the first declaration's, references replaced by strings) and one provider;",
    `  program and bare alternate (A B A B), each after a full GC, after one warm-up pair on ~100 roles; ${sizes.map((s) => `${s.key}: ${s.registration.programMs.repetitions} pairs${scopeNote(s.registration.scope)}`).join(", ")}.`,
    "  The sample (every n-th role or account, about 2,500 resources) keeps the bench within 5 minutes: the SDK costs about 1 ms per resource; time per resource does not depend on the count (see docs/performance.md).",
  ];
}

export function formatTable(sizes: readonly SizeFigures[]): string {
  const rows: [string, (s: SizeFigures) => string][] = [
    ["roles", (s) => n(s.roles)],
    ["YAML files / size", (s) => `${n(s.files)} / ${bytes(s.yamlBytes)}`],
    ["js-yaml parse (floor)", (s) => ms(s.parseMs)],
    ["compile", (s) => ms(s.compileMs)],
    ["compile / parse", (s) => n(s.compileParseRatio, 2)],
    ["compile per role", (s) => `${n(s.compileUsPerRole)} µs`],
    ["  of compile time in GC", (s) => `${n(100 * s.compileGcShare)} %`],
    ["peak RSS, compile", (s) => mib(s.compilePeakRssBytes)],
    ["peak RSS, compile + program", (s) => (s.programPeak.stoppedAbove !== undefined ? `> ${mib(s.programPeak.stoppedAbove)} (stopped)` : mib(s.programPeak.bytes))],
    ["  program peak measured on", (s) => scopeNote(s.programPeak.scope).replace(/^ \(sample: (.*)\)$/, "$1") || "all"],
    ["plan JSON", (s) => bytes(s.planBytes)],
    ["warnings in the plan", (s) => n(s.warnings)],
    ["resources / per role", (s) => `${n(s.resources)} / ${n(s.resourcesPerRole, 2)}`],
    ["registration measured on", (s) => `${scopeNote(s.registration.scope).replace(/^ \(sample: (.*)\)$/, "$1") || "all"}: ${n(s.registration.resources)} resources`],
    ["program under mocks", (s) => ms(s.registration.programMs)],
    ["bare program", (s) => ms(s.registration.bareMs)],
    ["program / bare", (s) => n(s.registration.ratio, 2)],
    ["program per resource", (s) => `${n(s.registration.programMsPerResource, 2)} ms`],
    ["bare per resource", (s) => `${n(s.registration.bareMsPerResource, 2)} ms`],
    ["program, all resources (projected)", (s) => `${n(s.registration.projectedProgramSeconds)} s`],
    [
      "program, one cold run (memory child)",
      (s) =>
        s.programPeak.programMs === undefined
          ? "stopped at 1 GiB"
          : `${n(s.programPeak.programMs / 1000, 1)} s for ${n(s.programPeak.registeredResources ?? 0)} resources`,
    ],
  ];
  const header = ["", ...sizes.map((s) => s.label)];
  const body = rows.map(([name, cell]) => [name, ...sizes.map(cell)]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

export function formatGrowth(growth: Growth): string {
  return (
    `compile time per role: ${n(growth.usPerRoleAt1k)} µs at 1,000 roles, ${n(growth.usPerRoleAt10k)} µs at 10,000 roles; ` +
    `ratio ${n(growth.perRoleRatio, 2)} (1 = linear, 10 = quadratic), time ∝ roles^${n(growth.exponent, 2)}`
  );
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  const width = Math.max(...checks.map((c) => c.target.length));
  const verdict = (pass: boolean | null) => (pass === null ? "INFO" : pass ? "PASS" : "FAIL");
  return checks.map((c) => `${verdict(c.pass)}  ${c.target.padEnd(width)}  ${c.measured} (${c.pass === null ? "" : "target "}${c.limit})`).join("\n");
}
