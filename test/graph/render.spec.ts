/**
 * The renderers of `iam-syncr graph` (docs/graph.md): exact Mermaid and DOT text for a small root with each
 * style of edge (plain, conditional, risky) and a condition key that needs escaping, JSON that is the model, and
 * the HTML page's shape: nothing to fetch, the graph embedded so that no YAML text can end its script element,
 * links to the YAML relative to the page. (The page's behaviour is tested in a browser: page.browser.spec.ts.)
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { graphStacksRoot, renderGraph, type Graph } from "../../compiler/graph";
import type { PageData } from "../../compiler/graph/render/page-data";
import { layoutGraph } from "../../compiler/graph/render/layout";
import { lines } from "../support/assertions";
import { writeStacks } from "../support/stacks";

function smallRoot(): { root: string; graph: Graph } {
  const root = writeStacks({
    files: {
      "sandbox/roles.yaml": lines(
        "roles:",
        "  web:",
        "    allow_to_assume_me:",
        '      - Principal: "*"',
        "      - iam: role/ops/deployer",
        "        account: live",
        `        Condition: {StringEquals: {'sts:ExternalId"</script>': "1"}}`,
        "    allow_permission:",
        "      - action: s3:GetObject",
        "        resource: {s3: sandbox-data}",
        "buckets:",
        "  sandbox-data: {}",
      ),
      "live/roles.yaml": lines("roles:", "  ops/deployer:", "    allow_to_assume_me: {service: codebuild}"),
    },
  });
  const outcome = graphStacksRoot({ root: ".", cwd: root });
  if (!outcome.ok) throw new Error("expected a graph");
  return { root, graph: outcome.graph };
}

const MERMAID = [
  "%% iam-syncr graph of .: 5 nodes, 4 edges. Dashed: with a condition; red: a risk (see docs/graph.md).",
  "flowchart LR",
  '  n1((("anyone (*)")))',
  '  n2(["codebuild.amazonaws.com"])',
  '  subgraph g1["live (210987654321)"]',
  '    n3("ops/deployer")',
  "  end",
  '  subgraph g2["sandbox (012345678901)"]',
  '    n4("web")',
  '    n5[("sandbox-data")]',
  "  end",
  "  %% e1: live/roles.yaml:3 roles.ops/deployer.allow_to_assume_me",
  '  n2 -->|"assume"| n3',
  "  %% e2: sandbox/roles.yaml:4 roles.web.allow_to_assume_me[0]",
  '  n1 -->|"assume · W3"| n4',
  "  %% e3: sandbox/roles.yaml:5 roles.web.allow_to_assume_me[1]",
  '  n3 -.->|"assume · if sts:ExternalId#quot;#lt;/script#gt;"| n4',
  "  %% e4: sandbox/roles.yaml:9 roles.web.allow_permission[0]",
  '  n4 -->|"role policy: GetObject"| n5',
  "  linkStyle 1 stroke:#d93025,stroke-width:2px,color:#d93025",
  "  classDef role fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b",
  "  class n3,n4 role",
  "  classDef bucket fill:#e6f4ea,stroke:#188038,color:#0d3b1e",
  "  class n5 bucket",
  "  classDef service fill:#f3e8fd,stroke:#8430ce,color:#3b0f66",
  "  class n2 service",
  "  classDef anyone fill:#fce8e6,stroke:#c5221f,color:#5b0b0a",
  "  class n1 anyone",
  "",
].join("\n");

const DOT = [
  "digraph iam {",
  '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, label="iam-syncr graph of ."];',
  '  node [fontname="Helvetica", fontsize=10];',
  '  edge [fontname="Helvetica", fontsize=9];',
  '  "anyone" [label="anyone (*)", shape=doublecircle, style=filled, fillcolor="#fce8e6", color="#c5221f"];',
  '  "service:codebuild.amazonaws.com" [label="codebuild.amazonaws.com", shape=ellipse, style=filled, fillcolor="#f3e8fd", color="#8430ce"];',
  "  subgraph cluster_1 {",
  '    label="live (210987654321)"; style=rounded; color="#9aa0a6";',
  '    "role:live:ops/deployer" [label="ops/deployer", shape=box, style="rounded,filled", fillcolor="#e8f0fe", color="#1a73e8", tooltip="arn:aws:iam::210987654321:role/ops/deployer"];',
  "  }",
  "  subgraph cluster_2 {",
  '    label="sandbox (012345678901)"; style=rounded; color="#9aa0a6";',
  '    "role:sandbox:web" [label="web", shape=box, style="rounded,filled", fillcolor="#e8f0fe", color="#1a73e8", tooltip="arn:aws:iam::012345678901:role/web"];',
  '    "bucket:sandbox:sandbox-data" [label="sandbox-data", shape=cylinder, style=filled, fillcolor="#e6f4ea", color="#188038", tooltip="arn:aws:s3:::sandbox-data"];',
  "  }",
  '  "service:codebuild.amazonaws.com" -> "role:live:ops/deployer" [id="e1", label="assume", tooltip="live/roles.yaml:3 roles.ops/deployer.allow_to_assume_me"];',
  '  "anyone" -> "role:sandbox:web" [id="e2", label="assume · W3", tooltip="sandbox/roles.yaml:4 roles.web.allow_to_assume_me[0]", color="#d93025", fontcolor="#d93025", penwidth=2];',
  '  "role:live:ops/deployer" -> "role:sandbox:web" [id="e3", label="assume · if sts:ExternalId\\"</script>", tooltip="sandbox/roles.yaml:5 roles.web.allow_to_assume_me[1]", style=dashed];',
  '  "role:sandbox:web" -> "bucket:sandbox:sandbox-data" [id="e4", label="role policy: GetObject", tooltip="sandbox/roles.yaml:9 roles.web.allow_permission[0]"];',
  "}",
  "",
].join("\n");

/** The page's embedded data, as its script reads it. */
function pageDataOf(html: string): PageData {
  const match = /<script type="application\/json" id="graph-data">(.*?)<\/script>/s.exec(html);
  if (match === null) throw new Error("no graph-data script in the page");
  return JSON.parse(match[1]) as PageData;
}

