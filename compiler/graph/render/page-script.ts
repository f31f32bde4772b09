/**
 * The script of the HTML page. It is type-checked here with the DOM and cytoscape types, and embedded in the
 * page as its source text (`pageMain.toString()`), so it must be self-contained: no imports, nothing from this
 * module's scope, only its two arguments and the browser.
 *
 * What it does: draws the graph with cytoscape at the positions Node computed (layout.ts); a search box that
 * marks and lists the nodes whose name or ARN contains the text (Enter or a click on a result selects one); a
 * click on a node highlights its edges and neighbours and lists them with the YAML file and line of each
 * statement (a link to the file, relative to the page); a click on an edge shows that edge; a click on the
 * background clears. When the first frame is drawn, `document.body.dataset.ready` is "true" and
 * `renderMs` the milliseconds since navigation began (the browser test and the bench read them).
 */
import type cytoscape from "cytoscape";
import type { GraphEdge, GraphNode } from "../model";
import type { PageData } from "./page-data";

export function pageMain(cytoscapeFactory: typeof cytoscape, data: PageData): void {
  const { graph } = data;
  const { positions, groups: boxes } = data.layout;
  const nodesById = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  const edgesById = new Map<string, GraphEdge>(graph.edges.map((e) => [e.id, e]));
  const large = graph.nodes.length + graph.edges.length > 3000;

  const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
  const element = (tag: string, className: string, text?: string): HTMLElement => {
    const el = document.createElement(tag);
    if (className !== "") el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  };

  byId("summary").textContent = `${graph.root}: ${graph.nodes.filter((n) => n.kind === "role").length} roles, ${graph.nodes.length} nodes, ${graph.edges.length} edges`;
  const legend = byId("legend");
  for (const line of data.legend) legend.appendChild(element("li", "", line));

  // Account boxes are plain nodes behind the others (see layout.ts), not compound parents.
  const elements: cytoscape.ElementDefinition[] = [];
  for (const group of graph.groups) {
    const box = boxes[group.id];
    elements.push({
      group: "nodes",
      data: { id: group.id, label: data.groupLabels[group.id], kind: "group", external: group.external, width: box.x2 - box.x1, height: box.y2 - box.y1 },
      position: { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 },
    });
  }
  for (const node of graph.nodes) elements.push({ group: "nodes", data: { id: node.id, label: node.label, kind: node.kind }, position: { ...positions[node.id] } });
  for (const edge of graph.edges) {
    elements.push({
      group: "edges",
      data: { id: edge.id, source: edge.from, target: edge.to, caption: data.captions[edge.id], conditional: edge.conditions.length > 0, risky: edge.risks.length > 0 },
    });
  }

  // The view that fits every node, from the positions themselves: asking cytoscape to fit would measure every
  // label first, which costs seconds for a few thousand nodes.
  const container = byId("cy");
  const xs = [...graph.nodes.map((n) => positions[n.id].x), ...Object.values(boxes).flatMap((b) => [b.x1, b.x2])];
  const ys = [...graph.nodes.map((n) => positions[n.id].y), ...Object.values(boxes).flatMap((b) => [b.y1, b.y2])];
  const margin = { x: 120, y: 50 };
  const bounds = { x1: Math.min(...xs, 0) - margin.x, x2: Math.max(...xs, 0) + margin.x, y1: Math.min(...ys, 0) - margin.y, y2: Math.max(...ys, 0) + margin.y };
  const zoom = Math.min(4, container.clientWidth / (bounds.x2 - bounds.x1), container.clientHeight / (bounds.y2 - bounds.y1));
  const pan = { x: (container.clientWidth - zoom * (bounds.x1 + bounds.x2)) / 2, y: (container.clientHeight - zoom * (bounds.y1 + bounds.y2)) / 2 };

  const cy = cytoscapeFactory({
    container,
    elements,
    layout: { name: "preset", fit: false },
    zoom,
    pan,
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: true,
    textureOnViewport: large,
    hideEdgesOnViewport: large,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-size": 11,
          "text-valign": "center",
          "text-halign": "center",
          "text-wrap": "ellipsis",
          "text-max-width": "176px",
          // Drawn strictly by z-index: account boxes (0) under edges (1) under nodes (2) under highlighted edges (3).
          "z-index-compare": "manual",
          "z-index": 2,
          "min-zoomed-font-size": 6,
          width: 184,
          height: 36,
          "border-width": 1.5,
          "background-color": "#ffffff",
          "border-color": "#5f6368",
          color: "#202124",
        },
      },
      { selector: 'node[kind = "role"]', style: { shape: "round-rectangle", "background-color": "#e8f0fe", "border-color": "#1a73e8" } },
      { selector: 'node[kind = "bucket"]', style: { shape: "barrel", "background-color": "#e6f4ea", "border-color": "#188038" } },
      { selector: 'node[kind = "key"]', style: { shape: "hexagon", "background-color": "#fef7e0", "border-color": "#b06000" } },
      { selector: 'node[kind = "account"]', style: { shape: "cut-rectangle", "background-color": "#f1f3f4" } },
      { selector: 'node[kind = "service"]', style: { shape: "ellipse", "background-color": "#f3e8fd", "border-color": "#8430ce" } },
      { selector: 'node[kind = "federated"]', style: { shape: "rhomboid", "background-color": "#e4f7fb", "border-color": "#007b83" } },
      { selector: 'node[kind = "anyone"]', style: { shape: "octagon", "background-color": "#fce8e6", "border-color": "#c5221f", "border-width": 3 } },
      {
        selector: 'node[kind = "group"]',
        style: {
          shape: "round-rectangle",
          width: "data(width)",
          height: "data(height)",
          "background-color": "#f8f9fa",
          "border-color": "#9aa0a6",
          "font-size": 14,
          "font-weight": "bold",
          "text-valign": "top",
          "text-margin-y": 26,
          "text-max-width": "2000px",
          "z-index": 0,
          events: "no",
        },
      },
      { selector: 'node[kind = "group"][?external]', style: { "border-color": "#d93025", "border-style": "dashed" } },
      {
        selector: "edge",
        style: {
          "z-index-compare": "manual",
          "z-index": 1,
          width: 1.4,
          "curve-style": large ? "haystack" : "bezier",
          "line-color": "#9aa0a6",
          "target-arrow-color": "#9aa0a6",
          "target-arrow-shape": large ? "none" : "triangle",
        },
      },
      { selector: "edge[?conditional]", style: { "line-style": "dashed" } },
      { selector: "edge[?risky]", style: { "line-color": "#d93025", "target-arrow-color": "#d93025", width: 2.2 } },
      { selector: ".faded", style: { opacity: 0.12 } },
      {
        // Captions only on the edges of what is selected: a few thousand labels would be unreadable and slow.
        selector: "edge.highlighted",
        style: {
          width: 3.5,
          label: "data(caption)",
          "font-size": 10,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.9,
          "text-background-padding": "2px",
          "z-index": 3,
          "line-color": "#1a73e8",
          "target-arrow-color": "#1a73e8",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
        },
      },
      { selector: "edge.highlighted[?risky]", style: { "line-color": "#d93025", "target-arrow-color": "#d93025" } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#f9ab00" } },
      { selector: "node.chosen", style: { "border-width": 4, "border-color": "#1a73e8" } },
    ],
  });

  const details = byId("details");
  const search = byId<HTMLInputElement>("search");
  const results = byId("results");
  const showText = (text: string) => details.replaceChildren(element("p", "hint", text));

  const sourceLink = (source: GraphEdge["source"]): HTMLElement => {
    const place = source.line === null ? source.file : `${source.file}:${source.line}`;
    const href = data.hrefs[source.file];
    const link = href === undefined ? element("span", "source", place) : element("a", "source", place);
    if (href !== undefined) link.setAttribute("href", href);
    link.title = source.path + (source.template === null ? "" : ` (via template ${source.template})`);
    return link;
  };

  const edgeItem = (edge: GraphEdge, from: string): HTMLElement => {
    const item = element("li", edge.risks.length > 0 ? "edge risky" : "edge");
    item.dataset.edge = edge.id;
    const outgoing = edge.from === from;
    const other = nodesById.get(outgoing ? edge.to : edge.from)!;
    const head = element("div", "edge-head");
    head.append(element("span", "direction", outgoing ? "→ " : "← "), element("strong", "", other.label), element("span", "kind", ` ${other.kind}`));
    item.append(head, element("div", "caption", data.captions[edge.id]));
    item.append(element("div", "actions", `${edge.kind === "assume" ? "can assume" : "can access"}: ${edge.notActions ? "every action but " : ""}${edge.actions.join(", ")}`));
    if (edge.exceptPrincipals.length > 0) item.append(element("div", "except", `except ${edge.exceptPrincipals.join(", ")}`));
    for (const condition of edge.conditions) item.append(element("div", "condition", `if ${condition}`));
    for (const limit of edge.limits) item.append(element("div", "limit", limit));
    if (edge.risks.length > 0) item.append(element("div", "risk", `risk: ${data.riskLabels[edge.id].join(", ")}`));
    const where = element("div", "where");
    where.append(sourceLink(edge.source), element("span", "path", ` ${edge.source.path}`));
    item.append(where);
    return item;
  };

  const showNode = (node: GraphNode) => {
    const parts: HTMLElement[] = [element("h2", "", node.label)];
    const group = node.group === null ? "" : ` in ${data.groupLabels[node.group]}`;
    parts.push(element("p", "meta", `${node.kind}${group}`));
    if (node.arn !== null) parts.push(element("p", "arn", node.arn));
    if (node.source !== null) {
      const defined = element("p", "meta", "defined at ");
      defined.append(sourceLink(node.source));
      parts.push(defined);
    }
    if (node.managedPolicies !== undefined && node.managedPolicies.length > 0) parts.push(element("p", "meta", `managed policies (not read): ${node.managedPolicies.join(", ")}`));
    if (node.permissionsBoundary) parts.push(element("p", "meta", `permissions boundary (not read): ${node.permissionsBoundary}`));
    const edges = graph.edges.filter((e) => e.from === node.id || e.to === node.id);
    const list = element("ul", "edges");
    for (const edge of edges) list.append(edgeItem(edge, node.id));
    parts.push(element("h3", "", `${edges.length} edge${edges.length === 1 ? "" : "s"}`), list);
    details.replaceChildren(...parts);
  };

  const clear = () => {
    cy.batch(() => cy.elements().removeClass("faded highlighted chosen"));
    showText("Click a node to see who can assume it and what it can reach, with the YAML behind each edge.");
  };

  const highlight = (collection: cytoscape.Collection, chosen: cytoscape.Collection) => {
    cy.batch(() => {
      cy.elements().removeClass("highlighted chosen");
      cy.elements().not('node[kind = "group"]').addClass("faded");
      collection.removeClass("faded");
      collection.edges().addClass("highlighted");
      chosen.addClass("chosen");
    });
  };

  const selectNode = (id: string) => {
    const target = cy.getElementById(id);
    if (target.empty()) return;
    const edges = target.connectedEdges();
    highlight(edges.union(edges.connectedNodes()).union(target), target);
    showNode(nodesById.get(id)!);
  };

  const focusNode = (id: string) => {
    const target = cy.getElementById(id);
    if (target.empty()) return;
    results.hidden = true;
    selectNode(id);
    cy.zoom(Math.max(cy.zoom(), 0.9));
    cy.center(target);
  };

  cy.on("tap", "node", (event) => {
    const target = event.target as cytoscape.NodeSingular;
    if (target.data("kind") === "group") return;
    selectNode(target.id());
  });
  cy.on("tap", "edge", (event) => {
    const target = event.target as cytoscape.EdgeSingular;
    const edge = edgesById.get(target.id())!;
    highlight(target.union(target.connectedNodes()), cy.collection().union(target.connectedNodes()));
    const list = element("ul", "edges");
    list.append(edgeItem(edge, edge.from));
    details.replaceChildren(element("h2", "", `${nodesById.get(edge.from)!.label} → ${nodesById.get(edge.to)!.label}`), list);
  });
  cy.on("tap", (event) => {
    if (event.target === cy) clear();
  });

  let matches: GraphNode[] = [];
  const runSearch = (text: string) => {
    const query = text.trim().toLowerCase();
    cy.nodes().removeClass("match");
    results.replaceChildren();
    matches = [];
    if (query === "") {
      results.hidden = true;
      return;
    }
    const rank = (n: GraphNode) => (n.label.toLowerCase() === query ? 0 : n.kind === "role" ? 1 : 2);
    matches = graph.nodes.filter((n) => n.label.toLowerCase().includes(query) || (n.arn ?? "").toLowerCase().includes(query)).sort((a, b) => rank(a) - rank(b));
    cy.batch(() => {
      for (const match of matches) cy.getElementById(match.id).addClass("match");
    });
    results.hidden = false;
    results.append(element("li", "count", `${matches.length} match${matches.length === 1 ? "" : "es"}${matches.length > 50 ? " (first 50 shown)" : ""}`));
    for (const match of matches.slice(0, 50)) {
      const button = element("button", "result");
      button.dataset.node = match.id;
      button.append(element("strong", "", match.label), element("span", "kind", ` ${match.kind}${match.group === null ? "" : ` · ${data.groupLabels[match.group]}`}`));
      button.addEventListener("click", () => focusNode(match.id));
      const item = element("li", "");
      item.append(button);
      results.append(item);
    }
  };
  search.addEventListener("input", () => runSearch(search.value));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && matches.length > 0) focusNode(matches[0].id);
    if (event.key === "Escape") {
      search.value = "";
      runSearch("");
      clear();
    }
  });

  clear();
  (window as unknown as { iamSyncrGraph: unknown }).iamSyncrGraph = { cy };
  cy.one("render", () => {
    document.body.dataset.renderMs = String(Math.round(performance.now()));
    document.body.dataset.ready = "true";
  });
}
