/**
 * One self-contained HTML page: the renderer (cytoscape's minified UMD build, MIT, read from the installed
 * package and inlined with its licence header), the graph as JSON, the page's own script and style. Nothing is
 * fetched: a Content-Security-Policy without any source to connect to or load from makes sure of it.
 *
 * Each edge links to the YAML file behind it, relative to the folder the page is written to (a browser cannot
 * open a file at a line, so the line is shown beside the link, `stacks/example/roles.yaml:101`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Graph } from "../model";
import { toSlashes } from "../../source/source-file";
import { layoutGraph } from "./layout";
import { edgeCaption, LEGEND, riskLabel } from "./legend";
import { groupLabel } from "./mermaid";
import type { PageData } from "./page-data";
import { pageMain } from "./page-script";

export interface HtmlOptions {
  /** The folder file names in the graph are relative to (the current directory of the run). */
  cwd: string;
  /** The folder the page will be written to: links to the YAML files are relative to it. */
  pageFolder: string;
}

let renderer: string | undefined;

/** cytoscape's UMD build, read once per process. */
function rendererSource(): string {
  renderer ??= fs.readFileSync(require.resolve("cytoscape/dist/cytoscape.min.js"), "utf8");
  return renderer;
}

export function renderHtml(graph: Graph, options: HtmlOptions): string {
  const data: PageData = {
    graph,
    layout: layoutGraph(graph),
    groupLabels: Object.fromEntries(graph.groups.map((g) => [g.id, groupLabel(g)])),
    captions: Object.fromEntries(graph.edges.map((e) => [e.id, edgeCaption(e)])),
    riskLabels: Object.fromEntries(graph.edges.filter((e) => e.risks.length > 0).map((e) => [e.id, [...new Set(e.risks.map(riskLabel))]])),
    hrefs: hrefsOf(graph, options),
    legend: LEGEND,
  };
  const title = `iam-syncr graph: ${graph.root}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>iam-syncr graph</h1>
  <span id="summary"></span>
  <div class="search">
    <input id="search" type="search" placeholder="Search a role, bucket, key or principal" autocomplete="off" aria-label="Search by name">
    <ul id="results" hidden></ul>
  </div>
  <details id="legend-box"><summary>Legend</summary><ul id="legend"></ul></details>
</header>
<main>
  <div id="cy" aria-label="graph"></div>
  <aside id="details"></aside>
</main>
<script type="application/json" id="graph-data">${scriptSafeJson(data)}</script>
<script>
${rendererSource()}
</script>
<script>
"use strict";
(${pageMain.toString()})(window.cytoscape, JSON.parse(document.getElementById("graph-data").textContent));
</script>
</body>
</html>
`;
}

/** For each YAML file named in the graph, its path relative to the page's folder (always starting with `.`). */
function hrefsOf(graph: Graph, options: HtmlOptions): Record<string, string> {
  const files = new Set<string>();
  for (const edge of graph.edges) files.add(edge.source.file);
  for (const node of graph.nodes) if (node.source !== null) files.add(node.source.file);
  const hrefs: Record<string, string> = {};
  for (const file of [...files].sort()) {
    if (file === "") continue;
    const relative = toSlashes(path.relative(options.pageFolder, path.resolve(options.cwd, file)));
    // "./" keeps a folder named like a URL scheme ("javascript:") from being read as one.
    const link = relative.startsWith("../") ? relative : `./${relative}`;
    hrefs[file] = link.split("/").map(encodeURIComponent).join("/");
  }
  return hrefs;
}

/** JSON inside a script element: `<` escaped, so no text of the YAML can close the element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

const STYLE = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; }
body { display: flex; flex-direction: column; }
header { display: flex; align-items: center; gap: 16px; padding: 8px 16px; border-bottom: 1px solid #dadce0; background: #fff; position: relative; z-index: 2; }
header h1 { font-size: 16px; margin: 0; }
#summary { color: #5f6368; }
.search { position: relative; flex: 1; max-width: 460px; }
#search { width: 100%; padding: 6px 10px; font: inherit; border: 1px solid #9aa0a6; border-radius: 6px; }
#results { position: absolute; top: 100%; left: 0; right: 0; max-height: 60vh; overflow: auto; margin: 4px 0 0; padding: 4px; list-style: none; background: #fff; border: 1px solid #dadce0; border-radius: 6px; box-shadow: 0 4px 12px rgba(0,0,0,.15); }
#results .count { color: #5f6368; padding: 2px 6px; }
#results button { display: block; width: 100%; text-align: left; border: 0; background: none; padding: 4px 6px; font: inherit; cursor: pointer; border-radius: 4px; }
#results button:hover, #results button:focus { background: #e8f0fe; }
.kind { color: #5f6368; }
#legend-box { max-width: 40%; }
#legend-box ul { position: absolute; right: 16px; top: 100%; width: 560px; margin: 4px 0 0; padding: 8px 8px 8px 24px; background: #fff; border: 1px solid #dadce0; border-radius: 6px; box-shadow: 0 4px 12px rgba(0,0,0,.15); }
main { flex: 1; display: flex; min-height: 0; }
#cy { flex: 1; min-width: 0; background: #fff; }
#details { width: 380px; overflow: auto; border-left: 1px solid #dadce0; padding: 12px 16px; background: #fafafa; }
#details h2 { font-size: 15px; margin: 0 0 4px; word-break: break-all; }
#details h3 { font-size: 13px; margin: 16px 0 4px; }
#details .meta, #details .arn { margin: 2px 0; color: #5f6368; word-break: break-all; }
#details .hint { color: #5f6368; }
ul.edges { list-style: none; margin: 0; padding: 0; }
li.edge { border: 1px solid #dadce0; border-radius: 6px; padding: 6px 8px; margin: 6px 0; background: #fff; }
li.edge.risky { border-color: #d93025; }
li.edge .condition, li.edge .limit, li.edge .except { color: #5f6368; font-size: 12px; }
li.edge .risk { color: #d93025; font-weight: 600; font-size: 12px; }
li.edge .where { font-size: 12px; margin-top: 2px; word-break: break-all; }
li.edge .path { color: #5f6368; }
a.source { color: #1a73e8; }
`;
