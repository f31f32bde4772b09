/**
 * The HTML page of `iam-syncr graph` in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core, which never downloads a browser. The page of the example stacks must load nothing but itself,
 * draw every node (read back from the canvas), find a role by search, and highlight a clicked role's edges with the
 * YAML file and line of each; a screenshot is saved to test/screenshots/ (git-ignored). The Mermaid text of the
 * example is drawn by Mermaid itself (the mermaid package's standalone build), as GitHub would.
 *
 * Without /usr/bin/chromium the suite is skipped, saying so; under CI=true it fails instead (.ci/run installs it).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../bench/chromium";
import { graphStacksRoot, renderGraph, type Graph } from "../../compiler/graph";

const REPO = path.resolve(__dirname, "../..");
const SCREENSHOTS = path.join(REPO, "test/screenshots");

/** The fill colour of each kind of node (page-script.ts), as the canvas holds it. */
const FILLS: Record<string, [number, number, number]> = {
  role: [0xe8, 0xf0, 0xfe],
  bucket: [0xe6, 0xf4, 0xea],
  key: [0xfe, 0xf7, 0xe0],
  account: [0xf1, 0xf3, 0xf4],
  principal: [0xff, 0xff, 0xff],
  service: [0xf3, 0xe8, 0xfd],
  federated: [0xe4, 0xf7, 0xfb],
  anyone: [0xfc, 0xe8, 0xe6],
};

interface Drawn {
  id: string;
  kind: string;
  /** Inside the visible canvas. */
  visible: boolean;
  /** The pixel read back from the node layer at a point inside the node, above its label. */
  pixel: [number, number, number, number];
}

