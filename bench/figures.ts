/**
 * The figures of a bench run, derived from what the children measured: ratios, per-role and per-resource
 * costs, growth from 1,000 to 10,000 roles. This is also the shape of the JSON the bench writes.
 */
import type { CompileTimingResult, RegistrationScope, RegistrationTimingResult } from "./protocol";
import type { Timing } from "./timing";

export interface ProgramPeak {
  /** Peak RSS of the process after compiling and registering, in bytes; when stopped, the peak it had reached. */
  bytes: number;
  /** The watchdog stopped the registration when the peak passed this bound. */
  stoppedAbove?: number;
  /** Seconds into the child when it was stopped. */
  stoppedAfterSeconds?: number;
  /** What was registered: all of the size, or a sample. */
  scope: RegistrationScope;
  registeredResources?: number;
  /** Wall time of that single, cold registration. */
  programMs?: number;
}

export interface SizeFigures {
  key: string;
  label: string;
  accounts: number;
  roles: number;
  files: number;
  yamlBytes: number;
  parseMs: Timing;
  compileMs: Timing;
  compileParseRatio: number;
  /** Share of compile time spent in garbage collection (median over repetitions, 0–1). */
  compileGcShare: number;
  compileUsPerRole: number;
  compilePeakRssBytes: number;
  programPeak: ProgramPeak;
  planBytes: number;
  planBytesCompact: number;
  warnings: number;
  resources: number;
  resourcesPerRole: number;
  registration: {
    scope: RegistrationScope;
    /** Resources registered per timed run. */
    resources: number;
    programMs: Timing;
    bareMs: Timing;
    ratio: number;
    programMsPerResource: number;
    bareMsPerResource: number;
    /** Program time for every resource of the size, at the measured cost per resource. */
    projectedProgramSeconds: number;
  };
}

export interface Growth {
  usPerRoleAt1k: number;
  usPerRoleAt10k: number;
  /** Per-role time at 10,000 roles over per-role time at 1,000: 1 is linear, 10 quadratic. */
  perRoleRatio: number;
  /** k in time ∝ roles^k, from the two sizes. */
  exponent: number;
}

export function sizeFigures(
  key: string,
  label: string,
  accounts: number,
  measured: CompileTimingResult,
  registration: RegistrationTimingResult,
  compilePeakRss: number,
  programPeak: ProgramPeak,
): SizeFigures {
  const programMsPerResource = registration.program.median / registration.resources;
  return {
    key,
    label,
    accounts,
    roles: measured.roles,
    files: measured.files,
    yamlBytes: measured.yamlBytes,
    parseMs: measured.parse,
    compileMs: measured.compile,
    compileParseRatio: measured.compile.median / measured.parse.median,
    compileGcShare: measured.compileGcShare,
    compileUsPerRole: (1000 * measured.compile.median) / measured.roles,
    compilePeakRssBytes: compilePeakRss,
    programPeak,
    planBytes: measured.planBytes,
    planBytesCompact: measured.planBytesCompact,
    warnings: measured.warnings,
    resources: measured.resources,
    resourcesPerRole: measured.resources / measured.roles,
    registration: {
      scope: registration.scope,
      resources: registration.resources,
      programMs: registration.program,
      bareMs: registration.bare,
      ratio: registration.program.median / registration.bare.median,
      programMsPerResource,
      bareMsPerResource: registration.bare.median / registration.resources,
      projectedProgramSeconds: (programMsPerResource * measured.resources) / 1000,
    },
  };
}

export function growth(small: SizeFigures, large: SizeFigures): Growth {
  const perRoleRatio = large.compileUsPerRole / small.compileUsPerRole;
  const exponent = Math.log(large.compileMs.median / small.compileMs.median) / Math.log(large.roles / small.roles);
  return { usPerRoleAt1k: small.compileUsPerRole, usPerRoleAt10k: large.compileUsPerRole, perRoleRatio, exponent };
}
