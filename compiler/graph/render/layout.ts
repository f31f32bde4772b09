/**
 * Where the HTML page draws each node and each account's box, computed here rather than by a layout algorithm in
 * the browser: force layouts cost seconds for a thousand roles and draw a different picture on every load, and
 * boxes known in advance are drawn as plain nodes behind the others rather than as cytoscape's compound nodes,
 * whose upkeep on every style change costs seconds at that size too. Each account is a
 * block of three bands, top to bottom: the principals that are not roles, the roles, the buckets and keys;
 * each band a grid about as wide as it is tall. Services, providers outside accounts and anyone form the first
 * block; blocks are placed left to right in rows of about equal width. The same graph always gets the same picture.
 */
import type { Graph, GraphNode, NodeKind } from "../model";

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Layout {
  /** The centre of each node. */
  positions: Record<string, Point>;
  /** The box of each group's block, with room for its title above. */
  groups: Record<string, Box>;
}

/** Room for one node (its box is drawn smaller) and the space between blocks. */
export const CELL = { width: 210, height: 64 } as const;
const BLOCK_GAP = { x: 120, y: 140 } as const;
const BAND_GAP = 30;

const BAND: Record<NodeKind, number> = { anyone: 0, service: 0, federated: 0, account: 0, principal: 0, role: 1, bucket: 2, key: 2 };

interface Block {
  group: string | null;
  nodes: GraphNode[];
  columns: number;
  width: number;
  height: number;
}

/** Room around a group's nodes, and for its title. */
const GROUP_PADDING = { x: 12, top: 40, bottom: 12 } as const;

export function layoutGraph(graph: Graph): Layout {
  const byGroup = new Map<string | null, GraphNode[]>();
  for (const node of graph.nodes) {
    let list = byGroup.get(node.group);
    if (list === undefined) byGroup.set(node.group, (list = []));
    list.push(node);
  }
  const blocks: Block[] = [null, ...graph.groups.map((g) => g.id)].filter((id) => byGroup.has(id)).map((id) => sizeOf(id, byGroup.get(id)!));
  // Rows about 1.6 times as wide as the picture is tall, like a browser window.
  const area = blocks.reduce((sum, b) => sum + (b.width + BLOCK_GAP.x) * (b.height + BLOCK_GAP.y), 0);
  const rowWidth = Math.max(4 * CELL.width, Math.sqrt(area * 1.6) * 1.15);

  const positions: Record<string, Point> = {};
  const groups: Record<string, Box> = {};
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const block of blocks) {
    if (x > 0 && x + block.width > rowWidth) {
      x = 0;
      y += rowHeight + BLOCK_GAP.y;
      rowHeight = 0;
    }
    place(block, x, y, positions);
    if (block.group !== null) {
      groups[block.group] = { x1: x - GROUP_PADDING.x, y1: y - GROUP_PADDING.top, x2: x + block.width + GROUP_PADDING.x, y2: y + block.height + GROUP_PADDING.bottom };
    }
    x += block.width + BLOCK_GAP.x;
    rowHeight = Math.max(rowHeight, block.height);
  }
  return { positions, groups };
}

/** Nodes keep the graph's order (by kind, then label) within each band. */
function bandsOf(nodes: readonly GraphNode[]): GraphNode[][] {
  const bands: GraphNode[][] = [[], [], []];
  for (const node of nodes) bands[BAND[node.kind]].push(node);
  return bands.filter((band) => band.length > 0);
}

function sizeOf(group: string | null, nodes: GraphNode[]): Block {
  // Square overall: columns ≈ √(n · cell height / cell width), and at least three so small accounts read left to right.
  const columns = Math.max(3, Math.ceil(Math.sqrt((nodes.length * CELL.height) / CELL.width)));
  const bands = bandsOf(nodes);
  const rows = bands.reduce((sum, band) => sum + Math.ceil(band.length / columns), 0);
  return {
    group,
    nodes,
    columns,
    width: Math.min(columns, Math.max(...bands.map((b) => b.length))) * CELL.width,
    height: rows * CELL.height + (bands.length - 1) * BAND_GAP,
  };
}

function place(block: Block, left: number, top: number, positions: Record<string, Point>): void {
  let y = top;
  for (const band of bandsOf(block.nodes)) {
    band.forEach((node, index) => {
      positions[node.id] = { x: left + (index % block.columns) * CELL.width + CELL.width / 2, y: y + Math.floor(index / block.columns) * CELL.height + CELL.height / 2 };
    });
    y += Math.ceil(band.length / block.columns) * CELL.height + BAND_GAP;
  }
}