describe("iam-syncr graph: the formats", () => {
  it("mermaid: a subgraph per account, a shape per kind, dashed for conditions, red for risks, the statement of each edge in a comment", () => {
    const { root, graph } = smallRoot();
    expect(renderGraph(graph, "mermaid", { cwd: root, pageFolder: root })).to.equal(MERMAID);
  });

  it("dot: a cluster per account, the statement of each edge in its tooltip, quotes escaped", () => {
    const { root, graph } = smallRoot();
    expect(renderGraph(graph, "dot", { cwd: root, pageFolder: root })).to.equal(DOT);
  });

  it("json: the model itself, in its field order", () => {
    const { root, graph } = smallRoot();
    const text = renderGraph(graph, "json", { cwd: root, pageFolder: root });
    expect(text).to.equal(`${JSON.stringify(graph, null, 2)}\n`);
    expect(Object.keys(JSON.parse(text))).to.deep.equal(["format", "root", "groups", "nodes", "edges"]);
    expect(Object.keys(graph.edges[0])).to.deep.equal([
      "id", "from", "to", "kind", "via", "actions", "notActions", "label", "exceptPrincipals", "objects", "conditions", "limits", "risks", "source",
    ]);
  });

  describe("html", () => {
    it("is one page that loads nothing: a policy that allows no source, no src or link, cytoscape inlined with its licence", () => {
      const { root, graph } = smallRoot();
      const html = renderGraph(graph, "html", { cwd: root, pageFolder: root });
      expect(html).to.include(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`);
      const markup = html.replace(/<script[^>]*>.*?<\/script>/gs, "<script></script>");
      expect(markup).not.to.match(/\ssrc=|<link|<iframe|<img|url\(/i);
      expect(markup.match(/<script/g)).to.have.length(3);
      expect(html).to.include("Copyright (c) 2016-2026, The Cytoscape Consortium.");
    });

    it("embeds the graph so that YAML text cannot close its script element, with the positions of every node", () => {
      const { root, graph } = smallRoot();
      const html = renderGraph(graph, "html", { cwd: root, pageFolder: root });
      expect(html.split("</script>")).to.have.length(4);
      const data = pageDataOf(html);
      expect(data.graph).to.deep.equal(graph);
      expect(data.graph.edges[2].conditions).to.deep.equal(['StringEquals sts:ExternalId"</script>']);
      expect(Object.keys(data.layout.positions).sort()).to.deep.equal(graph.nodes.map((n) => n.id).sort());
      expect(Object.keys(data.layout.groups)).to.deep.equal(["account:live", "account:sandbox"]);
      expect(data.captions.e2).to.equal("assume · W3");
      expect(data.riskLabels).to.deep.equal({ e2: ["W3"] });
    });

    it("links each YAML file relative to the folder the page is written to", () => {
      const { root, graph } = smallRoot();
      fs.mkdirSync(path.join(root, "out", "pages"), { recursive: true });
      expect(pageDataOf(renderGraph(graph, "html", { cwd: root, pageFolder: root })).hrefs).to.deep.equal({
        "live/roles.yaml": "./live/roles.yaml",
        "sandbox/roles.yaml": "./sandbox/roles.yaml",
      });
      expect(pageDataOf(renderGraph(graph, "html", { cwd: root, pageFolder: path.join(root, "out", "pages") })).hrefs).to.deep.equal({
        "live/roles.yaml": "../../live/roles.yaml",
        "sandbox/roles.yaml": "../../sandbox/roles.yaml",
      });
    });
  });

  it("layout: a block per account (services and anyone first), in bands: other principals, roles, buckets and keys; blocks in rows", () => {
    const { graph } = smallRoot();
    expect(layoutGraph(graph)).to.deep.equal({
      positions: {
        // Row 1: the outside block (two columns used of three), live; then sandbox wraps below (rows ≤ 840 px here).
        anyone: { x: 105, y: 32 },
        "service:codebuild.amazonaws.com": { x: 315, y: 32 },
        "role:live:ops/deployer": { x: 645, y: 32 },
        // Row 2 starts one row of nodes (64) and the block gap (140) down; the bucket band a row and the band gap (30) below the roles.
        "role:sandbox:web": { x: 105, y: 236 },
        "bucket:sandbox:sandbox-data": { x: 105, y: 330 },
      },
      // Each account's box: its block, 12 px wider on each side, 40 px higher for its title, 12 px lower.
      groups: {
        "account:live": { x1: 528, y1: -40, x2: 762, y2: 76 },
        "account:sandbox": { x1: -12, y1: 164, x2: 222, y2: 374 },
      },
    });
  });
});