describe("iam-syncr graph: the HTML page in Chromium", function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  let graph: Graph;
  let pageFile: string;
  const requests: string[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      const reason = `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) to run the browser tests`;
      if (process.env.CI === "true") throw new Error(`${reason}; CI=true, so this is a failure, not a skip`);
      console.log(`      skipped: ${reason}`);
      this.skip();
    }
    const outcome = graphStacksRoot({ root: "stacks", cwd: REPO });
    if (!outcome.ok) throw new Error("the example stacks must compile");
    graph = outcome.graph;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-page-"));
    pageFile = path.join(folder, "graph.html");
    fs.writeFileSync(pageFile, renderGraph(graph, "html", { cwd: REPO, pageFolder: folder }));
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(pageFile).href);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    expect(errors).to.deep.equal([]);
  });

  after(async () => {
    await browser?.close();
    if (pageFile !== undefined) fs.rmSync(path.dirname(pageFile), { recursive: true, force: true });
  });

  it("loads nothing but the page itself", () => {
    expect(requests).to.deep.equal([pathToFileURL(pageFile).href]);
  });

  it("draws every node of the graph inside the view, in its kind's colour", async () => {
    const drawn = await page.evaluate(() => {
      const { cy } = (window as unknown as { iamSyncrGraph: { cy: import("cytoscape").Core } }).iamSyncrGraph;
      const canvas = document.querySelector<HTMLCanvasElement>('#cy canvas[data-id="layer2-node"]')!;
      const context = canvas.getContext("2d")!;
      const ratio = canvas.width / canvas.clientWidth;
      return cy
        .nodes()
        .filter((n) => n.data("kind") !== "group")
        .map((element): Drawn => {
          const n = element as import("cytoscape").NodeSingular;
          const box = n.renderedBoundingBox({ includeLabels: false });
          const centre = n.renderedPosition();
          // Above the label (which may span the node's width), inside every shape.
          const x = Math.round(centre.x * ratio);
          const y = Math.round((centre.y - 0.3 * n.renderedHeight()) * ratio);
          const data = context.getImageData(x, y, 1, 1).data;
          return {
            id: n.id(),
            kind: n.data("kind") as string,
            visible: box.x1 >= 0 && box.y1 >= 0 && box.x2 <= canvas.clientWidth && box.y2 <= canvas.clientHeight,
            pixel: [data[0], data[1], data[2], data[3]],
          };
        });
    });
    expect(drawn.map((d) => d.id).sort()).to.deep.equal(graph.nodes.map((n) => n.id).sort());
    for (const node of drawn) {
      expect(node.visible, `${node.id} inside the view`).to.equal(true);
      const [r, g, b, alpha] = node.pixel;
      const [er, eg, eb] = FILLS[node.kind];
      expect(alpha, `${node.id} drawn`).to.equal(255);
      expect(Math.max(Math.abs(r - er), Math.abs(g - eg), Math.abs(b - eb)), `${node.id} fill ${node.pixel.join(",")}`).to.be.at.most(6);
    }
  });

  it("finds a role by name: the results list it, Enter selects it", async () => {
    await page.click("#search");
    await page.keyboard.type("partner-read");
    expect(await page.locator("#results li").allInnerTexts()).to.deep.equal(["1 match", "partner-reader role · partner (098765432101)"]);
    expect(await classesOf("role:partner:partner-reader")).to.include("match");
    await page.keyboard.press("Enter");
    expect(await page.locator("#details h2").innerText()).to.equal("partner-reader");
    expect(await classesOf("role:partner:partner-reader")).to.include("chosen");
    expect(await page.locator("#results").isHidden()).to.equal(true);
  });

  it("highlights a clicked role's edges, lists them with the file and line of each statement, and links the file", async () => {
    await page.keyboard.press("Escape");
    await page.evaluate(() => {
      (window as unknown as { iamSyncrGraph: { cy: import("cytoscape").Core } }).iamSyncrGraph.cy.fit(undefined, 30);
    });
    const point = await page.evaluate(() => {
      const { cy } = (window as unknown as { iamSyncrGraph: { cy: import("cytoscape").Core } }).iamSyncrGraph;
      const container = document.getElementById("cy")!.getBoundingClientRect();
      const at = (cy.getElementById("role:example:auditor") as import("cytoscape").NodeSingular).renderedPosition();
      return { x: container.left + at.x, y: container.top + at.y };
    });
    await page.mouse.click(point.x, point.y);
    const state = await page.evaluate(() => {
      const { cy } = (window as unknown as { iamSyncrGraph: { cy: import("cytoscape").Core } }).iamSyncrGraph;
      return {
        highlighted: cy.edges(".highlighted").map((e) => e.id()),
        faded: cy.edges(".faded").length,
        chosen: cy.nodes(".chosen").map((n) => n.id()),
      };
    });
    const auditorEdges = graph.edges.filter((e) => e.from === "role:example:auditor" || e.to === "role:example:auditor").map((e) => e.id);
    expect(auditorEdges).to.deep.equal(["e12", "e13"]);
    expect(state).to.deep.equal({ highlighted: auditorEdges, faded: graph.edges.length - 2, chosen: ["role:example:auditor"] });
    expect(await page.locator("#details h2").innerText()).to.equal("auditor");
    expect(await page.locator("#details li.edge .caption").allInnerTexts()).to.deep.equal(["assume · if sts:ExternalId", "role policy: GetObject, ListBucket"]);
    const links = page.locator("#details li.edge a.source");
    expect(await links.allInnerTexts()).to.deep.equal(["stacks/example/roles.yaml:101", "stacks/example/roles.yaml:117"]);
    const href = await links.first().getAttribute("href");
    expect(fileURLToPath(new URL(href!, pathToFileURL(pageFile)))).to.equal(path.join(REPO, "stacks/example/roles.yaml"));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "graph-example-auditor.png") });
    expect(fs.statSync(path.join(SCREENSHOTS, "graph-example-auditor.png")).size).to.be.greaterThan(10_000);
  });

  it("the example's Mermaid text is drawn by Mermaid: every node, edge and account", async () => {
    const text = renderGraph(graph, "mermaid", { cwd: REPO, pageFolder: REPO });
    const mermaidPage = await browser.newPage();
    try {
      await mermaidPage.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
      await mermaidPage.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
      const drawn = await mermaidPage.evaluate(async (source) => {
        const mermaid = (window as unknown as { mermaid: { initialize(c: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
        mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
        const out = document.getElementById("out")!;
        out.innerHTML = (await mermaid.render("graph", source)).svg;
        return {
          nodes: out.querySelectorAll("g.node").length,
          edges: out.querySelectorAll("path.flowchart-link").length,
          clusters: [...out.querySelectorAll("g.cluster")].map((c) => c.textContent?.trim()).sort(),
        };
      }, text);
      expect(drawn).to.deep.equal({ nodes: graph.nodes.length, edges: graph.edges.length, clusters: ["example (123456789012)", "partner (098765432101)"] });
      expect([graph.nodes.length, graph.edges.length]).to.deep.equal([32, 37]);
    } finally {
      await mermaidPage.close();
    }
  });

  async function classesOf(id: string): Promise<string[]> {
    return page.evaluate((nodeId) => (window as unknown as { iamSyncrGraph: { cy: import("cytoscape").Core } }).iamSyncrGraph.cy.getElementById(nodeId).classes(), id);
  }
});
