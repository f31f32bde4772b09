/**
 * Where the time goes, from a V8 CPU profile (`node --cpu-prof`): self time per function and per module
 * (the file, with node_modules packages collapsed to their package), as a share of the profiled time.
 */
import * as fs from "node:fs";
import * as path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  /** Share of the sampled time, in percent. */
  percent: number;
  ms: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  functions: HotSpot[];
  modules: HotSpot[];
  /** Time inside each listed project function and everything it calls (its callees included). */
  inclusive: HotSpot[];
}

/** Summarises the profile; `projectRoot` shortens paths and decides which functions get inclusive times. */
export function summariseProfile(file: string, projectRoot: string, top = 25): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const where = moduleOf(frame.url, projectRoot);
    const name = frame.functionName === "" ? "(anonymous)" : frame.functionName;
    const key = frame.url === "" ? name : `${name} ${where}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    modules.set(where || name, (modules.get(where || name) ?? 0) + us);
  }

  // Inclusive time of project functions: the samples below a node, counted once per function per stack.
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (!isProjectFile(frame.url, projectRoot)) continue;
      const key = `${frame.functionName || "(anonymous)"} ${moduleOf(frame.url, projectRoot)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }

  const ranked = (entries: Map<string, number>): HotSpot[] =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, percent: round((100 * us) / total), ms: round(us / 1000) }));
  return { file, totalMs: round(total / 1000), functions: ranked(functions), modules: ranked(modules), inclusive: ranked(inclusive) };
}

function isProjectFile(url: string, projectRoot: string): boolean {
  const file = url.replace(/^file:\/\//, "");
  return file.startsWith(projectRoot) && !file.includes(`${path.sep}node_modules${path.sep}`);
}

/** `bin/compiler/located.js`, `node_modules/js-yaml`, `node:internal/...`. */
function moduleOf(url: string, projectRoot: string): string {
  const file = url.replace(/^file:\/\//, "");
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (packageMatch) return `node_modules/${packageMatch[1]}`;
  return file.startsWith(projectRoot) ? path.relative(projectRoot, file) : file;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function formatProfile(summary: ProfileSummary, title: string): string {
  const lines = [`${title} (${summary.totalMs.toFixed(0)} ms sampled; ${path.basename(summary.file)})`];
  const section = (heading: string, spots: HotSpot[]) => {
    lines.push(`  ${heading}`);
    for (const spot of spots) lines.push(`    ${spot.percent.toFixed(1).padStart(5)}%  ${spot.ms.toFixed(0).padStart(7)} ms  ${spot.name}`);
  };
  section("self time by module", summary.modules.slice(0, 12));
  section("self time by function", summary.functions);
  section("inclusive time of project functions", summary.inclusive);
  return lines.join("\n");
}
