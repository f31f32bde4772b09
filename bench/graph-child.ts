/**
 * The bench's measurements of `iam-syncr graph` (docs/graph.md), run in a child process like the others: the
 * graph of growing numbers of accounts, and the HTML page of one account opened in headless Chromium.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { CompiledAccount } from "../compiler/check/cross-account";
import { compileAccountInDetail } from "../compiler/compile";
import { formatDiagnostic } from "../compiler/diagnostics";
import { buildGraph, GRAPH_FORMATS, renderGraph, type GraphInput } from "../compiler/graph";
import type { AccountRef, GraphPoint, GraphTimingRequest, GraphTimingResult, PageTimingRequest, PageTimingResult, SizeRequest } from "./protocol";
import { elapsedMs, summarise } from "./timing";

/** The accounts compiled as check compiles them (records kept), with the bench's region. */
function compileForGraph(request: SizeRequest, accounts: readonly AccountRef[]): GraphInput {
  let known: GraphInput["accounts"] | undefined;
  const compiled = accounts.map((account): CompiledAccount => {
    const compilation = compileAccountInDetail({
      accountFolder: path.join(request.root, account.name),
      accountsFile: path.join(request.root, "accounts.yaml"),
      accountName: account.name,
      region: request.region,
      cwd: request.root,
    });
    if (!compilation.result.ok) {
      throw new Error(`the synthetic account ${account.name} does not compile:\n${compilation.result.diagnostics.slice(0, 10).map(formatDiagnostic).join("\n")}`);
    }
    known ??= compilation.accounts;
    return { name: account.name, id: known!.idOf(account.name), plan: compilation.result.plan, records: compilation.records, diagnostics: compilation.diagnostics };
  });
  return { root: ".", accounts: known!, compiled };
}

export async function graphTiming(request: GraphTimingRequest): Promise<GraphTimingResult> {
  // One untimed run over every account first, so that no count is timed while the JIT is still warming up (the
  // smallest count, measured first, would otherwise look slowest per account).
  const all = buildGraph(compileForGraph(request, request.accounts.slice(0, Math.max(...request.subsets))));
  for (const format of GRAPH_FORMATS) renderGraph(all, format, { cwd: request.root, pageFolder: request.root });
  const points: GraphPoint[] = [];
  for (const count of request.subsets) {
    const accounts = request.accounts.slice(0, count);
    const compileSamples: number[] = [];
    const graphSamples: number[] = [];
    let last: Omit<GraphPoint, "compile" | "graph"> | undefined;
    for (let run = 0; run < request.repetitions.warmups + request.repetitions.repetitions; run++) {
      const started = process.hrtime.bigint();
      const input = compileForGraph(request, accounts);
      const compiled = process.hrtime.bigint();
      const graph = buildGraph(input);
      const sizes: Record<string, number> = {};
      for (const format of GRAPH_FORMATS) sizes[format] = renderGraph(graph, format, { cwd: request.root, pageFolder: request.root }).length;
      const drawn = process.hrtime.bigint();
      if (run >= request.repetitions.warmups) {
        compileSamples.push(Number(compiled - started) / 1e6);
        graphSamples.push(Number(drawn - compiled) / 1e6);
      }
      last = { accounts: count, roles: accounts.reduce((sum, a) => sum + a.roles, 0), nodes: graph.nodes.length, edges: graph.edges.length, sizes };
    }
    points.push({ ...last!, compile: summarise(compileSamples, request.repetitions), graph: summarise(graphSamples, request.repetitions) });
  }
  return { kind: "graph-timing", points };
}

export async function pageTiming(request: PageTimingRequest): Promise<PageTimingResult> {
  if (!fs.existsSync(request.chromium)) return { kind: "page-timing", skipped: `${request.chromium} not found (apt-get install -y chromium)` };
  const graph = buildGraph(compileForGraph(request, request.accounts));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-bench-page-"));
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: request.chromium, args: request.launchArgs });
  try {
    const file = path.join(folder, "graph.html");
    fs.writeFileSync(file, renderGraph(graph, "html", { cwd: request.root, pageFolder: folder }));
    const firstFrame: number[] = [];
    const wall: number[] = [];
    for (let run = 0; run < request.repetitions.warmups + request.repetitions.repetitions; run++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const started = process.hrtime.bigint();
      await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
      await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
      const drawnAfter = Number(await page.evaluate(() => document.body.dataset.renderMs));
      if (run >= request.repetitions.warmups) {
        wall.push(elapsedMs(started));
        firstFrame.push(drawnAfter);
      }
      await page.close();
    }
    return {
      kind: "page-timing",
      roles: request.accounts.reduce((sum, a) => sum + a.roles, 0),
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      htmlBytes: fs.statSync(file).size,
      firstFrame: summarise(firstFrame, request.repetitions),
      wall: summarise(wall, request.repetitions),
    };
  } finally {
    await browser.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
