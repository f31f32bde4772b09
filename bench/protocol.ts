/** What the bench's parent asks a child process to measure, and what the child answers. */
import type { Timing } from "./timing";

export interface AccountRef {
  name: string;
  roles: number;
}

/** The stacks of one size: where they are and which accounts (each one Pulumi stack) make it up. */
export interface SizeRequest {
  sizeKey: string;
  root: string;
  region: string;
  accounts: AccountRef[];
}

export interface Repetitions {
  warmups: number;
  repetitions: number;
}

/** Which part of a size's stacks a registration covers (see plan-sample.ts). */
export interface RegistrationScope {
  /** Every n-th account is registered (1: all). */
  accountStride: number;
  /** Every n-th role, bucket and key of each registered plan (1: all). */
  roleStride: number;
}

/** Parse floor and compilation, in a process that never loads Pulumi (as `iam-syncr compile`). */
export interface CompileTimingRequest extends SizeRequest {
  kind: "compile-timing";
  parse: Repetitions;
  compile: Repetitions;
}

export interface RegistrationTimingRequest extends SizeRequest {
  kind: "registration-timing";
  scope: RegistrationScope;
  pairs: Repetitions;
}

export interface PeakRequest extends SizeRequest {
  kind: "peak";
  /** Registration after the compilation. */
  registration: RegistrationScope;
}

export type ProfileTarget = "compile" | "program" | "bare";

export interface ProfileRequest extends SizeRequest {
  kind: "profile";
  /** What the profile covers: repeated compilation, the program's registration, or the bare program's. */
  target: ProfileTarget;
  repetitions: number;
  registration: RegistrationScope;
}

/** `iam-syncr check` of a whole stacks root with `_shared` (DIALECT.md §14), as the command runs it. */
export interface CheckTimingRequest {
  kind: "check-timing";
  root: string;
  region: string;
  check: Repetitions;
}

/**
 * `iam-syncr graph`'s work on the first n accounts of a size, for each n of `subsets`: the accounts compiled as
 * check compiles them (with records), then the graph built and written in every format. Each repetition compiles
 * afresh, since source positions are recovered once per compilation and belong to the graph's cost.
 */
export interface GraphTimingRequest extends SizeRequest {
  kind: "graph-timing";
  subsets: number[];
  repetitions: Repetitions;
}

/** The HTML page of one size's graph, opened in headless Chromium until its first frame is drawn. */
export interface PageTimingRequest extends SizeRequest {
  kind: "page-timing";
  chromium: string;
  launchArgs: string[];
  repetitions: Repetitions;
}

export type ChildRequest =
  | CompileTimingRequest
  | RegistrationTimingRequest
  | PeakRequest
  | ProfileRequest
  | CheckTimingRequest
  | GraphTimingRequest
  | PageTimingRequest;

export interface CompileTimingResult {
  kind: "compile-timing";
  roles: number;
  files: number;
  yamlBytes: number;
  parse: Timing;
  compile: Timing;
  /** Median share of a compile repetition spent in garbage collection (0–1). */
  compileGcShare: number;
  /** Bytes of the plan as `iam-syncr compile` prints it (canonical JSON, two-space indentation), summed over accounts. */
  planBytes: number;
  /** Bytes of `JSON.stringify(plan)`, summed over accounts. */
  planBytesCompact: number;
  warnings: number;
  /** Resources the program declares for the whole size (every account, every role). */
  resources: number;
}

export interface RegistrationTimingResult {
  kind: "registration-timing";
  scope: RegistrationScope;
  /** Resources registered in one timed run (the sample). */
  resources: number;
  program: Timing;
  bare: Timing;
}

export interface PeakResult {
  kind: "peak";
  /** process.resourceUsage().maxRSS after compiling every account once, before Pulumi is loaded, in bytes. */
  compilePeakRss: number;
  /** After the registration as well. */
  programPeakRss?: number;
  registeredResources?: number;
  /** Wall time of that one registration, not warmed up (milliseconds). */
  programMs?: number;
}

export interface ProfileResult {
  kind: "profile";
  target: ProfileTarget;
}

export interface CheckTimingResult {
  kind: "check-timing";
  accounts: number;
  /** Roles in every account's plan, summed (own and shared). */
  roles: number;
  check: Timing;
  /** Files of `_shared`, and how many times one check run read them from disk, in total. */
  sharedFiles: number;
  sharedFileReads: number;
  warnings: number;
}

export interface ChildFailure {
  kind: "failure";
  message: string;
}

export interface GraphPoint {
  accounts: number;
  roles: number;
  nodes: number;
  edges: number;
  /** Compiling the accounts with records, as check does. */
  compile: Timing;
  /** Building the graph and writing it as Mermaid, DOT, JSON and HTML. */
  graph: Timing;
  /** Characters of each format. */
  sizes: Record<string, number>;
}

export interface GraphTimingResult {
  kind: "graph-timing";
  points: GraphPoint[];
}

export type PageTimingResult =
  | {
      kind: "page-timing";
      roles: number;
      nodes: number;
      edges: number;
      htmlBytes: number;
      /** From the start of navigation to the first frame drawn (the page's own performance.now()). */
      firstFrame: Timing;
      /** From page.goto to the page saying it is ready, as seen by the test driver. */
      wall: Timing;
    }
  | { kind: "page-timing"; skipped: string };

export type ChildResult =
  | CompileTimingResult
  | RegistrationTimingResult
  | PeakResult
  | ProfileResult
  | CheckTimingResult
  | GraphTimingResult
  | PageTimingResult
  | ChildFailure;
